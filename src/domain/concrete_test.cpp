// Concrete and mortar compressive strength (issue 7, JJ-3.4): cube strength and size factors,
// the 15 % group rule and invalid groups, the loading-rate band, and the lot evaluation of
// GB/T 50107-2010 by each method — each case named by its clause.
#include "domain/concrete.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <vector>
#include "support/refusals.hpp"

namespace lw::domain {
namespace {

using lw::testing::refusal;

TEST(ConcreteGrade, GB_50010_2010_4_1_grades_C15_to_C80_in_steps_of_5) {
  struct Case {
    const char* grade;
    std::optional<int> fcu_k;
  } cases[] = {{"C15", 15}, {"C30", 30}, {"C55", 55}, {"C80", 80},  {"C10", {}}, {"C85", {}},
               {"C32", {}}, {"30", {}},  {"C", {}},   {"C30E", {}}, {"", {}}};
  for (const auto& c : cases) {
    EXPECT_EQ(parse_concrete_grade(c.grade), c.fcu_k) << c.grade;
  }
}

TEST(CubeStrength, GB_T_50081_2019_5_0_5_strength_to_0_1_MPa_with_size_factors) {
  struct Case {
    const char* name;
    double load_kn, a, b;
    double side, strength;
    bool within;
  } cases[] = {
      {"150 mm standard", 810, 150, 150, 150, 36.0, true},
      {"100 mm x 0.95", 360, 100, 100, 100, 34.2, true},
      {"200 mm x 1.05", 1440, 200, 200, 200, 37.8, true},
      {"within 1 mm: nominal area", 810, 150.8, 149.1, 150, 36.0, true},
      {"beyond 1 mm: measured area", 810, 152, 150, 150, 35.5, false},
      {"rounded to 0.1 MPa", 812.4, 150, 150, 150, 36.1, true},
  };
  for (const auto& c : cases) {
    const auto s = cube_strength(c.load_kn, c.a, c.b);
    ASSERT_TRUE(s) << c.name;
    EXPECT_EQ(s->size.side_mm, c.side) << c.name;
    EXPECT_NEAR(s->strength_mpa, c.strength, 1e-9) << c.name;
    EXPECT_EQ(s->within_tolerance, c.within) << c.name;
  }
  EXPECT_FALSE(cube_strength(810, 120, 120)) << "not a cube size of the standard";
  EXPECT_FALSE(cube_strength(810, 0, 150));
}

TEST(ConcreteGroup, GB_T_50081_2019_5_0_5_group_rule_15_percent_takes_middle) {
  struct Case {
    const char* name;
    double a, b, c;
    GroupRule rule;
    std::optional<double> value;
  } cases[] = {
      {"close values: the mean", 35.0, 36.0, 37.0, GroupRule::mean, 36.0},
      {"mean rounded to 0.1", 35.1, 35.2, 35.2, GroupRule::mean, 35.2},
      {"min 16.7 % below: the middle", 30.0, 36.0, 37.0, GroupRule::middle, 36.0},
      {"max 16.7 % above: the middle", 36.0, 36.0, 42.0, GroupRule::middle, 36.0},
      {"exactly 15 % above is not beyond", 36.0, 36.0, 41.4, GroupRule::mean, 37.8},
      {"exactly 15 % both sides", 30.6, 36.0, 41.4, GroupRule::mean, 36.0},
      {"order does not matter", 42.0, 36.0, 36.0, GroupRule::middle, 36.0},
  };
  for (const auto& c : cases) {
    const GroupValue g = group_value(c.a, c.b, c.c);
    EXPECT_EQ(g.rule, c.rule) << c.name;
    ASSERT_TRUE(g.strength_mpa) << c.name;
    EXPECT_NEAR(*g.strength_mpa, *c.value, 1e-9) << c.name;
  }
}

TEST(ConcreteGroup, GB_T_50081_2019_5_0_5_group_invalid_when_both_differ_beyond_15_percent) {
  const GroupValue g = group_value(30.0, 36.0, 42.0);
  EXPECT_EQ(g.rule, GroupRule::invalid);
  EXPECT_FALSE(g.strength_mpa);
  EXPECT_EQ(g.min_mpa, 30.0);
  EXPECT_EQ(g.middle_mpa, 36.0);
  EXPECT_EQ(g.max_mpa, 42.0);
}

TEST(ConcreteRate, GB_T_50081_2019_5_0_4_loading_rate_band_by_grade) {
  struct Case {
    int fcu_k;
    double min, max;
  } cases[] = {{15, 0.3, 0.5}, {25, 0.3, 0.5}, {30, 0.5, 0.8},
               {55, 0.5, 0.8}, {60, 0.8, 1.0}, {80, 0.8, 1.0}};
  for (const auto& c : cases) {
    const RateBand b = concrete_rate_band(c.fcu_k);
    EXPECT_EQ(b.min, c.min) << c.fcu_k;
    EXPECT_EQ(b.max, c.max) << c.fcu_k;
    EXPECT_EQ(b.unit, "MPa/s");
    EXPECT_EQ(b.clause, "GB/T 50081-2019 5.0.4");
  }
}

struct LotCase {
  const char* name;
  LotMethod method;
  int fcu_k;
  std::vector<double> groups;
  std::optional<double> sigma0;
  double mean, min;
  std::optional<double> sd;
  std::vector<std::pair<std::string, double>> limits;  // criterion: right side
  bool pass;
};

void expect_lot(const LotCase& c) {
  const auto r = evaluate_lot(c.method, c.fcu_k, c.groups, c.sigma0);
  ASSERT_TRUE(r) << c.name << ": " << refusal(r);
  EXPECT_EQ(r->n, c.groups.size()) << c.name;
  EXPECT_NEAR(r->mean_mpa, c.mean, 1e-9) << c.name;
  EXPECT_NEAR(r->min_mpa, c.min, 1e-9) << c.name;
  if (c.sd) {
    ASSERT_TRUE(r->sd_mpa) << c.name;
    EXPECT_NEAR(*r->sd_mpa, *c.sd, 1e-9) << c.name;
  }
  ASSERT_EQ(r->criteria.size(), c.limits.size()) << c.name;
  for (std::size_t i = 0; i < c.limits.size(); ++i) {
    EXPECT_EQ(r->criteria[i].name, c.limits[i].first) << c.name;
    EXPECT_NEAR(r->criteria[i].limit, c.limits[i].second, 1e-9) << c.name << " " << i;
    EXPECT_FALSE(r->criteria[i].clause.empty());
  }
  EXPECT_EQ(r->pass, c.pass) << c.name;
}

TEST(ConcreteLot, GB_T_50107_2010_5_1_3_statistical_method_lambda_and_S_floor) {
  const std::vector<LotCase> cases = {
      {"n 10: λ1 1.15, λ2 0.90, S 1.62 floored to 2.5",
       LotMethod::statistical,
       30,
       {32.5, 35.1, 33.8, 36.2, 31.9, 34.4, 37.0, 33.1, 35.5, 34.0},
       {},
       34.4,
       31.9,
       2.5,
       {{"mean", 30 + 1.15 * 2.5}, {"min", 27.0}},
       true},
      {"n 10: the S floor fails a tight lot",
       LotMethod::statistical,
       30,
       {32.8, 33.0, 32.6, 32.9, 32.7, 32.8, 33.1, 32.5, 32.8, 32.8},
       {},
       32.8,
       32.5,
       2.5,
       {{"mean", 32.875}, {"min", 27.0}},
       false},
      {"n 10: S 3.48 lifts the mean limit above the mean",
       LotMethod::statistical,
       30,
       {28.0, 35.0, 30.5, 38.0, 33.0, 36.5, 29.5, 34.0, 37.5, 31.0},
       {},
       33.3,
       28.0,
       3.48,
       {{"mean", 30 + 1.15 * 3.48}, {"min", 27.0}},
       false},
      {"n 10: a group below λ2 fcu,k",
       LotMethod::statistical,
       30,
       {36.5, 35.1, 33.8, 36.2, 26.9, 34.4, 37.0, 35.1, 35.5, 36.0},
       {},
       34.6,  // 34.65 rounds half to even
       26.9,
       2.89,
       {{"mean", 30 + 1.15 * 2.89}, {"min", 27.0}},
       false},
      {"n 15: λ1 1.05, λ2 0.85",
       LotMethod::statistical,
       30,
       {28.0, 35.0, 30.5, 38.0, 33.0, 36.5, 29.5, 34.0, 37.5, 31.0, 36.0, 34.5, 33.5, 35.5, 32.0},
       {},
       33.6,
       28.0,
       2.96,
       {{"mean", 30 + 1.05 * 2.96}, {"min", 25.5}},
       true},
  };
  for (const auto& c : cases) {
    expect_lot(c);
  }
  std::vector<double> twenty(20, 40.0);
  const auto r = evaluate_lot(LotMethod::statistical, 30, twenty);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->coefficients[0].value, 0.95);  // λ1 from 20 groups
  EXPECT_EQ(r->coefficients[1].value, 0.85);
}

TEST(ConcreteLot, GB_T_50107_2010_5_1_2_known_sigma_three_consecutive_groups) {
  const std::vector<LotCase> cases = {
      {"C30 σ0 3.0: mean short of fcu,k + 0.7σ0",
       LotMethod::known_sigma,
       30,
       {33.0, 32.0, 31.0},
       3.0,
       32.0,
       31.0,
       {},
       {{"mean", 32.1}, {"min", 27.9}, {"min_floor", 27.0}},
       false},
      {"C30 σ0 3.0: passes",
       LotMethod::known_sigma,
       30,
       {33.0, 32.5, 31.5},
       3.0,
       32.3,
       31.5,
       {},
       {{"mean", 32.1}, {"min", 27.9}, {"min_floor", 27.0}},
       true},
      {"σ0 2.0 floored to 2.5",
       LotMethod::known_sigma,
       30,
       {32.0, 31.8, 31.5},
       2.0,
       31.8,
       31.5,
       {},
       {{"mean", 31.75}, {"min", 28.25}, {"min_floor", 27.0}},
       true},
      {"C20: the floor is 0.85 fcu,k",
       LotMethod::known_sigma,
       20,
       {23.0, 24.0, 17.5},
       4.0,
       21.5,
       17.5,
       {},
       {{"mean", 22.8}, {"min", 17.2}, {"min_floor", 17.0}},
       false},
      {"C25: the floor is 0.90 fcu,k",
       LotMethod::known_sigma,
       25,
       {29.0, 30.0, 22.4},
       4.0,
       27.1,
       22.4,
       {},
       {{"mean", 27.8}, {"min", 22.2}, {"min_floor", 22.5}},
       false},
  };
  for (const auto& c : cases) {
    expect_lot(c);
  }
}

TEST(ConcreteLot, GB_T_50107_2010_5_2_2_non_statistical_below_10_groups) {
  const std::vector<LotCase> cases = {
      {"C30: λ3 1.15, λ4 0.95",
       LotMethod::non_statistical,
       30,
       {35.0, 34.2, 34.6},
       {},
       34.6,
       34.2,
       {},
       {{"mean", 34.5}, {"min", 28.5}},
       true},
      {"C30: mean on the limit after rounding",
       LotMethod::non_statistical,
       30,
       {34.0, 34.5, 34.9},
       {},
       34.5,
       34.0,
       {},
       {{"mean", 34.5}, {"min", 28.5}},
       true},
      {"C30: mean short",
       LotMethod::non_statistical,
       30,
       {34.0, 34.4, 34.9},
       {},
       34.4,
       34.0,
       {},
       {{"mean", 34.5}, {"min", 28.5}},
       false},
      {"C30: a group below 0.95 fcu,k",
       LotMethod::non_statistical,
       30,
       {40.0, 38.0, 28.4, 36.0},
       {},
       35.6,
       28.4,
       {},
       {{"mean", 34.5}, {"min", 28.5}},
       false},
      {"C60: λ3 1.10",
       LotMethod::non_statistical,
       60,
       {66.0, 67.0, 65.5},
       {},
       66.2,
       65.5,
       {},
       {{"mean", 66.0}, {"min", 57.0}},
       true},
  };
  for (const auto& c : cases) {
    expect_lot(c);
  }
}

TEST(ConcreteLot, GB_T_50107_2010_5_methods_apply_to_their_group_counts) {
  const std::vector<double> three{35, 36, 37};
  const std::vector<double> ten(10, 36.0);
  const double nan = std::nan("");
  struct Case {
    const char* name;
    std::string got;
    const char* want;
  } cases[] = {
      {"statistical below 10", refusal(evaluate_lot(LotMethod::statistical, 30, three)),
       "method:not_applicable"},
      {"non-statistical from 10", refusal(evaluate_lot(LotMethod::non_statistical, 30, ten)),
       "method:not_applicable"},
      {"known σ0 other than 3", refusal(evaluate_lot(LotMethod::known_sigma, 30, ten, 3.0)),
       "method:not_applicable"},
      {"known σ0 without σ0", refusal(evaluate_lot(LotMethod::known_sigma, 30, three)),
       "sigma0:required"},
      {"σ0 negative", refusal(evaluate_lot(LotMethod::known_sigma, 30, three, -1.0)),
       "sigma0:range"},
      {"grade", refusal(evaluate_lot(LotMethod::non_statistical, 32, three)), "grade:invalid"},
      {"no groups", refusal(evaluate_lot(LotMethod::non_statistical, 30, {})), "groups:empty"},
      {"a NaN", refusal(evaluate_lot(LotMethod::non_statistical, 30, std::vector{35.0, nan})),
       "groups[1]:range"},
  };
  for (const auto& c : cases) {
    EXPECT_EQ(c.got, c.want) << c.name;
  }
  EXPECT_EQ(default_lot_method(3, true), LotMethod::known_sigma);
  EXPECT_EQ(default_lot_method(3, false), LotMethod::non_statistical);
  EXPECT_EQ(default_lot_method(9, true), LotMethod::non_statistical);
  EXPECT_EQ(default_lot_method(10, false), LotMethod::statistical);
  for (auto m : {LotMethod::statistical, LotMethod::known_sigma, LotMethod::non_statistical}) {
    EXPECT_EQ(parse_lot_method(lot_method_name(m)), m);
  }
  EXPECT_FALSE(parse_lot_method("gbj107"));
}

TEST(ConcreteLot, GB_T_50107_2010_5_1_2_sigma0_from_45_previous_groups) {
  std::vector<double> previous;
  previous.reserve(45);
  for (int i = 0; i < 45; ++i) {
    previous.push_back(i % 2 == 0 ? 33.0 : 39.0);  // sd 3.03
  }
  const auto s = known_sigma0(previous);
  ASSERT_TRUE(s) << refusal(s);
  EXPECT_NEAR(*s, 3.03, 1e-9);
  previous.pop_back();
  EXPECT_EQ(refusal(known_sigma0(previous)), "groups:too_few");
  EXPECT_NEAR(*known_sigma0(std::vector<double>(45, 30.0)), 2.5, 1e-9);  // floored
}

TEST(MortarStrength, JGJ_T_70_2009_9_0_5_K_1_35_on_the_70_7_mm_cube) {
  EXPECT_NEAR(mortar_strength_mpa(30, 70.7 * 70.7), 8.1, 1e-9);
  EXPECT_NEAR(mortar_strength_mpa(74.0, 70.7 * 70.7), 20.0, 1e-9);
  const RateBand b = mortar_rate_band();
  EXPECT_EQ(b.min, 0.25);
  EXPECT_EQ(b.max, 1.5);
  EXPECT_EQ(b.unit, "kN/s");
}

}  // namespace
}  // namespace lw::domain
