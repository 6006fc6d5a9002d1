#include "service/ledger.hpp"

#include "ledger/proof.hpp"
#include "service/commit.hpp"
#include "service/ledger_records.hpp"

namespace lw::service {

Status Ledger::open(storage::Connection& conn) {
  return storage::fix_ledger_hash_alg(conn, std::string(ledger::hash_alg_name(id_.alg)));
}

Status Ledger::reload(storage::Connection& conn) {
  range_.reset();
  auto head = storage::read_ledger_head(conn);
  if (!head) {
    return std::move(head).error();
  }
  storage::LedgerNodeReader reader(conn);
  auto hashes = reader.nodes(ledger::CompactRange::frontier_ids(head->size));
  if (!hashes) {
    return std::move(hashes).error();
  }
  auto range = ledger::CompactRange::from_frontier(id_.alg, head->size, std::move(*hashes));
  if (!range) {
    return std::move(range).error();
  }
  if (head->size > 0 && range->root() != head->root) {
    return Error(std::string(errc::internal),
                 "the ledger's stored frontier does not give its stored root: run "
                 "`labwatch ledger verify`");
  }
  range_ = std::move(*range);
  root_ = std::move(head->root);  // as stored: empty while the ledger is
  return {};
}

Result<LeafRef> Ledger::append(storage::Connection& conn, ledger::Entry entry,
                               const std::string& lab_code, bool sandbox, Previous previous) {
  entry.version = 1;
  entry.prev.reset();
  if (previous == Previous::look_up) {
    auto latest = storage::latest_ledger_leaf(conn, entry.record_type, entry.record_id);
    if (!latest) {
      return std::move(latest).error();
    }
    if (*latest) {
      entry.version = (*latest)->version + 1;
      entry.prev = (*latest)->index;
    }
  }
  auto leaf = ledger::leaf_of(id_.alg, entry);
  if (!leaf) {
    return std::move(leaf).error();
  }

  std::lock_guard lock(mu_);
  // A miss means the head moved: another instance's append committed (PostgreSQL checks the
  // condition again once that instance's row lock is released), or this cache's own append was
  // rolled back. Each retry follows progress elsewhere, so a few are plenty.
  constexpr int kAttempts = 8;
  for (int attempt = 1;; ++attempt) {
    if (!range_) {
      LW_TRY(reload(conn));
    }
    const std::uint64_t index = range_->size();
    const std::string root = std::move(root_);
    // The cache moves first: when the head is elsewhere, or anything below fails and the
    // transaction rolls back, the next attempt or append finds the stored head apart from the
    // cache and reloads.
    const auto completed = range_->append(*leaf);
    root_ = range_->root();
    auto moved = storage::advance_ledger_head(conn, index, root, root_);
    if (!moved || !*moved) {
      range_.reset();
    }
    if (!moved) {
      return std::move(moved).error();
    }
    if (!*moved) {
      if (attempt == kAttempts) {
        return Error(std::string(errc::storage_unavailable),
                     "the ledger's head kept moving under this append: try again");
      }
      continue;
    }
    const storage::LedgerLeaf row{index,         *leaf,      entry.record_type, entry.record_id,
                                  entry.version, entry.prev, entry.uploader,    entry.received_at,
                                  lab_code,      sandbox};
    LW_TRY(storage::insert_ledger_leaf(conn, row));
    LW_TRY(storage::insert_ledger_nodes(conn, completed));
    return LeafRef{index, std::move(*leaf), std::move(entry)};
  }
}

Result<std::optional<ledger::SignedCheckpoint>> Ledger::checkpoint(storage::Connection& conn) {
  auto head = storage::read_ledger_head(conn);
  if (!head) {
    return std::move(head).error();
  }
  if (head->size > 0) {
    auto kept = storage::checkpoint_of_size(conn, head->size);
    if (!kept) {
      return std::move(kept).error();
    }
    if (!*kept) {
      const ledger::Checkpoint cp{id_.origin, head->size, head->root, clock_.now(), id_.alg};
      auto signed_cp = ledger::sign(cp, id_.key);
      if (!signed_cp) {
        return std::move(signed_cp).error();
      }
      LW_TRY(storage::insert_checkpoint(
          conn, {cp.size, cp.root, cp.time, cp.origin, std::string(ledger::hash_alg_name(cp.alg)),
                 signed_cp->key_id, signed_cp->signature}));
    }
  }
  auto latest = storage::latest_checkpoint(conn);
  if (!latest) {
    return std::move(latest).error();
  }
  if (!*latest) {
    return std::optional<ledger::SignedCheckpoint>{};
  }
  return std::optional(signed_checkpoint_of(**latest, id_.alg));
}

Task<Result<std::optional<ledger::SignedCheckpoint>>> Ledger::issue_checkpoint(
    storage::Writer& writer) {
  std::optional<ledger::SignedCheckpoint> latest;
  storage::Writer::Job job = [&](storage::Connection& conn) -> Status {
    auto made = checkpoint(conn);
    if (!made) {
      return std::move(made).error();
    }
    latest = std::move(*made);
    return {};
  };
  auto st = co_await commit(writer, std::move(job));
  if (!st) {
    co_return std::move(st).error();
  }
  co_return latest;
}

ledger::SignedCheckpoint signed_checkpoint_of(const storage::CheckpointRow& row,
                                              crypto::HashAlg alg) {
  return {{row.origin, row.size, row.root, row.issued_at,
           ledger::parse_hash_alg(row.hash_alg).value_or(alg)},
          row.key_id,
          row.signature};
}

namespace {

Result<std::optional<ledger::SignedCheckpoint>> signed_of(
    Result<std::optional<storage::CheckpointRow>> row, crypto::HashAlg alg) {
  if (!row) {
    return std::move(row).error();
  }
  if (!*row) {
    return std::optional<ledger::SignedCheckpoint>{};
  }
  return std::optional(signed_checkpoint_of(**row, alg));
}

}  // namespace

Result<std::uint64_t> LedgerReader::head_size(storage::Connection& conn) {
  auto head = storage::read_ledger_head(conn);
  if (!head) {
    return std::move(head).error();
  }
  return head->size;
}

Result<std::optional<ledger::SignedCheckpoint>> LedgerReader::latest_checkpoint() {
  auto conn = db_.acquire();
  if (!conn) {
    return std::move(conn).error();
  }
  return signed_of(storage::latest_checkpoint(**conn), alg_);
}

Result<std::optional<ledger::SignedCheckpoint>> LedgerReader::checkpoint_of_size(
    std::uint64_t size) {
  auto conn = db_.acquire();
  if (!conn) {
    return std::move(conn).error();
  }
  return signed_of(storage::checkpoint_of_size(**conn, size), alg_);
}

template <class Prove>
Result<std::vector<std::string>> LedgerReader::proof(std::string_view size_field,
                                                     std::uint64_t size, Prove prove) {
  auto conn = db_.acquire();
  if (!conn) {
    return std::move(conn).error();
  }
  auto stored = head_size(**conn);
  if (!stored) {
    return std::move(stored).error();
  }
  if (size > *stored) {
    return field_error(size_field, "at most the ledger's size, " + std::to_string(*stored));
  }
  storage::LedgerNodeReader reader(**conn);
  return prove(reader);
}

Result<std::vector<std::string>> LedgerReader::inclusion_proof(std::uint64_t index,
                                                               std::uint64_t size) {
  return proof("size", size, [&](ledger::NodeReader& reader) {
    return ledger::inclusion_proof(alg_, reader, index, size);
  });
}

Result<std::vector<std::string>> LedgerReader::consistency_proof(std::uint64_t size1,
                                                                 std::uint64_t size2) {
  return proof("size2", size2, [&](ledger::NodeReader& reader) {
    return ledger::consistency_proof(alg_, reader, size1, size2);
  });
}

namespace {

// The receipt of a stored leaf: its entry rebuilt from the record, the first checkpoint that
// includes it and the proof to that checkpoint's root.
Result<ledger::Receipt> receipt_of(storage::Connection& conn, crypto::HashAlg alg,
                                   const storage::LedgerLeaf& leaf) {
  auto entry = rebuild_entry(conn, leaf);
  if (!entry) {
    return std::move(entry).error();
  }
  if (!*entry) {
    return Error(std::string(errc::internal),
                 leaf.record_type + " " + leaf.record_id + " is in the ledger but not stored");
  }
  ledger::Receipt r{std::move(**entry), leaf.index, leaf.leaf_hash, {}, {}};
  auto cp = storage::first_checkpoint_including(conn, leaf.index);
  if (!cp) {
    return std::move(cp).error();
  }
  if (*cp) {
    storage::LedgerNodeReader reader(conn);
    auto proof = ledger::inclusion_proof(alg, reader, leaf.index, (*cp)->size);
    if (!proof) {
      return std::move(proof).error();
    }
    r.checkpoint = signed_checkpoint_of(**cp, alg);
    r.inclusion_proof = std::move(*proof);
  }
  return r;
}

}  // namespace

Result<std::optional<ledger::Receipt>> LedgerReader::receipt(const domain::Scope& scope,
                                                             const std::string& uploader,
                                                             std::uint64_t index) {
  auto conn = db_.acquire();
  if (!conn) {
    return std::move(conn).error();
  }
  auto leaf = storage::find_ledger_leaf(**conn, scope, uploader, index);
  if (!leaf) {
    return std::move(leaf).error();
  }
  if (!*leaf) {
    return std::optional<ledger::Receipt>{};
  }
  auto r = receipt_of(**conn, alg_, **leaf);
  if (!r) {
    return std::move(r).error();
  }
  return std::optional(std::move(*r));
}

Result<std::vector<ledger::Receipt>> LedgerReader::history(const domain::Scope& scope,
                                                           const std::string& uploader,
                                                           const std::string& record_type,
                                                           const std::string& record_id) {
  auto conn = db_.acquire();
  if (!conn) {
    return std::move(conn).error();
  }
  auto leaves = storage::record_history(**conn, scope, uploader, record_type, record_id);
  if (!leaves) {
    return std::move(leaves).error();
  }
  std::vector<ledger::Receipt> out;
  for (const auto& leaf : *leaves) {
    auto r = receipt_of(**conn, alg_, leaf);
    if (!r) {
      return std::move(r).error();
    }
    out.push_back(std::move(*r));
  }
  return out;
}

}  // namespace lw::service
