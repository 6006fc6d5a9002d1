// The audit chain on both engines: intact trails verify clean; a row edited, removed or
// inserted directly in the database is named by its seq.
#include "audit/audit_log.hpp"

#include <gtest/gtest.h>

#include "support/engine_test.hpp"

namespace lw::audit {
namespace {

constexpr std::string_view kKey = "kkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkk";  // 32 bytes

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

// Rows of several actors, actions and outcomes one minute apart, for the filters.
class AuditFilterTest : public AuditLogTest {
 protected:
  static constexpr std::int64_t kStart = 1'790'000'000'000'000;  // micros
  static constexpr std::int64_t kMinute = 60'000'000;

  void SetUp() override {
    AuditLogTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) {
      return;
    }
    struct Spec {
      const char* actor;
      const char* action;
      const char* target;
      const char* outcome;
    };
    const Spec specs[] = {
        {"jj-regulator", "auth.login", "user/jj-regulator", "ok"},                 // 1
        {"anonymous", "auth.login", "user/jj-regulator", "invalid_credentials"},   // 2
        {"sysadmin", "user.create", "user/lab-jj-02", "ok"},                       // 3
        {"lab-jj-01", "connectivity_check.create", "connectivity_check/7", "ok"},  // 4
        {"anonymous", "auth.login", "user/九江-检测员", "totp_invalid"},           // 5
        {"jj-regulator", "auth.logout", "user/jj-regulator", "ok"},                // 6
        {"sysadmin", "user.create", "user/100%_x", "ok"},                          // 7
    };
    std::int64_t i = 0;
    for (const auto& spec : specs) {
      AuditEntry e;
      e.at = from_micros(kStart + i++ * kMinute);
      e.actor = spec.actor;
      e.role = "regulator";
      e.source_ip = "127.0.0.1";
      e.request_id = "r" + std::to_string(i);
      e.action = spec.action;
      e.target = spec.target;
      e.outcome = spec.outcome;
      e.details = "{}";
      ASSERT_TRUE(append(*c_, kKey, e));
    }
  }

  std::vector<std::int64_t> seqs(const Filter& f, std::int64_t after = 0, int limit = 100) {
    auto rows = read(*c_, after, limit, f);
    EXPECT_TRUE(rows) << rows.error().note;
    std::vector<std::int64_t> out;
    if (rows) {
      for (const auto& e : *rows) {
        out.push_back(e.seq);
      }
    }
    return out;
  }
};
LW_ENGINE_SUITE(AuditFilterTest);

using Seqs = std::vector<std::int64_t>;

TEST_P(AuditFilterTest, NoFilterReadsEverything) {
  EXPECT_EQ(seqs({}), (Seqs{1, 2, 3, 4, 5, 6, 7}));
}

TEST_P(AuditFilterTest, ActorActionAndOutcomeMatchExactly) {
  EXPECT_EQ(seqs({.actor = "sysadmin"}), (Seqs{3, 7}));
  EXPECT_EQ(seqs({.actor = "sysadmi"}), Seqs{});
  EXPECT_EQ(seqs({.action = "auth.login"}), (Seqs{1, 2, 5}));
  EXPECT_EQ(seqs({.outcome = "ok"}), (Seqs{1, 3, 4, 6, 7}));
  EXPECT_EQ(seqs({.outcome = "totp_invalid"}), Seqs{5});
  EXPECT_EQ(seqs({.actor = "anonymous", .action = "auth.login", .outcome = "invalid_credentials"}),
            Seqs{2});
}

TEST_P(AuditFilterTest, NotOkMatchesEveryFailure) {
  EXPECT_EQ(seqs({.outcome = std::string(kOutcomeNotOk)}), (Seqs{2, 5}));
}

TEST_P(AuditFilterTest, TargetIsACaseSensitiveSubstringWithoutWildcards) {
  EXPECT_EQ(seqs({.target = "jj-regulator"}), (Seqs{1, 2, 6}));
  EXPECT_EQ(seqs({.target = "JJ-REGULATOR"}), Seqs{});
  EXPECT_EQ(seqs({.target = "九江"}), Seqs{5});
  // % and _ are plain characters, not LIKE patterns.
  EXPECT_EQ(seqs({.target = "%_"}), Seqs{7});
  EXPECT_EQ(seqs({.target = "%"}), Seqs{7});
  // Quotes are values, not SQL.
  EXPECT_EQ(seqs({.target = "' OR '1'='1"}), Seqs{});
}

TEST_P(AuditFilterTest, TimeRangeIsInclusive) {
  EXPECT_EQ(seqs({.from = from_micros(kStart + 2 * kMinute)}), (Seqs{3, 4, 5, 6, 7}));
  EXPECT_EQ(seqs({.to = from_micros(kStart + 1 * kMinute)}), (Seqs{1, 2}));
  EXPECT_EQ(
      seqs({.from = from_micros(kStart + 2 * kMinute), .to = from_micros(kStart + 4 * kMinute)}),
      (Seqs{3, 4, 5}));
  EXPECT_EQ(seqs({.from = from_micros(kStart + 2 * kMinute + 1),
                  .to = from_micros(kStart + 3 * kMinute - 1)}),
            Seqs{});
}

TEST_P(AuditFilterTest, FiltersPageWithAfterSeqAndLimit) {
  const Filter ok{.outcome = "ok"};
  EXPECT_EQ(seqs(ok, 0, 2), (Seqs{1, 3}));
  EXPECT_EQ(seqs(ok, 3, 2), (Seqs{4, 6}));
  EXPECT_EQ(seqs(ok, 6, 2), Seqs{7});
  EXPECT_EQ(seqs(ok, 7, 2), Seqs{});
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
