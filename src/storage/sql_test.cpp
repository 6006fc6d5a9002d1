// The Connection contract on both engines: $1..$n parameters of every Value type round-trip,
// row counts, and how failures map to catalogue codes.
#include "storage/sql.hpp"

#include <gtest/gtest.h>

#include <limits>

#include "storage/database.hpp"
#include "support/engine_test.hpp"

namespace lw::storage {
namespace {

using I64 = std::int64_t;

// Runs each test on SQLite and PostgreSQL (skipped without LABWATCH_TEST_PG).
class SqlTest : public lw::testing::EngineTest {
 protected:
  SqlTest() : EngineTest({.connect = true, .migrate = false}) {}

  void SetUp() override {
    EngineTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) {
      return;
    }
    const bool pg = c_->engine() == Engine::postgresql;
    ASSERT_TRUE(c_->exec_script(std::string("CREATE TABLE t (k BIGINT PRIMARY KEY, i BIGINT,"
                                            " d DOUBLE PRECISION, s TEXT, b ") +
                                (pg ? "BYTEA" : "BLOB") + ")"));
  }

  // Inserts one row and reads it back.
  Row round_trip(I64 k, Value i, Value d, Value s, Value b) {
    auto n = c_->exec("INSERT INTO t (k, i, d, s, b) VALUES ($1, $2, $3, $4, $5)",
                      params({k, std::move(i), std::move(d), std::move(s), std::move(b)}));
    EXPECT_TRUE(n) << n.error().note;
    auto rows = c_->query("SELECT i, d, s, b FROM t WHERE k = $1", params({k}));
    EXPECT_TRUE(rows) << rows.error().note;
    EXPECT_EQ(rows->size(), 1u);
    return rows->at(0);
  }
};

LW_ENGINE_SUITE(SqlTest);

TEST_P(SqlTest, ReportsItsEngine) {
  EXPECT_EQ(engine_name(c_->engine()), GetParam());
  EXPECT_EQ(db_->engine(), c_->engine());
}

TEST_P(SqlTest, NullsRoundTrip) {
  const Row r = round_trip(1, nullptr, nullptr, nullptr, nullptr);
  ASSERT_EQ(r.size(), 4u);
  for (std::size_t i = 0; i < 4; ++i) {
    EXPECT_TRUE(r.is_null(i)) << i;
  }
  EXPECT_EQ(r.int64(0), 0);
  EXPECT_EQ(r.text(2), "");
}

TEST_P(SqlTest, Int64ExtremesRoundTrip) {
  for (I64 v : {std::numeric_limits<I64>::min(), std::numeric_limits<I64>::max(), I64{0}, I64{-1},
                I64{1} << 53 | 1}) {
    const Row r = round_trip(v, v, nullptr, nullptr, nullptr);
    EXPECT_FALSE(r.is_null(0));
    EXPECT_EQ(r.int64(0), v);
  }
}

TEST_P(SqlTest, DoublesRoundTripExactly) {
  I64 k = 0;
  for (double v :
       {0.1, -2.5, 3.141592653589793, 1e300, -1e-300, 0.0, std::numeric_limits<double>::max(),
        std::numeric_limits<double>::infinity(), -std::numeric_limits<double>::infinity()}) {
    const Row r = round_trip(++k, nullptr, v, nullptr, nullptr);
    EXPECT_EQ(r.real(1), v);
  }
}

TEST_P(SqlTest, Utf8TextRoundTrips) {
  const std::string s = "检测报告 №42 — ✓ émoji 😀 \t\"quoted\" 'single' \\ back";
  const Row r = round_trip(1, nullptr, nullptr, s, nullptr);
  EXPECT_EQ(r.text(2), s);
  const Row empty = round_trip(2, nullptr, nullptr, std::string(), nullptr);
  EXPECT_FALSE(empty.is_null(2));
  EXPECT_EQ(empty.text(2), "");
}

TEST_P(SqlTest, BytesWithEmbeddedZerosRoundTrip) {
  std::string all;
  for (int i = 0; i < 256; ++i) {
    all.push_back(static_cast<char>(i));
  }
  const std::string zeros("\0\0a\0\xff\0", 6);
  const Row r1 = round_trip(1, nullptr, nullptr, nullptr, Bytes{all});
  EXPECT_EQ(r1.bytes(3), all);
  const Row r2 = round_trip(2, nullptr, nullptr, nullptr, Bytes{zeros});
  EXPECT_EQ(r2.bytes(3), zeros);
  const Row r3 = round_trip(3, nullptr, nullptr, nullptr, Bytes{std::string()});
  EXPECT_FALSE(r3.is_null(3));
  EXPECT_EQ(r3.bytes(3), "");
  const std::string big(300'000, '\0');
  const Row r4 = round_trip(4, nullptr, nullptr, nullptr, Bytes{big});
  EXPECT_EQ(r4.bytes(3), big);
}

TEST_P(SqlTest, ParametersMayBeReorderedAndReused) {
  ASSERT_TRUE(c_->exec("INSERT INTO t (s, k) VALUES ($2, $1)", params({I64{7}, std::string("x")})));
  ASSERT_TRUE(c_->exec("INSERT INTO t (s, k) VALUES ($2, $1)", params({I64{8}, std::string("y")})));
  auto all =
      c_->query("SELECT k FROM t WHERE ($1 = '' OR s = $1) ORDER BY k", params({std::string()}));
  ASSERT_TRUE(all) << all.error().note;
  ASSERT_EQ(all->size(), 2u);
  auto one =
      c_->query("SELECT k FROM t WHERE ($1 = '' OR s = $1) ORDER BY k", params({std::string("y")}));
  ASSERT_TRUE(one) << one.error().note;
  ASSERT_EQ(one->size(), 1u);
  EXPECT_EQ(one->at(0).int64(0), 8);
}

TEST_P(SqlTest, ExecCountsChangedRowsAndReturningGivesRows) {
  for (I64 k : {1, 2, 3}) {
    ASSERT_TRUE(c_->exec("INSERT INTO t (k, i) VALUES ($1, $2)", params({k, k * 10})));
  }
  auto changed = c_->exec("UPDATE t SET i = i + 1 WHERE k >= $1", params({I64{2}}));
  ASSERT_TRUE(changed) << changed.error().note;
  EXPECT_EQ(*changed, 2);
  auto none = c_->exec("DELETE FROM t WHERE k = $1", params({I64{99}}));
  ASSERT_TRUE(none);
  EXPECT_EQ(*none, 0);
  auto ret = c_->query("UPDATE t SET i = 0 WHERE k = $1 RETURNING k, i", params({I64{3}}));
  ASSERT_TRUE(ret) << ret.error().note;
  ASSERT_EQ(ret->size(), 1u);
  EXPECT_EQ(ret->at(0).int64(0), 3);
  EXPECT_EQ(ret->at(0).int64(1), 0);
  auto count = c_->query("SELECT COUNT(*), SUM(i) FROM t");
  ASSERT_TRUE(count);
  EXPECT_EQ(count->at(0).int64(0), 3);
  EXPECT_EQ(count->at(0).int64(1), 10 + 21 + 0);
}

TEST_P(SqlTest, UniqueViolationIsConflict) {
  ASSERT_TRUE(c_->exec("INSERT INTO t (k) VALUES ($1)", params({I64{1}})));
  auto dup = c_->exec("INSERT INTO t (k) VALUES ($1)", params({I64{1}}));
  ASSERT_FALSE(dup);
  EXPECT_EQ(dup.error().code, errc::conflict) << dup.error().note;
  auto dup_q = c_->query("INSERT INTO t (k) VALUES ($1) RETURNING k", params({I64{1}}));
  ASSERT_FALSE(dup_q);
  EXPECT_EQ(dup_q.error().code, errc::conflict) << dup_q.error().note;
  // The connection stays usable.
  EXPECT_TRUE(c_->exec("INSERT INTO t (k) VALUES ($1)", params({I64{2}})));
}

TEST_P(SqlTest, NotNullViolationIsConflict) {
  ASSERT_TRUE(c_->exec_script("CREATE TABLE nn (k BIGINT PRIMARY KEY, v TEXT NOT NULL)"));
  auto r = c_->exec("INSERT INTO nn (k, v) VALUES ($1, $2)", params({I64{1}, nullptr}));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, errc::conflict) << r.error().note;
}

TEST_P(SqlTest, BadSqlIsInternalAndTheConnectionStaysUsable) {
  auto r = c_->query("SELEKT nonsense");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, errc::internal);
  EXPECT_FALSE(r.error().note.empty());
  auto missing = c_->query("SELECT * FROM no_such_table");
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code, errc::internal);
  auto ok = c_->query("SELECT k FROM t");
  EXPECT_TRUE(ok);
}

