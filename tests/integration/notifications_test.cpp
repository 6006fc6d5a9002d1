// Notifications and webhooks (issue 9, JJ-3.6) through the real server, both engines: a webhook
// endpoint on 127.0.0.1 that answers 500 twice then 200 receives the notice exactly once more,
// signed as documented (HMAC-SHA256 checked here with OpenSSL), with one delivery id, and the
// delivery log shows the three attempts; one that never answers 2xx ends failed after the last
// attempt; a region's notice is in the inbox of that region's station and regulator, not of
// another region's, and each marks it read on their own; an organisation's notice reaches the
// accounts of its people; endpoints are managed within scope only.
//
// Notices are enqueued as the reports module will: notify::enqueue on the database, in a
// transaction of its own (the server's worker finds them by its poll), or by the endpoint test.
#include <openssl/hmac.h>

#include <boost/json.hpp>
#include <thread>

#include "integration/registry_fixture.hpp"
#include "notify/notices.hpp"
#include "support/hook_receiver.hpp"

namespace lw::testing {
namespace {

using namespace std::chrono_literals;

std::string hmac_sha256_hex(const std::string& key, const std::string& data) {
  unsigned char mac[32];
  unsigned int len = 0;
  HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
       reinterpret_cast<const unsigned char*>(data.data()), data.size(), mac, &len);
  static const char* digits = "0123456789abcdef";
  std::string hex;
  for (unsigned int i = 0; i < len; ++i) {
    hex += digits[mac[i] >> 4];
    hex += digits[mac[i] & 15];
  }
  return hex;
}

class NotificationsTest : public RegistryTest {
 protected:
  std::vector<std::string> flags() const override {
    return {"--demo", "--webhook-retry-ms", "200", "--webhook-attempts", "3"};
  }

  // Registers an endpoint as `s`; its body with the secret (empty and a failed test if refused).
  boost::json::object add_endpoint(const Session& s, const std::string& owner_kind,
                                   const boost::json::value& owner_id, const std::string& url) {
    const boost::json::object body{{"owner_kind", owner_kind},
                                   {"owner_id", owner_id},
                                   {"url", url},
                                   {"description", "质监站接收 station receiver"}};
    auto r = as_user(s, "POST", "/api/v1/webhooks", boost::json::serialize(body));
    EXPECT_EQ(r.status, 201) << r.body;
    return r.status == 201 ? json(r) : boost::json::object{};
  }

  // The endpoint's deliveries once none is pending (at most `timeout`).
  boost::json::array settled(const Session& s, std::int64_t endpoint,
                             std::chrono::milliseconds timeout) {
    const auto until = std::chrono::steady_clock::now() + timeout;
    const std::string target = "/api/v1/webhooks/" + std::to_string(endpoint) + "/deliveries";
    while (true) {
      auto r = as_user(s, "GET", target);
      EXPECT_EQ(r.status, 200) << r.body;
      if (r.status != 200) {
        return {};
      }
      auto items = json(r).at("items").as_array();
      const bool pending = std::any_of(items.begin(), items.end(), [](const auto& d) {
        return d.at("status").as_string() == "pending";
      });
      if ((!items.empty() && !pending) || std::chrono::steady_clock::now() > until) {
        return items;
      }
      std::this_thread::sleep_for(100ms);
    }
  }

  // Enqueues a notice to `recipients` directly on the database, as a use case does in its own
  // transaction; its id.
  std::int64_t enqueue(const std::vector<notify::Recipient>& recipients,
                       const std::string& subject) {
    notify::Notice n;
    n.kind = "nonconforming";
    n.subject = subject;
    n.title_zh = "不合格结果：混凝土抗压强度 C30 试件组 21.8 MPa";
    n.title_en = "Non-conforming: concrete C30 specimen set 21.8 MPa";
    n.body = {{"subject", subject}, {"lab_code", kJjLab}, {"strength_mpa", "21.8"}};
    n.lab_code = kJjLab;
    n.recipients = recipients;
    auto conn = direct_connection();
    EXPECT_TRUE(conn);
    if (!conn) {
      return 0;
    }
    auto& c = **conn;
    EXPECT_TRUE(c.exec("BEGIN"));
    auto id = notify::enqueue(c, n, SystemClock{}.now());
    EXPECT_TRUE(id) << id.error().note;
    EXPECT_TRUE(c.exec("COMMIT"));
    return id ? *id : 0;
  }

