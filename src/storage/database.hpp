#pragma once
// A database chosen by URL — `sqlite:PATH` or `postgresql://…` — with a pool of connections
// for reads. Writes go through the group-commit Writer (writer.hpp), never through the pool.
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "core/result.hpp"
#include "storage/sql.hpp"

namespace lw::storage {

class Database;

/// A pooled connection; returns to its pool when it goes out of scope.
class Lease {
 public:
  Lease(Database* db, ConnectionPtr conn) : db_(db), conn_(std::move(conn)) {}
  Lease(Lease&&) = default;
  Lease& operator=(Lease&&) = default;
  ~Lease();
  Connection& operator*() { return *conn_; }
  Connection* operator->() { return conn_.get(); }

 private:
  Database* db_;
  ConnectionPtr conn_;
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
  /// A new connection outside the pool (the writer keeps its own).
  Result<ConnectionPtr> connect() { return connector_(); }
  const Connector& connector() const { return connector_; }

 private:
  friend class Lease;
  void release(ConnectionPtr conn);

  Engine engine_;
  std::string description_;
  Connector connector_;
  std::mutex mu_;
  std::vector<ConnectionPtr> idle_;
};

}  // namespace lw::storage
