#pragma once
// A database chosen by URL — `sqlite:PATH` or `postgresql://…` — with a pool of connections
// for reads. Writes go through the group-commit Writer (writer.hpp), never through the pool.
#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "core/result.hpp"
#include "storage/sql.hpp"

namespace lw::storage {

class Database;

/// A read transaction that consecutive reads share (Database::acquire_snapshot).
struct Snapshot {
  bool open = false;  // BEGIN was run and not ended
  std::chrono::steady_clock::time_point begun{};
  std::uint64_t commits = 0;  // the writer's commits noted just before it began
};

/// A pooled connection; returns to its pool when it goes out of scope.
class Lease {
 public:
  Lease(Database* db, ConnectionPtr conn) : db_(db), conn_(std::move(conn)) {}
  Lease(Database* db, ConnectionPtr conn, Snapshot snapshot)
      : db_(db), conn_(std::move(conn)), snapshot_(snapshot) {}
  Lease(Lease&&) = default;
  Lease& operator=(Lease&&) = default;
  ~Lease();
  Connection& operator*() { return *conn_; }
  Connection* operator->() { return conn_.get(); }

 private:
  Database* db_;
  ConnectionPtr conn_;
  std::optional<Snapshot> snapshot_;  // a snapshot connection, back to its own pool
};

class Database {
 public:
  using Connector = std::function<Result<ConnectionPtr>()>;

  /// Opens `url`: `sqlite:PATH` (created when missing) or `postgresql://…` / `postgres://…`.
  static Result<std::unique_ptr<Database>> open(const std::string& url);

  Database(Engine engine, std::string description, Connector connector);
  Engine engine() const { return engine_; }
  /// The URL with any password removed, for logs.
  const std::string& description() const { return description_; }

  /// A connection from the pool, or a new one.
  Result<Lease> acquire();
  /// SQLite: a connection inside a read transaction that consecutive reads share, so that a
  /// point read does not pay for beginning and ending its own (bench/verify: a fifth of the
  /// public report look-up). The transaction began after this process's last commit (the
  /// writer calls note_commit(), which also ends the idle ones, so that none holds the WAL
  /// back) and at most `max_age` ago: another process's commits show within max_age.
  /// PostgreSQL: acquire().
  Result<Lease> acquire_snapshot(std::chrono::milliseconds max_age);
  /// Called by the writer after each commit, before its writes are acknowledged.
  void note_commit();
  /// A new connection outside the pool (the writer keeps its own).
  Result<ConnectionPtr> connect() { return connector_(); }
  const Connector& connector() const { return connector_; }

 private:
  friend class Lease;
  void release(ConnectionPtr conn);
  void release_snapshot(ConnectionPtr conn, Snapshot snapshot);

  Engine engine_;
  std::string description_;
  Connector connector_;
  std::mutex mu_;
  std::vector<ConnectionPtr> idle_;
  std::vector<std::pair<ConnectionPtr, Snapshot>> snapshots_;  // idle snapshot connections
  std::atomic<std::uint64_t> commits_{0};
};

}  // namespace lw::storage
