// Idempotency-Key: retries of a create give the first answer and create nothing new, on both
// engines and across concurrent retries (issue: identity & access, item 4).
#include <boost/json.hpp>

#include <mutex>
#include <set>
#include <thread>

#include "integration/server_fixture.hpp"

namespace lw::testing {
namespace {

// Each test sends as its own lab system, whose lab code its bodies name.
class IdempotencyTest : public ServerTest {
 protected:
  const LabKey& key_of(const std::string& lab) {
    std::lock_guard lock(keys_mu_);
    auto& k = keys_[lab];
    if (k.key_id.empty()) {
      k = issue_lab_key(lab, db_.url(), db_.dir() / "data");
    }
    return k;
  }

  HttpResponse create(const std::string& lab, const std::string& key, const std::string& body) {
    auto headers = signed_headers(key_of(lab), "POST", kChecks, body);
    headers["Content-Type"] = "application/json";
    if (!key.empty()) {
      headers["Idempotency-Key"] = key;
    }
    return request(port(), "POST", kChecks, body, headers);
  }

  std::size_t checks_of(const std::string& lab) {
    const std::string target = std::string(kChecks) + "?limit=200";
    auto r = request(port(), "GET", target, {}, signed_headers(key_of(lab), "GET", target, {}));
    return boost::json::parse(r.body).at("items").as_array().size();
  }

  static constexpr const char* kChecks = "/api/v1/connectivity-checks";
  std::mutex keys_mu_;
  std::map<std::string, LabKey> keys_;
};

TEST_F(IdempotencyTest, ARetryWithTheSameKeyGetsTheFirstAnswer) {
  const std::string body = R"({"lab_code":"IDEM-1","message":"首次上传"})";
  auto first = create("IDEM-1", "retry-1", body);
  auto second = create("IDEM-1", "retry-1", body);
  ASSERT_EQ(first.status, 201);
  EXPECT_EQ(second.status, 201);
  EXPECT_EQ(second.body, first.body);
  EXPECT_EQ(second.header("location"), first.header("location"));
  EXPECT_EQ(second.header("idempotent-replayed"), "true");
  EXPECT_EQ(checks_of("IDEM-1"), 1u);
}

TEST_F(IdempotencyTest, TheSameKeyWithAnotherBodyIs422) {
  ASSERT_EQ(create("IDEM-2", "k-2", R"({"lab_code":"IDEM-2"})").status, 201);
  auto other = create("IDEM-2", "k-2", R"({"lab_code":"IDEM-2","message":"changed"})");
  EXPECT_EQ(other.status, 422);
  EXPECT_EQ(boost::json::parse(other.body).at("details").at("reason").as_string(),
            "idempotency_key_reused");
  EXPECT_EQ(checks_of("IDEM-2"), 1u);
}

TEST_F(IdempotencyTest, TwentyConcurrentRetriesMakeOneRecordAndOneAnswer) {
  const std::string body = R"({"lab_code":"IDEM-3"})";
  key_of("IDEM-3");
  std::mutex mu;
  std::set<std::string> bodies;
  std::atomic<int> in_flight_answers{0};
  std::vector<std::thread> clients;
  for (int i = 0; i < 20; ++i) {
    clients.emplace_back([&] {
      for (int attempt = 0; attempt < 200; ++attempt) {
        auto r = create("IDEM-3", "burst-3", body);
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
  EXPECT_EQ(checks_of("IDEM-3"), 1u);
}

TEST_F(IdempotencyTest, KeysAreOptionalAndValidated) {
  EXPECT_EQ(create("IDEM-4", "", R"({"lab_code":"IDEM-4"})").status, 201);
  EXPECT_EQ(create("IDEM-4", "", R"({"lab_code":"IDEM-4"})").status, 201);
  EXPECT_EQ(checks_of("IDEM-4"), 2u);
  EXPECT_EQ(create("IDEM-4", std::string(200, 'k'), R"({"lab_code":"IDEM-4"})").status, 422);
}

TEST_F(IdempotencyTest, ARefusedRequestIsAnsweredTheSameOnRetry) {
  auto first = create("IDEM-5", "bad-5", R"({"client_time":"yesterday"})");
  auto again = create("IDEM-5", "bad-5", R"({"client_time":"yesterday"})");
  EXPECT_EQ(first.status, 422);
  EXPECT_EQ(again.status, 422);
  EXPECT_EQ(again.header("idempotent-replayed"), "true");
}

}  // namespace
}  // namespace lw::testing
