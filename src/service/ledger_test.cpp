// The ledger on the write path (issue 4): a leaf per accepted record in the record's own
// transaction, a tree that matches an independent in-memory one, a frontier that survives
// rolled-back appends, and `ledger verify` naming a record changed or deleted behind the
// platform's back. Both engines.
#include "service/ledger.hpp"

#include <gtest/gtest.h>

#include <boost/asio/io_context.hpp>
#include <chrono>
#include <memory>
#include <thread>

#include "core/metrics.hpp"
#include "ledger/memory_tree.hpp"
#include "ledger/proof.hpp"
#include "service/connectivity_service.hpp"
#include "service/ledger_records.hpp"
#include "service/ledger_verify.hpp"
#include "storage/connectivity_checks.hpp"
#include "support/engine_test.hpp"
#include "support/run_task.hpp"

namespace lw::service {
namespace {

namespace asio = boost::asio;

class LedgerServiceTest : public lw::testing::EngineTest {
 protected:
  void SetUp() override {
    EngineTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) {
      return;
    }
    writer_ = std::make_unique<storage::Writer>(*db_, &metrics_);
    auto lease = db_->acquire();
    ASSERT_TRUE(lease);
    ASSERT_TRUE(ledger_.open(**lease));
    checks_ = std::make_unique<ConnectivityService>(*db_, *writer_, clock_, auditor_, ledger_);
  }

  // A connectivity check from lab `lab`, with its leaf, through `checks` (this instance's by
  // default).
  Receipted<domain::ConnectivityCheck> send(const std::string& lab, const std::string& message,
                                            ConnectivityService* checks = nullptr) {
    domain::ConnectivityCheck c;
    c.lab_code = lab;
    c.message = message;
    Caller caller;
    caller.actor = "lk_" + lab;
    asio::io_context ioc;
    auto out =
        lw::testing::run(ioc, (checks ? checks : checks_.get())->record(std::move(c), caller));
    EXPECT_TRUE(out && *out) << (out && !*out ? out->error().note : "did not finish");
    clock_.advance(std::chrono::milliseconds(3));
    return out && *out ? std::move(**out) : Receipted<domain::ConnectivityCheck>{};
  }

  LedgerReport verify() {
    auto lease = db_->acquire();
    EXPECT_TRUE(lease);
    auto report = verify_ledger(**lease, ledger_.alg(), ledger_.public_key());
    EXPECT_TRUE(report) << report.error().note;
    return report ? std::move(*report) : LedgerReport{};
  }

  static void begin(storage::Connection& conn) {
    ASSERT_TRUE(conn.exec(conn.engine() == storage::Engine::sqlite ? "BEGIN IMMEDIATE" : "BEGIN"));
  }

  // A connectivity check with its leaf appended by `ledger`, in the caller's transaction on
  // `conn` (what ConnectivityService::record does in its write job).
  LeafRef append_check(storage::Connection& conn, Ledger& ledger, const std::string& message) {
    domain::ConnectivityCheck c;
    c.lab_code = "LAB-A";
    c.message = message;
    c.received_at = clock_.now();
    EXPECT_TRUE(storage::insert_connectivity_check(conn, c));
    Caller caller;
    caller.actor = "lk_LAB-A";
    auto leaf = ledger.append(conn, connectivity_entry(c, caller), c.lab_code, c.sandbox);
    EXPECT_TRUE(leaf) << (leaf ? "" : leaf.error().note);
    return leaf ? std::move(*leaf) : LeafRef{};
  }

  // Another instance of the same deployment on the same database: its own writer and ledger.
  struct Instance {
    explicit Instance(LedgerServiceTest& t)
        : writer(*t.db_, &t.metrics_),
          ledger({crypto::HashAlg::sm3, "ledger.test", crypto::Sm2KeyPair::generate()}, t.clock_),
          checks(*t.db_, writer, t.clock_, t.auditor_, ledger) {}
    storage::Writer writer;
    Ledger ledger;
    ConnectivityService checks;
  };

