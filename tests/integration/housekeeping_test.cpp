// `labwatch housekeeping` against a running server's database: sessions long over and old
// idempotency keys are deleted, a live session and a fresh key stay and keep working, and the
// audit trail is neither shortened nor broken.
#include "integration/server_fixture.hpp"
#include "support/cli.hpp"

namespace lw::testing {
namespace {

// 2001-09-09: far past any retention.
constexpr const char* kLongAgo = "1000000000000000";

class HousekeepingTest : public ServerTest {
 protected:
  std::vector<std::string> flags() const override { return {"--demo"}; }

  std::int64_t scalar(const std::string& sql) {
    const auto rows = query_sql(sql);
    EXPECT_EQ(rows.size(), 1u) << sql;
    return rows.size() == 1 ? rows.front().int64(0) : -1;
  }
};

TEST_F(HousekeepingTest, TheCommandDeletesWhatIsLongOverAndKeepsWhatIsLive) {
  auto login = request(port(), "POST", "/api/v1/auth/login",
                       R"({"login":"lab-jj-01","password":"Demo@2026lab"})",
                       {{"Content-Type", "application/json"}});
  ASSERT_EQ(login.status, 200) << login.body;
  const std::string set_cookie = login.header("set-cookie");
  const std::string cookie = set_cookie.substr(0, set_cookie.find(';'));
  auto fresh = as_lab("POST", "/api/v1/connectivity-checks", R"({"message":"housekeeping"})",
                      {{"Idempotency-Key", "fresh-key"}});
  ASSERT_EQ(fresh.status, 201) << fresh.body;

  // Rows from long ago, written behind the server's back.
  exec_sql(std::string("INSERT INTO sessions (token_hash, csrf_token, user_id, created_at,"
                       " last_seen_at, ended_at, end_reason, source_ip, user_agent)"
                       " SELECT 'old-ended', 'csrf', id, ") +
           kLongAgo + ", " + kLongAgo + ", " + kLongAgo +
           ", 'logout', '127.0.0.1', 'test' FROM users WHERE login = 'lab-jj-01'");
  exec_sql(std::string("INSERT INTO sessions (token_hash, csrf_token, user_id, created_at,"
                       " last_seen_at, source_ip, user_agent)"
                       " SELECT 'old-expired', 'csrf', id, ") +
           kLongAgo + ", " + kLongAgo +
           ", '127.0.0.1', 'test' FROM users WHERE login = 'lab-jj-01'");
  exec_sql(
      std::string("INSERT INTO idempotency_keys (scope, idem_key, request_hash, state, claimed_at)"
                  " VALUES ('anonymous', 'old-key', 'h', 1, ") +
      kLongAgo + ")");
  const std::int64_t audited = scalar("SELECT COUNT(*) FROM audit_log");

  auto r = cli("housekeeping");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("sessions deleted: 2\n"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("idempotency keys deleted: 1\n"), std::string::npos) << r.output;

  EXPECT_EQ(scalar("SELECT COUNT(*) FROM sessions"), 1);
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM idempotency_keys WHERE idem_key = 'fresh-key'"), 1);
  EXPECT_EQ(get("/api/v1/auth/me", {{"Cookie", cookie}}).status, 200) << "the live session works";
  auto retry = as_lab("POST", "/api/v1/connectivity-checks", R"({"message":"housekeeping"})",
                      {{"Idempotency-Key", "fresh-key"}});
  EXPECT_EQ(retry.header("idempotent-replayed"), "true") << "the fresh key still answers";
  EXPECT_EQ(retry.body, fresh.body);

  EXPECT_EQ(scalar("SELECT COUNT(*) FROM audit_log"), audited);
  auto verify = cli("audit verify");
  EXPECT_EQ(verify.exit_code, 0) << verify.output;

  auto again = cli("housekeeping");
  ASSERT_EQ(again.exit_code, 0) << again.output;
  EXPECT_NE(again.output.find("sessions deleted: 0\n"), std::string::npos) << again.output;
}

}  // namespace
}  // namespace lw::testing
