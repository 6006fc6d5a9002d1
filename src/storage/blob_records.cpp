#include "storage/blob_records.hpp"

#include "storage/labs.hpp"
#include "storage/scope_sql.hpp"

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

namespace {

constexpr char kSelectBlob[] = "SELECT sha256, size, media_type, received_at FROM blobs";

Result<std::optional<BlobRecord>> first_blob(Result<std::vector<Row>> rows) {
  if (!rows) {
    return std::move(rows).error();
  }
  if (rows->empty()) {
    return std::optional<BlobRecord>{};
  }
  const Row& r = rows->front();
  return std::optional(BlobRecord{r.text(0), r.int64(1), r.text(2), from_micros(r.int64(3))});
}

}  // namespace

Result<std::optional<BlobRecord>> find_blob_record(Connection& conn, const std::string& sha256) {
  return first_blob(conn.query(std::string(kSelectBlob) + " WHERE sha256 = $1", params({sha256})));
}

Result<HolderReceipt> add_blob_holder(Connection& conn, const std::string& sha256,
                                      const BlobHolder& holder, Instant at) {
  auto sandbox = lab_in_sandbox(conn, holder.lab_code);
  if (!sandbox) {
    return std::move(sandbox).error();
  }
  auto inserted = conn.exec(
      "INSERT INTO blob_holders (sha256, lab_code, holder, sandbox, first_at)"
      " VALUES ($1, $2, $3, $4, $5) ON CONFLICT (sha256, lab_code, holder) DO NOTHING",
      params(
          {sha256, holder.lab_code, holder.holder, std::int64_t{*sandbox ? 1 : 0}, to_micros(at)}));
  if (!inserted) {
    return std::move(inserted).error();
  }
  auto since = blob_holder_since(conn, sha256, holder);
  if (!since) {
    return std::move(since).error();
  }
  if (!*since) {
    return Error(std::string(errc::internal), "blob holder vanished");
  }
  return HolderReceipt{**since, *inserted > 0, *sandbox};
}

Result<std::optional<Instant>> blob_holder_since(Connection& conn, const std::string& sha256,
                                                 const BlobHolder& holder) {
  auto rows = conn.query(
      "SELECT first_at FROM blob_holders WHERE sha256 = $1 AND lab_code = $2 AND holder = $3",
      params({sha256, holder.lab_code, holder.holder}));
  if (!rows) {
    return std::move(rows).error();
  }
  if (rows->empty()) {
    return std::optional<Instant>{};
  }
  return std::optional(from_micros(rows->front().int64(0)));
}

Result<std::optional<BlobRecord>> find_held_blob(Connection& conn, const std::string& sha256,
                                                 const domain::Scope& scope,
                                                 const std::string& holder) {
  std::vector<Value> args{sha256, holder};
  const std::string covered = scope_condition(scope, "h.lab_code", "h.sandbox", args);
  return first_blob(conn.query(std::string(kSelectBlob) +
                                   " b WHERE b.sha256 = $1 AND EXISTS (SELECT 1 FROM blob_holders"
                                   " h WHERE h.sha256 = b.sha256 AND (h.holder = $2 OR " +
                                   covered + "))",
                               args));
}

}  // namespace lw::storage
