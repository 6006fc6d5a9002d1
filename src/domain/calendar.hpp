#pragma once
// The working-day calendar (工作日历): Monday to Friday work, Saturday and Sunday rest, except
// where the State Council's yearly holiday notice (国务院办公厅 部分节假日安排) says otherwise:
// days off (放假) and weekend days made working days (调休上班). The table is data, one file a
// year under policies/calendar/; this file only reckons with it (architecture decision 3).
//
// The counting convention (docs/policies.md, "Counting"):
// - Days are Asia/Shanghai local dates (UTC+08:00 all year: China has no daylight saving).
// - "N working days after day D" is the N-th working day strictly after D; D itself never
//   counts, working day or not. "N working days before D" is the N-th strictly before D.
// - Working days between instants a and b: the working days d with date(a) < d <= date(b);
//   negative when b is before a. So between(D, add(D, N)) == N for every N >= 0.
// - A day of a year the table does not cover is judged by its weekday alone. Every answer lists
//   the years it had to assume that way (uncovered_years) and a warning is logged: a guess is
//   never silent.
#include <chrono>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.hpp"
#include "core/result.hpp"

namespace lw::domain {

/// A local calendar date (Asia/Shanghai when it comes from an instant).
using Date = std::chrono::year_month_day;

/// The Asia/Shanghai local date of `t`.
Date shanghai_date(Instant t);
/// 00:00:00 Asia/Shanghai on `d`.
Instant shanghai_start_of_day(Date d);
/// 23:59:59.999999 Asia/Shanghai on `d`: the last instant of that local day.
Instant shanghai_end_of_day(Date d);
/// YYYY-MM-DD.
std::string format_date(Date d);
/// A real date written YYYY-MM-DD (years 1900-2999); nothing otherwise.
std::optional<Date> parse_date(std::string_view text);

/// One holiday of a year's notice: a run of days off and the weekend days worked instead.
struct Holiday {
  std::string name_zh;                // 春节
  std::string name_en;                // Spring Festival
  Date first_off{};                   // inclusive
  Date last_off{};                    // inclusive
  std::vector<Date> makeup_workdays;  // Saturdays and Sundays that are working days (调休上班)
};

/// The rows of one year's notice.
struct CalendarYear {
  int year = 0;
  std::string source;  // the notice they come from
  std::vector<Holiday> holidays;
};

/// Checks one year on its own, naming the bad key as the calendar file spells it
/// ("holidays[1].off", "holidays[0].makeup_workdays[1]"): runs in order and at most 14 days,
/// makeup days on a Saturday or Sunday, every date in the year or the month either side of it
/// (a New Year holiday may start on 30 December), no day both off and worked.
Status validate_calendar_year(const CalendarYear& year);

enum class DayKind {
  workday,         // Monday to Friday
  rest_day,        // Saturday or Sunday
  holiday,         // a day off of a holiday (放假)
  makeup_workday,  // a weekend day made a working day (调休上班)
};

bool is_working(DayKind kind);

/// A value reckoned with the calendar, with the years it had to assume (weekends only).
template <class T>
struct Reckoned {
  T value{};
  std::vector<int> uncovered_years;  // ascending, distinct; empty when all came from the table

  bool assumed() const { return !uncovered_years.empty(); }
};

class WorkCalendar {
 public:
  /// Covers no year: every answer is by weekday and flagged.
  WorkCalendar() = default;
  /// The calendar of these years: each valid on its own (validate_calendar_year), no year
  /// twice, and no date listed by two years.
  static Result<WorkCalendar> make(std::vector<CalendarYear> years);

  bool covers(int year) const { return covered_.contains(year); }
  /// The years loaded, ascending.
  const std::vector<CalendarYear>& years() const { return years_; }

  Reckoned<DayKind> day_kind(Date d) const;
  /// The N-th working day strictly after `from` (N > 0), strictly before it (N < 0), or `from`
  /// itself (N == 0). |N| is a policy value, validated far below a century.
  Reckoned<Date> add_working_days(Date from, int n) const;
  /// Working days d with from < d <= to; negative when `to` is before `from`.
  Reckoned<int> working_days_between(Date from, Date to) const;
  /// The same on the Asia/Shanghai dates of two instants.
  Reckoned<int> working_days_between(Instant from, Instant to) const;

 private:
  DayKind kind_of(std::chrono::sys_days d, std::set<int>& uncovered) const;

  std::vector<CalendarYear> years_;
  std::set<int> covered_;
  std::map<std::chrono::sys_days, DayKind> exceptions_;  // holidays and makeup working days
};

}  // namespace lw::domain
