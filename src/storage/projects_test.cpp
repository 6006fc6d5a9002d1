// The project repository on both engines (issue 5 item 6, JJ-4.2): region scope, search and
// paging, assignments, change notices and violations as stored.
#include "storage/projects.hpp"

#include <gtest/gtest.h>

#include "support/engine_test.hpp"

namespace lw::storage {
namespace {

const Instant kT0 = from_micros(1'790'000'000'000'000);

domain::Project project(std::string code, std::string region, std::string name) {
  domain::Project p;
  p.code = std::move(code);
  p.name = std::move(name);
  p.address = "地址 address";
  p.region_code = std::move(region);
  p.site.centre = {29.68, 116.0};
  p.site.radius_m = 120;
  p.client_id = 1;
  p.contractor_id = 2;
  p.supervisor_id = 3;
  p.created_by = "station-lx";
  p.created_at = kT0;
  return p;
}

class ProjectsStoreTest : public lw::testing::EngineTest {
 protected:
  ProjectsStoreTest() : EngineTest({.connect = true}) {}

  std::int64_t add(const domain::Project& p) {
    auto id = insert_project(*c_, p);
    EXPECT_TRUE(id && *id) << (id ? "taken" : id.error().note);
    return id && *id ? **id : 0;
  }
};

LW_ENGINE_SUITE(ProjectsStoreTest);

TEST_P(ProjectsStoreTest, JJ_4_2_AProjectIsSeenWithinItsRegionOnly) {
  const auto id = add(project("P-1", "360402", "濂溪区 一号楼"));
  auto seen = [&](const domain::Scope& s) {
    auto found = find_project(*c_, s, id);
    EXPECT_TRUE(found) << found.error().note;
    return found && *found;
  };
  EXPECT_TRUE(seen(domain::Scope::of_region("360402")));
  EXPECT_TRUE(seen(domain::Scope::of_region("360400")));
  EXPECT_TRUE(seen(domain::Scope::all()));
  EXPECT_FALSE(seen(domain::Scope::of_region("360403")));
  EXPECT_FALSE(seen(domain::Scope::of_region("220000")));
  EXPECT_FALSE(seen(domain::Scope::of_lab("360402-0001")));

  auto found = find_project(*c_, domain::Scope::all(), id);
  ASSERT_TRUE(found && *found);
  EXPECT_EQ((*found)->site.centre, (domain::GeoPoint{29.68, 116.0}));
  EXPECT_EQ((*found)->site.radius_m, 120);
  EXPECT_EQ((*found)->supervisor_id, 3);
  EXPECT_EQ((*found)->created_at, kT0);
}

TEST_P(ProjectsStoreTest, JJ_4_2_ACodeIsRegisteredOnce) {
  add(project("P-1", "360402", "一号楼"));
  auto again = insert_project(*c_, project("P-1", "360403", "另一个"));
  ASSERT_TRUE(again) << again.error().note;
  EXPECT_FALSE(*again);
}

TEST_P(ProjectsStoreTest, ListsSearchAndPageWithinTheScope) {
  for (int i = 0; i < 5; ++i) {
    add(project("P-" + std::to_string(i), i < 3 ? "360402" : "360403",
                "滨湖花园 " + std::to_string(i)));
  }
  add(project("J-1", "220102", "长春 南关 一号"));
  auto list = [&](const domain::Scope& s, ProjectFilter f, Page page = {}) {
    auto r = list_projects(*c_, s, f, page);
    EXPECT_TRUE(r) << r.error().note;
    return r ? *r : Paged<domain::Project>{};
  };
  EXPECT_EQ(list(domain::Scope::all(), {}).total, 6);
  EXPECT_EQ(list(domain::Scope::of_region("360400"), {}).total, 5);
  EXPECT_EQ(list(domain::Scope::of_region("360400"), {.q = "花园", .region = "360403"}).total, 2);
  EXPECT_EQ(list(domain::Scope::of_region("360402"), {.q = "", .region = "360403"}).total, 0);
  const auto page = list(domain::Scope::of_region("360400"), {}, {.offset = 3, .limit = 3});
  EXPECT_EQ(page.total, 5);
  ASSERT_EQ(page.items.size(), 2u);
  EXPECT_EQ(page.items[0].code, "P-1");  // newest first
}

TEST_P(ProjectsStoreTest, JJ_4_3_AssignmentsEndAndNoticesAndViolationsAreKept) {
  const auto pid = add(project("P-1", "360402", "一号楼"));
  domain::Assignment a{0, pid, 41, domain::AssignmentDuty::witness, kT0, std::nullopt};
  auto first = insert_assignment(*c_, a, "station-lx", kT0, std::nullopt);
  ASSERT_TRUE(first);
  auto ended = end_assignment(*c_, *first, kT0 + std::chrono::hours(48));
  ASSERT_TRUE(ended);
  EXPECT_TRUE(*ended);
  auto again = end_assignment(*c_, *first, kT0 + std::chrono::hours(49));
  ASSERT_TRUE(again);
  EXPECT_FALSE(*again);

  domain::ChangeNotice n;
  n.project_id = pid;
  n.replaced_id = *first;
  n.person_out = 41;
  n.person_in = 42;
  n.effective_at = kT0 + std::chrono::hours(48);
  n.filed_at = kT0 + std::chrono::hours(24);
  n.filed_by = "station-lx";
  n.reason = "原见证人员调离";
  n.policy_profile = "jiujiang-2024-80";
  n.policy_version = "2024-04-01";
  n.due_at = kT0;
  n.late_working_days = 2;
  n.uncovered_years = {2027, 2028};
  auto nid = insert_change_notice(*c_, n);
  ASSERT_TRUE(nid) << nid.error().note;
  a.person_id = 42;
  a.starts_at = n.effective_at;
  ASSERT_TRUE(insert_assignment(*c_, a, "station-lx", n.filed_at, *nid));

  auto assignments = list_assignments(*c_, pid);
  ASSERT_TRUE(assignments);
  ASSERT_EQ(assignments->size(), 2u);
  EXPECT_EQ((*assignments)[0].ends_at, kT0 + std::chrono::hours(48));
  EXPECT_FALSE((*assignments)[1].ends_at);
  EXPECT_EQ((*assignments)[1].person_id, 42);

  auto notices = list_change_notices(*c_, pid);
  ASSERT_TRUE(notices);
  ASSERT_EQ(notices->size(), 1u);
  EXPECT_FALSE((*notices)[0].on_time);
  EXPECT_EQ((*notices)[0].late_working_days, 2);
  EXPECT_EQ((*notices)[0].uncovered_years, (std::vector<int>{2027, 2028}));
  EXPECT_EQ((*notices)[0].reason, "原见证人员调离");

  Violation v;
  v.kind = "late_change_notice";
  v.region_code = "360402";
  v.project_id = pid;
  v.subject = "change_notice " + std::to_string(*nid);
  v.occurred_at = n.filed_at;
  v.recorded_at = n.filed_at;
  v.policy_profile = n.policy_profile;
  v.policy_version = n.policy_version;
  v.details_json = R"({"late_working_days":2})";
  ASSERT_TRUE(insert_violation(*c_, v));
  auto vs = list_project_violations(*c_, pid);
  ASSERT_TRUE(vs);
  ASSERT_EQ(vs->size(), 1u);
  EXPECT_EQ((*vs)[0].subject, v.subject);
  EXPECT_EQ((*vs)[0].details_json, v.details_json);
}

TEST_P(ProjectsStoreTest, TalliesCountWhoIsAssignedNowAndTheLateNotices) {
  const auto p1 = add(project("P-1", "360402", "一号楼"));
  const auto p2 = add(project("P-2", "360402", "二号楼"));
  using domain::AssignmentDuty;
  const auto day = std::chrono::hours(24);
  for (auto [pid, person, duty, starts, ends] :
       {std::tuple{p1, 1, AssignmentDuty::witness, kT0 - day, std::optional<Instant>{}},
        std::tuple{p1, 2, AssignmentDuty::witness, kT0 - day, std::optional(kT0)},        // ended
        std::tuple{p1, 3, AssignmentDuty::witness, kT0 + day, std::optional<Instant>{}},  // later
        std::tuple{p1, 4, AssignmentDuty::sampler, kT0 - day, std::optional(kT0 + day)},
        std::tuple{p2, 5, AssignmentDuty::sampler, kT0 - day, std::optional<Instant>{}}}) {
    domain::Assignment a{0, pid, person, duty, starts, ends};
    ASSERT_TRUE(insert_assignment(*c_, a, "station-lx", kT0, std::nullopt));
  }
  auto first = find_assignment(*c_, p1, 1);
  ASSERT_TRUE(first && *first);
  EXPECT_EQ((*first)->person_id, 1);
  auto elsewhere = find_assignment(*c_, p2, 1);  // the id is p1's
  ASSERT_TRUE(elsewhere);
  EXPECT_FALSE(*elsewhere);
  domain::ChangeNotice n;
  n.project_id = p1;
  n.filed_by = "station-lx";
  n.policy_profile = "jiujiang-2024-80";
  n.policy_version = "2024-10-18";
  for (bool on_time : {false, true, false}) {
    n.on_time = on_time;
    ASSERT_TRUE(insert_change_notice(*c_, n));
  }
  auto t = project_tallies(*c_, {p1, p2}, kT0);
  ASSERT_TRUE(t) << t.error().note;
  EXPECT_EQ((*t)[p1].active_witnesses, 1);
  EXPECT_EQ((*t)[p1].active_samplers, 1);
  EXPECT_EQ((*t)[p1].late_notices, 2);
  EXPECT_EQ((*t)[p2].active_witnesses, 0);
  EXPECT_EQ((*t)[p2].active_samplers, 1);
  EXPECT_EQ((*t)[p2].late_notices, 0);
  auto none = project_tallies(*c_, {}, kT0);
  ASSERT_TRUE(none);
  EXPECT_TRUE(none->empty());
  // Names of parties and people: unknown ids are absent, not an error.
  auto parties = party_names(*c_, {1, 999});
  ASSERT_TRUE(parties) << parties.error().note;
  EXPECT_FALSE(parties->contains(999));
  auto names = person_names(*c_, {1, 2});
  ASSERT_TRUE(names) << names.error().note;
  EXPECT_TRUE(names->empty());
}

}  // namespace
}  // namespace lw::storage
