// The web pages: built files served with the right caching, client-side routes get the app.
#include <fstream>

#include "integration/server_fixture.hpp"

namespace lw::testing {
namespace {

class WebTest : public ServerTest {
 protected:
  void SetUp() override {
    std::filesystem::create_directories(web_.path() / "assets");
    std::ofstream(web_.path() / "index.html") << "<!doctype html><title>labwatch</title>";
    std::ofstream(web_.path() / "assets" / "index-3f2a1b.js") << "console.log(1)";
    ServerTest::SetUp();
  }
  std::vector<std::string> flags() const override { return {"--web", web_.path().string()}; }
  TempDir web_;
};

TEST_F(WebTest, IndexIsServedAndNotCachedLong) {
  auto r = get("/");
  ASSERT_EQ(r.status, 200);
  EXPECT_NE(r.body.find("labwatch"), std::string::npos);
  EXPECT_EQ(r.header("cache-control"), "no-cache");
  EXPECT_EQ(r.header("content-type"), "text/html; charset=utf-8");
}

TEST_F(WebTest, HashedAssetsAreCachedForAYear) {
  auto r = get("/assets/index-3f2a1b.js");
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(r.header("cache-control"), "public, max-age=31536000, immutable");
  EXPECT_EQ(r.header("content-type"), "text/javascript; charset=utf-8");
}

TEST_F(WebTest, ClientRoutesFallBackToTheApp) {
  auto r = get("/supervision/cases");
  ASSERT_EQ(r.status, 200);
  EXPECT_NE(r.body.find("<title>labwatch"), std::string::npos);
  EXPECT_EQ(get("/docs").status, 200);
}

TEST_F(WebTest, MissingFilesAndApiPathsAre404NotTheApp) {
  EXPECT_EQ(get("/assets/missing-1234.js").status, 404);
  EXPECT_EQ(get("/api/v1/nothing-here").status, 404);
}

TEST_F(WebTest, PathsCannotEscapeTheWebRoot) {
  for (const char* target :
       {"/../../../etc/passwd", "/%2e%2e/%2e%2e/etc/passwd", "/assets/../../x.db"}) {
    auto r = get(target);
    EXPECT_EQ(r.body.find("root:"), std::string::npos) << target;
    EXPECT_TRUE(r.status == 404 || r.body.find("<title>labwatch") != std::string::npos) << target;
  }
  EXPECT_EQ(get("/.hidden").status, 404);
}

TEST_F(WebTest, HeadOfAPageHasNoBody) {
  RawConnection c(port());
  c.send("HEAD / HTTP/1.1\r\nHost: x\r\n\r\nGET /healthz HTTP/1.1\r\nHost: x\r\n\r\n");
  auto head = c.read_response(std::chrono::seconds(5), true);
  EXPECT_EQ(head.status, 200);
  EXPECT_NE(head.header("content-length"), "0");
  // The response had no body: the next response on the connection parses cleanly.
  auto next = c.read_response();
  EXPECT_EQ(next.status, 200);
}

}  // namespace
}  // namespace lw::testing
