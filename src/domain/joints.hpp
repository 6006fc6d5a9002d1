#pragma once
// Welded and mechanically spliced bars in tension (issue 7, JJ-3.4): the outcome of a lot's
// specimens — pass, retest with 6 more, fail — by JGJ 18-2012 5.1.7 (welds) and
// JGJ 107-2016 3.0.5 / 7.0.7 (splices). A joint's strength is its peak force over the bar's
// nominal area, judged rounded like the bar's (steel.hpp, round_strength).
#include <optional>
#include <span>
#include <string_view>

#include "domain/lab_test.hpp"
#include "domain/steel.hpp"

namespace lw::domain {

// --- welds: JGJ 18-2012 5.1.7 (butt welds: flash, arc, electroslag, gas pressure) ----------

/// How a welded specimen broke: in the bar (or the heat-affected zone) and ductile, in the weld
/// (or the heat-affected zone) and brittle, or otherwise.
enum class WeldBreak { bar_ductile, weld_brittle, other };
WeldBreak classify_weld_break(FracturePosition p, FractureMode m);

/// A weld breaking brittle must still reach this times the bar's standard Rm (2012 edition;
/// older texts say 1.10).
inline constexpr double kWeldBrittleFactor = 1.0;

struct WeldSpecimen {
  double strength_mpa;
  FracturePosition position;
  FractureMode mode;
};
/// 3 specimens: pass when all 3 break ductile in the bar at >= Rm, or 2 do and the third
/// breaks brittle in the weld at >= 1.0 Rm; retest when 2 do and the third breaks brittle
/// below 1.0 Rm, or 1 does and 2 break brittle in the weld, or all 3 break brittle in the weld
/// at >= 1.0 Rm; fail otherwise. 6 specimens (the retest): pass when at least 4 break ductile
/// in the bar at >= Rm and the others break brittle in the weld at >= 1.0 Rm; fail otherwise.
/// None for another count. `rm_standard` is the bar's standard tensile strength.
std::optional<Conclusion> weld_outcome(std::span<const WeldSpecimen> specimens, double rm_standard);

// --- mechanical splices: JGJ 107-2016 ----------------------------------------------------

enum class SpliceGrade { I, II, III };
/// "I", "II", "III" (also "Ⅰ", "Ⅱ", "Ⅲ").
std::optional<SpliceGrade> parse_splice_grade(std::string_view name);

/// The strength a joint must reach (3.0.5): grade I fstk when the bar breaks, 1.10 fstk when
/// the connector fails; grade II fstk; grade III 1.25 fyk. fstk and fyk are the bar grade's
/// standard Rm and ReL.
double splice_required_strength(SpliceGrade grade, const SteelGrade& bar, bool connector_failed);

struct SpliceSpecimen {
  double strength_mpa;
  bool connector_failed;  // broke in the sleeve or connector, or pulled out
};
/// 7.0.7: 3 specimens: pass when all reach the grade's strength, retest with 6 when one does
/// not, fail when more do not. 6 specimens (the retest): pass when all reach it, fail
/// otherwise. None for another count.
std::optional<Conclusion> splice_outcome(SpliceGrade grade, const SteelGrade& bar,
                                         std::span<const SpliceSpecimen> specimens);

// --- the checks check_test runs ---------------------------------------------------------------

void evaluate_weld(const TestData& d, TestEvaluation& e);
void evaluate_splice(const TestData& d, TestEvaluation& e);

}  // namespace lw::domain
