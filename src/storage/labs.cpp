#include "storage/labs.hpp"

#include "storage/scope_sql.hpp"

namespace lw::storage {
namespace {

constexpr std::string_view kColumns = "lab_code, name, region_code, sandbox, created_at";

domain::Lab from_row(const Row& r) {
  return domain::Lab{r.text(0), r.text(1), r.text(2), r.int64(3) != 0, from_micros(r.int64(4))};
}

}  // namespace

Status insert_lab_version(Connection& conn, const LabVersion& v) {
  Value request = nullptr;
  Value approved_by = nullptr;
  Value approved_at = nullptr;
  Value note = nullptr;
  if (v.approval) {
    request = v.approval->request_id;
    approved_by = v.approval->approved_by;
    approved_at = to_micros(v.approval->approved_at);
    note = v.approval->note;
  }
  LW_TRY(conn.exec(
      "INSERT INTO lab_versions (lab_code, version, name, region_code, sandbox, changed_by,"
      " changed_at, reason, change_request, approved_by, approved_at, approval_note)"
      " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)",
      params({v.lab.lab_code, v.version, v.lab.name, v.lab.region_code,
              std::int64_t{v.lab.sandbox ? 1 : 0}, v.changed_by, to_micros(v.changed_at), v.reason,
              request, approved_by, approved_at, note})));
  return {};
}

Result<std::optional<LabVersion>> find_lab_version(Connection& conn, const std::string& lab_code,
                                                   std::int64_t version) {
  auto rows = conn.query(
      "SELECT lab_code, name, region_code, sandbox, changed_at, version, changed_by, reason,"
      " change_request, approved_by, approved_at, approval_note"
      " FROM lab_versions WHERE lab_code = $1 AND version = $2",
      params({lab_code, version}));
  if (!rows) {
    return std::move(rows).error();
  }
  if (rows->empty()) {
    return std::optional<LabVersion>{};
  }
  const Row& r = rows->front();
  LabVersion v{from_row(r), r.int64(5), r.text(6), from_micros(r.int64(4)), r.text(7), {}};
  if (!r.is_null(8)) {
    v.approval = domain::Approval{r.int64(8), r.text(9), from_micros(r.int64(10)), r.text(11)};
  }
  return std::optional(std::move(v));
}

Result<bool> insert_lab(Connection& conn, const domain::Lab& lab) {
  auto rows = conn.query(
      "INSERT INTO labs (lab_code, name, region_code, sandbox, created_at)"
      " VALUES ($1, $2, $3, $4, $5) ON CONFLICT (lab_code) DO NOTHING RETURNING lab_code",
      params({lab.lab_code, lab.name, lab.region_code, std::int64_t{lab.sandbox ? 1 : 0},
              to_micros(lab.created_at)}));
  if (!rows) {
    return std::move(rows).error();
  }
  return !rows->empty();
}

Result<std::optional<domain::Lab>> find_lab(Connection& conn, const domain::Scope& scope,
                                            const std::string& lab_code) {
  std::vector<Value> p{lab_code};
  const std::string where = scope_condition(scope, "lab_code", "", p);
  auto rows = conn.query(std::string("SELECT ") + std::string(kColumns) +
                             " FROM labs WHERE lab_code = $1 AND " + where,
                         p);
  if (!rows) {
    return std::move(rows).error();
  }
  if (rows->empty()) {
    return std::optional<domain::Lab>{};
  }
  return std::optional(from_row(rows->front()));
}

Result<std::vector<LabListing>> list_labs(Connection& conn, const domain::Scope& scope,
                                          Instant now) {
  std::vector<Value> p{to_micros(now)};
  const std::string where = scope_condition(scope, "l.lab_code", "", p);
  auto rows = conn.query(
      "SELECT l.lab_code, l.name, l.region_code, l.sandbox, l.created_at,"
      " (SELECT COUNT(*) FROM lab_api_keys k WHERE k.lab_code = l.lab_code"
      "  AND (k.revoked_at IS NULL OR k.revoked_at > $1))"
      " FROM labs l WHERE " +
          where + " ORDER BY l.lab_code",
      p);
  if (!rows) {
    return std::move(rows).error();
  }
  std::vector<LabListing> out;
  out.reserve(rows->size());
  for (const auto& r : *rows) {
    out.push_back({from_row(r), r.int64(5)});
  }
  return out;
}

Status update_lab(Connection& conn, const domain::Lab& lab) {
  LW_TRY(conn.exec("UPDATE labs SET name = $2, region_code = $3 WHERE lab_code = $1",
                   params({lab.lab_code, lab.name, lab.region_code})));
  return {};
}

Result<bool> set_lab_sandbox(Connection& conn, const std::string& lab_code, bool sandbox) {
  auto n = conn.exec("UPDATE labs SET sandbox = $1 WHERE lab_code = $2",
                     params({std::int64_t{sandbox ? 1 : 0}, lab_code}));
  if (!n) {
    return std::move(n).error();
  }
  return *n == 1;
}

Result<bool> lab_in_sandbox(Connection& conn, const std::string& lab_code) {
  auto rows = conn.query("SELECT sandbox FROM labs WHERE lab_code = $1", params({lab_code}));
  if (!rows) {
    return std::move(rows).error();
  }
  return !rows->empty() && rows->front().int64(0) != 0;
}

}  // namespace lw::storage
