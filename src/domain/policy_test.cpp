#include "domain/policy.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include "domain/test_calendar.hpp"

namespace lw::domain {
namespace {

using namespace std::chrono;
using test_data::at;

PolicyVersion version_from(Date effective_from, const char* label_en) {
  PolicyVersion v;
  v.effective_from = effective_from;
  v.label = {"版本", label_en};
  v.contract_upload = Period::working_days(5);
  v.plan_upload = Period::working_days(3);
  v.onsite_upload = Period::hours(2);
  v.force_majeure_report = Period::hours(2);
  v.force_majeure_upload = Period::hours(2);
  v.photo_capture_tolerance_minutes = 10;
  v.witness_change = {WitnessChangeRule::Timing::after, 3};
  v.video_retention_months = 6;
  v.sanctions = {1, 2, 2, 3, true, 12};
  v.credit = {1, 1, true};
  return v;
}

// A profile shaped like Jilin's: a trial version from the notice's date, the formal one from
// 1 July 2026 (JL-5).
PolicyProfile two_versions() {
  PolicyProfile p;
  p.id = "jilin-2026-2";
  p.name = {"吉林省", "Jilin"};
  p.document = "吉建质〔2026〕2号";
  p.regions = {"220000"};
  auto trial = version_from(2026y / February / 10, "trial period");
  trial.trial = {2026y / June / 30, true};
  auto formal = version_from(2026y / July / 1, "formal");
  formal.late_onsite_upload_locks_batch = true;
  p.versions = {trial, formal};
  return p;
}

TEST(Policy, JL_5_AnEventFallsUnderTheVersionInForceAtItsShanghaiDate) {
  const auto p = two_versions();
  ASSERT_TRUE(validate_profile(p));
  struct Case {
    const char* when;
    const char* label;
  } cases[] = {
      {"2026-02-10T00:00:00+08:00", "trial period"},
      {"2026-06-30T23:59:59.999999+08:00", "trial period"},
      {"2026-06-30T15:59:59Z", "trial period"},
      {"2026-07-01T00:00:00+08:00", "formal"},
      {"2026-06-30T16:00:00Z", "formal"},  // 00:00 on 1 July in Shanghai
      {"2031-01-01T00:00:00+08:00", "formal"},
  };
  for (const auto& c : cases) {
    const auto v = p.version_at(at(c.when));
    ASSERT_TRUE(v.ok()) << c.when;
    EXPECT_EQ((*v)->label.en, c.label) << c.when;
  }
}

TEST(Policy, NothingIsInForceBeforeTheFirstVersion) {
  const auto v = two_versions().version_at(at("2026-02-09T23:59:59+08:00"));
  ASSERT_FALSE(v.ok());
  EXPECT_EQ(v.error().code, errc::not_found);
  EXPECT_EQ(v.error().details.at("first_effective_from").as_string(), "2026-02-10");
}

TEST(Policy, JL_5_TheTrialExemptsOnlyWithinItsDates) {
  const auto p = two_versions();
  EXPECT_TRUE(trial_exempts(p.versions[0], at("2026-06-30T23:00:00+08:00")));
  EXPECT_FALSE(trial_exempts(p.versions[1], at("2026-07-01T08:00:00+08:00")));
}

TEST(Policy, AnInconsistentProfileIsRefusedNamingTheKey) {
  auto expect_refused = [](const PolicyProfile& p, const char* key) {
    const auto st = validate_profile(p);
    ASSERT_FALSE(st) << key;
    EXPECT_TRUE(st.error().details.at("fields").as_object().contains(key)) << st.error().note;
  };
  auto p = two_versions();
  p.versions[1].effective_from = 2026y / February / 10;
  expect_refused(p, "versions[1].effective_from");

  p = two_versions();
  p.versions[0].trial.until = 2026y / July / 1;  // would outlive its version
  expect_refused(p, "versions[0].trial.until");

  p = two_versions();
  p.versions[1].onsite_upload = Period::hours(0);
  expect_refused(p, "versions[1].uploads.onsite_within.hours");

  p = two_versions();
  p.versions[0].contract_upload = Period::working_days(400);
  expect_refused(p, "versions[0].uploads.contract_within.working_days");

  p = two_versions();
  p.versions[0].sanctions.penalty_at_violations = 1;  // below the rectification step
  expect_refused(p, "versions[0].sanctions.penalty_at_violations");

  p = two_versions();
  p.versions[1].photo_capture_tolerance_minutes = 121;
  expect_refused(p, "versions[1].photos.capture_tolerance_minutes");

  p = two_versions();
  p.versions[0].photo_capture_tolerance_minutes = -1;
  expect_refused(p, "versions[0].photos.capture_tolerance_minutes");

  p = two_versions();
  p.versions[0].defaults = {"uploads.onsite_upload"};
  expect_refused(p, "versions[0].defaults");

  p = two_versions();
  p.regions = {"22000"};
  expect_refused(p, "regions");

  p = two_versions();
  p.versions.clear();
  expect_refused(p, "versions");

  p = two_versions();
  p.id = "Jilin 2026";
  expect_refused(p, "id");
}

// JL-1.3: no slack at all and two hours of it are both values a profile may set.
TEST(Policy, JL_1_3_ThePhotoCaptureToleranceIsZeroTo120Minutes) {
  for (int minutes : {0, 10, 120}) {
    auto p = two_versions();
    p.versions[0].photo_capture_tolerance_minutes = minutes;
    EXPECT_TRUE(validate_profile(p)) << minutes;
  }
  auto p = two_versions();
  p.versions[0].defaults = {"photos.capture_tolerance_minutes"};
  EXPECT_TRUE(validate_profile(p));
}

TEST(Policy, ARegionFallsUnderTheProfileOfItsNearestBoundAncestor) {
  auto jiangxi = two_versions();
  jiangxi.id = "jiangxi-default";
  jiangxi.regions = {"360000"};
  auto jiujiang = two_versions();
  jiujiang.id = "jiujiang";
  jiujiang.regions = {"360400"};
  auto jilin = two_versions();
  auto book = PolicyBook::make(WorkCalendar{}, {jiangxi, jiujiang, jilin});
  ASSERT_TRUE(book.ok()) << book.error().note;
  EXPECT_EQ(book->profile_for_region("360402")->id, "jiujiang");
  EXPECT_EQ(book->profile_for_region("360400")->id, "jiujiang");
  EXPECT_EQ(book->profile_for_region("360102")->id, "jiangxi-default");
  EXPECT_EQ(book->profile_for_region("220102")->id, "jilin-2026-2");
  EXPECT_EQ(book->profile_for_region("110105"), nullptr);
  EXPECT_EQ(book->find("jiujiang")->regions, std::vector<std::string>{"360400"});
  EXPECT_EQ(book->find("nowhere"), nullptr);
}

TEST(Policy, ARegionBoundTwiceOrAnIdUsedTwiceIsRefused) {
  auto a = two_versions();
  auto b = two_versions();
  b.id = "other";
  const auto bound_twice = PolicyBook::make(WorkCalendar{}, {a, b});
  ASSERT_FALSE(bound_twice.ok());
  EXPECT_THAT(bound_twice.error().note, ::testing::HasSubstr("220000"));
  b.regions = {"360400"};
  b.id = a.id;
  EXPECT_FALSE(PolicyBook::make(WorkCalendar{}, {a, b}).ok());
}

}  // namespace
}  // namespace lw::domain
