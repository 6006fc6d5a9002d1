#include "core/clock.hpp"

#include <cstdio>
#include <cstdlib>
#include <ctime>

namespace lw {
namespace {

std::string format_with_offset(Instant t, int offset_minutes) {
  const std::int64_t us = to_micros(t) + std::int64_t{offset_minutes} * 60'000'000;
  std::int64_t secs = us / 1'000'000;
  std::int64_t frac = us % 1'000'000;
  if (frac < 0) {
    frac += 1'000'000;
    --secs;
  }
  const std::time_t tt = static_cast<std::time_t>(secs);
  std::tm tm{};
  gmtime_r(&tt, &tm);
  char zone[16] = "Z";
  if (offset_minutes != 0) {
    std::snprintf(zone, sizeof zone, "%c%02d:%02d", offset_minutes < 0 ? '-' : '+',
                  std::abs(offset_minutes) / 60, std::abs(offset_minutes) % 60);
  }
  char buf[96];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%06lld%s", tm.tm_year + 1900,
                tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec,
                static_cast<long long>(frac), zone);
  return buf;
}

}  // namespace

std::string format_utc(Instant t) {
  return format_with_offset(t, 0);
}
std::string format_shanghai(Instant t) {
  return format_with_offset(t, 8 * 60);
}

std::optional<Instant> parse_rfc3339(std::string_view t) {
  // YYYY-MM-DDTHH:MM:SS[.frac](Z|±HH:MM)
  auto digits = [&](std::size_t pos, std::size_t n, int& out) {
    if (pos + n > t.size()) {
      return false;
    }
    out = 0;
    for (std::size_t i = pos; i < pos + n; ++i) {
      if (t[i] < '0' || t[i] > '9') {
        return false;
      }
      out = out * 10 + (t[i] - '0');
    }
    return true;
  };
  int y, mo, d, h, mi, s;
  if (t.size() < 20 || !digits(0, 4, y) || t[4] != '-' || !digits(5, 2, mo) || t[7] != '-' ||
      !digits(8, 2, d) || (t[10] != 'T' && t[10] != 't' && t[10] != ' ') || !digits(11, 2, h) ||
      t[13] != ':' || !digits(14, 2, mi) || t[16] != ':' || !digits(17, 2, s)) {
    return std::nullopt;
  }
  using namespace std::chrono;
  const year_month_day ymd{year{y}, month{static_cast<unsigned>(mo)},
                           day{static_cast<unsigned>(d)}};
  if (!ymd.ok() || h > 23 || mi > 59 || s > 60) {
    return std::nullopt;
  }
  std::size_t pos = 19;
  std::int64_t frac_us = 0;
  if (pos < t.size() && t[pos] == '.') {
    ++pos;
    std::int64_t scale = 100'000;
    const std::size_t start = pos;
    while (pos < t.size() && t[pos] >= '0' && t[pos] <= '9') {
      frac_us += (t[pos] - '0') * scale;
      scale /= 10;
      ++pos;
    }
    if (pos == start) {
      return std::nullopt;
    }
  }
  int offset_min = 0;
  if (pos < t.size() && (t[pos] == 'Z' || t[pos] == 'z')) {
    ++pos;
  } else if (pos < t.size() && (t[pos] == '+' || t[pos] == '-')) {
    int oh, om;
    if (!digits(pos + 1, 2, oh) || pos + 3 >= t.size() || t[pos + 3] != ':' ||
        !digits(pos + 4, 2, om) || oh > 23 || om > 59) {
      return std::nullopt;
    }
    offset_min = (t[pos] == '+' ? 1 : -1) * (oh * 60 + om);
    pos += 6;
  } else {
    return std::nullopt;
  }
  if (pos != t.size()) {
    return std::nullopt;
  }
  const auto days = sys_days{ymd};
  const auto secs = days + hours{h} + minutes{mi} + seconds{s} - minutes{offset_min};
  return time_point_cast<Micros>(secs) + Micros{frac_us};
}

Instant SystemClock::now() const {
  return std::chrono::time_point_cast<Micros>(std::chrono::system_clock::now());
}

}  // namespace lw
