#include "ledger/proof.hpp"

#include <gtest/gtest.h>

#include <bit>
#include <cstdlib>
#include <iostream>
#include <random>

#include "ledger/memory_tree.hpp"
#include "ledger/rfc_reference.hpp"
#include "support/refusals.hpp"

namespace lw::ledger {
namespace {

using lw::testing::refused_field;

using crypto::HashAlg;
using Ids = std::vector<NodeId>;
using Elements = std::vector<ProofElement>;

// The seed of the random trees: fixed, printed, and replaceable with LW_LEDGER_SEED to replay
// or widen a run.
std::uint64_t test_seed() {
  static const std::uint64_t seed = [] {
    const char* env = std::getenv("LW_LEDGER_SEED");
    const std::uint64_t s = env != nullptr ? std::strtoull(env, nullptr, 10) : 20261121;
    std::cout << "[ ledger  ] random trees with LW_LEDGER_SEED=" << s << "\n";
    return s;
  }();
  return seed;
}

std::string flipped(std::string s, std::size_t at, unsigned char mask = 0x01) {
  s[at] = static_cast<char>(static_cast<unsigned char>(s[at]) ^ mask);
  return s;
}

// A NodeReader that counts its calls and the ids it was asked for.
class CountingReader final : public NodeReader {
 public:
  explicit CountingReader(NodeReader& inner) : inner_(inner) {}
  Result<std::vector<std::string>> nodes(std::span<const NodeId> ids) override {
    ++calls;
    asked += ids.size();
    return inner_.nodes(ids);
  }
  int calls = 0;
  std::size_t asked = 0;

