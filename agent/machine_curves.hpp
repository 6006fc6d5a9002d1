#pragma once
// Testing machines as a lab runs them (issue 7 item 9): load curves of the shape the method
// standards describe, sampled at the machine's rate with machine jitter, from seeded
// randomness, and the raw values and results the lab would report from them.
//
//   concrete cube compression (GB/T 50081-2019): a near-linear rise at a loading rate inside the
//     grade's band, slight curvature near the peak, the crushing drop, the end;
//   mortar cube compression (JGJ/T 70-2009): the same on 70.7 mm cubes, the rate in kN/s;
//   steel bar tension (GB/T 228.1-2021, GB/T 1499.2-2018): elastic rise, upper yield, yield
//     plateau with small oscillation, strain hardening, necking, fracture;
//   welded joints (JGJ 18-2012) and mechanical splices (JGJ 107-2016): the bar's curve, broken
//     where the drawn fracture position says (in the bar, the heat-affected zone, the weld, the
//     connector).
//
// Faults for the demo and the platform's tests: a reported peak that disagrees with the curve,
// a loading rate outside the band, a curve reused for another specimen (rescaled about 1 % and
// with noise added), manual entry on an auto-collecting machine.
//
// Pure: no I/O, no clock; the same seed gives the same curves and values.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "test_standards.hpp"

namespace lw::sim {

/// A load curve at the machine's rate: time s, force kN, displacement mm (for compression the
/// platen travel; for steel the extension of the gauge length). Same length; time increases.
struct Curve {
  double rate_hz = 0;
  std::vector<double> t_s;
  std::vector<double> force_kn;
  std::vector<double> disp_mm;
  std::size_t size() const { return t_s.size(); }
  double duration_s() const { return t_s.empty() ? 0 : t_s.back(); }
  std::size_t peak_index() const;  // the first sample of the largest force
};

enum class Fault { none, peak_mismatch, rate_out_of_band, curve_reused, manual_on_auto };
std::string_view fault_name(Fault fault);

/// One specimen: its curve, the raw values the machine and the tester measured, and what the
/// lab reports (the fields of docs/lab-tests.md's `results.specimens[]`).
struct SpecimenResult {
  std::string label_code;
  Curve curve;
  double machine_rate = 0;  // the loading rate the machine ran (the band's unit)
  // Compression: the cube's sides.
  std::optional<double> length_mm, width_mm, height_mm;
  // Steel.
  std::optional<double> diameter_mm, gauge_length_mm, final_length_mm;
  std::optional<double> yield_load_kn;
  std::optional<double> agt_percent;
  std::optional<std::string> fracture_position;  // base_metal, heat_affected_zone, weld, connector
  std::optional<std::string> fracture_mode;      // ductile, brittle
  // Every item.
  double peak_load_kn = 0;
  double strength_mpa = 0;
  std::optional<double> yield_strength_mpa;
  std::optional<double> elongation_percent;
};

/// A group of specimens of one sampling, to be tested on one machine.
struct GroupSpec {
  Item item = Item::concrete_compression;
  std::string grade;           // the sampling's grade text
  std::string concrete_group;  // standard_cured, same_condition, formwork_removal
  std::vector<std::string> label_codes;
  double rate_hz = 0;      // the machine's sampling rate; 0: 50 Hz
  std::size_t points = 0;  // when set, the rate is chosen to give each curve about this many
  Fault fault = Fault::none;
  /// curve_reused: another test's specimen of the same kind whose curve is reused; none: a
  /// specimen of this group reuses its sibling's.
  const SpecimenResult* reuse = nullptr;
};

struct GroupResult {
  Item item = Item::concrete_compression;
  Grade grade;
  std::vector<SpecimenResult> specimens;
  std::optional<double> group_strength_mpa;  // concrete and mortar
  std::string conclusion;                    // pass, fail, retest, invalid
  Fault fault = Fault::none;                 // what was injected
  std::string fault_note;                    // in words, for the log
  LoadingBand band;
  /// Entered by hand: no curves are sent (set by manual_on_auto, or by the caller for a
  /// machine that does not collect automatically).
  bool manual = false;
  double max_load_kn() const;  // the largest peak of the group
};

/// Plays the test of a group. nullopt with the reason in `problem` when the grade or the group
/// is not one the simulator can test (an impermeability group, an unknown grade).
std::optional<GroupResult> simulate_group(const GroupSpec& spec, std::uint64_t seed,
                                          std::string* problem);

/// The faults that can be injected into a test of `item` (manual_on_auto only on an
/// auto-collecting machine).
std::vector<Fault> applicable_faults(Item item, bool auto_machine);

}  // namespace lw::sim
