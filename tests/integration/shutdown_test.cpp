// SIGTERM under load: every request gets a complete answer or no answer at all (a refused or
// closed connection the client may retry) — never a truncated one — and the server exits 0
// within 10 s.
#include <signal.h>
#include <sys/wait.h>

#include <iostream>
#include <thread>

#include "integration/server_fixture.hpp"

namespace lw::testing {
namespace {

using namespace std::chrono_literals;

// Bursts from one address: the anonymous-request rate limit is raised, as for a load test.
class ShutdownTest : public ServerTest {
 protected:
  std::vector<std::string> flags() const override { return {"--rate-limit-public", "1000000"}; }
};

TEST_F(ShutdownTest, SigtermUnderLoadNeverTruncatesAResponse) {
  constexpr int kClients = 8;
  std::atomic<bool> stop{false};
  std::atomic<int> complete{0}, unanswered{0}, truncated{0};
  std::vector<std::thread> clients;
  const LabKey& key = lab_key();
  for (int t = 0; t < kClients; ++t) {
    clients.emplace_back([&, t] {
      const std::string body = R"({"message":"load"})";
      auto write = [&] {
        return "POST /api/v1/connectivity-checks HTTP/1.1\r\nHost: x\r\n" +
               header_lines(signed_headers(key, "POST", "/api/v1/connectivity-checks", body)) +
               "Content-Type: application/json\r\nContent-Length: " + std::to_string(body.size()) +
               "\r\n\r\n" + body;
      };
      const std::string read = "GET /api/v1/openapi.yaml HTTP/1.1\r\nHost: x\r\n\r\n";
      while (!stop) {
        RawConnection c(port());
        if (!c.connected()) {
          std::this_thread::sleep_for(5ms);  // refused: the server has stopped listening
          continue;
        }
        for (int i = 0; i < 20 && !stop; ++i) {
          if (!c.send((i + t) % 2 ? write() : read)) {
            ++unanswered;
            break;
          }
          auto r = c.read_response(15s);
          if (r.complete) {
            ++complete;
          } else if (r.received == 0) {
            ++unanswered;
            break;
          } else {
            ++truncated;
            break;
          }
          if (r.header("connection") == "close") {
            break;
          }
        }
      }
    });
  }
  std::this_thread::sleep_for(500ms);
  const int before = complete;
  server_->signal(SIGTERM);
  const auto start = std::chrono::steady_clock::now();
  const int status = server_->wait(10);
  const auto took = std::chrono::steady_clock::now() - start;
  stop = true;
  for (auto& c : clients) {
    c.join();
  }
  EXPECT_GT(before, 0);
  ASSERT_NE(status, -1) << "server did not exit within 10 s of SIGTERM";
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << "status " << status;
  EXPECT_LT(took, 10s);
  EXPECT_EQ(truncated, 0);
  std::cout << complete << " complete (" << before << " before SIGTERM), " << unanswered
            << " unanswered, " << truncated << " truncated; exit after "
            << std::chrono::duration_cast<std::chrono::milliseconds>(took).count() << " ms\n";
}

TEST_F(ShutdownTest, SigtermWhileIdleExitsPromptly) {
  RawConnection idle(port());  // an idle keep-alive connection must not hold the stop up
  idle.send("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n");
  ASSERT_EQ(idle.read_response().status, 200);
  server_->signal(SIGTERM);
  const int status = server_->wait(5);
  ASSERT_NE(status, -1);
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
  EXPECT_TRUE(idle.closed_within(1s));
}

}  // namespace
}  // namespace lw::testing
