// The webhook worker on both engines against a real receiver on 127.0.0.1 (JJ-3.6): an endpoint
// that fails twice then answers 200 gets the notice exactly once more, signed, with the same
// delivery id and body each time, and the log shows the three attempts; one that never answers
// 2xx fails after the last attempt; two instances sharing the database never send one attempt
// twice.
#include "notify/webhooks.hpp"

#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <future>
#include <set>
#include <thread>

#include "core/metrics.hpp"
#include "crypto/sm4.hpp"
#include "notify/notices.hpp"
#include "notify/store.hpp"
#include "service/commit.hpp"
#include "support/engine_test.hpp"
#include "support/hook_receiver.hpp"

namespace lw::notify {
namespace {

using namespace std::chrono_literals;

constexpr char kDataKey[] = "kkkkkkkkkkkkkkkk";  // 16 bytes, as the data key
constexpr char kEndpointSecret[] =
    "5ec2e75ec2e75ec2e75ec2e75ec2e75ec2e75ec2e75ec2e75ec2e75ec2e75ec2";

WebhookOptions quick(int attempts) {
  WebhookOptions o;
  o.retry = {100ms, 2.0, 1s, attempts};
  o.timeout = 2s;
  o.poll = 200ms;
  return o;
}

class WebhookWorkerTest : public lw::testing::EngineTest {
 protected:
  void SetUp() override {
    EngineTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) {
      return;
    }
    writer_ = std::make_unique<storage::Writer>(*db_, &metrics_);
  }
  void TearDown() override {
    if (writer_) {
      writer_->stop();
    }
  }

  // Runs `job` through the writer and waits.
  Status write(storage::Writer& writer, storage::Writer::Job job) {
    std::promise<Status> done;
    auto f = done.get_future();
    writer.submit(std::move(job), [&done](Status st) { done.set_value(std::move(st)); });
    return f.get();
  }

  std::int64_t endpoint(const std::string& url) {
    std::int64_t id = 0;
    auto st = write(*writer_, [&](storage::Connection& c) -> Status {
      Endpoint e;
      e.owner_kind = "region";
      e.owner_id = "360402";
      e.region_code = "360402";
      e.url = url;
      e.created_by = "jj-station";
      e.created_at = SystemClock{}.now();
      auto made = insert_endpoint(c, e);
      if (!made) {
        return std::move(made).error();
      }
      id = *made;
      return set_endpoint_secret(
          c, id, crypto::sm4_gcm_seal(kDataKey, kEndpointSecret, endpoint_secret_aad(id)));
    });
    EXPECT_TRUE(st) << st.error().note;
    return id;
  }

  std::int64_t notify_station(const std::string& subject) {
    Notice n;
    n.kind = "nonconforming";
    n.subject = subject;
    n.title_zh = "不合格结果";
    n.title_en = "Non-conforming result";
    n.body = {{"subject", subject}, {"strength_mpa", "24.1"}};
    n.recipients = {{Recipient::Kind::region, "360402"}};
    std::int64_t id = 0;
    auto st = write(*writer_, [&](storage::Connection& c) -> Status {
      auto made = enqueue(c, n, SystemClock{}.now());
      if (!made) {
        return std::move(made).error();
      }
      id = *made;
      return {};
    });
    EXPECT_TRUE(st) << st.error().note;
    return id;
  }

  // The deliveries of `endpoint_id` once none is pending (at most `timeout`).
  std::vector<Delivery> settled(std::int64_t endpoint_id, std::chrono::milliseconds timeout) {
    const auto until = std::chrono::steady_clock::now() + timeout;
    while (true) {
      auto conn = db_->acquire();
      EXPECT_TRUE(conn);
      auto page = list_deliveries(**conn, endpoint_id, {}, {0, 500});
      EXPECT_TRUE(page) << page.error().note;
      const bool pending = std::any_of(page->items.begin(), page->items.end(),
                                       [](const Delivery& d) { return d.status == "pending"; });
      if (!pending || std::chrono::steady_clock::now() > until) {
        return page->items;
      }
      std::this_thread::sleep_for(50ms);
    }
  }

