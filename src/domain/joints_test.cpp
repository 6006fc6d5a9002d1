// Welded and spliced bars in tension (issue 7, JJ-3.4): the pass / retest / fail outcome of
// JGJ 18-2012 5.1.7 and JGJ 107-2016 3.0.5 / 7.0.7, and the conclusion the lab reports.
#include "domain/joints.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <vector>

namespace lw::domain {
namespace {

constexpr auto kBase = FracturePosition::base_metal;
constexpr auto kHaz = FracturePosition::heat_affected_zone;
constexpr auto kWeld = FracturePosition::weld;
constexpr auto kConnector = FracturePosition::connector;
constexpr auto kDuctile = FractureMode::ductile;
constexpr auto kBrittle = FractureMode::brittle;

// A Ø20 specimen (S0 314.2 mm²) whose strength is `mpa`.
SpecimenData joint(double mpa, FracturePosition p, FractureMode m = kDuctile) {
  SpecimenData s;
  s.diameter_mm = 20;
  s.peak_load_kn = mpa * 314.2 / 1000;
  s.fracture_position = p;
  s.fracture_mode = m;
  return s;
}

TestData test(TestItem item, std::vector<SpecimenData> specimens, std::string joint_grade = "") {
  TestData d;
  d.item = item;
  d.grade = "HRB400";  // standard Rm 540, ReL 400
  d.joint_grade = std::move(joint_grade);
  d.specimens = std::move(specimens);
  return d;
}

struct OutcomeCase {
  const char* name;
  std::vector<SpecimenData> specimens;
  Conclusion outcome;
};

TEST(WeldTension, JGJ_18_2012_5_1_7_three_specimens_pass_retest_fail) {
  const std::vector<OutcomeCase> cases = {
      {"3 ductile in the bar >= Rm",
       {joint(560, kBase), joint(545, kBase), joint(540, kBase)},
       Conclusion::pass},
      {"2 ductile + 1 brittle in the weld >= 1.0 Rm",
       {joint(560, kBase), joint(550, kBase), joint(545, kWeld, kBrittle)},
       Conclusion::pass},
      {"ductile in the heat-affected zone counts as the bar",
       {joint(560, kHaz), joint(550, kBase), joint(545, kHaz)},
       Conclusion::pass},
      {"2 ductile + 1 brittle in the weld below Rm: retest",
       {joint(560, kBase), joint(550, kBase), joint(530, kWeld, kBrittle)},
       Conclusion::retest},
      {"brittle in the heat-affected zone counts as the weld",
       {joint(560, kBase), joint(550, kBase), joint(500, kHaz, kBrittle)},
       Conclusion::retest},
      {"1 ductile + 2 brittle in the weld: retest",
       {joint(560, kBase), joint(520, kWeld, kBrittle), joint(580, kWeld, kBrittle)},
       Conclusion::retest},
      {"3 brittle in the weld all >= Rm: retest",
       {joint(560, kWeld, kBrittle), joint(545, kWeld, kBrittle), joint(540, kWeld, kBrittle)},
       Conclusion::retest},
      {"3 brittle in the weld, one below Rm: fail",
       {joint(560, kWeld, kBrittle), joint(545, kWeld, kBrittle), joint(535, kWeld, kBrittle)},
       Conclusion::fail},
      {"a ductile break in the bar below Rm: fail",
       {joint(560, kBase), joint(550, kBase), joint(535, kBase)},
       Conclusion::fail},
      {"0 ductile in the bar + 1 ductile in the weld: fail",
       {joint(560, kWeld), joint(545, kWeld, kBrittle), joint(550, kWeld, kBrittle)},
       Conclusion::fail},
  };
  for (const auto& c : cases) {
    const auto e = evaluate_test(test(TestItem::weld_tension, c.specimens));
    ASSERT_TRUE(e.conclusion) << c.name;
    EXPECT_EQ(*e.conclusion, c.outcome) << c.name;
    EXPECT_TRUE(e.anomalies.empty()) << c.name;
  }
  EXPECT_EQ(kWeldBrittleFactor, 1.0);
}

TEST(WeldTension, JGJ_18_2012_5_1_7_retest_of_six_specimens) {
  const auto ok = joint(560, kBase);
  const auto weld_ok = joint(545, kWeld, kBrittle);
  const auto weld_low = joint(530, kWeld, kBrittle);
  const std::vector<OutcomeCase> cases = {
      {"6 ductile in the bar", {ok, ok, ok, ok, ok, ok}, Conclusion::pass},
      {"4 ductile + 2 brittle in the weld >= Rm",
       {ok, ok, ok, ok, weld_ok, weld_ok},
       Conclusion::pass},
      {"5 ductile + 1 brittle in the weld below Rm",
       {ok, ok, ok, ok, ok, weld_low},
       Conclusion::fail},
      {"3 ductile + 3 brittle in the weld >= Rm",
       {ok, ok, ok, weld_ok, weld_ok, weld_ok},
       Conclusion::fail},
  };
  for (const auto& c : cases) {
    const auto e = evaluate_test(test(TestItem::weld_tension, c.specimens));
    ASSERT_TRUE(e.conclusion) << c.name;
    EXPECT_EQ(*e.conclusion, c.outcome) << c.name;
  }
}

TEST(SpliceTension, JGJ_107_2016_3_0_5_strength_by_joint_grade) {
  const SteelGrade& bar = *find_steel_grade("HRB400");
  EXPECT_EQ(splice_required_strength(SpliceGrade::I, bar, false), 540);
  EXPECT_NEAR(splice_required_strength(SpliceGrade::I, bar, true), 594, 1e-9);
  EXPECT_EQ(splice_required_strength(SpliceGrade::II, bar, true), 540);
  EXPECT_EQ(splice_required_strength(SpliceGrade::III, bar, false), 500);
  EXPECT_EQ(parse_splice_grade("II"), SpliceGrade::II);
  EXPECT_EQ(parse_splice_grade("Ⅲ"), SpliceGrade::III);
  EXPECT_FALSE(parse_splice_grade("IV"));
}

TEST(SpliceTension, JGJ_107_2016_7_0_7_one_failure_retests_six_any_failure_rejects) {
  struct Case {
    const char* name;
    const char* grade;
    std::vector<SpecimenData> specimens;
    Conclusion outcome;
  } cases[] = {
      {"I: bars break above fstk",
       "I",
       {joint(560, kBase), joint(555, kBase), joint(545, kBase)},
       Conclusion::pass},
      {"I: connector fails at 600 >= 1.10 fstk",
       "I",
       {joint(600, kConnector), joint(545, kBase), joint(545, kBase)},
       Conclusion::pass},
      {"I: connector fails at 580 < 1.10 fstk: retest",
       "I",
       {joint(580, kConnector), joint(560, kBase), joint(560, kBase)},
       Conclusion::retest},
      {"I: two below: fail",
       "I",
       {joint(580, kConnector), joint(530, kBase), joint(560, kBase)},
       Conclusion::fail},
      {"II: connector fails at 545 >= fstk",
       "II",
       {joint(545, kConnector), joint(545, kConnector), joint(550, kBase)},
       Conclusion::pass},
      {"III: 505 >= 1.25 fyk",
       "III",
       {joint(505, kConnector), joint(505, kConnector), joint(510, kConnector)},
       Conclusion::pass},
      {"III: one at 495: retest",
       "III",
       {joint(505, kConnector), joint(495, kConnector), joint(510, kConnector)},
       Conclusion::retest},
      {"retest of 6 all above", "I", std::vector<SpecimenData>(6, joint(560, kBase)),
       Conclusion::pass},
      {"retest of 6 with one below",
       "I",
       {joint(560, kBase), joint(560, kBase), joint(560, kBase), joint(560, kBase),
        joint(560, kBase), joint(580, kConnector)},
       Conclusion::fail},
  };
  for (const auto& c : cases) {
    const auto e = evaluate_test(test(TestItem::splice_tension, c.specimens, c.grade));
    ASSERT_TRUE(e.conclusion) << c.name;
    EXPECT_EQ(*e.conclusion, c.outcome) << c.name;
    EXPECT_TRUE(e.anomalies.empty()) << c.name;
  }
}

TEST(JointTension, JJ_3_4_the_lab_conclusion_is_compared_with_the_standard) {
  TestData d = test(TestItem::weld_tension,
                    {joint(560, kBase), joint(550, kBase), joint(530, kWeld, kBrittle)});
  d.conclusion = Conclusion::pass;
  auto anomalies = check_test(d);
  ASSERT_EQ(anomalies.size(), 1U);
  EXPECT_EQ(anomalies[0].kind, "conclusion_mismatch");
  EXPECT_EQ(anomalies[0].clause, "JGJ 18-2012 5.1.7");
  EXPECT_EQ(anomalies[0].reported_text, "pass");
  EXPECT_EQ(anomalies[0].recomputed_text, "retest");
  EXPECT_EQ(anomalies[0].message_zh, "报告结论为“合格”，按标准判定应为“复验”");
  EXPECT_EQ(anomalies[0].message_en, "Reported conclusion \"pass\"; the standard gives \"retest\"");
  d.conclusion = Conclusion::retest;
  EXPECT_TRUE(check_test(d).empty());

  TestData s = test(TestItem::splice_tension,
                    {joint(560, kBase), joint(560, kBase), joint(560, kBase)}, "I");
  s.specimens[1].strength_mpa = 575;  // the lab reports more than 560
  s.conclusion = Conclusion::pass;
  anomalies = check_test(s);
  ASSERT_EQ(anomalies.size(), 1U);
  EXPECT_EQ(anomalies[0].kind, "strength_mismatch");
  EXPECT_EQ(anomalies[0].specimen, 1U);
  EXPECT_EQ(anomalies[0].recomputed, 560);
}

TEST(JointTension, JJ_3_4_counts_grades_and_raw_values_are_checked) {
  auto kinds = [](const TestData& d) {
    std::vector<std::string> k;
    for (const auto& a : check_test(d)) {
      k.push_back(a.kind + ":" + a.field);
    }
    return k;
  };
  const auto ok = joint(560, kBase);
  EXPECT_EQ(kinds(test(TestItem::weld_tension, {ok, ok, ok, ok})),
            std::vector<std::string>{"specimen_count:specimens"});
  EXPECT_EQ(kinds(test(TestItem::splice_tension, {ok, ok, ok}, "IV")),
            std::vector<std::string>{"unknown_grade:joint_grade"});
  SpecimenData no_mode = ok;
  no_mode.fracture_mode.reset();
  EXPECT_EQ(kinds(test(TestItem::weld_tension, {ok, ok, no_mode})),
            std::vector<std::string>{"missing_raw_value:fracture_mode"});
  EXPECT_FALSE(evaluate_test(test(TestItem::weld_tension, {ok, ok, no_mode})).conclusion);
}

}  // namespace
}  // namespace lw::domain
