#include "core/clock.hpp"

#include <gtest/gtest.h>

namespace lw {
namespace {

using namespace std::chrono;

// 2026-11-21T05:10:03.123456Z, computed independently of the code under test.
Instant sample() {
  return time_point_cast<Micros>(sys_days{year{2026} / November / 21}) + hours{5} + minutes{10} +
         seconds{3} + Micros{123456};
}

TEST(FormatUtc, Epoch) {
  EXPECT_EQ(format_utc(from_micros(0)), "1970-01-01T00:00:00.000000Z");
}

TEST(FormatUtc, KnownInstantKeepsMicroseconds) {
  EXPECT_EQ(format_utc(sample()), "2026-11-21T05:10:03.123456Z");
}

TEST(FormatUtc, BeforeTheEpoch) {
  EXPECT_EQ(format_utc(from_micros(-1)), "1969-12-31T23:59:59.999999Z");
  EXPECT_EQ(format_utc(from_micros(-1'000'000)), "1969-12-31T23:59:59.000000Z");
}

TEST(FormatShanghai, IsEightHoursAhead) {
  EXPECT_EQ(format_shanghai(from_micros(0)), "1970-01-01T08:00:00.000000+08:00");
  EXPECT_EQ(format_shanghai(sample()), "2026-11-21T13:10:03.123456+08:00");
  // Crosses midnight into the next day.
  EXPECT_EQ(format_shanghai(sample() + hours{18}), "2026-11-22T07:10:03.123456+08:00");
}

TEST(ParseRfc3339, UtcWithFraction) {
  EXPECT_EQ(parse_rfc3339("2026-11-21T05:10:03.123456Z"), sample());
}

TEST(ParseRfc3339, OffsetsAreAppliedBothWays) {
  const auto base = sample() - Micros{123456};
  EXPECT_EQ(parse_rfc3339("2026-11-21T13:10:03+08:00"), base);
  EXPECT_EQ(parse_rfc3339("2026-11-20T23:40:03-05:30"), base);
  EXPECT_EQ(parse_rfc3339("2026-11-21T05:10:03+00:00"), base);
  EXPECT_EQ(parse_rfc3339("2026-11-21T05:10:03-00:00"), base);
}

TEST(ParseRfc3339, FractionsOfAnyLength) {
  const auto base = sample() - Micros{123456};
  EXPECT_EQ(parse_rfc3339("2026-11-21T05:10:03.5Z"), base + Micros{500000});
  EXPECT_EQ(parse_rfc3339("2026-11-21T05:10:03.000001Z"), base + Micros{1});
  EXPECT_EQ(parse_rfc3339("2026-11-21T05:10:03.123Z"), base + Micros{123000});
  // Digits beyond microseconds are dropped, not rounded.
  EXPECT_EQ(parse_rfc3339("2026-11-21T05:10:03.123456789Z"), base + Micros{123456});
}

TEST(ParseRfc3339, AcceptsLowerCaseAndSpaceSeparator) {
  const auto base = sample() - Micros{123456};
  EXPECT_EQ(parse_rfc3339("2026-11-21t05:10:03z"), base);
  EXPECT_EQ(parse_rfc3339("2026-11-21 05:10:03Z"), base);
}

TEST(ParseRfc3339, LeapDay) {
  EXPECT_TRUE(parse_rfc3339("2024-02-29T00:00:00Z").has_value());
  EXPECT_FALSE(parse_rfc3339("2025-02-29T00:00:00Z").has_value());
}

TEST(ParseRfc3339, RejectsImpossibleDatesAndTimes) {
  for (const char* bad : {"2026-02-30T00:00:00Z", "2026-04-31T00:00:00Z", "2026-13-01T00:00:00Z",
                          "2026-00-10T00:00:00Z", "2026-01-00T00:00:00Z", "2026-01-01T24:00:00Z",
                          "2026-01-01T23:60:00Z", "2026-01-01T23:59:61Z",
                          "2026-01-01T00:00:00+24:00", "2026-01-01T00:00:00+08:60"}) {
    EXPECT_FALSE(parse_rfc3339(bad).has_value()) << bad;
  }
}

TEST(ParseRfc3339, RejectsBadForms) {
  for (const char* bad :
       {"", "2026-11-21", "2026-11-21T05:10:03", "2026-11-21T05:10:03.Z",
        "2026-11-21T05:10:03+0800", "2026-11-21T05:10:03+08", "2026-11-21T05:10:03+08:0",
        "2026-11-21T05:10:03Zx", "2026-11-21T05:10:03+08:00x", "2026/11/21T05:10:03Z",
        "2026-11-21X05:10:03Z", "26-11-21T05:10:03Z  ", "2026-1-21T05:10:03Z",
        "2026-11-21T5:10:03Z ", "2026-11-21T05:10:03 Z", "２026-11-21T05:10:03Z",
        "2026-11-21T05:10:03.12a3Z", "1234567890123456789012345"}) {
    EXPECT_FALSE(parse_rfc3339(bad).has_value()) << bad;
  }
}

TEST(ParseRfc3339, RoundTripsWhatFormatProduces) {
  for (std::int64_t us : {std::int64_t{0}, std::int64_t{-1}, std::int64_t{1}, to_micros(sample()),
                          std::int64_t{951782400'000000},       // 2000-02-29
                          std::int64_t{4102444799'999999},      // 2099-12-31T23:59:59.999999Z
                          std::int64_t{-2208988800'000000}}) {  // 1900-01-01
    const Instant t = from_micros(us);
    EXPECT_EQ(parse_rfc3339(format_utc(t)), t) << format_utc(t);
    EXPECT_EQ(parse_rfc3339(format_shanghai(t)), t) << format_shanghai(t);
  }
}

TEST(ManualClock, AdvancesAndSets) {
  ManualClock clock(from_micros(1000));
  EXPECT_EQ(to_micros(clock.now()), 1000);
  clock.advance(Micros{500});
  EXPECT_EQ(to_micros(clock.now()), 1500);
  clock.set(sample());
  EXPECT_EQ(clock.now(), sample());
}

TEST(SystemClock, IsCloseToTheSystemTime) {
  const auto before = time_point_cast<Micros>(system_clock::now());
  const auto now = SystemClock{}.now();
  const auto after = time_point_cast<Micros>(system_clock::now());
  EXPECT_LE(before, now);
  EXPECT_LE(now, after);
}

}  // namespace
}  // namespace lw
