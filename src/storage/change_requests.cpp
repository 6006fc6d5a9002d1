#include "storage/change_requests.hpp"

#include "storage/scope_sql.hpp"

namespace lw::storage {
namespace {

constexpr std::string_view kChangeRequestColumns =
    "id, record_type, record_id, lab_code, base_version, proposal, reason, requested_by,"
    " requester_id, requested_at, state, decided_by, decider_id, decided_at, decision_note,"
    " applied_version";

domain::ChangeRequest change_request_from_row(const Row& r) {
  domain::ChangeRequest c;
  c.id = r.int64(0);
  c.record_type = r.text(1);
  c.record_id = r.text(2);
  c.lab_code = r.text(3);
  c.base_version = r.int64(4);
  c.proposal = r.text(5);
  c.reason = r.text(6);
  c.requested_by = r.text(7);
  c.requester_id = r.int64(8);
  c.requested_at = from_micros(r.int64(9));
  c.state = domain::parse_change_state(r.text(10)).value_or(domain::ChangeState::pending);
  c.decided_by = r.text(11);
  c.decider_id = r.int64(12);
  if (!r.is_null(13)) {
    c.decided_at = from_micros(r.int64(13));
  }
  c.decision_note = r.text(14);
  if (!r.is_null(15)) {
    c.applied_version = r.int64(15);
  }
  return c;
}

Result<std::vector<domain::ChangeRequest>> select(Connection& conn, const std::string& sql,
                                                  const std::vector<Value>& p) {
  auto rows = conn.query(sql, p);
  if (!rows) {
    return std::move(rows).error();
  }
  std::vector<domain::ChangeRequest> out;
  out.reserve(rows->size());
  for (const auto& r : *rows) {
    out.push_back(change_request_from_row(r));
  }
  return out;
}

}  // namespace

Result<std::int64_t> insert_change_request(Connection& conn, const domain::ChangeRequest& r) {
  auto rows = conn.query(
      "INSERT INTO change_requests (record_type, record_id, lab_code, base_version, proposal,"
      " reason, requested_by, requester_id, requested_at, state)"
      " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 'pending') RETURNING id",
      params({r.record_type, r.record_id, r.lab_code, r.base_version, r.proposal, r.reason,
              r.requested_by, r.requester_id, to_micros(r.requested_at)}));
  if (!rows) {
    return std::move(rows).error();
  }
  return rows->front().int64(0);
}

Result<std::optional<domain::ChangeRequest>> find_change_request(Connection& conn,
                                                                 const domain::Scope& scope,
                                                                 std::int64_t id) {
  std::vector<Value> p{id};
  const std::string where = scope_condition(scope, "lab_code", "", p);
  auto found = select(conn,
                      std::string("SELECT ") + std::string(kChangeRequestColumns) +
                          " FROM change_requests WHERE id = $1 AND " + where,
                      p);
  if (!found) {
    return std::move(found).error();
  }
  if (found->empty()) {
    return std::optional<domain::ChangeRequest>{};
  }
  return std::optional(std::move(found->front()));
}

Result<std::vector<domain::ChangeRequest>> list_change_requests(Connection& conn,
                                                                const domain::Scope& scope,
                                                                const ChangeFilter& filter) {
  std::vector<Value> p;
  std::string sql = std::string("SELECT ") + std::string(kChangeRequestColumns) +
                    " FROM change_requests WHERE " + scope_condition(scope, "lab_code", "", p);
  if (filter.state) {
    p.emplace_back(std::string(domain::state_name(*filter.state)));
    sql += " AND state = $" + std::to_string(p.size());
  }
  if (!filter.record_type.empty()) {
    p.emplace_back(filter.record_type);
    sql += " AND record_type = $" + std::to_string(p.size());
  }
  if (!filter.record_id.empty()) {
    p.emplace_back(filter.record_id);
    sql += " AND record_id = $" + std::to_string(p.size());
  }
  sql += " ORDER BY id DESC LIMIT 500";
  return select(conn, sql, p);
}

Result<bool> decide_change_request(Connection& conn, const domain::ChangeRequest& d) {
  Value applied = nullptr;
  if (d.applied_version) {
    applied = *d.applied_version;
  }
  auto rows = conn.query(
      "UPDATE change_requests SET state = $2, decided_by = $3, decider_id = $4,"
      " decided_at = $5, decision_note = $6, applied_version = $7"
      " WHERE id = $1 AND state = 'pending' RETURNING id",
      params({d.id, std::string(domain::state_name(d.state)), d.decided_by, d.decider_id,
              to_micros(d.decided_at.value_or(Instant{})), d.decision_note, applied}));
  if (!rows) {
    return std::move(rows).error();
  }
  return !rows->empty();
}

}  // namespace lw::storage
