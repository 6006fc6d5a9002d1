// The lab registry's pure rules (issue 5 items 3 and 5): the unified lab code (JJ-3.5), the
// qualification catalogue, calibration status and whether equipment may be used (JL-1.1).
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "domain/equipment.hpp"
#include "domain/lab.hpp"
#include "domain/qualification.hpp"

namespace lw::domain {
namespace {

using std::chrono::day;
using std::chrono::month;
using std::chrono::year;

Date ymd(int y, unsigned m, unsigned d) {
  return Date{year{y}, month{m}, day{d}};
}

// 2026-03-10 12:00 Asia/Shanghai.
Instant noon_0310() {
  return *parse_rfc3339("2026-03-10T04:00:00Z");
}

TEST(UnifiedLabCode, JJ_3_5_RegionAndFourDigitSequence) {
  EXPECT_EQ(unified_lab_code("360402", 7), "360402-0007");
  EXPECT_EQ(unified_lab_code("220102", 9999), "220102-9999");
  EXPECT_TRUE(is_unified_lab_code("360402-0001"));
  EXPECT_FALSE(is_unified_lab_code("360402-0000"));
  EXPECT_FALSE(is_unified_lab_code("360402-001"));
  EXPECT_FALSE(is_unified_lab_code("36040A-0001"));
  EXPECT_FALSE(is_unified_lab_code("360402_0001"));
  EXPECT_FALSE(is_unified_lab_code("LAB-T1"));
}

TEST(LabFacts, JL_1_1_OutOfProvinceWhenSeatedInAnotherProvince) {
  Lab lab{"220102-0002", "外省检测", "220102", false, {}};
  EXPECT_FALSE(out_of_province(lab));  // no seat given: where it is registered
  lab.home_region_code = "220103";
  EXPECT_FALSE(out_of_province(lab));
  lab.home_region_code = "360402";
  EXPECT_TRUE(out_of_province(lab));
}

TEST(LabFacts, ValidateNamesTheField) {
  Lab lab{"360402-0001", "x", "360402", false, {}};
  lab.credit_code = "91350100M000100Y4";  // 17 characters
  EXPECT_EQ(validate(lab).error().details.at("fields").as_object().at("credit_code"), "length");
  lab.credit_code.clear();
  lab.home_region_code = "3604";
  EXPECT_TRUE(validate(lab).error().details.at("fields").as_object().contains("home_region_code"));
}

TEST(QualificationCatalogue, HasTheSiteAndMaterialCategories) {
  for (auto code : {"foundation", "main_structure", "steel_structure", "building_energy", "road",
                    "bridge_underground", "building_materials", "municipal_materials"}) {
    ASSERT_NE(find_qualification_category(code), nullptr) << code;
  }
  EXPECT_EQ(find_qualification_category("foundation")->name_zh, "地基基础");
  EXPECT_EQ(find_qualification_category("bridge_underground")->name_zh, "桥梁及地下工程");
  EXPECT_TRUE(find_qualification_category("building_materials")->material_testing);
  EXPECT_EQ(find_qualification_category("nope"), nullptr);
}

TEST(Qualification, ValidationAndValidity) {
  Qualification q;
  q.number = "赣建检字第 0001 号";
  q.issuer = "江西省住房和城乡建设厅";
  q.categories = {"foundation", "main_structure"};
  q.parameters = {"混凝土抗压强度"};
  q.valid_from = ymd(2024, 1, 1);
  q.valid_until = ymd(2026, 3, 10);
  EXPECT_TRUE(validate(q));
  EXPECT_TRUE(qualification_in_force(q, noon_0310()));
  q.valid_until = ymd(2026, 3, 9);
  EXPECT_FALSE(qualification_in_force(q, noon_0310()));
  q.categories = {"foundation", "foundation"};
  EXPECT_FALSE(validate(q));
  q.categories = {"space_station"};
  EXPECT_TRUE(validate(q).error().details.at("fields").as_object().contains("categories"));
  q.categories = {"road"};
  q.valid_until = ymd(2023, 12, 31);
  EXPECT_TRUE(validate(q).error().details.at("fields").as_object().contains("valid_until"));
}

TEST(CalibrationStatus, JL_1_1_WarnsOneMonthAhead) {
  const Instant at = noon_0310();
  EXPECT_EQ(calibration_status(std::nullopt, at), CalibrationStatus::none);
  EXPECT_EQ(calibration_status(ymd(2026, 3, 9), at), CalibrationStatus::expired);
  EXPECT_EQ(calibration_status(ymd(2026, 3, 10), at), CalibrationStatus::expiring);
  EXPECT_EQ(calibration_status(ymd(2026, 4, 9), at), CalibrationStatus::expiring);  // +30 days
  EXPECT_EQ(calibration_status(ymd(2026, 4, 10), at), CalibrationStatus::valid);
  // The date is Asia/Shanghai's: 2026-03-09 20:00 UTC is already 03-10 there.
  EXPECT_EQ(calibration_status(ymd(2026, 3, 9), *parse_rfc3339("2026-03-09T20:00:00Z")),
            CalibrationStatus::expired);
}

TEST(Equipment, UsableOnlyWithACalibrationInForceAndNotRejected) {
  Equipment e;
  e.name = "压力试验机";
  EXPECT_FALSE(equipment_usable_at(e, noon_0310()));
  e.calibrated_until = ymd(2026, 3, 20);
  EXPECT_TRUE(equipment_usable_at(e, noon_0310()));
  EXPECT_FALSE(equipment_usable_at(e, *parse_rfc3339("2026-03-21T04:00:00Z")));
  e.verification = Verification::rejected;
  EXPECT_FALSE(equipment_usable_at(e, noon_0310()));
  EXPECT_EQ(parse_verification("verified"), Verification::verified);
  EXPECT_EQ(parse_calibration_status("expiring"), CalibrationStatus::expiring);
  EXPECT_FALSE(parse_verification("maybe"));
}

TEST(Dates, ParseIsoDate) {
  EXPECT_EQ(parse_date("2026-02-28"), ymd(2026, 2, 28));
  EXPECT_FALSE(parse_date("2026-02-29"));
  EXPECT_FALSE(parse_date("2026-2-28"));
  EXPECT_FALSE(parse_date("2026/02/28"));
}

}  // namespace
}  // namespace lw::domain

namespace lw::domain {
namespace {

TEST(ConnectionStatus, KeysAndRecentSending) {
  const Instant now = *parse_rfc3339("2026-03-10T04:00:00Z");
  EXPECT_EQ(connection_status(0, now, now), "not_connected");
  EXPECT_EQ(connection_status(1, std::nullopt, now), "keys_only");
  EXPECT_EQ(connection_status(1, now - kConnectedWindow, now), "connected");
  EXPECT_EQ(connection_status(2, now - kConnectedWindow - std::chrono::seconds(1), now),
            "keys_only");
  EXPECT_TRUE(valid_connection_status("keys_only"));
  EXPECT_FALSE(valid_connection_status("online"));
}

}  // namespace
}  // namespace lw::domain
