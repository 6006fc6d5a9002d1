// A witnessed sampling group (issue 6): the checks that need no look-up — counts (JJ-1.2), who
// may make and cure concrete specimens (JJ-1.3), one valid, distinct label per specimen (JJ-1.4).
#include "domain/sampling.hpp"

#include <gtest/gtest.h>

#include "domain/label_code.hpp"
#include "support/refusals.hpp"

namespace lw::domain {
namespace {

std::string label(std::string body) {
  return body + label_check(body);
}

SamplingGroup valid_group() {
  SamplingGroup g;
  g.project_id = 7;
  g.part = "3# 楼 5 层楼板";
  g.material = Material::concrete;
  g.concrete_group = ConcreteGroup::standard_cured;
  g.grade = "C30";
  g.specimen_count = 3;
  g.mould_count = 3;
  g.maker = {SpecimenParty::Kind::contractor, "九江建工集团有限公司"};
  g.curer = {SpecimenParty::Kind::contractor, "九江建工集团有限公司 标养室"};
  g.seal_number = "JJ-F-000123";
  g.labels = {label("7KQ2M9XD4TRB"), label("0A1B2C3D4E5F"), label("ZZZZYYYYXXXX")};
  return g;
}

std::string group_refusal(const SamplingGroup& g) {
  return lw::testing::refusal(validate(g));
}

TEST(Sampling, AValidGroupPasses) {
  EXPECT_EQ(group_refusal(valid_group()), "");
  SamplingGroup rebar = valid_group();
  rebar.material = Material::rebar;
  rebar.concrete_group.reset();
  rebar.grade = "HRB400E Φ20";
  rebar.maker.kind = SpecimenParty::Kind::ready_mix_plant;  // JJ-1.3 concerns concrete only
  EXPECT_EQ(group_refusal(rebar), "");
}

TEST(Sampling, JJ_1_2_TheMouldCountMustEqualTheSpecimenCount) {
  SamplingGroup g = valid_group();
  g.mould_count = 2;
  EXPECT_EQ(group_refusal(g), "mould_count:count_mismatch");
  g = valid_group();
  g.labels.pop_back();
  EXPECT_EQ(group_refusal(g), "labels:count_mismatch");
}

TEST(Sampling, JJ_1_3_AReadyMixPlantNeitherMakesNorCuresConcreteSpecimens) {
  SamplingGroup g = valid_group();
  g.maker.kind = SpecimenParty::Kind::ready_mix_plant;
  EXPECT_EQ(group_refusal(g), "maker.kind:ready_mix_plant");
  g = valid_group();
  g.curer.kind = SpecimenParty::Kind::ready_mix_plant;
  EXPECT_EQ(group_refusal(g), "curer.kind:ready_mix_plant");
  g.concrete_group = ConcreteGroup::same_condition;
  EXPECT_EQ(group_refusal(g), "curer.kind:ready_mix_plant");
}

TEST(Sampling, JJ_1_4_EachSpecimenHasItsOwnValidLabel) {
  SamplingGroup g = valid_group();
  g.labels[1] = g.labels[0];
  EXPECT_EQ(group_refusal(g), "labels[1]:duplicate");
  g = valid_group();
  g.labels[2].back() = g.labels[2].back() == '0' ? '1' : '0';  // a wrong check symbol
  EXPECT_EQ(group_refusal(g), "labels[2]:invalid_code");
}

TEST(Sampling, JJ_1_2_ConcreteNamesItsGroupAndOtherMaterialsDoNot) {
  SamplingGroup g = valid_group();
  g.concrete_group.reset();
  EXPECT_EQ(group_refusal(g), "concrete_group:required");
  g = valid_group();
  g.material = Material::mortar;
  EXPECT_EQ(group_refusal(g), "concrete_group:not_allowed");
}

TEST(Sampling, EveryOtherFieldIsChecked) {
  auto bad = [](auto change) {
    SamplingGroup g = valid_group();
    change(g);
    return group_refusal(g);
  };
  EXPECT_EQ(bad([](SamplingGroup& g) { g.part = " "; }), "part:required");
  EXPECT_EQ(bad([](SamplingGroup& g) { g.grade = ""; }), "grade:required");
  EXPECT_EQ(bad([](SamplingGroup& g) { g.specimen_count = g.mould_count = 0; }),
            "specimen_count:range");
  EXPECT_EQ(bad([](SamplingGroup& g) { g.maker.name = ""; }), "maker.name:required");
  EXPECT_EQ(bad([](SamplingGroup& g) { g.curer.name = ""; }), "curer.name:required");
  EXPECT_EQ(bad([](SamplingGroup& g) { g.seal_number = ""; }), "seal_number:required");
}

TEST(Sampling, NamesRoundTrip) {
  for (auto m : {Material::concrete, Material::mortar, Material::rebar, Material::welded_joint,
                 Material::mechanical_splice, Material::cement, Material::block, Material::other}) {
    EXPECT_EQ(parse_material(material_name(m)), m);
  }
  for (auto c : {ConcreteGroup::standard_cured, ConcreteGroup::same_condition,
                 ConcreteGroup::formwork_removal, ConcreteGroup::impermeability}) {
    EXPECT_EQ(parse_concrete_group(concrete_group_name(c)), c);
  }
  EXPECT_EQ(parse_party_kind("ready_mix_plant"), SpecimenParty::Kind::ready_mix_plant);
  EXPECT_FALSE(parse_material("steel"));
}

}  // namespace
}  // namespace lw::domain
