#include "core/log.hpp"

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <mutex>
#include <string>
#include <thread>

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

// Lines are gathered and written to stderr by one thread, a batch at a time, so that request
// threads never wait on the terminal or a pipe. Warnings and errors are written at once.
class Sink {
 public:
  Sink() : thread_([this] { run(); }) {}
  ~Sink() {
    {
      std::lock_guard lock(mu_);
      stopping_ = true;
    }
    cv_.notify_one();
    thread_.join();
  }

  void append(std::string line, bool urgent) {
    std::unique_lock lock(mu_);
    pending_ += line;
    if (urgent) {
      write_out(lock);
    } else if (pending_.size() >= kFlushBytes) {
      cv_.notify_one();
    }
  }

  void flush() {
    std::unique_lock lock(mu_);
    write_out(lock);
  }

 private:
  static constexpr std::size_t kFlushBytes = 64 * 1024;
  static constexpr std::chrono::milliseconds kFlushEvery{100};

  void write_out(std::unique_lock<std::mutex>&) {
    if (!pending_.empty()) {
      std::fwrite(pending_.data(), 1, pending_.size(), stderr);
      std::fflush(stderr);
      pending_.clear();
    }
  }

  void run() {
    std::unique_lock lock(mu_);
    while (!stopping_) {
      cv_.wait_for(lock, kFlushEvery,
                   [this] { return stopping_ || pending_.size() >= kFlushBytes; });
      write_out(lock);
    }
    write_out(lock);
  }

  std::mutex mu_;
  std::condition_variable cv_;
  std::string pending_;
  bool stopping_ = false;
  std::thread thread_;
};

Sink& sink() {
  static Sink s;  // flushed and joined at exit
  return s;
}

}  // namespace

void set_level(Level level) {
  g_level = level;
}
bool enabled(Level level) {
  return level >= g_level.load();
}
void flush() {
  sink().flush();
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
  sink().append(std::move(text), level >= Level::warn);
}

}  // namespace lw::log
