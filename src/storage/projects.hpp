#pragma once
// Repository of projects, their assignments and change notices, and the violations the
// platform records (migration 0016). Reads take a region scope: a station or regulator sees
// the projects of its region subtree (storage/scope_sql.hpp region_condition).
#include <optional>
#include <string>
#include <vector>

#include "domain/project.hpp"
#include "domain/scope.hpp"
#include "storage/paging.hpp"
#include "storage/sql.hpp"

namespace lw::storage {

/// Inserts `project` (id ignored); returns its id, or nothing when its code is taken.
Result<std::optional<std::int64_t>> insert_project(Connection& conn, const domain::Project& p);
/// The project when `scope` covers its region.
Result<std::optional<domain::Project>> find_project(Connection& conn, const domain::Scope& scope,
                                                    std::int64_t id);
struct ProjectFilter {
  std::string q;       // in code, name or address
  std::string region;  // a region subtree within the scope
};
/// The projects `scope` covers that match `filter`, newest first.
Result<Paged<domain::Project>> list_projects(Connection& conn, const domain::Scope& scope,
                                             const ProjectFilter& filter, const Page& page);

/// Inserts `a` (id ignored); returns its id.
Result<std::int64_t> insert_assignment(Connection& conn, const domain::Assignment& a,
                                       const std::string& created_by, Instant created_at,
                                       std::optional<std::int64_t> notice_id);
/// Ends an open assignment at `at`; false when it was not open.
Result<bool> end_assignment(Connection& conn, std::int64_t id, Instant at);
/// Every assignment of a project, oldest first.
Result<std::vector<domain::Assignment>> list_assignments(Connection& conn,
                                                         std::int64_t project_id);

/// Inserts the notice (id ignored); returns its id.
Result<std::int64_t> insert_change_notice(Connection& conn, const domain::ChangeNotice& n);
/// Every change notice of a project, newest first.
Result<std::vector<domain::ChangeNotice>> list_change_notices(Connection& conn,
                                                              std::int64_t project_id);

/// A rule breach for supervision (later issues judge and sanction it).
struct Violation {
  std::int64_t id = 0;
  std::string kind;  // e.g. "late_change_notice"
  std::string region_code;
  std::string lab_code;
  std::optional<std::int64_t> project_id;
  std::string subject;  // e.g. "change_notice 12"
  Instant occurred_at{};
  Instant recorded_at{};
  std::string policy_profile;
  std::string policy_version;
  std::string details_json;
};
Result<std::int64_t> insert_violation(Connection& conn, const Violation& v);
/// The violations of one project, newest first.
Result<std::vector<Violation>> list_project_violations(Connection& conn, std::int64_t project_id);

}  // namespace lw::storage
