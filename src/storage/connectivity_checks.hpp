#pragma once
// Repository of connectivity checks.
#include <optional>
#include <vector>

#include "domain/connectivity.hpp"
#include "storage/sql.hpp"

namespace lw::storage {

/// Inserts `check` and sets its id.
Status insert_connectivity_check(Connection& conn, domain::ConnectivityCheck& check);
Result<std::optional<domain::ConnectivityCheck>> find_connectivity_check(Connection& conn,
                                                                         std::int64_t id);
/// Newest first; `lab_code` empty means all labs.
Result<std::vector<domain::ConnectivityCheck>> recent_connectivity_checks(
    Connection& conn, const std::string& lab_code, int limit);

}  // namespace lw::storage
