#include "domain/calendar.hpp"

#include <algorithm>
#include <cstdio>

#include <boost/json/array.hpp>

#include "core/log.hpp"

namespace lw::domain {
namespace {

using std::chrono::days;
using std::chrono::sys_days;

constexpr std::chrono::hours kShanghaiOffset{8};
// The longest run of days off a notice has set is 10 (Spring Festival 2020, extended); a longer
// run in a file is a typing error.
constexpr int kMaxHolidayDays = 14;

bool is_weekend(sys_days d) {
  const std::chrono::weekday w{d};
  return w == std::chrono::Saturday || w == std::chrono::Sunday;
}

int year_of(sys_days d) {
  return static_cast<int>(Date{d}.year());
}

// A notice lists the days of its year, and sometimes the end of December before (a New Year
// holiday from 30 December) or the start of January after.
bool near_year(Date d, int year) {
  const Date first{std::chrono::year{year - 1}, std::chrono::December, std::chrono::day{1}};
  const Date last{std::chrono::year{year + 1}, std::chrono::January, std::chrono::day{31}};
  return d.ok() && d >= first && d <= last;
}

void log_uncovered(const std::vector<int>& years, std::string_view computation,
                   std::string_view subject) {
  if (years.empty()) {
    return;
  }
  boost::json::array list;
  for (int y : years) {
    list.emplace_back(y);
  }
  log::warn("calendar_year_uncovered", {{"years", std::move(list)},
                                        {"computation", computation},
                                        {"subject", subject},
                                        {"assumed", "Monday-Friday work, Saturday-Sunday rest"}});
}

template <class T>
Reckoned<T> reckoned(T value, const std::set<int>& uncovered, std::string_view computation,
                     std::string_view subject) {
  Reckoned<T> r{std::move(value), {uncovered.begin(), uncovered.end()}};
  log_uncovered(r.uncovered_years, computation, subject);
  return r;
}

}  // namespace

Date shanghai_date(Instant t) {
  return Date{std::chrono::floor<days>(t + kShanghaiOffset)};
}

Instant shanghai_start_of_day(Date d) {
  return std::chrono::time_point_cast<Micros>(sys_days{d} - kShanghaiOffset);
}

Instant shanghai_end_of_day(Date d) {
  return shanghai_start_of_day(Date{sys_days{d} + days{1}}) - Micros{1};
}

std::string format_date(Date d) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", static_cast<int>(d.year()),
                static_cast<unsigned>(d.month()), static_cast<unsigned>(d.day()));
  return buf;
}

std::optional<Date> parse_date(std::string_view t) {
  if (t.size() != 10 || t[4] != '-' || t[7] != '-') {
    return std::nullopt;
  }
  int parts[3] = {0, 0, 0};
  const std::size_t starts[3] = {0, 5, 8};
  const std::size_t lengths[3] = {4, 2, 2};
  for (int i = 0; i < 3; ++i) {
    for (std::size_t j = starts[i]; j < starts[i] + lengths[i]; ++j) {
      if (t[j] < '0' || t[j] > '9') {
        return std::nullopt;
      }
      parts[i] = parts[i] * 10 + (t[j] - '0');
    }
  }
  const Date d{std::chrono::year{parts[0]}, std::chrono::month{static_cast<unsigned>(parts[1])},
               std::chrono::day{static_cast<unsigned>(parts[2])}};
  if (!d.ok() || parts[0] < 1900 || parts[0] > 2999) {
    return std::nullopt;
  }
  return d;
}

