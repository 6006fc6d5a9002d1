#include "ledger/merkle.hpp"

#include <algorithm>
#include <bit>
#include <stdexcept>
#include <utility>

namespace lw::ledger {
namespace {

// One hasher per thread and algorithm, reused for every tree hash: creating an OpenSSL digest
// context per hash would cost as much as the hash itself. finish() starts a fresh message, and
// update() only throws when OpenSSL itself breaks (an impossible state).
crypto::Hasher& thread_hasher(crypto::HashAlg alg) {
  thread_local crypto::Hasher sm3(crypto::HashAlg::sm3);
  thread_local crypto::Hasher sha256(crypto::HashAlg::sha256);
  return alg == crypto::HashAlg::sm3 ? sm3 : sha256;
}

}  // namespace

std::string empty_root(crypto::HashAlg alg) {
  return thread_hasher(alg).finish();
}

std::string leaf_hash(crypto::HashAlg alg, std::string_view entry) {
  return thread_hasher(alg).update(std::string_view("\x00", 1)).update(entry).finish();
}

std::string node_hash(crypto::HashAlg alg, std::string_view left, std::string_view right) {
  return thread_hasher(alg).update("\x01").update(left).update(right).finish();
}

std::vector<NodeId> perfect_cover(std::uint64_t begin, std::uint64_t end) {
  std::vector<NodeId> out;
  while (begin < end) {
    // The largest subtree aligned at `begin` that ends at or before `end`.
    const auto fits = static_cast<std::uint32_t>(std::bit_width(end - begin) - 1);
    const auto aligned = static_cast<std::uint32_t>(std::countr_zero(begin));  // 64 for 0
    const std::uint32_t level = std::min(fits, aligned);
    out.push_back(NodeId{level, begin >> level});
    begin += std::uint64_t{1} << level;
  }
  return out;
}

std::string fold_right(crypto::HashAlg alg, std::span<const std::string> hashes) {
  if (hashes.empty()) {
    throw std::invalid_argument("fold_right needs at least one hash");
  }
  std::string acc = hashes.back();
  for (std::size_t i = hashes.size() - 1; i-- > 0;) {
    acc = node_hash(alg, hashes[i], acc);
  }
  return acc;
}

Result<CompactRange> CompactRange::from_frontier(crypto::HashAlg alg, std::uint64_t size,
                                                 std::vector<std::string> frontier) {
  const auto want = static_cast<std::size_t>(std::popcount(size));
  if (frontier.size() != want) {
    return field_error("frontier", "a tree of " + std::to_string(size) + " leaves has " +
                                       std::to_string(want) + " frontier hashes, got " +
                                       std::to_string(frontier.size()));
  }
  const std::size_t hash_size = crypto::digest_size(alg);
  for (const auto& h : frontier) {
    if (h.size() != hash_size) {
      return field_error("frontier", "a hash of " + std::to_string(h.size()) + " bytes, want " +
                                         std::to_string(hash_size));
    }
  }
  CompactRange range(alg);
  range.size_ = size;
  range.frontier_ = std::move(frontier);
  return range;
}

std::vector<NodeId> CompactRange::frontier_ids(std::uint64_t size) {
  return perfect_cover(0, size);
}

std::vector<Node> CompactRange::append(std::string leaf_hash) {
  if (leaf_hash.size() != crypto::digest_size(alg_)) {
    throw std::invalid_argument("CompactRange::append: a leaf hash must be one digest long");
  }
  // The new leaf merges with one frontier subtree per trailing 1 bit of the old size: the
  // subtrees of levels 0, 1, … that it completes.
  const auto merges = static_cast<std::uint32_t>(std::countr_one(size_));
  const std::uint64_t new_size = size_ + 1;
  std::vector<Node> completed;
  completed.reserve(merges);
  std::string hash = std::move(leaf_hash);
  for (std::uint32_t level = 1; level <= merges; ++level) {
    hash = node_hash(alg_, frontier_.back(), hash);
    frontier_.pop_back();
    completed.push_back(Node{NodeId{level, (new_size >> level) - 1}, hash});
  }
  frontier_.push_back(std::move(hash));
  size_ = new_size;
  return completed;
}

std::string CompactRange::root() const {
  if (frontier_.empty()) {
    return empty_root(alg_);
  }
  return fold_right(alg_, frontier_);
}

}  // namespace lw::ledger
