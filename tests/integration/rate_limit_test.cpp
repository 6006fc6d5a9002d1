// Rate limits against the real server (issue 3 item 7): sign-in per account and per client
// address, anonymous API requests per address, 429 rate_limited with Retry-After, the ops probes
// unlimited, and two server instances over one database sharing one count. Behind a trusted
// reverse proxy (--trusted-proxy) the client is the one X-Forwarded-For names, for the limits and
// the audit trail alike; without one the header changes nothing.
//
// Windows are fixed and aligned to the epoch, and the server runs on the real clock: a test
// whose requests must fall into one window first waits, when the current window is about to end,
// for the next one (as the TOTP tests wait for a fresh 30 s step).
#include <boost/json.hpp>

#include <chrono>
#include <filesystem>
#include <thread>

#include "integration/server_fixture.hpp"
#include "storage/database.hpp"

namespace lw::testing {
namespace {

using namespace std::chrono_literals;

constexpr char kLabAdmin[] = "lab-jj-01";
constexpr char kLabAdminPassword[] = "Demo@2026lab";

boost::json::object json(const HttpResponse& r) {
  return boost::json::parse(r.body).as_object();
}

// Returns once at least `needed` of the current `window` remains.
void wait_for_room(std::chrono::seconds window, std::chrono::seconds needed) {
  const auto now = std::chrono::system_clock::now().time_since_epoch();
  const auto left = window - now % window;
  if (left < needed) {
    std::this_thread::sleep_for(left + 200ms);
  }
}

HttpResponse login(std::uint16_t port, const std::string& who, const std::string& password,
                   const std::map<std::string, std::string>& extra = {}) {
  auto headers = extra;
  headers["Content-Type"] = "application/json";
  const boost::json::object body{{"login", who}, {"password", password}};
  return request(port, "POST", "/api/v1/auth/login", boost::json::serialize(body), headers);
}

// A 429 with the envelope, the limit named and Retry-After agreeing with the details.
void expect_rate_limited(const HttpResponse& r, std::string_view limit, std::int64_t window_s) {
  ASSERT_EQ(r.status, 429) << r.body;
  const auto e = json(r);
  EXPECT_EQ(e.at("code").as_string(), "rate_limited");
  EXPECT_EQ(e.at("message").as_string(), "请求过于频繁，请稍后再试");
  EXPECT_FALSE(e.at("request_id").as_string().empty());
  const auto& details = e.at("details").as_object();
  EXPECT_EQ(details.at("limit").as_string(), limit);
  EXPECT_EQ(details.at("window_seconds").as_int64(), window_s);
  const std::int64_t retry = details.at("retry_after_seconds").as_int64();
  EXPECT_GE(retry, 1);
  EXPECT_LE(retry, window_s);
  EXPECT_EQ(r.header("retry-after"), std::to_string(retry));
  EXPECT_TRUE(r.header("set-cookie").empty());
}

// Reads one number behind the server's back.
std::int64_t scalar(const std::string& db_url, const std::string& sql) {
  auto db = storage::Database::open(db_url);
  EXPECT_TRUE(db);
  if (!db) {
    return -1;
  }
  auto conn = (*db)->acquire();
  EXPECT_TRUE(conn);
  if (!conn) {
    return -1;
  }
  auto rows = (*conn)->query(sql);
  EXPECT_TRUE(rows && rows->size() == 1) << sql;
  return rows && rows->size() == 1 ? rows->front().int64(0) : -1;
}

class RateLimitTest : public ServerTest {
 protected:
  std::vector<std::string> flags() const override { return {"--demo"}; }
};

TEST_F(RateLimitTest, Issue3_RateLimit_LoginPerAccountRefusesWithoutCheckingThePassword) {
  wait_for_room(5min, 40s);
  for (int i = 0; i < 10; ++i) {
    ASSERT_EQ(login(port(), kLabAdmin, kLabAdminPassword).status, 200) << i;
  }
  auto refused = login(port(), kLabAdmin, kLabAdminPassword);
  expect_rate_limited(refused, "login_per_account", 300);
  auto english = login(port(), "LAB-JJ-01", kLabAdminPassword, {{"Accept-Language", "en"}});
  ASSERT_EQ(english.status, 429) << "logins are compared without case";
  EXPECT_EQ(json(english).at("message").as_string(), "Too many requests; try again later");

  // Wrong passwords now are not even checked: they would lock the account after five.
  for (int i = 0; i < 6; ++i) {
    ASSERT_EQ(login(port(), kLabAdmin, "Wrong@2026x").status, 429);
  }
  EXPECT_EQ(scalar(db_.url(), "SELECT failed_attempts FROM users WHERE login = 'lab-jj-01'"), 0);
  EXPECT_EQ(scalar(db_.url(),
                   "SELECT COUNT(*) FROM audit_log WHERE action = 'auth.login'"
                   " AND outcome = 'rate_limited'"),
            1)
      << "the first refusal of the window is audited, the flood after it is not";

  // The address is far from its own limit: another account signs in as usual.
  EXPECT_EQ(login(port(), "no-such-user", "Wrong@2026x").status, 401);
}

TEST_F(RateLimitTest, Issue3_RateLimit_LoginPerAddressCountsEveryAccount) {
  wait_for_room(1min, 15s);
  for (int i = 0; i < 30; ++i) {
    // Thirty accounts, one attempt each: no account comes near its own limit.
    const std::string who = "guess-" + std::to_string(i);
    ASSERT_EQ(login(port(), who, "Wrong@2026x").status, 401) << i;
  }
  auto refused = login(port(), kLabAdmin, kLabAdminPassword);
  expect_rate_limited(refused, "login_per_address", 60);
  // A body naming no account counts for the address all the same.
  expect_rate_limited(
      request(port(), "POST", "/api/v1/auth/login", "{}", {{"Content-Type", "application/json"}}),
      "login_per_address", 60);
  EXPECT_EQ(scalar(db_.url(),
                   "SELECT COUNT(*) FROM audit_log WHERE outcome = 'rate_limited'"
                   " AND target = 'address/127.0.0.1'"),
            1);
}

TEST_F(RateLimitTest, Issue3_RateLimit_OpsProbesPagesAndSessionsAreNotPublicRequests) {
  // The default public limit is 300 a minute: a session's calls and the probes do not count.
  wait_for_room(1min, 20s);
  auto signed_in = login(port(), kLabAdmin, kLabAdminPassword);
  ASSERT_EQ(signed_in.status, 200) << signed_in.body;
  const std::string set_cookie = signed_in.header("set-cookie");
  const std::string cookie = set_cookie.substr(0, set_cookie.find(';'));
  for (int i = 0; i < 320; ++i) {
    ASSERT_EQ(get("/healthz").status, 200) << i;
    if (i % 4 == 0) {
      ASSERT_EQ(get("/api/v1/auth/me", {{"Cookie", cookie}}).status, 200) << i;
    }
  }
  EXPECT_EQ(get("/readyz").status, 200);
  EXPECT_EQ(get("/metrics").status, 200);
  EXPECT_EQ(get("/api/v1/openapi.yaml").status, 200) << "anonymous: the first of 300";
  EXPECT_EQ(scalar(db_.url(), "SELECT COUNT(*) FROM rate_limit_hits WHERE bucket LIKE 'public%'"),
            1);
}

class PublicRateLimitTest : public ServerTest {
 protected:
  std::vector<std::string> flags() const override { return {"--rate-limit-public", "20"}; }
};

TEST_F(PublicRateLimitTest, Issue3_RateLimit_AnonymousApiRequestsPerAddress) {
  wait_for_room(1min, 15s);
  for (int i = 0; i < 20; ++i) {
    ASSERT_EQ(get("/api/v1/openapi.yaml").status, 200) << i;
  }
  expect_rate_limited(get("/api/v1/connectivity-checks"), "public_per_address", 60);
  // A write is refused before it is made.
  expect_rate_limited(post_json("/api/v1/connectivity-checks", R"({"lab_code":"RL-1"})"),
                      "public_per_address", 60);
  EXPECT_EQ(scalar(db_.url(), "SELECT COUNT(*) FROM connectivity_checks"), 0);
  // Unknown API paths count too (scanners); the probes and the pages do not.
  EXPECT_EQ(get("/api/v1/no-such-thing").status, 429);
  EXPECT_EQ(get("/healthz").status, 200);
  EXPECT_EQ(get("/readyz").status, 200);
  EXPECT_EQ(get("/metrics").status, 200);
  EXPECT_NE(get("/").status, 429);
  // Sign-in has its own limits, so a refused visitor can still sign in.
  EXPECT_EQ(login(port(), "no-such-user", "Wrong@2026x").status, 401);
}

TEST_F(PublicRateLimitTest, XForwardedForIsIgnoredWithoutATrustedProxy) {
  wait_for_room(1min, 15s);
  for (int i = 0; i < 20; ++i) {
    // A new address claimed each time: still one client, 127.0.0.1.
    const std::string claimed = "203.0.113." + std::to_string(i + 1);
    ASSERT_EQ(get("/api/v1/openapi.yaml", {{"X-Forwarded-For", claimed}}).status, 200) << i;
  }
  expect_rate_limited(get("/api/v1/openapi.yaml", {{"X-Forwarded-For", "198.51.100.9"}}),
                      "public_per_address", 60);
  EXPECT_EQ(scalar(db_.url(), "SELECT COUNT(*) FROM rate_limit_hits WHERE bucket LIKE 'public%'"),
            1);
  EXPECT_EQ(scalar(db_.url(),
                   "SELECT COUNT(*) FROM rate_limit_hits"
                   " WHERE bucket = 'public_address:127.0.0.1'"),
            1);
  EXPECT_EQ(
      login(port(), "no-such-user", "Wrong@2026x", {{"X-Forwarded-For", "198.51.100.9"}}).status,
      401);
  EXPECT_EQ(scalar(db_.url(),
                   "SELECT COUNT(*) FROM audit_log WHERE action = 'auth.login'"
                   " AND source_ip = '127.0.0.1'"),
            1);
  EXPECT_EQ(scalar(db_.url(), "SELECT COUNT(*) FROM audit_log WHERE source_ip <> '127.0.0.1'"), 0);
}

// The server behind a reverse proxy on the same host (nginx with
// `proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for`): the test plays the proxy.
class TrustedProxyTest : public ServerTest {
 protected:
  std::vector<std::string> flags() const override {
    return {"--trusted-proxy", "127.0.0.1",           "--trusted-proxy",
            "10.0.0.0/8,::1",  "--rate-limit-public", "5"};
  }
  HttpResponse from(const std::string& forwarded_for) {
    return get("/api/v1/openapi.yaml", {{"X-Forwarded-For", forwarded_for}});
  }
};

TEST_F(TrustedProxyTest, EachForwardedClientHasItsOwnBucketAndIsTheAuditedAddress) {
  wait_for_room(1min, 15s);
  for (int i = 0; i < 5; ++i) {
    ASSERT_EQ(from("203.0.113.7").status, 200) << i;
  }
  expect_rate_limited(from("203.0.113.7"), "public_per_address", 60);
  // Another client behind the same proxy: its own bucket. Its own claim further left (what it
  // sent the proxy) is not read; trusted hops on the right are skipped.
  for (int i = 0; i < 5; ++i) {
    ASSERT_EQ(from("203.0.113.7, 198.51.100.9, 10.0.0.5").status, 200) << i;
  }
  expect_rate_limited(from("198.51.100.9"), "public_per_address", 60);
  // The proxy's own requests (no header) are the proxy's.
  EXPECT_EQ(get("/api/v1/openapi.yaml").status, 200);
  // A header a proxy would not write leaves the proxy as the client.
  EXPECT_EQ(from("203.0.113.7:4711").status, 200);
  for (const char* bucket :
       {"public_address:203.0.113.7", "public_address:198.51.100.9", "public_address:127.0.0.1"}) {
    EXPECT_EQ(
        scalar(db_.url(),
               std::string("SELECT COUNT(*) FROM rate_limit_hits WHERE bucket = '") + bucket + "'"),
        1)
        << bucket;
  }
  EXPECT_EQ(scalar(db_.url(), "SELECT COUNT(*) FROM rate_limit_hits WHERE bucket LIKE 'public%'"),
            3);

  auto attempt = login(port(), "no-such-user", "Wrong@2026x", {{"X-Forwarded-For", "2001:db8::7"}});
  EXPECT_EQ(attempt.status, 401);
  EXPECT_EQ(scalar(db_.url(),
                   "SELECT COUNT(*) FROM audit_log WHERE action = 'auth.login'"
                   " AND source_ip = '2001:db8::7'"),
            1);
  EXPECT_EQ(scalar(db_.url(), "SELECT COUNT(*) FROM audit_log WHERE source_ip = '127.0.0.1'"), 0);
}

// Two servers over one database (the same SQLite file, or the same PostgreSQL database), as two
// instances of one deployment behind a load balancer: each counts what the other counted.
class TwoInstancesTest : public ServerTest {
 protected:
  std::vector<std::string> flags() const override { return {"--demo", "--rate-limit-public", "6"}; }
  void SetUp() override {
    ServerTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) {
      return;
    }
    // One deployment shares one audit key (and data key): give the second instance the first's.
    const auto data = db_.dir() / "data";
    const auto other = db_.dir() / "data-2";
    std::filesystem::create_directories(other);
    std::filesystem::copy(data / "keys", other / "keys", std::filesystem::copy_options::recursive);
    second_ = std::make_unique<ServerProcess>(db_.url(), other,
                                              std::vector<std::string>{"--rate-limit-public", "6"});
  }
  std::unique_ptr<ServerProcess> second_;
};

TEST_F(TwoInstancesTest, Issue3_RateLimit_HitsOnOneInstanceCountOnTheOther) {
  wait_for_room(1min, 20s);
  const std::uint16_t a = port();
  const std::uint16_t b = second_->port();
  for (int i = 0; i < 6; ++i) {
    ASSERT_EQ(request(a, "GET", "/api/v1/openapi.yaml").status, 200) << i;
  }
  // The second instance has not served this address yet: the shared count refuses it.
  expect_rate_limited(request(b, "GET", "/api/v1/connectivity-checks"), "public_per_address", 60);
  expect_rate_limited(request(a, "GET", "/api/v1/connectivity-checks"), "public_per_address", 60);

  wait_for_room(5min, 30s);
  for (int i = 0; i < 10; ++i) {
    ASSERT_EQ(login(i < 5 ? a : b, kLabAdmin, kLabAdminPassword).status, 200) << i;
  }
  expect_rate_limited(login(a, kLabAdmin, kLabAdminPassword), "login_per_account", 300);
  expect_rate_limited(login(b, kLabAdmin, kLabAdminPassword), "login_per_account", 300);
  EXPECT_EQ(scalar(db_.url(),
                   "SELECT COUNT(*) FROM audit_log WHERE outcome = 'rate_limited'"
                   " AND target = 'user/lab-jj-01'"),
            1);
}

}  // namespace
}  // namespace lw::testing
