#pragma once
// Deadlines as the notices write them: in hours ("2 hours after finishing the on-site test",
// JL-1.3) or in working days ("within 5 working days of signing", JJ-3.3). The server's clock
// decides (architecture decision 2): a deadline has passed when the server time is after `due`.
//
// - Hours are wall-clock: start + N hours, through nights, weekends and holidays alike
//   (2 hours after 2026-10-01 16:00 is 18:00 that day); `due` is that instant, still on time.
// - Working days end with their local day: N working days after an event is due at
//   23:59:59.999999 Asia/Shanghai on the N-th working day strictly after the event's local date
//   (domain/calendar.hpp); N working days before an event, on the N-th working day strictly
//   before it.
#include <vector>

#include "core/clock.hpp"
#include "domain/calendar.hpp"

namespace lw::domain {

enum class PeriodUnit { hours, working_days };

/// A length of time a policy sets: N hours or N working days.
struct Period {
  int amount = 0;
  PeriodUnit unit = PeriodUnit::hours;

  static Period hours(int n) { return {n, PeriodUnit::hours}; }
  static Period working_days(int n) { return {n, PeriodUnit::working_days}; }
};

struct Deadline {
  Instant due{};                     // the last instant that is still on time
  std::vector<int> uncovered_years;  // years the calendar assumed (working-day periods only)

  /// Whether the deadline has passed at server time `now`.
  bool passed_at(Instant now) const { return now > due; }
  bool assumed() const { return !uncovered_years.empty(); }
};

/// The deadline `period` after `start` (a contract upload after signing, an on-site upload
/// after the test).
Deadline deadline_after(const WorkCalendar& calendar, Instant start, Period period);
/// The deadline `period` before `event` (a test plan before the planned start).
Deadline deadline_before(const WorkCalendar& calendar, Instant event, Period period);

}  // namespace lw::domain