  boost::json::array inbox(const Session& s, const std::string& query = "") {
    auto r = as_user(s, "GET", "/api/v1/notifications" + query);
    EXPECT_EQ(r.status, 200) << r.body;
    return r.status == 200 ? json(r).at("items").as_array() : boost::json::array{};
  }
  std::int64_t unread(const Session& s) {
    auto r = as_user(s, "GET", "/api/v1/notifications/unread-count");
    EXPECT_EQ(r.status, 200) << r.body;
    return r.status == 200 ? json(r).at("unread").as_int64() : -1;
  }
  static bool has(const boost::json::array& items, std::int64_t id) {
    return std::any_of(items.begin(), items.end(),
                       [id](const auto& n) { return n.at("id").as_int64() == id; });
  }
};

TEST_F(NotificationsTest, JJ_3_6_AnEndpointFailingTwiceGetsTheNoticeOnceSignedAndLogged) {
  HookReceiver hook({500, 500, 200});
  const auto made = add_endpoint(jj(), "region", "360402", hook.url("/labwatch/in"));
  ASSERT_FALSE(made.empty());
  const std::string secret(made.at("secret").as_string());
  EXPECT_EQ(secret.size(), 64u);
  const auto endpoint = made.at("id").as_int64();
  // The secret is shown once: neither the list nor the log carries it.
  auto list = as_user(jj(), "GET", "/api/v1/webhooks");
  ASSERT_EQ(list.status, 200);
  EXPECT_EQ(list.body.find(secret), std::string::npos);

  auto ping = as_user(jj(), "POST", "/api/v1/webhooks/" + std::to_string(endpoint) + "/test");
  ASSERT_EQ(ping.status, 202) << ping.body;
  const std::string delivery_id(json(ping).at("delivery_id").as_string());
  ASSERT_TRUE(hook.wait_for(3, 15s)) << hook.requests().size();
  const auto ds = settled(jj(), endpoint, 10s);
  ASSERT_EQ(ds.size(), 1u);
  const auto& d = ds.front().as_object();
  EXPECT_EQ(d.at("status").as_string(), "delivered");
  EXPECT_EQ(d.at("attempts").as_int64(), 3);
  EXPECT_EQ(d.at("event").as_string(), "ping");
  const auto& log = d.at("log").as_array();
  ASSERT_EQ(log.size(), 3u);
  EXPECT_EQ(log[0].at("status_code").as_int64(), 500);
  EXPECT_EQ(log[1].at("status_code").as_int64(), 500);
  EXPECT_EQ(log[2].at("status_code").as_int64(), 200);
  EXPECT_EQ(log[2].at("error").as_string(), "");

  std::this_thread::sleep_for(700ms);  // nothing follows a 2xx
  const auto got = hook.requests();
  ASSERT_EQ(got.size(), 3u);
  for (const auto& r : got) {
    EXPECT_EQ(r.method, "POST");
    EXPECT_EQ(r.target, "/labwatch/in");
    EXPECT_EQ(r.header("x-labwatch-event"), "ping");
    EXPECT_EQ(r.header("x-labwatch-delivery"), delivery_id);
    EXPECT_EQ(r.body, got.front().body);
    // X-Labwatch-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, t + "." + body)>
    const std::string sig = r.header("x-labwatch-signature");
    ASSERT_TRUE(sig.starts_with("t=")) << sig;
    const auto comma = sig.find(",v1=");
    ASSERT_NE(comma, std::string::npos) << sig;
    const std::string t = sig.substr(2, comma - 2);
    EXPECT_EQ(sig.substr(comma + 4), hmac_sha256_hex(secret, t + "." + r.body));
    EXPECT_NE(sig.substr(comma + 4), hmac_sha256_hex(std::string(64, '0'), t + "." + r.body));
    const auto now = std::chrono::duration_cast<std::chrono::seconds>(
                         std::chrono::system_clock::now().time_since_epoch())
                         .count();
    EXPECT_LT(std::llabs(now - std::stoll(t)), 60);
  }
  const auto body = boost::json::parse(got.front().body).as_object();
  EXPECT_EQ(body.at("event").as_string(), "ping");
  EXPECT_EQ(body.at("id").as_int64(), d.at("notice_id").as_int64());
  EXPECT_TRUE(body.at("created_at").is_string());
  EXPECT_EQ(body.at("data").at("endpoint_id").as_int64(), endpoint);
}

TEST_F(NotificationsTest, JJ_3_6_AnEndpointThatNeverAnswers2xxEndsFailed) {
  HookReceiver hook({503});
  const auto made = add_endpoint(jj(), "region", "360402", hook.url());
  ASSERT_FALSE(made.empty());
  const auto endpoint = made.at("id").as_int64();
  ASSERT_EQ(as_user(jj(), "POST", "/api/v1/webhooks/" + std::to_string(endpoint) + "/test").status,
            202);
  const auto ds = settled(jj(), endpoint, 15s);
  ASSERT_EQ(ds.size(), 1u);
  EXPECT_EQ(ds.front().at("status").as_string(), "failed");
  EXPECT_EQ(ds.front().at("attempts").as_int64(), 3);  // --webhook-attempts 3
  EXPECT_EQ(ds.front().at("log").as_array().size(), 3u);
  EXPECT_EQ(ds.front().at("last_status_code").as_int64(), 503);
  EXPECT_TRUE(ds.front().at("next_attempt_at").is_null());
  EXPECT_EQ(hook.requests().size(), 3u);
  // Deactivated, it takes no more tests.
  const std::string target = "/api/v1/webhooks/" + std::to_string(endpoint);
  auto off = as_user(jj(), "DELETE", target);
  ASSERT_EQ(off.status, 200) << off.body;
  EXPECT_FALSE(json(off).at("active").as_bool());
  EXPECT_EQ(as_user(jj(), "POST", target + "/test").status, 409);
  const auto audit = query_sql(
      "SELECT COUNT(*) FROM audit_log WHERE target = $1 AND action IN ('webhook.create',"
      " 'webhook.test', 'webhook.deactivate')",
      {"webhook_endpoint/" + std::to_string(endpoint)});
  ASSERT_FALSE(audit.empty());
  EXPECT_EQ(audit.front().int64(0), 3);
}

TEST_F(NotificationsTest, JJ_3_6_ARegionsNoticeIsInItsStationsInboxNotAnothersAndReadPerUser) {
  HookReceiver hook({200});
  const auto endpoint = add_endpoint(jj(), "region", "360402", hook.url()).at("id").as_int64();
  const auto id = enqueue({{notify::Recipient::Kind::region, "360402"}}, "nonconforming 9001");
  ASSERT_GT(id, 0);
  const Session regulator = sign_in("jj-regulator", "Demo@2026jj", "labwatch-demo-jj-reg");
  EXPECT_TRUE(has(inbox(jj()), id));
  EXPECT_TRUE(has(inbox(regulator), id));  // the city's regulator: 360402 is in 360400
  EXPECT_FALSE(has(inbox(jl()), id));
  EXPECT_EQ(as_user(jl(), "POST", "/api/v1/notifications/" + std::to_string(id) + "/read").status,
            404);
  const auto before = unread(jj());
  EXPECT_GE(before, 1);
  auto read = as_user(jj(), "POST", "/api/v1/notifications/" + std::to_string(id) + "/read");
  ASSERT_EQ(read.status, 200) << read.body;
  EXPECT_TRUE(json(read).at("read").as_bool());
  EXPECT_EQ(json(read).at("title_zh").as_string(),
            "不合格结果：混凝土抗压强度 C30 试件组 21.8 MPa");
  EXPECT_EQ(unread(jj()), before - 1);
  EXPECT_FALSE(has(inbox(jj(), "?unread=true"), id));
  EXPECT_TRUE(has(inbox(regulator, "?unread=true"), id));  // read by the station only
  auto all = as_user(regulator, "POST", "/api/v1/notifications/read-all");
  ASSERT_EQ(all.status, 200) << all.body;
  EXPECT_EQ(unread(regulator), 0);
  // The notice enqueued outside the server reached the region's endpoint by the worker's poll.
  const auto ds = settled(jj(), endpoint, 20s);
  ASSERT_EQ(ds.size(), 1u);
  EXPECT_EQ(ds.front().at("status").as_string(), "delivered");
  EXPECT_EQ(ds.front().at("notice_id").as_int64(), id);
  ASSERT_EQ(hook.requests().size(), 1u);
  EXPECT_EQ(hook.requests().front().header("x-labwatch-event"), "nonconforming");
}

TEST_F(NotificationsTest, JJ_3_6_AnOrganisationsNoticeReachesTheAccountsOfItsPeople) {
  // A witness employed by an organisation of the demo, given an account by the system admin.
  const auto person = query_sql(
      "SELECT id, organisation_id FROM people WHERE organisation_id IS NOT NULL"
      " AND (duties LIKE '%,witness,%' OR duties LIKE '%,sampler,%')"
      " AND id NOT IN (SELECT person_id FROM account_people) ORDER BY id");
  ASSERT_FALSE(person.empty()) << "the demo has witnesses of organisations";
  const Session sys = sign_in("sysadmin", "Demo@2026sys", "labwatch-demo-sysadm");
  const boost::json::object account{{"login", "org-witness-1"},
                                    {"display_name", "建设单位见证员"},
                                    {"role", "witness"},
                                    {"person_id", person.front().int64(0)},
                                    {"password", "Witness@2026a"}};
  auto made = as_user(sys, "POST", "/api/v1/users", boost::json::serialize(account));
  ASSERT_EQ(made.status, 201) << made.body;
  const Session witness = sign_in("org-witness-1", "Witness@2026a");
  ASSERT_EQ(as_user(witness, "POST", "/api/v1/auth/password",
                    R"({"old_password":"Witness@2026a","new_password":"Witness@2026b!"})")
                .status,
            204);
  const std::string org_id = std::to_string(person.front().int64(1));
  const auto id = enqueue({{notify::Recipient::Kind::organisation, org_id}}, "nonconforming 9002");
  const auto other = enqueue({{notify::Recipient::Kind::organisation, "999999"}}, "other");
  EXPECT_TRUE(has(inbox(witness), id));
  EXPECT_FALSE(has(inbox(witness), other));
  EXPECT_EQ(unread(witness), 1);
  EXPECT_FALSE(has(inbox(jj()), id));  // addressed to the organisation, not the station
  EXPECT_TRUE(inbox(sign_in("lab-jj-01", "Demo@2026lab")).empty());
}

TEST_F(NotificationsTest, JJ_3_6_EndpointsAreManagedWithinScopeOnly) {
  HookReceiver hook({200});
  const auto endpoint = add_endpoint(jj(), "region", "360402", hook.url()).at("id").as_int64();
  const std::string target = "/api/v1/webhooks/" + std::to_string(endpoint);
  // Another region's station neither sees nor touches it.
  auto theirs = as_user(jl(), "GET", "/api/v1/webhooks");
  ASSERT_EQ(theirs.status, 200);
  EXPECT_EQ(theirs.body.find(hook.url()), std::string::npos);
  EXPECT_EQ(as_user(jl(), "GET", target + "/deliveries").status, 404);
  EXPECT_EQ(as_user(jl(), "POST", target + "/test").status, 404);
  EXPECT_EQ(as_user(jl(), "DELETE", target).status, 404);
  // Nor does it register one for the other region; a lab may not register any.
  const boost::json::object other{
      {"owner_kind", "region"}, {"owner_id", "360402"}, {"url", hook.url()}};
  EXPECT_EQ(as_user(jl(), "POST", "/api/v1/webhooks", boost::json::serialize(other)).status, 404);
  const Session lab = sign_in("lab-jj-01", "Demo@2026lab");
  EXPECT_EQ(as_user(lab, "POST", "/api/v1/webhooks", boost::json::serialize(other)).status, 403);
  EXPECT_EQ(as_user(lab, "GET", "/api/v1/webhooks").status, 403);
  // Bad URLs and owners are named.
  for (const auto& [field, body] : std::vector<std::pair<std::string, boost::json::object>>{
           {"url", {{"owner_kind", "region"}, {"owner_id", "360402"}, {"url", "ftp://x.cn/"}}},
           {"url", {{"owner_kind", "region"}, {"owner_id", "360402"}, {"url", "http:///x"}}},
           {"url",
            {{"owner_kind", "region"},
             {"owner_id", "360402"},
             {"url", "https://x.cn/" + std::string(500, 'a')}}},
           {"owner_kind", {{"owner_kind", "lab"}, {"owner_id", "360402"}, {"url", hook.url()}}},
           {"owner_id", {{"owner_kind", "region"}, {"owner_id", "3604"}, {"url", hook.url()}}}}) {
    auto r = as_user(jj(), "POST", "/api/v1/webhooks", boost::json::serialize(body));
    EXPECT_EQ(r.status, 422) << r.body;
    EXPECT_TRUE(json(r).at("details").at("fields").as_object().contains(field)) << r.body;
  }
  // The system admin registers an organisation's endpoint, never a region's.
  const Session sys = sign_in("sysadmin", "Demo@2026sys", "labwatch-demo-sysadm");
  const auto client = organisation("construction_unit", "360402");
  const auto made = add_endpoint(sys, "organisation", client, hook.url("/client"));
  ASSERT_FALSE(made.empty());
  EXPECT_EQ(made.at("owner_id").as_string(), std::to_string(client));
  EXPECT_EQ(made.at("region_code").as_string(), "360402");
  EXPECT_EQ(as_user(sys, "GET", target + "/deliveries").status, 404);
  // The station sees the organisation's endpoint of its county too.
  auto mine = as_user(jj(), "GET", "/api/v1/webhooks?active=true");
  ASSERT_EQ(mine.status, 200);
  EXPECT_NE(mine.body.find("/client"), std::string::npos);
}

}  // namespace
}  // namespace lw::testing
