#include "domain/deadline.hpp"

#include <gtest/gtest.h>

#include "domain/test_calendar.hpp"

namespace lw::domain {
namespace {

using namespace std::chrono;

using test_data::at;
using test_data::calendar_2026;

// JL-1.3: hours are wall-clock, whatever the calendar says about the day.
TEST(Deadline, JL_1_3_HourDeadlinesAreWallClockThroughNightsAndHolidays) {
  const auto cal = calendar_2026();
  struct Case {
    const char* start;
    int hours;
    const char* due;
  } cases[] = {
      {"2026-10-01T16:00:00+08:00", 2, "2026-10-01T18:00:00.000000+08:00"},  // National Day
      {"2026-09-30T23:00:00+08:00", 2, "2026-10-01T01:00:00.000000+08:00"},  // over midnight
      {"2026-02-14T22:30:00+08:00", 2, "2026-02-15T00:30:00.000000+08:00"},  // into a holiday
      {"2026-03-01T15:00:00Z", 2, "2026-03-02T01:00:00.000000+08:00"},       // UTC in, Shanghai out
  };
  for (const auto& c : cases) {
    const auto d = deadline_after(cal, at(c.start), Period::hours(c.hours));
    EXPECT_EQ(format_shanghai(d.due), c.due) << c.start;
    EXPECT_FALSE(d.assumed());
  }
  const auto d = deadline_after(cal, at("2026-10-01T16:00:00+08:00"), Period::hours(2));
  EXPECT_FALSE(d.passed_at(at("2026-10-01T18:00:00+08:00")));  // exactly on the hour: on time
  EXPECT_TRUE(d.passed_at(at("2026-10-01T18:00:00.000001+08:00")));
  EXPECT_EQ(
      format_shanghai(deadline_before(cal, at("2026-10-01T01:00:00+08:00"), Period::hours(2)).due),
      "2026-09-30T23:00:00.000000+08:00");
}

// JJ-3.3: a contract signed on Thu 12 Feb 2026 is due by the end of Thu 26 Feb.
TEST(Deadline, JJ_3_3_WorkingDayDeadlinesEndWithTheirLocalDay) {
  const auto cal = calendar_2026();
  const auto d = deadline_after(cal, at("2026-02-12T17:45:00+08:00"), Period::working_days(5));
  EXPECT_EQ(format_shanghai(d.due), "2026-02-26T23:59:59.999999+08:00");
  EXPECT_FALSE(d.passed_at(at("2026-02-26T23:59:59.999999+08:00")));
  EXPECT_TRUE(d.passed_at(at("2026-02-27T00:00:00+08:00")));
  // 15:59 UTC on 26 Feb is 23:59 in Shanghai: on time; 16:00 UTC is the next day: late.
  EXPECT_FALSE(d.passed_at(at("2026-02-26T15:59:00Z")));
  EXPECT_TRUE(d.passed_at(at("2026-02-26T16:00:00Z")));
}

// JJ-3.3: the plan is due 3 working days before the planned start. Counting back from Tue 13
// Oct 2026: Mon 12, Sat 10 (a makeup working day), Fri 9.
TEST(Deadline, JJ_3_3_PlanDeadlineCountsBackOverMakeupDays) {
  const auto cal = calendar_2026();
  const auto d = deadline_before(cal, at("2026-10-13T09:00:00+08:00"), Period::working_days(3));
  EXPECT_EQ(format_shanghai(d.due), "2026-10-09T23:59:59.999999+08:00");
  // Across the holiday: start Thu 8 Oct, three before are Wed 30 Sep, Tue 29, Mon 28.
  EXPECT_EQ(format_shanghai(
                deadline_before(cal, at("2026-10-08T09:00:00+08:00"), Period::working_days(3)).due),
            "2026-09-28T23:59:59.999999+08:00");
}

TEST(Deadline, AWorkingDayDeadlineInAnUncoveredYearIsFlagged) {
  const auto cal = calendar_2026();
  const auto d = deadline_after(cal, at("2026-12-30T10:00:00+08:00"), Period::working_days(3));
  EXPECT_EQ(format_shanghai(d.due), "2027-01-04T23:59:59.999999+08:00");
  EXPECT_TRUE(d.assumed());
  EXPECT_EQ(d.uncovered_years, std::vector<int>{2027});
}

}  // namespace
}  // namespace lw::domain
