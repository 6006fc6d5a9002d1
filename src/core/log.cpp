#include "core/log.hpp"

#include <atomic>
#include <cstdio>

#include <boost/json/serialize.hpp>

#include "core/clock.hpp"

namespace lw::log {
namespace {

std::atomic<Level> g_level{Level::info};

std::string_view name(Level level) {
  switch (level) {
    case Level::debug:
      return "debug";
    case Level::info:
      return "info";
    case Level::warn:
      return "warn";
    case Level::error:
      return "error";
  }
  return "info";
}

}  // namespace

void set_level(Level level) {
  g_level = level;
}
bool enabled(Level level) {
  return level >= g_level.load();
}

void write(Level level, std::string_view event, boost::json::object fields) {
  if (!enabled(level)) {
    return;
  }
  boost::json::object line;
  line["ts"] = format_utc(SystemClock{}.now());
  line["level"] = name(level);
  line["event"] = event;
  for (auto& kv : fields) {
    line[kv.key()] = std::move(kv.value());
  }
  std::string text = boost::json::serialize(line);
  text += '\n';
  std::fwrite(text.data(), 1, text.size(), stderr);  // one call: lines do not interleave
}

}  // namespace lw::log
