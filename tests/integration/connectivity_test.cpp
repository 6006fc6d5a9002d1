// Connectivity checks: the durable write path end to end, with validation in the envelope.
#include <boost/json.hpp>

#include "integration/server_fixture.hpp"

namespace lw::testing {
namespace {

using ConnectivityTest = ServerTest;

boost::json::object json(const HttpResponse& r) {
  return boost::json::parse(r.body).as_object();
}

TEST_F(ConnectivityTest, CheckIsStoredWithServerTimeAndClockSkew) {
  auto r = post_json(
      "/api/v1/connectivity-checks",
      R"({"lab_code":"360402-0001","client_time":"2020-01-01T08:00:00+08:00","message":"LIMS 联调"})");
  ASSERT_EQ(r.status, 201) << r.body;
  auto c = json(r);
  EXPECT_EQ(c.at("lab_code").as_string(), "360402-0001");
  EXPECT_EQ(c.at("client_time").as_string(), "2020-01-01T00:00:00.000000Z");
  EXPECT_TRUE(c.at("received_at").as_string().ends_with("Z"));
  EXPECT_TRUE(c.at("received_at_local").as_string().ends_with("+08:00"));
  EXPECT_LT(c.at("clock_skew_ms").as_int64(), 0);  // the lab's clock is years behind
  const auto id = c.at("id").as_int64();
  EXPECT_EQ(r.header("location"), "/api/v1/connectivity-checks/" + std::to_string(id));

  auto back = get("/api/v1/connectivity-checks/" + std::to_string(id));
  ASSERT_EQ(back.status, 200);
  EXPECT_EQ(json(back).at("message").as_string(), "LIMS 联调");
}

TEST_F(ConnectivityTest, InvalidFieldsAreNamedInTheDetails) {
  auto r = post_json("/api/v1/connectivity-checks",
                     R"({"lab_code":"lower case","client_time":"yesterday"})");
  ASSERT_EQ(r.status, 422);
  auto e = json(r);
  EXPECT_EQ(e.at("code").as_string(), "invalid_argument");
  EXPECT_TRUE(e.at("details").at("fields").as_object().contains("client_time"));
  auto missing = post_json("/api/v1/connectivity-checks", R"({"message":"no lab"})");
  EXPECT_TRUE(json(missing).at("details").at("fields").as_object().contains("lab_code"));
  auto wrong_type = post_json("/api/v1/connectivity-checks", R"({"lab_code":42})");
  EXPECT_EQ(wrong_type.status, 422);
  // NUL cannot be stored as text on PostgreSQL: refused on both engines, never cut short.
  auto nul = post_json("/api/v1/connectivity-checks", R"({"lab_code":"A-1","message":"a\u0000b"})");
  EXPECT_EQ(nul.status, 422);
}

TEST_F(ConnectivityTest, BodyMustBeAJsonObject) {
  EXPECT_EQ(json(post_json("/api/v1/connectivity-checks", "{not json")).at("code").as_string(),
            "invalid_json");
  EXPECT_EQ(post_json("/api/v1/connectivity-checks", "[1]").status, 400);
  auto text = request(port(), "POST", "/api/v1/connectivity-checks", "{}",
                      {{"Content-Type", "text/plain"}});
  EXPECT_EQ(text.status, 415);
}

TEST_F(ConnectivityTest, ListIsNewestFirstAndFiltersByLab) {
  post_json("/api/v1/connectivity-checks", R"({"lab_code":"A-1","message":"first"})");
  post_json("/api/v1/connectivity-checks", R"({"lab_code":"B-1","message":"second"})");
  post_json("/api/v1/connectivity-checks", R"({"lab_code":"A-1","message":"third"})");
  auto all = json(get("/api/v1/connectivity-checks"));
  ASSERT_EQ(all.at("items").as_array().size(), 3u);
  EXPECT_EQ(all.at("items").as_array()[0].at("message").as_string(), "third");
  auto a = json(get("/api/v1/connectivity-checks?lab_code=A-1&limit=1"));
  ASSERT_EQ(a.at("items").as_array().size(), 1u);
  EXPECT_EQ(a.at("items").as_array()[0].at("message").as_string(), "third");
  EXPECT_EQ(get("/api/v1/connectivity-checks?limit=0").status, 422);
  EXPECT_EQ(get("/api/v1/connectivity-checks?limit=abc").status, 422);
}

TEST_F(ConnectivityTest, UnknownOrBadIdIsRefused) {
  EXPECT_EQ(get("/api/v1/connectivity-checks/999999").status, 404);
  EXPECT_EQ(get("/api/v1/connectivity-checks/-3").status, 422);
  EXPECT_EQ(get("/api/v1/connectivity-checks/abc").status, 422);
}

}  // namespace
}  // namespace lw::testing
