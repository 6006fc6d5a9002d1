#include "domain/concrete.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <numeric>

#include "domain/lab_checks.hpp"
#include "domain/rounding.hpp"

namespace lw::domain {
namespace {

using checks::figure;
using checks::specimen_en;
using checks::specimen_zh;

// GB/T 50081-2019.
constexpr std::string_view kSizesClause = "GB/T 50081-2019 5.0.5";
constexpr std::string_view kToleranceClause = "GB/T 50081-2019 3.3";
constexpr std::string_view kRateClause = "GB/T 50081-2019 5.0.4";
constexpr std::string_view kGroupClause = "GB/T 50081-2019 5.0.5";
constexpr std::string_view kGradeClause = "GB 50010-2010 4.1";
constexpr std::array<CubeSize, 3> kCubeSizes{{{100, 0.95}, {150, 1.00}, {200, 1.05}}};
constexpr double kStandardSideMm = 150;
constexpr int kStandardCubeFromGrade = 60;  // C60 and above: the 150 mm cube
constexpr std::size_t kGroupSize = 3;
constexpr double kGroupRulePercent = 15;

struct GradeRate {
  int below;  // grades below this fcu,k
  double min;
  double max;
};
constexpr std::array<GradeRate, 3> kConcreteRates{
    {{30, 0.3, 0.5}, {60, 0.5, 0.8}, {1000, 0.8, 1.0}}};

// GB/T 50107-2010.
struct Lambda12 {
  std::size_t from_n;
  double lambda1;
  double lambda2;
};
constexpr std::array<Lambda12, 3> kStatistical{
    {{10, 1.15, 0.90}, {15, 1.05, 0.85}, {20, 0.95, 0.85}}};
constexpr std::size_t kStatisticalMinGroups = 10;
constexpr double kMinSd = 2.5;
constexpr std::size_t kKnownSigmaGroups = 3;
constexpr std::size_t kSigma0MinGroups = 45;
constexpr double kKnownSigmaFactor = 0.7;
constexpr double kKnownSigmaFloorUpToC20 = 0.85;
constexpr double kKnownSigmaFloorAboveC20 = 0.90;
constexpr double kLambda3BelowC60 = 1.15;
constexpr double kLambda3FromC60 = 1.10;
constexpr double kLambda4 = 0.95;

// JGJ/T 70-2009.
constexpr std::string_view kMortarClause = "JGJ/T 70-2009 9.0.5";
constexpr std::string_view kMortarGroupClause = "JGJ/T 70-2009 9.0.6";
constexpr std::string_view kMortarRateClause = "JGJ/T 70-2009 9.0.4";

// Reported strengths are to 0.1 MPa: one step absorbs a different order of rounding.
constexpr double kStrengthTolerance = 0.1 + 1e-9;

double mean(std::span<const double> v) {
  return std::accumulate(v.begin(), v.end(), 0.0) / static_cast<double>(v.size());
}

double sample_sd(std::span<const double> v) {
  const double m = mean(v);
  double ss = 0;
  for (double x : v) {
    ss += (x - m) * (x - m);
  }
  return std::sqrt(ss / static_cast<double>(v.size() - 1));
}

LotCriterion criterion(std::string name, std::string formula, double value, double limit,
                       std::string_view clause) {
  return {std::move(name), std::move(formula),    value,
          limit,           value >= limit - 1e-9, std::string(clause)};
}

// The two loaded sides of a cube: width and height, else length.
std::optional<std::pair<double, double>> loaded_sides(const SpecimenData& s) {
  std::vector<double> sides;
  for (const auto& v : {s.width_mm, s.height_mm, s.length_mm}) {
    if (v && *v > 0) {
      sides.push_back(*v);
    }
  }
  if (sides.empty()) {
    return std::nullopt;
  }
  return std::pair{sides[0], sides.size() > 1 ? sides[1] : sides[0]};
}

void check_reported_strength(const SpecimenData& s, std::size_t i, double recomputed,
                             std::string_view clause, TestEvaluation& e) {
  if (s.strength_mpa && std::fabs(*s.strength_mpa - recomputed) > kStrengthTolerance) {
    e.anomalies.push_back(checks::anomaly(
        "strength_mismatch", clause, i, "strength_mpa", s.strength_mpa, recomputed,
        specimen_zh(i) + "抗压强度报告值 " + figure(*s.strength_mpa, 1) +
            " MPa，按原始数据复算为 " + figure(recomputed, 1) + " MPa",
        specimen_en(i) + ": compressive strength reported " + figure(*s.strength_mpa, 1) +
            " MPa, recomputed from the raw values " + figure(recomputed, 1) + " MPa"));
  }
}

void check_rate(double rate, const RateBand& band, std::size_t i, std::string_view grade,
                TestEvaluation& e) {
  if (rate >= band.min * (1 - kRateBandMargin) && rate <= band.max * (1 + kRateBandMargin)) {
    return;
  }
  const std::string range =
      figure(band.min, 2) + "～" + figure(band.max, 2) + " " + std::string(band.unit);
  const std::string range_en =
      figure(band.min, 2) + "-" + figure(band.max, 2) + " " + std::string(band.unit);
  const std::string for_zh = grade.empty() ? "" : std::string(grade) + " ";
  const std::string for_en = grade.empty() ? "" : " for " + std::string(grade);
  e.anomalies.push_back(checks::anomaly(
      "loading_rate_out_of_band", band.clause, i, "curve", std::nullopt, rate,
      specimen_zh(i) + "曲线加荷速度 " + figure(rate, 2) + " " + std::string(band.unit) +
          "，不在 " + for_zh + "规定的 " + range + " 范围内",
      specimen_en(i) + ": loading rate from the curve " + figure(rate, 2) + " " +
          std::string(band.unit) + ", outside " + range_en + for_en));
}

// The group value, its comparison with the reported one, and the "invalid" conclusion.
void check_group(const TestData& d, const std::vector<double>& strengths, std::string_view clause,
                 TestEvaluation& e) {
  const GroupValue g = group_value(strengths[0], strengths[1], strengths[2]);
  e.group_strength_mpa = g.strength_mpa;
  if (g.rule == GroupRule::invalid) {
    if (d.group_strength_mpa) {
      e.anomalies.push_back(checks::anomaly(
          "group_invalid", clause, std::nullopt, "group_strength_mpa", d.group_strength_mpa,
          std::nullopt,
          "最大值和最小值与中间值之差均超过中间值的 15%，该组结果无效，却报告了强度代表值 " +
              figure(*d.group_strength_mpa, 1) + " MPa",
          "The largest and the smallest value both differ from the middle one by more than 15 %: "
          "the group is invalid, yet a group strength of " +
              figure(*d.group_strength_mpa, 1) + " MPa is reported"));
    }
    checks::conclude(d, e, Conclusion::invalid, clause);
    return;
  }
  if (d.group_strength_mpa &&
      std::fabs(*d.group_strength_mpa - *g.strength_mpa) > kStrengthTolerance) {
    const char* rule_zh = g.rule == GroupRule::middle ? "（超过 15% 取中间值）" : "（平均值）";
    const char* rule_en =
        g.rule == GroupRule::middle ? " (beyond 15 %: the middle value)" : " (the mean)";
    e.anomalies.push_back(
        checks::anomaly("group_strength_mismatch", clause, std::nullopt, "group_strength_mpa",
                        d.group_strength_mpa, g.strength_mpa,
                        "强度代表值报告值 " + figure(*d.group_strength_mpa, 1) + " MPa，复算为 " +
                            figure(*g.strength_mpa, 1) + " MPa" + rule_zh,
                        "Group strength reported " + figure(*d.group_strength_mpa, 1) +
                            " MPa, recomputed " + figure(*g.strength_mpa, 1) + " MPa" + rule_en));
  }
  if (d.conclusion == Conclusion::invalid) {
    auto a = checks::anomaly(
        "conclusion_mismatch", clause, std::nullopt, "conclusion", std::nullopt, std::nullopt,
        "报告结论为“无效”，但该组试件结果有效（强度代表值 " + figure(*g.strength_mpa, 1) + " MPa）",
        "Reported \"invalid\", but the group is valid (group strength " +
            figure(*g.strength_mpa, 1) + " MPa)");
    a.reported_text = "invalid";
    a.recomputed_text = "valid";
    e.anomalies.push_back(std::move(a));
  }
}

}  // namespace

std::optional<int> parse_concrete_grade(std::string_view grade) {
  if (grade.size() < 2 || (grade[0] != 'C' && grade[0] != 'c')) {
    return std::nullopt;
  }
  int v = 0;
  const auto* end = grade.data() + grade.size();
  const auto [ptr, ec] = std::from_chars(grade.data() + 1, end, v);
  if (ec != std::errc() || ptr != end || v < 15 || v > 80 || v % 5 != 0) {
    return std::nullopt;
  }
  return v;
}

std::span<const CubeSize> cube_sizes() {
  return kCubeSizes;
}

std::optional<CubeStrength> cube_strength(double load_kn, double side_a_mm, double side_b_mm) {
  if (!(side_a_mm > 0) || !(side_b_mm > 0) || !std::isfinite(load_kn)) {
    return std::nullopt;
  }
  const CubeSize* nearest = nullptr;
  double off = 0;
  for (const auto& size : kCubeSizes) {
    const double d =
        std::max(std::fabs(side_a_mm - size.side_mm), std::fabs(side_b_mm - size.side_mm));
    if (nearest == nullptr || d < off) {
      nearest = &size;
      off = d;
    }
  }
  if (off > 10) {
    return std::nullopt;
  }
  CubeStrength s;
  s.size = *nearest;
  s.within_tolerance = off <= kCubeSideToleranceMm + 1e-9;
  s.area_mm2 = s.within_tolerance ? nearest->side_mm * nearest->side_mm : side_a_mm * side_b_mm;
  s.strength_mpa = round_to(load_kn * 1000 / s.area_mm2 * nearest->factor, 0.1);
  return s;
}

GroupValue group_value(double a, double b, double c) {
  std::array<double, 3> v{a, b, c};
  std::sort(v.begin(), v.end());
  GroupValue g;
  g.min_mpa = v[0];
  g.middle_mpa = v[1];
  g.max_mpa = v[2];
  // In 0.1 MPa units, exactly: (middle - min) * 100 > 15 * middle.
  const auto lo = std::llround(v[0] * 10);
  const auto mid = std::llround(v[1] * 10);
  const auto hi = std::llround(v[2] * 10);
  const auto pct = static_cast<long long>(kGroupRulePercent);
  const bool low_off = (mid - lo) * 100 > pct * mid;
  const bool high_off = (hi - mid) * 100 > pct * mid;
  if (low_off && high_off) {
    g.rule = GroupRule::invalid;
  } else if (low_off || high_off) {
    g.rule = GroupRule::middle;
    g.strength_mpa = v[1];
  } else {
    g.rule = GroupRule::mean;
    g.strength_mpa = round_to((v[0] + v[1] + v[2]) / 3, 0.1);
  }
  return g;
}

RateBand concrete_rate_band(int fcu_k) {
  for (const auto& r : kConcreteRates) {
    if (fcu_k < r.below) {
      return {r.min, r.max, "MPa/s", kRateClause};
    }
  }
  return {kConcreteRates.back().min, kConcreteRates.back().max, "MPa/s", kRateClause};
}

std::string_view lot_method_name(LotMethod m) {
  switch (m) {
    case LotMethod::statistical:
      return "statistical";
    case LotMethod::known_sigma:
      return "known_sigma";
    case LotMethod::non_statistical:
      return "non_statistical";
  }
  return {};
}

std::optional<LotMethod> parse_lot_method(std::string_view name) {
  for (auto m : {LotMethod::statistical, LotMethod::known_sigma, LotMethod::non_statistical}) {
    if (lot_method_name(m) == name) {
      return m;
    }
  }
  return std::nullopt;
}

LotMethod default_lot_method(std::size_t groups, bool sigma0_known) {
  if (sigma0_known && groups == kKnownSigmaGroups) {
    return LotMethod::known_sigma;
  }
  return groups >= kStatisticalMinGroups ? LotMethod::statistical : LotMethod::non_statistical;
}

Result<LotEvaluation> evaluate_lot(LotMethod method, int fcu_k, std::span<const double> groups,
                                   std::optional<double> sigma0) {
  if (!parse_concrete_grade("C" + std::to_string(fcu_k))) {
    return field_error("grade", "invalid");
  }
  if (groups.empty()) {
    return field_error("groups", "empty");
  }
  for (std::size_t i = 0; i < groups.size(); ++i) {
    if (!std::isfinite(groups[i]) || groups[i] <= 0 || groups[i] > 500) {
      return field_error("groups[" + std::to_string(i) + "]", "range");
    }
  }
  const std::size_t n = groups.size();
  const bool applicable = (method == LotMethod::statistical && n >= kStatisticalMinGroups) ||
                          (method == LotMethod::non_statistical && n < kStatisticalMinGroups) ||
                          (method == LotMethod::known_sigma && n == kKnownSigmaGroups);
  if (!applicable) {
    return field_error("method", "not_applicable");
  }
  LotEvaluation ev;
  ev.method = method;
  ev.fcu_k = fcu_k;
  ev.n = n;
  ev.mean_mpa = round_to(mean(groups), 0.1);
  ev.min_mpa = round_to(*std::min_element(groups.begin(), groups.end()), 0.1);
  const auto k = static_cast<double>(fcu_k);
  switch (method) {
    case LotMethod::statistical: {
      constexpr std::string_view clause = "GB/T 50107-2010 5.1.3";
      const auto row = *std::find_if(kStatistical.rbegin(), kStatistical.rend(),
                                     [n](const Lambda12& r) { return n >= r.from_n; });
      ev.sd_mpa = std::max(round_to(sample_sd(groups), 0.01), kMinSd);
      ev.coefficients = {{"λ1", row.lambda1}, {"λ2", row.lambda2}};
      ev.criteria.push_back(criterion("mean", "mfcu >= fcu,k + λ1·Sfcu", ev.mean_mpa,
                                      k + row.lambda1 * *ev.sd_mpa, clause));
      ev.criteria.push_back(
          criterion("min", "fcu,min >= λ2·fcu,k", ev.min_mpa, row.lambda2 * k, clause));
      break;
    }
    case LotMethod::known_sigma: {
      constexpr std::string_view clause = "GB/T 50107-2010 5.1.2";
      if (!sigma0) {
        return field_error("sigma0", "required");
      }
      if (!std::isfinite(*sigma0) || *sigma0 <= 0 || *sigma0 > 100) {
        return field_error("sigma0", "range");
      }
      ev.sigma0_mpa = std::max(round_to(*sigma0, 0.01), kMinSd);
      const double floor = fcu_k <= 20 ? kKnownSigmaFloorUpToC20 : kKnownSigmaFloorAboveC20;
      ev.coefficients = {{"0.7", kKnownSigmaFactor}, {"floor", floor}};
      ev.criteria.push_back(criterion("mean", "mfcu >= fcu,k + 0.7·σ0", ev.mean_mpa,
                                      k + kKnownSigmaFactor * *ev.sigma0_mpa, clause));
      ev.criteria.push_back(criterion("min", "fcu,min >= fcu,k - 0.7·σ0", ev.min_mpa,
                                      k - kKnownSigmaFactor * *ev.sigma0_mpa, clause));
      ev.criteria.push_back(
          criterion("min_floor", fcu_k <= 20 ? "fcu,min >= 0.85·fcu,k" : "fcu,min >= 0.90·fcu,k",
                    ev.min_mpa, floor * k, clause));
      break;
    }
    case LotMethod::non_statistical: {
      constexpr std::string_view clause = "GB/T 50107-2010 5.2.2";
      const double lambda3 = fcu_k < 60 ? kLambda3BelowC60 : kLambda3FromC60;
      ev.coefficients = {{"λ3", lambda3}, {"λ4", kLambda4}};
      ev.criteria.push_back(
          criterion("mean", "mfcu >= λ3·fcu,k", ev.mean_mpa, lambda3 * k, clause));
      ev.criteria.push_back(
          criterion("min", "fcu,min >= λ4·fcu,k", ev.min_mpa, kLambda4 * k, clause));
      break;
    }
  }
  ev.pass = std::all_of(ev.criteria.begin(), ev.criteria.end(),
                        [](const LotCriterion& c) { return c.pass; });
  return ev;
}

Result<double> known_sigma0(std::span<const double> previous) {
  if (previous.size() < kSigma0MinGroups) {
    return field_error("groups", "too_few");
  }
  return std::max(round_to(sample_sd(previous), 0.01), kMinSd);
}

double mortar_strength_mpa(double load_kn, double area_mm2) {
  return round_to(kMortarFactor * load_kn * 1000 / area_mm2, 0.1);
}

RateBand mortar_rate_band() {
  return {0.25, 1.5, "kN/s", kMortarRateClause};
}

void evaluate_concrete(const TestData& d, TestEvaluation& e) {
  const auto fcu_k = parse_concrete_grade(d.grade);
  if (!fcu_k) {
    checks::unknown_grade(e, "grade", d.grade, kGradeClause);
  }
  std::vector<double> strengths;
  for (std::size_t i = 0; i < d.specimens.size(); ++i) {
    const SpecimenData& s = d.specimens[i];
    const auto sides = loaded_sides(s);
    if (!sides) {
      checks::missing(e, i, "width_mm", kSizesClause);
    }
    if (!s.peak_load_kn) {
      checks::missing(e, i, "peak_load_kn", kSizesClause);
    }
    if (!sides || !s.peak_load_kn) {
      continue;
    }
    const auto cube = cube_strength(*s.peak_load_kn, sides->first, sides->second);
    if (!cube) {
      e.anomalies.push_back(checks::anomaly(
          "cube_size_unknown", kSizesClause, i, "width_mm", sides->first, std::nullopt,
          specimen_zh(i) + "尺寸 " + figure(sides->first, 1) + "×" + figure(sides->second, 1) +
              " mm 不是 100、150 或 200 mm 立方体试件",
          specimen_en(i) + ": " + figure(sides->first, 1) + " × " + figure(sides->second, 1) +
              " mm is not a 100, 150 or 200 mm cube"));
      continue;
    }
    if (!cube->within_tolerance) {
      const double worst = std::fabs(sides->first - cube->size.side_mm) >=
                                   std::fabs(sides->second - cube->size.side_mm)
                               ? sides->first
                               : sides->second;
      e.anomalies.push_back(checks::anomaly(
          "dimension_out_of_tolerance", kToleranceClause, i, "width_mm", worst, cube->size.side_mm,
          specimen_zh(i) + "边长 " + figure(worst, 1) + " mm 与公称尺寸 " +
              figure(cube->size.side_mm, 0) + " mm 相差超过 1 mm，按实测面积计算",
          specimen_en(i) + ": side " + figure(worst, 1) + " mm is more than 1 mm off the nominal " +
              figure(cube->size.side_mm, 0) + " mm; the measured area is used"));
    }
    if (fcu_k && *fcu_k >= kStandardCubeFromGrade && cube->size.side_mm != kStandardSideMm) {
      e.anomalies.push_back(checks::anomaly(
          "non_standard_cube", kSizesClause, i, "width_mm", cube->size.side_mm, kStandardSideMm,
          specimen_zh(i) + "为 " + figure(cube->size.side_mm, 0) + " mm 试件；强度等级 " + d.grade +
              " 应采用 150 mm 标准立方体试件，非标准试件的换算系数应由试验确定",
          specimen_en(i) + " is a " + figure(cube->size.side_mm, 0) + " mm cube; grade " + d.grade +
              " takes the 150 mm standard cube (a size factor from tests otherwise)"));
    }
    e.specimens[i].strength_mpa = cube->strength_mpa;
    strengths.push_back(cube->strength_mpa);
    check_reported_strength(s, i, cube->strength_mpa, kSizesClause, e);
    if (e.specimens[i].loading_rate_kn_s) {
      const double rate = *e.specimens[i].loading_rate_kn_s * 1000 / cube->area_mm2;
      e.specimens[i].stress_rate_mpa_s = rate;
      if (fcu_k) {
        check_rate(rate, concrete_rate_band(*fcu_k), i, d.grade, e);
      }
    }
  }
  if (d.specimens.size() != kGroupSize) {
    checks::specimen_count(e, d.specimens.size(), "3", kGroupClause);
    return;
  }
  if (strengths.size() == kGroupSize) {
    check_group(d, strengths, kGroupClause, e);
  }
}

void evaluate_mortar(const TestData& d, TestEvaluation& e) {
  std::vector<double> strengths;
  for (std::size_t i = 0; i < d.specimens.size(); ++i) {
    const SpecimenData& s = d.specimens[i];
    const auto sides = loaded_sides(s);
    if (!sides) {
      checks::missing(e, i, "width_mm", kMortarClause);
    }
    if (!s.peak_load_kn) {
      checks::missing(e, i, "peak_load_kn", kMortarClause);
    }
    if (!sides || !s.peak_load_kn) {
      continue;
    }
    const double off = std::max(std::fabs(sides->first - kMortarCubeSideMm),
                                std::fabs(sides->second - kMortarCubeSideMm));
    if (off > 10) {
      e.anomalies.push_back(checks::anomaly(
          "cube_size_unknown", kMortarClause, i, "width_mm", sides->first, kMortarCubeSideMm,
          specimen_zh(i) + "尺寸 " + figure(sides->first, 1) + "×" + figure(sides->second, 1) +
              " mm 不是 70.7 mm 砂浆立方体试件",
          specimen_en(i) + ": " + figure(sides->first, 1) + " × " + figure(sides->second, 1) +
              " mm is not a 70.7 mm mortar cube"));
      continue;
    }
    const bool nominal = off <= kCubeSideToleranceMm + 1e-9;
    if (!nominal) {
      e.anomalies.push_back(checks::anomaly(
          "dimension_out_of_tolerance", kMortarClause, i, "width_mm", sides->first,
          kMortarCubeSideMm,
          specimen_zh(i) + "尺寸与公称尺寸 70.7 mm 相差超过 1 mm，按实测面积计算",
          specimen_en(i) + ": more than 1 mm off the nominal 70.7 mm; the measured area is used"));
    }
    const double area =
        nominal ? kMortarCubeSideMm * kMortarCubeSideMm : sides->first * sides->second;
    const double f = mortar_strength_mpa(*s.peak_load_kn, area);
    e.specimens[i].strength_mpa = f;
    strengths.push_back(f);
    check_reported_strength(s, i, f, kMortarClause, e);
    if (e.specimens[i].loading_rate_kn_s) {
      check_rate(*e.specimens[i].loading_rate_kn_s, mortar_rate_band(), i, "", e);
    }
  }
  if (d.specimens.size() != kGroupSize) {
    checks::specimen_count(e, d.specimens.size(), "3", kMortarGroupClause);
    return;
  }
  if (strengths.size() == kGroupSize) {
    check_group(d, strengths, kMortarGroupClause, e);
  }
}

}  // namespace lw::domain
