#include "domain/scope.hpp"

#include <gtest/gtest.h>

namespace lw::domain {
namespace {

TEST(Scope, RegionPrefixFollowsTheGbT2260Levels) {
  EXPECT_EQ(region_prefix("360000"), "36");
  EXPECT_EQ(region_prefix("360400"), "3604");
  EXPECT_EQ(region_prefix("360403"), "360403");
  EXPECT_EQ(region_prefix("220100"), "2201");
}

TEST(Scope, RegionCodesAreSixDigits) {
  EXPECT_TRUE(valid_region_code("360402"));
  EXPECT_FALSE(valid_region_code("36040"));
  EXPECT_FALSE(valid_region_code("36040a"));
  EXPECT_FALSE(valid_region_code("000000"));
  EXPECT_FALSE(valid_region_code(""));
}

TEST(Scope, ACityCoversItsCountiesButNotItsNeighbours) {
  EXPECT_TRUE(region_within("360402", "360400"));
  EXPECT_TRUE(region_within("360400", "360400"));
  EXPECT_TRUE(region_within("360402", "360000"));
  EXPECT_FALSE(region_within("360502", "360400"));
  EXPECT_FALSE(region_within("360403", "360402"));
  EXPECT_FALSE(region_within("220102", "360000"));
}

TEST(Scope, CoversLabByKind) {
  const Scope county = Scope::of_region("360402");
  EXPECT_TRUE(covers_lab(county, "A", "360402"));
  EXPECT_FALSE(covers_lab(county, "A", "360403"));
  EXPECT_FALSE(county.sandbox_visible);
  const Scope lab = Scope::of_lab("360402-0001");
  EXPECT_TRUE(covers_lab(lab, "360402-0001", "360402"));
  EXPECT_FALSE(covers_lab(lab, "360402-0002", "360402"));
  EXPECT_TRUE(lab.sandbox_visible);
  EXPECT_FALSE(covers_lab(Scope::none(), "360402-0001", "360402"));
  EXPECT_TRUE(covers_lab(Scope::all(), "x", ""));
  EXPECT_EQ(Scope::of_region("bad").kind, Scope::Kind::nothing);
}

TEST(Scope, JJ_4_2_CoversRegionBoundRecordsInTheSubtreeOnly) {
  EXPECT_TRUE(covers_region(Scope::of_region("360402"), "360402"));
  EXPECT_FALSE(covers_region(Scope::of_region("360402"), "360403"));  // another county
  EXPECT_TRUE(covers_region(Scope::of_region("360400"), "360403"));   // the city covers it
  EXPECT_FALSE(covers_region(Scope::of_region("360400"), "220102"));
  EXPECT_FALSE(covers_region(Scope::of_region("360400"), "36040"));  // not a code
  EXPECT_TRUE(covers_region(Scope::all(), "220102"));
  EXPECT_FALSE(covers_region(Scope::of_lab("360402-0001"), "360402"));
  EXPECT_FALSE(covers_region(Scope::none(), "360402"));
}

}  // namespace
}  // namespace lw::domain
