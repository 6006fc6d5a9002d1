#pragma once
// The one seam for time. The server's clock decides every deadline; tests drive a ManualClock
// instead of sleeping.
#include <atomic>
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace lw {

using Micros = std::chrono::microseconds;
/// A UTC instant with microsecond precision; stored as integer microseconds since the epoch.
using Instant = std::chrono::time_point<std::chrono::system_clock, Micros>;

inline std::int64_t to_micros(Instant t) {
  return t.time_since_epoch().count();
}
inline Instant from_micros(std::int64_t us) {
  return Instant{Micros{us}};
}

/// RFC 3339 in UTC, e.g. 2026-11-21T05:10:03.123456Z.
std::string format_utc(Instant t);
/// Parses RFC 3339 (e.g. 2026-11-21T13:10:03+08:00, fractions optional, Z or ±hh:mm).
std::optional<Instant> parse_rfc3339(std::string_view text);
/// RFC 3339 in Asia/Shanghai (UTC+08:00, no daylight saving since 1991), for people.
std::string format_shanghai(Instant t);

class Clock {
 public:
  virtual ~Clock() = default;
  virtual Instant now() const = 0;
};

class SystemClock final : public Clock {
 public:
  Instant now() const override;
};

class ManualClock final : public Clock {
 public:
  explicit ManualClock(Instant start) : now_(to_micros(start)) {}
  Instant now() const override { return from_micros(now_.load()); }
  void advance(Micros d) { now_ += d.count(); }
  void set(Instant t) { now_ = to_micros(t); }

 private:
  std::atomic<std::int64_t> now_;
};

}  // namespace lw
