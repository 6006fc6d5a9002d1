#include "ledger/receipt.hpp"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "ledger/canonical_json.hpp"
#include "ledger/memory_tree.hpp"
#include "ledger/proof.hpp"
#include "ledger/test_keys.hpp"
#include "support/refusals.hpp"

namespace lw::ledger {
namespace {

using lw::testing::refused_field;
using test_keys::platform_key;

namespace json = boost::json;
using crypto::HashAlg;
using crypto::Sm2KeyPair;

// A ledger in memory: its entries and their tree.
struct Ledger {
  explicit Ledger(HashAlg a) : alg(a), tree(a) {}

  void append(Entry e) {
    tree.append(*leaf_of(alg, e));
    entries.push_back(std::move(e));
  }

  // `n` entries: records r0, r1, …, every seventh a new version of the record before it.
  void fill(std::size_t n) {
    for (std::size_t i = entries.size(); i < n; ++i) {
      Entry e;
      e.record_type = i % 2 == 0 ? "connectivity_check" : "blob";
      e.record_id = "r" + std::to_string(i);
      e.uploader = i % 3 == 0 ? "lk_0123456789abcdef" : "inspector.li";
      e.received_at = from_micros(1795756203000000 + static_cast<std::int64_t>(i) * 1500);
      e.record = {{"seq", i},
                  {"value", std::to_string(i) + ".50"},
                  {"note", "第" + std::to_string(i) + "条"}};
      if (i % 7 == 6) {
        const Entry& before = entries.back();
        e.record_type = before.record_type;
        e.record_id = before.record_id;
        e.version = before.version + 1;
        e.prev = i - 1;
      }
      append(std::move(e));
    }
  }

  SignedCheckpoint checkpoint(std::uint64_t size, const Sm2KeyPair& key = platform_key()) {
    Checkpoint c{"ledger.labwatch.example/test", size, *root_at(alg, tree, size),
                 from_micros(1795756800000000), alg};
    return *sign(c, key);
  }

  Receipt receipt(std::uint64_t index, const SignedCheckpoint& checkpoint) {
    Receipt r{entries[index], index, *leaf_of(alg, entries[index]), checkpoint, {}};
    r.inclusion_proof = *inclusion_proof(alg, tree, index, checkpoint.checkpoint.size);
    return r;
  }

  HashAlg alg;
  MemoryTree tree;
  std::vector<Entry> entries;
};

Status verified(const Receipt& r) {
  return verify_receipt(r, platform_key().public_key());
}

// The suite's ledger of 300 entries and its checkpoint at 300, made once.
class LedgerReceipt : public ::testing::Test {
 protected:
  struct Shared {
    Ledger ledger{HashAlg::sm3};
    SignedCheckpoint checkpoint;
    Shared() {
      ledger.fill(300);
      checkpoint = ledger.checkpoint(300);
    }
  };
  static Shared& shared() {
    static Shared s;
    return s;
  }