Status validate_calendar_year(const CalendarYear& y) {
  if (y.year < 1990 || y.year > 2999) {
    return field_error("year", "a year from 1990 to 2999");
  }
  if (y.source.empty()) {
    return field_error("source", "required: the notice the rows come from");
  }
  std::set<sys_days> seen;
  for (std::size_t i = 0; i < y.holidays.size(); ++i) {
    const Holiday& h = y.holidays[i];
    const std::string key = "holidays[" + std::to_string(i) + "]";
    if (h.name_zh.empty() || h.name_en.empty()) {
      return field_error(key + ".name", "required: zh and en");
    }
    if (!near_year(h.first_off, y.year) || !near_year(h.last_off, y.year)) {
      return field_error(key + ".off",
                         "dates in " + std::to_string(y.year) + " or the month either side of it");
    }
    const auto first = sys_days{h.first_off};
    const auto last = sys_days{h.last_off};
    if (last < first || (last - first).count() >= kMaxHolidayDays) {
      return field_error(key + ".off", "[first, last] in order, at most " +
                                           std::to_string(kMaxHolidayDays) + " days");
    }
    for (auto d = first; d <= last; d += days{1}) {
      if (!seen.insert(d).second) {
        return field_error(key + ".off", format_date(Date{d}) + " is listed twice");
      }
    }
    for (std::size_t j = 0; j < h.makeup_workdays.size(); ++j) {
      const Date m = h.makeup_workdays[j];
      const std::string mkey = key + ".makeup_workdays[" + std::to_string(j) + "]";
      if (!near_year(m, y.year)) {
        return field_error(
            mkey, "a date in " + std::to_string(y.year) + " or the month either side of it");
      }
      if (!is_weekend(sys_days{m})) {
        return field_error(mkey, format_date(m) + " is not a Saturday or Sunday");
      }
      if (!seen.insert(sys_days{m}).second) {
        return field_error(mkey, format_date(m) + " is listed twice");
      }
    }
  }
  return {};
}

bool is_working(DayKind kind) {
  return kind == DayKind::workday || kind == DayKind::makeup_workday;
}

Result<WorkCalendar> WorkCalendar::make(std::vector<CalendarYear> years) {
  std::sort(years.begin(), years.end(),
            [](const CalendarYear& a, const CalendarYear& b) { return a.year < b.year; });
  WorkCalendar cal;
  for (const CalendarYear& y : years) {
    if (auto st = validate_calendar_year(y); !st) {
      Error e = std::move(st).error();
      e.note = std::to_string(y.year) + ": " + e.note;
      return e;
    }
    if (!cal.covered_.insert(y.year).second) {
      return field_error("year", std::to_string(y.year) + " is given twice");
    }
    for (const Holiday& h : y.holidays) {
      auto add = [&](sys_days d, DayKind kind) { return cal.exceptions_.emplace(d, kind).second; };
      for (auto d = sys_days{h.first_off}; d <= sys_days{h.last_off}; d += days{1}) {
        if (!add(d, DayKind::holiday)) {
          return field_error("off", format_date(Date{d}) + " is listed by two years' files");
        }
      }
      for (const Date m : h.makeup_workdays) {
        if (!add(sys_days{m}, DayKind::makeup_workday)) {
          return field_error("makeup_workdays", format_date(m) + " is listed by two years' files");
        }
      }
    }
  }
  cal.years_ = std::move(years);
  return cal;
}

DayKind WorkCalendar::kind_of(sys_days d, std::set<int>& uncovered) const {
  if (!covered_.contains(year_of(d))) {
    uncovered.insert(year_of(d));
  }
  if (auto it = exceptions_.find(d); it != exceptions_.end()) {
    return it->second;
  }
  return is_weekend(d) ? DayKind::rest_day : DayKind::workday;
}

Reckoned<DayKind> WorkCalendar::day_kind(Date d) const {
  std::set<int> uncovered;
  const DayKind kind = kind_of(sys_days{d}, uncovered);
  return reckoned(kind, uncovered, "day_kind", format_date(d));
}

Reckoned<Date> WorkCalendar::add_working_days(Date from, int n) const {
  std::set<int> uncovered;
  const days step{n > 0 ? 1 : -1};
  auto d = sys_days{from};
  for (int left = n > 0 ? n : -n; left > 0;) {
    d += step;
    if (is_working(kind_of(d, uncovered))) {
      --left;
    }
  }
  return reckoned(Date{d}, uncovered, "add_working_days",
                  format_date(from) + (n < 0 ? " " : " +") + std::to_string(n));
}

Reckoned<int> WorkCalendar::working_days_between(Date from, Date to) const {
  std::set<int> uncovered;
  const bool forward = sys_days{from} <= sys_days{to};
  const auto lo = forward ? sys_days{from} : sys_days{to};
  const auto hi = forward ? sys_days{to} : sys_days{from};
  int count = 0;
  for (auto d = lo + days{1}; d <= hi; d += days{1}) {
    if (is_working(kind_of(d, uncovered))) {
      ++count;
    }
  }
  return reckoned(forward ? count : -count, uncovered, "working_days_between",
                  format_date(from) + ".." + format_date(to));
}

Reckoned<int> WorkCalendar::working_days_between(Instant from, Instant to) const {
  return working_days_between(shanghai_date(from), shanghai_date(to));
}

}  // namespace lw::domain
