// What lw-sim --onsite sends (issue 8 item 7): faults in turn, component codes the platform
// takes, the data body, and photos whose EXIF the platform reads back as written.
#include "onsite_visits.hpp"

#include <gtest/gtest.h>

#include <set>

#include "photos/photo.hpp"

namespace lw::sim {
namespace {

TEST(OnsiteVisits, AnyThreeFaultsInARowHoldAPhotoFaultAndEveryKindComesInFive) {
  for (std::uint64_t first = 0; first < 10; ++first) {
    std::set<OnsiteFault> seen;
    for (std::uint64_t k = 0; k < kOnsiteFaultKinds; ++k) {
      seen.insert(nth_onsite_fault(first, k));
    }
    EXPECT_EQ(seen.size(), static_cast<std::size_t>(kOnsiteFaultKinds));
    int photo_faults = 0;
    for (std::uint64_t k = 0; k < 3; ++k) {
      const auto f = nth_onsite_fault(first, k);
      photo_faults += f == OnsiteFault::reused_photo || f == OnsiteFault::edited_photo ||
                      f == OnsiteFault::off_site_photo;
    }
    EXPECT_GE(photo_faults, 1) << first;
  }
}

TEST(OnsiteVisits, JL_2_4_ColumnMarksAreDistinctAndFollowTheCodeRule) {
  std::set<std::string> codes;
  for (std::uint64_t n = 0; n < 120; ++n) {
    const auto m = column_mark(n);
    EXPECT_TRUE(codes.insert(m.code).second) << m.code;
    EXPECT_LE(m.code.size(), 64u);
    for (char c : m.code) {
      EXPECT_TRUE(std::isalnum(static_cast<unsigned char>(c)) || c == '-') << m.code;
    }
    EXPECT_FALSE(m.name.empty());
  }
  EXPECT_EQ(column_mark(0).code, "KZ-6F-A1");
  EXPECT_EQ(column_mark(13).code, "KZ-7F-A2");
}

TEST(OnsiteVisits, DataBodiesCarryReadingsAsDecimalStrings) {
  std::mt19937_64 rng(1);
  for (const char* item : {"concrete_rebound", "rebar_cover"}) {
    const auto body = onsite_data_body(item, rng);
    const auto& readings = body.at("readings").as_array();
    EXPECT_GE(readings.size(), 9u) << item;
    for (const auto& r : readings) {
      const std::string value(r.at("value").as_string());
      EXPECT_NO_THROW((void)std::stod(value)) << value;
    }
    EXPECT_EQ(body.at("conclusion").as_string(), "pass");
  }
}

TEST(OnsiteVisits, JL_1_3_APhotoCarriesBeijingTimeAndTheSiteInItsExif) {
  const auto taken = WallClock::time_point(std::chrono::seconds(1'795'300'000));  // 2026-11-21
  EXPECT_EQ(exif_beijing(taken), "2026:11:22 06:26:40");
  EXPECT_EQ(utc_rfc3339(taken), "2026-11-21T22:26:40Z");
  const GeoPoint site{43.8612, 125.3267};
  const auto jpeg = site_photo(7, 0, taken, site, "KZ-6F-A1");
  auto m = photos::read_metadata(jpeg);
  ASSERT_TRUE(m) << m.error().note;
  EXPECT_EQ(m->width, 1600);
  EXPECT_EQ(m->height, 1200);
  EXPECT_EQ(m->date_time_original, "2026:11:22 06:26:40");
  ASSERT_TRUE(m->gps);
  EXPECT_NEAR(m->gps->lat, site.lat, 1e-5);
  EXPECT_NEAR(m->gps->lng, site.lng, 1e-5);
  EXPECT_TRUE(m->edit_traces.empty());
  const auto there = moved(site, 3000, 0);
  EXPECT_NEAR((there.lat - site.lat) * 111'320, 3000, 1);
  EXPECT_DOUBLE_EQ(there.lng, site.lng);
}

}  // namespace
}  // namespace lw::sim
