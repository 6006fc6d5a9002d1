// `labwatch receipt verify` as a lab runs it: the real binary, a receipt file and the
// platform's public key, no database (issue 4, the ledger's receipts). The receipt is made here
// with the ledger library, as the server makes it.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include <boost/json.hpp>

#include "ledger/memory_tree.hpp"
#include "ledger/proof.hpp"
#include "ledger/receipt.hpp"
#include "support/cli.hpp"
#include "support/test_db.hpp"

namespace lw::testing {
namespace {

namespace fs = std::filesystem;
using crypto::HashAlg;

class ReceiptCliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (test_engine() != "sqlite") {
      GTEST_SKIP() << "needs no database: runs once, in the sqlite pass";
    }
    ledger::MemoryTree tree(HashAlg::sm3);
    std::vector<ledger::Entry> entries;
    for (std::int64_t i = 0; i < 20; ++i) {
      ledger::Entry e;
      e.record_type = "connectivity_check";
      e.record_id = std::to_string(100 + i);
      e.uploader = "lk_0123456789abcdef";
      e.received_at = from_micros(1795756203000000 + i * 1000);
      e.record = {{"lab_code", "360402-0001"}, {"message", "联调自检 " + std::to_string(i)}};
      tree.append(*ledger::leaf_of(HashAlg::sm3, e));
      entries.push_back(std::move(e));
    }
    const ledger::Checkpoint c{"labwatch.test/ledger", 20, tree.root(),
                               from_micros(1795756260000000), HashAlg::sm3};
    const ledger::Receipt r{entries[13], 13, *ledger::leaf_of(HashAlg::sm3, entries[13]),
                            *ledger::sign(c, key_),
                            *ledger::inclusion_proof(HashAlg::sm3, tree, 13, 20)};
    receipt_ = boost::json::serialize(ledger::receipt_json(r));
    write("receipt.json", receipt_);
    write("pub.pem", key_.public_pem());
  }

  void write(const std::string& name, const std::string& content) {
    std::ofstream(dir_.path() / name, std::ios::binary) << content;
  }
  std::string path(const std::string& name) const {
    return "'" + (dir_.path() / name).string() + "'";
  }

  // Runs the command with a data folder that must stay untouched: nothing is opened.
  CliResult verify(const std::string& args) {
    CliResult r = run_cli("receipt verify " + args + " --data " + path("data"));
    EXPECT_FALSE(fs::exists(dir_.path() / "data")) << "receipt verify opened a database";
    return r;
  }

  TempDir dir_;
  crypto::Sm2KeyPair key_ = crypto::Sm2KeyPair::generate();
  std::string receipt_;
};

TEST_F(ReceiptCliTest, AnIntactReceiptVerifiesOffline) {
  const CliResult r = verify(path("receipt.json") + " --public-key " + path("pub.pem"));
  EXPECT_EQ(r.exit_code, 0) << r.output;
  EXPECT_EQ(r.output,
            "receipt verified: connectivity_check 113 v1, leaf 13 in checkpoint 20 signed by " +
                key_.key_id() + " at 2026-11-27T05:11:00.000000Z\n");
  // From standard input.
  const CliResult piped =
      verify("- --public-key " + path("pub.pem") + " < " + path("receipt.json"));
  EXPECT_EQ(piped.exit_code, 0) << piped.output;
  EXPECT_EQ(piped.output, r.output);
}

TEST_F(ReceiptCliTest, OneCharacterOfTheEntryChangedIsNotVerified) {
  std::string altered = receipt_;
  const auto at = altered.find("联调自检 13");
  ASSERT_NE(at, std::string::npos);
  altered.replace(at, std::string("联调自检 13").size(), "联调自检 12");
  write("altered.json", altered);
  const CliResult r = verify(path("altered.json") + " --public-key " + path("pub.pem"));
  EXPECT_EQ(r.exit_code, 1) << r.output;
  EXPECT_TRUE(r.output.starts_with("receipt NOT verified: leaf_hash")) << r.output;
}

TEST_F(ReceiptCliTest, AnotherKeyIsNotVerifiedAndUnreadableInputIsAUsageError) {
  write("other.pem", crypto::Sm2KeyPair::generate().public_pem());
  const CliResult other = verify(path("receipt.json") + " --public-key " + path("other.pem"));
  EXPECT_EQ(other.exit_code, 1) << other.output;
  EXPECT_TRUE(other.output.starts_with("receipt NOT verified: checkpoint: key_id")) << other.output;
  EXPECT_EQ(verify(path("absent.json") + " --public-key " + path("pub.pem")).exit_code, 2);
  EXPECT_EQ(verify(path("receipt.json") + " --public-key " + path("absent.pem")).exit_code, 2);
  EXPECT_EQ(verify(path("receipt.json")).exit_code, 2);  // no key given
}

}  // namespace
}  // namespace lw::testing
