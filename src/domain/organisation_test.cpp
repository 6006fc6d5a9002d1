#include "domain/organisation.hpp"

#include <gtest/gtest.h>

#include <set>
#include "support/refusals.hpp"

namespace lw::domain {
namespace {

using lw::testing::refused_field;

Organisation valid_org() {
  Organisation o;
  o.kind = OrganisationKind::contractor;
  o.name = "九江市建工集团有限公司";
  o.credit_code = "91360400MA35XXXXXX";
  o.region_code = "360402";
  o.address = "江西省九江市濂溪区十里大道1号";
  o.contact_name = "王工";
  o.contact_phone = "0792-8123456";
  return o;
}

TEST(Organisation, JJ_3_2_KindsRoundTripWithChineseAndEnglishNames) {
  std::set<std::string_view> names;
  for (const auto& k : organisation_kinds()) {
    EXPECT_EQ(parse_organisation_kind(k.name), k.kind);
    EXPECT_EQ(kind_name(k.kind), k.name);
    EXPECT_FALSE(k.name_zh.empty());
    EXPECT_FALSE(k.name_en.empty());
    names.insert(k.name);
  }
  EXPECT_EQ(names.size(), 4u);
  EXPECT_EQ(parse_organisation_kind("supervision_company"), OrganisationKind::supervision_company);
  EXPECT_EQ(organisation_kinds()[3].name_zh, "预拌混凝土企业");
  EXPECT_FALSE(parse_organisation_kind("lab"));
  EXPECT_FALSE(parse_organisation_kind(""));
  EXPECT_FALSE(parse_organisation_kind("Contractor"));
}

TEST(Organisation, JJ_3_2_AValidRecordPasses) {
  EXPECT_TRUE(validate(valid_org()));
  auto bare = valid_org();
  bare.address.clear();
  bare.contact_name.clear();
  bare.contact_phone.clear();
  EXPECT_TRUE(validate(bare)) << "address and contacts are optional";
}

TEST(Organisation, JJ_3_2_NameMustBeGivenAndAtMost200Characters) {
  auto o = valid_org();
  o.name = "";
  EXPECT_EQ(refused_field(validate(o)), "name");
  o.name = "   ";
  EXPECT_EQ(refused_field(validate(o)), "name");
  o.name.clear();
  for (int i = 0; i < 200; ++i) {
    o.name += "建";  // 3 bytes each: characters count, not bytes
  }
  EXPECT_TRUE(validate(o));
  o.name += "设";
  EXPECT_EQ(refused_field(validate(o)), "name");
}

TEST(Organisation, JJ_3_2_RegionMustBeASixDigitCode) {
  for (const char* bad : {"", "36040", "3604021", "36040a", "九江市"}) {
    auto o = valid_org();
    o.region_code = bad;
    EXPECT_EQ(refused_field(validate(o)), "region_code") << bad;
  }
}

TEST(Organisation, JJ_3_2_ContactsAreBounded) {
  auto o = valid_org();
  o.address = std::string(201, 'a');
  EXPECT_EQ(refused_field(validate(o)), "address");
  o = valid_org();
  o.contact_name = std::string(51, 'a');
  EXPECT_EQ(refused_field(validate(o)), "contact_name");
  o = valid_org();
  o.contact_phone = "+86 (0431) 8888-1234";
  EXPECT_TRUE(validate(o));
  o.contact_phone = "0431-8888x";
  EXPECT_EQ(refused_field(validate(o)), "contact_phone");
  o.contact_phone = std::string(31, '1');
  EXPECT_EQ(refused_field(validate(o)), "contact_phone");
}

}  // namespace
}  // namespace lw::domain
