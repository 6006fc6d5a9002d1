// ConnectivityService: validation, the server's receive time, durable storage. Both engines.
#include "service/connectivity_service.hpp"

#include <gtest/gtest.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <cstdlib>
#include <memory>

#include "core/metrics.hpp"
#include "storage/migrations.hpp"
#include "support/test_db.hpp"

namespace lw::service {
namespace {

namespace asio = boost::asio;
using domain::ConnectivityCheck;

Task<void> record_into(ConnectivityService& svc, ConnectivityCheck check,
                       std::optional<Result<ConnectivityCheck>>& out) {
  auto result = co_await svc.record(std::move(check));
  out.emplace(std::move(result));
}

class ConnectivityServiceTest : public ::testing::TestWithParam<const char*> {
 protected:
  void SetUp() override {
    if (std::string(GetParam()) == "postgresql" && std::getenv("LABWATCH_TEST_PG") == nullptr) {
      GTEST_SKIP() << "LABWATCH_TEST_PG is not set";
    }
    setenv("LABWATCH_TEST_ENGINE", GetParam(), 1);
    tdb_ = std::make_unique<lw::testing::TestDatabase>();
    auto db = storage::Database::open(tdb_->url());
    ASSERT_TRUE(db) << db.error().note;
    db_ = std::move(*db);
    auto lease = db_->acquire();
    ASSERT_TRUE(lease) << lease.error().note;
    ASSERT_TRUE(storage::migrate(**lease));
    writer_ = std::make_unique<storage::Writer>(*db_, &metrics_);
    svc_ = std::make_unique<ConnectivityService>(*db_, *writer_, clock_);
  }

  Result<ConnectivityCheck> record(ConnectivityCheck check) {
    std::optional<Result<ConnectivityCheck>> out;
    asio::io_context ioc;
    asio::co_spawn(ioc, record_into(*svc_, std::move(check), out), [](const std::exception_ptr& e) {
      if (e) {
        std::rethrow_exception(e);
      }
    });
    ioc.run();
    if (!out) {
      return Error(std::string(errc::internal), "record did not finish");
    }
    return std::move(*out);
  }

  static ConnectivityCheck check(const std::string& lab) {
    ConnectivityCheck c;
    c.lab_code = lab;
    c.message = "联调";
    return c;
  }

  std::unique_ptr<lw::testing::TestDatabase> tdb_;
  std::unique_ptr<storage::Database> db_;
  Metrics metrics_;
  std::unique_ptr<storage::Writer> writer_;
  ManualClock clock_{from_micros(1'790'000'000'000'000)};
  std::unique_ptr<ConnectivityService> svc_;
};

INSTANTIATE_TEST_SUITE_P(Engines, ConnectivityServiceTest,
                         ::testing::Values("sqlite", "postgresql"),
                         [](const auto& info) { return std::string(info.param); });

TEST_P(ConnectivityServiceTest, RecordStampsTheServerTimeAndStores) {
  auto c = check("LAB-1");
  c.client_time = from_micros(1);
  c.received_at = from_micros(999);  // whatever the caller says, the server's clock decides
  auto rec = record(c);
  ASSERT_TRUE(rec) << rec.error().note;
  EXPECT_GT(rec->id, 0);
  EXPECT_EQ(rec->received_at, clock_.now());
  auto found = svc_->find(rec->id);
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
  auto list = svc_->recent("", 10);
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
  auto all = svc_->recent("", 10);
  ASSERT_TRUE(all);
  ASSERT_EQ(all->size(), 3u);
  EXPECT_EQ(all->front().id, newest->id);
  auto lab1 = svc_->recent("LAB-1", 10);
  ASSERT_TRUE(lab1);
  EXPECT_EQ(lab1->size(), 2u);
}

// After the server drops its connections (restart, failover, idle timeout), a pooled connection
// is dead. The first read on it fails; the pool then drops it, so later reads connect anew.
TEST_P(ConnectivityServiceTest, ReadsRecoverAfterTheServerDropsPooledConnections) {
  if (std::string(GetParam()) != "postgresql") {
    GTEST_SKIP() << "needs a server to drop the connection";
  }
  ASSERT_TRUE(svc_->recent("", 10));  // one connection is now idle in the pool
  {
    auto admin = db_->connect();
    ASSERT_TRUE(admin);
    ASSERT_TRUE(
        (*admin)->query("SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                        " WHERE datname = current_database() AND pid <> pg_backend_pid()"));
  }
  (void)svc_->recent("", 10);  // may fail once: the connection was dead
  for (int i = 0; i < 3; ++i) {
    auto again = svc_->recent("", 10);
    EXPECT_TRUE(again) << "read " << i << ": " << again.error().note;
  }
}

}  // namespace
}  // namespace lw::service
