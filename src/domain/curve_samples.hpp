#pragma once
// Realistic load curves for tests (library lw_curve_samples, linked by test binaries only):
// a concrete cube under load control and a ribbed bar in tension, each drawn from seeded
// parameters with the variation real specimens show, plus the modifications a faker applies to
// reuse a curve (rescaling, noise, resampling). Deterministic for a seed on every platform: its
// own generator, no <random> distributions.
#include <cstdint>

#include "domain/lab_test.hpp"

namespace lw::domain::samples {

/// splitmix64 with Box-Muller normals.
class SampleRng {
 public:
  explicit SampleRng(std::uint64_t seed) : state_(seed) {}
  std::uint64_t next();
  double uniform();  // [0, 1)
  double uniform(double lo, double hi) { return lo + (hi - lo) * uniform(); }
  double normal();  // N(0, 1)
  double normal(double mean, double sd) { return mean + sd * normal(); }

 private:
  std::uint64_t state_;
};

/// A concrete cube test: a toe while the platens seat, a near-linear rise at the machine's
/// load rate with slight softening before the peak, a short rounded top, a post-peak drop until
/// the machine detects the break, servo oscillation and white noise.
struct ConcreteCurveParams {
  double peak_kn = 810;        // F
  double rate_kn_s = 13.5;     // the loading rate of the rise (0.6 MPa/s on 150 mm)
  double rate_hz = 100;        // sampling
  double start_s = 1.0;        // time before the load starts
  double toe = 0.02;           // seating, as a fraction of the rise time
  double softening = 0.06;     // 0..0.3: how much the rise bends before the peak
  double softening_power = 3;  // 2..4
  double top_s = 0.5;          // the rounded top
  double drop_to = 0.55;       // the machine stops when the force falls to this fraction
  double drop_tau_s = 0.6;     // time constant of the post-peak drop
  double noise = 0.0015;       // white noise, fraction of the peak
  double servo = 0.001;        // oscillation amplitude, fraction of the peak
  double servo_hz = 1.5;
  double stiffness_kn_mm = 1200;
};
/// Parameters as specimens of grade C`fcu_k` on a `side_mm` cube vary (rate within the band of
/// GB/T 50081-2019 for the grade).
ConcreteCurveParams draw_concrete(std::uint64_t seed, int fcu_k = 30, double side_mm = 150);
Curve concrete_curve(const ConcreteCurveParams& p, std::uint64_t noise_seed);
inline Curve concrete_curve(std::uint64_t seed, int fcu_k = 30) {
  return concrete_curve(draw_concrete(seed, fcu_k), seed ^ 0x9E3779B97F4A7C15ULL);
}

/// A ribbed bar in tension (GB/T 228.1 method B): elastic rise at a stress rate, upper yield,
/// yield plateau with Lüders wobble, strain hardening to Rm at Agt, necking, fracture, and a
/// few samples after it.
struct SteelCurveParams {
  double area_mm2 = 314.2;           // S0 (Ø20)
  double rel_mpa = 450;              // ReL
  double reh_ratio = 1.04;           // ReH / ReL
  double rm_mpa = 610;               // Rm
  double stress_rate = 20;           // elastic stage, MPa/s
  double plateau = 0.015;            // strain at the start of hardening minus yield strain
  double yield_strain_rate = 0.001;  // 1/s on the plateau
  double strain_rate = 0.005;        // 1/s after the plateau
  double agt = 0.12;                 // strain at Rm
  double fracture_strain = 0.20;
  double hardening_power = 2.5;
  double neck_drop = 0.25;  // force lost from Rm to fracture, fraction of Fm
  double neck_power = 2.2;
  double after_s = 0.5;  // recording after fracture
  double rate_hz = 50;
  double noise = 0.0015;
  double servo = 0.001;
  double servo_hz = 1.0;
  double gauge_mm = 250;  // for the displacement channel
};
/// Parameters as bars of grade `rel_min`/`rm_min` (HRB400: 400/540) and Ø`diameter_mm` vary.
SteelCurveParams draw_steel(std::uint64_t seed, double rel_min = 400, double rm_min = 540,
                            double diameter_mm = 20);
Curve steel_curve(const SteelCurveParams& p, std::uint64_t noise_seed);
inline Curve steel_curve(std::uint64_t seed) {
  return steel_curve(draw_steel(seed), seed ^ 0x9E3779B97F4A7C15ULL);
}

// What a faker does to reuse a curve.
/// Force and time multiplied (displacement as it was).
Curve rescaled(const Curve& c, double force_factor, double time_factor);
/// Gaussian noise of `fraction` of the peak force added to every force sample.
Curve with_noise(const Curve& c, double fraction, std::uint64_t seed);
/// The same curve sampled at `rate_hz` by linear interpolation, times shifted by `offset_s`.
Curve resampled(const Curve& c, double rate_hz, double offset_s = 0);

}  // namespace lw::domain::samples
