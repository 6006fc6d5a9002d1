#include "domain/lab_test.hpp"

#include <array>
#include <cmath>
#include <cstdio>
#include <utility>

#include "core/enum_names.hpp"
#include "domain/concrete.hpp"
#include "domain/curve.hpp"
#include "domain/joints.hpp"
#include "domain/lab_checks.hpp"
#include "domain/steel.hpp"

namespace lw::domain {
namespace {

constexpr std::array<TestItemInfo, 8> kItems{{
    {TestItem::concrete_compression, "concrete_compression", "混凝土抗压强度",
     "Concrete compressive strength", Material::concrete, "building_materials", "GB/T 50081-2019"},
    {TestItem::mortar_compression, "mortar_compression", "砂浆抗压强度",
     "Mortar compressive strength", Material::mortar, "building_materials", "JGJ/T 70-2009"},
    {TestItem::rebar_tension, "rebar_tension", "钢筋拉伸", "Reinforcing bar tension",
     Material::rebar, "building_materials", "GB/T 228.1-2021"},
    {TestItem::weld_tension, "weld_tension", "钢筋焊接接头拉伸", "Welded bar joint tension",
     Material::welded_joint, "building_materials", "JGJ 18-2012"},
    {TestItem::splice_tension, "splice_tension", "钢筋机械连接接头拉伸",
     "Mechanical bar splice tension", Material::mechanical_splice, "building_materials",
     "JGJ 107-2016"},
    {TestItem::cement_strength, "cement_strength", "水泥胶砂强度", "Cement mortar strength",
     Material::cement, "building_materials", "GB/T 17671-2021"},
    {TestItem::block_compression, "block_compression", "砌块（砖）抗压强度",
     "Block and brick compressive strength", Material::block, "building_materials",
     "GB/T 4111-2013"},
    {TestItem::rock_compression, "rock_compression", "岩石单轴抗压强度",
     "Rock uniaxial compressive strength", Material::other, "foundation", "GB/T 50266-2013"},
}};

constexpr EnumNames<Acquisition, 2> kAcquisitions{{
    {Acquisition::auto_collected, "auto"},
    {Acquisition::manual, "manual"},
}};
constexpr EnumNames<FracturePosition, 5> kPositions{{
    {FracturePosition::base_metal, "base_metal"},
    {FracturePosition::heat_affected_zone, "heat_affected_zone"},
    {FracturePosition::weld, "weld"},
    {FracturePosition::connector, "connector"},
    {FracturePosition::outside_gauge, "outside_gauge"},
}};
constexpr EnumNames<FractureMode, 2> kModes{{
    {FractureMode::ductile, "ductile"},
    {FractureMode::brittle, "brittle"},
}};
constexpr EnumNames<Conclusion, 4> kConclusions{{
    {Conclusion::pass, "pass"},
    {Conclusion::fail, "fail"},
    {Conclusion::retest, "retest"},
    {Conclusion::invalid, "invalid"},
}};
constexpr EnumNames<Conclusion, 4> kConclusionsZh{{
    {Conclusion::pass, "合格"},
    {Conclusion::fail, "不合格"},
    {Conclusion::retest, "复验"},
    {Conclusion::invalid, "无效"},
}};

struct FieldName {
  std::string_view field;
  std::string_view zh;
  std::string_view en;
};
constexpr std::array<FieldName, 11> kFieldNames{{
    {"length_mm", "长度", "length"},
    {"width_mm", "边长（宽度）", "side (width)"},
    {"height_mm", "高度", "height"},
    {"diameter_mm", "公称直径", "nominal diameter"},
    {"gauge_length_mm", "原始标距", "original gauge length"},
    {"final_length_mm", "断后标距", "gauge length after fracture"},
    {"peak_load_kn", "最大力", "maximum force"},
    {"yield_load_kn", "下屈服力", "lower yield force"},
    {"agt_percent", "最大力总延伸率", "total elongation at maximum force"},
    {"fracture_position", "断裂位置", "fracture position"},
    {"fracture_mode", "断裂特征", "fracture mode"},
}};

// Items whose curve is a compression ramp: the loading rate over 10-80 % of the peak means
// something (a bar's rise crosses its yield plateau).
bool compression(TestItem item) {
  return item == TestItem::concrete_compression || item == TestItem::mortar_compression ||
         item == TestItem::cement_strength || item == TestItem::block_compression ||
         item == TestItem::rock_compression;
}

void check_curve(const TestData& d, std::size_t i, TestEvaluation& e) {
  const SpecimenData& s = d.specimens[i];
  const std::string_view clause = test_item_info(d.item).standard;
  const Status valid = validate_curve(*s.curve, "curve");
  if (!valid) {
    e.anomalies.push_back(
        checks::anomaly("curve_invalid", clause, i, "curve", std::nullopt, std::nullopt,
                        checks::specimen_zh(i) + "的曲线无效：" + valid.error().note,
                        checks::specimen_en(i) + ": the curve is invalid: " + valid.error().note));
    return;
  }
  const auto peak = curve_peak(*s.curve);
  e.specimens[i].curve_peak_kn = peak->force_kn;
  if (s.peak_load_kn) {
    const double tolerance =
        std::max(kPeakLoadTolerance * std::fabs(*s.peak_load_kn), kPeakLoadToleranceMinKn);
    if (std::fabs(*s.peak_load_kn - peak->force_kn) > tolerance) {
      e.anomalies.push_back(checks::anomaly(
          "peak_load_mismatch", clause, i, "peak_load_kn", s.peak_load_kn, peak->force_kn,
          checks::specimen_zh(i) + "最大力报告值 " + checks::figure(*s.peak_load_kn, 2) +
              " kN，曲线峰值为 " + checks::figure(peak->force_kn, 2) + " kN",
          checks::specimen_en(i) + ": maximum force reported " +
              checks::figure(*s.peak_load_kn, 2) + " kN, the curve's peak is " +
              checks::figure(peak->force_kn, 2) + " kN"));
    }
  }
  if (compression(d.item)) {
    if (const auto rate = loading_rate(*s.curve)) {
      e.specimens[i].loading_rate_kn_s = rate->kn_per_s;
    }
  }
}

}  // namespace

std::span<const TestItemInfo> test_items() {
  return kItems;
}

const TestItemInfo* find_test_item(std::string_view code) {
  for (const auto& info : kItems) {
    if (info.code == code) {
      return &info;
    }
  }
  return nullptr;
}

const TestItemInfo& test_item_info(TestItem item) {
  for (const auto& info : kItems) {
    if (info.item == item) {
      return info;
    }
  }
  return kItems.front();
}

std::string_view acquisition_name(Acquisition a) {
  return name_from(kAcquisitions, a);
}
std::optional<Acquisition> parse_acquisition(std::string_view name) {
  return parse_from(kAcquisitions, name);
}
std::string_view fracture_position_name(FracturePosition p) {
  return name_from(kPositions, p);
}
std::optional<FracturePosition> parse_fracture_position(std::string_view name) {
  return parse_from(kPositions, name);
}
std::string_view fracture_mode_name(FractureMode m) {
  return name_from(kModes, m);
}
std::optional<FractureMode> parse_fracture_mode(std::string_view name) {
  return parse_from(kModes, name);
}
std::string_view conclusion_name(Conclusion c) {
  return name_from(kConclusions, c);
}
std::optional<Conclusion> parse_conclusion(std::string_view name) {
  return parse_from(kConclusions, name);
}

TestEvaluation evaluate_test(const TestData& d) {
  TestEvaluation e;
  e.specimens.resize(d.specimens.size());
  if (d.specimens.empty()) {
    checks::specimen_count(e, 0, "1+", test_item_info(d.item).standard);
    return e;
  }
  for (std::size_t i = 0; i < d.specimens.size(); ++i) {
    if (d.specimens[i].curve) {
      check_curve(d, i, e);
    }
  }
  switch (d.item) {
    case TestItem::concrete_compression:
      evaluate_concrete(d, e);
      break;
    case TestItem::mortar_compression:
      evaluate_mortar(d, e);
      break;
    case TestItem::rebar_tension:
      evaluate_rebar(d, e);
      break;
    case TestItem::weld_tension:
      evaluate_weld(d, e);
      break;
    case TestItem::splice_tension:
      evaluate_splice(d, e);
      break;
    case TestItem::cement_strength:
    case TestItem::block_compression:
    case TestItem::rock_compression:
      break;  // the curve checks only, for now
  }
  return e;
}

std::vector<Anomaly> check_test(const TestData& data) {
  return evaluate_test(data).anomalies;
}

namespace checks {

std::string figure(double v, int decimals) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, v == 0 ? 0.0 : v);
  return buf;
}

