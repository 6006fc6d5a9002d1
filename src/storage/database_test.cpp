// Database URLs and the connection pool behind Lease, on both engines.
#include "storage/database.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <memory>

#include "support/engine_test.hpp"

namespace lw::storage {
namespace {

TEST(DatabaseOpen, RejectsUnknownSchemesAndEmptyPaths) {
  for (const char* url : {"", "mysql://host/db", "sqlite:", "file:/tmp/x.db", "SQLITE:/tmp/x"}) {
    auto db = Database::open(url);
    ASSERT_FALSE(db) << url;
    EXPECT_EQ(db.error().code, errc::invalid_argument) << url;
  }
}

TEST(DatabaseOpen, ChoosesTheEngineByScheme) {
  // Opening does not connect, so no server is needed.
  auto lite = Database::open("sqlite:/nonexistent/dir/x.db");
  ASSERT_TRUE(lite);
  EXPECT_EQ((*lite)->engine(), Engine::sqlite);
  for (const char* url : {"postgresql://u@127.0.0.1:1/db", "postgres://u@127.0.0.1:1/db"}) {
    auto pg = Database::open(url);
    ASSERT_TRUE(pg) << url;
    EXPECT_EQ((*pg)->engine(), Engine::postgresql);
  }
}

TEST(DatabaseOpen, DescriptionHidesThePassword) {
  auto db = Database::open("postgresql://labwatch:s3cret@db.example:5432/labwatch");
  ASSERT_TRUE(db);
  EXPECT_EQ((*db)->description(), "postgresql://labwatch:***@db.example:5432/labwatch");
  auto nopw = Database::open("postgresql://labwatch@db.example:5432/labwatch");
  ASSERT_TRUE(nopw);
  EXPECT_EQ((*nopw)->description(), "postgresql://labwatch@db.example:5432/labwatch");
}

// libpq also takes the password as a URI parameter; description() goes to the log and stdout.
TEST(DatabaseOpen, DescriptionHidesAPasswordGivenAsParameter) {
  auto db =
      Database::open("postgresql://labwatch@db.example/labwatch?sslmode=require&password=s3cret");
  ASSERT_TRUE(db);
  EXPECT_EQ((*db)->description().find("s3cret"), std::string::npos) << (*db)->description();
}

TEST(DatabaseOpen, UnreachableServerIsStorageUnavailable) {
  auto db = Database::open("postgresql://nobody@127.0.0.1:1/none?connect_timeout=2");
  ASSERT_TRUE(db);
  auto lease = (*db)->acquire();
  ASSERT_FALSE(lease);
  EXPECT_EQ(lease.error().code, errc::storage_unavailable);
}

class PoolTest : public lw::testing::EngineTest {
 protected:
  PoolTest() : EngineTest({.migrate = false}) {}

  void SetUp() override {
    EngineTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) {
      return;
    }
    real_ = std::move(db_);
    // The same database, counting the connections it opens.
    db_ = std::make_unique<Database>(real_->engine(), "counted", [this] {
      ++opened_;
      return real_->connector()();
    });
  }

  std::unique_ptr<Database> real_;
  std::atomic<int> opened_{0};
};

LW_ENGINE_SUITE(PoolTest);

TEST_P(PoolTest, LeaseReturnsItsConnectionToThePool) {
  Connection* first = nullptr;
  {
    auto lease = db_->acquire();
    ASSERT_TRUE(lease) << lease.error().note;
    first = &**lease;
    EXPECT_TRUE((*lease)->query("SELECT 1"));
  }
  auto again = db_->acquire();
  ASSERT_TRUE(again);
  EXPECT_EQ(&**again, first);
  EXPECT_EQ(opened_, 1);
}

TEST_P(PoolTest, ConcurrentLeasesUseDistinctConnections) {
  auto a = db_->acquire();
  auto b = db_->acquire();
  ASSERT_TRUE(a);
  ASSERT_TRUE(b);
  EXPECT_NE(&**a, &**b);
  EXPECT_EQ(opened_, 2);
  {
    auto done_a = std::move(*a);
    auto done_b = std::move(*b);
  }
  // Both went back: two more leases open nothing new.
  auto c = db_->acquire();
  auto d = db_->acquire();
  ASSERT_TRUE(c);
  ASSERT_TRUE(d);
  EXPECT_EQ(opened_, 2);
}

TEST_P(PoolTest, MovedLeaseReturnsTheConnectionOnce) {
  {
    auto lease = db_->acquire();
    ASSERT_TRUE(lease);
    Lease moved = std::move(*lease);
    EXPECT_TRUE(moved->query("SELECT 1"));
  }  // both the moved-from and the moved-to lease end here
  auto a = db_->acquire();
  auto b = db_->acquire();
  ASSERT_TRUE(a);
  ASSERT_TRUE(b);
  EXPECT_NE(&**a, &**b);  // the pool held it once, not twice
  EXPECT_EQ(opened_, 2);
}

TEST_P(PoolTest, ConnectOpensOutsideThePool) {
  auto own = db_->connect();
  ASSERT_TRUE(own);
  auto lease = db_->acquire();
  ASSERT_TRUE(lease);
  EXPECT_NE(own->get(), &**lease);
  EXPECT_EQ(opened_, 2);
}

}  // namespace
}  // namespace lw::storage
