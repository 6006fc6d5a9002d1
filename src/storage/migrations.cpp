#include "storage/migrations.hpp"

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

Result<int> current_version(Connection& conn) {
  auto rows = conn.query("SELECT COALESCE(MAX(version), 0) FROM schema_migrations");
  if (!rows) {
    return std::move(rows).error();
  }
  return static_cast<int>(rows->at(0).int64(0));
}

Status apply_pending(Connection& conn) {
  LW_TRY(conn.exec(kCreateTable));
  auto current = current_version(conn);
  if (!current) {
    return std::move(current).error();
  }
  for (const auto& m : migrations_for(conn.engine())) {
    if (m.version <= *current) {
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
  if (exists->empty()) {
    return state;
  }
  auto current = current_version(conn);
  if (!current) {
    return std::move(current).error();
  }
  state.current = *current;
  return state;
}

}  // namespace lw::storage
