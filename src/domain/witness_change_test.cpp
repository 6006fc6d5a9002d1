#include "domain/witness_change.hpp"

#include <gtest/gtest.h>

#include "domain/test_calendar.hpp"

namespace lw::domain {
namespace {

using namespace std::chrono;

using test_data::at;
using test_data::calendar_2026;

PolicyVersion with_rule(WitnessChangeRule::Timing timing, int working_days) {
  PolicyVersion v;
  v.witness_change = {timing, working_days};
  return v;
}

struct Case {
  const char* filed;
  const char* effective;
  bool on_time;
  int late_by;
  const char* due;
};

// JJ-4.3: a replacement is reported 3 working days in advance.
TEST(WitnessChange, JJ_4_3_InAdvanceIsDueTheThirdWorkingDayBefore) {
  const auto cal = calendar_2026();
  const auto v = with_rule(WitnessChangeRule::Timing::in_advance, 3);
  const Case cases[] = {
      // Effective Thu 12 Mar: due the end of Mon 9 Mar.
      {"2026-03-09T23:59:00+08:00", "2026-03-12T08:00:00+08:00", true, 0,
       "2026-03-09T23:59:59.999999+08:00"},
      {"2026-03-06T10:00:00+08:00", "2026-03-12T08:00:00+08:00", true, 0,
       "2026-03-09T23:59:59.999999+08:00"},
      // Filed Tue 10 Mar, two working days before: one working day late.
      {"2026-03-10T09:00:00+08:00", "2026-03-12T08:00:00+08:00", false, 1,
       "2026-03-09T23:59:59.999999+08:00"},
      // Filed on the day of the change: three late.
      {"2026-03-12T07:00:00+08:00", "2026-03-12T08:00:00+08:00", false, 3,
       "2026-03-09T23:59:59.999999+08:00"},
      // Effective Thu 8 Oct, after National Day: due Mon 28 Sep (30, 29, 28 Sep).
      {"2026-09-29T09:00:00+08:00", "2026-10-08T08:00:00+08:00", false, 1,
       "2026-09-28T23:59:59.999999+08:00"},
  };
  for (const auto& c : cases) {
    const auto got = judge_witness_change(v, cal, at(c.filed), at(c.effective));
    EXPECT_EQ(got.on_time, c.on_time) << c.filed;
    EXPECT_EQ(got.late_by_working_days, c.late_by) << c.filed;
    EXPECT_EQ(format_shanghai(got.due), c.due) << c.filed;
    EXPECT_TRUE(got.uncovered_years.empty());
  }
}

// JL-2.2: changes are updated within 3 working days.
TEST(WitnessChange, JL_2_2_AfterIsDueTheThirdWorkingDayAfter) {
  const auto cal = calendar_2026();
  const auto v = with_rule(WitnessChangeRule::Timing::after, 3);
  const Case cases[] = {
      // Effective Wed 30 Sep: 8, 9, 10 Oct (Sat, a makeup working day).
      {"2026-10-10T20:00:00+08:00", "2026-09-30T10:00:00+08:00", true, 0,
       "2026-10-10T23:59:59.999999+08:00"},
      // Before the change takes effect: on time.
      {"2026-09-25T10:00:00+08:00", "2026-09-30T10:00:00+08:00", true, 0,
       "2026-10-10T23:59:59.999999+08:00"},
      // Sun 11 Oct, the day after the deadline, is a rest day: still one working day late.
      {"2026-10-11T10:00:00+08:00", "2026-09-30T10:00:00+08:00", false, 1,
       "2026-10-10T23:59:59.999999+08:00"},
      {"2026-10-12T10:00:00+08:00", "2026-09-30T10:00:00+08:00", false, 1,
       "2026-10-10T23:59:59.999999+08:00"},
      {"2026-10-13T10:00:00+08:00", "2026-09-30T10:00:00+08:00", false, 2,
       "2026-10-10T23:59:59.999999+08:00"},
  };
  for (const auto& c : cases) {
    const auto got = judge_witness_change(v, cal, at(c.filed), at(c.effective));
    EXPECT_EQ(got.on_time, c.on_time) << c.filed;
    EXPECT_EQ(got.late_by_working_days, c.late_by) << c.filed;
    EXPECT_EQ(format_shanghai(got.due), c.due) << c.filed;
  }
}

TEST(WitnessChange, AJudgementInAnUncoveredYearIsFlagged) {
  const auto got =
      judge_witness_change(with_rule(WitnessChangeRule::Timing::after, 3), calendar_2026(),
                           at("2027-01-20T10:00:00+08:00"), at("2026-12-30T10:00:00+08:00"));
  EXPECT_FALSE(got.on_time);
  EXPECT_EQ(got.uncovered_years, std::vector<int>{2027});
}

}  // namespace
}  // namespace lw::domain
