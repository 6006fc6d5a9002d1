#pragma once
// Lab tests' steps (issue 7) that several test groups share: specimens sampled, commissioned
// and received by the Jiujiang demo lab's system, the lab's people and machine, load curves
// and results of concrete cubes.
#include <boost/json.hpp>

#include <algorithm>
#include <cmath>

#include "integration/specimen_fixture.hpp"

namespace lw::testing {

// A concrete cube's load curve at 50 Hz: a rise at `rate` kN/s to `peak` kN with a slow wave
// of 2 % that `seed` shapes, then the drop after the peak. `scale` multiplies the force (a
// copy "rescaled by 1 %"), `noise` adds a jitter of that fraction of the peak.
inline boost::json::array cube_curve(double rate, double peak, int seed, double scale = 1,
                                     double noise = 0) {
  boost::json::array points;
  const double rise = peak / rate;
  const double phase = seed * 1.7;
  const double waves = 2 + seed % 5;
  unsigned state = 12345u + static_cast<unsigned>(seed) * 7919u;
  for (int i = 0; i <= static_cast<int>(rise * 50) + 150; ++i) {
    const double t = i / 50.0;
    double f = t <= rise ? rate * t : peak * std::exp(-(t - rise) * 0.8);
    f *= 1 + 0.02 * std::sin(phase + waves * 3.14159 * std::min(t, rise) / rise);
    state = state * 1103515245u + 12345u;
    f += noise * peak * ((state >> 16) % 2001 / 1000.0 - 1);
    points.push_back({t, std::max(0.0, f * scale)});
  }
  return points;
}

inline double peak_of(const boost::json::array& points) {
  double p = 0;
  for (const auto& row : points) {
    p = std::max(p, row.at(1).to_number<double>());
  }
  return p;
}

class LabTestsTest : public SpecimenChainTest {
 protected:
  // Three concrete specimens sampled at a fresh project, commissioned to the Jiujiang demo lab
  // and received by its system; their label codes.
  std::vector<std::string> received(const std::string& project_code, int n = 3) {
    Site s = site(project_code);
    std::vector<std::string> labels(s.labels.begin(), s.labels.begin() + n);
    auto made = sample(s, sampling_body(s, labels));
    EXPECT_EQ(made.status, 201) << made.body;
    const std::int64_t sampling = json(made).at("id").as_int64();
    EXPECT_EQ(commission(s.account, sampling, kJjLab).status, 201);
    for (const auto& code : labels) {
      auto got = as_lab(key(), "POST", "/api/v1/lab-api/receipts",
                        boost::json::serialize(boost::json::object{{"label_code", code},
                                                                   {"witness_id", s.witness},
                                                                   {"seal_intact", true},
                                                                   {"condition_ok", true},
                                                                   {"decision", "receive"},
                                                                   {"received_by", "收样员"}}));
      EXPECT_EQ(got.status, 201) << got.body;
    }
    return labels;
  }

  const LabKey& key() {
    if (key_.key_id.empty()) {
      key_ = connect(kJjLab);
    }
    return key_;
  }

  // The people and machine of the Jiujiang lab, registered once.
  struct Staff {
    std::int64_t tester = 0, reviewer = 0, uncertified = 0, quality = 0, machine = 0,
                 manual_machine = 0;
  };
  const Staff& staff() {
    if (!staff_.tester) {
      staff_.tester = lab_person(kJjLab, {"tester"}, true);
      staff_.reviewer = lab_person(kJjLab, {"tester"}, true);
      staff_.uncertified = lab_person(kJjLab, {"tester"}, false);
      staff_.quality = lab_person(kJjLab, {"quality_lead"}, false);
      staff_.machine = equipment(kJjLab, true);
    }
    return staff_;
  }

  boost::json::object start_body(const std::vector<std::string>& labels,
                                 const std::string& acquisition = "auto") {
    boost::json::array codes;
    for (const auto& l : labels) {
      codes.emplace_back(l);
    }
    return {{"item", "concrete_compression"},
            {"standard", "GB/T 50081-2019"},
            {"grade", "C30"},
            {"label_codes", std::move(codes)},
            {"equipment_id", staff().machine},
            {"tester_id", staff().tester},
            {"acquisition", acquisition}};
  }

  // Results of three 150 mm cubes with the given curves, the peaks reported as the curves say
  // unless `reported_peaks` is given.
  boost::json::object results(const std::vector<boost::json::value>& curves,
                              std::vector<double> reported_peaks = {}) {
    boost::json::array specimens;
    double sum = 0;
    for (std::size_t i = 0; i < curves.size(); ++i) {
      double peak =
          i < reported_peaks.size()
              ? reported_peaks[i]
              : (curves[i].is_object() ? peak_of(curves[i].at("points").as_array()) : 800.0);
      const double strength = std::round(peak * 1000 / 22500 * 10) / 10;
      sum += strength;
      specimens.push_back({{"length_mm", 150},
                           {"width_mm", 150},
                           {"height_mm", 150},
                           {"peak_load_kn", peak},
                           {"strength_mpa", strength},
                           {"curve", curves[i]}});
    }
    return {{"specimens", std::move(specimens)},
            {"group_strength_mpa", std::round(sum / 3 * 10) / 10},
            {"conclusion", "pass"}};
  }

  HttpResponse lab_post(const std::string& target, const boost::json::object& body) {
    return as_lab(key(), "POST", target, boost::json::serialize(body));
  }

  static std::size_t count(const std::vector<std::string>& kinds, const std::string& kind) {
    return static_cast<std::size_t>(std::count(kinds.begin(), kinds.end(), kind));
  }

  std::vector<std::string> violation_kinds(std::int64_t test) {
    std::vector<std::string> kinds;
    for (const auto& r : query_sql("SELECT kind FROM violations WHERE subject = $1 ORDER BY id",
                                   {"lab_test " + std::to_string(test)})) {
      kinds.push_back(r.text(0));
    }
    return kinds;
  }

  Session sys_session_;
  LabKey key_;
  Staff staff_;
};

}  // namespace lw::testing
