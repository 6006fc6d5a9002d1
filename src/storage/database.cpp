#include "storage/database.hpp"

#include "storage/postgres/pg_connection.hpp"
#include "storage/sqlite/sqlite_connection.hpp"

namespace lw::storage {
namespace {

constexpr std::size_t kMaxIdle = 16;

// postgresql://user:secret@host/db?password=x -> postgresql://user:***@host/db?password=***
std::string redact(std::string url) {
  const auto scheme = url.find("://");
  const auto at = url.find('@');
  if (scheme != std::string::npos && at != std::string::npos) {
    const auto colon = url.find(':', scheme + 3);
    if (colon != std::string::npos && colon < at) {
      url = url.substr(0, colon + 1) + "***" + url.substr(at);
    }
  }
  for (auto p = url.find("password="); p != std::string::npos; p = url.find("password=", p)) {
    p += 9;
    const auto end = url.find('&', p);
    url.replace(p, end == std::string::npos ? std::string::npos : end - p, "***");
  }
  return url;
}

}  // namespace

Lease::~Lease() {
  if (db_ && conn_) {
    if (snapshot_) {
      db_->release_snapshot(std::move(conn_), *snapshot_);
    } else {
      db_->release(std::move(conn_));
    }
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
  if (!conn->usable()) {
    return;  // lost (server restart, failover): the next acquire connects anew
  }
  std::lock_guard lock(mu_);
  if (idle_.size() < kMaxIdle) {
    idle_.push_back(std::move(conn));
  }
}

Result<Lease> Database::acquire_snapshot(std::chrono::milliseconds max_age) {
  if (engine_ != Engine::sqlite) {
    return acquire();
  }
  ConnectionPtr conn;
  Snapshot snap;
  {
    std::lock_guard lock(mu_);
    if (!snapshots_.empty()) {
      conn = std::move(snapshots_.back().first);
      snap = snapshots_.back().second;
      snapshots_.pop_back();
    }
  }
  const auto now = std::chrono::steady_clock::now();
  if (conn && snap.open && (snap.commits != commits_.load() || now - snap.begun > max_age)) {
    if (conn->exec("COMMIT").ok()) {
      snap.open = false;
    } else {
      conn.reset();  // its transaction could not be ended: a fresh connection instead
    }
  }
  if (!conn) {
    auto fresh = connector_();
    if (!fresh) {
      return std::move(fresh).error();
    }
    conn = std::move(*fresh);
    snap = Snapshot{};
  }
  if (!snap.open) {
    snap.commits = commits_.load();  // before the snapshot: a commit in between renews it
    if (auto st = conn->exec("BEGIN"); !st) {
      return std::move(st).error();
    }
    snap.open = true;
    snap.begun = now;
  }
  return Lease(this, std::move(conn), snap);
}

void Database::release_snapshot(ConnectionPtr conn, Snapshot snapshot) {
  if (!conn->usable()) {
    return;
  }
  std::lock_guard lock(mu_);
  if (snapshots_.size() < kMaxIdle) {
    snapshots_.emplace_back(std::move(conn), snapshot);
  }
}

void Database::note_commit() {
  commits_.fetch_add(1);
  std::lock_guard lock(mu_);
  for (auto& [conn, snap] : snapshots_) {
    if (snap.open) {
      snap.open = !conn->exec("COMMIT").ok();
    }
  }
  std::erase_if(snapshots_, [](const auto& s) { return s.second.open; });
}

}  // namespace lw::storage
