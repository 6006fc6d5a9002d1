#include "storage/projects.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "storage/rows.hpp"
#include "storage/scope_sql.hpp"

namespace lw::storage {
namespace {

constexpr std::string_view kProjectColumns =
    "id, code, name, address, region_code, site, client_id, contractor_id, supervisor_id,"
    " created_by, created_at";

domain::Project project_of(const Row& r) {
  domain::Project p;
  p.id = r.int64(0);
  p.code = r.text(1);
  p.name = r.text(2);
  p.address = r.text(3);
  p.region_code = r.text(4);
  boost::system::error_code ec;
  const auto site = boost::json::parse(r.text(5), ec);
  if (!ec) {
    if (auto parsed = domain::parse_site(site)) {
      p.site = std::move(*parsed);
    }
  }
  p.client_id = r.int64(6);
  p.contractor_id = r.int64(7);
  p.supervisor_id = r.int64(8);
  p.created_by = r.text(9);
  p.created_at = from_micros(r.int64(10));
  return p;
}

constexpr std::string_view kAssignmentColumns =
    "id, project_id, person_id, duty, starts_at, ends_at";

domain::Assignment assignment_of(const Row& r) {
  domain::Assignment a;
  a.id = r.int64(0);
  a.project_id = r.int64(1);
  a.person_id = r.int64(2);
  a.duty = domain::parse_assignment_duty(r.text(3)).value_or(domain::AssignmentDuty::witness);
  a.starts_at = from_micros(r.int64(4));
  if (!r.is_null(5)) {
    a.ends_at = from_micros(r.int64(5));
  }
  return a;
}

constexpr std::string_view kNoticeColumns =
    "id, project_id, duty, replaced_id, person_out, person_in, effective_at, filed_at, filed_by,"
    " reason, policy_profile, policy_version, due_at, on_time, late_working_days,"
    " uncovered_years";

std::string years_text(const std::vector<int>& years) {
  std::string out;
  for (int y : years) {
    out += (out.empty() ? "" : ",") + std::to_string(y);
  }
  return out;
}

std::vector<int> years_of(const std::string& text) {
  std::vector<int> out;
  std::size_t start = 0;
  while (start < text.size()) {
    const auto comma = text.find(',', start);
    const auto end = comma == std::string::npos ? text.size() : comma;
    out.push_back(std::atoi(text.substr(start, end - start).c_str()));
    start = end + 1;
  }
  return out;
}

domain::ChangeNotice notice_of(const Row& r) {
  domain::ChangeNotice n;
  n.id = r.int64(0);
  n.project_id = r.int64(1);
  n.duty = domain::parse_assignment_duty(r.text(2)).value_or(domain::AssignmentDuty::witness);
  n.replaced_id = r.int64(3);
  n.person_out = r.int64(4);
  n.person_in = r.int64(5);
  n.effective_at = from_micros(r.int64(6));
  n.filed_at = from_micros(r.int64(7));
  n.filed_by = r.text(8);
  n.reason = r.text(9);
  n.policy_profile = r.text(10);
  n.policy_version = r.text(11);
  n.due_at = from_micros(r.int64(12));
  n.on_time = r.int64(13) != 0;
  n.late_working_days = static_cast<int>(r.int64(14));
  n.uncovered_years = years_of(r.text(15));
  return n;
}

}  // namespace

Result<std::optional<std::int64_t>> insert_project(Connection& conn, const domain::Project& p) {
  auto taken = conn.query("SELECT 1 FROM projects WHERE code = $1", params({p.code}));
  if (!taken) {
    return std::move(taken).error();
  }
  if (!taken->empty()) {
    return std::optional<std::int64_t>{};
  }
  auto rows = conn.query(
      "INSERT INTO projects (code, name, address, region_code, site, client_id, contractor_id,"
      " supervisor_id, created_by, created_at, updated_at)"
      " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10) RETURNING id",
      params({p.code, p.name, p.address, p.region_code,
              boost::json::serialize(domain::site_json(p.site)), p.client_id, p.contractor_id,
              p.supervisor_id, p.created_by, to_micros(p.created_at)}));
  if (!rows) {
    return std::move(rows).error();
  }
  return std::optional(rows->front().int64(0));
}

Result<std::optional<domain::Project>> find_project(Connection& conn, const domain::Scope& scope,
                                                    std::int64_t id) {
  std::vector<Value> p{id};
  const std::string where = region_condition(scope, "region_code", p);
  auto found = select_all<domain::Project>(
      conn, "SELECT " + std::string(kProjectColumns) + " FROM projects WHERE id = $1 AND " + where,
      p, project_of);
  if (!found) {
    return std::move(found).error();
  }
  if (found->empty()) {
    return std::optional<domain::Project>{};
  }
  return std::optional(std::move(found->front()));
}

Result<Paged<domain::Project>> list_projects(Connection& conn, const domain::Scope& scope,
                                             const ProjectFilter& filter, const Page& page) {
  std::vector<Value> p;
  std::string where = region_condition(scope, "region_code", p) + " AND " +
                      contains_condition(filter.q, {"code", "name", "address"}, p);
  if (!filter.region.empty()) {
    p.emplace_back(domain::region_prefix(filter.region) + "%");
    where += " AND region_code LIKE $" + std::to_string(p.size());
  }
  auto count = conn.query("SELECT COUNT(*) FROM projects WHERE " + where, p);
  if (!count) {
    return std::move(count).error();
  }
  Paged<domain::Project> out;
  out.total = count->front().int64(0);
  std::string sql = "SELECT " + std::string(kProjectColumns) + " FROM projects WHERE " + where +
                    " ORDER BY id DESC";
  sql += page_clause(page, p);
  auto items = select_all<domain::Project>(conn, sql, p, project_of);
  if (!items) {
    return std::move(items).error();
  }
  out.items = std::move(*items);
  return out;
}

Result<std::int64_t> insert_assignment(Connection& conn, const domain::Assignment& a,
                                       const std::string& created_by, Instant created_at,
                                       std::optional<std::int64_t> notice_id) {
  auto rows = conn.query(
      "INSERT INTO project_assignments (project_id, person_id, duty, starts_at, ends_at,"
      " notice_id, created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
      params({a.project_id, a.person_id, std::string(domain::assignment_duty_name(a.duty)),
              to_micros(a.starts_at), a.ends_at ? Value(to_micros(*a.ends_at)) : Value(nullptr),
              notice_id ? Value(*notice_id) : Value(nullptr), created_by, to_micros(created_at)}));
  if (!rows) {
    return std::move(rows).error();
  }
  return rows->front().int64(0);
}

Result<bool> end_assignment(Connection& conn, std::int64_t id, Instant at) {
  auto n =
      conn.exec("UPDATE project_assignments SET ends_at = $2 WHERE id = $1 AND ends_at IS NULL",
                params({id, to_micros(at)}));
  if (!n) {
    return std::move(n).error();
  }
  return *n == 1;
}

Result<std::vector<domain::Assignment>> list_assignments(Connection& conn,
                                                         std::int64_t project_id) {
  return select_all<domain::Assignment>(
      conn,
      "SELECT " + std::string(kAssignmentColumns) +
          " FROM project_assignments WHERE project_id = $1 ORDER BY id",
      {project_id}, assignment_of);
}

Result<std::optional<domain::Assignment>> find_assignment(Connection& conn, std::int64_t project_id,
                                                          std::int64_t id) {
  auto found = select_all<domain::Assignment>(
      conn,
      "SELECT " + std::string(kAssignmentColumns) +
          " FROM project_assignments WHERE id = $1 AND project_id = $2",
      {id, project_id}, assignment_of);
  if (!found) {
    return std::move(found).error();
  }
  if (found->empty()) {
    return std::optional<domain::Assignment>{};
  }
  return std::optional(std::move(found->front()));
}

namespace {

// "$k, $k+1, …" for `ids`, appended to `p`.
std::string id_list(const std::vector<std::int64_t>& ids, std::vector<Value>& p) {
  std::string out;
  for (auto id : ids) {
    p.emplace_back(id);
    out += (out.empty() ? "$" : ", $") + std::to_string(p.size());
  }
  return out;
}

}  // namespace

Result<std::map<std::int64_t, ProjectTally>> project_tallies(Connection& conn,
                                                             const std::vector<std::int64_t>& ids,
                                                             Instant now) {
  std::map<std::int64_t, ProjectTally> out;
  if (ids.empty()) {
    return out;
  }
  std::vector<Value> p{to_micros(now)};
  const std::string in = id_list(ids, p);
  auto active = conn.query(
      "SELECT project_id, duty, COUNT(*) FROM project_assignments WHERE project_id IN (" + in +
          ") AND starts_at <= $1 AND (ends_at IS NULL OR ends_at > $1) GROUP BY project_id, duty",
      p);
  if (!active) {
    return std::move(active).error();
  }
  for (const auto& r : *active) {
    auto& t = out[r.int64(0)];
    (r.text(1) == "witness" ? t.active_witnesses : t.active_samplers) = r.int64(2);
  }
  std::vector<Value> q;
  const std::string in_q = id_list(ids, q);
  auto late = conn.query("SELECT project_id, COUNT(*) FROM change_notices WHERE project_id IN (" +
                             in_q + ") AND on_time = 0 GROUP BY project_id",
                         q);
  if (!late) {
    return std::move(late).error();
  }
  for (const auto& r : *late) {
    out[r.int64(0)].late_notices = r.int64(1);
  }
  return out;
}

Result<std::map<std::int64_t, PartyName>> party_names(Connection& conn,
                                                      const std::vector<std::int64_t>& ids) {
  std::map<std::int64_t, PartyName> out;
  if (ids.empty()) {
    return out;
  }
  std::vector<Value> p;
  const std::string sql =
      "SELECT id, name, credit_code FROM organisations WHERE id IN (" + id_list(ids, p) + ")";
  auto rows = conn.query(sql, p);
  if (!rows) {
    return std::move(rows).error();
  }
  for (const auto& r : *rows) {
    out[r.int64(0)] = {r.text(1), r.text(2)};
  }
  return out;
}

Result<std::map<std::int64_t, std::string>> person_names(Connection& conn,
                                                         const std::vector<std::int64_t>& ids) {
  std::map<std::int64_t, std::string> out;
  if (ids.empty()) {
    return out;
  }
  std::vector<Value> p;
  const std::string sql = "SELECT id, name FROM people WHERE id IN (" + id_list(ids, p) + ")";
  auto rows = conn.query(sql, p);
  if (!rows) {
    return std::move(rows).error();
  }
  for (const auto& r : *rows) {
    out[r.int64(0)] = r.text(1);
  }
  return out;
}

Result<std::int64_t> insert_change_notice(Connection& conn, const domain::ChangeNotice& n) {
  auto rows = conn.query(
      "INSERT INTO change_notices (project_id, duty, replaced_id, person_out, person_in,"
      " effective_at, filed_at, filed_by, reason, policy_profile, policy_version, due_at,"
      " on_time, late_working_days, uncovered_years)"
      " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15) RETURNING id",
      params({n.project_id, std::string(domain::assignment_duty_name(n.duty)), n.replaced_id,
              n.person_out, n.person_in, to_micros(n.effective_at), to_micros(n.filed_at),
              n.filed_by, n.reason, n.policy_profile, n.policy_version, to_micros(n.due_at),
              std::int64_t{n.on_time ? 1 : 0}, std::int64_t{n.late_working_days},
              years_text(n.uncovered_years)}));
  if (!rows) {
    return std::move(rows).error();
  }
  return rows->front().int64(0);
}

Result<std::vector<domain::ChangeNotice>> list_change_notices(Connection& conn,
                                                              std::int64_t project_id) {
  return select_all<domain::ChangeNotice>(
      conn,
      "SELECT " + std::string(kNoticeColumns) +
          " FROM change_notices WHERE project_id = $1 ORDER BY id DESC",
      {project_id}, notice_of);
}

}  // namespace lw::storage
