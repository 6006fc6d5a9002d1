#include "domain/regions.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "domain/scope.hpp"

namespace lw::domain {
namespace {

std::string shipped_file() {
  std::ifstream in(std::string(LABWATCH_SOURCE_DIR) + "/reference/regions/gb2260.tsv",
                   std::ios::binary);
  EXPECT_TRUE(in.is_open()) << "reference/regions/gb2260.tsv is missing";
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

RegionTree shipped_tree() {
  auto rows = parse_region_rows(shipped_file());
  EXPECT_TRUE(rows) << rows.error().note;
  auto tree = RegionTree::build(rows ? std::move(rows).value() : std::vector<RegionRow>{});
  EXPECT_TRUE(tree) << tree.error().note;
  return tree ? std::move(tree).value() : RegionTree{};
}

RegionTree tree_of(std::string_view text) {
  auto rows = parse_region_rows(text);
  EXPECT_TRUE(rows) << rows.error().note;
  auto tree = RegionTree::build(std::move(rows).value());
  EXPECT_TRUE(tree) << tree.error().note;
  return std::move(tree).value();
}

std::size_t line_of(const Error& e) {
  const auto* line = e.details.if_contains("line");
  return line != nullptr && line->is_number() ? line->to_number<std::size_t>() : 0;
}

TEST(Regions, LevelAndNominalParentComeFromTheCode) {
  EXPECT_EQ(region_level("360000"), RegionLevel::province);
  EXPECT_EQ(region_level("360400"), RegionLevel::prefecture);
  EXPECT_EQ(region_level("360403"), RegionLevel::county);
  EXPECT_EQ(nominal_parent("360403"), "360400");
  EXPECT_EQ(nominal_parent("360400"), "360000");
  EXPECT_EQ(nominal_parent("360000"), "");
  EXPECT_EQ(nominal_parent("222424"), "222400");
}

TEST(Regions, ShippedFileHasAllOfJiujiangsThirteenCounties) {
  const RegionTree tree = shipped_tree();
  EXPECT_EQ(tree.name("360000"), "江西省");
  EXPECT_EQ(tree.name("360400"), "九江市");
  const std::vector<std::string> expected{"360402", "360403", "360404", "360423", "360424",
                                          "360425", "360426", "360428", "360429", "360430",
                                          "360481", "360482", "360483"};
  EXPECT_EQ(tree.children("360400"), expected);
  EXPECT_EQ(tree.name("360403"), "浔阳区");
  EXPECT_EQ(tree.name("360404"), "柴桑区");
  EXPECT_EQ(tree.name("360483"), "庐山市");
  EXPECT_FALSE(tree.contains("360421"));  // 九江县, abolished in 2017
}

TEST(Regions, ShippedFileHasJilinsNinePrefectures) {
  const RegionTree tree = shipped_tree();
  EXPECT_EQ(tree.name("220000"), "吉林省");
  const std::vector<std::string> expected{"220100", "220200", "220300", "220400", "220500",
                                          "220600", "220700", "220800", "222400"};
  EXPECT_EQ(tree.children("220000"), expected);
  EXPECT_EQ(tree.name("222400"), "延边朝鲜族自治州");
  EXPECT_EQ(tree.children("220100").size(), 11U);  // Changchun, with 公主岭市 since 2020
  EXPECT_EQ(tree.children("220200").size(), 9U);   // Jilin city
  std::size_t counties = 0;
  for (const auto& city : tree.children("220000")) {
    counties += tree.children(city).size();
  }
  EXPECT_EQ(counties, 60U);  // Jilin's county-level divisions
}

TEST(Regions, EveryShippedParentIsDerivedFromTheCode) {
  const RegionTree tree = shipped_tree();
  for (const Region* r : tree.all()) {
    EXPECT_EQ(r->parent, nominal_parent(r->code)) << r->code;
  }
}

TEST(Regions, AncestorsNearestFirst) {
  const RegionTree tree = shipped_tree();
  EXPECT_EQ(tree.ancestors("360403"), (std::vector<std::string>{"360400", "360000"}));
  EXPECT_EQ(tree.ancestors("220100"), (std::vector<std::string>{"220000"}));
  EXPECT_TRUE(tree.ancestors("220000").empty());
  EXPECT_TRUE(tree.ancestors("990000").empty());
  EXPECT_EQ(tree.parent("222426"), "222400");
  EXPECT_EQ(tree.parent("360000"), std::nullopt);
}

TEST(Regions, WithinAgreesWithTheScopePrefixRule) {
  const RegionTree tree = shipped_tree();
  const auto all = tree.all();
  for (const Region* a : all) {
    for (const Region* b : all) {
      ASSERT_EQ(tree.within(a->code, b->code), region_within(a->code, b->code))
          << a->code << " in " << b->code;
    }
  }
  EXPECT_TRUE(tree.within("360403", "360400"));
  EXPECT_FALSE(tree.within("360403", "220000"));
  EXPECT_FALSE(tree.within("360499", "360400"));  // unknown to the tree
}

TEST(Regions, ACountyWhoseCityIsAbsentHangsFromItsProvince) {
  const RegionTree tree = tree_of("360000\t江西省\n360403\t浔阳区\n");
  EXPECT_EQ(tree.parent("360403"), "360000");
  EXPECT_EQ(tree.children("360000"), std::vector<std::string>{"360403"});
  EXPECT_TRUE(tree.within("360403", "360000"));
}

TEST(Regions, RowsMayComeInAnyOrder) {
  const RegionTree tree = tree_of("360403\t浔阳区\n360400\t九江市\n360000\t江西省\n");
  EXPECT_EQ(tree.parent("360403"), "360400");
}

TEST(Regions, ParserSkipsCommentsBlanksHeaderBomAndCarriageReturns) {
  auto rows = parse_region_rows(
      "\xEF\xBB\xBF# comment\r\ncode\tname\r\n\r\n360000\t江西省\r\n  \n360400\t 九江市 \r\n");
  ASSERT_TRUE(rows) << rows.error().note;
  ASSERT_EQ(rows->size(), 2U);
  EXPECT_EQ((*rows)[1].code, "360400");
  EXPECT_EQ((*rows)[1].name, "九江市");
  EXPECT_EQ((*rows)[1].line, 6U);
}

TEST(Regions, MalformedRowsAreRefusedNamingTheLine) {
  struct Case {
    std::string_view text;
    std::size_t line;
  };
  for (const Case& c : {
           Case{"360000\t江西省\n36040\t九江市\n", 2},          // five digits
           Case{"360000\t江西省\n36040a\t九江市\n", 2},         // a letter
           Case{"# x\n360000 江西省\n", 2},                     // no tab
           Case{"360000\t江西省\n360400\t九江市\textra\n", 2},  // three fields
           Case{"360000\t江西省\n\n360400\t\n", 3},             // no name
           Case{"360000\t\xFF\xFE\n", 1},                       // not UTF-8
           Case{"360000\t江西省\ncode\tname\n", 2},             // a header after data
       }) {
    auto rows = parse_region_rows(c.text);
    ASSERT_FALSE(rows) << c.text;
    EXPECT_EQ(line_of(rows.error()), c.line) << c.text;
    EXPECT_NE(rows.error().note.find("line " + std::to_string(c.line)), std::string::npos);
  }
}

TEST(Regions, TreeRefusesDuplicatesAndOrphansNamingTheLine) {
  auto dup =
      RegionTree::build(*parse_region_rows("360000\t江西省\n360400\t九江市\n360400\t九江\n"));
  ASSERT_FALSE(dup);
  EXPECT_EQ(line_of(dup.error()), 3U);

  auto orphan = RegionTree::build(*parse_region_rows("360000\t江西省\n220100\t长春市\n"));
  ASSERT_FALSE(orphan);
  EXPECT_EQ(line_of(orphan.error()), 2U);
  EXPECT_NE(orphan.error().note.find("220000"), std::string::npos);

  auto orphan_county = RegionTree::build(*parse_region_rows("220102\t南关区\n"));
  ASSERT_FALSE(orphan_county);
  EXPECT_EQ(line_of(orphan_county.error()), 1U);
}

TEST(Regions, UnknownCodesAnswerNothing) {
  const RegionTree tree = shipped_tree();
  EXPECT_EQ(tree.find("110000"), nullptr);
  EXPECT_EQ(tree.name("110000"), std::nullopt);
  EXPECT_TRUE(tree.children("110000").empty());
  EXPECT_TRUE(tree.children("360403").empty());  // a county has no children
  EXPECT_EQ(tree.find("bad"), nullptr);
}

}  // namespace
}  // namespace lw::domain
