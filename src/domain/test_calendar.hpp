#pragma once
// For the domain's unit tests only: a hand-made 2026 table (New Year, Spring Festival and
// National Day with their makeup working days, as in domain-facts.md) and instants written as
// RFC 3339, shared by the calendar, deadline and witness-change tests. The shipped 2024-2026
// files are checked in policy/shipped_calendar_test.cpp.
#include <gtest/gtest.h>

#include <chrono>

#include "domain/calendar.hpp"

namespace lw::domain::test_data {

inline Instant at(const char* rfc3339) {
  return *parse_rfc3339(rfc3339);
}

inline CalendarYear rows_2026() {
  using namespace std::chrono;
  return {2026,
          "国务院办公厅关于2026年部分节假日安排的通知 (2025-11-04)",
          {
              {"元旦",
               "New Year's Day",
               2026y / January / 1,
               2026y / January / 3,
               {2026y / January / 4}},
              {"春节",
               "Spring Festival",
               2026y / February / 15,
               2026y / February / 23,
               {2026y / February / 14, 2026y / February / 28}},
              {"国庆节",
               "National Day",
               2026y / October / 1,
               2026y / October / 7,
               {2026y / September / 20, 2026y / October / 10}},
          }};
}

inline WorkCalendar calendar_2026() {
  auto cal = WorkCalendar::make({rows_2026()});
  EXPECT_TRUE(cal.ok());
  return std::move(cal).value();
}

}  // namespace lw::domain::test_data