  Ledger& ledger_ = shared().ledger;
  const SignedCheckpoint& checkpoint_ = shared().checkpoint;
};

TEST_F(LedgerReceipt, EveryLeafOfASignedTreeVerifies) {
  for (std::uint64_t i = 0; i < 300; ++i) {
    const Status st = verified(ledger_.receipt(i, checkpoint_));
    ASSERT_TRUE(st.ok()) << "leaf " << i << ": " << st.error().note;
  }
  // Against an older checkpoint too, with proofs from the same (larger) tree.
  const SignedCheckpoint older = ledger_.checkpoint(129);
  for (const std::uint64_t i : {0, 1, 64, 127, 128}) {
    EXPECT_TRUE(verified(ledger_.receipt(i, older)).ok()) << i;
  }
  // A tree of one leaf: the empty proof, the root is the leaf hash.
  const SignedCheckpoint first = ledger_.checkpoint(1);
  const Receipt only = ledger_.receipt(0, first);
  EXPECT_TRUE(only.inclusion_proof.empty());
  EXPECT_TRUE(verified(only).ok());
}

TEST_F(LedgerReceipt, JsonTextRoundTrips) {
  for (const std::uint64_t i : {0, 6, 150, 299}) {
    const Receipt r = ledger_.receipt(i, checkpoint_);
    const std::string text = json::serialize(receipt_json(r));
    auto parsed = parse_json_strict(text);
    ASSERT_TRUE(parsed.ok());
    auto back = receipt_from_json(*parsed);
    ASSERT_TRUE(back.ok()) << back.error().note;
    EXPECT_EQ(*back, r);
    EXPECT_TRUE(verified(*back).ok());
  }
  const json::object o = receipt_json(ledger_.receipt(150, checkpoint_));
  EXPECT_EQ(o.at("format"), "labwatch-receipt/1");
  EXPECT_EQ(o.at("leaf_index"), 150);
  EXPECT_EQ(o.at("leaf_hash").as_string().size(), 64u);
  EXPECT_EQ(o.at("inclusion_proof").as_array().size(), 9u);  // ⌈log2 300⌉
}

// Each thing a receipt claims is covered: changing any one of them fails, and says which.
TEST_F(LedgerReceipt, EveryAlterationFails) {
  const Receipt good = ledger_.receipt(150, checkpoint_);
  auto altered = [&](auto change) {
    Receipt r = good;
    change(r);
    return verified(r);
  };
  EXPECT_EQ(refused_field(altered([](Receipt&) {})), "(accepted)");
  // One byte of the entry's record.
  EXPECT_EQ(refused_field(altered([](Receipt& r) { r.entry.record["value"] = "150.51"; })),
            "leaf_hash");
  EXPECT_EQ(refused_field(altered([](Receipt& r) { r.entry.received_at += Micros{1}; })),
            "leaf_hash");
  EXPECT_EQ(refused_field(altered([](Receipt& r) { r.entry.uploader = "inspector.lu"; })),
            "leaf_hash");
  // The entry altered and its leaf hash recomputed: the proof no longer reaches the root.
  EXPECT_EQ(refused_field(altered([](Receipt& r) {
              r.entry.record["value"] = "150.51";
              r.leaf_hash = *leaf_of(HashAlg::sm3, r.entry);
            })),
            "inclusion_proof");
  // The leaf index.
  EXPECT_EQ(refused_field(altered([](Receipt& r) { r.leaf_index = 151; })), "inclusion_proof");
  EXPECT_EQ(refused_field(altered([](Receipt& r) { r.leaf_index = 300; })), "leaf_index");
  // A proof hash, a proof hash missing, one too many.
  EXPECT_EQ(refused_field(altered([](Receipt& r) { r.inclusion_proof[3][0] ^= 0x01; })),
            "inclusion_proof");
  EXPECT_EQ(refused_field(altered([](Receipt& r) { r.inclusion_proof.pop_back(); })),
            "inclusion_proof");
  EXPECT_EQ(refused_field(altered(
                [](Receipt& r) { r.inclusion_proof.push_back(r.inclusion_proof.front()); })),
            "inclusion_proof");
  // The checkpoint's root, size, time, signature; another key.
  EXPECT_EQ(refused_field(altered([](Receipt& r) { r.checkpoint->checkpoint.root[0] ^= 0x80; })),
            "checkpoint.signature");
  EXPECT_EQ(refused_field(altered([](Receipt& r) { r.checkpoint->checkpoint.size = 301; })),
            "checkpoint.signature");
  EXPECT_EQ(refused_field(altered([](Receipt& r) { r.checkpoint->checkpoint.size = 151; })),
            "checkpoint.signature");
  EXPECT_EQ(refused_field(altered([](Receipt& r) { r.checkpoint->checkpoint.time -= Micros{1}; })),
            "checkpoint.signature");
  EXPECT_EQ(refused_field(altered([](Receipt& r) { r.checkpoint->signature[20] ^= 0x04; })),
            "checkpoint.signature");
  const Sm2KeyPair other = Sm2KeyPair::generate();
  EXPECT_EQ(refused_field(verify_receipt(good, other.public_key())), "checkpoint.key_id");
  // A tree signed by another key, its receipt presented as ours.
  EXPECT_EQ(refused_field(verified(ledger_.receipt(150, ledger_.checkpoint(300, other)))),
            "checkpoint.key_id");
  // The hash algorithm: the same root claimed as SHA-256.
  EXPECT_EQ(
      refused_field(altered([](Receipt& r) { r.checkpoint->checkpoint.alg = HashAlg::sha256; })),
      "checkpoint.signature");
}

// The same with the receipt as text: one character of the entry changed.
TEST_F(LedgerReceipt, OneCharacterOfTheStoredEntryFails) {
  const std::string text = json::serialize(receipt_json(ledger_.receipt(150, checkpoint_)));
  for (const auto& [from, to] : std::vector<std::pair<std::string, std::string>>{
           {R"("value":"150.50")", R"("value":"150.60")"},
           {R"("id":"r150")", R"("id":"r151")"},
           {R"("version":1)", R"("version":2)"},
           {R"("type":"connectivity_check")", R"("type":"connectivity_checK")"},
           {"第150条", "第151条"}}) {
    std::string changed = text;
    const auto at = changed.find(from);
    ASSERT_NE(at, std::string::npos) << from;
    changed.replace(at, from.size(), to);
    auto r = receipt_from_json(*parse_json_strict(changed));
    if (r.ok()) {
      EXPECT_EQ(refused_field(verified(*r)), "leaf_hash") << from;
    } else {
      EXPECT_EQ(refused_field(r), "entry.prev") << from;  // version 2 needs a prev
    }
  }
}

TEST(LedgerReceiptChecks, PrevMustBeAnEarlierLeaf) {
  Ledger ledger(HashAlg::sm3);
  ledger.fill(5);
  Entry forward = ledger.entries[1];
  forward.version = 2;
  forward.prev = 7;  // a later leaf: no honest ledger writes this
  ledger.append(forward);
  ledger.fill(10);
  const SignedCheckpoint c = ledger.checkpoint(10);
  EXPECT_EQ(refused_field(verified(ledger.receipt(5, c))), "entry.prev");
  forward.prev = 5;  // itself
  Ledger self(HashAlg::sm3);
  self.fill(5);
  self.append(forward);
  EXPECT_EQ(refused_field(verified(self.receipt(5, self.checkpoint(6)))), "entry.prev");
}

TEST(LedgerReceiptChecks, Sha256DeploymentsVerifyToo) {
  Ledger ledger(HashAlg::sha256);
  ledger.fill(40);
  const Receipt r = ledger.receipt(33, ledger.checkpoint(40));
  EXPECT_TRUE(verified(r).ok());
  auto back = receipt_from_json(receipt_json(r));
  ASSERT_TRUE(back.ok()) << back.error().note;
  EXPECT_EQ(back->checkpoint->checkpoint.alg, HashAlg::sha256);
  EXPECT_TRUE(verified(*back).ok());
  // The SM3 leaf hash of the same entry is not the SHA-256 one.
  Receipt wrong_alg = r;
  wrong_alg.leaf_hash = *leaf_of(HashAlg::sm3, r.entry);
  EXPECT_EQ(refused_field(verified(wrong_alg)), "leaf_hash");
}

TEST(LedgerReceiptChecks, PendingReceiptsSayWhereToFetchTheCompleteOne) {
  Ledger ledger(HashAlg::sm3);
  ledger.fill(3);
  const Receipt pending{
      ledger.entries[2], 2, *leaf_of(HashAlg::sm3, ledger.entries[2]), std::nullopt, {}};
  const Status st = verified(pending);
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.error().code, errc::not_found);
  EXPECT_EQ(st.error().details.at("pending"), true);
  EXPECT_EQ(st.error().details.at("fetch"), "/api/v1/ledger/receipts/2");
  EXPECT_EQ(st.error().note,
            "no checkpoint yet — fetch the complete receipt from GET /api/v1/ledger/receipts/2");
  EXPECT_EQ(st.error().details.at("reason").as_string(), st.error().note);

