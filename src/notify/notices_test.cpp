// Notices on both engines (JJ-3.6): enqueue fans a notice out to its recipients' inboxes and to
// one delivery per active endpoint of each (none for a sandbox lab's notice); who reads which
// inbox; reads per user; the ping reaches its endpoint only; an attempt is claimed once.
#include "notify/notices.hpp"

#include <gtest/gtest.h>

#include "notify/store.hpp"
#include "support/engine_test.hpp"

namespace lw::notify {
namespace {

constexpr std::int64_t kT0Micros = 1'790'000'000'000'000;

// The value of `r`, or `fallback` (and a failed test) when it is an error.
template <class T, class U>
T value_or(Result<T> r, U fallback) {
  EXPECT_TRUE(r) << r.error().note;
  return r ? std::move(*r) : T(fallback);
}

class NoticesTest : public lw::testing::EngineTest {
 protected:
  const Instant kT0 = from_micros(kT0Micros);
  NoticesTest() : EngineTest({.connect = true}) {}

  std::int64_t endpoint(const std::string& kind, const std::string& owner,
                        const std::string& region, bool active = true) {
    Endpoint e;
    e.owner_kind = kind;
    e.owner_id = owner;
    e.region_code = region;
    e.url = "https://hooks.example.cn/" + owner;
    e.secret_sealed = "sealed";
    e.created_by = "jj-station";
    e.created_at = kT0;
    auto id = insert_endpoint(*c_, e);
    EXPECT_TRUE(id) << id.error().note;
    if (id && !active) {
      EXPECT_TRUE(deactivate_endpoint(*c_, *id, "jj-station", kT0));
    }
    return id ? *id : 0;
  }

  Notice notice(std::vector<Recipient> to, bool sandbox = false) {
    Notice n;
    n.kind = "nonconforming";
    n.subject = "nonconforming 1";
    n.title_zh = "不合格：混凝土抗压强度";
    n.title_en = "Non-conforming: concrete compressive strength";
    n.body = {{"lab_code", "360402-0001"}, {"grade", "C30"}};
    n.lab_code = "360402-0001";
    n.sandbox = sandbox;
    n.recipients = std::move(to);
    return n;
  }

  std::int64_t deliveries_of(std::int64_t notice_id) {
    auto rows = c_->query("SELECT COUNT(*) FROM webhook_deliveries WHERE notice_id = $1",
                          storage::params({notice_id}));
    EXPECT_TRUE(rows);
    return rows ? rows->front().int64(0) : -1;
  }

  // A user linked to a registry person employed by organisation `org`.
  void link(std::int64_t user_id, std::int64_t person_id, std::int64_t org) {
    ASSERT_TRUE(c_->exec(
        "INSERT INTO people (id, row_key, name, id_number_sealed, id_number_index, phone_sealed,"
        " phone_index, organisation_id, region_code, duties, created_by, created_at, updated_at)"
        " VALUES ($1, $2, '见证员', $3, $2, $3, $2, $4, '360402', ',witness,', 't', 0, 0)",
        storage::params({person_id, "k" + std::to_string(person_id), storage::Bytes{"x"}, org})));
    ASSERT_TRUE(c_->exec(
        "INSERT INTO account_people (user_id, person_id, linked_by, linked_at) VALUES ($1, $2,"
        " 't', 0)",
        storage::params({user_id, person_id})));
  }