Anomaly anomaly(std::string_view kind, std::string_view clause, std::optional<std::size_t> specimen,
                std::string_view field, std::optional<double> reported,
                std::optional<double> recomputed, std::string message_zh, std::string message_en) {
  Anomaly a;
  a.kind = kind;
  a.clause = clause;
  a.specimen = specimen;
  a.field = field;
  a.reported = reported;
  a.recomputed = recomputed;
  a.message_zh = std::move(message_zh);
  a.message_en = std::move(message_en);
  return a;
}

void missing(TestEvaluation& e, std::size_t i, std::string_view field, std::string_view clause) {
  std::string_view zh = field;
  std::string_view en = field;
  for (const auto& f : kFieldNames) {
    if (f.field == field) {
      zh = f.zh;
      en = f.en;
    }
  }
  e.anomalies.push_back(anomaly("missing_raw_value", clause, i, field, std::nullopt, std::nullopt,
                                specimen_zh(i) + "缺少原始数据：" + std::string(zh),
                                specimen_en(i) + ": raw value missing: " + std::string(en)));
}

void specimen_count(TestEvaluation& e, std::size_t given, std::string_view expected,
                    std::string_view clause) {
  e.anomalies.push_back(anomaly("specimen_count", clause, std::nullopt, "specimens",
                                static_cast<double>(given), std::nullopt,
                                "该项目每组应为 " + std::string(expected) + " 个试件，实际为 " +
                                    std::to_string(given) + " 个",
                                "The item takes " + std::string(expected) + " specimens a group; " +
                                    std::to_string(given) + " given"));
}

