#pragma once
// What the method and product standards say, as a lab applies them to a test: the items and
// their standards, the grades and their minimums, the loading-rate bands, the rounding, the
// group value and the conclusion of a group (the lab's side; the platform recomputes these in
// src/domain independently). Used by the simulator's machines (machine_curves.hpp).
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace lw::sim {

inline constexpr double kConcreteSideMm = 150.0;  // the standard cube (GB/T 50081-2019)
inline constexpr double kMortarSideMm = 70.7;     // JGJ/T 70-2009
inline constexpr double kMortarFactor = 1.35;     // JGJ/T 70-2009 §9.0.5: f = K N / A

/// The test items the simulator plays (codes as in docs/lab-tests.md).
enum class Item {
  concrete_compression,
  mortar_compression,
  rebar_tension,
  weld_tension,
  splice_tension
};
std::string_view item_code(Item item);
/// The method standard sent with a test of the item.
std::string_view item_standard(Item item);
/// The item a sampling's material (`concrete`, `rebar`, …) is tested for; nullopt when the
/// simulator plays no machine for it (cement, blocks, …).
std::optional<Item> item_for_material(std::string_view material);
bool is_steel(Item item);  // rebar, welds, splices

/// A reinforcing-steel grade's minimums (GB/T 1499.1 / 1499.2).
struct SteelGrade {
  std::string_view name;   // "HRB400E"
  double rel_min_mpa;      // ReL
  double rm_min_mpa;       // Rm (fstk)
  double a_min_percent;    // A
  double agt_min_percent;  // Agt
  bool seismic;            // "E": Rm/ReL ≥ 1.25, ReL/ReL,min ≤ 1.30, Agt ≥ 9 %
};
const SteelGrade* find_steel_grade(std::string_view name);

/// What a sampling's grade text says: "C30", "M7.5", "HRB400E Φ20", "HRB400 Φ25 I级".
struct Grade {
  std::string name;                   // "C30", "M7.5", "HRB400E"
  double nominal = 0;                 // fcu,k (concrete), f2 (mortar), ReL,min (steel), MPa
  std::optional<double> diameter_mm;  // steel, when the text names it (Φ20, φ20, D20, 20mm)
  std::string splice_grade = "I";     // splices: I, II or III
  const SteelGrade* steel = nullptr;  // steel items
};
/// nullopt when the text names no grade the item knows.
std::optional<Grade> parse_grade(Item item, std::string_view text);

/// The loading-rate band of the method standard: concrete MPa/s by grade (GB/T 50081-2019
/// §5.0.4), mortar kN/s (JGJ/T 70-2009 §9.0.4), steel MPa/s in the elastic range (GB/T 228.1
/// method B, E ≥ 150 GPa).
struct LoadingBand {
  double low = 0;
  double high = 0;
  std::string_view unit;  // "MPa/s" or "kN/s"
  std::string_view clause;
};
LoadingBand loading_band(Item item, const Grade& grade);

/// The nominal cross-section of a bar (GB/T 1499.2 Table: πd²/4 to 0.1 mm²).
double bar_area_mm2(double diameter_mm);

/// Rounds to a multiple of `step`, half to even, as the standards' 修约 does (GB/T 8170).
double round_to(double value, double step);

/// GB/T 50081-2019 §5.0.5 and JGJ/T 70-2009 §9.0.5: the mean of three, the middle value when the
/// largest or the smallest is more than 15 % from it, none (an invalid group) when both are.
std::optional<double> group_value(std::vector<double> strengths_mpa);

/// A bar's reported values against its grade (GB/T 1499.2; the E grades' ratios too).
bool bar_meets(const SteelGrade& g, double rel_mpa, double rm_mpa, double a_percent,
               double agt_percent);

/// How a joint broke and at what strength.
struct JointBreak {
  double strength_mpa = 0;
  bool ductile = true;
  bool connector = false;  // a splice's connector failed rather than the bar
};
/// JGJ 18-2012 §5.1.7 (as domain-facts.md states it): pass, retest or fail.
std::string weld_conclusion(const SteelGrade& bar, const std::vector<JointBreak>& breaks);
/// JGJ 107-2016 §3.0.5: each joint against its grade's strength; one short, retest; more, fail.
std::string splice_conclusion(const Grade& grade, const std::vector<JointBreak>& breaks);

}  // namespace lw::sim
