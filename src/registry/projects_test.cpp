// What a project's ledger entry commits to (issue 5 item 6): the facts, the site in a form
// canonical JSON accepts (no fractions), the assignments with the people's names and the reason.
#include "registry/projects.hpp"

#include <gtest/gtest.h>

#include "ledger/canonical_json.hpp"

namespace lw::registry {
namespace {

TEST(ProjectRecord, JJ_4_2_CarriesFactsAssignmentsAndReasonInCanonicalForm) {
  domain::Project p;
  p.code = "360402-2026-0001";
  p.name = "滨湖花园";
  p.region_code = "360402";
  p.site.centre = {29.683, 116.002};
  p.site.radius_m = 150;
  p.client_id = 1;
  p.contractor_id = 2;
  p.supervisor_id = 3;
  domain::Assignment a;
  a.id = 7;
  a.person_id = 12;
  a.starts_at = from_micros(1'790'000'000'000'000);
  const auto record = project_record(p, {{a, "演示张甲"}}, "registered 登记");
  auto canonical = ledger::canonical_json(record);
  ASSERT_TRUE(canonical) << canonical.error().note;
  EXPECT_EQ(record.at("site").at("centre").at("lat").as_string(), "29.6830000");
  EXPECT_EQ(record.at("site").at("radius_m").as_string(), "150.0");
  EXPECT_EQ(record.at("assignments").at(0).at("person_name").as_string(), "演示张甲");
  EXPECT_TRUE(record.at("assignments").at(0).at("ends_at").is_null());
  EXPECT_EQ(record.at("reason").as_string(), "registered 登记");

  p.site.kind = domain::ProjectSite::Kind::polygon;
  p.site.area = {{29.68, 116.0}, {29.68, 116.01}, {29.69, 116.01}};
  EXPECT_TRUE(ledger::canonical_json(project_record(p, {}, "x")));
}

}  // namespace
}  // namespace lw::registry
