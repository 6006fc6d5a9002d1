#pragma once
// PostgreSQL adapter over libpq: synchronous_commit=on for every session, UTC, text results
// decoded by column type; bytea parameters sent in binary.
#include <string>

#include "storage/sql.hpp"

namespace lw::storage::postgres {

/// Connects with a libpq URI (postgresql://user@host:port/db?…).
Result<ConnectionPtr> connect(const std::string& url);

}  // namespace lw::storage::postgres
