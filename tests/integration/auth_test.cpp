// Sign-in against the real server with the demo accounts: the session cookie, /me, logout
// ending the session server-side, refusals in Chinese, CSRF on state-changing calls, TOTP for
// regulators, and audit rows in the signed-in user's name (issue 3, item 1).
#include <boost/json.hpp>

#include <chrono>
#include <cstdio>

#include "integration/server_fixture.hpp"
#include "support/totp.hpp"

namespace lw::testing {
namespace {

constexpr char kLabAdmin[] = "lab-jj-01";
constexpr char kLabAdminPassword[] = "Demo@2026lab";
constexpr char kRegulator[] = "jj-regulator";
constexpr char kRegulatorPassword[] = "Demo@2026jj";
// The raw bytes behind the demo regulator's base32 secret NRQWE53BORRWQLLEMVWW6LLKNIWXEZLH.
constexpr char kRegulatorSecret[] = "labwatch-demo-jj-reg";
constexpr char kAuditAdmin[] = "auditadmin";
constexpr char kAuditAdminPassword[] = "Demo@2026aud";
constexpr char kAuditAdminSecret[] = "labwatch-demo-audadm";  // NRQWE53BORRWQLLEMVWW6LLBOVSGCZDN
constexpr char kSysAdmin[] = "sysadmin";
constexpr char kSysAdminPassword[] = "Demo@2026sys";
constexpr char kSysAdminSecret[] = "labwatch-demo-sysadm";  // NRQWE53BORRWQLLEMVWW6LLTPFZWCZDN

boost::json::object json(const HttpResponse& r) {
  return boost::json::parse(r.body).as_object();
}

class AuthTest : public ServerTest {
 protected:
  std::vector<std::string> flags() const override { return {"--demo"}; }

  struct Session {
    std::string cookie;  // "lw_session=…", as a browser sends it back
    std::string csrf;
  };

  HttpResponse login(const std::string& login, const std::string& password,
                     const std::string& totp = "",
                     const std::map<std::string, std::string>& extra = {}) {
    boost::json::object body{{"login", login}, {"password", password}};
    if (!totp.empty()) {
      body["totp"] = totp;
    }
    auto headers = extra;
    headers["Content-Type"] = "application/json";
    return request(port(), "POST", "/api/v1/auth/login", boost::json::serialize(body), headers);
  }

  Session sign_in(const std::string& who, const std::string& password,
                  const std::string& totp = "") {
    auto r = login(who, password, totp);
    EXPECT_EQ(r.status, 200) << r.body;
    const std::string set_cookie = r.header("set-cookie");
    Session s;
    s.cookie = set_cookie.substr(0, set_cookie.find(';'));
    s.csrf = r.status == 200 ? std::string(json(r).at("csrf_token").as_string()) : "";
    return s;
  }

  HttpResponse me(const Session& s) { return get("/api/v1/auth/me", {{"Cookie", s.cookie}}); }

  HttpResponse post(const std::string& target, const Session& s, const std::string& body,
                    bool with_csrf) {
    std::map<std::string, std::string> headers{{"Cookie", s.cookie},
                                               {"Content-Type", "application/json"}};
    if (with_csrf) {
      headers["X-CSRF-Token"] = s.csrf;
    }
    return request(port(), "POST", target, body, headers);
  }

