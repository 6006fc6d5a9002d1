#include "domain/steel.hpp"

#include <array>
#include <cmath>
#include <numbers>
#include <string>

#include "domain/lab_checks.hpp"
#include "domain/rounding.hpp"

namespace lw::domain {
namespace {

using checks::figure;
using checks::specimen_en;
using checks::specimen_zh;

constexpr std::string_view k1499_2 = "GB/T 1499.2-2018 7.4.1";
constexpr std::string_view k1499_1 = "GB/T 1499.1-2017";
constexpr std::string_view k228 = "GB/T 228.1-2021";
constexpr std::string_view kRetestClause = "GB/T 1499.2-2018 9.3";

// GB/T 1499.2-2018 table 6; HPB300 from GB/T 1499.1-2017 table 6.
constexpr std::array<SteelGrade, 10> kGrades{{
    {"HPB300", 300, 420, 25.0, 10.0, false, k1499_1},
    {"HRB400", 400, 540, 16.0, 7.5, false, k1499_2},
    {"HRBF400", 400, 540, 16.0, 7.5, false, k1499_2},
    {"HRB400E", 400, 540, std::nullopt, 9.0, true, k1499_2},
    {"HRBF400E", 400, 540, std::nullopt, 9.0, true, k1499_2},
    {"HRB500", 500, 630, 15.0, 7.5, false, k1499_2},
    {"HRBF500", 500, 630, 15.0, 7.5, false, k1499_2},
    {"HRB500E", 500, 630, std::nullopt, 9.0, true, k1499_2},
    {"HRBF500E", 500, 630, std::nullopt, 9.0, true, k1499_2},
    {"HRB600", 600, 730, 14.0, 7.5, false, k1499_2},
}};

// GB/T 1499.2-2018 table 1: nominal diameter (mm) and nominal cross-section area (mm²).
constexpr std::array<std::pair<double, double>, 15> kAreas{{
    {6, 28.27},
    {8, 50.27},
    {10, 78.54},
    {12, 113.1},
    {14, 153.9},
    {16, 201.1},
    {18, 254.5},
    {20, 314.2},
    {22, 380.1},
    {25, 490.9},
    {28, 615.8},
    {32, 804.2},
    {36, 1018},
    {40, 1257},
    {50, 1964},
}};

void mismatch(TestEvaluation& e, std::size_t i, std::string_view kind, std::string_view field,
              double reported, double recomputed, int decimals, std::string_view unit,
              std::string_view what_zh, std::string_view what_en) {
  e.anomalies.push_back(checks::anomaly(
      kind, k228, i, field, reported, recomputed,
      specimen_zh(i) + std::string(what_zh) + "报告值 " + figure(reported, decimals) + " " +
          std::string(unit) + "，按原始数据复算为 " + figure(recomputed, decimals) + " " +
          std::string(unit),
      specimen_en(i) + ": " + std::string(what_en) + " reported " + figure(reported, decimals) +
          " " + std::string(unit) + ", recomputed from the raw values " +
          figure(recomputed, decimals) + " " + std::string(unit)));
}

}  // namespace

std::span<const SteelGrade> steel_grades() {
  return kGrades;
}

const SteelGrade* find_steel_grade(std::string_view name) {
  for (const auto& g : kGrades) {
    if (g.name == name) {
      return &g;
    }
  }
  return nullptr;
}

double nominal_area_mm2(double d_mm) {
  for (const auto& [d, area] : kAreas) {
    if (std::fabs(d - d_mm) < 1e-9) {
      return area;
    }
  }
  return std::numbers::pi * d_mm * d_mm / 4;
}

double round_strength(double mpa) {
  if (mpa <= 200) {
    return round_to(mpa, 1);
  }
  return round_to(mpa, mpa <= 1000 ? 5 : 10);
}

double round_elongation(double percent) {
  return round_to(percent, 0.5);
}

BarResult evaluate_bar(const SteelGrade& g, const SpecimenData& s) {
  BarResult r;
  if (s.diameter_mm && *s.diameter_mm > 0) {
    const double s0 = nominal_area_mm2(*s.diameter_mm);
    if (s.yield_load_kn) {
      r.rel_mpa = *s.yield_load_kn * 1000 / s0;
    }
    if (s.peak_load_kn) {
      r.rm_mpa = *s.peak_load_kn * 1000 / s0;
    }
  }
  if (s.gauge_length_mm && s.final_length_mm && *s.gauge_length_mm > 0) {
    r.a_percent = (*s.final_length_mm - *s.gauge_length_mm) / *s.gauge_length_mm * 100;
  }
  // Judged on rounded values (YB/T 081): a missing figure is judged by the lab's report only.
  if (r.rel_mpa && round_strength(*r.rel_mpa) < g.rel_min) {
    r.pass = false;
  }
  if (r.rm_mpa && round_strength(*r.rm_mpa) < g.rm_min) {
    r.pass = false;
  }
  if (g.a_min && r.a_percent && round_elongation(*r.a_percent) < *g.a_min) {
    r.pass = false;
    // GB/T 228.1-2021: a bar broken outside the gauge with A below the minimum is no result.
    r.invalid = s.fracture_position == FracturePosition::outside_gauge;
  }
  if (s.agt_percent && round_elongation(*s.agt_percent) < g.agt_min) {
    r.pass = false;
  }
  if (g.seismic && r.rel_mpa && r.rm_mpa) {
    const double rel = round_strength(*r.rel_mpa);
    const double rm = round_strength(*r.rm_mpa);
    if (round_to(rm / rel, 0.01) < kSeismicMinTensileRatio ||
        round_to(rel / g.rel_min, 0.01) > kSeismicMaxYieldRatio) {
      r.pass = false;
    }
  }
  return r;
}

void evaluate_rebar(const TestData& d, TestEvaluation& e) {
  const SteelGrade* g = find_steel_grade(d.grade);
  if (g == nullptr) {
    checks::unknown_grade(e, "grade", d.grade, k1499_2);
    return;
  }
  bool all_pass = true;
  bool any_invalid = false;
  bool complete = true;
  for (std::size_t i = 0; i < d.specimens.size(); ++i) {
    const SpecimenData& s = d.specimens[i];
    for (const auto& [present, field] :
         {std::pair{s.diameter_mm.has_value(), "diameter_mm"},
          std::pair{s.yield_load_kn.has_value(), "yield_load_kn"},
          std::pair{s.peak_load_kn.has_value(), "peak_load_kn"},
          std::pair{s.gauge_length_mm.has_value(), "gauge_length_mm"},
          std::pair{s.final_length_mm.has_value(), "final_length_mm"},
          std::pair{s.agt_percent.has_value(), "agt_percent"}}) {
      if (!present) {
        checks::missing(e, i, field, k228);
        complete = false;
      }
    }
    const BarResult r = evaluate_bar(*g, s);
    all_pass = all_pass && r.pass;
    any_invalid = any_invalid || r.invalid;
    auto& f = e.specimens[i];
    if (r.rel_mpa) {
      f.yield_strength_mpa = round_strength(*r.rel_mpa);
      if (s.yield_strength_mpa &&
          std::fabs(*s.yield_strength_mpa - *r.rel_mpa) > kSteelStrengthTolerance + 1e-9) {
        mismatch(e, i, "yield_strength_mismatch", "yield_strength_mpa", *s.yield_strength_mpa,
                 *f.yield_strength_mpa, 0, "MPa", "下屈服强度", "lower yield strength");
      }
    }
    if (r.rm_mpa) {
      f.strength_mpa = round_strength(*r.rm_mpa);
      if (s.strength_mpa &&
          std::fabs(*s.strength_mpa - *r.rm_mpa) > kSteelStrengthTolerance + 1e-9) {
        mismatch(e, i, "strength_mismatch", "strength_mpa", *s.strength_mpa, *f.strength_mpa, 0,
                 "MPa", "抗拉强度", "tensile strength");
      }
    }
    if (r.a_percent) {
      f.elongation_percent = round_elongation(*r.a_percent);
      if (s.elongation_percent &&
          std::fabs(*s.elongation_percent - *r.a_percent) > kElongationTolerance + 1e-9) {
        mismatch(e, i, "elongation_mismatch", "elongation_percent", *s.elongation_percent,
                 *f.elongation_percent, 1, "%", "断后伸长率", "elongation after fracture");
      }
    }
  }
  if (d.specimens.empty() || !complete) {
    return;  // no conclusion on incomplete data
  }
  if (any_invalid) {
    checks::conclude(d, e, Conclusion::invalid, k228);
  } else if (all_pass) {
    checks::conclude(d, e, Conclusion::pass, g->clause);
  } else {
    // A failed first test sends the lot to the retest on double the quantity: "retest" agrees.
    const bool first_test = d.specimens.size() <= 2;
    checks::conclude(d, e, Conclusion::fail, kRetestClause,
                     first_test ? std::optional(Conclusion::retest) : std::nullopt);
  }
}

}  // namespace lw::domain
