// The lab registry's repositories on both engines: unified lab code allocation (JJ-3.5),
// registered facts, and equipment calibration filters (JL-1.1).
#include <gtest/gtest.h>

#include "storage/equipment.hpp"
#include "storage/labs.hpp"
#include "support/engine_test.hpp"

namespace lw::storage {
namespace {

class LabRegistryStorageTest : public lw::testing::EngineTest {
 protected:
  LabRegistryStorageTest() : EngineTest({.connect = true}) {}

  std::string allocate(const std::string& region) {
    auto code = allocate_lab_code(*c_, region);
    EXPECT_TRUE(code) << code.error().note;
    return code ? *code : "";
  }
  void add_lab(const std::string& code, const std::string& region) {
    domain::Lab lab{code, "实验室 " + code, region, false, from_micros(1)};
    lab.credit_code = "91350100M000100Y43";
    lab.home_region_code = "420202";
    ASSERT_TRUE(*insert_lab(*c_, lab));
  }
};

LW_ENGINE_SUITE(LabRegistryStorageTest);

TEST_P(LabRegistryStorageTest, JJ_3_5_CodesCountPerRegionPastFixedCodesAndNeverGoBack) {
  EXPECT_EQ(allocate("360403"), "360403-0001");
  EXPECT_EQ(allocate("360403"), "360403-0002");
  EXPECT_EQ(allocate("220102"), "220102-0001");
  add_lab("360402-0007", "360402");  // inserted with a fixed code
  EXPECT_EQ(allocate("360402"), "360402-0008");
  // The lab moves away; its region's counter does not go back.
  ASSERT_TRUE(c_->exec("DELETE FROM labs WHERE lab_code = '360402-0007'"));
  EXPECT_EQ(allocate("360402"), "360402-0009");
}

TEST_P(LabRegistryStorageTest, RegisteredFactsRoundTrip) {
  add_lab("360402-0001", "360402");
  auto found = find_lab(*c_, domain::Scope::all(), "360402-0001");
  ASSERT_TRUE(found && *found);
  EXPECT_EQ((*found)->credit_code, "91350100M000100Y43");
  EXPECT_EQ((*found)->home_region_code, "420202");
  EXPECT_TRUE(domain::out_of_province(**found));
  EXPECT_FALSE((*found)->credit_override);
  auto listed = list_labs(*c_, domain::Scope::all(), {.q = "Y43"}, from_micros(2));
  ASSERT_TRUE(listed) << listed.error().note;
  EXPECT_EQ(listed->total, 1);
}

TEST_P(LabRegistryStorageTest, JL_1_1_CalibrationFiltersFollowTheStatusBounds) {
  add_lab("360402-0001", "360402");
  const Instant now = *parse_rfc3339("2026-03-10T04:00:00Z");  // 2026-03-10 in Shanghai
  int k = 0;
  for (const char* until : {"2026-03-09", "2026-03-10", "2026-04-09", "2026-04-10"}) {
    domain::Equipment e;
    e.lab_code = "360402-0001";
    e.name = "设备 " + std::to_string(++k);
    e.updated_at = now;
    auto id = insert_equipment(*c_, e);
    ASSERT_TRUE(id);
    domain::Calibration c{0, *id, "c", "i", domain::Date{}, *domain::parse_date(until), now};
    c.calibrated_on = *domain::parse_date("2025-01-01");
    ASSERT_TRUE(insert_calibration(*c_, c));
  }
  domain::Equipment bare;
  bare.lab_code = "360402-0001";
  bare.name = "无证书";
  bare.updated_at = now;
  ASSERT_TRUE(insert_equipment(*c_, bare));
  const auto count = [&](domain::CalibrationStatus s) {
    EquipmentFilter f;
    f.calibration = s;
    auto page = list_equipment(*c_, domain::Scope::all(), f, now);
    EXPECT_TRUE(page) << page.error().note;
    for (const auto& e : page->items) {
      EXPECT_EQ(domain::calibration_status(e.calibrated_until, now), s) << e.name;
    }
    return page ? page->total : -1;
  };
  EXPECT_EQ(count(domain::CalibrationStatus::expired), 1);
  EXPECT_EQ(count(domain::CalibrationStatus::expiring), 2);
  EXPECT_EQ(count(domain::CalibrationStatus::valid), 1);
  EXPECT_EQ(count(domain::CalibrationStatus::none), 1);
  // Scoped: another lab's scope sees none of them.
  auto other = list_equipment(*c_, domain::Scope::of_lab("220102-0001"), {}, now);
  ASSERT_TRUE(other);
  EXPECT_EQ(other->total, 0);
}

}  // namespace
}  // namespace lw::storage
