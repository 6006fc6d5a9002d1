#include "storage/database.hpp"

#include "storage/postgres/pg_connection.hpp"
#include "storage/sqlite/sqlite_connection.hpp"

namespace lw::storage {
namespace {

constexpr std::size_t kMaxIdle = 16;

// postgresql://user:secret@host/db -> postgresql://user:***@host/db
std::string redact(const std::string& url) {
  auto scheme = url.find("://");
  auto at = url.find('@');
  if (scheme == std::string::npos || at == std::string::npos) {
    return url;
  }
  auto colon = url.find(':', scheme + 3);
  if (colon == std::string::npos || colon > at) {
    return url;
  }
  return url.substr(0, colon + 1) + "***" + url.substr(at);
}

}  // namespace

Lease::~Lease() {
  if (db_ && conn_) {
    db_->release(std::move(conn_));
  }
}

Database::Database(Engine engine, std::string description, Connector connector)
    : engine_(engine), description_(std::move(description)), connector_(std::move(connector)) {}

Result<std::unique_ptr<Database>> Database::open(const std::string& url) {
  if (url.starts_with("sqlite:")) {
    std::string path = url.substr(7);
    if (path.empty()) {
      return Error(std::string(errc::invalid_argument), "sqlite URL needs a path");
    }
    return std::make_unique<Database>(Engine::sqlite, url,
                                      [path] { return sqlite::connect(path); });
  }
  if (url.starts_with("postgresql://") || url.starts_with("postgres://")) {
    return std::make_unique<Database>(Engine::postgresql, redact(url),
                                      [url] { return postgres::connect(url); });
  }
  return Error(std::string(errc::invalid_argument),
               "database URL must start with sqlite: or postgresql://");
}

Result<Lease> Database::acquire() {
  {
    std::lock_guard lock(mu_);
    if (!idle_.empty()) {
      ConnectionPtr conn = std::move(idle_.back());
      idle_.pop_back();
      return Lease(this, std::move(conn));
    }
  }
  auto conn = connector_();
  if (!conn) {
    return std::move(conn).error();
  }
  return Lease(this, std::move(*conn));
}

void Database::release(ConnectionPtr conn) {
  std::lock_guard lock(mu_);
  if (idle_.size() < kMaxIdle) {
    idle_.push_back(std::move(conn));
  }
}

}  // namespace lw::storage
