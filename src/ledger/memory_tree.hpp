#pragma once
// A Merkle tree held in memory: every leaf hash and every perfect node, appended through a
// CompactRange. The NodeReader for tests and benchmarks; the ledger's store does the same in
// its database.
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "ledger/merkle.hpp"
#include "ledger/proof.hpp"

namespace lw::ledger {

class MemoryTree final : public NodeReader {
 public:
  explicit MemoryTree(crypto::HashAlg alg) : range_(alg) {}

  /// Appends the leaf with hash `leaf_hash` (one digest long) and stores the nodes it completes.
  void append(const std::string& leaf_hash);
  /// Appends leaf_hash(alg, entry).
  void append_entry(std::string_view entry) { append(leaf_hash(range_.alg(), entry)); }

  /// Hashes of the perfect nodes `ids`; not_found naming the first id the tree lacks.
  Result<std::vector<std::string>> nodes(std::span<const NodeId> ids) override;

  std::uint64_t size() const { return range_.size(); }
  std::string root() const { return range_.root(); }
  const CompactRange& range() const { return range_; }

 private:
  // levels_[l] holds the hashes of nodes (l, 0), (l, 1), … back to back, one digest each.
  std::vector<std::string> levels_;
  CompactRange range_;
};

}  // namespace lw::ledger
