// The connectivity check repository on both engines.
#include "storage/connectivity_checks.hpp"

#include <gtest/gtest.h>

#include "storage/labs.hpp"
#include "support/engine_test.hpp"

namespace lw::storage {
namespace {

using domain::ConnectivityCheck;

class ConnectivityChecksTest : public lw::testing::EngineTest {
 protected:
  ConnectivityChecksTest() : EngineTest({.connect = true}) {}

  // Inserts a check of `lab` received at `at` seconds past the epoch.
  ConnectivityCheck add(const std::string& lab, std::int64_t at, std::string message = "ok") {
    ConnectivityCheck c;
    c.lab_code = lab;
    c.received_at = from_micros(at * 1'000'000);
    c.message = std::move(message);
    auto st = insert_connectivity_check(*c_, c);
    EXPECT_TRUE(st) << st.error().note;
    return c;
  }

  std::vector<std::int64_t> recent_ids(const std::string& lab, int limit) {
    auto list = recent_connectivity_checks(*c_, domain::Scope::all(), lab, limit);
    EXPECT_TRUE(list) << list.error().note;
    std::vector<std::int64_t> ids;
    for (const auto& c : *list) {
      ids.push_back(c.id);
    }
    return ids;
  }
};

LW_ENGINE_SUITE(ConnectivityChecksTest);

TEST_P(ConnectivityChecksTest, InsertAssignsDistinctIds) {
  const auto a = add("LAB-1", 100);
  const auto b = add("LAB-1", 100);
  EXPECT_GT(a.id, 0);
  EXPECT_GT(b.id, 0);
  EXPECT_NE(a.id, b.id);
}

TEST_P(ConnectivityChecksTest, FindRoundTripsEveryField) {
  ConnectivityCheck c;
  c.lab_code = "LAB-0421";
  c.client_time = from_micros(1'790'000'000'123'456);
  c.received_at = from_micros(1'790'000'001'654'321);
  c.message = "联调自检：链路正常 ✓";
  ASSERT_TRUE(insert_connectivity_check(*c_, c));
  auto found = find_connectivity_check(*c_, domain::Scope::all(), c.id);
  ASSERT_TRUE(found) << found.error().note;
  ASSERT_TRUE(found->has_value());
  const ConnectivityCheck& f = **found;
  EXPECT_EQ(f.id, c.id);
  EXPECT_EQ(f.lab_code, c.lab_code);
  EXPECT_EQ(f.client_time, c.client_time);
  EXPECT_EQ(f.received_at, c.received_at);
  EXPECT_EQ(f.message, c.message);
}

TEST_P(ConnectivityChecksTest, MissingClientTimeStaysAbsent) {
  const auto c = add("LAB-1", 5, "");
  auto found = find_connectivity_check(*c_, domain::Scope::all(), c.id);
  ASSERT_TRUE(found);
  ASSERT_TRUE(found->has_value());
  EXPECT_FALSE((*found)->client_time.has_value());
  EXPECT_EQ((*found)->message, "");
}

TEST_P(ConnectivityChecksTest, FindUnknownIdIsEmpty) {
  auto found = find_connectivity_check(*c_, domain::Scope::all(), 12345);
  ASSERT_TRUE(found);
  EXPECT_FALSE(found->has_value());
}

TEST_P(ConnectivityChecksTest, RecentIsNewestFirstWithTiesByNewestId) {
  const auto old = add("LAB-1", 100);
  const auto newest = add("LAB-2", 300);
  const auto mid1 = add("LAB-1", 200);
  const auto mid2 = add("LAB-1", 200);  // same receive time, inserted later
  EXPECT_EQ(recent_ids("", 10), (std::vector<std::int64_t>{newest.id, mid2.id, mid1.id, old.id}));
}

TEST_P(ConnectivityChecksTest, RecentFiltersByLabAndHonoursTheLimit) {
  const auto a1 = add("LAB-A", 1);
  const auto b1 = add("LAB-B", 2);
  const auto a2 = add("LAB-A", 3);
  const auto a3 = add("LAB-A", 4);
  EXPECT_EQ(recent_ids("LAB-A", 10), (std::vector<std::int64_t>{a3.id, a2.id, a1.id}));
  EXPECT_EQ(recent_ids("LAB-B", 10), (std::vector<std::int64_t>{b1.id}));
  EXPECT_EQ(recent_ids("LAB-A", 2), (std::vector<std::int64_t>{a3.id, a2.id}));
  EXPECT_EQ(recent_ids("", 1), (std::vector<std::int64_t>{a3.id}));
  EXPECT_TRUE(recent_ids("LAB-C", 10).empty());
}

// Issue 3 item 2: the scope is applied inside the query — a lab reads its own checks (sandbox
// ones included), a regulator the real checks of labs in its region subtree, nobody else any.
TEST_P(ConnectivityChecksTest, Issue3_ScopeIsAppliedInsideTheQuery) {
  ASSERT_TRUE(*insert_lab(*c_, {"360402-0001", "浔阳实验室", "360402", false, from_micros(1)}));
  ASSERT_TRUE(*insert_lab(*c_, {"360403-0001", "濂溪实验室", "360403", false, from_micros(1)}));
  EXPECT_FALSE(*insert_lab(*c_, {"360403-0001", "again", "360403", false, from_micros(1)}));
  const auto a = add("360402-0001", 1);
  const auto b = add("360403-0001", 2);
  ConnectivityCheck sandboxed;
  sandboxed.lab_code = "360402-0001";
  sandboxed.received_at = from_micros(3'000'000);
  sandboxed.sandbox = true;
  ASSERT_TRUE(insert_connectivity_check(*c_, sandboxed));
  const auto unregistered = add("999999-0001", 4);

  auto ids = [&](const domain::Scope& scope, const std::string& lab = "") {
    auto list = recent_connectivity_checks(*c_, scope, lab, 10);
    EXPECT_TRUE(list) << list.error().note;
    std::vector<std::int64_t> out;
    for (const auto& c : *list) {
      out.push_back(c.id);
    }
    return out;
  };
  using V = std::vector<std::int64_t>;
  EXPECT_EQ(ids(domain::Scope::of_lab("360402-0001")), (V{sandboxed.id, a.id}));
  EXPECT_EQ(ids(domain::Scope::of_region("360402")), (V{a.id}));
  EXPECT_EQ(ids(domain::Scope::of_region("360400")), (V{b.id, a.id}));
  EXPECT_EQ(ids(domain::Scope::of_region("360000")), (V{b.id, a.id}));
  EXPECT_TRUE(ids(domain::Scope::of_region("220000")).empty());
  EXPECT_TRUE(ids(domain::Scope::none()).empty());
  // Asking for another lab's rows by name does not widen the scope.
  EXPECT_TRUE(ids(domain::Scope::of_lab("360402-0001"), "360403-0001").empty());
  EXPECT_TRUE(ids(domain::Scope::of_region("360402"), "360403-0001").empty());

  auto find = [&](const domain::Scope& scope, std::int64_t id) {
    auto f = find_connectivity_check(*c_, scope, id);
    EXPECT_TRUE(f) << f.error().note;
    return f->has_value();
  };
  EXPECT_TRUE(find(domain::Scope::of_lab("360403-0001"), b.id));
  EXPECT_FALSE(find(domain::Scope::of_lab("360402-0001"), b.id));
  EXPECT_FALSE(find(domain::Scope::of_region("360402"), b.id));
  EXPECT_FALSE(find(domain::Scope::of_region("360400"), sandboxed.id));
  EXPECT_TRUE(find(domain::Scope::of_lab("999999-0001"), unregistered.id));
  EXPECT_FALSE(find(domain::Scope::of_region("360000"), unregistered.id));
}

}  // namespace
}  // namespace lw::storage
