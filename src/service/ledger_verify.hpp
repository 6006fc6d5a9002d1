#pragma once
// `labwatch ledger verify` (issue 4 item 5): rebuilds every entry from the record as stored now
// and compares its leaf hash, rebuilds the tree from the leaves and compares the stored perfect
// nodes, the head and every checkpoint's root. Each finding names what differs: a record
// edited or deleted behind the platform's back, a leaf or node altered, a checkpoint whose
// signature fails or whose root no longer matches the leaves. Checkpoints that all match the
// leaves are consistent with each other.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "crypto/hash.hpp"
#include "crypto/sm2.hpp"
#include "storage/sql.hpp"

namespace lw::service {

struct LedgerFinding {
  std::optional<std::uint64_t> index;  // the leaf concerned, when one is
  std::string subject;                 // e.g. "connectivity_check 42 v1", "checkpoint 1000"
  std::string problem;                 // e.g. "record changed", "record missing"
};

struct LedgerReport {
  std::uint64_t leaves = 0;
  std::uint64_t checkpoints = 0;
  std::vector<LedgerFinding> findings;
};

/// Reads the whole ledger in pages; `alg` is the deployment's hash, `key` the public key every
/// checkpoint must be signed with.
Result<LedgerReport> verify_ledger(storage::Connection& conn, crypto::HashAlg alg,
                                   const crypto::Sm2PublicKey& key);

}  // namespace lw::service
