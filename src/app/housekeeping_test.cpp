// Housekeeping on both engines with a ManualClock: sessions a week after they ended or expired
// and idempotency keys 48 h after their claim are deleted through the writer, in batches; live
// rows, young keys (whatever the policy says) and the audit trail stay.
#include "app/housekeeping.hpp"

#include <gtest/gtest.h>

#include <boost/asio/io_context.hpp>
#include <memory>
#include <string>

#include "core/metrics.hpp"
#include "identity/store.hpp"
#include "service/auditor.hpp"
#include "service/commit.hpp"
#include "storage/idempotency_keys.hpp"
#include "support/engine_test.hpp"
#include "support/run_task.hpp"

namespace lw::app {
namespace {

using namespace std::chrono_literals;
using std::chrono::days;
using std::chrono::hours;
using std::chrono::minutes;

// 2026-09-21T16:00:00Z.
constexpr Instant kNow{Micros{1'790'006'400'000'000}};

class HousekeepingTest : public lw::testing::EngineTest {
 protected:
  void SetUp() override {
    EngineTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) {
      return;
    }
    writer_ = std::make_unique<storage::Writer>(*db_, &metrics_);
    auto conn = db_->acquire();
    ASSERT_TRUE(conn);
    user_.login = "lab-jj-01";
    user_.display_name = "九江检测 管理员";
    user_.password_hash = "$argon2id$not-a-real-hash";
    user_.password_changed_at = kNow - days(30);
    user_.created_at = kNow - days(30);
    ASSERT_TRUE(identity::insert_user(**conn, user_));
  }

  // A session created at `created`, last seen at `last_seen`, ended at `ended` if given.
  void add_session(const std::string& name, Instant created, Instant last_seen,
                   std::optional<Instant> ended = std::nullopt) {
    identity::Session s;
    s.user_id = user_.id;
    s.token_hash = name;
    s.csrf_token = "csrf-" + name;
    s.created_at = created;
    s.last_seen_at = last_seen;
    s.ended_at = ended;
    s.end_reason = ended ? "logout" : "";
    s.source_ip = "127.0.0.1";
    s.user_agent = "test";
    auto conn = db_->acquire();
    ASSERT_TRUE(conn);
    auto st = identity::insert_session(**conn, s);
    ASSERT_TRUE(st) << st.error().note;
  }

  void add_key(const std::string& key, Instant claimed_at) {
    storage::IdempotencyRecord claim;
    claim.scope = "lk_test";
    claim.key = key;
    claim.request_hash = "hash-" + key;
    claim.claimed_at = claimed_at;
    auto conn = db_->acquire();
    ASSERT_TRUE(conn);
    auto r = storage::claim_idempotency_key(**conn, claim);
    ASSERT_TRUE(r && !r->has_value());
  }

  bool session_exists(const std::string& name) {
    auto conn = db_->acquire();
    EXPECT_TRUE(conn);
    auto found = identity::find_session(**conn, name);
    EXPECT_TRUE(found);
    return found && found->has_value();
  }

  bool key_exists(const std::string& key) {
    return scalar("SELECT COUNT(*) FROM idempotency_keys WHERE idem_key = '" + key + "'") == 1;
  }

  std::int64_t scalar(const std::string& sql) {
    auto conn = db_->acquire();
    EXPECT_TRUE(conn);
    auto rows = (*conn)->query(sql);
    EXPECT_TRUE(rows && rows->size() == 1) << sql;
    return rows && rows->size() == 1 ? rows->front().int64(0) : -1;
  }

  HousekeepingCounts run(HousekeepingPolicy policy = {}) {
    Housekeeping housekeeping(*writer_, clock_, identity::AuthPolicy{}, policy);
    boost::asio::io_context ioc;
    auto done = lw::testing::run(ioc, housekeeping.run());
    EXPECT_TRUE(done && *done) << (done && !*done ? done->error().note : "did not finish");
    return done && *done ? **done : HousekeepingCounts{-1, -1};
  }

  Metrics metrics_;
  ManualClock clock_{kNow};
  std::unique_ptr<storage::Writer> writer_;
  identity::User user_;
};

LW_ENGINE_SUITE(HousekeepingTest);

TEST_P(HousekeepingTest, SessionsAWeekPastTheirEndOrExpiryAreDeleted) {
  // Live: signed in an hour ago, seen a minute ago.
  add_session("live", kNow - hours(1), kNow - minutes(1));
  // Ended (logout) and expired within the week: kept.
  add_session("ended-yesterday", kNow - days(1) - hours(1), kNow - days(1), kNow - days(1));
  add_session("idle-yesterday", kNow - days(1) - hours(1), kNow - days(1));
  // Ended eight days ago.
  add_session("ended-long-ago", kNow - days(8) - hours(1), kNow - days(8), kNow - days(8));
  // Idle expiry (last seen + 30 min) eight days ago.
  add_session("idle-long-ago", kNow - days(8) - hours(1), kNow - days(8));
  // Absolute expiry (created + 12 h) ten minutes over the week, though its idle expiry
  // (last seen + 30 min) is ten minutes within it.
  add_session("absolute-long-ago", kNow - days(7) - hours(12) - minutes(10),
              kNow - days(7) - minutes(20));
  // Just within the week: ended 6 days 23 h ago.
  add_session("ended-within-week", kNow - days(7), kNow - days(7) + hours(1),
              kNow - days(7) + hours(1));

  const HousekeepingCounts counts = run();
  EXPECT_EQ(counts.sessions, 3);
  EXPECT_EQ(counts.idempotency_keys, 0);
  EXPECT_TRUE(session_exists("live"));
  EXPECT_TRUE(session_exists("ended-yesterday"));
  EXPECT_TRUE(session_exists("idle-yesterday"));
  EXPECT_TRUE(session_exists("ended-within-week"));
  EXPECT_FALSE(session_exists("ended-long-ago"));
  EXPECT_FALSE(session_exists("idle-long-ago"));
  EXPECT_FALSE(session_exists("absolute-long-ago"));
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM users"), 1) << "the account stays";

  // The live session, idle from now on, goes a week after it expired.
  EXPECT_EQ(run().sessions, 0) << "nothing more is due";
  clock_.advance(days(7) + minutes(29));
  EXPECT_EQ(run().sessions, 3) << "yesterday's two and the one within the week";
  EXPECT_TRUE(session_exists("live"));
  clock_.advance(minutes(1));
  EXPECT_EQ(run().sessions, 1);
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM sessions"), 0);
}

TEST_P(HousekeepingTest, IdempotencyKeysGoAfter48Hours) {
  add_key("fresh", kNow - minutes(5));
  add_key("yesterday", kNow - hours(30));
  add_key("just-kept", kNow - hours(47));
  add_key("old", kNow - hours(49));
  add_key("older", kNow - days(30));

  const HousekeepingCounts counts = run();
  EXPECT_EQ(counts.idempotency_keys, 2);
  EXPECT_EQ(counts.sessions, 0);
  EXPECT_TRUE(key_exists("fresh"));
  EXPECT_TRUE(key_exists("yesterday"));
  EXPECT_TRUE(key_exists("just-kept"));
  EXPECT_FALSE(key_exists("old"));
  EXPECT_FALSE(key_exists("older"));
}

TEST_P(HousekeepingTest, AKeyYoungerThan24HoursStaysWhateverThePolicySays) {
  add_key("fresh", kNow - minutes(5));
  add_key("23h", kNow - hours(23));
  add_key("25h", kNow - hours(25));
  for (auto retention : {hours(1), hours(0), -hours(48)}) {
    HousekeepingPolicy misconfigured;
    misconfigured.idempotency_retention = retention;
    Housekeeping housekeeping(*writer_, clock_, identity::AuthPolicy{}, misconfigured);
    EXPECT_EQ(housekeeping.policy().idempotency_retention, kMinIdempotencyRetention);
    run(misconfigured);
    EXPECT_TRUE(key_exists("fresh")) << retention.count();
    EXPECT_TRUE(key_exists("23h")) << retention.count();
    EXPECT_FALSE(key_exists("25h")) << retention.count();
  }
}

TEST_P(HousekeepingTest, ABacklogIsDeletedInBatchesOfBoundedWrites) {
  for (int i = 0; i < 7; ++i) {
    add_key("old-" + std::to_string(i), kNow - days(3) - minutes(i));
    add_session("old-" + std::to_string(i), kNow - days(9), kNow - days(9), kNow - days(9));
  }
  add_key("fresh", kNow - hours(1));
  add_session("live", kNow - hours(1), kNow - minutes(1));
  HousekeepingPolicy small;
  small.batch = 3;
  const HousekeepingCounts counts = run(small);
  EXPECT_EQ(counts.sessions, 7);
  EXPECT_EQ(counts.idempotency_keys, 7);
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM sessions"), 1);
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM idempotency_keys"), 1);
  EXPECT_TRUE(session_exists("live"));
  EXPECT_TRUE(key_exists("fresh"));
}

TEST_P(HousekeepingTest, TheAuditTrailIsNeverTouched) {
  service::Auditor auditor{std::string(32, 'a')};
  service::Caller caller;
  caller.actor = "lab-jj-01";
  caller.source_ip = "127.0.0.1";
  caller.request_id = "req-1";
  for (int i = 0; i < 3; ++i) {
    // Rows a year old: far past any retention of housekeeping's.
    const Instant at = kNow - days(365) + minutes(i);
    storage::Writer::Job job = [&auditor, &caller, at](storage::Connection& conn) {
      return auditor.record(conn, caller, at, "auth.logout", "user/lab-jj-01");
    };
    boost::asio::io_context ioc;
    auto st = lw::testing::run(ioc, service::commit(*writer_, std::move(job)));
    ASSERT_TRUE(st && *st);
  }
  add_session("ended-long-ago", kNow - days(365), kNow - days(365), kNow - days(365));
  add_key("old", kNow - days(365));
  const HousekeepingCounts counts = run();
  EXPECT_EQ(counts.sessions, 1);
  EXPECT_EQ(counts.idempotency_keys, 1);
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM audit_log"), 3);
}

}  // namespace
}  // namespace lw::app
