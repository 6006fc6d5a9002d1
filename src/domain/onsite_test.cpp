// On-site tests' pure rules (issue 8; JL-1.2, JL-1.3, JL-2.4; docs/onsite.md): the catalogue,
// the 2-hour deadline with force majeure, and each photo finding on both sides of its boundary.
#include "domain/onsite.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <numbers>
#include <set>

#include "domain/qualification.hpp"
#include "domain/test_calendar.hpp"

namespace lw::domain {
namespace {

using namespace std::chrono;
using test_data::at;
using test_data::calendar_2026;
using FmStatus = ForceMajeureFiling::Status;

// ---- the catalogue (JL-1.2) ----

TEST(OnsiteCatalogue, JL_1_2_SixCategoriesAreQualificationCategoriesOfSiteTesting) {
  const OnsiteCategory all[] = {OnsiteCategory::foundation,
                                OnsiteCategory::main_structure,
                                OnsiteCategory::steel_structure,
                                OnsiteCategory::building_energy,
                                OnsiteCategory::road,
                                OnsiteCategory::bridge_underground};
  for (auto c : all) {
    const auto code = onsite_category_code(c);
    const auto* q = find_qualification_category(code);
    ASSERT_NE(q, nullptr) << code;
    EXPECT_FALSE(q->material_testing) << code;
    EXPECT_EQ(parse_onsite_category(code), c);
  }
  EXPECT_EQ(parse_onsite_category("building_materials"), std::nullopt);
  EXPECT_EQ(parse_onsite_category(""), std::nullopt);
}

TEST(OnsiteCatalogue, JL_1_2_EveryCategoryHasAtLeastThreeItemsWithAStandard) {
  std::map<OnsiteCategory, int> per_category;
  std::set<std::string_view> codes;
  for (const auto& item : onsite_items()) {
    EXPECT_TRUE(codes.insert(item.code).second) << item.code;
    EXPECT_TRUE(std::all_of(item.code.begin(), item.code.end(), [](char c) {
      return (c >= 'a' && c <= 'z') || c == '_';
    })) << item.code;
    EXPECT_FALSE(item.name_zh.empty()) << item.code;
    EXPECT_FALSE(item.name_en.empty()) << item.code;
    EXPECT_FALSE(item.standard.empty()) << item.code;
    EXPECT_EQ(find_onsite_item(item.code), &item);
    ++per_category[item.category];
  }
  EXPECT_EQ(per_category.size(), 6u);
  for (const auto& [category, n] : per_category) {
    EXPECT_GE(n, 3) << onsite_category_code(category);
  }
  const auto* pile = find_onsite_item("pile_low_strain");
  ASSERT_NE(pile, nullptr);
  EXPECT_EQ(pile->category, OnsiteCategory::foundation);
  EXPECT_EQ(pile->standard, "JGJ 106-2014");
  EXPECT_EQ(find_onsite_item("concrete_rebound")->standard, "JGJ/T 23-2011");
  EXPECT_EQ(find_onsite_item("pile low strain"), nullptr);
}

TEST(OnsiteCatalogue, ForceMajeureStatusesRoundTrip) {
  for (auto s : {FmStatus::pending, FmStatus::accepted, FmStatus::rejected}) {
    EXPECT_EQ(parse_force_majeure_status(force_majeure_status_name(s)), s);
  }
  EXPECT_EQ(parse_force_majeure_status("withdrawn"), std::nullopt);
}

// ---- the deadline (JL-1.3) ----

PolicyVersion jilin_rules() {
  PolicyVersion v;
  v.onsite_upload = Period::hours(2);
  v.force_majeure_report = Period::hours(2);
  v.force_majeure_upload = Period::hours(2);
  v.photo_capture_tolerance_minutes = 10;
  return v;
}

Instant finished() {
  return at("2026-11-20T15:00:00+08:00");
}

Instant after_finish(minutes m) {
  return finished() + m;
}

bool on_time(const OnsiteDeadline& d, Instant received) {
  return d.due && received <= *d.due;
}

ForceMajeureFiling filing(std::int64_t id, minutes filed, std::optional<minutes> cleared,
                          FmStatus status = FmStatus::pending) {
  ForceMajeureFiling f;
  f.id = id;
  f.filed_at = after_finish(filed);
  if (cleared) {
    f.cleared_at = after_finish(*cleared);
  }
  f.status = status;
  return f;
}

OnsiteDeadline deadline_with(std::vector<ForceMajeureFiling> filings) {
  return onsite_deadline(jilin_rules(), calendar_2026(), finished(), filings);
}

TEST(OnsiteDeadline, JL_1_3_DataAndPhotosAreDueTwoHoursAfterTheFinish) {
  const auto d = deadline_with({});
  ASSERT_TRUE(d.due);
  EXPECT_EQ(*d.due, at("2026-11-20T17:00:00+08:00"));
  EXPECT_FALSE(d.awaiting_clearance());
  EXPECT_FALSE(d.force_majeure_id);
  EXPECT_TRUE(on_time(d, after_finish(1h + 59min)));
  EXPECT_TRUE(on_time(d, after_finish(2h)));  // the due instant is still on time
  EXPECT_FALSE(on_time(d, after_finish(2h) + 1us));
  EXPECT_FALSE(on_time(d, after_finish(2h + 1min)));
}

TEST(OnsiteDeadline, JL_1_3_AnInTimeFilingMovesTheDueToTwoHoursAfterTheClearance) {
  // Filed at + 1 h 30 min, the fault cleared at + 5 h: due at + 7 h.
  const auto d = deadline_with({filing(11, 1h + 30min, 5h)});
  ASSERT_TRUE(d.due);
  EXPECT_EQ(*d.due, after_finish(7h));
  EXPECT_EQ(d.force_majeure_id, 11);
  EXPECT_TRUE(on_time(d, after_finish(6h + 30min)));
  EXPECT_FALSE(on_time(d, after_finish(7h + 30min)));
  // Accepted, the same.
  EXPECT_EQ(deadline_with({filing(11, 1h + 30min, 5h, FmStatus::accepted)}).due, after_finish(7h));
}

TEST(OnsiteDeadline, JL_1_3_AFilingAfterTwoHoursDoesNotExtend) {
  const auto d = deadline_with({filing(12, 2h + 30min, 5h)});
  EXPECT_EQ(d.due, after_finish(2h));
  EXPECT_FALSE(d.force_majeure_id);
  EXPECT_FALSE(on_time(d, after_finish(6h + 30min)));
  // The boundary: filed at + 2 h exactly is in time, a microsecond later is not.
  EXPECT_EQ(deadline_with({filing(13, 2h, 5h)}).due, after_finish(7h));
  auto late = filing(14, 2h, 5h);
  late.filed_at += 1us;
  EXPECT_EQ(deadline_with({late}).due, after_finish(2h));
  // A filing before the finish (the fault stopped the test) is in time.
  EXPECT_EQ(deadline_with({filing(15, -30min, 5h)}).due, after_finish(7h));
}

TEST(OnsiteDeadline, JL_1_3_ARejectedFilingLeavesTheNormalDeadline) {
  const auto d = deadline_with({filing(16, 1h + 30min, 5h, FmStatus::rejected)});
  EXPECT_EQ(d.due, after_finish(2h));
  EXPECT_FALSE(d.force_majeure_id);
  // Rejected is as if never filed: a second in-time filing still counts.
  const auto again = deadline_with({filing(16, 30min, 5h, FmStatus::rejected), filing(17, 1h, 4h)});
  EXPECT_EQ(again.due, after_finish(6h));
  EXPECT_EQ(again.force_majeure_id, 17);
}

TEST(OnsiteDeadline, JL_1_3_APendingFilingWithoutClearanceLeavesTheDeadlineOpen) {
  const auto d = deadline_with({filing(18, 1h + 30min, std::nullopt)});
  EXPECT_EQ(d.due, std::nullopt);
  EXPECT_TRUE(d.awaiting_clearance());
  EXPECT_EQ(d.force_majeure_id, 18);
  EXPECT_FALSE(on_time(d, after_finish(1h)));  // no due: the caller waits for the clearance
}

TEST(OnsiteDeadline, JL_1_3_TheEarliestInTimeFilingCountsAndNeverShortensTheDeadline) {
  // Later filings change nothing, whatever their order in the list.
  const auto d = deadline_with({filing(20, 1h, 8h), filing(19, 20min, 3h)});
  EXPECT_EQ(d.force_majeure_id, 19);
  EXPECT_EQ(d.due, after_finish(5h));
  // Cleared 10 minutes after the finish: 2 h after the clearance would be earlier than normal.
  const auto quick = deadline_with({filing(21, -20min, -10min)});
  EXPECT_EQ(quick.due, after_finish(2h));
  EXPECT_EQ(quick.force_majeure_id, 21);
}

TEST(OnsiteDeadline, JL_1_3_AWorkingDayReportPeriodCountsOnTheCalendar) {
  auto v = jilin_rules();
  v.force_majeure_report = Period::working_days(1);
  const Instant finish = at("2026-09-30T16:00:00+08:00");  // before the National Day holiday
  const Instant filed = at("2026-10-05T10:00:00+08:00");
  EXPECT_TRUE(force_majeure_in_time(v, calendar_2026(), finish, filed));  // due end of 8 Oct
  EXPECT_TRUE(force_majeure_in_time(jilin_rules(), calendar_2026(), finish, finish + 2h));
  EXPECT_FALSE(force_majeure_in_time(jilin_rules(), calendar_2026(), finish, finish + 2h + 1us));
}

// ---- photo findings (JL-1.3, JL-2.4) ----

constexpr double kMetresPerDegree = 6'371'008.8 * std::numbers::pi / 180.0;
constexpr GeoPoint kCentre{43.8171, 125.3235};  // Changchun

GeoPoint north_of(GeoPoint p, double metres) {
  return {p.lat + metres / kMetresPerDegree, p.lng};
}
GeoPoint east_of(GeoPoint p, double metres) {
  return {p.lat, p.lng + metres / (kMetresPerDegree * std::cos(p.lat * std::numbers::pi / 180))};
}

ProjectSite circle_site() {
  ProjectSite s;
  s.kind = ProjectSite::Kind::circle;
  s.centre = kCentre;
  s.radius_m = 100;
  return s;
}

// A 200 m × 100 m rectangle with kCentre at its south-west corner.
ProjectSite polygon_site() {
  ProjectSite s;
  s.kind = ProjectSite::Kind::polygon;
  const GeoPoint se = east_of(kCentre, 200);
  s.area = {kCentre, se, north_of(se, 100), north_of(kCentre, 100)};
  return s;
}

OnsiteRecordFacts record(ProjectSite site = circle_site()) {
  OnsiteRecordFacts r;
  r.started_at = at("2026-11-20T09:00:00+08:00");
  r.finished_at = at("2026-11-20T11:00:00+08:00");
  r.tester_ids = {7, 8};
  r.equipment_id = 42;
  r.component_code = "KZ-3-12";
  r.site = std::move(site);
  return r;
}

// A genuine photo of record(): taken mid-test at the centre by tester 7 with instrument 42.
PhotoFacts genuine() {
  PhotoFacts p;
  p.exif_time = at("2026-11-20T10:00:00+08:00");
  p.stamp_time = at("2026-11-20T10:00:02+08:00");
  p.exif_location = kCentre;
  p.stamp_location = north_of(kCentre, 5);
  p.tester_id = 7;
  p.equipment_id = 42;
  p.component_code = "KZ-3-12";
  p.thumbnail_distance = 2;
  return p;
}

std::vector<std::string> kinds(const std::vector<PhotoFinding>& findings) {
  std::vector<std::string> out;
  for (const auto& f : findings) {
    out.push_back(f.kind);
    EXPECT_FALSE(f.message_zh.empty()) << f.kind;
    EXPECT_FALSE(f.message_en.empty()) << f.kind;
  }
  return out;
}

std::vector<std::string> judge(const PhotoFacts& p, const OnsiteRecordFacts& r = record()) {
  return kinds(judge_photo(p, r, PhotoRules{}));
}

const PhotoFinding& only(const std::vector<PhotoFinding>& findings, std::string_view kind) {
  EXPECT_EQ(findings.size(), 1u);
  EXPECT_EQ(findings.at(0).kind, kind);
  return findings.at(0);
}

TEST(PhotoFindings, JL_1_3_AGenuinePhotoHasNone) {
  EXPECT_THAT(judge(genuine()), testing::IsEmpty());
  // kCentre is the polygon's corner: on the edge is inside, and so is the middle.
  EXPECT_THAT(judge(genuine(), record(polygon_site())), testing::IsEmpty());
  auto inside = genuine();
  inside.exif_location = north_of(east_of(kCentre, 100), 50);
  EXPECT_THAT(judge(inside, record(polygon_site())), testing::IsEmpty());
}

TEST(PhotoFindings, JL_1_3_EachOfTheFiveFactsMissingIsAFinding) {
  EXPECT_THAT(judge(PhotoFacts{}),
              testing::ElementsAre("missing_time", "missing_location", "missing_tester",
                                   "missing_instrument", "missing_component"));
  // The stamp alone is enough: time and place from it.
  auto stamp_only = genuine();
  stamp_only.exif_time.reset();
  stamp_only.exif_location.reset();
  EXPECT_THAT(judge(stamp_only), testing::IsEmpty());
  EXPECT_EQ(photo_time(stamp_only), stamp_only.stamp_time);
  EXPECT_EQ(photo_location(stamp_only), stamp_only.stamp_location);
  // EXIF first.
  EXPECT_EQ(photo_time(genuine()), genuine().exif_time);
  EXPECT_EQ(photo_location(genuine()), kCentre);
  auto empty_code = genuine();
  empty_code.component_code = "";
  EXPECT_THAT(judge(empty_code), testing::ElementsAre("missing_component"));
}

TEST(PhotoFindings, JL_1_3_ACaptureTimeOutsideTheWindowAndItsTolerance) {
  const auto r = record();
  auto at_time = [](Instant t) {
    auto p = genuine();
    p.exif_time = t;
    p.stamp_time.reset();
    return p;
  };
  EXPECT_THAT(judge(at_time(r.started_at - 10min)), testing::IsEmpty());
  EXPECT_THAT(judge(at_time(*r.finished_at + 10min)), testing::IsEmpty());
  EXPECT_THAT(judge(at_time(r.started_at - 10min - 1s)),
              testing::ElementsAre("time_outside_window"));

  const auto findings = judge_photo(at_time(*r.finished_at + 10min + 1s), r, PhotoRules{});
  const auto& f = only(findings, "time_outside_window");
  EXPECT_EQ(f.evidence, (boost::json::object{{"captured_at", "2026-11-20T03:10:01.000000Z"},
                                             {"window_start", "2026-11-20T01:00:00.000000Z"},
                                             {"window_end", "2026-11-20T03:00:00.000000Z"},
                                             {"tolerance_minutes", 10}}));
  EXPECT_THAT(f.message_zh, testing::HasSubstr("2026-11-20 11:10:01"));
  // While the test runs, the window has no end.
  auto running = r;
  running.finished_at.reset();
  EXPECT_THAT(judge(at_time(r.started_at + 5h), running), testing::IsEmpty());
  const auto early = judge_photo(at_time(r.started_at - 1h), running, PhotoRules{});
  EXPECT_TRUE(only(early, "time_outside_window").evidence.at("window_end").is_null());
}

TEST(PhotoFindings, JL_1_3_TheToleranceIsThePolicyValue) {
  auto v = jilin_rules();
  v.photo_capture_tolerance_minutes = 0;
  const auto rules = photo_rules(v);
  EXPECT_EQ(rules.capture_tolerance, 0min);
  const auto r = record();
  auto p = genuine();
  p.exif_time = r.started_at;
  p.stamp_time.reset();
  EXPECT_THAT(judge_photo(p, r, rules), testing::IsEmpty());
  p.exif_time = r.started_at - 1s;
  EXPECT_THAT(kinds(judge_photo(p, r, rules)), testing::ElementsAre("time_outside_window"));
  EXPECT_EQ(photo_rules(jilin_rules()).capture_tolerance, 10min);
}

TEST(PhotoFindings, JL_1_3_OutsideACircleSiteByItsDistanceToTheEdge) {
  auto p = genuine();
  p.stamp_location.reset();
  p.exif_location = north_of(kCentre, 99);
  EXPECT_THAT(judge(p), testing::IsEmpty());
  p.exif_location = east_of(kCentre, 100);  // on the edge, within a rounding error
  EXPECT_NEAR(distance_to_edge_m(circle_site(), *p.exif_location), 0, 0.1);
  p.exif_location = north_of(kCentre, 101);
  const auto near = judge_photo(p, record(), PhotoRules{});
  EXPECT_EQ(only(near, "outside_geofence").evidence.at("distance_m").as_int64(), 1);
  p.exif_location = east_of(kCentre, 1350);
  const auto far = judge_photo(p, record(), PhotoRules{});
  const auto& f = only(far, "outside_geofence");
  EXPECT_EQ(f.evidence.at("distance_m").as_int64(), 1250);
  EXPECT_EQ(f.evidence.at("location").at("lat").as_double(), kCentre.lat);
  EXPECT_THAT(f.message_zh, testing::HasSubstr("1250 米"));
}

TEST(PhotoFindings, JL_1_3_OutsideAPolygonSiteByItsDistanceToTheNearestEdge) {
  const auto site = polygon_site();
  const GeoPoint mid_east_edge = north_of(east_of(kCentre, 200), 50);
  auto p = genuine();
  p.stamp_location.reset();
  p.exif_location = east_of(mid_east_edge, -1);  // 1 m inside
  EXPECT_THAT(judge(p, record(site)), testing::IsEmpty());
  EXPECT_NEAR(distance_to_edge_m(site, *p.exif_location), 1, 0.05);
  p.exif_location = east_of(mid_east_edge, 10);
  const auto east = judge_photo(p, record(site), PhotoRules{});
  EXPECT_EQ(only(east, "outside_geofence").evidence.at("distance_m").as_int64(), 10);
  // Beyond a corner the nearest point is the corner: 30 m south and 40 m west of it, 50 m.
  p.exif_location = east_of(north_of(kCentre, -30), -40);
  const auto corner = judge_photo(p, record(site), PhotoRules{});
  EXPECT_EQ(only(corner, "outside_geofence").evidence.at("distance_m").as_int64(), 50);
}

TEST(PhotoFindings, JL_2_4_TesterInstrumentAndComponentMustMatchTheRecord) {
  auto p = genuine();
  p.tester_id = 8;
  EXPECT_THAT(judge(p), testing::IsEmpty());
  p.tester_id = 9;
  const auto tester = judge_photo(p, record(), PhotoRules{});
  EXPECT_EQ(only(tester, "tester_mismatch").evidence,
            (boost::json::object{{"photo", 9}, {"record", boost::json::array{7, 8}}}));

  p = genuine();
  p.equipment_id = 43;
  const auto instrument = judge_photo(p, record(), PhotoRules{});
  EXPECT_EQ(only(instrument, "instrument_mismatch").evidence,
            (boost::json::object{{"photo", 43}, {"record", 42}}));

  p = genuine();
  p.component_code = "KZ-3-13";
  const auto component = judge_photo(p, record(), PhotoRules{});
  EXPECT_EQ(only(component, "component_mismatch").evidence,
            (boost::json::object{{"photo", "KZ-3-13"}, {"record", "KZ-3-12"}}));
  p.component_code = "kz-3-12";  // codes are compared exactly
  EXPECT_THAT(judge(p), testing::ElementsAre("component_mismatch"));
}

TEST(PhotoFindings, JL_1_3_TheStampMustAgreeWithTheExif) {
  auto p = genuine();
  p.stamp_time = *p.exif_time + 10min;
  p.stamp_location = north_of(kCentre, 199);
  EXPECT_THAT(judge(p), testing::IsEmpty());

  p.stamp_time = *p.exif_time + 10min + 1s;
  const auto time = judge_photo(p, record(), PhotoRules{});
  const auto& t = only(time, "stamp_disagrees");
  EXPECT_EQ(t.evidence.at("seconds_apart").as_int64(), 601);
  EXPECT_FALSE(t.evidence.contains("distance_m"));
  EXPECT_EQ(t.evidence.at("stamp").at("captured_at").as_string(), "2026-11-20T02:10:01.000000Z");

  p = genuine();
  p.stamp_location = north_of(kCentre, 201);
  const auto place = judge_photo(p, record(), PhotoRules{});
  const auto& l = only(place, "stamp_disagrees");
  EXPECT_EQ(l.evidence.at("distance_m").as_int64(), 201);
  EXPECT_FALSE(l.evidence.contains("seconds_apart"));
  EXPECT_TRUE(l.evidence.at("exif").as_object().contains("location"));
}

TEST(PhotoFindings, JL_1_3_EditingTracesAreFindings) {
  auto p = genuine();
  p.edit_traces = {"software:Adobe Photoshop 25.0 (Windows)"};
  const auto software = judge_photo(p, record(), PhotoRules{});
  EXPECT_EQ(only(software, "editing_software").evidence,
            (boost::json::object{{"software", "Adobe Photoshop 25.0 (Windows)"}}));

  p.edit_traces = {"xmp_history", "photoshop_irb"};
  const auto history = judge_photo(p, record(), PhotoRules{});
  EXPECT_EQ(only(history, "edit_history").evidence,
            (boost::json::object{{"traces", boost::json::array{"xmp_history", "photoshop_irb"}}}));

  p.edit_traces = {"software:GIMP 2.10", "xmp_history", "software:GIMP 2.10", "software:Meitu"};
  EXPECT_THAT(judge(p), testing::ElementsAre("editing_software", "edit_history"));
  EXPECT_EQ(judge_photo(p, record(), PhotoRules{})[0].evidence.at("software").as_string(),
            "GIMP 2.10, Meitu");
}

TEST(PhotoFindings, JL_1_3_AThumbnailUnlikeTheImageIsAFinding) {
  auto p = genuine();
  p.thumbnail_distance = 10;
  EXPECT_THAT(judge(p), testing::IsEmpty());
  p.thumbnail_distance.reset();  // no thumbnail: nothing to compare
  EXPECT_THAT(judge(p), testing::IsEmpty());
  p.thumbnail_distance = 11;
  const auto findings = judge_photo(p, record(), PhotoRules{});
  EXPECT_EQ(only(findings, "thumbnail_mismatch").evidence, (boost::json::object{{"distance", 11}}));
}

TEST(PhotoFindings, JL_1_3_FindingsComeInTheDocumentedOrder) {
  auto p = genuine();
  p.exif_time = at("2026-11-20T12:00:00+08:00");
  p.exif_location = north_of(kCentre, 500);
  p.tester_id = 1;
  p.equipment_id = 2;
  p.component_code = "X";
  p.edit_traces = {"photoshop_irb", "software:Snapseed"};
  p.thumbnail_distance = 30;
  EXPECT_THAT(judge(p),
              testing::ElementsAre("time_outside_window", "outside_geofence", "tester_mismatch",
                                   "instrument_mismatch", "component_mismatch", "stamp_disagrees",
                                   "editing_software", "edit_history", "thumbnail_mismatch"));
  p.component_code.reset();
  EXPECT_EQ(judge(p).front(), "missing_component");
}

TEST(PhotoFindings, JL_1_3_AReusedPhotoNamesTheOther) {
  const auto near = reused_finding({101, 55, 9, "JL-LAB-0001", 4, false});
  EXPECT_EQ(near.kind, "reused");
  EXPECT_EQ(
      near.evidence,
      (boost::json::object{
          {"other",
           {{"photo_id", 101}, {"test_id", 55}, {"project_id", 9}, {"lab_code", "JL-LAB-0001"}}},
          {"distance", 4},
          {"identical", false}}));
  EXPECT_THAT(near.message_zh, testing::HasSubstr("4 位"));
  const auto same = reused_finding({101, 55, 9, "JL-LAB-0001", 0, true});
  EXPECT_TRUE(same.evidence.at("identical").as_bool());
  EXPECT_THAT(same.message_en, testing::HasSubstr("byte for byte"));
}

TEST(PhotoFindings, JL_1_3_AChangeOfQuantisationTablesNamesTheDevice) {
  const std::vector<std::string> earlier{"a1b2c3d4e5f60718", "0011223344556677"};
  const auto f = quantisation_finding("HUAWEI P60", "ffeeddccbbaa9988", earlier);
  EXPECT_EQ(f.kind, "quantisation_changed");
  EXPECT_EQ(f.evidence, (boost::json::object{{"device", "HUAWEI P60"},
                                             {"fingerprint", "ffeeddccbbaa9988"},
                                             {"earlier", boost::json::array{"a1b2c3d4e5f60718",
                                                                            "0011223344556677"}}}));
  EXPECT_THAT(f.message_zh, testing::HasSubstr("HUAWEI P60"));
}

}  // namespace
}  // namespace lw::domain
