#pragma once
// Repository of projects, their assignments and change notices, and the violations the
// platform records (migration 0016). Reads take a region scope: a station or regulator sees
// the projects of its region subtree (storage/scope_sql.hpp region_condition).
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "domain/project.hpp"
#include "domain/scope.hpp"
#include "storage/paging.hpp"
#include "storage/sql.hpp"
#include "storage/violations.hpp"

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
Result<std::vector<domain::Assignment>> list_assignments(Connection& conn, std::int64_t project_id);

/// The assignment `id` of project `project_id`, if there is one.
Result<std::optional<domain::Assignment>> find_assignment(Connection& conn, std::int64_t project_id,
                                                          std::int64_t id);

/// What a project list shows of each project: its witnesses and samplers assigned at `now`
/// and how many of its change notices were late.
struct ProjectTally {
  std::int64_t active_witnesses = 0;
  std::int64_t active_samplers = 0;
  std::int64_t late_notices = 0;
};
/// The tallies of the projects `ids` (a project without assignments or notices is absent).
Result<std::map<std::int64_t, ProjectTally>> project_tallies(Connection& conn,
                                                             const std::vector<std::int64_t>& ids,
                                                             Instant now);

/// A party of a project as a project names it: an organisation's id, name and credit code.
struct PartyName {
  std::string name;
  std::string credit_code;
};
/// The names of the organisations `ids`, unscoped: a project in scope names its parties
/// wherever they are registered (business names are public registration facts).
Result<std::map<std::int64_t, PartyName>> party_names(Connection& conn,
                                                      const std::vector<std::int64_t>& ids);
/// The names of the people `ids`, unscoped (names only: never an ID or phone number).
Result<std::map<std::int64_t, std::string>> person_names(Connection& conn,
                                                         const std::vector<std::int64_t>& ids);

/// Inserts the notice (id ignored); returns its id.
Result<std::int64_t> insert_change_notice(Connection& conn, const domain::ChangeNotice& n);
/// Every change notice of a project, newest first.
Result<std::vector<domain::ChangeNotice>> list_change_notices(Connection& conn,
                                                              std::int64_t project_id);

}  // namespace lw::storage
