#pragma once
// Use case: receive an uploaded file. The body is streamed into the blob store while hashed,
// made durable under its SHA-256, then recorded through the group-commit writer; only then is
// the upload acknowledged.
#include "blobs/blob_store.hpp"
#include "core/byte_source.hpp"
#include "core/clock.hpp"
#include "service/auditor.hpp"
#include "storage/blob_records.hpp"
#include "storage/database.hpp"
#include "storage/writer.hpp"

namespace lw::service {

/// True for a syntactically valid media type such as image/jpeg (parameters allowed).
bool valid_media_type(std::string_view media_type);

class BlobIntake {
 public:
  BlobIntake(storage::Database& db, storage::Writer& writer, blobs::BlobStore& store,
             const Clock& clock, const Auditor& auditor)
      : db_(db), writer_(writer), store_(store), clock_(clock), auditor_(auditor) {}

  Task<Result<storage::BlobRecord>> receive(ByteSource& body, std::string media_type,
                                            const Caller& caller);
  Result<std::optional<storage::BlobRecord>> find(const std::string& sha256);
  blobs::BlobStore& store() { return store_; }

 private:
  storage::Database& db_;
  storage::Writer& writer_;
  blobs::BlobStore& store_;
  const Clock& clock_;
  const Auditor& auditor_;
};

}  // namespace lw::service
