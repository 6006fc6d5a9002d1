#pragma once
// Repository of blob records: which content-addressed files the platform holds.
#include <optional>
#include <string>

#include "core/clock.hpp"
#include "domain/scope.hpp"
#include "storage/sql.hpp"

namespace lw::storage {

struct BlobRecord {
  std::string sha256;
  std::int64_t size = 0;
  std::string media_type;
  Instant received_at{};
};

/// Records the blob unless already known; returns the stored record (the first receipt's).
Result<BlobRecord> upsert_blob_record(Connection& conn, const BlobRecord& blob);
Result<std::optional<BlobRecord>> find_blob_record(Connection& conn, const std::string& sha256);

/// Who sent a blob: the sending lab (empty for a user without one) and the sender as the audit
/// trail names it (key id or login).
struct BlobHolder {
  std::string lab_code;
  std::string holder;
};
/// A sender's receipt of a file: when it first sent it, and whether this call recorded that.
struct HolderReceipt {
  Instant first_at{};
  bool added = false;
  bool sandbox = false;  // sent while its lab was in sandbox mode
};
/// Records that `holder` sent `sha256` (once per sender), marked sandbox when its lab is in
/// sandbox mode.
Result<HolderReceipt> add_blob_holder(Connection& conn, const std::string& sha256,
                                      const BlobHolder& holder, Instant at);
/// When `holder` first sent `sha256`; nothing when it never did.
Result<std::optional<Instant>> blob_holder_since(Connection& conn, const std::string& sha256,
                                                 const BlobHolder& holder);
/// The record of `sha256` when `scope` covers a lab that sent it or `holder` sent it itself;
/// nothing otherwise, so a file one may not read looks like one that does not exist.
Result<std::optional<BlobRecord>> find_held_blob(Connection& conn, const std::string& sha256,
                                                 const domain::Scope& scope,
                                                 const std::string& holder);

}  // namespace lw::storage
