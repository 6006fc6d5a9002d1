// Idempotency-Key: retries of a create give the first answer and create nothing new, on both
// engines and across concurrent retries (issue: identity & access, item 4).
#include <boost/json.hpp>

#include <mutex>
#include <set>
#include <thread>

#include "integration/server_fixture.hpp"

namespace lw::testing {
namespace {

// Bursts from one address: the anonymous-request rate limit is raised, as for a load test.
class IdempotencyTest : public ServerTest {
 protected:
  std::vector<std::string> flags() const override { return {"--rate-limit-public", "1000000"}; }
};

HttpResponse create(std::uint16_t port, const std::string& key, const std::string& body) {
  return request(port, "POST", "/api/v1/connectivity-checks", body,
                 {{"Content-Type", "application/json"}, {"Idempotency-Key", key}});
}

std::size_t checks_of(std::uint16_t port, const std::string& lab) {
  auto r = request(port, "GET", "/api/v1/connectivity-checks?limit=200&lab_code=" + lab);
  return boost::json::parse(r.body).at("items").as_array().size();
}

TEST_F(IdempotencyTest, ARetryWithTheSameKeyGetsTheFirstAnswer) {
  const std::string body = R"({"lab_code":"IDEM-1","message":"首次上传"})";
  auto first = create(port(), "retry-1", body);
  auto second = create(port(), "retry-1", body);
  ASSERT_EQ(first.status, 201);
  EXPECT_EQ(second.status, 201);
  EXPECT_EQ(second.body, first.body);
  EXPECT_EQ(second.header("location"), first.header("location"));
  EXPECT_EQ(second.header("idempotent-replayed"), "true");
  EXPECT_EQ(checks_of(port(), "IDEM-1"), 1u);
}

TEST_F(IdempotencyTest, TheSameKeyWithAnotherBodyIs422) {
  ASSERT_EQ(create(port(), "k-2", R"({"lab_code":"IDEM-2"})").status, 201);
  auto other = create(port(), "k-2", R"({"lab_code":"IDEM-2","message":"changed"})");
  EXPECT_EQ(other.status, 422);
  EXPECT_EQ(boost::json::parse(other.body).at("details").at("reason").as_string(),
            "idempotency_key_reused");
  EXPECT_EQ(checks_of(port(), "IDEM-2"), 1u);
}

TEST_F(IdempotencyTest, TwentyConcurrentRetriesMakeOneRecordAndOneAnswer) {
  const std::string body = R"({"lab_code":"IDEM-3"})";
  std::mutex mu;
  std::set<std::string> bodies;
  std::atomic<int> in_flight_answers{0};
  std::vector<std::thread> clients;
  for (int i = 0; i < 20; ++i) {
    clients.emplace_back([&] {
      for (int attempt = 0; attempt < 200; ++attempt) {
        auto r = create(port(), "burst-3", body);
        if (r.status == 409) {  // the first is still being handled: retry, as a client would
          ++in_flight_answers;
          std::this_thread::sleep_for(std::chrono::milliseconds(5));
          continue;
        }
        ASSERT_EQ(r.status, 201) << r.body;
        std::lock_guard lock(mu);
        bodies.insert(r.body);
        return;
      }
    });
  }
  for (auto& c : clients) {
    c.join();
  }
  EXPECT_EQ(bodies.size(), 1u) << "every retry must see the same answer";
  EXPECT_EQ(checks_of(port(), "IDEM-3"), 1u);
}

TEST_F(IdempotencyTest, KeysAreOptionalAndValidated) {
  EXPECT_EQ(post_json("/api/v1/connectivity-checks", R"({"lab_code":"IDEM-4"})").status, 201);
  EXPECT_EQ(post_json("/api/v1/connectivity-checks", R"({"lab_code":"IDEM-4"})").status, 201);
  EXPECT_EQ(checks_of(port(), "IDEM-4"), 2u);
  EXPECT_EQ(create(port(), std::string(200, 'k'), R"({"lab_code":"IDEM-4"})").status, 422);
}

TEST_F(IdempotencyTest, ARefusedRequestIsAnsweredTheSameOnRetry) {
  auto first = create(port(), "bad-5", R"({"lab_code":"lower case"})");
  auto again = create(port(), "bad-5", R"({"lab_code":"lower case"})");
  EXPECT_EQ(first.status, 422);
  EXPECT_EQ(again.status, 422);
  EXPECT_EQ(again.header("idempotent-replayed"), "true");
}

}  // namespace
}  // namespace lw::testing
