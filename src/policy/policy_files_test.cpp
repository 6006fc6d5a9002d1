#include "policy/policy_files.hpp"

#include <unistd.h>

#include <fstream>
#include <sstream>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "domain/deadline.hpp"
#include "domain/sanctions.hpp"
#include "domain/witness_change.hpp"

namespace lw::policy {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono;
using domain::PolicyVersion;

fs::path policies_dir() {
  return fs::path(LABWATCH_SOURCE_DIR) / "policies";
}

Instant at(const char* rfc3339) {
  return *parse_rfc3339(rfc3339);
}

std::string shipped_text(const char* name) {
  std::ifstream in(policies_dir() / name);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

const domain::PolicyBook& shipped() {
  static const auto book = load_policy_dir(policies_dir());
  EXPECT_TRUE(book.ok()) << (book.ok() ? "" : book.error().note);
  return *book;
}

const PolicyVersion& in_force(std::string_view region, const char* when) {
  const auto* profile = shipped().profile_for_region(region);
  EXPECT_NE(profile, nullptr) << region;
  const auto v = profile->version_at(at(when));
  EXPECT_TRUE(v.ok()) << region << " " << when;
  return **v;
}

// Jiujiang city (Xunyang district 360403) and Jilin province (Changchun Chaoyang 220104).
constexpr std::string_view kJiujiang = "360403";
constexpr std::string_view kJilin = "220104";

TEST(PolicyFiles, TheShippedDirectoryLoadsCleanly) {
  const auto& book = shipped();
  ASSERT_NE(book.find("jiujiang-2024-80"), nullptr);
  ASSERT_NE(book.find("jilin-2026-2"), nullptr);
  EXPECT_EQ(book.profile_for_region(kJiujiang)->id, "jiujiang-2024-80");
  EXPECT_EQ(book.profile_for_region(kJilin)->id, "jilin-2026-2");
  EXPECT_EQ(book.profile_for_region("360502"), nullptr);  // Xinyu: no profile bound
  for (int y : {2024, 2025, 2026}) {
    EXPECT_TRUE(book.calendar().covers(y)) << y;
  }
  EXPECT_EQ(book.find("jilin-2026-2")->versions.size(), 2u);
}

TEST(PolicyFiles, JJ_TheJiujiangProfileCarriesTheNoticesValues) {
  const auto& v = in_force(kJiujiang, "2025-06-01T10:00:00+08:00");
  EXPECT_EQ(domain::format_date(*v.qr_label_required_from), "2024-12-16");  // JJ-4.1
  EXPECT_EQ(domain::format_date(*v.reports_invalid_from), "2025-01-01");    // JJ-4.1
  EXPECT_EQ(domain::format_date(*v.cameras_installed_by), "2024-11-30");    // JJ-4.1
  EXPECT_EQ(v.contract_upload.amount, 5);                                   // JJ-3.3
  EXPECT_EQ(v.contract_upload.unit, domain::PeriodUnit::working_days);
  EXPECT_EQ(v.plan_upload.amount, 3);                                                 // JJ-3.3
  EXPECT_EQ(v.witness_change.timing, domain::WitnessChangeRule::Timing::in_advance);  // JJ-4.3
  EXPECT_EQ(v.witness_change.working_days, 3);
  EXPECT_EQ(v.video_retention_months, 6);     // JJ-2.3
  EXPECT_EQ(v.camera_categories.size(), 8u);  // JJ-2.2 items 1-8
  EXPECT_FALSE(v.trial.until);
  // What the notice leaves open is marked as a platform default.
  EXPECT_THAT(v.defaults, testing::Contains("uploads.onsite_within"));
  EXPECT_THAT(v.defaults, testing::Not(testing::Contains("uploads.contract_within")));
}

TEST(PolicyFiles, JL_TheJilinProfileCarriesTheNoticesValues) {
  const auto& v = in_force(kJilin, "2026-08-01T10:00:00+08:00");
  EXPECT_EQ(v.onsite_upload.amount, 2);  // JL-1.3
  EXPECT_EQ(v.onsite_upload.unit, domain::PeriodUnit::hours);
  EXPECT_EQ(v.force_majeure_report.amount, 2);
  EXPECT_EQ(v.force_majeure_upload.amount, 2);
  EXPECT_TRUE(v.late_onsite_upload_locks_batch);
  EXPECT_EQ(v.witness_change.timing, domain::WitnessChangeRule::Timing::after);  // JL-2.2
  EXPECT_EQ(v.witness_change.working_days, 3);
  EXPECT_EQ(v.sanctions.warning_at_violations, 1);  // JL-3.1
  EXPECT_EQ(v.sanctions.rectification_at_violations, 2);
  EXPECT_EQ(v.sanctions.rectification_at_late_reuploads, 2);
  EXPECT_TRUE(v.credit.serious_violation_downgrade);  // JL-4.2
  EXPECT_FALSE(v.qr_label_required_from);
  EXPECT_THAT(v.defaults, testing::Contains("dates.qr_label_required_from"));
}

// JL-1.3 "matches the data": neither notice sets the photo window's slack, so both profiles
// carry the platform's 10 minutes in every version, marked as a default.
TEST(PolicyFiles, JL_1_3_EveryVersionCarriesThePhotoCaptureToleranceAsADefault) {
  for (const auto& profile : shipped().profiles()) {
    for (const auto& v : profile.versions) {
      const auto at = profile.id + " " + domain::format_date(v.effective_from);
      EXPECT_EQ(v.photo_capture_tolerance_minutes, 10) << at;
      EXPECT_THAT(v.defaults, testing::Contains("photos.capture_tolerance_minutes")) << at;
    }
  }
}

// JJ-4.3 vs JL-2.2: one replacement notice, filed Tue 10 Mar 2026 for a change on Thu 12 Mar.
TEST(PolicyFiles, JJ_4_3_JL_2_2_TheSameWitnessChangeIsJudgedByEachProfile) {
  const auto& cal = shipped().calendar();
  const char* filed = "2026-03-10T09:00:00+08:00";
  const Instant effective = at("2026-03-12T08:00:00+08:00");

  const auto jj =
      domain::judge_witness_change(in_force(kJiujiang, filed), cal, at(filed), effective);
  EXPECT_FALSE(jj.on_time);  // 3 working days in advance: by the end of Mon 9 Mar
  EXPECT_EQ(jj.late_by_working_days, 1);
  EXPECT_EQ(format_shanghai(jj.due), "2026-03-09T23:59:59.999999+08:00");

  const auto jl = domain::judge_witness_change(in_force(kJilin, filed), cal, at(filed), effective);
  EXPECT_TRUE(jl.on_time);  // within 3 working days after: by the end of Tue 17 Mar
  EXPECT_EQ(format_shanghai(jl.due), "2026-03-17T23:59:59.999999+08:00");

  // A change on Mon 9 Mar reported on Fri 13 Mar: a week late in Jiujiang, a day in Jilin.
  const char* late = "2026-03-13T10:00:00+08:00";
  const Instant monday = at("2026-03-09T08:00:00+08:00");
  EXPECT_EQ(domain::judge_witness_change(in_force(kJiujiang, late), cal, at(late), monday)
                .late_by_working_days,
            7);
  EXPECT_EQ(domain::judge_witness_change(in_force(kJilin, late), cal, at(late), monday)
                .late_by_working_days,
            1);
}

// JJ-4.1: a sample without a QR label is refused in Jiujiang from 16 Dec 2024; Jilin's notice
// sets no such date.
TEST(PolicyFiles, JJ_4_1_TheQrDateBindsOnlyWhereTheProfileSetsIt) {
  auto qr_required = [](const PolicyVersion& v, Instant t) {
    return v.qr_label_required_from && domain::shanghai_date(t) >= *v.qr_label_required_from;
  };
  const char* before = "2024-12-15T23:59:00+08:00";
  const char* from = "2024-12-16T00:00:00+08:00";
  const char* spring = "2026-03-02T10:00:00+08:00";
  EXPECT_FALSE(qr_required(in_force(kJiujiang, before), at(before)));
  EXPECT_TRUE(qr_required(in_force(kJiujiang, from), at(from)));
  EXPECT_TRUE(qr_required(in_force(kJiujiang, spring), at(spring)));
  EXPECT_FALSE(qr_required(in_force(kJilin, spring), at(spring)));
}

// JL-1.3: an on-site upload 2.5 hours after the test is late under both profiles (Jiujiang's
// window is a default), but only Jilin's notice locks the batch.
TEST(PolicyFiles, JL_1_3_ALateOnsiteUploadLocksTheBatchOnlyInJilin) {
  const auto& cal = shipped().calendar();
  const char* finished = "2026-10-01T16:00:00+08:00";
  const Instant uploaded = at("2026-10-01T18:30:00+08:00");
  for (auto region : {kJiujiang, kJilin}) {
    const auto& v = in_force(region, finished);
    const auto d = domain::deadline_after(cal, at(finished), v.onsite_upload);
    EXPECT_EQ(format_shanghai(d.due), "2026-10-01T18:00:00.000000+08:00") << region;
    EXPECT_TRUE(d.passed_at(uploaded)) << region;
  }
  EXPECT_FALSE(in_force(kJiujiang, finished).late_onsite_upload_locks_batch);
  EXPECT_TRUE(in_force(kJilin, finished).late_onsite_upload_locks_batch);
}

// JJ-3.3: a contract signed Mon 28 Sep 2026 is due by Sat 10 Oct (a makeup working day).
TEST(PolicyFiles, JJ_3_3_ContractDeadlineUnderTheJiujiangProfile) {
  const char* signed_at = "2026-09-28T15:00:00+08:00";
  const auto d = domain::deadline_after(shipped().calendar(), at(signed_at),
                                        in_force(kJiujiang, signed_at).contract_upload);
  EXPECT_EQ(format_shanghai(d.due), "2026-10-10T23:59:59.999999+08:00");
  EXPECT_FALSE(d.assumed());
}

// JL-5: the trial version until 30 Jun 2026, the formal one from 1 Jul (Asia/Shanghai).
TEST(PolicyFiles, JL_5_AnEventBeforeTheFormalDateFallsUnderTheTrialVersion) {
  const auto* jilin = shipped().find("jilin-2026-2");
  const char* last_trial_minute = "2026-06-30T23:59:00+08:00";
  const char* first_formal_minute = "2026-07-01T00:00:00+08:00";
  const auto& trial = in_force(kJilin, last_trial_minute);
  const auto& formal = in_force(kJilin, first_formal_minute);
  EXPECT_EQ(trial.label.en, "trial period");
  EXPECT_EQ(formal.label.en, "formal implementation");
  EXPECT_TRUE(domain::trial_exempts(trial, at(last_trial_minute)));
  EXPECT_FALSE(domain::trial_exempts(formal, at(first_formal_minute)));
  // Before the notice was issued nothing of it is in force.
  const auto none = jilin->version_at(at("2026-02-09T12:00:00+08:00"));
  ASSERT_FALSE(none.ok());
  EXPECT_EQ(none.error().code, errc::not_found);
}

// JL-5 with the ladder's values as shipped: the same unintentional missed upload, rectified
// after a talk, spared in June 2026 under Jilin's trial, counted from July and always under
// Jiujiang, which has no trial period.
TEST(PolicyFiles, JL_5_TheTrialPeriodSparesARectifiedMissedUploadUntilJune2026) {
  const auto counts = [&](std::string_view region, const char* when) {
    return domain::counts_toward_credit(in_force(region, when), at(when), true, true);
  };
  EXPECT_FALSE(counts(kJilin, "2026-06-15T10:00:00+08:00"));
  EXPECT_TRUE(counts(kJilin, "2026-07-15T10:00:00+08:00"));
  EXPECT_TRUE(counts(kJiujiang, "2026-06-15T10:00:00+08:00"));
  // Not rectified after the talk, or not an unintentional upload miss: counted in the trial too.
  const auto& june = in_force(kJilin, "2026-06-15T10:00:00+08:00");
  EXPECT_TRUE(domain::counts_toward_credit(june, at("2026-06-15T10:00:00+08:00"), true, false));
  EXPECT_TRUE(domain::counts_toward_credit(june, at("2026-06-15T10:00:00+08:00"), false, true));
  // The ladder's values the domain test uses are the shipped ones.
  const auto& s = in_force(kJilin, "2026-07-15T10:00:00+08:00").sanctions;
  EXPECT_EQ(s.warning_at_violations, 1);
  EXPECT_EQ(s.rectification_at_violations, 2);
  EXPECT_EQ(s.rectification_at_late_reuploads, 2);
  EXPECT_EQ(s.penalty_at_violations, 3);
  EXPECT_TRUE(s.penalty_on_failed_rectification);
  EXPECT_EQ(s.count_window_months, 12);
}

struct Malformed {
  const char* what;
  const char* file;
  const char* from;
  const char* to;
  const char* key;
  const char* reason;
};

std::string with_change(const Malformed& m) {
  std::string text = shipped_text(m.file);
  const auto pos = text.find(m.from);
  EXPECT_NE(pos, std::string::npos) << m.what;
  if (pos != std::string::npos) {
    text.replace(pos, std::string_view(m.from).size(), m.to);
  }
  return text;
}

// A profile with a missing value, a bad date or an unknown key is refused, naming file and key.
TEST(PolicyFiles, AMalformedProfileIsRefusedNamingFileAndKey) {
  const Malformed cases[] = {
      {"missing value", "jilin-2026-2.toml", "onsite_within = { hours = 2 }  # JL-1.3\n", "",
       "versions[1].uploads.onsite_within", "required"},
      {"unknown key", "jilin-2026-2.toml", "[versions.trial]\n# JL-5: 终止",
       "[versions.trial]\nends = 2026-06-30\n# JL-5: 终止", "versions[1].trial.ends",
       "unknown key"},
      {"date in quotes", "jilin-2026-2.toml", "effective_from = 2026-07-01",
       "effective_from = \"2026-07-01\"", "versions[1].effective_from", "a date like"},
      {"date with a time", "jiujiang-2024-80.toml", "qr_label_required_from = 2024-12-16",
       "qr_label_required_from = 2024-12-16T00:00:00", "versions[0].dates.qr_label_required_from",
       "a date like"},
      {"unknown timing", "jilin-2026-2.toml", "timing = \"after\"  # JL-2.2",
       "timing = \"before\"  # JL-2.2", "versions[1].witness_change.timing", "\"in_advance\""},
      {"integer as text", "jiujiang-2024-80.toml", "retention_months = 6",
       "retention_months = \"6\"", "versions[0].video.retention_months", "an integer"},
      {"out of range", "jilin-2026-2.toml", "rectification_at_late_reuploads = 2",
       "rectification_at_late_reuploads = 0",
       "versions[0].sanctions.rectification_at_late_reuploads", "an integer from 1"},
      {"two units", "jilin-2026-2.toml", "onsite_within = { hours = 2 }  # JL-1.3",
       "onsite_within = { hours = 2, working_days = 1 }", "versions[1].uploads.onsite_within",
       "{ hours = N } or { working_days = N }"},
      {"default of no key", "jilin-2026-2.toml", "\"uploads.plan_before\",",
       "\"uploads.plan_deadline\",", "versions[0].defaults", "uploads.plan_deadline"},
      {"region code", "jilin-2026-2.toml", "regions = [\"220000\"]", "regions = [\"2200\"]",
       "regions", "2200"},
      {"versions out of order", "jilin-2026-2.toml", "effective_from = 2026-07-01",
       "effective_from = 2026-01-01", "versions[1].effective_from", "after the previous"},
      {"tolerance out of range", "jiujiang-2024-80.toml", "capture_tolerance_minutes = 10",
       "capture_tolerance_minutes = 121", "versions[0].photos.capture_tolerance_minutes",
       "an integer from 0 to 120"},
      {"tolerance missing", "jilin-2026-2.toml",
       "capture_tolerance_minutes = 10  # DEFAULT (notice silent), as in the trial version\n", "",
       "versions[1].photos.capture_tolerance_minutes", "required"},
      {"trial outliving its version", "jilin-2026-2.toml", "until = 2026-06-30",
       "until = 2026-07-31", "versions[0].trial.until", "before the next version"},
  };
  for (const auto& m : cases) {
    const std::string file = std::string("policies/") + m.file;
    const auto got = parse_profile(with_change(m), file);
    ASSERT_FALSE(got.ok()) << m.what;
    const auto& e = got.error();
    EXPECT_EQ(e.code, errc::invalid_argument) << m.what;
    EXPECT_EQ(e.details.at("file").as_string(), file) << m.what;
    EXPECT_EQ(e.details.at("key").as_string(), m.key) << m.what << ": " << e.note;
    EXPECT_THAT(std::string(e.details.at("reason").as_string()), testing::HasSubstr(m.reason))
        << m.what;
    EXPECT_THAT(e.note, testing::HasSubstr(file)) << m.what;
    EXPECT_THAT(e.note, testing::HasSubstr(m.key)) << m.what;
    EXPECT_TRUE(e.details.contains("line")) << m.what << ": " << e.note;
  }
}

TEST(PolicyFiles, ASyntaxErrorNamesFileAndLine) {
  const Malformed m{"bad date",
                    "jilin-2026-2.toml",
                    "effective_from = 2026-07-01",
                    "effective_from = 2026-07-32",
                    "",
                    ""};
  const std::string text = with_change(m);
  const auto bad = static_cast<std::ptrdiff_t>(text.find("2026-07-32"));
  const auto line = 1 + std::count(text.begin(), text.begin() + bad, '\n');
  const auto got = parse_profile(text, "policies/jilin-2026-2.toml");
  ASSERT_FALSE(got.ok());
  EXPECT_EQ(got.error().details.at("line").as_int64(), line);
  EXPECT_THAT(
      got.error().note,
      testing::StartsWith("policies/jilin-2026-2.toml:" + std::to_string(line) + ": TOML syntax"));
}

TEST(PolicyFiles, AMalformedCalendarIsRefusedNamingFileAndKey) {
  const Malformed cases[] = {
      {"makeup day on a Friday", "calendar/cn-2026.toml", "makeup_workdays = [2026-05-09]",
       "makeup_workdays = [2026-05-08]", "holidays[3].makeup_workdays[0]",
       "not a Saturday or Sunday"},
      {"one-ended span", "calendar/cn-2026.toml", "off = [2026-06-19, 2026-06-21]",
       "off = [2026-06-19]", "holidays[4].off", "[first day off, last day off]"},
      {"span out of order", "calendar/cn-2025.toml", "off = [2025-10-01, 2025-10-08]",
       "off = [2025-10-08, 2025-10-01]", "holidays[5].off", "in order"},
      {"missing makeup list", "calendar/cn-2024.toml", "makeup_workdays = [2024-04-07]  # Sun\n",
       "", "holidays[2].makeup_workdays", "required"},
      {"unknown key", "calendar/cn-2024.toml", "year = 2024", "year = 2024\nregion = \"CN\"",
       "region", "unknown key"},
  };
  for (const auto& m : cases) {
    const auto got = parse_calendar_year(with_change(m), m.file);
    ASSERT_FALSE(got.ok()) << m.what;
    EXPECT_EQ(got.error().details.at("file").as_string(), m.file) << m.what;
    EXPECT_EQ(got.error().details.at("key").as_string(), m.key)
        << m.what << ": " << got.error().note;
    EXPECT_THAT(std::string(got.error().details.at("reason").as_string()),
                testing::HasSubstr(m.reason))
        << m.what;
  }
}

// A copy of the shipped directory to break in one place.
class PolicyDir : public testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::path(testing::TempDir()) /
           ("lw-policies-" + std::to_string(::getpid()) + "-" +
            testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::copy(policies_dir(), dir_, fs::copy_options::recursive);
  }
  void TearDown() override { fs::remove_all(dir_); }
  void write(const fs::path& name, const std::string& text) { std::ofstream(dir_ / name) << text; }
  fs::path dir_;
};

TEST_F(PolicyDir, TheFirstBadFileRefusesTheDirectoryAndIsNamed) {
  std::string text = shipped_text("jiujiang-2024-80.toml");
  const std::string rule = "timing = \"in_advance\"\nworking_days = 3";
  text.replace(text.find(rule), rule.size(), "timing = \"in_advance\"\nworking_days = 0");
  write("jiujiang-2024-80.toml", text);
  const auto got = load_policy_dir(dir_);
  ASSERT_FALSE(got.ok());
  EXPECT_EQ(got.error().details.at("file").as_string(), (dir_ / "jiujiang-2024-80.toml").string());
  EXPECT_EQ(got.error().details.at("key").as_string(), "versions[0].witness_change.working_days");
}

TEST_F(PolicyDir, AFileNamedOtherThanItsIdIsRefused) {
  write("jilin-copy.toml", shipped_text("jilin-2026-2.toml"));
  const auto got = load_policy_dir(dir_);
  ASSERT_FALSE(got.ok());
  EXPECT_EQ(got.error().details.at("file").as_string(), (dir_ / "jilin-copy.toml").string());
  EXPECT_EQ(got.error().details.at("key").as_string(), "id");
}

TEST_F(PolicyDir, ARegionBoundByTwoProfilesIsRefused) {
  std::string text = shipped_text("jilin-2026-2.toml");
  text.replace(text.find("id = \"jilin-2026-2\""), 19, "id = \"jilin-other\"");
  write("jilin-other.toml", text);
  const auto got = load_policy_dir(dir_);
  ASSERT_FALSE(got.ok());
  EXPECT_THAT(got.error().note, testing::HasSubstr("220000"));
}

TEST_F(PolicyDir, ACalendarYearTwiceOrMisnamedIsRefused) {
  write("calendar/cn-2027.toml", shipped_text("calendar/cn-2026.toml"));
  const auto got = load_policy_dir(dir_);
  ASSERT_FALSE(got.ok());
  EXPECT_EQ(got.error().details.at("file").as_string(), (dir_ / "calendar/cn-2027.toml").string());
  fs::rename(dir_ / "calendar/cn-2027.toml", dir_ / "calendar/cn-2026-copy-2026.toml");
  const auto twice = load_policy_dir(dir_);
  ASSERT_FALSE(twice.ok());
  EXPECT_THAT(twice.error().note, testing::HasSubstr("2026 is given twice"));
}

TEST_F(PolicyDir, ADirectoryWithoutACalendarIsRefused) {
  fs::remove_all(dir_ / "calendar");
  EXPECT_FALSE(load_policy_dir(dir_).ok());
  EXPECT_FALSE(load_policy_dir(dir_ / "nowhere").ok());
}

}  // namespace
}  // namespace lw::policy