 private:
  NodeReader& inner_;
};

// ---- Which nodes a proof needs ----

TEST(LedgerProofNodes, InclusionPathsOfASevenLeafTree) {
  // RFC 9162 §2.1.5's example tree of 7 leaves: the path of leaf 0 ends in the ephemeral
  // subtree [4, 7) = fold of (1, 2) and leaf 6; the path of leaf 5 takes that edge up.
  EXPECT_EQ(*inclusion_nodes(0, 7),
            (Elements{{Ids{{0, 1}}}, {Ids{{1, 1}}}, {Ids{{1, 2}, {0, 6}}}}));
  EXPECT_EQ(*inclusion_nodes(3, 7),
            (Elements{{Ids{{0, 2}}}, {Ids{{1, 0}}}, {Ids{{1, 2}, {0, 6}}}}));
  EXPECT_EQ(*inclusion_nodes(4, 7), (Elements{{Ids{{0, 5}}}, {Ids{{0, 6}}}, {Ids{{2, 0}}}}));
  EXPECT_EQ(*inclusion_nodes(6, 7), (Elements{{Ids{{1, 2}}}, {Ids{{2, 0}}}}));
  EXPECT_EQ(*inclusion_nodes(0, 1), Elements{});
  EXPECT_EQ(*inclusion_nodes(4, 5), (Elements{{Ids{{2, 0}}}}));
}

TEST(LedgerProofNodes, ConsistencyProofsOfTheRfcExample) {
  // RFC 9162 §2.1.5: PROOF(3, D[7]) = [c, d, g, l], PROOF(4, D[7]) = [l], PROOF(6, D[7]) = [i, j,
  // k].
  EXPECT_EQ(*consistency_nodes(3, 7),
            (Elements{{Ids{{0, 2}}}, {Ids{{0, 3}}}, {Ids{{1, 0}}}, {Ids{{1, 2}, {0, 6}}}}));
  EXPECT_EQ(*consistency_nodes(4, 7), (Elements{{Ids{{1, 2}, {0, 6}}}}));
  EXPECT_EQ(*consistency_nodes(6, 7), (Elements{{Ids{{1, 2}}}, {Ids{{0, 6}}}, {Ids{{2, 0}}}}));
  EXPECT_EQ(*consistency_nodes(6, 8), (Elements{{Ids{{1, 2}}}, {Ids{{1, 3}}}, {Ids{{2, 0}}}}));
  EXPECT_EQ(*consistency_nodes(5, 5), Elements{});
  EXPECT_EQ(node_ids(*consistency_nodes(3, 7)), (Ids{{0, 2}, {0, 3}, {1, 0}, {1, 2}, {0, 6}}));
}

TEST(LedgerProofNodes, RefusesImpossibleArguments) {
  EXPECT_EQ(inclusion_nodes(5, 5).error().code, errc::invalid_argument);
  EXPECT_FALSE(inclusion_nodes(0, 0).ok());
  EXPECT_FALSE(consistency_nodes(0, 3).ok());
  EXPECT_FALSE(consistency_nodes(0, 0).ok());
  EXPECT_FALSE(consistency_nodes(4, 3).ok());
}

// At any size, a proof needs O(log n) perfect nodes that all lie inside the tree.
TEST(LedgerProofNodes, StayLogarithmicAndInsideTheTreeUpTo2To64) {
  std::mt19937_64 rng(test_seed());
  for (int round = 0; round < 3000; ++round) {
    const std::uint64_t size = round == 0 ? ~std::uint64_t{0} : (rng() >> (rng() % 64)) | 1;
    const std::uint64_t index = rng() % size;
    const auto bound = static_cast<std::size_t>(2 * std::bit_width(size));
    for (const auto& elements :
         {*inclusion_nodes(index, size), *consistency_nodes(index + 1, size)}) {
      const Ids ids = node_ids(elements);
      ASSERT_LE(ids.size(), bound) << index << " of " << size;
      ASSERT_LE(elements.size(), 65u);  // a consistency proof may add one to a 64-level path
      for (const NodeId& id : ids) {
        ASSERT_LT(id.level, 64u);
        ASSERT_LE(id.index, (size - 1) >> id.level) << index << " of " << size;  // end() ≤ size
      }
    }
  }
}

// ---- Generation and verification on random trees, against the RFC text ----

struct Budget {
  std::size_t exhaustive_up_to = 33;  // every (index, size) and (size1, size2) pair
  int samples = 60;                   // random pairs per tree beyond that
  int reference_checks = 12;          // of which compared with the O(n) reference
};

// Checks one tree of `n` random leaves. `exhaustive_flips` flips every byte of the last pair's
// inclusion and consistency proofs, roots and leaf; the others flip one random byte of each.
void check_tree(HashAlg alg, std::size_t n, std::mt19937_64& rng, bool exhaustive_flips,
                const Budget& budget = {}) {
  SCOPED_TRACE("tree of " + std::to_string(n) +
               " leaves, LW_LEDGER_SEED=" + std::to_string(test_seed()));
  std::vector<std::string> leaves;
  MemoryTree tree(alg);
  for (std::size_t i = 0; i < n; ++i) {
    leaves.push_back(leaf_hash(alg, std::to_string(rng())));
    tree.append(leaves.back());
  }
  const std::span<const std::string> all(leaves);
  ASSERT_EQ(tree.root(), reference::mth(alg, all));

  std::vector<std::pair<std::uint64_t, std::uint64_t>> pairs;  // (index, size): index < size
  if (n <= budget.exhaustive_up_to) {
    for (std::uint64_t size = 1; size <= n; ++size) {
      for (std::uint64_t index = 0; index < size; ++index) {
        pairs.emplace_back(index, size);
      }
    }
  } else {
    pairs.emplace_back(0, n);
    pairs.emplace_back(n - 1, n);
    for (int i = 0; i < budget.samples; ++i) {
      const std::uint64_t size = 1 + rng() % n;
      pairs.emplace_back(rng() % size, size);
    }
  }
  const bool all_against_reference = n <= budget.exhaustive_up_to;

  int checked = 0;
  for (std::size_t pair = 0; pair < pairs.size(); ++pair) {
    const std::uint64_t index = pairs[pair].first;
    const std::uint64_t size = pairs[pair].second;
    SCOPED_TRACE("index/size1 " + std::to_string(index) + ", size " + std::to_string(size));
    const bool with_reference = all_against_reference || checked++ < budget.reference_checks;
    auto root = root_at(alg, tree, size);
    ASSERT_TRUE(root.ok());
    if (with_reference) {
      ASSERT_EQ(*root, reference::mth(alg, all.first(size)));
    }

    // Inclusion of leaf `index` in the tree of `size`.
    auto path = inclusion_proof(alg, tree, index, size);
    ASSERT_TRUE(path.ok()) << path.error().note;
    if (with_reference) {
      ASSERT_EQ(*path, reference::path(alg, index, all.first(size)));
    }
    const std::string& leaf = leaves[index];
    ASSERT_TRUE(verify_inclusion(alg, leaf, index, size, *path, *root).ok());

    // Consistency of the trees of index + 1 and size leaves.
    const std::uint64_t size1 = index + 1;
    auto proof = consistency_proof(alg, tree, size1, size);
    ASSERT_TRUE(proof.ok()) << proof.error().note;
    const std::string root1 = *root_at(alg, tree, size1);
    if (with_reference) {
      ASSERT_EQ(*proof, reference::proof(alg, size1, all.first(size)));
    }
    ASSERT_TRUE(verify_consistency(alg, size1, size, *proof, root1, *root).ok());

    // Tampering with any byte is caught.
    auto inclusion_refused = [&](std::size_t element, std::size_t at, unsigned char mask) {
      auto bad = *path;
      bad[element] = flipped(bad[element], at, mask);
      return !verify_inclusion(alg, leaf, index, size, bad, *root).ok();
    };
    auto consistency_refused = [&](std::size_t element, std::size_t at, unsigned char mask) {
      auto bad = *proof;
      bad[element] = flipped(bad[element], at, mask);
      return !verify_consistency(alg, size1, size, bad, root1, *root).ok();
    };
    const std::size_t hash_size = crypto::digest_size(alg);
    if (exhaustive_flips && pair == pairs.size() - 1) {  // a random pair
      for (std::size_t e = 0; e < path->size(); ++e) {
        for (std::size_t at = 0; at < hash_size; ++at) {
          ASSERT_TRUE(inclusion_refused(e, at, 0x01))
              << "inclusion element " << e << " byte " << at;
        }
      }
      for (std::size_t e = 0; e < proof->size(); ++e) {
        for (std::size_t at = 0; at < hash_size; ++at) {
          ASSERT_TRUE(consistency_refused(e, at, 0x80))
              << "consistency element " << e << " byte " << at;
        }
      }
      for (std::size_t at = 0; at < hash_size; ++at) {
        ASSERT_FALSE(verify_inclusion(alg, flipped(leaf, at), index, size, *path, *root).ok());
        ASSERT_FALSE(verify_inclusion(alg, leaf, index, size, *path, flipped(*root, at)).ok());
        ASSERT_FALSE(verify_consistency(alg, size1, size, *proof, flipped(root1, at), *root).ok());
        ASSERT_FALSE(verify_consistency(alg, size1, size, *proof, root1, flipped(*root, at)).ok());
      }
    } else {
      const std::size_t at = rng() % hash_size;
      const auto mask = static_cast<unsigned char>(1 + rng() % 255);
      if (!path->empty()) {
        ASSERT_TRUE(inclusion_refused(rng() % path->size(), at, mask));
      }
      if (!proof->empty()) {
        ASSERT_TRUE(consistency_refused(rng() % proof->size(), at, mask));
      }
      ASSERT_FALSE(verify_inclusion(alg, flipped(leaf, at, mask), index, size, *path, *root).ok());
      ASSERT_FALSE(verify_inclusion(alg, leaf, index, size, *path, flipped(*root, at, mask)).ok());
      ASSERT_FALSE(
          verify_consistency(alg, size1, size, *proof, flipped(root1, at, mask), *root).ok());
      ASSERT_FALSE(
          verify_consistency(alg, size1, size, *proof, root1, flipped(*root, at, mask)).ok());
    }
  }
}

// Tree sizes: the smallest, powers of two and their neighbours, and one random large size.
std::vector<std::size_t> tree_sizes(std::mt19937_64& rng, std::size_t largest) {
  std::vector<std::size_t> sizes{1,  2,  3,   4,   5,   7,    8,    9,   31,
                                 32, 33, 255, 256, 257, 1023, 1024, 1025};
  sizes.push_back(largest / 2 + rng() % (largest / 2));
  return sizes;
}

TEST(LedgerProofs, JJ_3_4_JL_2_3_RandomTreesSha256ProveAndCatchEveryFlippedByte) {
  std::mt19937_64 rng(test_seed());
  for (std::size_t n : tree_sizes(rng, 10000)) {
    check_tree(HashAlg::sha256, n, rng, /*exhaustive_flips=*/n > 1025);
    if (HasFatalFailure()) {
      return;
    }
  }
}

TEST(LedgerProofs, JJ_3_4_JL_2_3_RandomTreesSm3ProveAndCatchEveryFlippedByte) {
  std::mt19937_64 rng(test_seed() + 1);
  for (std::size_t n : tree_sizes(rng, 10000)) {
    check_tree(HashAlg::sm3, n, rng, /*exhaustive_flips=*/n > 1025);
    if (HasFatalFailure()) {
      return;
    }
  }
}

// ---- The reader: one batch per proof, errors passed on ----

TEST(LedgerProofs, OneBatchOfLogarithmicSizePerProof) {
  MemoryTree tree(HashAlg::sm3);
  for (int i = 0; i < 5000; ++i) {
    tree.append_entry(std::to_string(i));
  }
  CountingReader reader(tree);
  ASSERT_TRUE(inclusion_proof(HashAlg::sm3, reader, 1234, 4999).ok());
  EXPECT_EQ(reader.calls, 1);
  ASSERT_TRUE(consistency_proof(HashAlg::sm3, reader, 1234, 4999).ok());
  EXPECT_EQ(reader.calls, 2);
  ASSERT_TRUE(root_at(HashAlg::sm3, reader, 4999).ok());
  EXPECT_EQ(reader.calls, 3);
  EXPECT_LE(reader.asked, 3u * 2 * 13);  // ≤ 2·log2(n) nodes each
  // Nothing to fetch, no call: a one-leaf tree, equal sizes, the empty tree.
  ASSERT_TRUE(inclusion_proof(HashAlg::sm3, reader, 0, 1).ok());
  ASSERT_TRUE(consistency_proof(HashAlg::sm3, reader, 7, 7).ok());
  ASSERT_TRUE(root_at(HashAlg::sm3, reader, 0).ok());
  EXPECT_EQ(reader.calls, 3);
}

TEST(LedgerProofs, ReaderErrorsArePassedOn) {
  MemoryTree tree(HashAlg::sm3);
  for (int i = 0; i < 10; ++i) {
    tree.append_entry(std::to_string(i));
  }
  auto beyond = inclusion_proof(HashAlg::sm3, tree, 3, 20);  // the store has only 10 leaves
  ASSERT_FALSE(beyond.ok());
  EXPECT_EQ(beyond.error().code, errc::not_found);

  class ShortReader final : public NodeReader {
   public:
    Result<std::vector<std::string>> nodes(std::span<const NodeId> /*ids*/) override {
      return std::vector<std::string>{};
    }
  } short_reader;
  auto broken = consistency_proof(HashAlg::sm3, short_reader, 3, 10);
  ASSERT_FALSE(broken.ok());
  EXPECT_EQ(broken.error().code, errc::internal);
}

// ---- Verification refusals name the field at fault ----

class LedgerRefusals : public ::testing::Test {
 protected:
  void SetUp() override {
    for (int i = 0; i < 11; ++i) {
      tree_.append_entry(std::to_string(i));
    }
    root6_ = *root_at(alg_, tree_, 6);
    root11_ = tree_.root();
    leaf4_ = *tree_.nodes(Ids{{0, 4}});
    path_ = *inclusion_proof(alg_, tree_, 4, 11);
    proof_ = *consistency_proof(alg_, tree_, 6, 11);
  }
  HashAlg alg_ = HashAlg::sm3;
  MemoryTree tree_{HashAlg::sm3};
  std::string root6_, root11_;
  std::vector<std::string> leaf4_, path_, proof_;
};

TEST_F(LedgerRefusals, Inclusion) {
  const std::string& leaf = leaf4_.front();
  ASSERT_TRUE(verify_inclusion(alg_, leaf, 4, 11, path_, root11_).ok());
  EXPECT_EQ(refused_field(verify_inclusion(alg_, leaf, 11, 11, path_, root11_)), "index");
  EXPECT_EQ(refused_field(verify_inclusion(alg_, leaf, 0, 0, {}, empty_root(alg_))), "index");
  EXPECT_EQ(refused_field(verify_inclusion(alg_, leaf.substr(1), 4, 11, path_, root11_)),
            "leaf_hash");
  auto longer = path_;
  longer.push_back(root11_);
  EXPECT_EQ(refused_field(verify_inclusion(alg_, leaf, 4, 11, longer, root11_)), "proof");
  auto shorter = path_;
  shorter.pop_back();
  EXPECT_EQ(refused_field(verify_inclusion(alg_, leaf, 4, 11, shorter, root11_)), "proof");
  auto garbage = path_;
  garbage.back() += "x";
  EXPECT_EQ(refused_field(verify_inclusion(alg_, leaf, 4, 11, garbage, root11_)), "proof");
  EXPECT_EQ(refused_field(verify_inclusion(alg_, leaf, 4, 11, path_, root6_)), "root");
  EXPECT_EQ(refused_field(verify_inclusion(alg_, leaf, 5, 11, path_, root11_)), "root");
  // A proof for the other algorithm never verifies.
  EXPECT_FALSE(verify_inclusion(HashAlg::sha256, leaf, 4, 11, path_, root11_).ok());
}

TEST_F(LedgerRefusals, Consistency) {
  ASSERT_TRUE(verify_consistency(alg_, 6, 11, proof_, root6_, root11_).ok());
  EXPECT_EQ(refused_field(verify_consistency(alg_, 11, 6, proof_, root11_, root6_)), "size1");
  EXPECT_EQ(refused_field(verify_consistency(alg_, 0, 11, {}, empty_root(alg_), root11_)), "size1");
  EXPECT_EQ(refused_field(verify_consistency(alg_, 0, 0, {}, root6_, root6_)), "size1");
  EXPECT_TRUE(verify_consistency(alg_, 6, 6, {}, root6_, root6_).ok());
  EXPECT_EQ(refused_field(verify_consistency(alg_, 6, 6, {}, root6_, root11_)), "root2");
  EXPECT_EQ(refused_field(verify_consistency(alg_, 6, 6, proof_, root6_, root6_)), "proof");
  EXPECT_EQ(refused_field(verify_consistency(alg_, 6, 11, {}, root6_, root11_)), "proof");
  auto longer = proof_;
  longer.push_back(root11_);
  EXPECT_EQ(refused_field(verify_consistency(alg_, 6, 11, longer, root6_, root11_)), "proof");
  auto garbage = proof_;
  garbage.front() = "x" + garbage.front();
  EXPECT_EQ(refused_field(verify_consistency(alg_, 6, 11, garbage, root6_, root11_)), "proof");
  EXPECT_EQ(refused_field(verify_consistency(alg_, 6, 11, proof_, root11_, root11_)), "root1");
  EXPECT_EQ(refused_field(verify_consistency(alg_, 6, 11, proof_, root6_, root6_)), "root2");
  EXPECT_FALSE(verify_consistency(alg_, 7, 11, proof_, root6_, root11_).ok());
  // Nothing in a proof binds the new size within its top-level split: the proof and root of
  // 11 leaves pass for 12 (the last element is an opaque hash of [8, 11) or [8, 12)). That is
  // RFC 9162's design; a checkpoint signs the size together with the root.
  EXPECT_TRUE(verify_consistency(alg_, 6, 12, proof_, root6_, root11_).ok());
}

}  // namespace
}  // namespace lw::ledger
