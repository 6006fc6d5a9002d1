#pragma once
// The fixture of suites that run every test on both engines. Each test gets a throwaway
// database on GetParam() — "sqlite", or "postgresql" (skipped without LABWATCH_TEST_PG) —
// opened as db_ and migrated, unless the suite asks otherwise:
//
//   class FooTest : public lw::testing::EngineTest {
//    protected:
//     FooTest() : EngineTest({.connect = true}) {}  // or no constructor: the defaults
//     void SetUp() override {
//       EngineTest::SetUp();
//       if (IsSkipped() || HasFatalFailure()) {
//         return;
//       }
//       …the suite's own steps…
//     }
//   };
//   LW_ENGINE_SUITE(FooTest);  // Engines/FooTest.Bar/sqlite, Engines/FooTest.Bar/postgresql
#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "storage/database.hpp"
#include "support/test_db.hpp"

namespace lw::testing {

class EngineTest : public ::testing::TestWithParam<const char*> {
 protected:
  struct Options {
    /// Open a connection of the test's own, outside the pool, as c_.
    bool connect = false;
    /// Bring the schema up to date: on c_ when connected, else on a pooled connection.
    bool migrate = true;
  };

  EngineTest();
  explicit EngineTest(Options options);

  void SetUp() override;

  /// Runs `sql` on c_ when connected, else on a pooled connection; a fatal failure on error.
  void exec_script(const std::string& sql);

  std::unique_ptr<TestDatabase> tdb_;
  std::unique_ptr<storage::Database> db_;
  storage::ConnectionPtr c_;  // with Options::connect

 private:
  Options options_;
};

}  // namespace lw::testing

/// Runs the TEST_Ps of `Suite` (an EngineTest) on both engines, as
/// Engines/Suite.Test/sqlite and Engines/Suite.Test/postgresql.
#define LW_ENGINE_SUITE(Suite)                                                        \
  INSTANTIATE_TEST_SUITE_P(Engines, Suite, ::testing::Values("sqlite", "postgresql"), \
                           [](const auto& info) { return std::string(info.param); })

/// For tests of what only a database server can do (drop a connection, fail over).
#define LW_SERVER_ENGINE_SUITE(Suite)                                             \
  INSTANTIATE_TEST_SUITE_P(ServerEngines, Suite, ::testing::Values("postgresql"), \
                           [](const auto& info) { return std::string(info.param); })
