// The rate-limit counters on both engines (issue 3 item 7).
#include "storage/rate_limits.hpp"

#include <gtest/gtest.h>

#include "support/engine_test.hpp"

namespace lw::storage {
namespace {

constexpr std::int64_t kMinute = 60'000'000;
constexpr Instant kT0{Micros{1'790'000'040'000'000}};  // a minute boundary

class RateLimitsTest : public lw::testing::EngineTest {
 protected:
  RateLimitsTest() : EngineTest({.connect = true}) {}

  std::int64_t hit(Connection& conn, const std::string& bucket, Instant start) {
    auto n = count_rate_limit_hits(conn, bucket, start, start + Micros(kMinute));
    EXPECT_TRUE(n) << n.error().note;
    return n ? *n : -1;
  }
  std::int64_t hits(const std::string& bucket, Instant start) {
    auto n = rate_limit_hits(*c_, bucket, start);
    EXPECT_TRUE(n) << n.error().note;
    return n ? *n : -1;
  }
};

LW_ENGINE_SUITE(RateLimitsTest);

TEST_P(RateLimitsTest, Issue3_RateLimit_EachHitCountsOncePerBucketAndWindow) {
  EXPECT_EQ(hits("login_address:203.0.113.7", kT0), 0);
  EXPECT_EQ(hit(*c_, "login_address:203.0.113.7", kT0), 1);
  EXPECT_EQ(hit(*c_, "login_address:203.0.113.7", kT0), 2);
  EXPECT_EQ(hit(*c_, "login_address:203.0.113.7", kT0), 3);
  // Another bucket, and the next window of the same bucket, start from one.
  EXPECT_EQ(hit(*c_, "login_account:lab-jj-01", kT0), 1);
  EXPECT_EQ(hit(*c_, "login_address:203.0.113.7", kT0 + Micros(kMinute)), 1);
  EXPECT_EQ(hits("login_address:203.0.113.7", kT0), 3);
  EXPECT_EQ(hits("login_address:203.0.113.7", kT0 + Micros(kMinute)), 1);
}

TEST_P(RateLimitsTest, Issue3_RateLimit_SeveralHitsCountAtOnce) {
  auto first =
      count_rate_limit_hits(*c_, "public_address:192.0.2.1", kT0, kT0 + Micros(kMinute), 5);
  ASSERT_TRUE(first) << first.error().note;
  EXPECT_EQ(*first, 5);
  auto more = count_rate_limit_hits(*c_, "public_address:192.0.2.1", kT0, kT0 + Micros(kMinute), 3);
  ASSERT_TRUE(more) << more.error().note;
  EXPECT_EQ(*more, 8);
  EXPECT_EQ(hit(*c_, "public_address:192.0.2.1", kT0), 9);
}

// Two connections stand for two server instances sharing the database.
TEST_P(RateLimitsTest, Issue3_RateLimit_HitsOfAnotherConnectionCount) {
  auto other = db_->connect();
  ASSERT_TRUE(other) << other.error().note;
  EXPECT_EQ(hit(*c_, "public_address:198.51.100.1", kT0), 1);
  EXPECT_EQ(hit(**other, "public_address:198.51.100.1", kT0), 2);
  EXPECT_EQ(hit(*c_, "public_address:198.51.100.1", kT0), 3);
}

TEST_P(RateLimitsTest, Issue3_RateLimit_AHitRolledBackIsNotCounted) {
  ASSERT_TRUE(c_->exec("BEGIN"));
  EXPECT_EQ(hit(*c_, "login_account:someone", kT0), 1);
  ASSERT_TRUE(c_->exec("ROLLBACK"));
  EXPECT_EQ(hits("login_account:someone", kT0), 0);
  EXPECT_EQ(hit(*c_, "login_account:someone", kT0), 1);
}

TEST_P(RateLimitsTest, Issue3_RateLimit_EndedWindowsAreForgotten) {
  hit(*c_, "a", kT0);
  hit(*c_, "b", kT0);
  hit(*c_, "a", kT0 + Micros(kMinute));
  // At the end of the first window it is over; the second is still running.
  auto n = forget_ended_rate_limit_windows(*c_, kT0 + Micros(kMinute));
  ASSERT_TRUE(n) << n.error().note;
  EXPECT_EQ(*n, 2);
  EXPECT_EQ(hits("a", kT0), 0);
  EXPECT_EQ(hits("b", kT0), 0);
  EXPECT_EQ(hits("a", kT0 + Micros(kMinute)), 1);
  auto none = forget_ended_rate_limit_windows(*c_, kT0 + Micros(kMinute + 1));
  ASSERT_TRUE(none);
  EXPECT_EQ(*none, 0);
}

}  // namespace
}  // namespace lw::storage
