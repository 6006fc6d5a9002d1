#pragma once
// A replacement of a project's witness or sampler (见证、取样人员变更) must be reported on time:
// N working days before it takes effect under Jiujiang (JJ-4.3, 提前3个工作日报告) or within N
// working days after it under Jilin (JL-2.2, 3个工作日内完成更新注册). The version in force
// decides which; the server's receive time of the notice is the filing time.
#include <vector>

#include "core/clock.hpp"
#include "domain/calendar.hpp"
#include "domain/policy.hpp"

namespace lw::domain {

struct WitnessChangeVerdict {
  bool on_time = false;
  // 0 when on time; otherwise the working days from the due day to the filing day (the filing
  // day counted when it is a working day), at least 1: a notice filed on the Saturday after a
  // Friday deadline is 1 working day late, on the Monday after, 1 as well.
  int late_by_working_days = 0;
  Instant due{};                     // the last on-time instant
  std::vector<int> uncovered_years;  // years the calendar assumed
};

/// Judges a change notice filed at `filed_at` for a change that takes effect at `effective_at`.
/// In advance: due at the end of the N-th working day before the effective date. After: due at
/// the end of the N-th working day after it; filing before the change is on time too.
WitnessChangeVerdict judge_witness_change(const PolicyVersion& version,
                                          const WorkCalendar& calendar, Instant filed_at,
                                          Instant effective_at);

}  // namespace lw::domain
