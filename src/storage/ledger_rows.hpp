#pragma once
// Repository of the ledger (issue 4): leaves with what they cover, the perfect nodes above
// them, the head, and the signed checkpoints. The Merkle arithmetic is ledger/'s; this is
// where its hashes are kept. Entries are read in a scope like the records they cover.
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "domain/scope.hpp"
#include "ledger/merkle.hpp"
#include "ledger/proof.hpp"
#include "storage/sql.hpp"

namespace lw::storage {

struct LedgerHead {
  std::uint64_t size = 0;
  std::string root;      // raw hash of the tree of `size` leaves; empty while size is 0
  std::string hash_alg;  // "sm3" or "sha256"; empty until the first start fixes it
};

/// A leaf and what it covers.
struct LedgerLeaf {
  std::uint64_t index = 0;
  std::string leaf_hash;  // raw
  std::string record_type;
  std::string record_id;
  std::int64_t version = 1;
  std::optional<std::uint64_t> prev;  // the leaf of the previous version
  std::string uploader;
  Instant received_at{};
  std::string lab_code;  // whose data it is; empty when no lab's
  bool sandbox = false;
};

struct CheckpointRow {
  std::uint64_t size = 0;
  std::string root;  // raw
  Instant issued_at{};
  std::string origin;
  std::string hash_alg;
  std::string key_id;
  std::string signature;  // DER
};

Result<LedgerHead> read_ledger_head(Connection& conn);
/// Fixes the hash algorithm of a ledger that has none yet; an error when it has another.
Status fix_ledger_hash_alg(Connection& conn, const std::string& hash_alg);
/// Appends leaf `size` to the head in one statement: (size, root) becomes (size + 1, new_root).
/// False, changing nothing, when the head is no longer at (`size`, `root`): another instance
/// appended, or a rolled-back transaction left the caller's frontier ahead of the store. The
/// row stays locked until the transaction ends, so appends are serialised across instances.
Result<bool> advance_ledger_head(Connection& conn, std::uint64_t size, const std::string& root,
                                 const std::string& new_root);

Status insert_ledger_leaf(Connection& conn, const LedgerLeaf& leaf);
Status insert_ledger_nodes(Connection& conn, std::span<const ledger::Node> nodes);

/// The leaf of `index` when `scope` covers its lab or `uploader` sent it.
Result<std::optional<LedgerLeaf>> find_ledger_leaf(Connection& conn, const domain::Scope& scope,
                                                   const std::string& uploader,
                                                   std::uint64_t index);
/// The latest version's leaf of a record (unscoped: for chaining versions inside a write).
Result<std::optional<LedgerLeaf>> latest_ledger_leaf(Connection& conn,
                                                     const std::string& record_type,
                                                     const std::string& record_id);
/// Every version's leaf of a record, oldest first, when `scope` covers it or `uploader` sent it.
Result<std::vector<LedgerLeaf>> record_history(Connection& conn, const domain::Scope& scope,
                                               const std::string& uploader,
                                               const std::string& record_type,
                                               const std::string& record_id);
/// Up to `limit` leaves from `index` on, in order (for verification).
Result<std::vector<LedgerLeaf>> ledger_leaves_from(Connection& conn, std::uint64_t index,
                                                   int limit);

/// Every stored perfect node of a level ≥ 1 from `index` on (for verification), in order.
Result<std::vector<ledger::Node>> ledger_nodes_from(Connection& conn, std::uint32_t level,
                                                    std::uint64_t index, int limit);

/// Perfect nodes from the ledger tables: level 0 from the leaves, the rest from ledger_nodes.
class LedgerNodeReader final : public ledger::NodeReader {
 public:
  explicit LedgerNodeReader(Connection& conn) : conn_(conn) {}
  Result<std::vector<std::string>> nodes(std::span<const ledger::NodeId> ids) override;

 private:
  Connection& conn_;
};

/// Stores a checkpoint; false when one of that size is already kept (the first stays).
Result<bool> insert_checkpoint(Connection& conn, const CheckpointRow& checkpoint);
Result<std::optional<CheckpointRow>> latest_checkpoint(Connection& conn);
Result<std::optional<CheckpointRow>> checkpoint_of_size(Connection& conn, std::uint64_t size);
/// The smallest checkpoint that includes leaf `index` (size > index).
Result<std::optional<CheckpointRow>> first_checkpoint_including(Connection& conn,
                                                                std::uint64_t index);
/// Checkpoints by size from `size` on (for verification).
Result<std::vector<CheckpointRow>> checkpoints_from(Connection& conn, std::uint64_t size,
                                                    int limit);

}  // namespace lw::storage
