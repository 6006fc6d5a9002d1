// The worked example of the API manual (docs/api/openapi.yaml, info.description, "Ledger:
// entries, checkpoints, receipts"): every value shown there is recomputed here, and the manual
// must contain each block as printed. When the format changes, this test fails and prints the
// new text for the manual.
//
// The example key is a throwaway SM2 key made for the manual; its private half was used once,
// with stock OpenSSL, to sign the example checkpoint (SM2 signing is randomised, so the
// signature is a constant here, checked by verification).
#include <sys/wait.h>

#include <gtest/gtest.h>

#include <array>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <boost/json/serialize.hpp>

#include "core/random.hpp"
#include "ledger/base64.hpp"
#include "ledger/canonical_json.hpp"
#include "ledger/memory_tree.hpp"
#include "ledger/proof.hpp"
#include "ledger/receipt.hpp"

namespace lw::ledger {
namespace {

namespace fs = std::filesystem;
namespace json = boost::json;
using crypto::HashAlg;

constexpr const char* kPublicKeyPem = R"(-----BEGIN PUBLIC KEY-----
MFkwEwYHKoZIzj0CAQYIKoEcz1UBgi0DQgAEBTOwC8jGCMI8/xHaku00BTyG3Z5U
ru6TZhycuaZnjxPom4D53SigE1AoORpwoT0OL/4jvF4kO7vNZ9QKGz1Mcg==
-----END PUBLIC KEY-----
)";
constexpr const char* kSignatureBase64 =
    "MEUCIQD5ZN2+WWazGDaGRIMBbOnhs/VUkfizL/"
    "Rx6dIqpEpzhQIgB9u9XM0jmH32GNIwd7pwzRlPSvxOrBOMjx10z8LKimk=";

// The example ledger: five connectivity checks, one second apart.
std::vector<Entry> example_entries() {
  std::vector<Entry> out;
  const char* messages[] = {"LIMS test", "LIMS test 2", "联调自检", "联调自检 第 2 次",
                            "LIMS test 3"};
  for (int i = 0; i < 5; ++i) {
    Entry e;
    e.record_type = "connectivity_check";
    e.record_id = std::to_string(i + 1);
    e.uploader = "lk_0123456789abcdef";
    e.received_at = *parse_rfc3339("2026-11-21T09:55:00.123456Z") + std::chrono::seconds(i);
    e.record = {{"lab_code", "360402-0001"}, {"message", messages[i]}, {"sandbox", false}};
    out.push_back(std::move(e));
  }
  return out;
}

constexpr std::uint64_t kExampleLeaf = 3;

Checkpoint example_checkpoint(const std::string& root) {
  return Checkpoint{"labwatch.example/ledger", 5, root, *parse_rfc3339("2026-11-21T09:56:00Z"),
                    HashAlg::sm3};
}

// JSON for people: the outer object and its objects and arrays one member per line (two
// spaces per level), anything deeper on one line.
std::string pretty(const json::value& v, std::size_t depth = 0) {
  const std::string pad(2 * (depth + 1), ' ');
  const std::string close(2 * depth, ' ');
  if (depth < 2 && v.is_object() && !v.get_object().empty()) {
    std::string out = "{\n";
    bool first = true;
    for (const auto& kv : v.get_object()) {
      out += (first ? "" : ",\n") + pad + json::serialize(json::value(kv.key())) + ": " +
             pretty(kv.value(), depth + 1);
      first = false;
    }
    return out + "\n" + close + "}";
  }
  if (depth < 2 && v.is_array() && !v.get_array().empty()) {
    std::string out = "[\n";
    bool first = true;
    for (const auto& e : v.get_array()) {
      out += (first ? "" : ",\n") + pad + pretty(e, depth + 1);
      first = false;
    }
    return out + "\n" + close + "]";
  }
  return json::serialize(v);
}

struct Example {
  std::string entry_bytes;
  std::string leaf_hash_hex;
  std::string root_hex;
  std::string note;
  Receipt receipt;
  std::string receipt_text;
};

Example build() {
  Example x;
  MemoryTree tree(HashAlg::sm3);
  const std::vector<Entry> entries = example_entries();
  for (const Entry& e : entries) {
    tree.append(*leaf_of(HashAlg::sm3, e));
  }
  const Entry& e = entries[kExampleLeaf];
  x.entry_bytes = *entry_bytes(e);
  x.leaf_hash_hex = to_hex(*leaf_of(HashAlg::sm3, e));
  x.root_hex = to_hex(tree.root());
  const Checkpoint c = example_checkpoint(tree.root());
  x.note = note_body(c);
  auto sig = from_base64(kSignatureBase64);
  auto pub = crypto::Sm2PublicKey::from_pem(kPublicKeyPem);
  x.receipt = Receipt{e, kExampleLeaf, *leaf_of(HashAlg::sm3, e),
                      SignedCheckpoint{c, pub ? pub->key_id() : "", sig.value_or("")},
                      *inclusion_proof(HashAlg::sm3, tree, kExampleLeaf, 5)};
  x.receipt_text = pretty(receipt_json(x.receipt));
  return x;
}

std::string read_manual() {
  std::ifstream in(fs::path(LABWATCH_SOURCE_DIR) / "docs" / "api" / "openapi.yaml");
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// `text` with every line's leading blanks removed: a block as the YAML description holds it,
// whatever its indentation there.
std::string unindented(const std::string& text) {
  std::istringstream in(text);
  std::string out, line;
  while (std::getline(in, line)) {
    out += line.substr(std::min(line.size(), line.find_first_not_of(' '))) + "\n";
  }
  return out;
}

TEST(LedgerManualExample, ValuesPrintedInTheManualHold) {
  const Example x = build();
  std::cout << "---- entry bytes\n"
            << x.entry_bytes << "\n---- leaf hash\n"
            << x.leaf_hash_hex << "\n---- root\n"
            << x.root_hex << "\n---- note\n"
            << x.note << "---- receipt\n"
            << x.receipt_text << "\n";
  auto pub = crypto::Sm2PublicKey::from_pem(kPublicKeyPem);
  ASSERT_TRUE(pub.ok());
  const Status st = verify_receipt(x.receipt, *pub);
  EXPECT_TRUE(st.ok()) << st.error().note;
  // The receipt as printed parses back to itself.
  auto parsed = parse_json_strict(x.receipt_text);
  ASSERT_TRUE(parsed.ok());
  auto back = receipt_from_json(*parsed);
  ASSERT_TRUE(back.ok()) << back.error().note;
  EXPECT_EQ(*back, x.receipt);

  const std::string manual = unindented(read_manual());
  for (const std::string& block :
       {x.entry_bytes + "\n", x.leaf_hash_hex, x.root_hex, x.note, std::string(kPublicKeyPem),
        x.receipt_text + "\n", pub->key_id()}) {
    EXPECT_NE(manual.find(unindented(block).substr(0, block.size())), std::string::npos)
        << "docs/api/openapi.yaml lacks:\n"
        << block;
  }
}

// The manual's recipe for third parties: stock OpenSSL verifies the example checkpoint's note
// with the published key.
TEST(LedgerManualExample, StockOpenSslVerifiesTheExampleCheckpoint) {
  if (std::system("command -v openssl >/dev/null 2>&1") != 0) {
    GTEST_SKIP() << "no openssl binary on PATH";
  }
  const Example x = build();
  const fs::path dir = fs::temp_directory_path() / ("lw-ledger-manual-" + random_hex(8));
  fs::create_directories(dir);
  auto write = [&](const char* name, const std::string& content) {
    std::ofstream(dir / name, std::ios::binary) << content;
  };
  write("note.txt", x.note);
  write("sig.der", *from_base64(kSignatureBase64));
  write("pub.pem", kPublicKeyPem);
  const std::string command = "cd '" + dir.string() +
                              "' && openssl dgst -sm3 -verify pub.pem -signature sig.der "
                              "-sigopt distid:1234567812345678 note.txt 2>&1";
  std::string output;
  FILE* p = ::popen(command.c_str(), "r");
  std::array<char, 256> buf{};
  while (p != nullptr && std::fgets(buf.data(), buf.size(), p) != nullptr) {
    output += buf.data();
  }
  const int status = p != nullptr ? ::pclose(p) : -1;
  fs::remove_all(dir);
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << output;
  EXPECT_EQ(output, "Verified OK\n");
}

}  // namespace
}  // namespace lw::ledger
