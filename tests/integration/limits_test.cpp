// What the server does with requests that break its limits: each is answered as the API
// manual states, and the connection is closed where the rest of the stream cannot be trusted.
#include <boost/json.hpp>

#include <chrono>
#include <thread>

#include "integration/server_fixture.hpp"

namespace lw::testing {
namespace {

using namespace std::chrono_literals;

class LimitsTest : public ServerTest {
 protected:
  // Short timeouts keep the suite fast; the defaults (10 s, 60 s) are checked in app tests.
  std::vector<std::string> flags() const override {
    return {"--header-timeout-ms", "2000", "--idle-timeout-ms", "1000"};
  }

  std::string code_of(const HttpResponse& r) {
    return std::string(boost::json::parse(r.body).at("code").as_string());
  }
};

TEST_F(LimitsTest, HeadLargerThan16KiBIs431AndCloses) {
  RawConnection c(port());
  c.send("GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: " + std::string(17 * 1024, 'a') + "\r\n\r\n");
  auto r = c.read_response();
  EXPECT_EQ(r.status, 431);
  EXPECT_EQ(code_of(r), "header_too_large");
  EXPECT_TRUE(c.closed_within(2s));
}

TEST_F(LimitsTest, HeadJustUnder16KiBIsServed) {
  auto r = get("/healthz", {{"X-Big", std::string(15 * 1024, 'a')}});
  EXPECT_EQ(r.status, 200);
}

TEST_F(LimitsTest, JsonBodyOverTwoMiBIs413BeforeItIsSent) {
  RawConnection c(port());
  c.send(
      "POST /api/v1/connectivity-checks HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
      "Content-Length: 2097153\r\n\r\n");
  auto r = c.read_response(3s);  // answered from the head alone
  EXPECT_EQ(r.status, 413);
  EXPECT_EQ(code_of(r), "payload_too_large");
  EXPECT_EQ(boost::json::parse(r.body).at("details").at("limit_bytes").as_int64(), 2097152);
}

TEST_F(LimitsTest, JsonBodyOfExactlyTwoMiBIsRead) {
  // A valid JSON object padded to the limit: read whole, then judged by the handler.
  std::string body = R"({"message":"x","pad":")";
  body += std::string(2 * 1024 * 1024 - body.size() - 2, 'p') + "\"}";
  auto r = as_lab("POST", "/api/v1/connectivity-checks", body);
  EXPECT_EQ(r.status, 201) << r.body;
}

TEST_F(LimitsTest, ChunkedBodyGrowingPastTheLimitIs413) {
  RawConnection c(port());
  c.send(
      "POST /api/v1/connectivity-checks HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
      "Transfer-Encoding: chunked\r\n\r\n");
  const std::string chunk(64 * 1024, 'x');
  char size_line[16];
  std::snprintf(size_line, sizeof size_line, "%zx\r\n", chunk.size());
  for (int i = 0; i < 40 && c.send(size_line + chunk + "\r\n"); ++i) {
  }
  auto r = c.read_response(5s);
  EXPECT_EQ(r.status, 413);
}

TEST_F(LimitsTest, ContentLengthWithTransferEncodingIs400AndCloses) {
  RawConnection c(port());
  c.send(
      "POST /api/v1/connectivity-checks HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
      "Content-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n");
  auto r = c.read_response();
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(code_of(r), "bad_request");
  EXPECT_TRUE(c.closed_within(2s));
}

TEST_F(LimitsTest, MalformedChunkingIs400AndCloses) {
  RawConnection c(port());
  c.send(
      "POST /api/v1/connectivity-checks HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
      "Transfer-Encoding: chunked\r\n\r\nZZ\r\n{}\r\n0\r\n\r\n");
  auto r = c.read_response();
  EXPECT_EQ(r.status, 400);
  EXPECT_TRUE(c.closed_within(2s));
}

TEST_F(LimitsTest, HeadSentOneByteASecondIsCutAtTheHeaderTimeout) {
  RawConnection c(port());
  const std::string head = "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n";
  const auto start = std::chrono::steady_clock::now();
  bool cut = false;
  for (char ch : head) {
    if (!c.send(std::string(1, ch)) || c.closed_within(1s)) {
      cut = true;
      break;
    }
  }
  const auto elapsed = std::chrono::steady_clock::now() - start;
  EXPECT_TRUE(cut) << "the whole head went through at one byte a second";
  EXPECT_GE(elapsed, 1900ms);  // not before the 2 s header timeout…
  EXPECT_LE(elapsed, 4000ms);  // …and not long after it
  EXPECT_EQ(get("/healthz").status, 200);
}

TEST_F(LimitsTest, IdleKeepAliveConnectionIsClosedAfterTheIdleTimeout) {
  RawConnection c(port());
  c.send("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n");
  ASSERT_EQ(c.read_response().status, 200);
  const auto start = std::chrono::steady_clock::now();
  EXPECT_TRUE(c.closed_within(3s));
  EXPECT_GE(std::chrono::steady_clock::now() - start, 900ms);
}

TEST_F(LimitsTest, KeepAliveAndPipelinedRequestsShareOneConnection) {
  RawConnection c(port());
  c.send("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\nGET /readyz HTTP/1.1\r\nHost: x\r\n\r\n");
  auto first = c.read_response();
  auto second = c.read_response();
  EXPECT_EQ(first.status, 200);
  EXPECT_TRUE(second.complete);
  EXPECT_NE(second.body.find("schema_version"), std::string::npos);
  c.send("GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
  EXPECT_EQ(c.read_response().status, 200);
  EXPECT_TRUE(c.closed_within(2s));
}

}  // namespace
}  // namespace lw::testing

namespace lw::testing {
namespace {

using ContinueTest = ServerTest;

TEST_F(ContinueTest, ExpectContinueIsAnsweredBeforeTheBodyIsSent) {
  RawConnection c(port());
  const std::string body = R"({"message":"C-1"})";
  c.send(
      "POST /api/v1/connectivity-checks HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n" +
      header_lines(signed_headers(lab_key(), "POST", "/api/v1/connectivity-checks", body)) +
      "Expect: 100-continue\r\nContent-Length: " + std::to_string(body.size()) + "\r\n\r\n");
  auto interim = c.read_response(std::chrono::milliseconds(500), true);
  ASSERT_EQ(interim.status, 100) << "no 100 Continue: clients would stall before sending";
  c.send(body);
  EXPECT_EQ(c.read_response().status, 201);
}

TEST_F(ContinueTest, ExpectContinueWithATooLargeBodyGets413Instead) {
  RawConnection c(port());
  c.send(
      "POST /api/v1/connectivity-checks HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
      "Expect: 100-continue\r\nContent-Length: 99999999\r\n\r\n");
  EXPECT_EQ(c.read_response(std::chrono::seconds(2)).status, 413);
}

}  // namespace
}  // namespace lw::testing
