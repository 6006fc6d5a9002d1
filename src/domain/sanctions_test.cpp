// The sanction ladder (JL-3.1) as table-driven sequences of violations, with the Jilin notice's
// values (policies/jilin-2026-2.toml [versions.sanctions], checked against the file in
// policy/policy_files_test.cpp).
#include "domain/sanctions.hpp"

#include <gtest/gtest.h>

#include <string>

namespace lw::domain {
namespace {

using namespace std::chrono;

// warning at 1, rectification at 2 or at 2 late re-uploads, penalty at 3 or a failed
// rectification, counted over 12 months.
const SanctionLadder kJilin{1, 2, 2, 3, true, 12};

Instant on(Date d) {
  return shanghai_start_of_day(d) + hours(10);
}

CountedViolation minor(Date d) {
  return {on(d), Severity::minor, false, false};
}
CountedViolation late_reupload(Date d) {
  return {on(d), Severity::minor, true, false};
}
CountedViolation serious(Date d) {
  return {on(d), Severity::serious, false, false};
}
CountedViolation spared(Date d) {
  return {on(d), Severity::minor, false, true};
}

struct Sequence {
  std::string what;
  SanctionLadder ladder;
  std::vector<CountedViolation> violations;
  bool rectification_failed;
  SanctionStep expected;
};

TEST(SanctionLadder, JL_3_1_SequencesOfViolationsReachTheirSteps) {
  constexpr Date d1 = 2026y / August / 3d;
  constexpr Date d2 = 2026y / September / 7d;
  constexpr Date d3 = 2026y / October / 12d;
  SanctionLadder reuploads_only = kJilin;  // the re-upload rule alone
  reuploads_only.rectification_at_violations = 5;
  reuploads_only.penalty_at_violations = 6;
  const std::vector<Sequence> table = {
      {"no violation", kJilin, {}, false, SanctionStep::none},
      {"first minor violation: a warning talk",
       kJilin,
       {minor(d1)},
       false,
       SanctionStep::warning_talk},
      {"a second violation: rectification",
       kJilin,
       {minor(d1), minor(d2)},
       false,
       SanctionStep::rectification},
      {"more than one late re-upload: rectification",
       reuploads_only,
       {late_reupload(d1), late_reupload(d2)},
       false,
       SanctionStep::rectification},
      {"one late re-upload: a talk",
       reuploads_only,
       {late_reupload(d1)},
       false,
       SanctionStep::warning_talk},
      {"a failed rectification: penalty and bad credit",
       kJilin,
       {minor(d1), minor(d2)},
       true,
       SanctionStep::penalty},
      {"repeated violations: penalty",
       kJilin,
       {minor(d1), minor(d2), minor(d3)},
       false,
       SanctionStep::penalty},
      {"a serious first violation skips the talk",
       kJilin,
       {serious(d1)},
       false,
       SanctionStep::rectification},
      {"spared by the trial period: not counted",
       kJilin,
       {spared(d1), minor(d2)},
       false,
       SanctionStep::warning_talk},
      {"older than the window: not counted",
       kJilin,
       {minor(2025y / October / 12d), minor(d3)},
       false,
       SanctionStep::warning_talk},
      {"on the window's first day: counted",
       kJilin,
       {minor(2025y / October / 13d), minor(d3)},
       false,
       SanctionStep::rectification},
      {"no failed-rectification rule: still rectification",
       SanctionLadder{1, 2, 2, 3, false, 12},
       {minor(d1), minor(d2)},
       true,
       SanctionStep::rectification},
  };
  for (const auto& s : table) {
    EXPECT_EQ(sanction_step(s.ladder, s.violations, on(d3), s.rectification_failed), s.expected)
        << s.what;
  }
}

TEST(SanctionLadder, JL_3_1_ALaterViolationDoesNotCountBeforeItHappened) {
  const std::vector<CountedViolation> v{minor(2026y / August / 3d), minor(2026y / September / 7d)};
  EXPECT_EQ(sanction_step(kJilin, v, on(2026y / August / 20d), false), SanctionStep::warning_talk);
  EXPECT_EQ(sanction_step(kJilin, v, on(2026y / September / 7d), false),
            SanctionStep::rectification);
}

}  // namespace
}  // namespace lw::domain
