#pragma once
// Use case: receive an uploaded file. The body is streamed into the blob store while hashed,
// made durable under its SHA-256, then recorded through the group-commit writer; only then is
// the upload acknowledged.
#include "blobs/blob_store.hpp"
#include "core/byte_source.hpp"
#include "core/clock.hpp"
#include "service/auditor.hpp"
#include "service/ledger.hpp"
#include "storage/blob_records.hpp"
#include "storage/database.hpp"
#include "storage/writer.hpp"

namespace lw::service {

/// True for a syntactically valid media type such as image/jpeg (parameters allowed).
bool valid_media_type(std::string_view media_type);

class BlobIntake {
 public:
  BlobIntake(storage::Database& db, storage::Writer& writer, blobs::BlobStore& store,
             const Clock& clock, const Auditor& auditor, Ledger& ledger)
      : db_(db),
        writer_(writer),
        store_(store),
        clock_(clock),
        auditor_(auditor),
        ledger_(ledger) {}

  /// Stores the body and records `caller` as one of its holders, for `lab_code` (the sending
  /// lab; empty for a user without one). The record answered carries the caller's own first
  /// receipt time: whether and when someone else sent the same bytes is not the caller's to know.
  /// A sender's first upload of a file is a ledger leaf; sending it again answers that leaf.
  Task<Result<Receipted<storage::BlobRecord>>> receive(ByteSource& body, std::string media_type,
                                                       std::string lab_code, const Caller& caller);
  /// The record of a blob `scope` or the caller itself may read (storage::find_held_blob).
  Result<std::optional<storage::BlobRecord>> find(const std::string& sha256,
                                                  const domain::Scope& scope, const Caller& caller);
  blobs::BlobStore& store() { return store_; }

 private:
  storage::Database& db_;
  storage::Writer& writer_;
  blobs::BlobStore& store_;
  const Clock& clock_;
  const Auditor& auditor_;
  Ledger& ledger_;
};

}  // namespace lw::service
