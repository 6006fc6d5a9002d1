// Operations endpoints, request ids and the error envelope.
#include <boost/json.hpp>

#include "integration/server_fixture.hpp"

namespace lw::testing {
namespace {

using OpsTest = ServerTest;

TEST_F(OpsTest, HealthzAnswersOk) {
  auto r = get("/healthz");
  ASSERT_TRUE(r.complete);
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(boost::json::parse(r.body).at("status"), "ok");
}

TEST_F(OpsTest, ReadyzReportsEngineAndCurrentSchema) {
  auto r = get("/readyz");
  ASSERT_EQ(r.status, 200) << r.body;
  auto body = boost::json::parse(r.body).as_object();
  EXPECT_EQ(body.at("status"), "ready");
  EXPECT_EQ(body.at("database").as_string(), test_engine());
  EXPECT_EQ(body.at("schema_version"), body.at("latest_schema_version"));
  EXPECT_GE(body.at("schema_version").as_int64(), 1);
}

TEST_F(OpsTest, MetricsCountRequestsByRouteAndStatus) {
  get("/healthz");
  request(port(), "POST", "/api/v1/nowhere");
  auto r = get("/metrics");
  ASSERT_EQ(r.status, 200);
  EXPECT_NE(
      r.body.find(R"(labwatch_http_requests_total{method="GET",route="/healthz",status="200"} 1)"),
      std::string::npos)
      << r.body;
  EXPECT_NE(r.body.find(R"(route="unmatched",status="404")"), std::string::npos);
  EXPECT_NE(r.body.find("labwatch_http_request_duration_seconds_bucket"), std::string::npos);
  EXPECT_NE(r.body.find("labwatch_commit_batch_size"), std::string::npos);
  EXPECT_NE(r.body.find("labwatch_db_errors_total"), std::string::npos);
}

TEST_F(OpsTest, RequestIdIsEchoedOrGenerated) {
  auto echoed = get("/healthz", {{"X-Request-Id", "lims-batch-42.7"}});
  EXPECT_EQ(echoed.header("x-request-id"), "lims-batch-42.7");
  auto made = get("/healthz");
  EXPECT_EQ(made.header("x-request-id").size(), 16u);
  auto unsafe = get("/healthz", {{"X-Request-Id", "bad id with spaces"}});
  EXPECT_NE(unsafe.header("x-request-id"), "bad id with spaces");
}

TEST_F(OpsTest, ErrorsUseTheEnvelopeInChineseOrEnglish) {
  auto zh = get("/api/v1/nowhere", {{"X-Request-Id", "r-1"}});
  ASSERT_EQ(zh.status, 404);
  auto env = boost::json::parse(zh.body).as_object();
  EXPECT_EQ(env.at("code"), "not_found");
  EXPECT_EQ(env.at("message"), "请求的资源不存在");
  EXPECT_EQ(env.at("request_id"), "r-1");
  EXPECT_TRUE(env.contains("details"));
  auto en = get("/api/v1/nowhere", {{"Accept-Language", "en-US,en;q=0.9"}});
  EXPECT_EQ(boost::json::parse(en.body).at("message"), "Resource not found");
}

TEST_F(OpsTest, WrongMethodIs405WithAllow) {
  auto r = request(port(), "DELETE", "/healthz");
  EXPECT_EQ(r.status, 405);
  EXPECT_EQ(r.header("allow"), "GET");
  EXPECT_EQ(boost::json::parse(r.body).at("code"), "method_not_allowed");
}

TEST_F(OpsTest, ApiManualIsServedAsYaml) {
  auto r = get("/api/v1/openapi.yaml");
  ASSERT_EQ(r.status, 200);
  EXPECT_TRUE(r.body.starts_with("openapi: 3.1"));
  EXPECT_NE(r.header("content-type").find("yaml"), std::string::npos);
}

}  // namespace
}  // namespace lw::testing