  json::object o = receipt_json(pending);
  EXPECT_TRUE(o.at("checkpoint").is_null());
  EXPECT_EQ(o.at("inclusion_proof"), json::array{});
  auto back = receipt_from_json(o);
  ASSERT_TRUE(back.ok()) << back.error().note;
  EXPECT_EQ(*back, pending);
  o.erase("inclusion_proof");  // may be absent while pending
  back = receipt_from_json(o);
  ASSERT_TRUE(back.ok()) << back.error().note;
  EXPECT_EQ(*back, pending);
  o["inclusion_proof"] = json::array{std::string(64, 'a')};
  EXPECT_EQ(refused_field(receipt_from_json(o)), "inclusion_proof");
}

TEST_F(LedgerReceipt, JsonParsingIsStrict) {
  const json::object good = receipt_json(ledger_.receipt(6, checkpoint_));
  auto parsed = [&](auto change) {
    json::object o = good;
    change(o);
    return receipt_from_json(o);
  };
  EXPECT_EQ(refused_field(parsed([](json::object&) {})), "(accepted)");
  EXPECT_EQ(refused_field(receipt_from_json(json::array{})), "receipt");
  EXPECT_EQ(refused_field(parsed([](json::object& o) { o["format"] = "labwatch-receipt/2"; })),
            "format");
  EXPECT_EQ(refused_field(parsed([](json::object& o) { o["extra"] = 1; })), "extra");
  EXPECT_EQ(refused_field(parsed([](json::object& o) { o.erase("leaf_hash"); })), "leaf_hash");
  EXPECT_EQ(refused_field(parsed([](json::object& o) { o.erase("inclusion_proof"); })),
            "inclusion_proof");
  EXPECT_EQ(refused_field(parsed([](json::object& o) { o["leaf_index"] = -1; })), "leaf_index");
  EXPECT_EQ(refused_field(parsed([](json::object& o) { o["leaf_index"] = 6.0; })), "leaf_index");
  EXPECT_EQ(refused_field(parsed([](json::object& o) {
              std::string h(o["leaf_hash"].as_string());
              h[0] = static_cast<char>(std::toupper(h[0] == '0' ? 'a' : h[0]));
              o["leaf_hash"] = h;
            })),
            "leaf_hash");
  EXPECT_EQ(refused_field(parsed([](json::object& o) { o["inclusion_proof"] = "x"; })),
            "inclusion_proof");
  EXPECT_EQ(refused_field(parsed([](json::object& o) {
              o["inclusion_proof"].as_array()[1] = std::string(62, '0');
            })),
            "inclusion_proof[1]");
  EXPECT_EQ(refused_field(parsed([](json::object& o) { o["inclusion_proof"].as_array()[0] = 1; })),
            "inclusion_proof[0]");
  EXPECT_EQ(refused_field(parsed([](json::object& o) { o["entry"].as_object()["version"] = 0; })),
            "entry.version");
  EXPECT_EQ(refused_field(parsed(
                [](json::object& o) { o["entry"].as_object()["record"].as_object()["x"] = 0.5; })),
            "/entry/record/x");
  EXPECT_EQ(refused_field(
                parsed([](json::object& o) { o["checkpoint"].as_object()["note"] = "forged\n"; })),
            "checkpoint.note");
}

}  // namespace
}  // namespace lw::ledger
