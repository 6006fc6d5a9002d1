#pragma once
// A lab's test record as the platform judges it (issue 7; JJ-3.4, JL-2.3): the test item, the
// raw values per specimen, the load curve, and what the lab reports. Pure: the recomputation
// and checks of the standards (concrete.hpp, steel.hpp, joints.hpp, curve.hpp) read it and give
// anomalies with the figures side by side. No storage, no clock.
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "domain/sampling.hpp"

namespace lw::domain {

/// The mechanical tests the Jiujiang notice names (JJ-3.4).
enum class TestItem {
  concrete_compression,  // 混凝土抗压强度, GB/T 50081-2019
  mortar_compression,    // 砂浆抗压强度, JGJ/T 70-2009
  rebar_tension,         // 钢筋拉伸, GB/T 228.1-2021 / GB/T 1499.2-2018
  weld_tension,          // 钢筋焊接接头拉伸, JGJ 18-2012
  splice_tension,        // 钢筋机械连接接头拉伸, JGJ 107-2016
  cement_strength,       // 水泥胶砂强度, GB/T 17671-2021
  block_compression,     // 砌块/砖抗压强度
  rock_compression,      // 岩石(基岩)单轴抗压强度
};

struct TestItemInfo {
  TestItem item;
  std::string_view code;  // stable, in the API and the database
  std::string_view name_zh;
  std::string_view name_en;
  Material material;                        // what the sampling must be of
  std::string_view qualification_category;  // the lab must be qualified for it
  std::string_view standard;                // the default method standard
};
std::span<const TestItemInfo> test_items();
const TestItemInfo* find_test_item(std::string_view code);
const TestItemInfo& test_item_info(TestItem item);

/// How a record was acquired (JL-2.3: manual must not replace auto-collection).
enum class Acquisition { auto_collected, manual };
std::string_view acquisition_name(Acquisition a);  // "auto", "manual"
std::optional<Acquisition> parse_acquisition(std::string_view name);

/// A load curve at the machine's rate: time in seconds, force in kN, displacement in mm (empty
/// when the machine records none). All channels have the same length; time never decreases.
struct Curve {
  double rate_hz = 0;  // the declared sampling rate; 0 when not declared
  std::vector<double> t_s;
  std::vector<double> force_kn;
  std::vector<double> disp_mm;
  std::size_t size() const { return t_s.size(); }
};

/// Where and how a bar or joint broke (steel and joints).
enum class FracturePosition { base_metal, heat_affected_zone, weld, connector, outside_gauge };
enum class FractureMode { ductile, brittle };
std::string_view fracture_position_name(FracturePosition p);
std::optional<FracturePosition> parse_fracture_position(std::string_view name);
std::string_view fracture_mode_name(FractureMode m);
std::optional<FractureMode> parse_fracture_mode(std::string_view name);

/// One specimen: raw values the machine and the tester measured, and what the lab reports.
struct SpecimenData {
  std::string label_code;  // the specimen's QR label
  // Raw values.
  std::optional<double> length_mm;  // cube / prism side along the load, or block length
  std::optional<double> width_mm;
  std::optional<double> height_mm;
  std::optional<double> diameter_mm;      // bars and joints: the nominal diameter
  std::optional<double> gauge_length_mm;  // L0
  std::optional<double> final_length_mm;  // Lu, after fracture
  std::optional<double> peak_load_kn;     // Fm / F
  std::optional<double> yield_load_kn;    // FeL
  std::optional<double> agt_percent;      // measured total elongation at maximum force
  std::optional<FracturePosition> fracture_position;
  std::optional<FractureMode> fracture_mode;
  std::optional<Curve> curve;
  // Reported by the lab.
  std::optional<double> strength_mpa;        // concrete / mortar f, steel Rm, joint strength
  std::optional<double> yield_strength_mpa;  // steel ReL
  std::optional<double> elongation_percent;  // steel A
};

/// The group's outcome as the lab reports it.
enum class Conclusion { pass, fail, retest, invalid };
std::string_view conclusion_name(Conclusion c);
std::optional<Conclusion> parse_conclusion(std::string_view name);

struct TestData {
  TestItem item = TestItem::concrete_compression;
  std::string grade;        // C30, M10, HRB400E; for welds and splices the bar's grade
  std::string joint_grade;  // splices: "I", "II" or "III" (JGJ 107-2016)
  std::vector<SpecimenData> specimens;
  std::optional<double> group_strength_mpa;  // reported group value (concrete, mortar)
  std::optional<Conclusion> conclusion;      // reported
  // Environment (JJ-3.4), required for manual items.
  std::optional<double> temperature_c;
  std::optional<double> humidity_percent;
};

/// A disagreement between what the lab reports and what the platform recomputes, or a breach
/// of the standard the data itself shows. `kind` is a stable token (e.g. "strength_mismatch",
/// "peak_load_mismatch", "loading_rate_out_of_band", "conclusion_mismatch"); `clause` names
/// the standard and clause; `specimen` is the 0-based index or none for the group.
struct Anomaly {
  std::string kind;
  std::string clause;
  std::optional<std::size_t> specimen;
  std::string field;
  std::optional<double> reported;
  std::optional<double> recomputed;
  std::string message_zh;
  std::string message_en;
  // For figures that are not numbers (conclusions): the reported and recomputed tokens.
  std::string reported_text;
  std::string recomputed_text;
};

/// What the platform recomputes for one specimen (none where the data allows nothing).
struct SpecimenFigures {
  std::optional<double> strength_mpa;        // f, Rm, or joint strength
  std::optional<double> yield_strength_mpa;  // ReL
  std::optional<double> elongation_percent;  // A
  std::optional<double> curve_peak_kn;
  std::optional<double> loading_rate_kn_s;  // over 10-80 % of the peak
  std::optional<double> stress_rate_mpa_s;  // the same over the loaded area (concrete)
};

/// A curve's peak agrees with the reported peak load within 0.5 % of it, and at least 0.05 kN
/// (the reported figure's own rounding; a curve stored at a lower rate than the machine's may
/// miss the top sample by a little).
inline constexpr double kPeakLoadTolerance = 0.005;
inline constexpr double kPeakLoadToleranceMinKn = 0.05;

/// The recomputation of a whole test: figures, the standard's conclusion, and the anomalies.
/// Kinds: missing_raw_value, specimen_count, unknown_grade, curve_invalid, peak_load_mismatch,
/// loading_rate_out_of_band, strength_mismatch, yield_strength_mismatch, elongation_mismatch,
/// group_strength_mismatch, group_invalid, cube_size_unknown, dimension_out_of_tolerance,
/// non_standard_cube, conclusion_mismatch. Rules: concrete.hpp, steel.hpp, joints.hpp; the
/// curve checks here (peak of every curve; loading rate of compression items).
struct TestEvaluation {
  std::vector<SpecimenFigures> specimens;    // one per specimen
  std::optional<double> group_strength_mpa;  // concrete, mortar: none when invalid
  std::optional<Conclusion> conclusion;      // when the standard concludes on the group
  std::vector<Anomaly> anomalies;
};
TestEvaluation evaluate_test(const TestData& data);

/// Every anomaly the standards find in `data` (empty: it agrees): evaluate_test's anomalies.
std::vector<Anomaly> check_test(const TestData& data);

}  // namespace lw::domain
