// Schema migrations on both engines: fresh state, idempotence, concurrent runs.
#include "storage/migrations.hpp"

#include <gtest/gtest.h>

#include <thread>
#include <vector>

#include "storage/database.hpp"
#include "support/engine_test.hpp"

namespace lw::storage {
namespace {

class MigrationsTest : public lw::testing::EngineTest {
 protected:
  // Each test starts from an empty database.
  MigrationsTest() : EngineTest({.connect = true, .migrate = false}) {}

  std::int64_t count(const std::string& sql) {
    auto rows = c_->query(sql);
    EXPECT_TRUE(rows) << rows.error().note;
    return rows ? rows->at(0).int64(0) : -1;
  }
};

LW_ENGINE_SUITE(MigrationsTest);

TEST_P(MigrationsTest, BothEnginesKnowTheSameVersions) {
  const auto& lite = sqlite_migrations();
  const auto& pg = postgres_migrations();
  ASSERT_FALSE(lite.empty());
  ASSERT_EQ(lite.size(), pg.size());
  for (std::size_t i = 0; i < lite.size(); ++i) {
    EXPECT_EQ(lite[i].version, pg[i].version);
    EXPECT_EQ(lite[i].name, pg[i].name);
    EXPECT_FALSE(lite[i].sql.empty());
    if (i > 0) {
      EXPECT_GT(lite[i].version, lite[i - 1].version);
    }
  }
  EXPECT_EQ(&migrations_for(c_->engine()), c_->engine() == Engine::sqlite ? &lite : &pg);
}

TEST_P(MigrationsTest, FreshDatabaseIsBehind) {
  auto st = schema_state(*c_);
  ASSERT_TRUE(st) << st.error().note;
  EXPECT_EQ(st->current, 0);
  EXPECT_EQ(st->latest, migrations_for(c_->engine()).back().version);
  EXPECT_FALSE(st->up_to_date());
}

TEST_P(MigrationsTest, MigrateBringsTheSchemaUpToDate) {
  auto st = migrate(*c_);
  ASSERT_TRUE(st) << st.error().note;
  EXPECT_TRUE(st->up_to_date());
  EXPECT_EQ(st->current, st->latest);
  auto read = schema_state(*c_);
  ASSERT_TRUE(read);
  EXPECT_TRUE(read->up_to_date());
  // The foundation tables exist.
  EXPECT_EQ(count("SELECT COUNT(*) FROM blobs"), 0);
  EXPECT_EQ(count("SELECT COUNT(*) FROM connectivity_checks"), 0);
}

TEST_P(MigrationsTest, MigrateIsIdempotent) {
  ASSERT_TRUE(migrate(*c_));
  const auto applied = count("SELECT COUNT(*) FROM schema_migrations");
  EXPECT_EQ(applied, static_cast<std::int64_t>(migrations_for(c_->engine()).size()));
  for (int i = 0; i < 3; ++i) {
    auto st = migrate(*c_);
    ASSERT_TRUE(st) << st.error().note;
    EXPECT_TRUE(st->up_to_date());
  }
  EXPECT_EQ(count("SELECT COUNT(*) FROM schema_migrations"), applied);
  // A new connection sees the same state.
  auto other = db_->connect();
  ASSERT_TRUE(other);
  auto st = schema_state(**other);
  ASSERT_TRUE(st);
  EXPECT_TRUE(st->up_to_date());
}

TEST_P(MigrationsTest, ConcurrentMigrationsApplyEachVersionOnce) {
  constexpr int kRunners = 4;
  std::vector<std::thread> threads;
  threads.reserve(kRunners);
  std::vector<int> ok(kRunners, 0);
  for (int i = 0; i < kRunners; ++i) {
    threads.emplace_back([this, i, &ok] {
      auto conn = db_->connect();
      if (!conn) {
        return;
      }
      auto st = migrate(**conn);
      ok[i] = st && st->up_to_date();
    });
  }
  for (auto& t : threads) {
    t.join();
  }
  for (int i = 0; i < kRunners; ++i) {
    EXPECT_EQ(ok[i], 1) << "runner " << i;
  }
  EXPECT_EQ(count("SELECT COUNT(*) FROM schema_migrations"),
            static_cast<std::int64_t>(migrations_for(c_->engine()).size()));
}

}  // namespace
}  // namespace lw::storage
