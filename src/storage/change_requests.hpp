#pragma once
// Repository of change requests (domain/change_request.hpp). Reads take the registry scope of
// the lab a request's record belongs to; the state moves once, from pending, and never back.
#include <optional>
#include <vector>

#include "domain/change_request.hpp"
#include "domain/scope.hpp"
#include "storage/sql.hpp"

namespace lw::storage {

/// Stores a new pending request; returns its id.
Result<std::int64_t> insert_change_request(Connection& conn, const domain::ChangeRequest& r);
/// The request when `scope` covers its lab.
Result<std::optional<domain::ChangeRequest>> find_change_request(Connection& conn,
                                                                 const domain::Scope& scope,
                                                                 std::int64_t id);
/// What to list: every filter is optional.
struct ChangeFilter {
  std::optional<domain::ChangeState> state;
  std::string record_type;
  std::string record_id;
};
/// The requests `scope` covers that match `filter`, newest first, at most 500.
Result<std::vector<domain::ChangeRequest>> list_change_requests(Connection& conn,
                                                                const domain::Scope& scope,
                                                                const ChangeFilter& filter);
/// Records the decision on a pending request (state, decided_*, applied_version from
/// `decided`); false when it was no longer pending.
Result<bool> decide_change_request(Connection& conn, const domain::ChangeRequest& decided);

}  // namespace lw::storage
