#pragma once
// Repository of connectivity checks.
#include <optional>
#include <vector>

#include "domain/connectivity.hpp"
#include "domain/scope.hpp"
#include "storage/sql.hpp"

namespace lw::storage {

/// Inserts `check` and sets its id.
Status insert_connectivity_check(Connection& conn, domain::ConnectivityCheck& check);
/// The check of `id` when `scope` covers it.
Result<std::optional<domain::ConnectivityCheck>> find_connectivity_check(Connection& conn,
                                                                         const domain::Scope& scope,
                                                                         std::int64_t id);
/// Newest first, of the checks `scope` covers; `lab_code` empty means every lab in scope.
Result<std::vector<domain::ConnectivityCheck>> recent_connectivity_checks(
    Connection& conn, const domain::Scope& scope, const std::string& lab_code, int limit);

}  // namespace lw::storage
