// RateLimiter on both engines with a ManualClock (issue 3 item 7): limits per account and per
// address, windows rolling over without sleeping, one audit row per window and bucket, two
// limiters (two server instances) over one database.
#include "service/rate_limiter.hpp"

#include <gtest/gtest.h>

#include <boost/asio/io_context.hpp>
#include <memory>
#include <thread>

#include "core/metrics.hpp"
#include "storage/rate_limits.hpp"
#include "support/engine_test.hpp"
#include "support/run_task.hpp"

namespace lw::service {
namespace {

namespace asio = boost::asio;
using std::chrono::minutes;
using std::chrono::seconds;

// 2026-09-21T16:00:00Z, a five-minute boundary.
constexpr Instant kStart{Micros{1'790'006'400'000'000}};

RateLimitPolicy small_policy() {
  RateLimitPolicy p;
  p.login_per_account = {3, minutes(5)};
  p.login_per_address = {5, minutes(1)};
  p.public_per_address = {4, minutes(1)};
  return p;
}

Caller from(const std::string& address) {
  Caller c;
  c.source_ip = address;
  c.request_id = "req-1";
  return c;
}

class RateLimiterTest : public lw::testing::EngineTest {
 protected:
  void SetUp() override {
    EngineTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) {
      return;
    }
    writer_ = std::make_unique<storage::Writer>(*db_, &metrics_);
    limiter_ = std::make_unique<RateLimiter>(*writer_, clock_, auditor_, small_policy());
  }

  Status login(RateLimiter& limiter, const std::string& who, const std::string& address) {
    asio::io_context ioc;
    auto out = lw::testing::run(ioc, limiter.login_attempt(who, from(address)));
    return out ? *out : Status(Error(std::string(errc::internal), "did not finish"));
  }
  Status login(const std::string& who, const std::string& address) {
    return login(*limiter_, who, address);
  }
  Status anonymous(RateLimiter& limiter, const std::string& address) {
    asio::io_context ioc;
    auto out = lw::testing::run(ioc, limiter.public_request(address));
    return out ? *out : Status(Error(std::string(errc::internal), "did not finish"));
  }
  Status anonymous(const std::string& address) { return anonymous(*limiter_, address); }

  std::int64_t scalar(const std::string& sql) {
    auto conn = db_->acquire();
    EXPECT_TRUE(conn);
    auto rows = (*conn)->query(sql);
    EXPECT_TRUE(rows && rows->size() == 1);
    return rows && !rows->empty() ? rows->front().int64(0) : -1;
  }
  std::int64_t audited_refusals() {
    return scalar(
        "SELECT COUNT(*) FROM audit_log WHERE action = 'auth.login' AND outcome = 'rate_limited'");
  }

  Metrics metrics_;
  ManualClock clock_{kStart};
  Auditor auditor_{std::string(32, 'a')};
  std::unique_ptr<storage::Writer> writer_;
  std::unique_ptr<RateLimiter> limiter_;
};

LW_ENGINE_SUITE(RateLimiterTest);

void expect_refused(const Status& st, std::string_view limit, std::int64_t retry_after) {
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.error().code, errc::rate_limited);
  EXPECT_EQ(st.error().details.at("limit").as_string(), limit);
  EXPECT_EQ(st.error().details.at("retry_after_seconds").as_int64(), retry_after);
}

TEST_P(RateLimiterTest, Issue3_RateLimit_LoginPerAccountHoldsUntilItsWindowEnds) {
  for (int i = 0; i < 3; ++i) {
    // From three addresses: the account's limit does not care where attempts come from.
    ASSERT_TRUE(login("lab-jj-01", "198.51.100." + std::to_string(i)).ok()) << i;
  }
  clock_.advance(seconds(10));
  auto st = login("lab-jj-01", "198.51.100.9");
  expect_refused(st, "login_per_account", 290);
  EXPECT_EQ(st.error().details.at("max_requests").as_int64(), 3);
  EXPECT_EQ(st.error().details.at("window_seconds").as_int64(), 300);
  EXPECT_TRUE(login("lab-jj-02", "198.51.100.9").ok()) << "another account is not limited";
  clock_.advance(seconds(289));
  expect_refused(login("lab-jj-01", "198.51.100.8"), "login_per_account", 1);
  clock_.advance(seconds(1));  // the next five-minute window
  EXPECT_TRUE(login("lab-jj-01", "198.51.100.8").ok());
}

TEST_P(RateLimiterTest, Issue3_RateLimit_LoginPerAddressCountsEveryAccount) {
  clock_.advance(seconds(45));
  for (int i = 0; i < 5; ++i) {
    ASSERT_TRUE(login("user-" + std::to_string(i), "203.0.113.7").ok()) << i;
  }
  expect_refused(login("user-9", "203.0.113.7"), "login_per_address", 15);
  // A request naming no valid login still counts for its address.
  expect_refused(login("", "203.0.113.7"), "login_per_address", 15);
  EXPECT_TRUE(login("user-9", "203.0.113.8").ok()) << "another address is not limited";
  clock_.advance(seconds(15));  // the window rolls over
  EXPECT_TRUE(login("user-9", "203.0.113.7").ok());
}

TEST_P(RateLimiterTest, Issue3_RateLimit_PublicRequestsPerAddress) {
  for (int i = 0; i < 4; ++i) {
    ASSERT_TRUE(anonymous("192.0.2.1").ok()) << i;
  }
  expect_refused(anonymous("192.0.2.1"), "public_per_address", 60);
  expect_refused(anonymous("::ffff:192.0.2.1"), "public_per_address", 60);
  EXPECT_TRUE(anonymous("192.0.2.2").ok());
  clock_.advance(minutes(1));
  EXPECT_TRUE(anonymous("192.0.2.1").ok());
}

TEST_P(RateLimiterTest, Issue3_RateLimit_ARefusalIsAuditedOncePerWindowAndBucket) {
  for (int i = 0; i < 3; ++i) {
    ASSERT_TRUE(login("lab-jj-01", "203.0.113.7").ok());
  }
  for (int i = 0; i < 4; ++i) {
    EXPECT_FALSE(login("lab-jj-01", "203.0.113.7").ok());
  }
  EXPECT_EQ(audited_refusals(), 1);
  {
    auto conn = db_->acquire();
    ASSERT_TRUE(conn);
    auto rows = (*conn)->query(
        "SELECT target, source_ip, details FROM audit_log WHERE outcome = 'rate_limited'");
    ASSERT_TRUE(rows && rows->size() == 1);
    EXPECT_EQ(rows->front().text(0), "user/lab-jj-01");
    EXPECT_EQ(rows->front().text(1), "203.0.113.7");
    EXPECT_NE(rows->front().text(2).find("login_per_account"), std::string::npos);
  }
  // The address's own limit (5 a minute) is exceeded later, by another account: its own row.
  clock_.advance(seconds(1));
  EXPECT_TRUE(login("lab-jj-02", "203.0.113.7").ok());
  expect_refused(login("lab-jj-03", "203.0.113.7"), "login_per_address", 59);
  EXPECT_FALSE(login("lab-jj-03", "203.0.113.7").ok());
  EXPECT_EQ(audited_refusals(), 2);
  // Public refusals are logged, not audited.
  for (int i = 0; i < 6; ++i) {
    (void)anonymous("203.0.113.7");
  }
  EXPECT_EQ(audited_refusals(), 2);
  // A new window, a new first refusal.
  clock_.advance(minutes(5));
  for (int i = 0; i < 4; ++i) {
    (void)login("lab-jj-01", "203.0.113.9");
  }
  EXPECT_EQ(audited_refusals(), 3);
}

// Two limiters over one database stand for two server instances.
TEST_P(RateLimiterTest, Issue3_RateLimit_HitsOnOneInstanceCountOnAnother) {
  RateLimiter second(*writer_, clock_, auditor_, small_policy());
  for (int i = 0; i < 4; ++i) {
    ASSERT_TRUE(anonymous("192.0.2.1").ok()) << i;
  }
  // The second instance has not seen this address: it asks the database, which has four.
  expect_refused(anonymous(second, "192.0.2.1"), "public_per_address", 60);
  expect_refused(anonymous("192.0.2.1"), "public_per_address", 60);

  // Sign-in attempts always wait for their count: exact whichever instance takes them.
  ASSERT_TRUE(login("lab-jj-01", "198.51.100.1").ok());
  ASSERT_TRUE(login(second, "lab-jj-01", "198.51.100.2").ok());
  ASSERT_TRUE(login("lab-jj-01", "198.51.100.3").ok());
  expect_refused(login(second, "lab-jj-01", "198.51.100.4"), "login_per_account", 300);
  EXPECT_EQ(audited_refusals(), 1) << "the first refusal of the window, whichever instance saw it";
}

// An anonymous request waits for its count only for the first hit of its bucket and window and
// near the limit; below that it goes on while its hit is written.
TEST_P(RateLimiterTest, Issue3_RateLimit_AnonymousRequestsWellBelowTheLimitDoNotWait) {
  ASSERT_TRUE(anonymous("192.0.2.1").ok());  // the first: waits and learns the count (1)
  writer_->stop();                           // every write fails from now on, at once
  // Not waiting, the request does not see its write fail (the hit is lost, not the request).
  EXPECT_TRUE(anonymous("192.0.2.1").ok());
  EXPECT_TRUE(anonymous("192.0.2.1").ok());
  // A bucket not seen in this window waits, and sees the failure.
  auto unseen = anonymous("192.0.2.2");
  ASSERT_FALSE(unseen.ok());
  EXPECT_EQ(unseen.error().code, errc::shutting_down);
  // So does a sign-in attempt.
  auto attempt = login("lab-jj-01", "192.0.2.1");
  ASSERT_FALSE(attempt.ok());
  EXPECT_EQ(attempt.error().code, errc::shutting_down);
}

// A busy address costs one write per flush, not one per request, and no hit is lost.
TEST_P(RateLimiterTest, Issue3_RateLimit_HitsCountedWithoutWaitingAreWrittenTogether) {
  RateLimitPolicy policy = small_policy();
  policy.public_per_address = {1000, minutes(1)};
  RateLimiter limiter(*writer_, clock_, auditor_, policy);
  const std::string count =
      "SELECT hits FROM rate_limit_hits WHERE bucket = 'public_address:192.0.2.1'";
  for (int i = 0; i < 300; ++i) {
    ASSERT_TRUE(anonymous(limiter, "192.0.2.1").ok()) << i;
  }
  EXPECT_EQ(scalar(count), 1) << "only the first hit waited; the others wait for the flush";
  asio::io_context ioc;
  lw::testing::run(ioc, limiter.flush());
  for (int waited = 0; waited < 1000 && scalar(count) < 300; ++waited) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  EXPECT_EQ(scalar(count), 300);
  // The writer's jobs, as the commit batch histogram summed them: the first hit's and the flush.
  const std::string rendered = metrics_.render();
  const std::string key = "labwatch_commit_batch_size_sum ";
  const auto at = rendered.find(key);
  ASSERT_NE(at, std::string::npos) << rendered;
  EXPECT_EQ(std::stod(rendered.substr(at + key.size())), 2) << rendered;
}

// Near the limit a request waits, and its count includes the hits not yet flushed: another
// instance sees them then.
TEST_P(RateLimiterTest, Issue3_RateLimit_AWaitingHitWritesTheUnflushedOnesFirst) {
  RateLimitPolicy policy = small_policy();
  policy.public_per_address = {8, minutes(1)};  // the first and the last two wait
  RateLimiter limiter(*writer_, clock_, auditor_, policy);
  for (int i = 0; i < 7; ++i) {
    ASSERT_TRUE(anonymous(limiter, "192.0.2.1").ok()) << i;
  }
  EXPECT_EQ(scalar("SELECT hits FROM rate_limit_hits WHERE bucket = 'public_address:192.0.2.1'"),
            7);
  RateLimiter second(*writer_, clock_, auditor_, policy);
  ASSERT_TRUE(anonymous(second, "192.0.2.1").ok());
  expect_refused(anonymous(second, "192.0.2.1"), "public_per_address", 60);
}

TEST_P(RateLimiterTest, Issue3_RateLimit_ARememberedRefusalWritesNothing) {
  for (int i = 0; i < 5; ++i) {
    (void)anonymous("192.0.2.1");
  }
  const std::string count =
      "SELECT hits FROM rate_limit_hits WHERE bucket = 'public_address:192.0.2.1'";
  EXPECT_EQ(scalar(count), 5);
  for (int i = 0; i < 20; ++i) {
    EXPECT_FALSE(anonymous("192.0.2.1").ok());
  }
  EXPECT_EQ(scalar(count), 5) << "refused from memory until the window ends";
}

TEST_P(RateLimiterTest, Issue3_RateLimit_EndedWindowsAreSwept) {
  ASSERT_TRUE(anonymous("192.0.2.1").ok());  // the first hit sweeps (nothing yet) and counts
  ASSERT_TRUE(login("lab-jj-01", "192.0.2.1").ok());
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM rate_limit_hits"), 3);
  clock_.advance(seconds(61));  // the one-minute windows have ended, the five-minute one not
  ASSERT_TRUE(anonymous("192.0.2.2").ok());
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM rate_limit_hits"), 2);
  clock_.advance(seconds(10));  // not yet time for the next sweep
  ASSERT_TRUE(anonymous("192.0.2.3").ok());
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM rate_limit_hits"), 3);
}

TEST(RateLimitPolicy, Issue3_RateLimit_TheDocumentedValues) {
  const RateLimitPolicy p;
  EXPECT_EQ(p.login_per_account.max_requests, 10);
  EXPECT_EQ(p.login_per_account.window, minutes(5));
  EXPECT_EQ(p.login_per_address.max_requests, 30);
  EXPECT_EQ(p.login_per_address.window, minutes(1));
  EXPECT_EQ(p.public_per_address.max_requests, 300);
  EXPECT_EQ(p.public_per_address.window, minutes(1));
}

TEST(AddressKey, Issue3_RateLimit_AddressesAsBucketsNameThem) {
  EXPECT_EQ(address_key("203.0.113.7"), "203.0.113.7");
  EXPECT_EQ(address_key("::ffff:203.0.113.7"), "203.0.113.7");
  EXPECT_EQ(address_key("2001:db8:1:2:aaaa:bbbb:cccc:dddd"), "2001:db8:1:2::/64");
  EXPECT_EQ(address_key("2001:db8:1:2::1"), address_key("2001:db8:1:2:ffff::9"));
  EXPECT_NE(address_key("2001:db8:1:2::1"), address_key("2001:db8:1:3::1"));
  EXPECT_EQ(address_key("::1"), "::/64");
  EXPECT_EQ(address_key(""), "unknown");
}

TEST(RateLimitedError, Issue3_RateLimit_SaysWhenToComeBack) {
  const Instant now = from_micros(1'000'000);
  const Error e =
      rate_limited_error("login_per_address", {30, minutes(1)}, now + Micros(1'500'000), now);
  EXPECT_EQ(e.code, errc::rate_limited);
  EXPECT_EQ(error_kind(e.code).http_status, 429);
  EXPECT_EQ(error_kind(e.code).message_zh, "请求过于频繁，请稍后再试");
  EXPECT_EQ(e.details.at("retry_after_seconds").as_int64(), 2) << "rounded up";
  EXPECT_EQ(e.details.at("max_requests").as_int64(), 30);
  EXPECT_EQ(e.details.at("window_seconds").as_int64(), 60);
  EXPECT_EQ(rate_limited_error("x", {1, minutes(1)}, now, now)
                .details.at("retry_after_seconds")
                .as_int64(),
            1)
      << "never 0";
}

}  // namespace
}  // namespace lw::service
