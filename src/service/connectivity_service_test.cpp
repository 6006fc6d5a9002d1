// ConnectivityService: validation, the server's receive time, durable storage. Both engines.
#include "service/connectivity_service.hpp"

#include <gtest/gtest.h>

#include <boost/asio/io_context.hpp>
#include <memory>

#include "core/metrics.hpp"
#include "support/engine_test.hpp"
#include "support/run_task.hpp"

namespace lw::service {
namespace {

namespace asio = boost::asio;
using domain::ConnectivityCheck;

class ConnectivityServiceTest : public lw::testing::EngineTest {
 protected:
  void SetUp() override {
    EngineTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) {
      return;
    }
    writer_ = std::make_unique<storage::Writer>(*db_, &metrics_);
    svc_ = std::make_unique<ConnectivityService>(*db_, *writer_, clock_, auditor_, ledger_);
  }

  Result<ConnectivityCheck> record(ConnectivityCheck check) {
    asio::io_context ioc;
    auto out = lw::testing::run(ioc, svc_->record(std::move(check), Caller{}));
    if (!out) {
      return Error(std::string(errc::internal), "record did not finish");
    }
    if (!*out) {
      return std::move(*out).error();
    }
    return std::move((*out)->record);
  }

  static ConnectivityCheck check(const std::string& lab) {
    ConnectivityCheck c;
    c.lab_code = lab;
    c.message = "联调";
    return c;
  }

  Metrics metrics_;
  std::unique_ptr<storage::Writer> writer_;
  ManualClock clock_{from_micros(1'790'000'000'000'000)};
  Auditor auditor_{std::string(32, 'a')};
  Ledger ledger_{{crypto::HashAlg::sm3, "ledger.test", crypto::Sm2KeyPair::generate()}, clock_};
  std::unique_ptr<ConnectivityService> svc_;
};

LW_ENGINE_SUITE(ConnectivityServiceTest);

TEST_P(ConnectivityServiceTest, RecordStampsTheServerTimeAndStores) {
  auto c = check("LAB-1");
  c.client_time = from_micros(1);
  c.received_at = from_micros(999);  // whatever the caller says, the server's clock decides
  auto rec = record(c);
  ASSERT_TRUE(rec) << rec.error().note;
  EXPECT_GT(rec->id, 0);
  EXPECT_EQ(rec->received_at, clock_.now());
  auto found = svc_->find(domain::Scope::all(), rec->id);
  ASSERT_TRUE(found);
  ASSERT_TRUE(found->has_value());
  EXPECT_EQ((*found)->received_at, clock_.now());
  EXPECT_EQ((*found)->client_time, from_micros(1));
  EXPECT_EQ((*found)->message, "联调");
}

TEST_P(ConnectivityServiceTest, InvalidCheckIsRefusedAndNotStored) {
  auto rec = record(check("lower-case"));
  ASSERT_FALSE(rec);
  EXPECT_EQ(rec.error().code, errc::invalid_argument);
  auto list = svc_->recent(domain::Scope::all(), "", 10);
  ASSERT_TRUE(list);
  EXPECT_TRUE(list->empty());
}

TEST_P(ConnectivityServiceTest, RecentListsNewestFirstPerLab) {
  ASSERT_TRUE(record(check("LAB-1")));
  clock_.advance(std::chrono::seconds(1));
  ASSERT_TRUE(record(check("LAB-2")));
  clock_.advance(std::chrono::seconds(1));
  auto newest = record(check("LAB-1"));
  ASSERT_TRUE(newest);
  auto all = svc_->recent(domain::Scope::all(), "", 10);
  ASSERT_TRUE(all);
  ASSERT_EQ(all->size(), 3u);
  EXPECT_EQ(all->front().id, newest->id);
  auto lab1 = svc_->recent(domain::Scope::all(), "LAB-1", 10);
  ASSERT_TRUE(lab1);
  EXPECT_EQ(lab1->size(), 2u);
}

// After the server drops its connections (restart, failover, idle timeout), a pooled connection
// is dead. The first read on it fails; the pool then drops it, so later reads connect anew.
using ConnectivityServiceServerTest = ConnectivityServiceTest;
LW_SERVER_ENGINE_SUITE(ConnectivityServiceServerTest);

TEST_P(ConnectivityServiceServerTest, ReadsRecoverAfterTheServerDropsPooledConnections) {
  ASSERT_TRUE(
      svc_->recent(domain::Scope::all(), "", 10));  // one connection is now idle in the pool
  {
    auto admin = db_->connect();
    ASSERT_TRUE(admin);
    ASSERT_TRUE(
        (*admin)->query("SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                        " WHERE datname = current_database() AND pid <> pg_backend_pid()"));
  }
  (void)svc_->recent(domain::Scope::all(), "", 10);  // may fail once: the connection was dead
  for (int i = 0; i < 3; ++i) {
    auto again = svc_->recent(domain::Scope::all(), "", 10);
    EXPECT_TRUE(again) << "read " << i << ": " << again.error().note;
  }
}

}  // namespace
}  // namespace lw::service