TEST_P(SqlTest, ScriptsRunSeveralStatementsAndTransactionsRollBack) {
  ASSERT_TRUE(c_->exec_script("INSERT INTO t (k) VALUES (1); INSERT INTO t (k) VALUES (2);"));
  ASSERT_TRUE(c_->exec_script("BEGIN"));
  ASSERT_TRUE(c_->exec("INSERT INTO t (k) VALUES ($1)", params({I64{3}})));
  ASSERT_TRUE(c_->exec_script("ROLLBACK"));
  auto rows = c_->query("SELECT k FROM t ORDER BY k");
  ASSERT_TRUE(rows);
  ASSERT_EQ(rows->size(), 2u);
  EXPECT_EQ(rows->at(1).int64(0), 2);
  EXPECT_FALSE(c_->exec_script("THIS IS NOT SQL"));
}

TEST_P(SqlTest, WritesAreVisibleToOtherConnections) {
  ASSERT_TRUE(
      c_->exec("INSERT INTO t (k, s) VALUES ($1, $2)", params({I64{1}, std::string("seen")})));
  auto other = db_->connect();
  ASSERT_TRUE(other);
  auto rows = (*other)->query("SELECT s FROM t WHERE k = $1", params({I64{1}}));
  ASSERT_TRUE(rows);
  ASSERT_EQ(rows->size(), 1u);
  EXPECT_EQ(rows->at(0).text(0), "seen");
}

