#include "support/test_db.hpp"

#include <libpq-fe.h>

#include <cstdlib>
#include <random>
#include <stdexcept>

namespace lw::testing {
namespace {

std::string random_suffix() {
  std::random_device rd;
  std::mt19937_64 gen(rd());
  static constexpr char kChars[] = "abcdefghijklmnopqrstuvwxyz0123456789";
  std::string s;
  for (int i = 0; i < 12; ++i) {
    s += kChars[gen() % (sizeof kChars - 1)];
  }
  return s;
}

void admin_exec(const std::string& admin_url, const std::string& sql) {
  PGconn* c = PQconnectdb(admin_url.c_str());
  if (PQstatus(c) != CONNECTION_OK) {
    std::string msg = PQerrorMessage(c);
    PQfinish(c);
    throw std::runtime_error("cannot reach test PostgreSQL: " + msg);
  }
  PGresult* r = PQexec(c, sql.c_str());
  const bool ok = PQresultStatus(r) == PGRES_COMMAND_OK;
  std::string msg = PQerrorMessage(c);
  PQclear(r);
  PQfinish(c);
  if (!ok) {
    throw std::runtime_error(sql + ": " + msg);
  }
}

// postgresql://user@host:port/postgres -> postgresql://user@host:port/NAME
std::string with_database(const std::string& url, const std::string& name) {
  auto slash = url.find('/', url.find("://") + 3);
  auto query = url.find('?');
  std::string base = slash == std::string::npos ? url : url.substr(0, slash);
  std::string tail = query == std::string::npos ? "" : url.substr(query);
  return base + "/" + name + tail;
}

}  // namespace

std::string test_engine() {
  const char* e = std::getenv("LABWATCH_TEST_ENGINE");
  return e && std::string(e) == "postgresql" ? "postgresql" : "sqlite";
}

TempDir::TempDir() {
  std::string tmpl = (std::filesystem::temp_directory_path() / "labwatch-test-XXXXXX").string();
  if (mkdtemp(tmpl.data()) == nullptr) {
    throw std::runtime_error("mkdtemp failed");
  }
  path_ = tmpl;
}

TempDir::~TempDir() {
  std::error_code ec;
  std::filesystem::remove_all(path_, ec);
}

TestDatabase::TestDatabase() : TestDatabase(test_engine()) {}

TestDatabase::TestDatabase(const std::string& engine) {
  if (engine == "sqlite") {
    url_ = "sqlite:" + (dir_.path() / "labwatch.db").string();
    return;
  }
  if (engine != "postgresql") {
    throw std::invalid_argument("unknown test engine: " + engine);
  }
  engine_ = storage::Engine::postgresql;
  const char* admin = std::getenv("LABWATCH_TEST_PG");
  if (admin == nullptr || *admin == '\0') {
    return;  // not available: the caller skips
  }
  pg_name_ = "lw_test_" + random_suffix();
  admin_exec(admin, "CREATE DATABASE " + pg_name_);
  url_ = with_database(admin, pg_name_);
}

TestDatabase::~TestDatabase() {
  if (!pg_name_.empty()) {
    try {
      admin_exec(std::getenv("LABWATCH_TEST_PG"),
                 "DROP DATABASE IF EXISTS " + pg_name_ + " WITH (FORCE)");
    } catch (const std::exception&) {
      // the cluster is removed after the run anyway
    }
  }
}

}  // namespace lw::testing
