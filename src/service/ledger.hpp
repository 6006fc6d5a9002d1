#pragma once
// The tamper-evident ledger as the platform runs it (issue 4): every accepted record becomes a
// leaf in the same transaction as the record, chained to the record's previous version; the
// platform signs checkpoints of the head with its SM2 key; proofs and receipts are read from
// the stored nodes. The Merkle log's right frontier is kept in memory; an append moves the
// stored head only from the size and root the frontier has, so a rolled-back batch or another
// instance's appends are noticed and the frontier is reloaded from the store.
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "core/result.hpp"
#include "core/task.hpp"
#include "crypto/hash.hpp"
#include "crypto/sm2.hpp"
#include "domain/scope.hpp"
#include "ledger/checkpoint.hpp"
#include "ledger/entry.hpp"
#include "ledger/merkle.hpp"
#include "ledger/receipt.hpp"
#include "storage/database.hpp"
#include "storage/ledger_rows.hpp"
#include "storage/writer.hpp"

namespace lw::service {

/// Where a record's leaf is: what its writer answers as the receipt's first half (the signed
/// checkpoint that includes it follows within seconds).
struct LeafRef {
  std::uint64_t index = 0;
  std::string leaf_hash;  // raw
  ledger::Entry entry;    // with version and prev as appended
};

/// A record as stored, with its leaf.
template <class Record>
struct Receipted {
  Record record;
  LeafRef leaf;
};

/// What a deployment's ledger is: its hash, its name in checkpoints, its signing key.
struct LedgerIdentity {
  crypto::HashAlg alg = crypto::HashAlg::sm3;
  std::string origin;
  crypto::Sm2KeyPair key;
};

class Ledger {
 public:
  Ledger(LedgerIdentity identity, const Clock& clock) : id_(std::move(identity)), clock_(clock) {}

  /// Fixes the deployment's hash on first start; refuses another hash later.
  Status open(storage::Connection& conn);

  /// What append knows of the record's earlier versions.
  enum class Previous {
    look_up,  // the record's latest leaf, if any: version + 1 chained to it, else version 1
    none,     // none, by construction (a fresh id): version 1 without the lookup. A record
              // that has a leaf after all is refused (conflict on the leaves' unique record
              // and version), never chained wrongly.
  };

  /// Inside a write job, in the record's own transaction: sets the entry's version and prev
  /// (see Previous) and appends its leaf. `lab_code` and `sandbox` scope who may read the
  /// entry, like the record.
  Result<LeafRef> append(storage::Connection& conn, ledger::Entry entry,
                         const std::string& lab_code, bool sandbox,
                         Previous previous = Previous::look_up);

  /// Inside a write job: signs a checkpoint of the head unless one of that size is kept;
  /// returns the latest checkpoint (nothing while the ledger is empty).
  Result<std::optional<ledger::SignedCheckpoint>> checkpoint(storage::Connection& conn);
  /// checkpoint() through the writer: on the timer and on demand.
  Task<Result<std::optional<ledger::SignedCheckpoint>>> issue_checkpoint(storage::Writer& writer);

  crypto::HashAlg alg() const { return id_.alg; }
  const std::string& origin() const { return id_.origin; }
  crypto::Sm2PublicKey public_key() const { return id_.key.public_key(); }

 private:
  // The frontier and root of the stored head, read from the store into the cache.
  Status reload(storage::Connection& conn);

  LedgerIdentity id_;
  const Clock& clock_;
  std::mutex mu_;  // appends come from the writer thread; the lock keeps the cache whole anyway
  std::optional<ledger::CompactRange> range_;  // empty: reload before the next append
  std::string root_;  // range_->root(), computed once per append (it folds the whole frontier)
};

/// A stored checkpoint as the ledger format has it.
ledger::SignedCheckpoint signed_checkpoint_of(const storage::CheckpointRow& row,
                                              crypto::HashAlg alg);

/// Reads of the ledger for the API: public checkpoints and proofs, entries and receipts in the
/// caller's scope.
class LedgerReader {
 public:
  LedgerReader(storage::Database& db, crypto::HashAlg alg) : db_(db), alg_(alg) {}

  Result<std::optional<ledger::SignedCheckpoint>> latest_checkpoint();
  Result<std::optional<ledger::SignedCheckpoint>> checkpoint_of_size(std::uint64_t size);
  /// invalid_argument unless index < size ≤ the head's size.
  Result<std::vector<std::string>> inclusion_proof(std::uint64_t index, std::uint64_t size);
  /// invalid_argument unless 0 < size1 ≤ size2 ≤ the head's size.
  Result<std::vector<std::string>> consistency_proof(std::uint64_t size1, std::uint64_t size2);
  /// The receipt of leaf `index` when `scope` covers it or `uploader` sent it: with the first
  /// checkpoint that includes it and the proof to it, or pending while none does.
  Result<std::optional<ledger::Receipt>> receipt(const domain::Scope& scope,
                                                 const std::string& uploader, std::uint64_t index);
  /// Every version of a record with its entry, oldest first, in the caller's scope.
  Result<std::vector<ledger::Receipt>> history(const domain::Scope& scope,
                                               const std::string& uploader,
                                               const std::string& record_type,
                                               const std::string& record_id);

 private:
  Result<std::uint64_t> head_size(storage::Connection& conn);
  // A proof from the stored nodes, refused when `size` is beyond the ledger (named `size_field`).
  template <class Prove>
  Result<std::vector<std::string>> proof(std::string_view size_field, std::uint64_t size,
                                         Prove prove);

  storage::Database& db_;
  crypto::HashAlg alg_;
};

}  // namespace lw::service
