#include "storage/migrations.hpp"

#include <set>

#include "core/clock.hpp"

namespace lw::storage {
namespace {

constexpr std::string_view kCreateTable =
    "CREATE TABLE IF NOT EXISTS schema_migrations ("
    " version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL)";
constexpr std::int64_t kPgLockKey = 0x6c77'6d67;  // "lwmg"

int latest_of(Engine engine) {
  const auto& all = migrations_for(engine);
  return all.empty() ? 0 : all.back().version;
}

// Every version applied, so that a migration merged after a higher one still runs.
Result<std::set<int>> applied_versions(Connection& conn) {
  auto rows = conn.query("SELECT version FROM schema_migrations");
  if (!rows) {
    return std::move(rows).error();
  }
  std::set<int> out;
  for (const auto& r : *rows) {
    out.insert(static_cast<int>(r.int64(0)));
  }
  return out;
}

Status apply_pending(Connection& conn) {
  LW_TRY(conn.exec(kCreateTable));
  auto applied = applied_versions(conn);
  if (!applied) {
    return std::move(applied).error();
  }
  for (const auto& m : migrations_for(conn.engine())) {
    if (applied->contains(m.version)) {
      continue;
    }
    LW_TRY(conn.exec_script(m.sql));
    LW_TRY(conn.exec(
        "INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)",
        params({std::int64_t{m.version}, std::string(m.name), to_micros(SystemClock{}.now())})));
  }
  return {};
}

}  // namespace

const std::vector<Migration>& migrations_for(Engine engine) {
  return engine == Engine::sqlite ? sqlite_migrations() : postgres_migrations();
}

Result<SchemaState> migrate(Connection& conn) {
  const bool pg = conn.engine() == Engine::postgresql;
  LW_TRY(conn.exec_script(pg ? "BEGIN" : "BEGIN IMMEDIATE"));
  if (pg) {
    LW_TRY(conn.query("SELECT pg_advisory_xact_lock($1)", params({kPgLockKey})));
  }
  if (auto st = apply_pending(conn); !st) {
    (void)conn.exec_script("ROLLBACK");
    return std::move(st).error();
  }
  LW_TRY(conn.exec_script("COMMIT"));
  return schema_state(conn);
}

Result<SchemaState> schema_state(Connection& conn) {
  SchemaState state;
  state.latest = latest_of(conn.engine());
  auto exists =
      conn.query(conn.engine() == Engine::sqlite
                     ? "SELECT 1 FROM sqlite_master WHERE type='table' AND name='schema_migrations'"
                     : "SELECT 1 FROM pg_tables WHERE tablename='schema_migrations'"
                       " AND schemaname = current_schema()");
  if (!exists) {
    return std::move(exists).error();
  }
  const auto& known = migrations_for(conn.engine());
  state.pending = static_cast<int>(known.size());
  if (exists->empty()) {
    return state;
  }
  auto applied = applied_versions(conn);
  if (!applied) {
    return std::move(applied).error();
  }
  state.current = applied->empty() ? 0 : *applied->rbegin();
  for (const auto& m : known) {
    state.pending -= applied->contains(m.version) ? 1 : 0;
  }
  return state;
}

}  // namespace lw::storage
