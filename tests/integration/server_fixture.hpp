#pragma once
// A test that runs against the real server on a fresh database of the engine under test.
#include <gtest/gtest.h>

#include <memory>

#include <boost/json.hpp>

#include "storage/database.hpp"
#include "support/cli.hpp"
#include "support/lab_signer.hpp"
#include "support/raw_http.hpp"
#include "support/server_process.hpp"
#include "support/test_db.hpp"
#include "support/totp.hpp"

namespace lw::testing {

class ServerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!db_.available()) {
      GTEST_SKIP() << "LABWATCH_TEST_PG is not set: no PostgreSQL for this run";
    }
    start();
  }

  /// Flags added to `labwatch serve` by a test group.
  virtual std::vector<std::string> flags() const { return {}; }

  void start() {
    server_ = std::make_unique<ServerProcess>(db_.url(), db_.dir() / "data", flags());
  }
  void restart() {
    server_.reset();
    start();
  }

  std::uint16_t port() const { return server_->port(); }
  HttpResponse get(const std::string& target,
                   const std::map<std::string, std::string>& headers = {}) {
    return request(port(), "GET", target, {}, headers);
  }
  HttpResponse post_json(const std::string& target, const std::string& body) {
    return request(port(), "POST", target, body, {{"Content-Type", "application/json"}});
  }

  /// A key of the test lab (kTestLab), issued on first use.
  const LabKey& lab_key() {
    if (lab_key_.key_id.empty()) {
      lab_key_ = issue_lab_key(kTestLab, db_.url(), db_.dir() / "data");
      EXPECT_FALSE(lab_key_.key_id.empty()) << "labwatch lab-key issue failed";
    }
    return lab_key_;
  }
  /// `method target` as the test lab's system, signed with its key.
  HttpResponse as_lab(const std::string& method, const std::string& target,
                      const std::string& body = {},
                      std::map<std::string, std::string> headers = {}) {
    return as_lab(lab_key(), method, target, body, std::move(headers));
  }
  /// `method target` as the system of the lab holding `key`.
  HttpResponse as_lab(const LabKey& key, const std::string& method, const std::string& target,
                      const std::string& body = {},
                      std::map<std::string, std::string> headers = {}) {
    for (auto& [k, v] : signed_headers(key, method, target, body)) {
      headers[k] = v;
    }
    if (!body.empty()) {
      headers.emplace("Content-Type", "application/json");
    }
    return request(port(), method, target, body, headers);
  }

  /// A signed upload of `body` to /api/v1/blobs as the test lab's system.
  HttpResponse upload_as_lab(const std::string& body, const std::string& media_type) {
    auto headers = signed_upload_headers(lab_key(), "/api/v1/blobs", body);
    if (!media_type.empty()) {
      headers["Content-Type"] = media_type;
    }
    return request(port(), "POST", "/api/v1/blobs", body, headers);
  }

  /// A key of `lab_code`, issued with `labwatch lab-key issue`.
  LabKey issue_key(const std::string& lab_code) {
    auto key = issue_lab_key(lab_code, db_.url(), db_.dir() / "data");
    EXPECT_FALSE(key.key_id.empty()) << "labwatch lab-key issue failed for " << lab_code;
    return key;
  }

  /// `labwatch ARGS` against this test's database and data folder.
  CliResult cli(const std::string& args) {
    return run_cli(args + " --db '" + db_.url() + "' --data '" + (db_.dir() / "data").string() +
                   "'");
  }
  /// Runs `sql` on the database directly, behind the server's back (tampering, planting rows).
  void exec_sql(const std::string& sql) {
    auto conn = direct_connection();
    ASSERT_TRUE(conn && (*conn)->exec(sql)) << sql;
  }
  /// The rows of `sql` read from the database directly; none (and a failed test) on an error.
  storage::Rows query_sql(const std::string& sql, const std::vector<storage::Value>& params = {}) {
    auto conn = direct_connection();
    auto rows = conn ? (*conn)->query(sql, params) : Result<storage::Rows>(conn.error());
    EXPECT_TRUE(rows) << sql << ": " << (rows ? "" : rows.error().note);
    return rows ? std::move(*rows) : storage::Rows{};
  }

  /// A browser session: its cookie and CSRF token.
  struct Session {
    std::string cookie;
    std::string csrf;
  };
  /// Signs `login` in (with a TOTP code from `totp_secret` when given); a failed sign-in fails
  /// the test and gives an empty session.
  Session sign_in(const std::string& login, const std::string& password,
                  const std::string& totp_secret = "") {
    boost::json::object b{{"login", login}, {"password", password}};
    if (!totp_secret.empty()) {
      b["totp"] = totp_now(totp_secret);
    }
    auto r = request(port(), "POST", "/api/v1/auth/login", boost::json::serialize(b),
                     {{"Content-Type", "application/json"}});
    EXPECT_EQ(r.status, 200) << r.body;
    if (r.status != 200) {
      return {};
    }
    const std::string c = r.header("set-cookie");
    return {c.substr(0, c.find(';')),
            std::string(boost::json::parse(r.body).at("csrf_token").as_string())};
  }
  /// `method target` in session `s` (a JSON body when given).
  HttpResponse as_user(const Session& s, const std::string& method, const std::string& target,
                       const std::string& body = "") {
    std::map<std::string, std::string> h{{"Cookie", s.cookie}, {"X-CSRF-Token", s.csrf}};
    if (!body.empty()) {
      h["Content-Type"] = "application/json";
    }
    return request(port(), method, target, body, h);
  }

  static constexpr const char* kTestLab = "LAB-T1";

  // A connection of its own to the test database (the server keeps its own pool).
  Result<storage::Lease> direct_connection() {
    if (!direct_db_) {
      auto db = storage::Database::open(db_.url());
      if (!db) {
        return std::move(db).error();
      }
      direct_db_ = std::move(*db);
    }
    return direct_db_->acquire();
  }

  TestDatabase db_;
  std::unique_ptr<storage::Database> direct_db_;
  LabKey lab_key_;
  std::unique_ptr<ServerProcess> server_;
};

}  // namespace lw::testing
