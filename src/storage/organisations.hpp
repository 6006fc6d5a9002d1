#pragma once
// Repository of organisations other than labs (migration 0013, organisations). Reads take a
// registry Scope: a regulator or station sees the organisations of its region subtree
// (scope_sql.hpp region_condition), the system admin all.
#include <optional>
#include <string>

#include "domain/organisation.hpp"
#include "domain/scope.hpp"
#include "storage/paging.hpp"
#include "storage/sql.hpp"

namespace lw::storage {

/// Inserts `org` (its id is ignored); the new id, or nothing when its credit code is taken.
Result<std::optional<std::int64_t>> insert_organisation(Connection& conn,
                                                        const domain::Organisation& org);
/// The organisation `id` when `scope` covers its region.
Result<std::optional<domain::Organisation>> find_organisation(Connection& conn,
                                                              const domain::Scope& scope,
                                                              std::int64_t id);

struct OrganisationFilter {
  std::optional<domain::OrganisationKind> kind;
  std::string region_code;  // its subtree; "" for any
  std::string q;            // in the name or the credit code
};
/// The organisations `scope` covers that match `filter`, by name then id.
Result<Paged<domain::Organisation>> list_organisations(Connection& conn, const domain::Scope& scope,
                                                       const OrganisationFilter& filter,
                                                       const Page& page);
/// Stores the changeable facts of `org` (name, address, contacts, updated_at).
Status update_organisation(Connection& conn, const domain::Organisation& org);

}  // namespace lw::storage
