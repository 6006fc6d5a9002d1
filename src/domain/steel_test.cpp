// Reinforcing bars in tension (issue 7, JJ-3.4): grade minimums, the seismic ratios of the E
// grades, nominal areas, rounding, recomputation of ReL, Rm, A, and the conclusion.
#include "domain/steel.hpp"

#include <gtest/gtest.h>

#include <algorithm>

namespace lw::domain {
namespace {

TEST(SteelGrade, GB_T_1499_2_2018_7_4_1_table_6_minimums) {
  struct Case {
    const char* name;
    double rel, rm;
    std::optional<double> a;
    double agt;
    bool seismic;
  } cases[] = {
      {"HRB400", 400, 540, 16.0, 7.5, false},  {"HRBF400", 400, 540, 16.0, 7.5, false},
      {"HRB400E", 400, 540, {}, 9.0, true},    {"HRB500", 500, 630, 15.0, 7.5, false},
      {"HRB500E", 500, 630, {}, 9.0, true},    {"HRB600", 600, 730, 14.0, 7.5, false},
      {"HPB300", 300, 420, 25.0, 10.0, false},
  };
  for (const auto& c : cases) {
    const SteelGrade* g = find_steel_grade(c.name);
    ASSERT_NE(g, nullptr) << c.name;
    EXPECT_EQ(g->rel_min, c.rel) << c.name;
    EXPECT_EQ(g->rm_min, c.rm) << c.name;
    EXPECT_EQ(g->a_min, c.a) << c.name;
    EXPECT_EQ(g->agt_min, c.agt) << c.name;
    EXPECT_EQ(g->seismic, c.seismic) << c.name;
  }
  EXPECT_EQ(find_steel_grade("HRB335"), nullptr);   // withdrawn in 2018
  EXPECT_EQ(find_steel_grade("HRB600E"), nullptr);  // not a grade of the 2018 edition
  EXPECT_EQ(kSeismicMinTensileRatio, 1.25);
  EXPECT_EQ(kSeismicMaxYieldRatio, 1.30);
}

TEST(SteelArea, GB_T_1499_2_2018_table_1_nominal_areas) {
  struct Case {
    double d, area;
  } cases[] = {{6, 28.27},  {8, 50.27},  {10, 78.54}, {12, 113.1},
               {16, 201.1}, {20, 314.2}, {25, 490.9}, {28, 615.8},
               {32, 804.2}, {40, 1257},  {50, 1964},  {13, 132.732}};  // not in the table: π d²/4
  for (const auto& c : cases) {
    EXPECT_NEAR(nominal_area_mm2(c.d), c.area, 1e-3) << c.d;
  }
}

TEST(SteelRounding, YB_T_081_2013_strength_to_5_MPa_elongation_to_half_percent) {
  struct Case {
    double in, out;
  } strength[] = {{537.4, 535}, {537.6, 540}, {537.5, 540}, {532.5, 530},
                  {150.4, 150}, {199.5, 200}, {1234, 1230}};
  for (const auto& c : strength) {
    EXPECT_EQ(round_strength(c.in), c.out) << c.in;
  }
  EXPECT_EQ(round_elongation(15.74), 15.5);
  EXPECT_EQ(round_elongation(15.76), 16.0);
  EXPECT_EQ(round_elongation(8.75), 9.0);  // a tie goes to the even multiple
}

struct Bar {
  double fel, fm, lu, agt;
  std::optional<FracturePosition> where = std::nullopt;
};

SpecimenData bar(const Bar& b, double d = 20) {
  SpecimenData s;
  s.diameter_mm = d;
  s.gauge_length_mm = 100;
  s.yield_load_kn = b.fel;
  s.peak_load_kn = b.fm;
  s.final_length_mm = b.lu;
  s.agt_percent = b.agt;
  s.fracture_position = b.where.value_or(FracturePosition::base_metal);
  s.fracture_mode = FractureMode::ductile;
  return s;
}

TestData rebar(std::string grade, std::vector<SpecimenData> specimens) {
  TestData d;
  d.item = TestItem::rebar_tension;
  d.grade = std::move(grade);
  d.specimens = std::move(specimens);
  return d;
}

// Both bars of a case alike.
TEST(SteelTension, GB_T_1499_2_2018_7_4_1_conclusion_of_two_bars) {
  // Ø20: S0 = 314.2 mm². FeL 141.4 kN = ReL 450; Fm 188.5 kN = Rm 600; Lu 125 = A 25 %.
  const Bar good{141.4, 188.5, 125, 12};
  struct Case {
    const char* name;
    const char* grade;
    Bar second;
    Conclusion conclusion;
  } cases[] = {
      {"HRB400 within every minimum", "HRB400", good, Conclusion::pass},
      {"ReL 388 rounds to 390 < 400", "HRB400", {122, 188.5, 125, 12}, Conclusion::fail},
      {"ReL 397.8 rounds to 400: judged on the rounded value",
       "HRB400",
       {125, 188.5, 125, 12},
       Conclusion::pass},
      {"Rm 534 < 540", "HRB400", {141.4, 167.8, 125, 12}, Conclusion::fail},
      {"A 15 % < 16 %", "HRB400", {141.4, 188.5, 115, 12}, Conclusion::fail},
      {"A 15 % broken outside the gauge: no result",
       "HRB400",
       {141.4, 188.5, 115, 12, FracturePosition::outside_gauge},
       Conclusion::invalid},
      {"A 18 % broken outside the gauge still counts",
       "HRB400",
       {141.4, 188.5, 118, 12, FracturePosition::outside_gauge},
       Conclusion::pass},
      {"Agt 7 % < 7.5 %", "HRB400", {141.4, 188.5, 125, 7}, Conclusion::fail},
      {"HRB400E Agt 8.5 % < 9 %", "HRB400E", {141.4, 188.5, 125, 8.5}, Conclusion::fail},
      {"HRB400E A is not required", "HRB400E", {141.4, 188.5, 112, 12}, Conclusion::pass},
      {"HRB400E Rm/ReL 570/480 = 1.19 < 1.25", "HRB400E", {150.8, 179, 125, 12}, Conclusion::fail},
      {"HRB400E ReL/ReL,k 530/400 = 1.33 > 1.30", "HRB400E", {166, 220, 125, 12}, Conclusion::fail},
      {"HRB400E both ratios inside", "HRB400E", good, Conclusion::pass},
      {"HRB500 ReL 450 < 500", "HRB500", good, Conclusion::fail},
      {"HRB600", "HRB600", {198, 243.5, 120, 10}, Conclusion::pass},
  };
  for (const auto& c : cases) {
    const auto e = evaluate_test(rebar(c.grade, {bar(c.second), bar(c.second)}));
    ASSERT_TRUE(e.conclusion) << c.name;
    EXPECT_EQ(*e.conclusion, c.conclusion) << c.name;
    EXPECT_TRUE(e.anomalies.empty()) << c.name << ": " << e.anomalies.front().kind;
  }
}

TEST(SteelTension, GB_T_228_1_2021_recomputed_figures_against_the_reported_ones) {
  SpecimenData s = bar({141.4, 188.5, 125, 12});
  s.yield_strength_mpa = 450;  // recomputed 450.03
  s.strength_mpa = 598;        // 599.94: a lab rounding to 1 MPa is accepted
  s.elongation_percent = 25.0;
  auto e = evaluate_test(rebar("HRB400", {s, s}));
  EXPECT_TRUE(e.anomalies.empty());
  ASSERT_EQ(e.specimens.size(), 2U);
  EXPECT_EQ(e.specimens[0].yield_strength_mpa, 450);
  EXPECT_EQ(e.specimens[0].strength_mpa, 600);
  EXPECT_EQ(e.specimens[0].elongation_percent, 25.0);

  s.yield_strength_mpa = 455;  // 4.97 MPa off
  s.strength_mpa = 615;
  s.elongation_percent = 25.5;
  e = evaluate_test(rebar("HRB400", {s}));
  std::vector<std::string> kinds;
  for (const auto& a : e.anomalies) {
    kinds.push_back(a.kind);
    EXPECT_EQ(a.specimen, 0U);
    EXPECT_TRUE(a.reported && a.recomputed) << a.kind;
  }
  EXPECT_EQ(kinds, (std::vector<std::string>{"yield_strength_mismatch", "strength_mismatch",
                                             "elongation_mismatch"}));
  EXPECT_EQ(e.anomalies[0].reported, 455);
  EXPECT_EQ(e.anomalies[0].recomputed, 450);
  EXPECT_NE(e.anomalies[0].message_zh.find("下屈服强度报告值 455 MPa"), std::string::npos)
      << e.anomalies[0].message_zh;
  EXPECT_NE(e.anomalies[0].message_en.find("reported 455 MPa"), std::string::npos);
}

TEST(SteelTension, GB_T_1499_2_2018_9_3_a_failed_lot_is_retested_on_double_quantity) {
  const SpecimenData ok = bar({141.4, 188.5, 125, 12});
  const SpecimenData low = bar({122, 188.5, 125, 12});
  struct Case {
    const char* name;
    std::vector<SpecimenData> specimens;
    Conclusion reported;
    bool mismatch;
  } cases[] = {
      {"first test failed, reported fail", {ok, low}, Conclusion::fail, false},
      {"first test failed, reported retest", {ok, low}, Conclusion::retest, false},
      {"first test failed, reported pass", {ok, low}, Conclusion::pass, true},
      {"retest of 4 failed, reported retest again", {ok, ok, ok, low}, Conclusion::retest, true},
      {"retest of 4 passed", {ok, ok, ok, ok}, Conclusion::pass, false},
      {"passed, reported fail", {ok, ok}, Conclusion::fail, true},
  };
  for (const auto& c : cases) {
    TestData d = rebar("HRB400", c.specimens);
    d.conclusion = c.reported;
    const auto anomalies = check_test(d);
    const bool mismatch = std::any_of(anomalies.begin(), anomalies.end(), [](const Anomaly& a) {
      return a.kind == "conclusion_mismatch";
    });
    EXPECT_EQ(mismatch, c.mismatch) << c.name;
  }
}

TEST(SteelTension, JJ_3_4_missing_raw_values_and_unknown_grades_are_anomalies) {
  SpecimenData s = bar({141.4, 188.5, 125, 12});
  s.final_length_mm.reset();
  s.agt_percent.reset();
  auto e = evaluate_test(rebar("HRB400", {s}));
  ASSERT_EQ(e.anomalies.size(), 2U);
  EXPECT_EQ(e.anomalies[0].kind, "missing_raw_value");
  EXPECT_EQ(e.anomalies[0].field, "final_length_mm");
  EXPECT_EQ(e.anomalies[0].message_zh, "第1个试件缺少原始数据：断后标距");
  EXPECT_EQ(e.anomalies[1].field, "agt_percent");
  EXPECT_FALSE(e.conclusion) << "no conclusion on incomplete data";

  e = evaluate_test(rebar("HRB335", {bar({141.4, 188.5, 125, 12})}));
  ASSERT_EQ(e.anomalies.size(), 1U);
  EXPECT_EQ(e.anomalies[0].kind, "unknown_grade");
  EXPECT_EQ(e.anomalies[0].message_en, "Grade \"HRB335\" is not known");
}

}  // namespace
}  // namespace lw::domain
