#pragma once
// Reinforcing bars in tension (issue 7, JJ-3.4): the grades of GB/T 1499.2-2018 (and HPB300 of
// GB/T 1499.1-2017) with their minimums and seismic ratios, the nominal areas, the recomputation
// of ReL, Rm and A from the raw values (GB/T 228.1-2021), and the conclusion.
#include <optional>
#include <span>
#include <string_view>

#include "domain/lab_test.hpp"

namespace lw::domain {

/// A bar grade and what its tensile test must show.
struct SteelGrade {
  std::string_view name;        // "HRB400E"
  double rel_min;               // ReL, MPa (also the characteristic value ReL,k of the ratios)
  double rm_min;                // Rm, MPa (the standard Rm of joints: fstk)
  std::optional<double> a_min;  // A, %; none where the standard sets none (the E grades)
  double agt_min;               // Agt, %
  bool seismic;                 // E grades: Rm°/ReL° >= 1.25, ReL°/ReL,k <= 1.30
  std::string_view clause;
};
std::span<const SteelGrade> steel_grades();
const SteelGrade* find_steel_grade(std::string_view name);

inline constexpr double kSeismicMinTensileRatio = 1.25;  // Rm° / ReL°
inline constexpr double kSeismicMaxYieldRatio = 1.30;    // ReL° / ReL,k

/// Nominal cross-section area S0 (mm²) of a bar of nominal diameter `d_mm`: the table of
/// GB/T 1499.2-2018 (6-50 mm, also HPB300's sizes), π d²/4 for other diameters.
double nominal_area_mm2(double d_mm);

/// Rounding of strength values (YB/T 081-2013, which GB/T 1499.2-2018 names for its
/// judgement): 1 MPa up to 200 MPa, 5 MPa up to 1000 MPa, 10 MPa above. Elongations to 0.5 %.
/// A lab that rounds to 1 MPa (GB/T 228.1's default) is accepted too: reported values are
/// compared with the unrounded recomputation within half a 5 MPa step, elongations within half
/// a 0.5 % step.
double round_strength(double mpa);
double round_elongation(double percent);
inline constexpr double kSteelStrengthTolerance = 2.5;
inline constexpr double kElongationTolerance = 0.25;

/// The figures of one bar, unrounded and rounded, and whether it meets the grade.
struct BarResult {
  std::optional<double> rel_mpa;    // FeL / S0
  std::optional<double> rm_mpa;     // Fm / S0
  std::optional<double> a_percent;  // (Lu - L0) / L0 × 100
  bool pass = true;
  bool invalid = false;  // broke outside the gauge with A below the minimum: test again
};
BarResult evaluate_bar(const SteelGrade& g, const SpecimenData& s);

/// The check check_test runs for rebar_tension.
void evaluate_rebar(const TestData& d, TestEvaluation& e);

}  // namespace lw::domain
