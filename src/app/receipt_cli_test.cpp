#include "app/receipt_cli.hpp"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "app/config.hpp"
#include "ledger/memory_tree.hpp"
#include "ledger/proof.hpp"
#include "ledger/receipt.hpp"

namespace lw::app {
namespace {

using crypto::HashAlg;

struct Signed {
  crypto::Sm2KeyPair key = crypto::Sm2KeyPair::generate();
  std::string receipt;  // JSON text
};

// A receipt for leaf 2 of a ledger of 4 entries, signed with a fresh key.
Signed signed_receipt() {
  Signed out;
  ledger::MemoryTree tree(HashAlg::sm3);
  std::vector<ledger::Entry> entries;
  for (int i = 0; i < 4; ++i) {
    ledger::Entry e;
    e.record_type = "connectivity_check";
    e.record_id = std::to_string(i + 1);
    e.uploader = "lk_0123456789abcdef";
    e.received_at = from_micros(1795756203000000 + i);
    e.record = {{"message", "test " + std::to_string(i)}};
    tree.append(*ledger::leaf_of(HashAlg::sm3, e));
    entries.push_back(std::move(e));
  }
  const ledger::Checkpoint c{"labwatch.test/ledger", 4, tree.root(), from_micros(1795756260000000),
                             HashAlg::sm3};
  const ledger::Receipt r{entries[2], 2, *ledger::leaf_of(HashAlg::sm3, entries[2]),
                          *ledger::sign(c, out.key),
                          *ledger::inclusion_proof(HashAlg::sm3, tree, 2, 4)};
  out.receipt = boost::json::serialize(ledger::receipt_json(r));
  return out;
}

TEST(ReceiptCli, VerifiedReceiptNamesEntryLeafCheckpointKeyAndTime) {
  const Signed s = signed_receipt();
  const ReceiptVerdict v = check_receipt(s.receipt, s.key.public_pem());
  EXPECT_EQ(v.exit_code, kReceiptVerified);
  EXPECT_EQ(v.message,
            "receipt verified: connectivity_check 3 v1, leaf 2 in checkpoint 4 signed by " +
                s.key.key_id() + " at 2026-11-27T05:11:00.000000Z");
}

TEST(ReceiptCli, FailuresSayWhatFailed) {
  const Signed s = signed_receipt();
  auto verdict = [&](const std::string& from, const std::string& to) {
    std::string text = s.receipt;
    const auto at = text.find(from);
    EXPECT_NE(at, std::string::npos) << from;
    if (at != std::string::npos) {
      text.replace(at, from.size(), to);
    }
    return check_receipt(text, s.key.public_pem());
  };
  const ReceiptVerdict altered = verdict("test 2", "test 3");
  EXPECT_EQ(altered.exit_code, kReceiptNotVerified);
  EXPECT_TRUE(altered.message.starts_with("receipt NOT verified: leaf_hash: ")) << altered.message;
  const ReceiptVerdict index = verdict("\"leaf_index\":2", "\"leaf_index\":3");
  EXPECT_TRUE(index.message.starts_with("receipt NOT verified: inclusion_proof: "))
      << index.message;
  const ReceiptVerdict not_json = verdict("{", "[");
  EXPECT_EQ(not_json.exit_code, kReceiptNotVerified);
  EXPECT_TRUE(not_json.message.starts_with("receipt NOT verified: not JSON")) << not_json.message;
  const ReceiptVerdict dup = verdict("\"leaf_index\":2", "\"leaf_index\":2,\"leaf_index\":2");
  EXPECT_TRUE(dup.message.find("repeated") != std::string::npos) << dup.message;

  const crypto::Sm2KeyPair other = crypto::Sm2KeyPair::generate();
  const ReceiptVerdict wrong_key = check_receipt(s.receipt, other.public_pem());
  EXPECT_EQ(wrong_key.exit_code, kReceiptNotVerified);
  EXPECT_TRUE(wrong_key.message.starts_with("receipt NOT verified: checkpoint: key_id: "))
      << wrong_key.message;

  const ReceiptVerdict bad_key = check_receipt(s.receipt, "not a key");
  EXPECT_EQ(bad_key.exit_code, kReceiptUnreadable);
}

TEST(ReceiptCli, PendingReceiptIsNotVerifiedAndSaysWhereToLook) {
  const Signed s = signed_receipt();
  auto json = boost::json::parse(s.receipt).as_object();
  json["checkpoint"] = nullptr;
  json["inclusion_proof"] = boost::json::array{};
  const ReceiptVerdict v = check_receipt(boost::json::serialize(json), s.key.public_pem());
  EXPECT_EQ(v.exit_code, kReceiptNotVerified);
  EXPECT_EQ(v.message,
            "receipt NOT verified: no checkpoint yet — fetch the complete receipt from GET "
            "/api/v1/ledger/receipts/2");
}

TEST(ReceiptCli, CommandLine) {
  auto c = parse_args({"receipt", "verify", "r.json", "--public-key", "pub.pem"});
  ASSERT_TRUE(c.ok()) << c.error().note;
  EXPECT_EQ(c->command, "receipt verify");
  EXPECT_EQ(c->receipt_file, "r.json");
  EXPECT_EQ(c->public_key, "pub.pem");
  auto stdin_form = parse_args({"receipt", "verify", "-", "--public-key=pub.pem"});
  ASSERT_TRUE(stdin_form.ok()) << stdin_form.error().note;
  EXPECT_EQ(stdin_form->receipt_file, "-");
  EXPECT_FALSE(parse_args({"receipt", "verify", "r.json"}).ok());
  EXPECT_FALSE(parse_args({"receipt", "verify", "--public-key", "pub.pem"}).ok());
  EXPECT_FALSE(parse_args({"receipt", "check", "r.json", "--public-key", "pub.pem"}).ok());
  EXPECT_NE(usage().find("receipt verify FILE --public-key PEMFILE"), std::string::npos);
}

}  // namespace
}  // namespace lw::app
