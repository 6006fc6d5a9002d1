// 1,000 malformed requests — garbage, truncated heads, bad chunking, huge headers, smuggling
// attempts — and the server still answers /healthz.
#include <random>
#include <thread>

#include "integration/server_fixture.hpp"

namespace lw::testing {
namespace {

using namespace std::chrono_literals;

std::vector<std::string> malformed_requests(std::size_t n) {
  std::mt19937 rng(20261121);
  auto random_bytes = [&](std::size_t len) {
    std::string s(len, '\0');
    for (auto& c : s) {
      c = static_cast<char>(rng() & 0xFF);
    }
    return s;
  };
  const std::vector<std::string> shapes{
      "GET /healthz HTTP/1.1\r\nHost: x",          // truncated head
      "GET /healthz HTTP/9.9\r\nHost: x\r\n\r\n",  // bad version
      "G\x01T / HTTP/1.1\r\n\r\n",                 // bad method
      "GET healthz HTTP/1.1\r\n\r\n",              // not origin-form
      "GET /%zz HTTP/1.1\r\nHost: x\r\n\r\n",      // bad escape
      "POST /api/v1/blobs HTTP/1.1\r\nContent-Type: a/b\r\nTransfer-Encoding: "
      "chunked\r\n\r\nffffffffffffffffff\r\n",
      "POST /api/v1/connectivity-checks HTTP/1.1\r\nContent-Length: -1\r\n\r\n",
      "POST /api/v1/connectivity-checks HTTP/1.1\r\nContent-Length: 10\r\nContent-Length: "
      "11\r\n\r\n",
      "POST /api/v1/connectivity-checks HTTP/1.1\r\nContent-Length: 4\r\nTransfer-Encoding: "
      "chunked\r\n\r\n",
      "POST /api/v1/connectivity-checks HTTP/1.1\r\nTransfer-Encoding: chunked\r\nContent-Type: "
      "application/json\r\n\r\n5\r\n{}\r\n",
      "POST /api/v1/connectivity-checks HTTP/1.1\r\nContent-Type: "
      "application/json\r\nContent-Length: 9\r\n\r\n{\"lab_co",
      "POST /api/v1/connectivity-checks HTTP/1.1\r\nContent-Type: "
      "application/json\r\nContent-Length: 5\r\n\r\n[1,2]",
      "POST /api/v1/connectivity-checks HTTP/1.1\r\nContent-Type: "
      "application/json\r\nContent-Length: 4\r\n\r\n\xff\xfe\xfd\xfc",
      "GET /healthz HTTP/1.1\r\nHost: x\r\nX: " + std::string(40000, 'y') + "\r\n\r\n",
      "GET /healthz HTTP/1.1\r\n" + std::string(3000, ':') + "\r\n\r\n",
      "GET /api/v1/connectivity-checks/99999999999999999999999 HTTP/1.1\r\n\r\n",
      "GET /api/v1/connectivity-checks?limit=-5 HTTP/1.1\r\n\r\n",
      "GET /api/v1/blobs/../../etc/passwd HTTP/1.1\r\n\r\n",
      "GET /../../../etc/passwd HTTP/1.1\r\n\r\n",
      "\r\n\r\n\r\n",
  };
  std::vector<std::string> out;
  for (std::size_t i = 0; i < n; ++i) {
    if (i % 3 == 0) {
      out.push_back(random_bytes(1 + rng() % 2048));
    } else {
      std::string s = shapes[i % shapes.size()];
      if (i % 7 == 0) {
        s = s.substr(0, rng() % (s.size() + 1));  // cut anywhere
      }
      out.push_back(std::move(s));
    }
  }
  return out;
}

using RobustnessTest = ServerTest;

TEST_F(RobustnessTest, AThousandMalformedRequestsLeaveTheServerAnswering) {
  const auto requests = malformed_requests(1000);
  constexpr int kThreads = 8;
  std::vector<std::thread> threads;
  std::atomic<int> answered_5xx{0};
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (std::size_t i = t; i < requests.size(); i += kThreads) {
        RawConnection c(port());
        if (!c.connected()) {
          continue;
        }
        c.send(requests[i]);
        c.shutdown_send();  // the server sees the end of input, as with a client that gives up
        auto r = c.read_response(3s);
        if (r.status >= 500) {
          ++answered_5xx;
        }
      }
    });
  }
  for (auto& th : threads) {
    th.join();
  }
  EXPECT_EQ(answered_5xx, 0) << "malformed input must be refused as a client error";
  auto health = get("/healthz");
  EXPECT_EQ(health.status, 200);
  EXPECT_EQ(get("/readyz").status, 200);
}

}  // namespace
}  // namespace lw::testing
