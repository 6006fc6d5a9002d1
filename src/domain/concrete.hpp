#pragma once
// Concrete and mortar compressive strength (issue 7, JJ-3.4): the cube strength and the group
// value of GB/T 50081-2019, the loading-rate band by grade, the lot evaluation of
// GB/T 50107-2010 (statistical, known σ0, non-statistical), and the mortar cube of
// JGJ/T 70-2009. Values are tables the code reads, each named by its clause.
#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "domain/lab_test.hpp"

namespace lw::domain {

/// fcu,k of a strength grade "C15" … "C80" (steps of 5); none otherwise.
std::optional<int> parse_concrete_grade(std::string_view grade);

/// A cube size of GB/T 50081-2019 3.2 with its size factor (5.0.5): 100 mm × 0.95,
/// 150 mm × 1.00 (standard), 200 mm × 1.05.
struct CubeSize {
  double side_mm;
  double factor;
};
std::span<const CubeSize> cube_sizes();
/// Sides may differ from the nominal by this much and the nominal area is used (3.3).
inline constexpr double kCubeSideToleranceMm = 1.0;

/// f = F / A × factor to 0.1 MPa (GB/T 50081-2019 5.0.5), for a cube whose two loaded sides
/// measure `side_a_mm` and `side_b_mm`: the nominal size is the nearest of cube_sizes within
/// 10 mm; within tolerance the nominal area is used, otherwise the measured one.
struct CubeStrength {
  CubeSize size;
  bool within_tolerance = true;
  double area_mm2 = 0;
  double strength_mpa = 0;
};
std::optional<CubeStrength> cube_strength(double load_kn, double side_a_mm, double side_b_mm);

/// The group value of three specimens (GB/T 50081-2019 5.0.5; JGJ/T 70-2009 9.0.6): the
/// mean to 0.1 MPa; if the largest or the smallest differs from the middle one by more than
/// 15 % of it, the middle one; if both do, the group is invalid.
enum class GroupRule { mean, middle, invalid };
struct GroupValue {
  GroupRule rule = GroupRule::mean;
  std::optional<double> strength_mpa;  // none when invalid
  double min_mpa = 0;
  double middle_mpa = 0;
  double max_mpa = 0;
};
GroupValue group_value(double a, double b, double c);

/// Loading rate band of GB/T 50081-2019 5.0.4 for a grade: below C30 0.3-0.5 MPa/s, C30 to
/// below C60 0.5-0.8, C60 and above 0.8-1.0.
struct RateBand {
  double min;
  double max;
  std::string_view unit;  // "MPa/s", "kN/s"
  std::string_view clause;
};
RateBand concrete_rate_band(int fcu_k);
/// A measured rate is flagged only beyond the band by more than this fraction of the bound:
/// the standard's "宜" is a target the servo holds approximately, and the fit has its error.
inline constexpr double kRateBandMargin = 0.05;

// --- GB/T 50107-2010: evaluation of a lot -------------------------------------------------

enum class LotMethod { statistical, known_sigma, non_statistical };
std::string_view lot_method_name(LotMethod m);  // "statistical", "known_sigma", "non_statistical"
std::optional<LotMethod> parse_lot_method(std::string_view name);
/// The method the standard applies: known σ0 for 3 groups with σ0 given, statistical from 10
/// groups, non-statistical below.
LotMethod default_lot_method(std::size_t groups, bool sigma0_known);

/// One inequality of the evaluation with both sides.
struct LotCriterion {
  std::string name;     // "mean", "min", "min_floor"
  std::string formula;  // "mfcu >= fcu,k + λ1·Sfcu"
  double value = 0;     // left side
  double limit = 0;     // right side
  bool pass = false;
  std::string clause;
};
struct LotCoefficient {
  std::string name;  // "λ1", "λ2", "λ3", "λ4"
  double value;
};
struct LotEvaluation {
  LotMethod method = LotMethod::statistical;
  int fcu_k = 0;
  std::size_t n = 0;
  double mean_mpa = 0;               // to 0.1 MPa
  double min_mpa = 0;                // to 0.1 MPa
  std::optional<double> sd_mpa;      // statistical: Sfcu to 0.01 MPa, floored at 2.5
  std::optional<double> sigma0_mpa;  // known σ: σ0 as used, floored at 2.5
  std::vector<LotCoefficient> coefficients;
  std::vector<LotCriterion> criteria;
  bool pass = false;
};
/// Evaluates the group values (MPa) of one lot of grade C`fcu_k`. invalid_argument on
/// "grade" (not C15-C80), "groups" ("empty"), "groups[i]" ("range"), "method"
/// ("not_applicable": statistical below 10 groups, non-statistical from 10, known σ0 other than
/// 3 groups) or "sigma0" ("required", "range").
Result<LotEvaluation> evaluate_lot(LotMethod method, int fcu_k, std::span<const double> groups,
                                   std::optional<double> sigma0 = std::nullopt);
/// σ0 from the previous period's group values (GB/T 50107-2010 5.1.2: at least 45), to 0.01
/// MPa and floored at 2.5; invalid_argument on "groups" ("too_few").
Result<double> known_sigma0(std::span<const double> previous);

// --- JGJ/T 70-2009: mortar cubes ----------------------------------------------------------

inline constexpr double kMortarCubeSideMm = 70.7;
inline constexpr double kMortarFactor = 1.35;  // K of 9.0.5
/// f = K · N / A to 0.1 MPa (JGJ/T 70-2009 9.0.5).
double mortar_strength_mpa(double load_kn, double area_mm2);
/// Loading rate of JGJ/T 70-2009 9.0.4: 0.25-1.5 kN/s.
RateBand mortar_rate_band();

// --- the checks check_test runs -------------------------------------------------------------

void evaluate_concrete(const TestData& d, TestEvaluation& e);
void evaluate_mortar(const TestData& d, TestEvaluation& e);

}  // namespace lw::domain
