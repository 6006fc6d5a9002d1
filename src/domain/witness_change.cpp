#include "domain/witness_change.hpp"

#include <algorithm>
#include <set>

#include "domain/deadline.hpp"

namespace lw::domain {

WitnessChangeVerdict judge_witness_change(const PolicyVersion& version,
                                          const WorkCalendar& calendar, Instant filed_at,
                                          Instant effective_at) {
  const auto& rule = version.witness_change;
  const Period period = Period::working_days(rule.working_days);
  Deadline deadline = rule.timing == WitnessChangeRule::Timing::in_advance
                          ? deadline_before(calendar, effective_at, period)
                          : deadline_after(calendar, effective_at, period);
  WitnessChangeVerdict verdict;
  verdict.due = deadline.due;
  verdict.on_time = !deadline.passed_at(filed_at);
  std::set<int> uncovered(deadline.uncovered_years.begin(), deadline.uncovered_years.end());
  if (!verdict.on_time) {
    auto late = calendar.working_days_between(shanghai_date(deadline.due), shanghai_date(filed_at));
    verdict.late_by_working_days = std::max(1, late.value);
    uncovered.insert(late.uncovered_years.begin(), late.uncovered_years.end());
  }
  verdict.uncovered_years.assign(uncovered.begin(), uncovered.end());
  return verdict;
}

}  // namespace lw::domain
