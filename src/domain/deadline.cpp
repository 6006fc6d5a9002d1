#include "domain/deadline.hpp"

namespace lw::domain {
namespace {

Deadline shifted(const WorkCalendar& calendar, Instant at, Period period, int sign) {
  if (period.unit == PeriodUnit::hours) {
    return {at + sign * std::chrono::hours{period.amount}, {}};
  }
  auto day = calendar.add_working_days(shanghai_date(at), sign * period.amount);
  return {shanghai_end_of_day(day.value), std::move(day.uncovered_years)};
}

}  // namespace

Deadline deadline_after(const WorkCalendar& calendar, Instant start, Period period) {
  return shifted(calendar, start, period, 1);
}

Deadline deadline_before(const WorkCalendar& calendar, Instant event, Period period) {
  return shifted(calendar, event, period, -1);
}

}  // namespace lw::domain
