#include "storage/violations.hpp"

#include "storage/rows.hpp"
#include "storage/scope_sql.hpp"

namespace lw::storage {
namespace {

constexpr std::string_view kViolationColumns =
    "id, kind, region_code, lab_code, project_id, subject, occurred_at, recorded_at,"
    " policy_profile, policy_version, details, sandbox, status, severity, party_kind, party_ref,"
    " decided_at";

Violation violation_of(const Row& r) {
  Violation v;
  v.id = r.int64(0);
  v.kind = r.text(1);
  v.region_code = r.text(2);
  v.lab_code = r.text(3);
  v.project_id = id_or_none(r, 4);
  v.subject = r.text(5);
  v.occurred_at = from_micros(r.int64(6));
  v.recorded_at = from_micros(r.int64(7));
  v.policy_profile = r.text(8);
  v.policy_version = r.text(9);
  v.details_json = r.text(10);
  v.sandbox = r.int64(11) != 0;
  v.status = r.text(12);
  v.severity = r.text(13);
  v.party_kind = r.text(14);
  v.party_ref = r.text(15);
  v.decided_at = instant_or_none(r, 16);
  return v;
}

CaseEvent case_event_from_row(const Row& r) {
  return CaseEvent{r.int64(0), r.int64(1), r.text(2),
                   r.text(3),  r.text(4),  from_micros(r.int64(5))};
}

}  // namespace

Result<std::int64_t> insert_violation(Connection& conn, const Violation& v) {
  auto rows = conn.query(
      "INSERT INTO violations (kind, region_code, lab_code, project_id, subject, occurred_at,"
      " recorded_at, policy_profile, policy_version, details, sandbox)"
      " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id",
      params({v.kind, v.region_code, v.lab_code, optional_id(v.project_id), v.subject,
              to_micros(v.occurred_at), to_micros(v.recorded_at), v.policy_profile,
              v.policy_version, v.details_json, std::int64_t{v.sandbox}}));
  if (!rows) {
    return std::move(rows).error();
  }
  return rows->front().int64(0);
}

Result<std::vector<Violation>> list_project_violations(Connection& conn, std::int64_t project_id) {
  return select_all<Violation>(conn,
                               "SELECT " + std::string(kViolationColumns) +
                                   " FROM violations WHERE project_id = $1 AND sandbox = 0"
                                   " ORDER BY id DESC",
                               {project_id}, violation_of);
}

Result<Paged<Violation>> list_violations(Connection& conn, const domain::Scope& scope,
                                         const ViolationFilter& filter, const Page& page) {
  std::vector<Value> p;
  std::string where = lab_or_region_condition(scope, "", p);
  if (!filter.kind.empty()) {
    where += " AND kind = " + param(p, filter.kind);
  }
  if (!filter.lab_code.empty()) {
    where += " AND lab_code = " + param(p, filter.lab_code);
  }
  if (!filter.subject.empty()) {
    where += " AND subject = " + param(p, filter.subject);
  }
  if (!filter.status.empty()) {
    where += " AND status = " + param(p, filter.status);
  }
  return select_page<Violation>(conn, "violations WHERE " + where, std::string(kViolationColumns),
                                "id DESC", std::move(p), page, violation_of);
}

Result<std::optional<Violation>> find_violation(Connection& conn, const domain::Scope& scope,
                                                std::int64_t id) {
  std::vector<Value> p;
  std::string where = lab_or_region_condition(scope, "", p);
  where += " AND id = " + param(p, id);
  return first_of(select_all<Violation>(
      conn, "SELECT " + std::string(kViolationColumns) + " FROM violations WHERE " + where, p,
      violation_of));
}

Status update_case(Connection& conn, const Violation& v) {
  auto updated = conn.exec(
      "UPDATE violations SET status = $1, severity = $2, party_kind = $3, party_ref = $4,"
      " decided_at = $5 WHERE id = $6",
      params(
          {v.status, v.severity, v.party_kind, v.party_ref, instant_or_null(v.decided_at), v.id}));
  if (!updated) {
    return std::move(updated).error();
  }
  return {};
}

Result<std::int64_t> insert_case_event(Connection& conn, const CaseEvent& e) {
  auto rows = conn.query(
      "INSERT INTO case_events (violation_id, action, text, actor, at)"
      " VALUES ($1, $2, $3, $4, $5) RETURNING id",
      params({e.violation_id, e.action, e.text, e.actor, to_micros(e.at)}));
  if (!rows) {
    return std::move(rows).error();
  }
  return rows->front().int64(0);
}

Result<std::vector<CaseEvent>> list_case_events(Connection& conn, std::int64_t violation_id) {
  return select_all<CaseEvent>(conn,
                               "SELECT id, violation_id, action, text, actor, at FROM case_events"
                               " WHERE violation_id = $1 ORDER BY id",
                               {violation_id}, case_event_from_row);
}

}  // namespace lw::storage