  Metrics metrics_;
  SystemClock clock_;
  std::unique_ptr<storage::Writer> writer_;
};

LW_ENGINE_SUITE(WebhookWorkerTest);

TEST_P(WebhookWorkerTest, JJ_3_6_FailsTwiceThenDeliversOnceSignedWithOneDeliveryId) {
  testing::HookReceiver hook({500, 500, 200});
  const auto id = endpoint(hook.url("/labwatch"));
  const auto notice = notify_station("nonconforming 1");
  Webhooks worker(*db_, *writer_, clock_, kDataKey, quick(10));
  worker.start();
  worker.wake();
  ASSERT_TRUE(hook.wait_for(3, 10s)) << hook.requests().size() << " requests";
  const auto ds = settled(id, 5s);
  worker.stop();
  ASSERT_EQ(ds.size(), 1u);
  const Delivery& d = ds.front();
  EXPECT_EQ(d.status, "delivered");
  EXPECT_EQ(d.attempts, 3);
  EXPECT_TRUE(d.delivered_at);
  EXPECT_FALSE(d.next_attempt_at);
  ASSERT_EQ(d.log.size(), 3u);
  EXPECT_EQ(d.log[0].status_code, std::optional<std::int64_t>(500));
  EXPECT_EQ(d.log[0].error, R"(HTTP 500: {"status":500})");
  EXPECT_EQ(d.log[1].status_code, std::optional<std::int64_t>(500));
  EXPECT_EQ(d.log[2].status_code, std::optional<std::int64_t>(200));
  EXPECT_EQ(d.log[2].error, "");
  // The second try waited about the base, the third about twice it.
  EXPECT_GE(d.log[1].at - d.log[0].at, 100ms);
  EXPECT_GE(d.log[2].at - d.log[1].at, 200ms);
  const auto got = hook.requests();
  ASSERT_EQ(got.size(), 3u);  // delivered once: nothing after the 200
  for (const auto& r : got) {
    EXPECT_EQ(r.target, "/labwatch");
    EXPECT_EQ(r.header("content-type"), "application/json");
    EXPECT_EQ(r.header("x-labwatch-event"), "nonconforming");
    EXPECT_EQ(r.header("x-labwatch-delivery"), d.delivery_key);
    EXPECT_EQ(r.body, got.front().body);
    const auto now = std::chrono::duration_cast<std::chrono::seconds>(
                         std::chrono::system_clock::now().time_since_epoch())
                         .count();
    EXPECT_TRUE(verify_signature(kEndpointSecret, r.body, r.header("x-labwatch-signature"), now))
        << r.header("x-labwatch-signature");
  }
  const auto body = boost::json::parse(got.front().body).as_object();
  EXPECT_EQ(body.at("id").as_int64(), notice);
  EXPECT_EQ(body.at("event").as_string(), "nonconforming");
  EXPECT_EQ(body.at("data").at("strength_mpa").as_string(), "24.1");
}

TEST_P(WebhookWorkerTest, JJ_3_6_AnEndpointThatNeverAnswers2xxFailsAfterTheLastAttempt) {
  testing::HookReceiver hook({503});
  const auto id = endpoint(hook.url());
  notify_station("nonconforming 2");
  Webhooks worker(*db_, *writer_, clock_, kDataKey, quick(3));
  worker.start();
  worker.wake();
  const auto ds = settled(id, 10s);
  ASSERT_EQ(ds.size(), 1u);
  EXPECT_EQ(ds.front().status, "failed");
  EXPECT_EQ(ds.front().attempts, 3);
  EXPECT_EQ(ds.front().log.size(), 3u);
  EXPECT_EQ(ds.front().last_status_code, std::optional<std::int64_t>(503));
  std::this_thread::sleep_for(600ms);  // longer than the next wait would have been
  worker.stop();
  EXPECT_EQ(hook.requests().size(), 3u);
}

TEST_P(WebhookWorkerTest, JJ_3_6_TwoInstancesNeverSendOneAttemptTwice) {
  testing::HookReceiver hook({200});
  const auto id = endpoint(hook.url());
  for (int i = 0; i < 12; ++i) {
    notify_station("nonconforming " + std::to_string(100 + i));
  }
  // A second instance: its own pool and writer on the same database.
  auto other_db = storage::Database::open(tdb_->url());
  ASSERT_TRUE(other_db) << other_db.error().note;
  storage::Writer other_writer(**other_db, &metrics_);
  Webhooks a(*db_, *writer_, clock_, kDataKey, quick(10));
  Webhooks b(**other_db, other_writer, clock_, kDataKey, quick(10));
  a.start();
  b.start();
  a.wake();
  b.wake();
  const auto ds = settled(id, 10s);
  a.stop();
  b.stop();
  other_writer.stop();
  ASSERT_EQ(ds.size(), 12u);
  std::set<std::string> keys;
  for (const auto& d : ds) {
    EXPECT_EQ(d.status, "delivered");
    EXPECT_EQ(d.attempts, 1);
    keys.insert(d.delivery_key);
  }
  const auto got = hook.requests();
  EXPECT_EQ(got.size(), 12u);
  std::set<std::string> sent;
  for (const auto& r : got) {
    sent.insert(r.header("x-labwatch-delivery"));
  }
  EXPECT_EQ(sent, keys);
}

}  // namespace
}  // namespace lw::notify
