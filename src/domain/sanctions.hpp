#pragma once
// Graded handling of violations (分级处置, JL-3.1) and what the trial period spares (JL-5): pure
// functions of a party's confirmed violations and the policy version's values
// (policy.hpp SanctionLadder, TrialPeriod), so every sequence is a table-driven test.
#include <vector>

#include "core/clock.hpp"
#include "domain/policy.hpp"

namespace lw::domain {

/// One confirmed violation of a party, as the ladder counts it.
struct CountedViolation {
  Instant occurred_at{};
  Severity severity = Severity::minor;
  bool late_reupload = false;  // 补传: data uploaded after its deadline had passed
  bool spared = false;         // JL-5: spared by the trial period (counts_toward_credit false)
};

/// The steps of the ladder, each including the ones before it.
enum class SanctionStep {
  none,
  warning_talk,   // 约谈提醒
  rectification,  // 限期整改
  penalty,        // 行政处罚并记不良信用记录
};

/// The step a party has reached at `at`: its violations within the ladder's window ending at
/// `at` (occurred after `at` minus count_window_months; spared ones left out) —
/// penalty_at_violations of them, or a failed rectification when the policy says so → penalty;
/// rectification_at_violations, rectification_at_late_reuploads late re-uploads, or a serious
/// one → rectification; warning_at_violations → warning talk. A serious violation skips the
/// talk: the notice gives the talk for "the first minor violation" (首次轻微违规) and is silent on
/// serious ones, so they start at rectification (platform default).
SanctionStep sanction_step(const SanctionLadder& ladder,
                           const std::vector<CountedViolation>& violations, Instant at,
                           bool rectification_failed);

/// JL-5: whether a violation counts toward credit and the ladder. Under a trial version in
/// force when it occurred, an unintentional missed or late upload rectified after a talk does
/// not (it stays visible, marked); everything else does.
bool counts_toward_credit(const PolicyVersion& in_force_then, Instant occurred_at,
                          bool unintentional_upload_miss, bool rectified_after_talk);

}  // namespace lw::domain
