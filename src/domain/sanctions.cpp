#include "domain/sanctions.hpp"

#include <algorithm>

#include "domain/calendar.hpp"

namespace lw::domain {
namespace {

// The first local day of the window of `months` months ending on `last`: the same day of the
// month that many months back (the month's last day when it has no such day), plus one.
Date window_start(Date last, int months) {
  using namespace std::chrono;
  const year_month back = year_month(last.year(), last.month()) - std::chrono::months(months);
  const day d = std::min(last.day(), (back / std::chrono::last).day());
  return year_month_day(sys_days(back / d) + days(1));
}

}  // namespace

SanctionStep sanction_step(const SanctionLadder& ladder,
                           const std::vector<CountedViolation>& violations, Instant at,
                           bool rectification_failed) {
  const Date last = shanghai_date(at);
  const Date first = window_start(last, ladder.count_window_months);
  int counted = 0;
  int late_reuploads = 0;
  bool serious = false;
  for (const auto& v : violations) {
    const Date on = shanghai_date(v.occurred_at);
    if (v.spared || on < first || on > last) {
      continue;
    }
    ++counted;
    late_reuploads += v.late_reupload ? 1 : 0;
    serious = serious || v.severity == Severity::serious;
  }
  const auto reached = [](int count, int threshold) { return threshold > 0 && count >= threshold; };
  if ((rectification_failed && ladder.penalty_on_failed_rectification) ||
      reached(counted, ladder.penalty_at_violations)) {
    return SanctionStep::penalty;
  }
  if (serious || reached(counted, ladder.rectification_at_violations) ||
      reached(late_reuploads, ladder.rectification_at_late_reuploads)) {
    return SanctionStep::rectification;
  }
  if (reached(counted, ladder.warning_at_violations)) {
    return SanctionStep::warning_talk;
  }
  return SanctionStep::none;
}

bool counts_toward_credit(const PolicyVersion& in_force_then, Instant occurred_at,
                          bool unintentional_upload_miss, bool rectified_after_talk) {
  return !(unintentional_upload_miss && rectified_after_talk &&
           trial_exempts(in_force_then, occurred_at));
}

}  // namespace lw::domain
