#include "domain/calendar.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "core/log.hpp"
#include "domain/test_calendar.hpp"

// The mechanics of the calendar on a hand-made table; the shipped 2024-2026 files are checked
// case by case in policy/shipped_calendar_test.cpp.
namespace lw::domain {
namespace {

using namespace std::chrono;  // 2026y / February / 12
using test_data::at;
using test_data::calendar_2026;
using test_data::rows_2026;

TEST(Calendar, ShanghaiDatesOfInstants) {
  EXPECT_EQ(shanghai_date(at("2026-02-12T15:59:59.999999Z")), 2026y / February / 12);
  EXPECT_EQ(shanghai_date(at("2026-02-12T16:00:00Z")), 2026y / February / 13);
  EXPECT_EQ(format_shanghai(shanghai_start_of_day(2026y / February / 13)),
            "2026-02-13T00:00:00.000000+08:00");
  EXPECT_EQ(format_shanghai(shanghai_end_of_day(2026y / February / 26)),
            "2026-02-26T23:59:59.999999+08:00");
  EXPECT_EQ(format_date(2026y / March / 9), "2026-03-09");
}

TEST(Calendar, DayKindsFollowTheTableThenTheWeekday) {
  const auto cal = calendar_2026();
  EXPECT_EQ(cal.day_kind(2026y / February / 13).value, DayKind::workday);         // Fri
  EXPECT_EQ(cal.day_kind(2026y / February / 14).value, DayKind::makeup_workday);  // Sat
  EXPECT_EQ(cal.day_kind(2026y / February / 16).value, DayKind::holiday);         // Mon
  EXPECT_EQ(cal.day_kind(2026y / March / 7).value, DayKind::rest_day);            // Sat
  EXPECT_EQ(cal.day_kind(2026y / January / 3).value, DayKind::holiday);           // a Saturday off
  EXPECT_FALSE(cal.day_kind(2026y / March / 7).assumed());
}

struct AddCase {
  Date from;
  int n;
  Date expected;
};

// JJ-3.3 counts "5 working days" from the day after signing; the day itself never counts.
TEST(Calendar, JJ_3_3_NWorkingDaysAfterADayIsTheNthWorkingDayStrictlyAfterIt) {
  const auto cal = calendar_2026();
  const AddCase cases[] = {
      // Sat 14 Feb works, 15-23 Feb are off.
      {2026y / February / 12, 5, 2026y / February / 26},
      // Sat 10 Oct is a makeup working day.
      {2026y / September / 28, 5, 2026y / October / 10},
      {2026y / February / 13, 1, 2026y / February / 14},
      {2026y / February / 14, 1, 2026y / February / 24},
      // From a day off: the next working day is the first.
      {2026y / February / 15, 1, 2026y / February / 24},
      {2026y / January / 2, 1, 2026y / January / 4},
      {2026y / March / 6, 1, 2026y / March / 9},
      {2026y / March / 6, 0, 2026y / March / 6},
      // Backwards: the N-th working day strictly before.
      {2026y / February / 26, -5, 2026y / February / 12},
      {2026y / October / 10, -5, 2026y / September / 28},
      {2026y / February / 24, -1, 2026y / February / 14},
  };
  for (const auto& c : cases) {
    const auto got = cal.add_working_days(c.from, c.n);
    EXPECT_EQ(got.value, c.expected) << format_date(c.from) << " " << c.n;
    EXPECT_FALSE(got.assumed());
  }
}

TEST(Calendar, CountingBetweenTwoInstantsUsesTheirShanghaiDates) {
  const auto cal = calendar_2026();
  // Thu 12 Feb 09:00 to Thu 26 Feb 08:00: 13, 14, 24, 25, 26 Feb.
  EXPECT_EQ(
      cal.working_days_between(at("2026-02-12T09:00:00+08:00"), at("2026-02-26T08:00:00+08:00"))
          .value,
      5);
  EXPECT_EQ(
      cal.working_days_between(at("2026-02-26T08:00:00+08:00"), at("2026-02-12T09:00:00+08:00"))
          .value,
      -5);
  // 23:30 UTC on 12 Feb is already 13 Feb in Shanghai.
  EXPECT_EQ(
      cal.working_days_between(at("2026-02-12T10:00:00+08:00"), at("2026-02-12T23:30:00Z")).value,
      1);
  EXPECT_EQ(
      cal.working_days_between(at("2026-02-13T08:00:00+08:00"), at("2026-02-13T23:00:00+08:00"))
          .value,
      0);
  // The whole Spring Festival is off.
  EXPECT_EQ(
      cal.working_days_between(Date{2026y / February / 14}, Date{2026y / February / 23}).value, 0);
}

// The two operations agree: counting from D to the N-th working day after D gives N (N >= 0;
// backwards the count includes D only when D is a working day).
TEST(Calendar, CountingUndoesAdding) {
  const auto cal = calendar_2026();
  for (auto d = sys_days{2026y / January / 1}; d < sys_days{2026y / December / 1}; d += days{1}) {
    for (int n : {0, 1, 3, 5, 10}) {
      const Date from{d};
      const Date to = cal.add_working_days(from, n).value;
      ASSERT_EQ(cal.working_days_between(from, to).value, n) << format_date(from) << " " << n;
    }
  }
}

TEST(Calendar, AYearTheTableDoesNotCoverIsAssumedFlaggedAndLogged) {
  const auto cal = calendar_2026();
  testing::internal::CaptureStderr();
  // Thu 31 Dec 2026, then 2027 by weekday alone: Fri 1 Jan counts (unknown holiday), Mon 4 Jan.
  const auto got = cal.add_working_days(2026y / December / 30, 3);
  log::flush();
  const std::string logged = testing::internal::GetCapturedStderr();
  EXPECT_EQ(got.value, 2027y / January / 4);
  EXPECT_TRUE(got.assumed());
  EXPECT_EQ(got.uncovered_years, std::vector<int>{2027});
  EXPECT_THAT(logged, testing::HasSubstr("calendar_year_uncovered"));
  EXPECT_THAT(logged, testing::HasSubstr("2027"));

  const auto between =
      cal.working_days_between(Date{2025y / December / 31}, Date{2027y / January / 5});
  EXPECT_EQ(between.uncovered_years, (std::vector<int>{2027}));
  EXPECT_EQ(cal.working_days_between(Date{2025y / December / 31}, Date{2026y / January / 5})
                .uncovered_years,
            std::vector<int>{});
  EXPECT_EQ(cal.day_kind(2024y / May / 1).uncovered_years, std::vector<int>{2024});
  EXPECT_TRUE(WorkCalendar{}.add_working_days(2026y / March / 2, 1).assumed());
}

TEST(Calendar, ABadYearIsRefusedNamingTheKey) {
  auto expect_refused = [](const CalendarYear& y, const char* key) {
    const auto st = validate_calendar_year(y);
    ASSERT_FALSE(st) << key;
    EXPECT_EQ(st.error().code, errc::invalid_argument);
    EXPECT_TRUE(st.error().details.at("fields").as_object().contains(key)) << st.error().note;
  };
  EXPECT_TRUE(validate_calendar_year(rows_2026()));

  auto y = rows_2026();
  y.holidays[1].makeup_workdays[0] = 2026y / February / 13;  // a Friday
  expect_refused(y, "holidays[1].makeup_workdays[0]");

  y = rows_2026();
  y.holidays[2].last_off = 2026y / September / 30;  // before the first day off
  expect_refused(y, "holidays[2].off");

  y = rows_2026();
  y.holidays[2].first_off = 2027y / October / 1;  // a different year
  expect_refused(y, "holidays[2].off");

  y = rows_2026();
  y.holidays[2].makeup_workdays.push_back(2026y / February / 21);  // a Saturday off
  expect_refused(y, "holidays[2].makeup_workdays[2]");

  y = rows_2026();
  y.holidays[0].name_en.clear();
  expect_refused(y, "holidays[0].name");

  const auto twice = WorkCalendar::make({rows_2026(), rows_2026()});
  ASSERT_FALSE(twice);
  EXPECT_THAT(twice.error().note, testing::HasSubstr("2026 is given twice"));
}

}  // namespace
}  // namespace lw::domain
