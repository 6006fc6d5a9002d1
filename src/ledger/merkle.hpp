#pragma once
// The Merkle tree of the ledger, RFC 9162 §2.1: hashing, node addressing and the compact range
// (the right frontier) that appends leaves in O(log n) and gives the root. Pure: no storage.
//
// Addressing: a perfect subtree is a NodeId (level, index). Level 0 holds the leaf hashes;
// node (l, i) covers leaves [i·2^l, (i+1)·2^l). A perfect node never changes once its last
// leaf exists, so a store can write it once and serve it for every later tree size.
#include <compare>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "crypto/hash.hpp"

namespace lw::ledger {

/// MTH of the empty tree: H("").
std::string empty_root(crypto::HashAlg alg);
/// The leaf hash of `entry`: H(0x00 ‖ entry).
std::string leaf_hash(crypto::HashAlg alg, std::string_view entry);
/// The hash of an interior node: H(0x01 ‖ left ‖ right).
std::string node_hash(crypto::HashAlg alg, std::string_view left, std::string_view right);

/// A perfect subtree: `level` 0 is a leaf; (level, index) covers leaves [begin(), end()).
struct NodeId {
  std::uint32_t level = 0;
  std::uint64_t index = 0;

  std::uint64_t begin() const { return index << level; }
  std::uint64_t end() const { return (index + 1) << level; }
  auto operator<=>(const NodeId&) const = default;
};

/// A perfect node and its hash.
struct Node {
  NodeId id;
  std::string hash;
  bool operator==(const Node&) const = default;
};

/// The fewest perfect nodes that exactly cover leaves [begin, end), left to right (each the
/// largest aligned subtree that fits where the previous one ends). When `begin` is a multiple
/// of a power of two ≥ end - begin (always so for begin 0), their levels strictly decrease and
/// folding their hashes from right to left (fold_right) gives MTH(D[begin:end]).
std::vector<NodeId> perfect_cover(std::uint64_t begin, std::uint64_t end);

/// Folds hashes right to left: h[0..k) ↦ node_hash(h[0], node_hash(h[1], … h[k-1])). The hash
/// of a right-edge subtree from its perfect_cover. Requires at least one hash.
std::string fold_right(crypto::HashAlg alg, std::span<const std::string> hashes);

/// The right frontier of a tree of `size()` leaves (a Merkle mountain range): the hashes of
/// perfect_cover(0, size), one per set bit of the size, largest subtree first. Appending a leaf
/// merges the trailing equal-sized subtrees; the root folds the frontier right to left.
class CompactRange {
 public:
  /// The empty tree.
  explicit CompactRange(crypto::HashAlg alg) : alg_(alg) {}

  /// A range resumed from its stored frontier: `frontier` holds the hashes of
  /// frontier_ids(size), in that order. invalid_argument when their number or length is wrong.
  static Result<CompactRange> from_frontier(crypto::HashAlg alg, std::uint64_t size,
                                            std::vector<std::string> frontier);

  /// The perfect nodes whose hashes make the frontier of a tree of `size` leaves, largest first
  /// (= perfect_cover(0, size)): what a store loads to resume.
  static std::vector<NodeId> frontier_ids(std::uint64_t size);

  /// Appends the leaf with hash `leaf_hash` (index size() before the call) and returns the
  /// perfect nodes of level ≥ 1 it completes, lowest first: the nodes a store persists besides
  /// the leaf. Throws std::invalid_argument when `leaf_hash` is not one digest long (a caller
  /// bug: leaf hashes come from ledger::leaf_hash).
  std::vector<Node> append(std::string leaf_hash);

  /// MTH(D[0:size]): the empty-tree hash for size 0, else the frontier folded right to left.
  std::string root() const;

  std::uint64_t size() const { return size_; }
  const std::vector<std::string>& frontier() const { return frontier_; }
  crypto::HashAlg alg() const { return alg_; }

 private:
  crypto::HashAlg alg_;
  std::uint64_t size_ = 0;
  std::vector<std::string> frontier_;
};

}  // namespace lw::ledger
