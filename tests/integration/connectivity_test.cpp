// Connectivity checks: the durable write path end to end, sent by a lab system signing with its
// key, with validation in the envelope; anonymous callers are refused.
#include <boost/json.hpp>

#include "integration/server_fixture.hpp"

namespace lw::testing {
namespace {

using ConnectivityTest = ServerTest;

constexpr const char* kChecks = "/api/v1/connectivity-checks";

boost::json::object json(const HttpResponse& r) {
  return boost::json::parse(r.body).as_object();
}

TEST_F(ConnectivityTest, CheckIsStoredWithServerTimeAndClockSkew) {
  auto r = as_lab("POST", kChecks,
                  R"({"client_time":"2020-01-01T08:00:00+08:00","message":"LIMS 联调"})");
  ASSERT_EQ(r.status, 201) << r.body;
  auto c = json(r);
  EXPECT_EQ(c.at("lab_code").as_string(), kTestLab);  // the key's lab
  EXPECT_EQ(c.at("client_time").as_string(), "2020-01-01T00:00:00.000000Z");
  EXPECT_TRUE(c.at("received_at").as_string().ends_with("Z"));
  EXPECT_TRUE(c.at("received_at_local").as_string().ends_with("+08:00"));
  EXPECT_LT(c.at("clock_skew_ms").as_int64(), 0);  // the lab's clock is years behind
  const auto id = c.at("id").as_int64();
  EXPECT_EQ(r.header("location"), std::string(kChecks) + "/" + std::to_string(id));

  auto back = as_lab("GET", std::string(kChecks) + "/" + std::to_string(id));
  ASSERT_EQ(back.status, 200);
  EXPECT_EQ(json(back).at("message").as_string(), "LIMS 联调");
}

TEST_F(ConnectivityTest, Issue3_AnonymousCallersAreRefused) {
  auto post = post_json(kChecks, R"({"lab_code":"LAB-T1"})");
  EXPECT_EQ(post.status, 401);
  EXPECT_EQ(json(post).at("code").as_string(), "unauthenticated");
  EXPECT_EQ(get(kChecks).status, 401);
  EXPECT_EQ(get(std::string(kChecks) + "/1").status, 401);
}

TEST_F(ConnectivityTest, ALabSendsForItselfOnly) {
  auto other = as_lab("POST", kChecks, R"({"lab_code":"360402-0001"})");
  EXPECT_EQ(other.status, 403);
  EXPECT_EQ(json(other).at("code").as_string(), "forbidden");
  EXPECT_EQ(as_lab("POST", kChecks, R"({"lab_code":"LAB-T1"})").status, 201);
}

TEST_F(ConnectivityTest, InvalidFieldsAreNamedInTheDetails) {
  auto r = as_lab("POST", kChecks, R"({"client_time":"yesterday"})");
  ASSERT_EQ(r.status, 422);
  auto e = json(r);
  EXPECT_EQ(e.at("code").as_string(), "invalid_argument");
  EXPECT_TRUE(e.at("details").at("fields").as_object().contains("client_time"));
  auto wrong_type = as_lab("POST", kChecks, R"({"lab_code":42})");
  EXPECT_EQ(wrong_type.status, 422);
  auto long_message = as_lab("POST", kChecks, "{\"message\":\"" + std::string(501, 'x') + "\"}");
  EXPECT_TRUE(json(long_message).at("details").at("fields").as_object().contains("message"));
  // NUL cannot be stored as text on PostgreSQL: refused on both engines, never cut short.
  auto nul = as_lab("POST", kChecks, R"({"message":"a\u0000b"})");
  EXPECT_EQ(nul.status, 422);
}

TEST_F(ConnectivityTest, BodyMustBeAJsonObject) {
  EXPECT_EQ(json(as_lab("POST", kChecks, "{not json")).at("code").as_string(), "invalid_json");
  EXPECT_EQ(as_lab("POST", kChecks, "[1]").status, 400);
  auto text = as_lab("POST", kChecks, "{}", {{"Content-Type", "text/plain"}});
  EXPECT_EQ(text.status, 415);
}

TEST_F(ConnectivityTest, ListIsNewestFirstAndHonoursTheLimit) {
  as_lab("POST", kChecks, R"({"message":"first"})");
  as_lab("POST", kChecks, R"({"message":"second"})");
  as_lab("POST", kChecks, R"({"message":"third"})");
  auto all = json(as_lab("GET", kChecks));
  ASSERT_EQ(all.at("items").as_array().size(), 3u);
  EXPECT_EQ(all.at("items").as_array()[0].at("message").as_string(), "third");
  auto one = json(as_lab("GET", std::string(kChecks) + "?lab_code=LAB-T1&limit=1"));
  ASSERT_EQ(one.at("items").as_array().size(), 1u);
  EXPECT_EQ(one.at("items").as_array()[0].at("message").as_string(), "third");
  EXPECT_EQ(as_lab("GET", std::string(kChecks) + "?limit=0").status, 422);
  EXPECT_EQ(as_lab("GET", std::string(kChecks) + "?limit=abc").status, 422);
}

// A percent-encoded byte that is not UTF-8 is the caller's error on both engines, not a fault.
TEST_F(ConnectivityTest, AQueryThatIsNotUtf8IsRefused) {
  auto r = as_lab("GET", std::string(kChecks) + "?lab_code=%FF");
  EXPECT_EQ(r.status, 422) << r.body;
  EXPECT_EQ(json(r).at("code").as_string(), "invalid_argument");
}

TEST_F(ConnectivityTest, UnknownOrBadIdIsRefused) {
  EXPECT_EQ(as_lab("GET", std::string(kChecks) + "/999999").status, 404);
  EXPECT_EQ(as_lab("GET", std::string(kChecks) + "/-3").status, 422);
  EXPECT_EQ(as_lab("GET", std::string(kChecks) + "/abc").status, 422);
}

}  // namespace
}  // namespace lw::testing
