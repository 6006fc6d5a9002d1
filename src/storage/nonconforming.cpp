#include "storage/nonconforming.hpp"

#include "storage/rows.hpp"
#include "storage/scope_sql.hpp"

namespace lw::storage {
namespace {

constexpr std::string_view kNonconformingEntryColumns =
    "n.id, n.lab_code, n.sandbox, n.region_code, n.project_id, n.material, n.item, n.grade,"
    " n.test_id, n.report_id, n.source, n.detail, n.found_at, n.status, n.retest_id,"
    " n.handling, n.handled_by, n.handled_at, n.notice_id, n.updated_at";

Nonconforming entry_of(const Row& r) {
  Nonconforming n;
  n.id = r.int64(0);
  n.lab_code = r.text(1);
  n.sandbox = r.int64(2) != 0;
  n.region_code = r.text(3);
  n.project_id = r.int64(4);
  n.material = r.text(5);
  n.item = r.text(6);
  n.grade = r.text(7);
  n.test_id = id_or_none(r, 8);
  n.report_id = id_or_none(r, 9);
  n.source = r.text(10);
  n.detail = r.text(11);
  n.found_at = from_micros(r.int64(12));
  n.status = r.text(13);
  n.retest_id = id_or_none(r, 14);
  n.handling = r.text(15);
  n.handled_by = r.text(16);
  n.handled_at = instant_or_none(r, 17);
  n.notice_id = id_or_none(r, 18);
  n.updated_at = from_micros(r.int64(19));
  return n;
}

}  // namespace

Result<std::optional<std::int64_t>> insert_nonconforming(Connection& conn, const Nonconforming& n) {
  auto rows = conn.query(
      "INSERT INTO nonconforming (lab_code, sandbox, region_code, project_id, material, item,"
      " grade, test_id, report_id, source, detail, found_at, status, retest_id, handling,"
      " handled_by, handled_at, notice_id, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8,"
      " $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19) ON CONFLICT (test_id) DO NOTHING"
      " RETURNING id",
      params({n.lab_code, std::int64_t{n.sandbox}, n.region_code, n.project_id, n.material, n.item,
              n.grade, optional_id(n.test_id), optional_id(n.report_id), n.source, n.detail,
              to_micros(n.found_at), n.status, optional_id(n.retest_id), n.handling, n.handled_by,
              instant_or_null(n.handled_at), optional_id(n.notice_id), to_micros(n.updated_at)}));
  if (!rows) {
    return std::move(rows).error();
  }
  return rows->empty() ? std::nullopt : std::optional(rows->front().int64(0));
}

Result<std::optional<Nonconforming>> find_nonconforming(Connection& conn,
                                                        const domain::Scope& scope,
                                                        std::int64_t id) {
  std::vector<Value> p{id};
  const std::string where = "n.id = $1 AND " + lab_or_region_condition(scope, "n", p);
  return first_of(select_all<Nonconforming>(
      conn,
      "SELECT " + std::string(kNonconformingEntryColumns) + " FROM nonconforming n WHERE " + where,
      p, entry_of));
}

Result<std::optional<Nonconforming>> nonconforming_of_test(Connection& conn, std::int64_t test_id) {
  return first_of(select_all<Nonconforming>(conn,
                                            "SELECT " + std::string(kNonconformingEntryColumns) +
                                                " FROM nonconforming n WHERE n.test_id = $1",
                                            params({test_id}), entry_of));
}

Status update_nonconforming(Connection& conn, const Nonconforming& n) {
  auto done = conn.query(
      "UPDATE nonconforming SET status = $2, retest_id = $3, report_id = $4, handling = $5,"
      " handled_by = $6, handled_at = $7, notice_id = $8, updated_at = $9 WHERE id = $1",
      params({n.id, n.status, optional_id(n.retest_id), optional_id(n.report_id), n.handling,
              n.handled_by, instant_or_null(n.handled_at), optional_id(n.notice_id),
              to_micros(n.updated_at)}));
  if (!done) {
    return std::move(done).error();
  }
  return {};
}

Result<Paged<Nonconforming>> list_nonconforming(Connection& conn, const domain::Scope& scope,
                                                const NonconformingFilter& filter,
                                                const Page& page) {
  std::vector<Value> p;
  std::string where = lab_or_region_condition(scope, "n", p) + " AND " +
                      contains_condition(filter.q, {"n.item", "n.grade", "n.lab_code"}, p);
  if (!filter.region_code.empty()) {
    // Region codes are digits only: the prefix needs no LIKE escaping.
    where += " AND n.region_code LIKE " + param(p, filter.region_code + "%");
  }
  const auto equal = [&](const char* column, const std::string& value) {
    if (!value.empty()) {
      where += std::string(" AND ") + column + " = " + param(p, value);
    }
  };
  equal("n.lab_code", filter.lab_code);
  equal("n.material", filter.material);
  equal("n.status", filter.status);
  if (filter.from) {
    where += " AND n.found_at >= " + param(p, to_micros(*filter.from));
  }
  if (filter.to) {
    where += " AND n.found_at < " + param(p, to_micros(*filter.to));
  }
  return select_page<Nonconforming>(conn, "nonconforming n WHERE " + where,
                                    std::string(kNonconformingEntryColumns), "n.id DESC",
                                    std::move(p), page, entry_of);
}

}  // namespace lw::storage
