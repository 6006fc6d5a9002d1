#include "domain/joints.hpp"

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "domain/lab_checks.hpp"

namespace lw::domain {
namespace {

using checks::figure;
using checks::specimen_en;
using checks::specimen_zh;

constexpr std::string_view kWeldClause = "JGJ 18-2012 5.1.7";
constexpr std::string_view kSpliceStrengthClause = "JGJ 107-2016 3.0.5";
constexpr std::string_view kSpliceClause = "JGJ 107-2016 7.0.7";
constexpr std::size_t kFirstRound = 3;
constexpr std::size_t kRetestRound = 6;
constexpr double kGradeIConnectorFactor = 1.10;
constexpr double kGradeIIIYieldFactor = 1.25;

// The joint strength of specimen i from its raw values, compared with the reported one.
std::optional<double> joint_strength(const SpecimenData& s, std::size_t i, std::string_view clause,
                                     TestEvaluation& e) {
  if (!s.diameter_mm || *s.diameter_mm <= 0) {
    checks::missing(e, i, "diameter_mm", clause);
  }
  if (!s.peak_load_kn) {
    checks::missing(e, i, "peak_load_kn", clause);
  }
  if (!s.diameter_mm || *s.diameter_mm <= 0 || !s.peak_load_kn) {
    return std::nullopt;
  }
  const double exact = *s.peak_load_kn * 1000 / nominal_area_mm2(*s.diameter_mm);
  const double rounded = round_strength(exact);
  e.specimens[i].strength_mpa = rounded;
  if (s.strength_mpa && std::fabs(*s.strength_mpa - exact) > kSteelStrengthTolerance + 1e-9) {
    e.anomalies.push_back(
        checks::anomaly("strength_mismatch", clause, i, "strength_mpa", s.strength_mpa, rounded,
                        specimen_zh(i) + "接头抗拉强度报告值 " + figure(*s.strength_mpa, 0) +
                            " MPa，按最大力和公称面积复算为 " + figure(rounded, 0) + " MPa",
                        specimen_en(i) + ": joint strength reported " + figure(*s.strength_mpa, 0) +
                            " MPa, recomputed from the peak force and the nominal area " +
                            figure(rounded, 0) + " MPa"));
  }
  return rounded;
}

// A first round of 3 or a retest of 6.
bool counted(std::size_t n, std::string_view clause, TestEvaluation& e) {
  if (n == kFirstRound || n == kRetestRound) {
    return true;
  }
  checks::specimen_count(e, n, "3 / 6", clause);
  return false;
}

}  // namespace

WeldBreak classify_weld_break(FracturePosition p, FractureMode m) {
  // The heat-affected zone counts as the bar when ductile and as the weld when brittle.
  if (m == FractureMode::ductile &&
      (p == FracturePosition::base_metal || p == FracturePosition::heat_affected_zone)) {
    return WeldBreak::bar_ductile;
  }
  if (m == FractureMode::brittle &&
      (p == FracturePosition::weld || p == FracturePosition::heat_affected_zone)) {
    return WeldBreak::weld_brittle;
  }
  return WeldBreak::other;
}

std::optional<Conclusion> weld_outcome(std::span<const WeldSpecimen> specimens,
                                       double rm_standard) {
  const double brittle_min = kWeldBrittleFactor * rm_standard;
  std::size_t bar_ok = 0;       // ductile in the bar at >= Rm
  std::size_t weld_strong = 0;  // brittle in the weld at >= 1.0 Rm
  std::size_t weld_weak = 0;    // brittle in the weld below it
  for (const auto& s : specimens) {
    switch (classify_weld_break(s.position, s.mode)) {
      case WeldBreak::bar_ductile:
        bar_ok += s.strength_mpa >= rm_standard ? 1 : 0;
        break;
      case WeldBreak::weld_brittle:
        (s.strength_mpa >= brittle_min ? weld_strong : weld_weak) += 1;
        break;
      case WeldBreak::other:
        break;
    }
  }
  if (specimens.size() == kFirstRound) {
    if (bar_ok == 3 || (bar_ok == 2 && weld_strong == 1)) {
      return Conclusion::pass;
    }
    if ((bar_ok == 2 && weld_weak == 1) || (bar_ok == 1 && weld_strong + weld_weak == 2) ||
        weld_strong == 3) {
      return Conclusion::retest;
    }
    return Conclusion::fail;
  }
  if (specimens.size() == kRetestRound) {
    return bar_ok >= 4 && bar_ok + weld_strong == kRetestRound ? Conclusion::pass
                                                               : Conclusion::fail;
  }
  return std::nullopt;
}

std::optional<SpliceGrade> parse_splice_grade(std::string_view name) {
  if (name == "I" || name == "Ⅰ") {
    return SpliceGrade::I;
  }
  if (name == "II" || name == "Ⅱ") {
    return SpliceGrade::II;
  }
  if (name == "III" || name == "Ⅲ") {
    return SpliceGrade::III;
  }
  return std::nullopt;
}

double splice_required_strength(SpliceGrade grade, const SteelGrade& bar, bool connector_failed) {
  switch (grade) {
    case SpliceGrade::I:
      return connector_failed ? kGradeIConnectorFactor * bar.rm_min : bar.rm_min;
    case SpliceGrade::II:
      return bar.rm_min;
    case SpliceGrade::III:
      return kGradeIIIYieldFactor * bar.rel_min;
  }
  return bar.rm_min;
}

std::optional<Conclusion> splice_outcome(SpliceGrade grade, const SteelGrade& bar,
                                         std::span<const SpliceSpecimen> specimens) {
  std::size_t failed = 0;
  for (const auto& s : specimens) {
    if (s.strength_mpa < splice_required_strength(grade, bar, s.connector_failed) - 1e-9) {
      ++failed;
    }
  }
  if (specimens.size() == kFirstRound) {
    return failed == 0 ? Conclusion::pass : failed == 1 ? Conclusion::retest : Conclusion::fail;
  }
  if (specimens.size() == kRetestRound) {
    return failed == 0 ? Conclusion::pass : Conclusion::fail;
  }
  return std::nullopt;
}

void evaluate_weld(const TestData& d, TestEvaluation& e) {
  const SteelGrade* bar = find_steel_grade(d.grade);
  if (bar == nullptr) {
    checks::unknown_grade(e, "grade", d.grade, kWeldClause);
  }
  std::vector<WeldSpecimen> judged;
  for (std::size_t i = 0; i < d.specimens.size(); ++i) {
    const SpecimenData& s = d.specimens[i];
    const auto f = joint_strength(s, i, kWeldClause, e);
    if (!s.fracture_position) {
      checks::missing(e, i, "fracture_position", kWeldClause);
    }
    if (!s.fracture_mode) {
      checks::missing(e, i, "fracture_mode", kWeldClause);
    }
    if (f && s.fracture_position && s.fracture_mode) {
      judged.push_back({*f, *s.fracture_position, *s.fracture_mode});
    }
  }
  if (!counted(d.specimens.size(), kWeldClause, e) || bar == nullptr ||
      judged.size() != d.specimens.size()) {
    return;
  }
  checks::conclude(d, e, *weld_outcome(judged, bar->rm_min), kWeldClause);
}

void evaluate_splice(const TestData& d, TestEvaluation& e) {
  const SteelGrade* bar = find_steel_grade(d.grade);
  if (bar == nullptr) {
    checks::unknown_grade(e, "grade", d.grade, kSpliceStrengthClause);
  }
  const auto grade = parse_splice_grade(d.joint_grade);
  if (!grade) {
    checks::unknown_grade(e, "joint_grade", d.joint_grade, kSpliceStrengthClause);
  }
  std::vector<SpliceSpecimen> judged;
  for (std::size_t i = 0; i < d.specimens.size(); ++i) {
    const SpecimenData& s = d.specimens[i];
    const auto f = joint_strength(s, i, kSpliceStrengthClause, e);
    if (!s.fracture_position) {
      checks::missing(e, i, "fracture_position", kSpliceStrengthClause);
    }
    if (f && s.fracture_position) {
      judged.push_back({*f, *s.fracture_position == FracturePosition::connector});
    }
  }
  if (!counted(d.specimens.size(), kSpliceClause, e) || bar == nullptr || !grade ||
      judged.size() != d.specimens.size()) {
    return;
  }
  checks::conclude(d, e, *splice_outcome(*grade, *bar, judged), kSpliceClause);
}

}  // namespace lw::domain
