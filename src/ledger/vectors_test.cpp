// The public RFC 6962 / RFC 9162 proof vectors of transparency-dev/merkle (SHA-256), from
// ../shared/testdata/merkle: every valid proof verifies, every mutated one is refused, and the
// proofs this code generates for the valid ones are byte for byte the published ones.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include "ledger/memory_tree.hpp"
#include "ledger/proof.hpp"
#include "ledger/rfc_reference.hpp"

namespace lw::ledger {
namespace {

namespace fs = std::filesystem;
namespace json = boost::json;
using crypto::HashAlg;

// RFC 4648 base64 with padding, as the vectors write hashes.
std::string from_base64(std::string_view in) {
  static constexpr std::string_view kAlphabet =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  std::uint32_t buffer = 0;
  int bits = 0;
  for (char c : in) {
    if (c == '=') {
      break;
    }
    const std::size_t value = kAlphabet.find(c);
    if (value == std::string_view::npos) {
      throw std::runtime_error("not base64: " + std::string(in));
    }
    buffer = (buffer << 6) | static_cast<std::uint32_t>(value);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out.push_back(static_cast<char>((buffer >> bits) & 0xff));
    }
  }
  return out;
}

struct Vector {
  std::string file;  // relative to the merkle folder, for messages
  json::object fields;

  std::uint64_t number(std::string_view key) const {
    return fields.at(key).to_number<std::uint64_t>();
  }
  std::string hash(std::string_view key) const { return from_base64(fields.at(key).as_string()); }
  std::vector<std::string> proof() const {
    std::vector<std::string> out;
    if (const auto& p = fields.at("proof"); p.is_array()) {  // null for an empty proof
      for (const auto& h : p.as_array()) {
        out.push_back(from_base64(h.as_string()));
      }
    }
    return out;
  }
  bool want_error() const { return fields.at("wantErr").as_bool(); }
};

const fs::path& merkle_dir() {
  static const fs::path dir =
      fs::path(LABWATCH_SOURCE_DIR) / ".." / "shared" / "testdata" / "merkle";
  return dir;
}

// Every JSON file under merkle/<kind>/, recursively.
std::vector<Vector> load(const std::string& kind) {
  std::vector<Vector> out;
  const fs::path root = merkle_dir() / kind;
  if (!fs::is_directory(root)) {
    return out;
  }
  for (const auto& entry : fs::recursive_directory_iterator(root)) {
    if (!entry.is_regular_file() || entry.path().extension() != ".json") {
      continue;
    }
    std::ifstream in(entry.path());
    std::stringstream text;
    text << in.rdbuf();
    out.push_back(Vector{fs::relative(entry.path(), merkle_dir()).string(),
                         json::parse(text.str()).as_object()});
  }
  return out;
}

// The tree the valid vectors were made from: the eight RFC 6962 test leaves.
MemoryTree rfc6962_tree() {
  MemoryTree tree(HashAlg::sha256);
  for (const std::string& entry : reference::rfc6962_entries()) {
    tree.append_entry(entry);
  }
  return tree;
}

TEST(LedgerVectors, Base64DecodesTheEmptyTreeHash) {
  EXPECT_EQ(from_base64("47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU="),
            empty_root(HashAlg::sha256));
  EXPECT_EQ(from_base64(""), "");
}

TEST(LedgerVectors, JJ_3_4_JL_2_3_InclusionProofsVerifyAndMutationsAreRefused) {
  const std::vector<Vector> vectors = load("inclusion");
  MemoryTree tree = rfc6962_tree();
  ASSERT_EQ(tree.size(), 8u);
  int valid = 0;
  int refused = 0;
  int generated = 0;
  for (const Vector& v : vectors) {
    SCOPED_TRACE(v.file);
    const std::uint64_t index = v.number("leafIdx");
    const std::uint64_t size = v.number("treeSize");
    const std::string leaf = v.hash("leafHash");
    const std::string root = v.hash("root");
    const std::vector<std::string> proof = v.proof();
    const Status s = verify_inclusion(HashAlg::sha256, leaf, index, size, proof, root);
    if (v.want_error()) {
      EXPECT_FALSE(s.ok()) << "a mutated proof was accepted";
      refused += s.ok() ? 0 : 1;
      continue;
    }
    ASSERT_TRUE(s.ok()) << s.error().note;
    ++valid;
    if (size <= tree.size() && *root_at(HashAlg::sha256, tree, size) == root) {
      EXPECT_EQ(*tree.nodes(std::vector<NodeId>{{0, index}}), std::vector<std::string>{leaf});
      EXPECT_EQ(*inclusion_proof(HashAlg::sha256, tree, index, size), proof);
      ++generated;
    }
  }
  // A wrong path must not pass for want of files: 98 files, 6 valid, 5 of them from the tree.
  EXPECT_GE(vectors.size(), 90u) << "vectors not found under " << merkle_dir();
  EXPECT_GE(valid, 6);
  EXPECT_GE(refused, 85);
  EXPECT_GE(generated, 5);
}

TEST(LedgerVectors, JJ_3_4_JL_2_3_ConsistencyProofsVerifyAndMutationsAreRefused) {
  const std::vector<Vector> vectors = load("consistency");
  MemoryTree tree = rfc6962_tree();
  int valid = 0;
  int refused = 0;
  int generated = 0;
  for (const Vector& v : vectors) {
    SCOPED_TRACE(v.file);
    const std::uint64_t size1 = v.number("size1");
    const std::uint64_t size2 = v.number("size2");
    const std::string root1 = v.hash("root1");
    const std::string root2 = v.hash("root2");
    const std::vector<std::string> proof = v.proof();
    const Status s = verify_consistency(HashAlg::sha256, size1, size2, proof, root1, root2);
    if (v.want_error()) {
      EXPECT_FALSE(s.ok()) << "a mutated proof was accepted";
      refused += s.ok() ? 0 : 1;
      continue;
    }
    ASSERT_TRUE(s.ok()) << s.error().note;
    ++valid;
    if (size2 <= tree.size() && *root_at(HashAlg::sha256, tree, size1) == root1 &&
        *root_at(HashAlg::sha256, tree, size2) == root2) {
      EXPECT_EQ(*consistency_proof(HashAlg::sha256, tree, size1, size2), proof);
      ++generated;
    }
  }
  EXPECT_GE(vectors.size(), 90u) << "vectors not found under " << merkle_dir();
  EXPECT_GE(valid, 6);
  EXPECT_GE(refused, 85);
  EXPECT_GE(generated, 5);
}

}  // namespace
}  // namespace lw::ledger
