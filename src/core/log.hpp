#pragma once
// Structured logs: one JSON object per line on stderr, so operators can ship them as they are.
#include <string_view>

#include <boost/json/object.hpp>

namespace lw::log {

enum class Level { debug, info, warn, error };

void set_level(Level level);
bool enabled(Level level);
/// Writes everything logged so far (also done every 100 ms and at exit).
void flush();
/// Logs {"ts":…, "level":…, "event": event, …fields} as one line; info and debug lines are
/// written in batches by a background thread, warnings and errors at once.
void write(Level level, std::string_view event, boost::json::object fields = {});

inline void info(std::string_view event, boost::json::object fields = {}) {
  write(Level::info, event, std::move(fields));
}
inline void warn(std::string_view event, boost::json::object fields = {}) {
  write(Level::warn, event, std::move(fields));
}
inline void error(std::string_view event, boost::json::object fields = {}) {
  write(Level::error, event, std::move(fields));
}

}  // namespace lw::log