  // The newest audit row, read behind the server's back.
  std::pair<std::string, std::string> last_audit_actor_and_role(const std::string& action) {
    const auto rows = query_sql(
        "SELECT actor, role FROM audit_log WHERE action = $1 ORDER BY seq DESC LIMIT 1", {action});
    EXPECT_FALSE(rows.empty()) << action;
    if (rows.empty()) {
      return {};
    }
    return {rows.front().text(0), rows.front().text(1)};
  }
};

TEST_F(AuthTest, LoginSetsAStrictHttpOnlyCookieMeNamesTheUserAndLogoutEndsIt) {
  auto r = login(kLabAdmin, kLabAdminPassword);
  ASSERT_EQ(r.status, 200) << r.body;
  const std::string cookie = r.header("set-cookie");
  EXPECT_TRUE(cookie.starts_with("lw_session=")) << cookie;
  EXPECT_NE(cookie.find("HttpOnly"), std::string::npos) << cookie;
  EXPECT_NE(cookie.find("SameSite=Strict"), std::string::npos) << cookie;
  EXPECT_NE(cookie.find("Path=/"), std::string::npos) << cookie;
  EXPECT_EQ(cookie.find("Secure"), std::string::npos) << "no TLS yet: " << cookie;
  auto body = json(r);
  EXPECT_EQ(body.at("user").at("login").as_string(), kLabAdmin);
  EXPECT_EQ(body.at("user").at("role").as_string(), "lab_admin");
  EXPECT_FALSE(body.at("user").at("must_change_password").as_bool());
  EXPECT_EQ(body.at("csrf_token").as_string().size(), 64u);

  Session s{cookie.substr(0, cookie.find(';')), std::string(body.at("csrf_token").as_string())};
  auto who = me(s);
  ASSERT_EQ(who.status, 200) << who.body;
  EXPECT_EQ(json(who).at("user").at("display_name").as_string(),
            "九江市建设工程质量检测中心 管理员");
  EXPECT_EQ(json(who).at("csrf_token").as_string(), s.csrf);
  // Among other cookies, as browsers send them.
  EXPECT_EQ(get("/api/v1/auth/me", {{"Cookie", "theme=dark; " + s.cookie + "; lang=zh"}}).status,
            200);

  auto out = post("/api/v1/auth/logout", s, "", true);
  EXPECT_EQ(out.status, 204) << out.body;
  EXPECT_NE(out.header("set-cookie").find("Max-Age=0"), std::string::npos);

  // The browser may keep sending the old cookie: the server no longer knows the session.
  auto after = me(s);
  EXPECT_EQ(after.status, 401);
  EXPECT_EQ(json(after).at("code").as_string(), "unauthenticated");
}

TEST_F(AuthTest, NoCookieMeansUnauthenticated) {
  auto r = get("/api/v1/auth/me");
  EXPECT_EQ(r.status, 401);
  EXPECT_EQ(json(r).at("code").as_string(), "unauthenticated");
  auto forged = me({"lw_session=" + std::string(64, 'a'), ""});
  EXPECT_EQ(forged.status, 401);
  EXPECT_EQ(post("/api/v1/auth/logout", {"", ""}, "", false).status, 401);
}

TEST_F(AuthTest, AWrongPasswordIsRefusedWithTheChineseMessage) {
  auto r = login(kLabAdmin, "Wrong@2026x");
  ASSERT_EQ(r.status, 401) << r.body;
  auto e = json(r);
  EXPECT_EQ(e.at("code").as_string(), "invalid_credentials");
  EXPECT_EQ(e.at("message").as_string(), "用户名或密码错误");
  EXPECT_TRUE(r.header("set-cookie").empty());
  // An unknown login gets exactly the same answer.
  auto unknown = login("no-such-user", "Wrong@2026x");
  EXPECT_EQ(unknown.status, 401);
  EXPECT_EQ(json(unknown).at("message").as_string(), "用户名或密码错误");
  auto english = login(kLabAdmin, "Wrong@2026x", "", {{"Accept-Language", "en"}});
  EXPECT_EQ(json(english).at("message").as_string(), "Wrong login name or password");
}

TEST_F(AuthTest, FiveWrongPasswordsLockTheAccountAndSayUntilWhen) {
  for (int i = 0; i < 4; ++i) {
    ASSERT_EQ(login(kLabAdmin, "Wrong@2026x").status, 401);
  }
  auto fifth = login(kLabAdmin, "Wrong@2026x");
  ASSERT_EQ(fifth.status, 423) << fifth.body;
  auto e = json(fifth);
  EXPECT_EQ(e.at("code").as_string(), "account_locked");
  EXPECT_TRUE(e.at("details").at("locked_until").as_string().ends_with("Z"));
  EXPECT_FALSE(fifth.header("retry-after").empty());
  auto right = login(kLabAdmin, kLabAdminPassword);
  EXPECT_EQ(right.status, 423);
}

TEST_F(AuthTest, StateChangingCallsOfASessionNeedItsCsrfToken) {
  const Session s = sign_in(kLabAdmin, kLabAdminPassword);
  auto missing = post("/api/v1/auth/logout", s, "", false);
  ASSERT_EQ(missing.status, 403) << missing.body;
  EXPECT_EQ(json(missing).at("code").as_string(), "csrf_mismatch");
  Session wrong = s;
  wrong.csrf = std::string(64, '0');
  EXPECT_EQ(post("/api/v1/auth/logout", wrong, "", true).status, 403);
  EXPECT_EQ(post("/api/v1/connectivity-checks", s, R"({"lab_code":"360402-0001"})", false).status,
            403);
  EXPECT_EQ(me(s).status, 200) << "a refused logout leaves the session alive";
  // Reads need no token.
  EXPECT_EQ(get("/api/v1/connectivity-checks", {{"Cookie", s.cookie}}).status, 200);
}

TEST_F(AuthTest, ARegulatorNeedsATotpCode) {
  auto without = login(kRegulator, kRegulatorPassword);
  ASSERT_EQ(without.status, 401) << without.body;
  EXPECT_EQ(json(without).at("code").as_string(), "totp_required");
  EXPECT_EQ(login(kRegulator, kRegulatorPassword, "000000").status, 401);
  auto with = login(kRegulator, kRegulatorPassword, totp_now(kRegulatorSecret));
  // A step boundary between computing and checking is covered by the ±1 step window.
  ASSERT_EQ(with.status, 200) << with.body;
  auto user = json(with).at("user");
  EXPECT_EQ(user.at("role").as_string(), "regulator");
  EXPECT_EQ(user.at("region_code").as_string(), "360400");
}

TEST_F(AuthTest, AuditRowsNameTheSignedInUser) {
  const Session s = sign_in(kLabAdmin, kLabAdminPassword);
  auto r = post("/api/v1/connectivity-checks", s, R"({"lab_code":"360402-0001"})", true);
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(last_audit_actor_and_role("connectivity_check.create"),
            std::make_pair(std::string(kLabAdmin), std::string("lab_admin")));
  // A lab system is named by its key.
  ASSERT_EQ(as_lab("POST", "/api/v1/connectivity-checks", "{}").status, 201);
  EXPECT_EQ(last_audit_actor_and_role("connectivity_check.create"),
            std::make_pair(lab_key().key_id, std::string("lab_system")));
  EXPECT_EQ(last_audit_actor_and_role("auth.login").first, kLabAdmin);
}

TEST_F(AuthTest, APasswordChangeTakesEffectAtOnce) {
  const Session s = sign_in(kLabAdmin, kLabAdminPassword);
  auto weak = post("/api/v1/auth/password", s,
                   R"({"old_password":"Demo@2026lab","new_password":"12345678"})", true);
  ASSERT_EQ(weak.status, 422) << weak.body;
  EXPECT_TRUE(json(weak).at("details").at("fields").as_object().contains("new_password"));
  auto wrong = post("/api/v1/auth/password", s,
                    R"({"old_password":"Wrong@2026x","new_password":"New#Pass2027"})", true);
  EXPECT_EQ(wrong.status, 403);
  EXPECT_EQ(json(wrong).at("code").as_string(), "password_incorrect");
  auto ok = post("/api/v1/auth/password", s,
                 R"({"old_password":"Demo@2026lab","new_password":"New#Pass2027"})", true);
  ASSERT_EQ(ok.status, 204) << ok.body;
  EXPECT_EQ(me(s).status, 200) << "the session that changed it stays";
  EXPECT_EQ(login(kLabAdmin, kLabAdminPassword).status, 401);
  EXPECT_EQ(login(kLabAdmin, "New#Pass2027").status, 200);
}

// 三权分立: the audit trail is read and exported by the audit administrator alone.
TEST_F(AuthTest, OnlyTheAuditAdminReadsTheAuditTrail) {
  ASSERT_EQ(login(kLabAdmin, "wrong-password").status, 401);  // an audited attempt
  EXPECT_EQ(get("/api/v1/audit-log").status, 401);
  const Session lab = sign_in(kLabAdmin, kLabAdminPassword);
  EXPECT_EQ(get("/api/v1/audit-log", {{"Cookie", lab.cookie}}).status, 403);
  const Session sys = sign_in(kSysAdmin, kSysAdminPassword, totp_now(kSysAdminSecret));
  auto refused = get("/api/v1/audit-log", {{"Cookie", sys.cookie}});
  EXPECT_EQ(refused.status, 403);
  EXPECT_EQ(json(refused).at("code").as_string(), "forbidden");
  EXPECT_EQ(get("/api/v1/audit-log/export.csv", {{"Cookie", sys.cookie}}).status, 403);

  const Session aud = sign_in(kAuditAdmin, kAuditAdminPassword, totp_now(kAuditAdminSecret));
  auto rows = get("/api/v1/audit-log?limit=1000", {{"Cookie", aud.cookie}});
  ASSERT_EQ(rows.status, 200) << rows.body;
  bool failed_attempt = false;
  const auto page = json(rows);  // named: a temporary would die before the loop body
  for (const auto& row : page.at("items").as_array()) {
    failed_attempt = failed_attempt || (row.at("action").as_string() == "auth.login" &&
                                        row.at("outcome").as_string() == "invalid_credentials");
  }
  EXPECT_TRUE(failed_attempt) << rows.body;

  auto csv = get("/api/v1/audit-log/export.csv", {{"Cookie", aud.cookie}});
  ASSERT_EQ(csv.status, 200);
  EXPECT_TRUE(csv.body.starts_with("\xEF\xBB\xBF"));  // Excel reads UTF-8 with the BOM
  EXPECT_NE(csv.body.find("auth.login"), std::string::npos);
  EXPECT_NE(csv.header("content-disposition").find("attachment"), std::string::npos);
}

}  // namespace
}  // namespace lw::testing
