#include "http/router.hpp"

#include <gtest/gtest.h>

namespace lw::http {
namespace {

Handler noop() {
  return [](Request&) -> Task<Response> { co_return Response{}; };
}

TEST(Router, MatchesLiteralAndParameterSegments) {
  Router r;
  r.add("GET", "/api/v1/blobs/{sha256}", noop());
  r.add("POST", "/api/v1/blobs", noop(), BodyMode::streamed);
  auto m = r.match("GET", "/api/v1/blobs/abc");
  ASSERT_NE(m.route, nullptr);
  EXPECT_EQ(m.params.at("sha256"), "abc");
  auto post = r.match("POST", "/api/v1/blobs");
  ASSERT_NE(post.route, nullptr);
  EXPECT_EQ(post.route->body, BodyMode::streamed);
}

TEST(Router, UnknownPathIs404AndWrongMethodIs405WithAllow) {
  Router r;
  r.add("GET", "/healthz", noop());
  EXPECT_EQ(r.match("GET", "/nope").status, 404);
  auto m = r.match("DELETE", "/healthz");
  EXPECT_EQ(m.status, 405);
  EXPECT_EQ(m.allowed, std::vector<std::string>{"GET"});
}

TEST(Router, EmptyParameterSegmentDoesNotMatch) {
  Router r;
  r.add("GET", "/api/v1/blobs/{sha256}", noop());
  EXPECT_EQ(r.match("GET", "/api/v1/blobs/").route, nullptr);
}

TEST(Router, HeadIsAnsweredByGetRoutes) {
  Router r;
  r.add("GET", "/healthz", noop());
  EXPECT_NE(r.match("HEAD", "/healthz").route, nullptr);
}

}  // namespace
}  // namespace lw::http

namespace lw::http {
namespace {

TEST(Router, FallbackAnswersUnmatchedGetsOnly) {
  Router r;
  r.add("POST", "/api/v1/blobs", noop());
  r.set_fallback(noop());
  auto page = r.match("GET", "/supervision/cases");
  ASSERT_NE(page.route, nullptr);
  EXPECT_EQ(page.route->pattern, "/*");
  EXPECT_EQ(r.match("POST", "/supervision/cases").status, 404);
  EXPECT_EQ(r.match("GET", "/api/v1/blobs").status, 405);  // a real path keeps its 405
  EXPECT_EQ(r.routes().size(), 1u);
}

}  // namespace
}  // namespace lw::http
