#include "storage/sqlite/sqlite_connection.hpp"

#include <sqlite3.h>

#include <string>
#include <unordered_map>

namespace lw::storage::sqlite {
namespace {

constexpr std::size_t kStatementCacheSize = 128;

Error to_error(sqlite3* db, int rc, std::string_view what) {
  std::string note = std::string(what) + ": " + (db ? sqlite3_errmsg(db) : sqlite3_errstr(rc));
  switch (rc & 0xFF) {
    case SQLITE_CONSTRAINT:
      return Error(std::string(errc::conflict), std::move(note));
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
    case SQLITE_IOERR:
    case SQLITE_FULL:
    case SQLITE_CANTOPEN:
    case SQLITE_READONLY:
      return Error(std::string(errc::storage_unavailable), std::move(note));
    default:
      return Error(std::string(errc::internal), std::move(note));
  }
}

class SqliteConnection final : public Connection {
 public:
  explicit SqliteConnection(sqlite3* db) : db_(db) {}
  ~SqliteConnection() override {
    for (auto& [sql, stmt] : cache_) {
      sqlite3_finalize(stmt);
    }
    sqlite3_close_v2(db_);
  }

  Engine engine() const override { return Engine::sqlite; }
  bool usable() const override { return true; }
  bool transaction_failed() const override { return false; }

  Result<Rows> query(std::string_view sql, Params params) override {
    Rows rows;
    auto st = run(sql, params, &rows);
    if (!st) {
      return std::move(st).error();
    }
    return rows;
  }

  Result<std::int64_t> exec(std::string_view sql, Params params) override {
    auto st = run(sql, params, nullptr);
    if (!st) {
      return std::move(st).error();
    }
    return static_cast<std::int64_t>(sqlite3_changes64(db_));
  }

  Status exec_script(std::string_view sql) override {
    char* msg = nullptr;
    const int rc = sqlite3_exec(db_, std::string(sql).c_str(), nullptr, nullptr, &msg);
    if (rc != SQLITE_OK) {
      std::string note = msg ? msg : sqlite3_errstr(rc);
      sqlite3_free(msg);
      return Error(std::string(errc::internal), "sqlite script: " + note);
    }
    return {};
  }

 private:
  Result<sqlite3_stmt*> prepare(std::string_view sql) {
    auto it = cache_.find(std::string(sql));
    if (it != cache_.end()) {
      return it->second;
    }
    sqlite3_stmt* stmt = nullptr;
    const int rc = sqlite3_prepare_v3(db_, sql.data(), static_cast<int>(sql.size()),
                                      SQLITE_PREPARE_PERSISTENT, &stmt, nullptr);
    if (rc != SQLITE_OK) {
      return to_error(db_, rc, "prepare");
    }
    if (cache_.size() >= kStatementCacheSize) {
      for (auto& [s, old] : cache_) {
        sqlite3_finalize(old);
      }
      cache_.clear();
    }
    cache_.emplace(std::string(sql), stmt);
    return stmt;
  }

  Status bind(sqlite3_stmt* stmt, Params params) {
    for (std::size_t i = 0; i < params.size(); ++i) {
      const std::string name = "$" + std::to_string(i + 1);
      const int idx = sqlite3_bind_parameter_index(stmt, name.c_str());
      if (idx == 0) {
        continue;  // parameter not used by this statement
      }
      const Value& v = params[i];
      int rc = SQLITE_OK;
      if (std::holds_alternative<std::nullptr_t>(v)) {
        rc = sqlite3_bind_null(stmt, idx);
      } else if (auto p = std::get_if<std::int64_t>(&v)) {
        rc = sqlite3_bind_int64(stmt, idx, *p);
      } else if (auto d = std::get_if<double>(&v)) {
        rc = sqlite3_bind_double(stmt, idx, *d);
      } else if (auto s = std::get_if<std::string>(&v)) {
        LW_TRY(check_text_param(i + 1, *s));
        rc = sqlite3_bind_text64(stmt, idx, s->data(), s->size(), SQLITE_TRANSIENT, SQLITE_UTF8);
      } else if (auto b = std::get_if<Bytes>(&v)) {
        rc = sqlite3_bind_blob64(stmt, idx, b->data.data(), b->data.size(), SQLITE_TRANSIENT);
      }
      if (rc != SQLITE_OK) {
        return to_error(db_, rc, "bind");
      }
    }
    return {};
  }

  Status run(std::string_view sql, Params params, Rows* rows) {
    auto stmt = prepare(sql);
    if (!stmt) {
      return std::move(stmt).error();
    }
    sqlite3_stmt* s = *stmt;
    struct Reset {
      sqlite3_stmt* s;
      ~Reset() {
        sqlite3_reset(s);
        sqlite3_clear_bindings(s);
      }
    } reset{s};
    LW_TRY(bind(s, params));
    for (;;) {
      const int rc = sqlite3_step(s);
      if (rc == SQLITE_DONE) {
        return {};
      }
      if (rc != SQLITE_ROW) {
        return to_error(db_, rc, "step");
      }
      if (rows == nullptr) {
        continue;
      }
      const int n = sqlite3_column_count(s);
      std::vector<Value> cols;
      cols.reserve(static_cast<std::size_t>(n));
      for (int c = 0; c < n; ++c) {
        switch (sqlite3_column_type(s, c)) {
          case SQLITE_INTEGER:
            cols.emplace_back(static_cast<std::int64_t>(sqlite3_column_int64(s, c)));
            break;
          case SQLITE_FLOAT:
            cols.emplace_back(sqlite3_column_double(s, c));
            break;
          case SQLITE_TEXT:
            cols.emplace_back(std::string(reinterpret_cast<const char*>(sqlite3_column_text(s, c)),
                                          static_cast<std::size_t>(sqlite3_column_bytes(s, c))));
            break;
          case SQLITE_BLOB: {
            const auto* p = static_cast<const char*>(sqlite3_column_blob(s, c));
            cols.emplace_back(Bytes{
                std::string(p ? p : "", static_cast<std::size_t>(sqlite3_column_bytes(s, c)))});
            break;
          }
          default:
            cols.emplace_back(nullptr);
        }
      }
      rows->emplace_back(std::move(cols));
    }
  }

  sqlite3* db_;
  std::unordered_map<std::string, sqlite3_stmt*> cache_;
};

}  // namespace

Result<ConnectionPtr> connect(const std::string& path) {
  sqlite3* db = nullptr;
  const int rc = sqlite3_open_v2(
      path.c_str(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, nullptr);
  if (rc != SQLITE_OK) {
    Error e = to_error(db, rc, "open " + path);
    sqlite3_close_v2(db);
    return e;
  }
  auto conn = std::make_unique<SqliteConnection>(db);
  sqlite3_busy_timeout(db, 10'000);
  LW_TRY(conn->exec_script(
      "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON;"));
  return ConnectionPtr(std::move(conn));
}

}  // namespace lw::storage::sqlite
