// Nothing acknowledged is lost (the Jepsen "set" check): many clients write, the server is
// killed with SIGKILL mid-burst, and after a restart every acknowledged record is there.
#include <signal.h>

#include <boost/json.hpp>

#include <iostream>
#include <mutex>
#include <thread>

#include "integration/server_fixture.hpp"

namespace lw::testing {
namespace {

using namespace std::chrono_literals;

struct Acked {
  std::int64_t id;
  std::string message;
};

// A check the test lab's system signs, as raw bytes.
std::string check_request(const LabKey& key, const std::string& message) {
  const std::string body = R"({"message":")" + message + "\"}";
  return "POST /api/v1/connectivity-checks HTTP/1.1\r\nHost: x\r\nContent-Type: "
         "application/json\r\n" +
         header_lines(signed_headers(key, "POST", "/api/v1/connectivity-checks", body)) +
         "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body;
}

// Bursts from one address: the anonymous-request rate limit is raised, as for a load test.
class DurabilityTest : public ServerTest {
 protected:
  std::vector<std::string> flags() const override { return {"--rate-limit-public", "1000000"}; }
};

TEST_F(DurabilityTest, EveryAcknowledgedWriteSurvivesSigkill) {
  constexpr int kClients = 16;
  std::mutex mu;
  std::vector<Acked> acked;
  std::atomic<bool> killed{false};
  std::vector<std::thread> clients;
  const LabKey& key = lab_key();
  for (int t = 0; t < kClients; ++t) {
    clients.emplace_back([&, t] {
      auto conn = std::make_unique<RawConnection>(port());
      for (int i = 0; !killed || conn->connected(); ++i) {
        const std::string message = "c" + std::to_string(t) + "-" + std::to_string(i);
        if (!conn->connected() || !conn->send(check_request(key, message))) {
          break;
        }
        auto r = conn->read_response(5s);
        if (!r.complete) {
          break;  // the server died under this request: not acknowledged
        }
        ASSERT_EQ(r.status, 201) << r.body;
        std::lock_guard lock(mu);
        acked.push_back({boost::json::parse(r.body).at("id").as_int64(), message});
      }
    });
  }
  // Let the burst run, then kill without warning.
  for (int waited = 0; waited < 100; ++waited) {
    std::this_thread::sleep_for(20ms);
    std::lock_guard lock(mu);
    if (acked.size() >= 400) {
      break;
    }
  }
  server_->signal(SIGKILL);
  killed = true;
  server_->wait(10);
  for (auto& c : clients) {
    c.join();
  }
  ASSERT_GT(acked.size(), 50u) << "too few writes acknowledged before the kill to mean anything";

  restart();
  std::size_t found = 0;
  RawConnection reader(port());
  for (const auto& a : acked) {
    const std::string target = "/api/v1/connectivity-checks/" + std::to_string(a.id);
    reader.send("GET " + target + " HTTP/1.1\r\nHost: x\r\n" +
                header_lines(signed_headers(key, "GET", target, "")) + "\r\n");
    auto r = reader.read_response();
    ASSERT_EQ(r.status, 200) << "acknowledged record " << a.id << " lost after SIGKILL";
    EXPECT_EQ(boost::json::parse(r.body).at("message").as_string(), a.message);
    ++found;
  }
  EXPECT_EQ(found, acked.size());
  std::cout << "acknowledged before SIGKILL: " << acked.size() << ", all found after restart\n";
}

}  // namespace
}  // namespace lw::testing