  std::vector<std::int64_t> inbox_ids(const Reader& r, bool unread_only = false) {
    auto page = list_inbox(*c_, r, {unread_only}, {0, 50});
    EXPECT_TRUE(page) << page.error().note;
    std::vector<std::int64_t> ids;
    for (const auto& n : page ? page->items : std::vector<StoredNotice>{}) {
      ids.push_back(n.id);
    }
    return ids;
  }
};

LW_ENGINE_SUITE(NoticesTest);

using Kind = Recipient::Kind;

TEST_P(NoticesTest, JJ_3_6_EnqueueFansOutToEveryActiveEndpointOfEachRecipient) {
  const auto station = endpoint("region", "360402", "360402");
  const auto station_old = endpoint("region", "360402", "360402", false);
  const auto client = endpoint("organisation", "5", "360402");
  const auto other_region = endpoint("region", "220102", "220102");
  const auto other_org = endpoint("organisation", "6", "360402");
  auto id = enqueue(*c_, notice({{Kind::organisation, "5"}, {Kind::region, "360402"}}), kT0);
  ASSERT_TRUE(id) << id.error().note;
  auto rows = c_->query(
      "SELECT endpoint_id, status, attempts, next_attempt_at FROM webhook_deliveries"
      " WHERE notice_id = $1 ORDER BY endpoint_id",
      storage::params({*id}));
  ASSERT_TRUE(rows);
  ASSERT_EQ(rows->size(), 2u);
  EXPECT_EQ((*rows)[0].int64(0), station);
  EXPECT_EQ((*rows)[1].int64(0), client);
  for (const auto& r : *rows) {
    EXPECT_EQ(r.text(1), "pending");
    EXPECT_EQ(r.int64(2), 0);
    EXPECT_EQ(r.int64(3), to_micros(kT0));  // due at once
  }
  (void)station_old;
  (void)other_region;
  (void)other_org;
  // Each delivery has its own key, the X-Labwatch-Delivery of all its attempts.
  auto keys = c_->query("SELECT DISTINCT delivery_key FROM webhook_deliveries");
  ASSERT_TRUE(keys);
  EXPECT_EQ(keys->size(), 2u);
  EXPECT_EQ(keys->front().text(0).size(), 32u);
}

TEST_P(NoticesTest, JJ_3_6_ASandboxNoticeReachesTheInboxButNoWebhook) {
  endpoint("region", "360402", "360402");
  auto id = enqueue(*c_, notice({{Kind::region, "360402"}}, true), kT0);
  ASSERT_TRUE(id);
  EXPECT_EQ(deliveries_of(*id), 0);
  const Reader station{1, domain::Scope::of_region("360402"), std::nullopt};
  EXPECT_EQ(inbox_ids(station), std::vector<std::int64_t>{*id});
  auto found = find_in_inbox(*c_, station, *id);
  ASSERT_TRUE(found && *found);
  EXPECT_TRUE((*found)->sandbox);
  EXPECT_EQ((*found)->body, R"({"lab_code":"360402-0001","grade":"C30"})");
}

TEST_P(NoticesTest, JJ_3_6_BadNoticesAreRefused) {
  EXPECT_EQ(enqueue(*c_, notice({{Kind::region, "3604"}}), kT0).error().code,
            errc::invalid_argument);
  EXPECT_EQ(enqueue(*c_, notice({{Kind::organisation, "x1"}}), kT0).error().code,
            errc::invalid_argument);
  auto untitled = notice({});
  untitled.title_en.clear();
  EXPECT_FALSE(enqueue(*c_, untitled, kT0));
}

TEST_P(NoticesTest, JJ_3_6_ARegionNoticeIsReadInItsSubtreeAndEachUserReadsItAlone) {
  auto jj = enqueue(*c_, notice({{Kind::region, "360402"}}), kT0);
  auto jl = enqueue(*c_, notice({{Kind::region, "220102"}}), kT0);
  auto org = enqueue(*c_, notice({{Kind::organisation, "5"}}), kT0);
  ASSERT_TRUE(jj && jl && org);
  const Reader county{1, domain::Scope::of_region("360402"), std::nullopt};
  const Reader city{2, domain::Scope::of_region("360400"), std::nullopt};
  const Reader neighbour{3, domain::Scope::of_region("360403"), std::nullopt};
  const Reader jilin{4, domain::Scope::of_region("220000"), std::nullopt};
  const Reader nobody{5, domain::Scope::none(), std::nullopt};
  EXPECT_EQ(inbox_ids(county), std::vector<std::int64_t>{*jj});
  EXPECT_EQ(inbox_ids(city), std::vector<std::int64_t>{*jj});
  EXPECT_TRUE(inbox_ids(neighbour).empty());
  EXPECT_EQ(inbox_ids(jilin), std::vector<std::int64_t>{*jl});
  EXPECT_TRUE(inbox_ids(nobody).empty());
  // The county's station reads it; the city's regulator still has it unread.
  auto marked = mark_read(*c_, county, *jj, kT0 + std::chrono::minutes(1));
  ASSERT_TRUE(marked);
  EXPECT_TRUE(*marked);
  EXPECT_EQ(value_or(count_unread(*c_, county), -1), 0);
  EXPECT_EQ(value_or(count_unread(*c_, city), -1), 1);
  EXPECT_TRUE(inbox_ids(county, true).empty());
  auto again = find_in_inbox(*c_, county, *jj);
  ASSERT_TRUE(again && *again && (*again)->read_at);
  EXPECT_EQ(*(*again)->read_at, kT0 + std::chrono::minutes(1));
  // Reading twice keeps the first time; another region's notice cannot be marked.
  EXPECT_TRUE(value_or(mark_read(*c_, county, *jj, kT0 + std::chrono::hours(1)), false));
  EXPECT_EQ(*(*find_in_inbox(*c_, county, *jj))->read_at, kT0 + std::chrono::minutes(1));
  EXPECT_FALSE(value_or(mark_read(*c_, county, *jl, kT0), true));
  EXPECT_EQ(value_or(mark_all_read(*c_, city, kT0), -1), 1);
  EXPECT_EQ(value_or(count_unread(*c_, city), -1), 0);
  EXPECT_EQ(value_or(mark_all_read(*c_, city, kT0), -1), 0);
}

TEST_P(NoticesTest, JJ_3_6_AnOrganisationsNoticeIsReadByTheAccountsOfItsPeople) {
  auto org = enqueue(*c_, notice({{Kind::organisation, "5"}}), kT0);
  auto other = enqueue(*c_, notice({{Kind::organisation, "6"}}), kT0);
  ASSERT_TRUE(org && other);
  link(41, 901, 5);
  auto witness = reader_of(*c_, 41, domain::Scope::none());
  ASSERT_TRUE(witness) << witness.error().note;
  EXPECT_EQ(witness->organisation_id, std::optional<std::int64_t>(5));
  EXPECT_EQ(inbox_ids(*witness), std::vector<std::int64_t>{*org});
  auto unlinked = reader_of(*c_, 42, domain::Scope::none());
  ASSERT_TRUE(unlinked);
  EXPECT_FALSE(unlinked->organisation_id);
  EXPECT_TRUE(inbox_ids(*unlinked).empty());
}

TEST_P(NoticesTest, JJ_3_6_APingGoesToItsEndpointOnlyAndToNoInbox) {
  const auto mine = endpoint("region", "360402", "360402");
  endpoint("region", "360402", "360402");
  auto delivery = enqueue_ping(*c_, mine, "jj-station", kT0);
  ASSERT_TRUE(delivery) << delivery.error().note;
  auto d = find_delivery(*c_, *delivery);
  ASSERT_TRUE(d && *d);
  EXPECT_EQ((*d)->endpoint_id, mine);
  EXPECT_EQ((*d)->event, "ping");
  EXPECT_EQ(deliveries_of((*d)->notice_id), 1);
  EXPECT_TRUE(inbox_ids({1, domain::Scope::of_region("360402"), std::nullopt}).empty());
}

TEST_P(NoticesTest, JJ_3_6_AnAttemptIsClaimedOnceAndRecordedByItsClaimant) {
  const auto e = endpoint("region", "360402", "360402");
  auto id = enqueue(*c_, notice({{Kind::region, "360402"}}), kT0);
  ASSERT_TRUE(id);
  auto due = due_deliveries(*c_, kT0, 10);
  ASSERT_TRUE(due);
  ASSERT_EQ(due->size(), 1u);
  const Due d = due->front();
  EXPECT_EQ(d.endpoint_id, e);
  EXPECT_EQ(d.kind, "nonconforming");
  // Two instances read the same row; only the first claim wins.
  const Instant lease = kT0 + std::chrono::seconds(60);
  EXPECT_TRUE(value_or(claim_delivery(*c_, d.delivery_id, d.next_attempt_at, lease), false));
  EXPECT_FALSE(
      value_or(claim_delivery(*c_, d.delivery_id, d.next_attempt_at, lease + Micros(1)), true));
  EXPECT_TRUE(due_deliveries(*c_, kT0 + std::chrono::seconds(1), 10)->empty());
  EXPECT_EQ(value_or(next_due(*c_), std::nullopt), std::optional<Instant>(lease));
  // A claimant whose lease was taken over records its attempt but does not move the delivery.
  AttemptOutcome o{d.delivery_id, 1,  kT0,       500,
                   "HTTP 500",    12, "pending", kT0 + std::chrono::seconds(30)};
  EXPECT_FALSE(value_or(record_attempt(*c_, o, lease + Micros(5)), true));
  EXPECT_TRUE(value_or(record_attempt(*c_, o, lease), false));
  auto after = find_delivery(*c_, d.delivery_id);
  ASSERT_TRUE(after && *after);
  EXPECT_EQ((*after)->status, "pending");
  EXPECT_EQ((*after)->attempts, 1);
  EXPECT_EQ((*after)->last_status_code, std::optional<std::int64_t>(500));
  EXPECT_EQ((*after)->next_attempt_at, std::optional<Instant>(kT0 + std::chrono::seconds(30)));
  EXPECT_EQ((*after)->log.size(), 2u);
  // Deactivating the endpoint fails what is pending and takes it out of the worker's sight.
  EXPECT_TRUE(value_or(deactivate_endpoint(*c_, e, "jj-station", kT0), false));
  EXPECT_EQ((*find_delivery(*c_, d.delivery_id))->status, "failed");
  EXPECT_FALSE(value_or(next_due(*c_), kT0).has_value());
}

}  // namespace
}  // namespace lw::notify
