#include "storage/reports.hpp"

#include "storage/rows.hpp"
#include "storage/scope_sql.hpp"

namespace lw::storage {
namespace {

const std::string kReportColumns =
    "r.id, r.number, r.lab_code, r.sandbox, r.region_code, r.project_id, r.kind, r.category,"
    " r.material, r.onsite_batch_id, r.title, r.conclusion, r.tested_from, r.tested_to,"
    " r.tester_id, r.reviewer_id, r.approver_id, r.pdf_sha256, r.pdf_sm3, r.stamped_sha256,"
    " r.content, r.content_sm3, r.seal, r.key_id, r.status, r.supersedes_id, r.superseded_by_id,"
    " r.version, r.issued_by, r.issued_at, r.updated_at, r.public_json";

Report report_of(const Row& row) {
  Report r;
  r.id = row.int64(0);
  r.number = row.text(1);
  r.lab_code = row.text(2);
  r.sandbox = row.int64(3) != 0;
  r.region_code = row.text(4);
  r.project_id = row.int64(5);
  r.kind = row.text(6);
  r.category = row.text(7);
  r.material = row.text(8);
  r.onsite_batch_id = id_or_none(row, 9);
  r.title = row.text(10);
  r.conclusion = row.text(11);
  r.tested_from = row.text(12);
  r.tested_to = row.text(13);
  r.tester_id = row.int64(14);
  r.reviewer_id = row.int64(15);
  r.approver_id = row.int64(16);
  r.pdf_sha256 = row.text(17);
  r.pdf_sm3 = row.text(18);
  r.stamped_sha256 = row.text(19);
  r.content = row.text(20);
  r.content_sm3 = row.text(21);
  r.seal = row.text(22);
  r.key_id = row.text(23);
  r.status = row.text(24);
  r.supersedes_id = id_or_none(row, 25);
  r.superseded_by_id = id_or_none(row, 26);
  r.version = row.int64(27);
  r.issued_by = row.text(28);
  r.issued_at = from_micros(row.int64(29));
  r.updated_at = from_micros(row.int64(30));
  r.public_json = row.text(31);
  return r;
}

ReportStatusChange change_of(const Row& r) {
  return {r.int64(0),       r.int64(1),       r.text(2), r.text(3),
          id_or_none(r, 4), id_or_none(r, 5), r.text(6), from_micros(r.int64(7))};
}

Result<std::vector<std::int64_t>> ids_of(Result<Rows> rows) {
  if (!rows) {
    return std::move(rows).error();
  }
  std::vector<std::int64_t> out;
  for (const auto& r : *rows) {
    out.push_back(r.int64(0));
  }
  return out;
}

}  // namespace

Result<int> next_report_sequence(Connection& conn, const std::string& lab_code, int year) {
  auto rows = conn.query(
      "INSERT INTO report_number_counters (lab_code, year, last_seq) VALUES ($1, $2, 1)"
      " ON CONFLICT (lab_code, year) DO UPDATE SET last_seq = report_number_counters.last_seq + 1"
      " RETURNING last_seq",
      params({lab_code, std::int64_t{year}}));
  if (!rows) {
    return std::move(rows).error();
  }
  return static_cast<int>(rows->front().int64(0));
}

Result<std::int64_t> insert_report(Connection& conn, const Report& r) {
  auto rows = conn.query(
      "INSERT INTO reports (number, lab_code, sandbox, region_code, project_id, kind, category,"
      " material, onsite_batch_id, title, conclusion, tested_from, tested_to, tester_id,"
      " reviewer_id, approver_id, pdf_sha256, pdf_sm3, stamped_sha256, content, content_sm3, seal,"
      " key_id, status, supersedes_id, superseded_by_id, version, issued_by, issued_at,"
      " updated_at, public_json) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13,"
      " $14, $15, $16, $17, $18, $19, $20, $21, $22, $23, $24, $25, $26, $27, $28, $29, $30, $31)"
      " RETURNING id",
      params({r.number,
              r.lab_code,
              std::int64_t{r.sandbox},
              r.region_code,
              r.project_id,
              r.kind,
              r.category,
              r.material,
              optional_id(r.onsite_batch_id),
              r.title,
              r.conclusion,
              r.tested_from,
              r.tested_to,
              r.tester_id,
              r.reviewer_id,
              r.approver_id,
              r.pdf_sha256,
              r.pdf_sm3,
              r.stamped_sha256,
              r.content,
              r.content_sm3,
              r.seal,
              r.key_id,
              r.status,
              optional_id(r.supersedes_id),
              optional_id(r.superseded_by_id),
              r.version,
              r.issued_by,
              to_micros(r.issued_at),
              to_micros(r.updated_at),
              r.public_json}));
  if (!rows) {
    return std::move(rows).error();
  }
  return rows->front().int64(0);
}

Status insert_report_tests(Connection& conn, std::int64_t report_id,
                           const std::vector<std::int64_t>& test_ids) {
  for (auto test_id : test_ids) {
    auto done = conn.query("INSERT INTO report_tests (report_id, test_id) VALUES ($1, $2)",
                           params({report_id, test_id}));
    if (!done) {
      return std::move(done).error();
    }
  }
  return {};
}

Result<std::vector<std::int64_t>> tests_of_report(Connection& conn, std::int64_t report_id) {
  return ids_of(conn.query("SELECT test_id FROM report_tests WHERE report_id = $1 ORDER BY test_id",
                           params({report_id})));
}

Result<std::vector<std::int64_t>> reports_of_test(Connection& conn, std::int64_t test_id) {
  return ids_of(
      conn.query("SELECT report_id FROM report_tests WHERE test_id = $1 ORDER BY report_id",
                 params({test_id})));
}

Result<std::optional<Report>> find_report(Connection& conn, const domain::Scope& scope,
                                          std::int64_t id) {
  std::vector<Value> p{id};
  const std::string where = "r.id = $1 AND " + lab_or_region_condition(scope, "r", p);
  return first_of(select_all<Report>(
      conn, "SELECT " + kReportColumns + " FROM reports r WHERE " + where, p, report_of));
}

Result<std::optional<Report>> find_report_by_number(Connection& conn, const std::string& number) {
  return first_of(
      select_all<Report>(conn, "SELECT " + kReportColumns + " FROM reports r WHERE r.number = $1",
                         params({number}), report_of));
}

Result<std::optional<std::string>> public_facts(Connection& conn, const std::string& number) {
  auto rows = conn.query("SELECT public_json FROM reports WHERE number = $1", params({number}));
  if (!rows) {
    return std::move(rows).error();
  }
  return rows->empty() ? std::nullopt : std::optional(rows->front().text(0));
}

Status update_report_status(Connection& conn, const Report& r) {
  auto done = conn.query(
      "UPDATE reports SET status = $2, superseded_by_id = $3, version = $4, updated_at = $5,"
      " public_json = $6 WHERE id = $1",
      params({r.id, r.status, optional_id(r.superseded_by_id), r.version, to_micros(r.updated_at),
              r.public_json}));
  if (!done) {
    return std::move(done).error();
  }
  return {};
}

Status set_report_stamp(Connection& conn, std::int64_t id, const std::string& stamped_sha256,
                        const std::string& public_json) {
  auto done = conn.query("UPDATE reports SET stamped_sha256 = $2, public_json = $3 WHERE id = $1",
                         params({id, stamped_sha256, public_json}));
  if (!done) {
    return std::move(done).error();
  }
  return {};
}

Result<Paged<Report>> list_reports(Connection& conn, const domain::Scope& scope,
                                   const ReportFilter& filter, const Page& page) {
  std::vector<Value> p;
  std::string where = lab_or_region_condition(scope, "r", p) + " AND " +
                      contains_condition(filter.q, {"r.number", "r.title"}, p);
  const auto equal = [&](const char* column, const std::string& value) {
    if (!value.empty()) {
      where += std::string(" AND ") + column + " = " + param(p, value);
    }
  };
  equal("r.lab_code", filter.lab_code);
  equal("r.status", filter.status);
  equal("r.conclusion", filter.conclusion);
  equal("r.kind", filter.kind);
  if (filter.project_id) {
    where += " AND r.project_id = " + param(p, *filter.project_id);
  }
  return select_page<Report>(conn, "reports r WHERE " + where, kReportColumns, "r.id DESC",
                             std::move(p), page, report_of);
}

Result<std::int64_t> insert_status_change(Connection& conn, const ReportStatusChange& c) {
  auto rows = conn.query(
      "INSERT INTO report_status_changes (report_id, status, reason, approver_id, new_report_id,"
      " changed_by, changed_at) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
      params({c.report_id, c.status, c.reason, optional_id(c.approver_id),
              optional_id(c.new_report_id), c.changed_by, to_micros(c.changed_at)}));
  if (!rows) {
    return std::move(rows).error();
  }
  return rows->front().int64(0);
}

Result<std::vector<ReportStatusChange>> status_changes_of(Connection& conn,
                                                          std::int64_t report_id) {
  return select_all<ReportStatusChange>(
      conn,
      "SELECT id, report_id, status, reason, approver_id, new_report_id, changed_by, changed_at"
      " FROM report_status_changes WHERE report_id = $1 ORDER BY id",
      params({report_id}), change_of);
}

Status add_report_stats(Connection& conn, const StatsDelta& d) {
  auto done = conn.query(
      "INSERT INTO report_stats_daily (day, region_code, lab_code, material, sandbox, issued,"
      " passed, failed, revoked) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)"
      " ON CONFLICT (day, region_code, lab_code, material, sandbox) DO UPDATE SET"
      " issued = report_stats_daily.issued + $6, passed = report_stats_daily.passed + $7,"
      " failed = report_stats_daily.failed + $8, revoked = report_stats_daily.revoked + $9",
      params({d.day, d.region_code, d.lab_code, d.material, std::int64_t{d.sandbox},
              std::int64_t{d.issued}, std::int64_t{d.passed}, std::int64_t{d.failed},
              std::int64_t{d.revoked}}));
  if (!done) {
    return std::move(done).error();
  }
  return {};
}

Result<std::vector<StatsRow>> report_stats(Connection& conn, const domain::Scope& scope,
                                           StatsGroup group, const std::string& from,
                                           const std::string& to, const std::string& region_code) {
  std::vector<Value> p;
  std::string where = lab_or_region_condition(scope, "s", p) + " AND s.day >= " + param(p, from) +
                      " AND s.day <= " + param(p, to);
  if (!region_code.empty()) {
    // Region codes are digits only: the prefix needs no LIKE escaping.
    where += " AND s.region_code LIKE " + param(p, region_code + "%");
  }
  const char* key = group == StatsGroup::region     ? "s.region_code"
                    : group == StatsGroup::lab      ? "s.lab_code"
                    : group == StatsGroup::material ? "s.material"
                                                    : "SUBSTR(s.day, 1, 7)";
  return select_all<StatsRow>(
      conn,
      std::string("SELECT ") + key +
          ", CAST(SUM(s.issued) AS BIGINT), CAST(SUM(s.passed) AS BIGINT),"
          " CAST(SUM(s.failed) AS BIGINT), CAST(SUM(s.revoked) AS BIGINT)"
          " FROM report_stats_daily s WHERE " +
          where + " GROUP BY " + key + " ORDER BY " + key,
      p, [](const Row& r) {
        return StatsRow{r.text(0), r.int64(1), r.int64(2), r.int64(3), r.int64(4)};
      });
}

}  // namespace lw::storage
