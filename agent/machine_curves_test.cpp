// The simulator's machines (agent/machine_curves, issue 7 item 9): the curves have the shape the
// method standards describe and carry the values a lab would report; a seed gives the same
// test; each injected fault produces what it claims. Also the request bodies of
// docs/lab-tests.md and a lab's choice of machine and people.
#include <openssl/evp.h>

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <ostream>
#include <string>
#include <vector>

#include "lab_roster.hpp"
#include "machine_curves.hpp"
#include "test_requests.hpp"

namespace lw::sim {
namespace {

constexpr int kDraws = 30;  // seeds per case: normal draws, not a lucky one

GroupResult play(Item item, const std::string& grade, std::uint64_t seed, Fault fault = Fault::none,
                 std::size_t specimens = 3, const std::string& concrete_group = "standard_cured") {
  GroupSpec spec;
  spec.item = item;
  spec.grade = grade;
  spec.concrete_group = concrete_group;
  for (std::size_t i = 0; i < specimens; ++i) {
    spec.label_codes.push_back("LABEL" + std::to_string(i));
  }
  spec.fault = fault;
  std::string problem;
  auto r = simulate_group(spec, seed, &problem);
  EXPECT_TRUE(r) << problem;
  return r ? *r : GroupResult{};
}

double curve_peak(const Curve& c) {
  return c.force_kn[c.peak_index()];
}

// The force rate (kN/s) by least squares over the rise between `lo` and `hi` of the peak.
double rise_rate(const Curve& c, double lo, double hi) {
  const std::size_t top = c.peak_index();
  const double fm = c.force_kn[top];
  double n = 0, st = 0, sf = 0, stt = 0, stf = 0;
  for (std::size_t i = 0; i < top; ++i) {
    if (c.force_kn[i] >= lo * fm && c.force_kn[i] <= hi * fm) {
      n += 1;
      st += c.t_s[i];
      sf += c.force_kn[i];
      stt += c.t_s[i] * c.t_s[i];
      stf += c.t_s[i] * c.force_kn[i];
    }
  }
  return (n * stf - st * sf) / (n * stt - st * st);
}

// The concrete loading rate in MPa/s, as the platform reads it from a 150 mm cube's curve.
double concrete_rate_mpa_s(const Curve& c) {
  return rise_rate(c, 0.1, 0.8) * 1000 / 22500;
}

double bar_area(double d) {
  return round_to(M_PI * d * d / 4, 0.1);
}

void expect_well_formed(const Curve& c) {
  ASSERT_GT(c.size(), 100u);
  ASSERT_EQ(c.force_kn.size(), c.size());
  ASSERT_EQ(c.disp_mm.size(), c.size());
  EXPECT_EQ(c.t_s.front(), 0.0);
  for (std::size_t i = 1; i < c.size(); ++i) {
    ASSERT_GT(c.t_s[i], c.t_s[i - 1]) << "time goes forward at " << i;
  }
  // The machine's rate: as many points as the duration says, give or take one.
  EXPECT_NEAR(static_cast<double>(c.size()), c.duration_s() * c.rate_hz, 2.0);
}

// ---- Concrete (GB/T 50081-2019) ----

struct ConcreteCase {
  const char* grade;
  double fcuk, sigma, rate_low, rate_high;
};

std::ostream& operator<<(std::ostream& out, const ConcreteCase& k) {
  return out << k.grade;
}

class ConcreteCurve : public ::testing::TestWithParam<ConcreteCase> {};

TEST_P(ConcreteCurve, JJ_3_4_PeakAndLoadingRateInsideTheBand) {
  const ConcreteCase k = GetParam();
  for (int seed = 1; seed <= kDraws; ++seed) {
    const GroupResult r = play(Item::concrete_compression, k.grade, seed);
    ASSERT_EQ(r.specimens.size(), 3u);
    EXPECT_EQ(r.band.low, k.rate_low);
    EXPECT_EQ(r.band.high, k.rate_high);
    // The group's strength around the grade's expected value fcu,k + 1.645σ.
    ASSERT_TRUE(r.group_strength_mpa);
    EXPECT_GE(*r.group_strength_mpa, k.fcuk) << "seed " << seed;
    EXPECT_LE(*r.group_strength_mpa, k.fcuk + 1.645 * k.sigma + 2 * k.sigma) << "seed " << seed;
    EXPECT_EQ(r.conclusion, "pass");
    for (const auto& s : r.specimens) {
      expect_well_formed(s.curve);
      EXPECT_EQ(s.curve.rate_hz, 50.0);
      // The reported peak is the curve's, to the 0.1 kN it is reported in.
      EXPECT_NEAR(s.peak_load_kn, curve_peak(s.curve), 0.051);
      EXPECT_NEAR(s.strength_mpa, s.peak_load_kn * 1000 / 22500, 0.051);
      const double rate = concrete_rate_mpa_s(s.curve);
      EXPECT_GE(rate, k.rate_low) << k.grade << " seed " << seed;
      EXPECT_LE(rate, k.rate_high) << k.grade << " seed " << seed;
    }
  }
}

INSTANTIATE_TEST_SUITE_P(Grades, ConcreteCurve,
                         ::testing::Values(ConcreteCase{"C25", 25, 5, 0.3, 0.5},
                                           ConcreteCase{"C30", 30, 5, 0.5, 0.8},
                                           ConcreteCase{"C60", 60, 6, 0.8, 1.0}),
                         [](const auto& info) { return std::string(info.param.grade); });

TEST(ConcreteCurve, JJ_3_4_BendsNearThePeakThenDropsAndEnds) {
  for (int seed = 1; seed <= kDraws; ++seed) {
    const GroupResult r = play(Item::concrete_compression, "C30", seed);
    for (const auto& s : r.specimens) {
      const Curve& c = s.curve;
      const std::size_t top = c.peak_index();
      const double fm = c.force_kn[top];
      // Slower near the peak than on the way up: the specimen softens.
      EXPECT_LT(rise_rate(c, 0.97, 0.999), 0.8 * rise_rate(c, 0.1, 0.8)) << "seed " << seed;
      // After the peak the cube crushes: the force falls and the test ends within seconds.
      EXPECT_LT(c.force_kn.back(), 0.65 * fm);
      EXPECT_LT(c.t_s.back() - c.t_s[top], 3.0);
      EXPECT_GT(c.size() - top, 10u);
      // The platen moves on: displacement grows with the load.
      EXPECT_GT(c.disp_mm[top], 0.3);
      EXPECT_GT(c.disp_mm.back(), c.disp_mm[top]);
    }
  }
}

TEST(ConcreteCurve, JJ_3_4_GroupValueFollowsTheFifteenPercentRule) {
  const GroupResult r = play(Item::concrete_compression, "C30", 5);
  std::vector<double> v;
  for (const auto& s : r.specimens) {
    v.push_back(s.strength_mpa);
  }
  std::sort(v.begin(), v.end());
  ASSERT_LE(v[2] - v[1], 0.15 * v[1]);  // normal draws stay within the rule
  ASSERT_LE(v[1] - v[0], 0.15 * v[1]);
  EXPECT_NEAR(*r.group_strength_mpa, (v[0] + v[1] + v[2]) / 3, 0.051);
}

TEST(MortarCurve, JJ_3_4_SeventyMillimetreCubesAtTheirRate) {
  for (int seed = 1; seed <= kDraws; ++seed) {
    const GroupResult r = play(Item::mortar_compression, "M10", seed);
    EXPECT_EQ(r.band.unit, "kN/s");
    for (const auto& s : r.specimens) {
      expect_well_formed(s.curve);
      EXPECT_EQ(*s.length_mm, 70.7);
      const double rate = rise_rate(s.curve, 0.1, 0.8);
      EXPECT_GE(rate, 0.25);
      EXPECT_LE(rate, 1.5);
      // f = 1.35 N / A (JGJ/T 70-2009).
      EXPECT_NEAR(s.strength_mpa, 1.35 * s.peak_load_kn * 1000 / (70.7 * 70.7), 0.051);
    }
    EXPECT_GE(*r.group_strength_mpa, 10.0);
  }
}

// ---- Steel (GB/T 228.1-2021, GB/T 1499.2-2018) ----

struct SteelCase {
  const char* grade;
  double rel_min, rm_min, a_min, agt_min;
  bool seismic;
};

std::ostream& operator<<(std::ostream& out, const SteelCase& k) {
  return out << k.grade;
}

class SteelCurve : public ::testing::TestWithParam<SteelCase> {};

TEST_P(SteelCurve, JJ_3_4_NormalDrawsMeetTheGradeAndItsSeismicRatios) {
  const SteelCase k = GetParam();
  const double diameters[] = {12, 14, 16, 18, 20, 22, 25, 28, 32};
  for (int seed = 1; seed <= kDraws; ++seed) {
    const double d = diameters[seed % 9];
    const std::string grade = std::string(k.grade) + " Φ" + std::to_string(static_cast<int>(d));
    const GroupResult r = play(Item::rebar_tension, grade, seed, Fault::none, 2);
    ASSERT_EQ(r.grade.name, k.grade);
    EXPECT_EQ(r.conclusion, "pass") << grade << " seed " << seed;
    for (const auto& s : r.specimens) {
      expect_well_formed(s.curve);
      ASSERT_TRUE(s.yield_strength_mpa && s.elongation_percent && s.agt_percent);
      const double rel = *s.yield_strength_mpa;
      const double rm = s.strength_mpa;
      EXPECT_GE(rel, k.rel_min) << grade << " seed " << seed;
      EXPECT_GE(rm, k.rm_min) << grade << " seed " << seed;
      EXPECT_GE(*s.elongation_percent, k.a_min);
      EXPECT_GE(*s.agt_percent, k.agt_min);
      EXPECT_GT(*s.elongation_percent, *s.agt_percent);
      if (k.seismic) {
        EXPECT_GE(rm / rel, 1.25) << grade << " seed " << seed;
        EXPECT_LE(rel / k.rel_min, 1.30) << grade << " seed " << seed;
      }
      // Strengths from the loads on the nominal area; A from the gauge lengths (L0 = 5d).
      EXPECT_EQ(*s.diameter_mm, d);
      EXPECT_EQ(*s.gauge_length_mm, 5 * d);
      EXPECT_NEAR(rm, s.peak_load_kn * 1000 / bar_area(d), 0.51);
      EXPECT_NEAR(rel, *s.yield_load_kn * 1000 / bar_area(d), 0.51);
      EXPECT_NEAR(*s.elongation_percent, (*s.final_length_mm - 5 * d) / (5 * d) * 100, 0.26);
      EXPECT_NEAR(s.peak_load_kn, curve_peak(s.curve), 0.006);
      // Agt as the curve shows it: the gauge's extension at the maximum force, within the
      // flat top's width (the noise decides where on it the largest sample falls).
      EXPECT_NEAR(s.curve.disp_mm[s.curve.peak_index()] / (5 * d) * 100, *s.agt_percent, 3.0);
    }
  }
}

INSTANTIATE_TEST_SUITE_P(Grades, SteelCurve,
                         ::testing::Values(SteelCase{"HRB400", 400, 540, 16, 7.5, false},
                                           SteelCase{"HRB400E", 400, 540, 16, 9, true},
                                           SteelCase{"HRB500", 500, 630, 15, 7.5, false},
                                           SteelCase{"HRB500E", 500, 630, 15, 9, true}),
                         [](const auto& info) { return std::string(info.param.grade); });

TEST(SteelCurve, JJ_3_4_ElasticRiseYieldPlateauHardeningNeckingFracture) {
  for (int seed = 1; seed <= kDraws; ++seed) {
    const GroupResult r = play(Item::rebar_tension, "HRB400E Φ20", seed, Fault::none, 2);
    for (const auto& s : r.specimens) {
      const Curve& c = s.curve;
      const std::size_t top = c.peak_index();
      const double fm = c.force_kn[top];
      const double fel = *s.yield_load_kn;
      // Elastic rise at a stress rate inside GB/T 228.1's band (6-60 MPa/s).
      const double stress_rate = rise_rate(c, 0.2, 0.5) * 1000 / bar_area(20);
      EXPECT_GE(stress_rate, 6.0);
      EXPECT_LE(stress_rate, 60.0);
      // An upper yield above the plateau, then a plateau: at least a second of samples within
      // 2 % of the lower yield, and a small oscillation on it.
      std::size_t upper = 0;
      while (c.force_kn[upper] < fel) {
        ++upper;
      }
      double reh = 0;
      for (std::size_t i = upper; i < upper + static_cast<std::size_t>(c.rate_hz); ++i) {
        reh = std::max(reh, c.force_kn[i]);
      }
      EXPECT_GT(reh, fel * 1.005) << "seed " << seed;
      std::size_t on_plateau = 0;
      double plateau_top = 0;
      for (std::size_t i = upper; i < top; ++i) {
        if (c.force_kn[i] <= fel * 1.02) {
          ++on_plateau;
          plateau_top = std::max(plateau_top, c.force_kn[i]);
        }
      }
      EXPECT_GT(static_cast<double>(on_plateau), c.rate_hz) << "seed " << seed;
      EXPECT_GT(plateau_top - fel, 0.002 * fel);
      // Hardening to Fm well above the yield.
      EXPECT_GT(fm, 1.2 * fel);
      // Necking: the force falls from Fm before the bar breaks …
      std::size_t last = c.size() - 1;
      while (c.force_kn[last] < 0.5 * fm) {
        --last;
      }
      EXPECT_LT(c.force_kn[last], 0.9 * fm);
      EXPECT_GT(c.disp_mm[last], c.disp_mm[top]);
      // … and the fracture ends the curve: the force gone within a fraction of a second.
      EXPECT_LT(c.force_kn.back(), 0.05 * fm);
      EXPECT_LE(c.t_s.back() - c.t_s[last], 0.6);
      EXPECT_EQ(s.fracture_position, "base_metal");
      EXPECT_EQ(s.fracture_mode, "ductile");
    }
  }
}

TEST(JointCurve, JJ_3_4_WeldsAndSplicesBreakWhereTheirDrawSays) {
  int weld_breaks = 0, connector_breaks = 0, bar_breaks = 0;
  for (int seed = 1; seed <= 60; ++seed) {
    const GroupResult w = play(Item::weld_tension, "HRB400 Φ25", seed);
    const GroupResult sp = play(Item::splice_tension, "HRB400E Φ28 I级", seed);
    EXPECT_EQ(sp.grade.splice_grade, "I");
    for (const GroupResult* r : {&w, &sp}) {
      EXPECT_TRUE(r->conclusion == "pass" || r->conclusion == "retest" || r->conclusion == "fail");
      for (const auto& s : r->specimens) {
        expect_well_formed(s.curve);
        ASSERT_TRUE(s.fracture_position && s.fracture_mode);
        const bool brittle = *s.fracture_mode == "brittle";
        EXPECT_EQ(brittle, *s.fracture_position == "weld" || *s.fracture_position == "connector");
        EXPECT_NEAR(s.strength_mpa, s.peak_load_kn * 1000 / bar_area(*s.diameter_mm), 0.51);
        EXPECT_FALSE(s.yield_strength_mpa);  // joints report their strength and fracture only
        EXPECT_LT(s.curve.force_kn.back(), 0.1 * s.peak_load_kn);
        weld_breaks += *s.fracture_position == "weld";
        connector_breaks += *s.fracture_position == "connector";
        bar_breaks += *s.fracture_position == "base_metal";
      }
    }
    // JGJ 18-2012 §5.1.7: three ductile breaks at the bar's strength pass.
    const bool all_ductile = std::all_of(w.specimens.begin(), w.specimens.end(), [](const auto& s) {
      return s.fracture_mode == "ductile" && s.strength_mpa >= 540;
    });
    if (all_ductile) {
      EXPECT_EQ(w.conclusion, "pass") << "seed " << seed;
    }
  }
  EXPECT_GT(weld_breaks, 0);
  EXPECT_GT(connector_breaks, 0);
  EXPECT_GT(bar_breaks, 100);
}

// ---- Seeds ----

TEST(Seeds, JJ_3_4_TheSameSeedPlaysTheSameTest) {
  for (Item item : {Item::concrete_compression, Item::rebar_tension, Item::splice_tension}) {
    const std::string grade = item == Item::concrete_compression ? "C30" : "HRB400E Φ25";
    const GroupResult a = play(item, grade, 42, Fault::curve_reused);
    const GroupResult b = play(item, grade, 42, Fault::curve_reused);
    const GroupResult c = play(item, grade, 43, Fault::curve_reused);
    ASSERT_EQ(a.specimens.size(), b.specimens.size());
    for (std::size_t i = 0; i < a.specimens.size(); ++i) {
      EXPECT_EQ(a.specimens[i].curve.t_s, b.specimens[i].curve.t_s);
      EXPECT_EQ(a.specimens[i].curve.force_kn, b.specimens[i].curve.force_kn);
      EXPECT_EQ(a.specimens[i].curve.disp_mm, b.specimens[i].curve.disp_mm);
      EXPECT_EQ(a.specimens[i].peak_load_kn, b.specimens[i].peak_load_kn);
      EXPECT_NE(a.specimens[i].curve.force_kn, c.specimens[i].curve.force_kn);
    }
    EXPECT_EQ(json_text(results_json(a, CurveForm::points)),
              json_text(results_json(b, CurveForm::points)));
  }
}

// ---- Faults ----

TEST(Faults, JJ_3_4_AReportedPeakDisagreesWithItsCurve) {
  for (Item item : {Item::concrete_compression, Item::rebar_tension, Item::mortar_compression}) {
    const std::string grade = item == Item::concrete_compression ? "C30"
                              : item == Item::mortar_compression ? "M10"
                                                                 : "HRB400 Φ20";
    for (int seed = 1; seed <= kDraws; ++seed) {
      const GroupResult r = play(item, grade, seed, Fault::peak_mismatch);
      EXPECT_EQ(r.fault, Fault::peak_mismatch);
      int off = 0;
      for (const auto& s : r.specimens) {
        const double gap = std::abs(s.peak_load_kn - curve_peak(s.curve)) / curve_peak(s.curve);
        off += gap > 0.01 ? 1 : 0;
        if (gap > 0.01) {  // the lab's own figures agree with the peak it reports
          const double area = is_steel(item) ? bar_area(*s.diameter_mm) : 0;
          if (item == Item::concrete_compression) {
            EXPECT_NEAR(s.strength_mpa, s.peak_load_kn * 1000 / 22500, 0.051);
          } else if (is_steel(item)) {
            EXPECT_NEAR(s.strength_mpa, s.peak_load_kn * 1000 / area, 0.51);
          }
        }
      }
      EXPECT_EQ(off, 1) << "seed " << seed;
    }
  }
}

TEST(Faults, JJ_3_4_ALoadingRateOutsideTheBand) {
  for (int seed = 1; seed <= kDraws; ++seed) {
    const GroupResult c = play(Item::concrete_compression, "C30", seed, Fault::rate_out_of_band);
    for (const auto& s : c.specimens) {
      const double rate = concrete_rate_mpa_s(s.curve);
      EXPECT_TRUE(rate < 0.5 || rate > 0.8) << "seed " << seed << ": " << rate;
    }
    const GroupResult m = play(Item::mortar_compression, "M10", seed, Fault::rate_out_of_band);
    for (const auto& s : m.specimens) {
      const double rate = rise_rate(s.curve, 0.1, 0.8);
      EXPECT_TRUE(rate < 0.25 || rate > 1.5) << "seed " << seed << ": " << rate;
    }
    const GroupResult b = play(Item::rebar_tension, "HRB400 Φ20", seed, Fault::rate_out_of_band, 2);
    for (const auto& s : b.specimens) {
      EXPECT_GT(rise_rate(s.curve, 0.2, 0.5) * 1000 / bar_area(20), 60.0) << "seed " << seed;
    }
  }
}

// The largest relative difference of two curves' forces, point by point.
double worst_gap(const Curve& a, const Curve& b) {
  double worst = 0;
  const double top = curve_peak(a);
  for (std::size_t i = 0; i < std::min(a.size(), b.size()); ++i) {
    if (a.force_kn[i] > 0.2 * top) {
      worst = std::max(worst, std::abs(a.force_kn[i] - b.force_kn[i]) / a.force_kn[i]);
    }
  }
  return worst;
}

TEST(Faults, JJ_3_4_TheSameCurveRescaledForAnotherSpecimen) {
  for (Item item : {Item::concrete_compression, Item::rebar_tension}) {
    const std::string grade = item == Item::concrete_compression ? "C30" : "HRB400E Φ20";
    for (int seed = 1; seed <= kDraws; ++seed) {
      const GroupResult r = play(item, grade, seed, Fault::curve_reused);
      const Curve& source = r.specimens.front().curve;
      const Curve& copy = r.specimens.back().curve;
      ASSERT_EQ(source.size(), copy.size());
      EXPECT_EQ(source.t_s, copy.t_s);
      EXPECT_NE(source.force_kn, copy.force_kn);  // rescaled and noisy, not identical
      const double ratio = curve_peak(copy) / curve_peak(source);
      EXPECT_GT(std::abs(ratio - 1), 0.005) << "seed " << seed;
      EXPECT_LT(std::abs(ratio - 1), 0.015) << "seed " << seed;
      EXPECT_LT(worst_gap(source, copy), 0.02);
      // Its figures are read off the copied curve.
      EXPECT_NEAR(r.specimens.back().peak_load_kn, curve_peak(copy), 0.051);
      // Genuinely different specimens of the group differ by far more.
      EXPECT_GT(worst_gap(r.specimens[0].curve, r.specimens[1].curve), 0.02);
    }
  }
  // A curve of another test.
  const GroupResult earlier = play(Item::concrete_compression, "C30", 7);
  GroupSpec spec;
  spec.item = Item::concrete_compression;
  spec.grade = "C30";
  spec.concrete_group = "standard_cured";
  spec.label_codes = {"X"};
  spec.fault = Fault::curve_reused;
  spec.reuse = &earlier.specimens[1];
  std::string problem;
  const auto r = simulate_group(spec, 8, &problem);
  ASSERT_TRUE(r) << problem;
  EXPECT_EQ(r->fault, Fault::curve_reused);
  EXPECT_LT(worst_gap(earlier.specimens[1].curve, r->specimens[0].curve), 0.02);
  EXPECT_NE(r->fault_note.find("another test"), std::string::npos);
}

TEST(Faults, JL_2_3_ManualEntryOnAnAutoMachineCarriesItsReasonAndNoCurve) {
  const GroupResult r = play(Item::concrete_compression, "C30", 3, Fault::manual_on_auto);
  EXPECT_TRUE(r.manual);
  StartInfo info;
  info.equipment_id = 12;
  info.tester_id = 31;
  info.started_at = "2026-11-21T08:30:00Z";
  info.manual_reason = "采集接口故障 / link down";
  const auto start = start_body(r, info);
  EXPECT_EQ(start.at("acquisition").as_string(), "manual");
  EXPECT_EQ(start.at("manual_reason").as_string(), info.manual_reason);
  EXPECT_TRUE(start.contains("environment"));
  const auto results = results_json(r, CurveForm::readings);
  for (const auto& s : results.at("specimens").as_array()) {
    EXPECT_FALSE(s.as_object().contains("curve"));
    EXPECT_TRUE(s.as_object().contains("peak_load_kn"));
  }
}

// ---- Requests (docs/lab-tests.md) ----

std::vector<float> decode_f32le(const std::string& b64) {
  std::string bytes(b64.size(), '\0');
  const int n = EVP_DecodeBlock(reinterpret_cast<unsigned char*>(bytes.data()),
                                reinterpret_cast<const unsigned char*>(b64.data()),
                                static_cast<int>(b64.size()));
  std::vector<float> out(static_cast<std::size_t>(n) / 4);  // base64 padding adds no whole float
  for (std::size_t i = 0; i < out.size(); ++i) {
    std::uint32_t bits = 0;
    for (int k = 0; k < 4; ++k) {
      bits |= static_cast<std::uint32_t>(static_cast<unsigned char>(bytes[4 * i + k])) << (8 * k);
    }
    std::memcpy(&out[i], &bits, sizeof bits);
  }
  return out;
}

TEST(Requests, JJ_3_4_BodiesFollowTheContract) {
  const GroupResult bar = play(Item::rebar_tension, "HRB400E Φ20", 9, Fault::none, 2);
  StartInfo info;
  info.equipment_id = 12;
  info.tester_id = 31;
  info.started_at = "2026-11-21T08:30:00Z";
  const auto start = start_body(bar, info);
  EXPECT_EQ(start.at("item").as_string(), "rebar_tension");
  EXPECT_EQ(start.at("grade").as_string(), "HRB400E");
  EXPECT_EQ(start.at("acquisition").as_string(), "auto");
  EXPECT_FALSE(start.contains("manual_reason"));
  EXPECT_EQ(start.at("label_codes").as_array().size(), 2u);
  EXPECT_EQ(start.at("equipment_id").as_int64(), 12);
  EXPECT_FALSE(start.contains("retest_of"));

  const auto finish = finish_body(bar, "2026-11-21T08:40:00Z");
  const auto& specimen = finish.at("results").at("specimens").as_array()[0].as_object();
  for (const char* field :
       {"label_code", "diameter_mm", "gauge_length_mm", "final_length_mm", "yield_load_kn",
        "peak_load_kn", "agt_percent", "fracture_position", "fracture_mode", "yield_strength_mpa",
        "strength_mpa", "elongation_percent"}) {
    EXPECT_TRUE(specimen.contains(field)) << field;
  }
  EXPECT_EQ(specimen.at("curve").as_string(), "readings");
  EXPECT_EQ(finish.at("results").at("conclusion").as_string(), "pass");

  // One shot: start and results together, the curve inline as little-endian float32.
  const auto one = one_shot_body(bar, info, "2026-11-21T08:40:00Z", CurveForm::f32le);
  EXPECT_TRUE(one.contains("item") && one.contains("results") && one.contains("finished_at"));
  const auto& curve = one.at("results").at("specimens").as_array()[1].at("curve").as_object();
  EXPECT_EQ(curve.at("channels").as_int64(), 3);
  const auto floats = decode_f32le(std::string(curve.at("f32le").as_string()));
  const Curve& c = bar.specimens[1].curve;
  ASSERT_EQ(floats.size(), 3 * c.size());
  for (std::size_t i = 0; i < c.size(); i += 97) {
    EXPECT_FLOAT_EQ(floats[3 * i], static_cast<float>(c.t_s[i]));
    EXPECT_FLOAT_EQ(floats[3 * i + 1], static_cast<float>(c.force_kn[i]));
    EXPECT_FLOAT_EQ(floats[3 * i + 2], static_cast<float>(c.disp_mm[i]));
  }

  const auto chunk = readings_body(c, 1, 4, 200, 250, CurveForm::points);
  EXPECT_EQ(chunk.at("specimen").as_int64(), 1);
  EXPECT_EQ(chunk.at("seq").as_int64(), 4);
  EXPECT_EQ(chunk.at("points").as_array().size(), 50u);
  EXPECT_EQ(chunk.at("points").as_array()[0].as_array().size(), 3u);
  const auto csv = readings_body(c, 0, 0, 0, 3, CurveForm::csv);
  EXPECT_EQ(std::string(csv.at("csv").as_string()).substr(0, 21), "t_s,force_kn,disp_mm\n");

  const GroupResult cubes = play(Item::concrete_compression, "C30", 9);
  const auto results = results_json(cubes, CurveForm::points);
  EXPECT_TRUE(results.contains("group_strength_mpa"));
  const auto& cube = results.at("specimens").as_array()[0].as_object();
  for (const char* field : {"length_mm", "width_mm", "height_mm", "peak_load_kn", "strength_mpa"}) {
    EXPECT_TRUE(cube.contains(field)) << field;
  }
  EXPECT_EQ(cube.at("curve").at("points").as_array().size(), cubes.specimens[0].curve.size());

  // A retest (lw-sim --retest) names the test it repeats; the one-shot body carries it too.
  info.retest_of = 17;
  EXPECT_EQ(start_body(bar, info).at("retest_of").as_int64(), 17);
  EXPECT_EQ(
      one_shot_body(bar, info, "2026-11-21T08:40:00Z", CurveForm::f32le).at("retest_of").as_int64(),
      17);

  const auto review = review_body(32, true, "");
  EXPECT_EQ(json_text(review), R"({"reviewer_id":32,"verdict":"confirm"})");
}

TEST(Requests, NumbersArePlainDecimals) {
  EXPECT_EQ(json_text(boost::json::array{812.4, 150.0, 0.02, 36.1, -0.003, 2}),
            "[812.4,150.0,0.02,36.1,-0.003,2]");
  EXPECT_EQ(json_text(boost::json::value("引号\"")), "\"引号\\\"\"");
}

TEST(Grades, ParsesTheSamplingsGradeText) {
  auto g = parse_grade(Item::rebar_tension, "HRB400E Φ20");
  ASSERT_TRUE(g);
  EXPECT_EQ(g->name, "HRB400E");
  EXPECT_EQ(g->diameter_mm, 20.0);
  EXPECT_TRUE(g->steel->seismic);
  g = parse_grade(Item::splice_tension, "HRB400 Φ25 II级");
  ASSERT_TRUE(g);
  EXPECT_EQ(g->name, "HRB400");
  EXPECT_EQ(g->splice_grade, "II");
  g = parse_grade(Item::rebar_tension, "hrb500 25mm");
  ASSERT_TRUE(g);
  EXPECT_EQ(g->name, "HRB500");
  EXPECT_EQ(g->diameter_mm, 25.0);
  EXPECT_FALSE(parse_grade(Item::rebar_tension, "HRB400")->diameter_mm);
  EXPECT_EQ(parse_grade(Item::concrete_compression, "C30")->nominal, 30.0);
  EXPECT_EQ(parse_grade(Item::mortar_compression, "M7.5")->name, "M7.5");
  EXPECT_FALSE(parse_grade(Item::concrete_compression, "M10"));
  EXPECT_FALSE(parse_grade(Item::rebar_tension, "Q235"));
  std::string problem;
  GroupSpec spec;
  spec.item = Item::concrete_compression;
  spec.grade = "C30";
  spec.concrete_group = "impermeability";
  spec.label_codes = {"A"};
  EXPECT_FALSE(simulate_group(spec, 1, &problem));
  EXPECT_FALSE(problem.empty());
}

// ---- A lab's choices ----

std::vector<Machine> demo_machines() {
  const auto items = boost::json::parse(R"([
    {"id": 1, "name": "微机控制电液伺服压力试验机", "measuring_range": "0-2000 kN", "auto_collect": true,
     "verification_state": "verified", "usable": true},
    {"id": 2, "name": "微机控制电液伺服万能试验机", "measuring_range": "0-1000 kN", "auto_collect": true,
     "verification_state": "verified", "usable": true},
    {"id": 3, "name": "电子万能试验机", "measuring_range": "0-100 kN", "auto_collect": true,
     "verification_state": "verified", "usable": true},
    {"id": 4, "name": "全自动恒应力压力试验机", "measuring_range": "0-300 kN", "auto_collect": true,
     "verification_state": "rejected", "usable": true},
    {"id": 5, "name": "锚杆拉拔仪", "measuring_range": "0-300 kN", "auto_collect": true,
     "verification_state": "verified", "usable": true},
    {"id": 6, "name": "电子天平", "measuring_range": "0-2000 g", "auto_collect": false,
     "verification_state": "verified", "usable": true}])");
  return parse_machines(items.as_array());
}

TEST(LabRoster, ChoosesAMachineOfTheRightRange) {
  const auto machines = demo_machines();
  EXPECT_EQ(machines[0].capacity_kn, 2000.0);
  EXPECT_EQ(machines[5].capacity_kn, 0.0);
  EXPECT_FALSE(machines[3].usable);                          // rejected
  EXPECT_EQ(choose_machine(machines, false, 900)->id, 1);    // C30 cubes: the press
  EXPECT_EQ(choose_machine(machines, true, 300)->id, 2);     // a Φ25 bar: the universal machine
  EXPECT_EQ(choose_machine(machines, false, 45)->id, 3);     // mortar: 100 kN, 45 % of range
  EXPECT_EQ(choose_machine(machines, true, 1900), nullptr);  // no machine pulls that much
  EXPECT_EQ(choose_machine(machines, false, 1900)->id, 1);   // over 80 %, still in range
}

TEST(LabRoster, JL_2_3_TheReviewerIsACertifiedPersonOtherThanTheTester) {
  const auto items = boost::json::parse(R"([
    {"id": 31, "duties": ["tester"], "exam": {"state": "passed"}, "certificates": [{"valid_today": true}]},
    {"id": 32, "duties": ["technical_lead"], "exam": {"state": "none"}, "certificates": [{"valid_today": true}]},
    {"id": 33, "duties": ["tester"], "exam": {"state": "passed"}, "certificates": [{"valid_today": false}]},
    {"id": 34, "duties": ["witness"], "exam": {"state": "passed"}, "certificates": [{"valid_today": true}]}])");
  const auto people = parse_people(items.as_array());
  for (std::size_t n = 0; n < 4; ++n) {
    const Crew crew = choose_crew(people, n);
    ASSERT_TRUE(crew.tester && crew.reviewer);
    EXPECT_EQ(crew.tester->id, 31);
    EXPECT_EQ(crew.reviewer->id, 32);
  }
  const auto groups = group_by_sampling(parse_awaiting(boost::json::parse(R"([
    {"label_code": "B", "sampling_id": 9, "material": "concrete", "grade": "C30", "specimen_ordinal": 2},
    {"label_code": "C", "sampling_id": 4, "material": "rebar", "grade": "HRB400", "specimen_ordinal": 1},
    {"label_code": "A", "sampling_id": 9, "material": "concrete", "grade": "C30", "specimen_ordinal": 1}])")
                                                           .as_array()));
  ASSERT_EQ(groups.size(), 2u);
  EXPECT_EQ(groups[0].sampling_id, 4);
  EXPECT_EQ(groups[1].label_codes, (std::vector<std::string>{"A", "B"}));
}

}  // namespace
}  // namespace lw::sim
