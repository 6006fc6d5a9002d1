#include "storage/blob_records.hpp"

namespace lw::storage {

Result<BlobRecord> upsert_blob_record(Connection& conn, const BlobRecord& blob) {
  LW_TRY(
      conn.exec("INSERT INTO blobs (sha256, size, media_type, received_at) VALUES ($1, $2, $3, $4)"
                " ON CONFLICT (sha256) DO NOTHING",
                params({blob.sha256, blob.size, blob.media_type, to_micros(blob.received_at)})));
  auto found = find_blob_record(conn, blob.sha256);
  if (!found) {
    return std::move(found).error();
  }
  if (!*found) {
    return Error(std::string(errc::internal), "blob record vanished");
  }
  return std::move(**found);
}

Result<std::optional<BlobRecord>> find_blob_record(Connection& conn, const std::string& sha256) {
  auto rows =
      conn.query("SELECT sha256, size, media_type, received_at FROM blobs WHERE sha256 = $1",
                 params({sha256}));
  if (!rows) {
    return std::move(rows).error();
  }
  if (rows->empty()) {
    return std::optional<BlobRecord>{};
  }
  const Row& r = rows->front();
  return std::optional(BlobRecord{r.text(0), r.int64(1), r.text(2), from_micros(r.int64(3))});
}

}  // namespace lw::storage
