#include "ledger/merkle.hpp"

#include <gtest/gtest.h>

#include <array>
#include <random>
#include <stdexcept>

#include "core/random.hpp"
#include "ledger/memory_tree.hpp"
#include "ledger/rfc_reference.hpp"

namespace lw::ledger {
namespace {

using crypto::HashAlg;

std::string unhex(std::string_view hex) {
  return crypto::from_hex(hex).value();
}

std::vector<std::string> leaf_hashes(HashAlg alg, const std::vector<std::string>& entries) {
  std::vector<std::string> out;
  out.reserve(entries.size());
  for (const auto& e : entries) {
    out.push_back(leaf_hash(alg, e));
  }
  return out;
}

std::vector<std::string> random_leaves(HashAlg alg, std::size_t n, std::uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::vector<std::string> out;
  for (std::size_t i = 0; i < n; ++i) {
    out.push_back(leaf_hash(alg, std::to_string(rng())));
  }
  return out;
}

TEST(LedgerKnownAnswers, Sha256EmptyTreeAndEmptyLeaf) {
  EXPECT_EQ(to_hex(empty_root(HashAlg::sha256)),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(to_hex(leaf_hash(HashAlg::sha256, "")),
            "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d");
  EXPECT_EQ(to_hex(CompactRange(HashAlg::sha256).root()),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

// The roots of the first 1…8 RFC 6962 test leaves (RFC 6962 reference test data; the same
// roots appear, base64, in ../shared/testdata/merkle).
TEST(LedgerKnownAnswers, Sha256RootsOfTheRfc6962Leaves) {
  const std::array<std::string_view, 8> roots{
      "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
      "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
      "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
      "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
      "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
      "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
      "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
      "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328"};
  CompactRange range(HashAlg::sha256);
  const auto leaves = leaf_hashes(HashAlg::sha256, reference::rfc6962_entries());
  for (std::size_t i = 0; i < leaves.size(); ++i) {
    range.append(leaves[i]);
    EXPECT_EQ(to_hex(range.root()), roots[i]) << "size " << i + 1;
  }
}

// SM3, the default, derived outside this code with the OpenSSL command line:
//   sm3() { openssl dgst -sm3 -binary; }
//   printf '' | openssl dgst -sm3                                          # empty tree
//   l0=$(printf '\x00' | sm3 | xxd -p -c64)                                # leaf ""
//   l1=$(printf '\x00\x00' | sm3 | xxd -p -c64)                            # leaf "\x00"
//   l2=$(printf '\x00\x10' | sm3 | xxd -p -c64)                            # leaf "\x10"
//   n=$(printf "01${l0}${l1}" | xxd -r -p | sm3 | xxd -p -c64)             # node (1, 0)
//   printf "01${n}${l2}" | xxd -r -p | sm3 | xxd -p -c64                    # root of 3 leaves
TEST(LedgerKnownAnswers, Sm3EmptyTreeLeafAndRoot) {
  EXPECT_EQ(to_hex(crypto::digest(HashAlg::sm3, "abc")),
            "66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0");
  EXPECT_EQ(to_hex(empty_root(HashAlg::sm3)),
            "1ab21d8355cfa17f8e61194831e81a8f22bec8c728fefb747ed035eb5082aa2b");
  EXPECT_EQ(to_hex(leaf_hash(HashAlg::sm3, "")),
            "2daef60e7a0b8f5e024c81cd2ab3109f2b4f155cf83adeb2ae5532f74a157fdf");
  EXPECT_EQ(to_hex(leaf_hash(HashAlg::sm3, std::string(1, '\x00'))),
            "af83a966222057ac761246a7543c580d9111014f4e5e3cb1281db33151160335");
  CompactRange range(HashAlg::sm3);
  for (const auto& l : leaf_hashes(HashAlg::sm3, {"", std::string(1, '\x00'), "\x10"})) {
    range.append(l);
  }
  EXPECT_EQ(to_hex(range.root()),
            "209ec96a210d662a964772680e8544d18cab7b88ffec3e00962220349b56ea56");
}

TEST(LedgerHashes, DomainSeparationOfLeavesAndNodes) {
  const std::string a = leaf_hash(HashAlg::sm3, "a");
  const std::string b = leaf_hash(HashAlg::sm3, "b");
  EXPECT_EQ(leaf_hash(HashAlg::sm3, "ab"), crypto::digest(HashAlg::sm3, std::string("\0ab", 3)));
  EXPECT_EQ(node_hash(HashAlg::sm3, a, b), crypto::digest(HashAlg::sm3, "\x01" + a + b));
  // A node's preimage is never a leaf's: the two-leaf root is not the leaf hash of a ‖ b.
  EXPECT_NE(node_hash(HashAlg::sm3, a, b), leaf_hash(HashAlg::sm3, a + b));
}

TEST(LedgerPerfectCover, FrontiersAndInnerRanges) {
  using V = std::vector<NodeId>;
  EXPECT_EQ(perfect_cover(0, 0), V{});
  EXPECT_EQ(perfect_cover(0, 1), (V{{0, 0}}));
  EXPECT_EQ(perfect_cover(0, 6), (V{{2, 0}, {1, 2}}));
  EXPECT_EQ(perfect_cover(0, 7), (V{{2, 0}, {1, 2}, {0, 6}}));
  EXPECT_EQ(perfect_cover(0, 8), (V{{3, 0}}));
  EXPECT_EQ(perfect_cover(3, 13), (V{{0, 3}, {2, 1}, {2, 2}, {0, 12}}));
  EXPECT_EQ(CompactRange::frontier_ids(7), perfect_cover(0, 7));
  const std::uint64_t big = ~std::uint64_t{0};  // 2^64 - 1 leaves: one node per level
  const V cover = perfect_cover(0, big);
  ASSERT_EQ(cover.size(), 64u);
  EXPECT_EQ(cover.front(), (NodeId{63, 0}));
  EXPECT_EQ(cover.back(), (NodeId{0, big - 1}));
}

TEST(LedgerPerfectCover, RandomRangesAreCoveredExactlyByAlignedNodes) {
  std::mt19937_64 rng(7);
  for (int round = 0; round < 2000; ++round) {
    std::uint64_t begin = rng() % 5000;
    std::uint64_t end = rng() % 5000;
    if (begin > end) {
      std::swap(begin, end);
    }
    std::uint64_t at = begin;
    for (const NodeId& id : perfect_cover(begin, end)) {
      ASSERT_EQ(id.begin(), at) << begin << ".." << end;
      at = id.end();
    }
    ASSERT_EQ(at, end);
  }
}

TEST(LedgerCompactRange, AppendReturnsTheCompletedNodes) {
  CompactRange range(HashAlg::sha256);
  const auto leaves = leaf_hashes(HashAlg::sha256, reference::rfc6962_entries());
  const std::vector<std::vector<NodeId>> want{{}, {{1, 0}}, {}, {{1, 1}, {2, 0}},
                                              {}, {{1, 2}}, {}, {{1, 3}, {2, 1}, {3, 0}}};
  for (std::size_t i = 0; i < leaves.size(); ++i) {
    const std::vector<Node> completed = range.append(leaves[i]);
    std::vector<NodeId> ids;
    for (const Node& n : completed) {
      ids.push_back(n.id);
      const auto covered =
          std::span<const std::string>(leaves).subspan(n.id.begin(), n.id.end() - n.id.begin());
      EXPECT_EQ(n.hash, reference::mth(HashAlg::sha256, covered)) << "leaf " << i;
    }
    EXPECT_EQ(ids, want[i]) << "leaf " << i;
    EXPECT_EQ(range.size(), i + 1);
  }
  EXPECT_EQ(range.frontier().size(), 1u);
  EXPECT_EQ(range.frontier().front(), reference::mth(HashAlg::sha256, leaves));
}

TEST(LedgerCompactRange, RootAndFrontierMatchTheReferenceAtEverySize) {
  for (HashAlg alg : {HashAlg::sm3, HashAlg::sha256}) {
    const auto leaves = random_leaves(alg, 70, 11);
    const std::span<const std::string> all(leaves);
    CompactRange range(alg);
    EXPECT_EQ(range.root(), reference::mth(alg, all.first(0)));
    for (std::size_t n = 1; n <= leaves.size(); ++n) {
      range.append(leaves[n - 1]);
      ASSERT_EQ(range.root(), reference::mth(alg, all.first(n))) << "size " << n;
      const std::vector<NodeId> ids = CompactRange::frontier_ids(n);
      ASSERT_EQ(range.frontier().size(), ids.size());
      for (std::size_t i = 0; i < ids.size(); ++i) {
        EXPECT_EQ(range.frontier()[i],
                  reference::mth(alg, all.subspan(ids[i].begin(), ids[i].end() - ids[i].begin())));
      }
    }
  }
}

// After a restart the service rebuilds its range from the size and the stored frontier nodes;
// it must continue exactly like one that appended all along.
TEST(LedgerCompactRange, ResumedFromStoredFrontierContinuesIdentically) {
  const auto leaves = random_leaves(HashAlg::sm3, 140, 5);
  MemoryTree store(HashAlg::sm3);
  for (std::uint64_t cut : {0, 1, 2, 3, 7, 8, 63, 64, 65, 100}) {
    while (store.size() < cut) {
      store.append(leaves[store.size()]);
    }
    auto frontier = store.nodes(CompactRange::frontier_ids(cut));
    ASSERT_TRUE(frontier.ok());
    auto resumed = CompactRange::from_frontier(HashAlg::sm3, cut, std::move(*frontier));
    ASSERT_TRUE(resumed.ok()) << resumed.error().note;
    CompactRange along = store.range();
    EXPECT_EQ(resumed->root(), along.root());
    for (std::size_t i = cut; i < cut + 40; ++i) {
      ASSERT_EQ(resumed->append(leaves[i]), along.append(leaves[i])) << "cut " << cut;
      ASSERT_EQ(resumed->root(), along.root()) << "cut " << cut << " leaf " << i;
    }
    EXPECT_EQ(resumed->frontier(), along.frontier());
  }
}

TEST(LedgerCompactRange, FromFrontierRefusesWrongShapes) {
  const std::string h = leaf_hash(HashAlg::sm3, "x");
  auto too_few = CompactRange::from_frontier(HashAlg::sm3, 3, {h});
  ASSERT_FALSE(too_few.ok());
  EXPECT_EQ(too_few.error().code, errc::invalid_argument);
  EXPECT_FALSE(CompactRange::from_frontier(HashAlg::sm3, 0, {h}).ok());
  EXPECT_FALSE(CompactRange::from_frontier(HashAlg::sm3, 2, {h.substr(1)}).ok());
  auto empty = CompactRange::from_frontier(HashAlg::sm3, 0, {});
  ASSERT_TRUE(empty.ok());
  EXPECT_EQ(empty->root(), empty_root(HashAlg::sm3));
}

TEST(LedgerCompactRange, AppendRefusesAHashOfTheWrongLength) {
  CompactRange range(HashAlg::sm3);
  EXPECT_THROW(range.append("short"), std::invalid_argument);
  EXPECT_EQ(range.size(), 0u);
  MemoryTree tree(HashAlg::sm3);
  EXPECT_THROW(tree.append("short"), std::invalid_argument);
  EXPECT_EQ(tree.size(), 0u);
}

TEST(LedgerMemoryTree, ServesLeavesAndPerfectNodesOnly) {
  MemoryTree tree(HashAlg::sha256);
  const auto leaves = leaf_hashes(HashAlg::sha256, reference::rfc6962_entries());
  for (std::size_t i = 0; i < 7; ++i) {
    tree.append(leaves[i]);
  }
  const std::vector<NodeId> ids{{0, 6}, {2, 0}, {1, 2}};
  auto got = tree.nodes(ids);
  ASSERT_TRUE(got.ok());
  const std::span<const std::string> all(leaves);
  EXPECT_EQ(*got,
            (std::vector<std::string>{leaves[6], reference::mth(HashAlg::sha256, all.first(4)),
                                      reference::mth(HashAlg::sha256, all.subspan(4, 2))}));
  for (const NodeId missing : {NodeId{0, 7}, NodeId{1, 3}, NodeId{3, 0}, NodeId{40, 0}}) {
    auto r = tree.nodes(std::vector<NodeId>{missing});
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, errc::not_found);
  }
  EXPECT_EQ(tree.root(), unhex("ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c"));
}

}  // namespace
}  // namespace lw::ledger
