#include "support/engine_test.hpp"

#include "storage/migrations.hpp"

namespace lw::testing {

EngineTest::EngineTest() : EngineTest(Options{}) {}

EngineTest::EngineTest(Options options) : options_(options) {}

void EngineTest::SetUp() {
  tdb_ = std::make_unique<TestDatabase>(GetParam());
  if (!tdb_->available()) {
    GTEST_SKIP() << "LABWATCH_TEST_PG is not set";
  }
  auto db = storage::Database::open(tdb_->url());
  ASSERT_TRUE(db) << db.error().note;
  db_ = std::move(*db);
  if (options_.connect) {
    auto conn = db_->connect();
    ASSERT_TRUE(conn) << conn.error().note;
    c_ = std::move(*conn);
  }
  if (options_.migrate) {
    if (c_) {
      auto st = storage::migrate(*c_);
      ASSERT_TRUE(st) << st.error().note;
    } else {
      auto lease = db_->acquire();
      ASSERT_TRUE(lease) << lease.error().note;
      auto st = storage::migrate(**lease);
      ASSERT_TRUE(st) << st.error().note;
    }
  }
}

void EngineTest::exec_script(const std::string& sql) {
  if (c_) {
    auto st = c_->exec_script(sql);
    ASSERT_TRUE(st) << st.error().note;
    return;
  }
  auto lease = db_->acquire();
  ASSERT_TRUE(lease) << lease.error().note;
  auto st = (*lease)->exec_script(sql);
  ASSERT_TRUE(st) << st.error().note;
}

}  // namespace lw::testing
