#include <gtest/gtest.h>

#include "policy/policy_files.hpp"

// The shipped holiday calendar (policies/calendar/cn-2024.toml … cn-2026.toml) against the rows
// of domain-facts.md, through the counting convention of domain/calendar.hpp.
namespace lw::policy {
namespace {

using namespace std::chrono;
using domain::Date;

const domain::WorkCalendar& shipped_calendar() {
  static const auto book = load_policy_dir(std::string(LABWATCH_SOURCE_DIR) + "/policies");
  EXPECT_TRUE(book.ok()) << (book.ok() ? "" : book.error().note);
  return book->calendar();
}

struct AddCase {
  Date from;
  int n;
  Date expected;
  const char* why;
};

void expect_all(const std::vector<AddCase>& cases) {
  for (const auto& c : cases) {
    const auto got = shipped_calendar().add_working_days(c.from, c.n);
    EXPECT_EQ(domain::format_date(got.value), domain::format_date(c.expected))
        << domain::format_date(c.from) << " +" << c.n << ": " << c.why;
    EXPECT_FALSE(got.assumed()) << c.why;
  }
}

TEST(ShippedCalendar, JJ_3_3_WorkingDaysAcross2024) {
  expect_all({
      {2024y / February / 2, 1, 2024y / February / 4, "Sun 4 Feb works"},
      {2024y / February / 9, 1, 2024y / February / 18, "Spring Festival 10-17 Feb, Sun 18 works"},
      {2024y / February / 9, 2, 2024y / February / 19, "then Mon 19 Feb"},
      {2024y / April / 3, 1, 2024y / April / 7, "Qingming 4-6 Apr, Sun 7 works"},
      {2024y / April / 26, 1, 2024y / April / 28, "Sun 28 Apr works"},
      {2024y / April / 30, 1, 2024y / May / 6, "Labour Day 1-5 May"},
      {2024y / May / 10, 1, 2024y / May / 11, "Sat 11 May works"},
      {2024y / June / 7, 1, 2024y / June / 11, "Dragon Boat Mon 10 Jun"},
      {2024y / September / 13, 1, 2024y / September / 14, "Sat 14 Sep works"},
      {2024y / September / 14, 1, 2024y / September / 18, "Mid-Autumn 15-17 Sep"},
      {2024y / September / 27, 1, 2024y / September / 29, "Sun 29 Sep works"},
      {2024y / September / 30, 1, 2024y / October / 8, "National Day 1-7 Oct"},
      {2024y / October / 11, 1, 2024y / October / 12, "Sat 12 Oct works"},
      {2024y / December / 31, 1, 2025y / January / 2, "into 2025: New Year Wed 1 Jan off"},
  });
}

TEST(ShippedCalendar, JJ_3_3_WorkingDaysAcross2025) {
  expect_all({
      {2025y / January / 24, 1, 2025y / January / 26, "Sun 26 Jan works"},
      {2025y / January / 27, 1, 2025y / February / 5, "Spring Festival 28 Jan - 4 Feb"},
      {2025y / February / 7, 1, 2025y / February / 8, "Sat 8 Feb works"},
      {2025y / April / 3, 1, 2025y / April / 7, "Qingming 4-6 Apr"},
      {2025y / April / 25, 1, 2025y / April / 27, "Sun 27 Apr works"},
      {2025y / April / 30, 1, 2025y / May / 6, "Labour Day 1-5 May"},
      {2025y / May / 30, 1, 2025y / June / 3, "Dragon Boat 31 May - 2 Jun"},
      {2025y / September / 26, 1, 2025y / September / 28, "Sun 28 Sep works"},
      {2025y / September / 30, 1, 2025y / October / 9, "National Day + Mid-Autumn 1-8 Oct"},
      {2025y / September / 30, 5, 2025y / October / 14, "9, 10, Sat 11, 13, 14 Oct"},
      {2025y / October / 10, 1, 2025y / October / 11, "Sat 11 Oct works"},
  });
}

TEST(ShippedCalendar, JJ_3_3_WorkingDaysAcross2026) {
  expect_all({
      {2025y / December / 31, 1, 2026y / January / 4, "New Year 1-3 Jan, Sun 4 works"},
      {2026y / February / 12, 5, 2026y / February / 26, "Sat 14 Feb works, 15-23 Feb off"},
      {2026y / February / 27, 1, 2026y / February / 28, "Sat 28 Feb works"},
      {2026y / April / 3, 1, 2026y / April / 7, "Qingming 4-6 Apr"},
      {2026y / April / 30, 1, 2026y / May / 6, "Labour Day 1-5 May"},
      {2026y / May / 8, 1, 2026y / May / 9, "Sat 9 May works"},
      {2026y / June / 18, 1, 2026y / June / 22, "Dragon Boat 19-21 Jun"},
      {2026y / September / 24, 1, 2026y / September / 28, "Mid-Autumn 25-27 Sep"},
      {2026y / September / 18, 1, 2026y / September / 20, "Sun 20 Sep works"},
      {2026y / September / 28, 5, 2026y / October / 10, "National Day 1-7 Oct, Sat 10 works"},
      {2026y / October / 10, -5, 2026y / September / 28, "back over National Day"},
      {2026y / October / 9, -5, 2026y / September / 24, "back over National Day, Mid-Autumn"},
  });
}

TEST(ShippedCalendar, NewYearsDaysAndTheirMakeupDays) {
  using domain::DayKind;
  EXPECT_EQ(shipped_calendar().day_kind(2024y / January / 1).value, DayKind::holiday);
  EXPECT_EQ(shipped_calendar().day_kind(2025y / January / 1).value, DayKind::holiday);
  EXPECT_EQ(shipped_calendar().day_kind(2026y / January / 3).value,
            DayKind::holiday);  // a Saturday
  EXPECT_EQ(shipped_calendar().day_kind(2026y / January / 4).value, DayKind::makeup_workday);
  EXPECT_EQ(shipped_calendar().day_kind(2026y / January / 5).value, DayKind::workday);
  EXPECT_EQ(shipped_calendar().day_kind(2026y / January / 10).value, DayKind::rest_day);
}

// The yearly totals follow from the rows: 2024 has 251 working days, 2025 and 2026 have 248.
TEST(ShippedCalendar, WorkingDaysInEachCoveredYear) {
  for (auto [y, expected] : {std::pair{2024, 251}, {2025, 248}, {2026, 248}}) {
    const auto n = shipped_calendar().working_days_between(Date{year{y - 1} / December / 31},
                                                           Date{year{y} / December / 31});
    EXPECT_EQ(n.value, expected) << y;
    EXPECT_FALSE(n.assumed()) << y;
  }
}

TEST(ShippedCalendar, CountingBetweenInstantsAcrossAHoliday) {
  // Signed Thu 12 Feb 2026 18:00, uploaded Wed 25 Feb 09:00: 13, 14, 24, 25 Feb.
  const auto n = shipped_calendar().working_days_between(
      *parse_rfc3339("2026-02-12T18:00:00+08:00"), *parse_rfc3339("2026-02-25T09:00:00+08:00"));
  EXPECT_EQ(n.value, 4);
  EXPECT_FALSE(n.assumed());
}

TEST(ShippedCalendar, Year2027IsNotCoveredAndSaysSo) {
  EXPECT_TRUE(shipped_calendar().covers(2024));
  EXPECT_TRUE(shipped_calendar().covers(2026));
  EXPECT_FALSE(shipped_calendar().covers(2027));
  // By weekday alone Fri 1 Jan 2027 would be a working day; the answer is flagged as a guess.
  const auto got = shipped_calendar().add_working_days(2026y / December / 31, 1);
  EXPECT_EQ(domain::format_date(got.value), "2027-01-01");
  EXPECT_EQ(got.uncovered_years, std::vector<int>{2027});
}

}  // namespace
}  // namespace lw::policy
