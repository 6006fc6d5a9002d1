#pragma once
// A test that runs against the real server on a fresh database of the engine under test.
#include <gtest/gtest.h>

#include <memory>

#include "support/raw_http.hpp"
#include "support/server_process.hpp"
#include "support/test_db.hpp"

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

  TestDatabase db_;
  std::unique_ptr<ServerProcess> server_;
};

}  // namespace lw::testing