TEST_P(SqlTest, ManyDistinctStatementsKeepWorking) {
  // More distinct statements than the SQLite adapter caches, then the first ones again.
  for (int round = 0; round < 2; ++round) {
    for (I64 i = 0; i < 300; ++i) {
      auto rows = c_->query("SELECT COUNT(*) + " + std::to_string(i) + " FROM t WHERE k <> $1",
                            params({i}));
      ASSERT_TRUE(rows) << rows.error().note;
      ASSERT_EQ(rows->at(0).int64(0), i);
    }
  }
}

// A JSON string may carry U+0000 ("a\u0000b"). PostgreSQL cannot store NUL in text, and libpq
// would cut the string there: both adapters refuse it rather than store a shorter text.
TEST_P(SqlTest, TextWithAnEmbeddedNulIsKeptOrRefusedNeverTruncated) {
  const std::string s("a\0b", 3);
  auto n = c_->exec("INSERT INTO t (k, s) VALUES ($1, $2)", params({I64{1}, s}));
  if (!n) {
    SUCCEED() << "refused: " << n.error().note;
    return;
  }
  auto rows = c_->query("SELECT s FROM t WHERE k = $1", params({I64{1}}));
  ASSERT_TRUE(rows);
  ASSERT_EQ(rows->size(), 1u);
  EXPECT_EQ(rows->at(0).text(0), s);
}

// Text that is not UTF-8 (a percent-decoded query parameter, say) cannot be stored as text by
// PostgreSQL: both adapters refuse it as the caller's error, never as a server fault.
TEST_P(SqlTest, TextThatIsNotUtf8IsRefusedAsInvalidArgument) {
  for (const std::string& bad : {std::string("\xff"),
                                 std::string("a\xc0\xaf"
                                             "b"),
                                 std::string("\xed\xa0\x80")}) {
    auto n = c_->exec("INSERT INTO t (k, s) VALUES ($1, $2)", params({I64{1}, bad}));
    ASSERT_FALSE(n);
    EXPECT_EQ(n.error().code, errc::invalid_argument) << n.error().note;
    auto q = c_->query("SELECT k FROM t WHERE s = $1", params({bad}));
    ASSERT_FALSE(q);
    EXPECT_EQ(q.error().code, errc::invalid_argument);
  }
  EXPECT_TRUE(c_->exec("INSERT INTO t (k, s) VALUES ($1, $2)", params({I64{2}, "检测 ✓"})));
}

}  // namespace
}  // namespace lw::storage