  void tamper(const std::string& sql) {
    auto lease = db_->acquire();
    ASSERT_TRUE(lease);
    ASSERT_TRUE((*lease)->exec(sql)) << sql;
  }

  Metrics metrics_;
  std::unique_ptr<storage::Writer> writer_;
  ManualClock clock_{from_micros(1'790'000'000'000'000)};
  Auditor auditor_{std::string(32, 'a')};
  Ledger ledger_{{crypto::HashAlg::sm3, "ledger.test", crypto::Sm2KeyPair::generate()}, clock_};
  std::unique_ptr<ConnectivityService> checks_;
};

LW_ENGINE_SUITE(LedgerServiceTest);

TEST_P(LedgerServiceTest, EachRecordIsALeafAndTheStoredTreeMatchesAnIndependentOne) {
  ledger::MemoryTree reference(crypto::HashAlg::sm3);
  for (int i = 0; i < 70; ++i) {
    auto sent = send(i % 2 ? "LAB-A" : "LAB-B", "check " + std::to_string(i));
    EXPECT_EQ(sent.leaf.index, static_cast<std::uint64_t>(i));
    auto bytes = ledger::entry_bytes(sent.leaf.entry);
    ASSERT_TRUE(bytes);
    EXPECT_EQ(ledger::leaf_hash(crypto::HashAlg::sm3, *bytes), sent.leaf.leaf_hash);
    reference.append(sent.leaf.leaf_hash);
  }
  auto lease = db_->acquire();
  ASSERT_TRUE(lease);
  auto head = storage::read_ledger_head(**lease);
  ASSERT_TRUE(head);
  EXPECT_EQ(head->size, 70u);
  EXPECT_EQ(head->root, reference.root());
  // Proofs from the stored nodes verify against the stored root.
  storage::LedgerNodeReader reader(**lease);
  for (std::uint64_t index : {0u, 1u, 33u, 64u, 69u}) {
    auto proof = ledger::inclusion_proof(crypto::HashAlg::sm3, reader, index, 70);
    ASSERT_TRUE(proof) << proof.error().note;
    auto leaf = storage::ledger_leaves_from(**lease, index, 1);
    ASSERT_TRUE(leaf && leaf->size() == 1);
    EXPECT_TRUE(ledger::verify_inclusion(crypto::HashAlg::sm3, leaf->front().leaf_hash, index, 70,
                                         *proof, head->root));
  }
  EXPECT_TRUE(verify().findings.empty());
}

TEST_P(LedgerServiceTest, AnAppendRolledBackLeavesNoTraceAndTheNextOneFollowsTheStore) {
  send("LAB-A", "first");
  {
    // An append whose transaction is rolled back: the cached frontier is ahead of the store.
    auto lease = db_->acquire();
    ASSERT_TRUE(lease);
    ASSERT_TRUE((*lease)->exec((*lease)->engine() == storage::Engine::sqlite ? "BEGIN IMMEDIATE"
                                                                             : "BEGIN"));
    ledger::Entry e;
    e.record_type = "connectivity_check";
    e.record_id = "999";
    e.uploader = "lk_x";
    e.received_at = clock_.now();
    ASSERT_TRUE(ledger_.append(**lease, e, "LAB-A", false));
    ASSERT_TRUE((*lease)->exec("ROLLBACK"));
  }
  auto second = send("LAB-A", "second");
  EXPECT_EQ(second.leaf.index, 1u);
  EXPECT_TRUE(verify().findings.empty());
}

TEST_P(LedgerServiceTest, ARecordSaidToBeNewThatHasALeafIsRefusedNotChainedWrongly) {
  const auto sent = send("LAB-A", "first");
  EXPECT_EQ(sent.leaf.entry.version, 1);
  EXPECT_FALSE(sent.leaf.entry.prev);
  ledger::Entry again = sent.leaf.entry;  // the same record once more
  again.received_at = clock_.now();
  auto lease = db_->acquire();
  ASSERT_TRUE(lease);
  begin(**lease);
  auto refused = ledger_.append(**lease, again, "LAB-A", false, Ledger::Previous::none);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, errc::conflict);
  ASSERT_TRUE((*lease)->exec("ROLLBACK"));
  // Looked up, it is the record's second version, chained to the first.
  begin(**lease);
  auto chained = ledger_.append(**lease, again, "LAB-A", false);
  ASSERT_TRUE(chained) << chained.error().note;
  EXPECT_EQ(chained->index, 1u);
  EXPECT_EQ(chained->entry.version, 2);
  EXPECT_EQ(chained->entry.prev, sent.leaf.index);
  ASSERT_TRUE((*lease)->exec("ROLLBACK"));
  EXPECT_EQ(send("LAB-A", "second").leaf.index, 1u);
  EXPECT_TRUE(verify().findings.empty());
}

TEST_P(LedgerServiceTest, AnotherInstancesAppendsAreFollowed) {
  Instance other(*this);
  EXPECT_EQ(send("LAB-A", "here").leaf.index, 0u);
  EXPECT_EQ(send("LAB-A", "there", &other.checks).leaf.index, 1u);
  EXPECT_EQ(send("LAB-A", "there again", &other.checks).leaf.index, 2u);
  EXPECT_EQ(send("LAB-A", "here again").leaf.index, 3u);  // its cache was one behind
  EXPECT_EQ(send("LAB-A", "there at last", &other.checks).leaf.index, 4u);
  EXPECT_TRUE(verify().findings.empty());
}

TEST_P(LedgerServiceTest, AnAppendWaitingForAnotherInstancesTransactionFollowsItsLeaf) {
  Instance other(*this);
  send("LAB-A", "first");
  send("LAB-A", "second", &other.checks);  // the other instance's cache is at the head
  auto lease = db_->acquire();
  ASSERT_TRUE(lease);
  begin(**lease);
  EXPECT_EQ(append_check(**lease, ledger_, "held").index, 2u);
  // The other instance's append waits for this transaction (PostgreSQL: for the head's row
  // lock; SQLite: for the write lock), then finds the head moved on and follows it.
  std::uint64_t waited = 0;
  std::thread blocked([&] { waited = send("LAB-A", "waited", &other.checks).leaf.index; });
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  ASSERT_TRUE((*lease)->exec("COMMIT"));
  blocked.join();
  EXPECT_EQ(waited, 3u);
  EXPECT_EQ(send("LAB-A", "after").leaf.index, 4u);
  EXPECT_TRUE(verify().findings.empty());
}

TEST_P(LedgerServiceTest, JJ_3_4_VerifyNamesARecordChangedOrDeletedBehindThePlatformsBack) {
  for (int i = 0; i < 5; ++i) {
    send("LAB-A", "check " + std::to_string(i));
  }
  auto edited = send("LAB-A", "the original text");
  auto deleted = send("LAB-B", "to be removed");
  send("LAB-A", "after");
  EXPECT_TRUE(verify().findings.empty());

  tamper("UPDATE connectivity_checks SET message = 'the 0riginal text' WHERE id = " +
         std::to_string(edited.record.id));
  tamper("DELETE FROM connectivity_checks WHERE id = " + std::to_string(deleted.record.id));
  const auto report = verify();
  ASSERT_EQ(report.findings.size(), 2u);
  EXPECT_EQ(report.findings[0].index, edited.leaf.index);
  EXPECT_EQ(report.findings[0].subject,
            "connectivity_check " + std::to_string(edited.record.id) + " v1");
  EXPECT_EQ(report.findings[0].problem, "record changed");
  EXPECT_EQ(report.findings[1].index, deleted.leaf.index);
  EXPECT_EQ(report.findings[1].problem, "record missing");
  EXPECT_EQ(report.leaves, 8u);
}

// Registry records other than labs (issue 5) join the ledger through registry_versions: each
// change is a version chained to the previous one, rebuilt from the stored record.
TEST_P(LedgerServiceTest, JJ_3_4_RegistryRecordVersionsChainAndVerify) {
  auto change = [&](const std::string& name, const std::string& reason) {
    auto lease = db_->acquire();
    EXPECT_TRUE(lease);
    begin(**lease);
    RegistryChange c{"organisation", "17",        "", {{"name", name}, {"reason", reason}},
                     "sysadmin",     clock_.now()};
    auto leaf = record_registry_version(**lease, ledger_, std::move(c));
    EXPECT_TRUE(leaf) << (leaf ? "" : leaf.error().note);
    EXPECT_TRUE((*lease)->exec("COMMIT"));
    clock_.advance(std::chrono::milliseconds(3));
    return leaf ? std::move(*leaf) : LeafRef{};
  };
  const LeafRef first = change("九江建工集团", "登记 registration");
  const LeafRef second = change("九江建工集团有限公司", "更名 renamed");
  EXPECT_EQ(first.entry.version, 1);
  EXPECT_EQ(second.entry.version, 2);
  EXPECT_EQ(second.entry.prev, first.index);
  EXPECT_TRUE(verify().findings.empty());

  auto lease = db_->acquire();
  ASSERT_TRUE(lease);
  auto latest = latest_leaf_of(**lease, "organisation", "17");
  ASSERT_TRUE(latest && *latest);
  EXPECT_EQ((*latest)->entry, second.entry);

  tamper(
      "UPDATE registry_versions SET record = '{\"name\":\"别的公司\",\"reason\":\"更名 renamed\"}'"
      " WHERE record_id = '17' AND version = 2");
  tamper("UPDATE registry_versions SET record = 'not json' WHERE record_id = '17' AND version = 1");
  const auto report = verify();
  ASSERT_EQ(report.findings.size(), 2u);
  EXPECT_EQ(report.findings[0].subject, "organisation 17 v1");
  EXPECT_EQ(report.findings[0].problem, "record changed");
  EXPECT_EQ(report.findings[1].subject, "organisation 17 v2");
  EXPECT_EQ(report.findings[1].problem, "record changed");
}

TEST_P(LedgerServiceTest, VerifyChecksEveryCheckpointsSignatureAndRootAgainstTheLeaves) {
  for (int i = 0; i < 3; ++i) {
    send("LAB-A", "check " + std::to_string(i));
  }
  auto lease = db_->acquire();
  ASSERT_TRUE(lease);
  auto first = ledger_.checkpoint(**lease);
  ASSERT_TRUE(first && *first);
  send("LAB-A", "later");
  ASSERT_TRUE(ledger_.checkpoint(**lease));
  EXPECT_TRUE(verify().findings.empty());
  EXPECT_EQ(verify().checkpoints, 2u);

  // A checkpoint signed by another key (its row rewritten wholesale) is named.
  auto forged = ledger::sign((*first)->checkpoint, crypto::Sm2KeyPair::generate());
  ASSERT_TRUE(forged);
  std::vector<storage::Value> p{storage::Bytes{forged->signature}, forged->key_id};
  ASSERT_TRUE(
      (*lease)->exec("UPDATE ledger_checkpoints SET signature = $1, key_id = $2"
                     " WHERE size = 3",
                     p));
  auto report = verify();
  ASSERT_EQ(report.findings.size(), 1u);
  EXPECT_EQ(report.findings[0].subject, "checkpoint 3");
  EXPECT_EQ(report.findings[0].problem, "signature invalid");
}

TEST_P(LedgerServiceTest, VerifyNamesALeafOrNodeAlteredAndAHeadThatDisagrees) {
  for (int i = 0; i < 9; ++i) {
    send("LAB-A", "check " + std::to_string(i));
  }
  tamper(
      "UPDATE ledger_nodes SET hash = leaf_hash FROM ledger_leaves"
      " WHERE ledger_nodes.level = 1 AND ledger_nodes.idx = 0 AND ledger_leaves.idx = 5");
  auto report = verify();
  ASSERT_EQ(report.findings.size(), 1u);
  EXPECT_EQ(report.findings[0].subject, "ledger node (1, 0)");

  tamper("DELETE FROM ledger_leaves WHERE idx = 8");
  report = verify();
  ASSERT_FALSE(report.findings.empty());
  EXPECT_EQ(report.findings.back().subject, "ledger head");
}

}  // namespace
}  // namespace lw::service
