#pragma once
// Repository of blob records: which content-addressed files the platform holds.
#include <optional>
#include <string>

#include "core/clock.hpp"
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

}  // namespace lw::storage