void unknown_grade(TestEvaluation& e, std::string_view field, std::string_view grade,
                   std::string_view clause) {
  e.anomalies.push_back(anomaly("unknown_grade", clause, std::nullopt, field, std::nullopt,
                                std::nullopt, "等级“" + std::string(grade) + "”无法识别",
                                "Grade \"" + std::string(grade) + "\" is not known"));
}

void conclude(const TestData& d, TestEvaluation& e, Conclusion expected, std::string_view clause,
              std::optional<Conclusion> also_accepted) {
  e.conclusion = expected;
  if (!d.conclusion || *d.conclusion == expected || d.conclusion == also_accepted) {
    return;
  }
  auto a =
      anomaly("conclusion_mismatch", clause, std::nullopt, "conclusion", std::nullopt, std::nullopt,
              "报告结论为“" + std::string(conclusion_zh(*d.conclusion)) + "”，按标准判定应为“" +
                  std::string(conclusion_zh(expected)) + "”",
              "Reported conclusion \"" + std::string(conclusion_name(*d.conclusion)) +
                  "\"; the standard gives \"" + std::string(conclusion_name(expected)) + "\"");
  a.reported_text = conclusion_name(*d.conclusion);
  a.recomputed_text = conclusion_name(expected);
  e.anomalies.push_back(std::move(a));
}

std::string_view conclusion_zh(Conclusion c) {
  return name_from(kConclusionsZh, c);
}

std::string specimen_zh(std::size_t i) {
  return "第" + std::to_string(i + 1) + "个试件";
}

std::string specimen_en(std::size_t i) {
  return "Specimen " + std::to_string(i + 1);
}

}  // namespace checks

}  // namespace lw::domain
