#include "storage/registry_versions.hpp"

namespace lw::storage {

Status insert_registry_version(Connection& conn, const RegistryVersion& v) {
  auto done = conn.exec(
      "INSERT INTO registry_versions (record_type, record_id, version, lab_code, record,"
      " changed_by, changed_at) VALUES ($1, $2, $3, $4, $5, $6, $7)",
      params({v.record_type, v.record_id, v.version, v.lab_code, v.record_json, v.changed_by,
              to_micros(v.changed_at)}));
  if (!done) {
    return std::move(done).error();
  }
  return {};
}

Result<std::optional<RegistryVersion>> find_registry_version(Connection& conn,
                                                             const std::string& record_type,
                                                             const std::string& record_id,
                                                             std::int64_t version) {
  auto rows = conn.query(
      "SELECT lab_code, record, changed_by, changed_at FROM registry_versions"
      " WHERE record_type = $1 AND record_id = $2 AND version = $3",
      params({record_type, record_id, version}));
  if (!rows) {
    return std::move(rows).error();
  }
  if (rows->empty()) {
    return std::optional<RegistryVersion>{};
  }
  const Row& r = rows->front();
  return std::optional(RegistryVersion{record_type, record_id, version, r.text(0), r.text(1),
                                       r.text(2), from_micros(r.int64(3))});
}

Result<std::vector<RegistryVersion>> list_registry_versions(Connection& conn,
                                                            const std::string& record_type,
                                                            const std::string& record_id) {
  auto rows = conn.query(
      "SELECT version, lab_code, record, changed_by, changed_at FROM registry_versions"
      " WHERE record_type = $1 AND record_id = $2 ORDER BY version",
      params({record_type, record_id}));
  if (!rows) {
    return std::move(rows).error();
  }
  std::vector<RegistryVersion> out;
  for (const auto& r : *rows) {
    out.push_back({record_type, record_id, r.int64(0), r.text(1), r.text(2), r.text(3),
                   from_micros(r.int64(4))});
  }
  return out;
}

}  // namespace lw::storage
