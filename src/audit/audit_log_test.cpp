// The audit chain on both engines: intact trails verify clean; a row edited, removed or
// inserted directly in the database is named by its seq.
#include "audit/audit_log.hpp"

#include <gtest/gtest.h>

#include "support/engine_test.hpp"

namespace lw::audit {
namespace {

using storage::params;

const std::string kKey(32, 'k');

class AuditLogTest : public lw::testing::EngineTest {
 protected:
  AuditLogTest() : EngineTest({.connect = true}) {}

  void append_n(int n) {
    for (int i = 0; i < n; ++i) {
      AuditEntry e;
      e.at = from_micros(1'790'000'000'000'000 + i);
      e.actor = "station-jj-01";
      e.role = "regulator";
      e.source_ip = "127.0.0.1";
      e.request_id = "r" + std::to_string(i);
      e.action = "project.create";
      e.target = "project/" + std::to_string(i);
      e.outcome = "ok";
      e.details = R"({"name":"九江市某住宅 3# 楼"})";
      ASSERT_TRUE(append(*c_, kKey, e));
      ASSERT_EQ(e.seq, i + 1);
    }
  }

  std::vector<Finding> findings() {
    auto f = verify(*c_, kKey);
    EXPECT_TRUE(f) << f.error().note;
    return f ? *f : std::vector<Finding>{};
  }
};
LW_ENGINE_SUITE(AuditLogTest);

TEST_P(AuditLogTest, IntactTrailVerifiesClean) {
  append_n(25);
  EXPECT_TRUE(findings().empty());
  auto rows = read(*c_, 0, 100);
  ASSERT_TRUE(rows);
  EXPECT_EQ(rows->size(), 25u);
  EXPECT_EQ(rows->back().details, R"({"name":"九江市某住宅 3# 楼"})");
}

TEST_P(AuditLogTest, EmptyTrailVerifiesClean) {
  EXPECT_TRUE(findings().empty());
}

TEST_P(AuditLogTest, EditedRowIsNamed) {
  append_n(10);
  ASSERT_TRUE(c_->exec("UPDATE audit_log SET outcome = 'denied' WHERE seq = 4"));
  auto f = findings();
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].seq_from, 4);
  EXPECT_EQ(f[0].problem, "changed");
}

TEST_P(AuditLogTest, RemovedRowIsNamed) {
  append_n(10);
  ASSERT_TRUE(c_->exec("DELETE FROM audit_log WHERE seq = 6"));
  auto f = findings();
  ASSERT_GE(f.size(), 1u);
  EXPECT_EQ(f[0].seq_from, 6);
  EXPECT_EQ(f[0].seq_to, 6);
  EXPECT_EQ(f[0].problem, "removed");
}

TEST_P(AuditLogTest, RemovedLastRowsAreNamed) {
  append_n(10);
  ASSERT_TRUE(c_->exec("DELETE FROM audit_log WHERE seq >= 9"));
  auto f = findings();
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].seq_from, 9);
  EXPECT_EQ(f[0].seq_to, 10);
  EXPECT_EQ(f[0].problem, "removed");
}

TEST_P(AuditLogTest, InsertedRowIsNamed) {
  append_n(5);
  ASSERT_TRUE(c_->exec(
      "INSERT INTO audit_log (seq, at, actor, role, source_ip, request_id, action, target,"
      " outcome, details, mac) VALUES (6, 0, 'x', 'x', 'x', 'x', 'x', 'x', 'ok', '{}', 'forged')"));
  auto f = findings();
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].seq_from, 6);
  EXPECT_EQ(f[0].problem, "inserted");
}

TEST_P(AuditLogTest, ATrailVerifiedWithAnotherKeyFailsEverywhere) {
  append_n(3);
  auto f = verify(*c_, std::string(32, 'z'));
  ASSERT_TRUE(f);
  EXPECT_EQ(f->size(), 3u);
}

TEST(AuditEntry, CanonicalFormIsUnambiguous) {
  AuditEntry a, b;
  a.actor = "ab";
  a.role = "c";
  b.actor = "a";
  b.role = "bc";
  EXPECT_NE(canonical(a), canonical(b));
  EXPECT_NE(chain_mac(kKey, "", a), chain_mac(kKey, "", b));
  EXPECT_EQ(chain_mac(kKey, "", a).size(), 64u);  // hex of SM3's 32 bytes
}

}  // namespace
}  // namespace lw::audit
