#pragma once
// Versioned schema migrations, one SQL file per version and engine, applied in order inside
// a transaction; schema_migrations records what was applied. Safe to run from several
// instances at once (PostgreSQL: advisory lock; SQLite: an immediate transaction).
#include <string_view>
#include <vector>

#include "storage/sql.hpp"

namespace lw::storage {

struct Migration {
  int version;
  std::string_view name;
  std::string_view sql;
};

const std::vector<Migration>& sqlite_migrations();
const std::vector<Migration>& postgres_migrations();
const std::vector<Migration>& migrations_for(Engine engine);

struct SchemaState {
  int current = 0;  // highest version applied
  int latest = 0;   // highest version this binary knows
  int pending = 0;  // versions this binary knows that are not applied
  bool up_to_date() const { return pending == 0; }
};

/// Applies every pending migration; returns the state afterwards.
Result<SchemaState> migrate(Connection& conn);
/// Reads the state without changing anything (for /readyz).
Result<SchemaState> schema_state(Connection& conn);

}  // namespace lw::storage
