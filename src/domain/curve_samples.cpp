#include "domain/curve_samples.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <numbers>

namespace lw::domain::samples {
namespace {

constexpr std::array<double, 4> kRates{10, 20, 50, 100};

double pick_rate(SampleRng& rng) {
  return kRates[static_cast<std::size_t>(rng.uniform() * kRates.size()) % kRates.size()];
}

// White noise and servo oscillation; the oscillation grows with the load.
struct Jitter {
  SampleRng rng;
  double noise_kn;
  double servo_kn;
  double servo_hz;
  double phase;
  double apply(double t, double f, double peak) {
    const double load = std::clamp(f / peak, 0.0, 1.0);
    return f + noise_kn * rng.normal() +
           servo_kn * load * std::sin(2 * std::numbers::pi * servo_hz * t + phase);
  }
};

// The testing machine's display resolution: 0.01 kN.
double reading(double f) {
  return std::round(f * 100) / 100;
}

}  // namespace

std::uint64_t SampleRng::next() {
  std::uint64_t z = (state_ += 0x9E3779B97F4A7C15ULL);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}

double SampleRng::uniform() {
  return static_cast<double>(next() >> 11) * 0x1.0p-53;
}

double SampleRng::normal() {
  const double u1 = 1.0 - uniform();  // (0, 1]
  const double u2 = uniform();
  return std::sqrt(-2.0 * std::log(u1)) * std::cos(2 * std::numbers::pi * u2);
}

ConcreteCurveParams draw_concrete(std::uint64_t seed, int fcu_k, double side_mm) {
  SampleRng rng(seed);
  const double k = fcu_k;
  const double area = side_mm * side_mm;
  const double fcu = std::clamp(rng.normal(k + 8, 3.5), 0.85 * k, k + 20);
  double lo = 0.3;
  double hi = 0.5;
  if (fcu_k >= 60) {
    lo = 0.8;
    hi = 1.0;
  } else if (fcu_k >= 30) {
    lo = 0.5;
    hi = 0.8;
  }
  ConcreteCurveParams p;
  p.peak_kn = fcu * area / 1000;
  p.rate_kn_s = rng.uniform(lo * 1.02, hi * 0.98) * area / 1000;
  p.rate_hz = pick_rate(rng);
  p.start_s = rng.uniform(0.2, 3.0);
  p.toe = rng.uniform(0.01, 0.06);
  p.softening = rng.uniform(0.0, 0.2);
  p.softening_power = rng.uniform(2, 4);
  p.top_s = rng.uniform(0.1, 1.5);
  p.drop_to = rng.uniform(0.3, 0.8);
  p.drop_tau_s = rng.uniform(0.2, 1.5);
  p.noise = rng.uniform(0.0005, 0.003);
  p.servo = rng.uniform(0.0, 0.003);
  p.servo_hz = rng.uniform(0.3, 3.0);
  p.stiffness_kn_mm = rng.uniform(800, 2000);
  return p;
}

Curve concrete_curve(const ConcreteCurveParams& p, std::uint64_t noise_seed) {
  SampleRng rng(noise_seed);
  Jitter jitter{SampleRng(noise_seed + 1), p.noise * p.peak_kn, p.servo * p.peak_kn, p.servo_hz,
                rng.uniform(0, 2 * std::numbers::pi)};
  const double rise_s = p.peak_kn / p.rate_kn_s;
  const double t1 = p.start_s + rise_s;  // the peak
  const double t2 = t1 + p.top_s;        // the drop begins
  const double floor = std::max(0.05, p.drop_to - 0.15);
  Curve c;
  c.rate_hz = p.rate_hz;
  for (std::size_t i = 0;; ++i) {
    const double t = static_cast<double>(i) / p.rate_hz;
    double f = 0;
    double d = 0;
    if (t >= p.start_s && t < t1) {
      const double x = (t - p.start_s) / rise_s;
      const double g = (1 + p.softening) * x - p.softening * std::pow(x, p.softening_power);
      f = p.peak_kn * g * (1 - std::exp(-(x / p.toe) * (x / p.toe)));
      d = f / p.stiffness_kn_mm;
    } else if (t >= t1 && t < t2) {
      const double s = (t - t1) / p.top_s;
      f = p.peak_kn * (1 - 0.01 * s * s);
      d = p.peak_kn / p.stiffness_kn_mm + 0.2 * (t - t1);
    } else if (t >= t2) {
      f = p.peak_kn * (floor + (0.99 - floor) * std::exp(-(t - t2) / p.drop_tau_s));
      d = p.peak_kn / p.stiffness_kn_mm + 0.2 * (t - t1);
    }
    const double reading_kn = reading(jitter.apply(t, f, p.peak_kn));
    c.t_s.push_back(t);
    c.force_kn.push_back(reading_kn);
    c.disp_mm.push_back(std::round(d * 1000) / 1000);
    if (t >= t2 && reading_kn <= p.drop_to * p.peak_kn) {
      break;  // the machine detects the break and stops
    }
  }
  return c;
}

SteelCurveParams draw_steel(std::uint64_t seed, double rel_min, double rm_min, double diameter_mm) {
  SampleRng rng(seed);
  SteelCurveParams p;
  p.area_mm2 = std::numbers::pi * diameter_mm * diameter_mm / 4;
  p.rel_mpa = std::max(rng.normal(rel_min * 1.12, rel_min * 0.04), rel_min * 0.97);
  p.reh_ratio = rng.uniform(1.01, 1.08);
  p.rm_mpa = std::max(p.rel_mpa * rng.uniform(1.22, 1.45), rm_min * 0.98);
  p.stress_rate = rng.uniform(6, 40);
  p.plateau = rng.uniform(0.008, 0.025);
  p.yield_strain_rate = rng.uniform(0.00025, 0.0025);
  p.strain_rate = rng.uniform(0.002, 0.008);
  p.agt = rng.uniform(0.10, 0.17);
  p.fracture_strain = p.agt + rng.uniform(0.05, 0.12);
  p.hardening_power = rng.uniform(2, 3.5);
  p.neck_drop = rng.uniform(0.15, 0.35);
  p.neck_power = rng.uniform(1.5, 3);
  p.after_s = rng.uniform(0, 1.5);
  p.rate_hz = pick_rate(rng);
  p.noise = rng.uniform(0.0005, 0.003);
  p.servo = rng.uniform(0.0, 0.002);
  p.servo_hz = rng.uniform(0.2, 2.0);
  p.gauge_mm = rng.uniform(200, 300);
  return p;
}

Curve steel_curve(const SteelCurveParams& p, std::uint64_t noise_seed) {
  constexpr double kE = 200000;  // MPa
  constexpr double kStart = 0.5;
  SampleRng rng(noise_seed);
  const double peak = p.rm_mpa * p.area_mm2 / 1000;
  Jitter jitter{SampleRng(noise_seed + 1), p.noise * peak, p.servo * peak, p.servo_hz,
                rng.uniform(0, 2 * std::numbers::pi)};
  const double wobble_phase = rng.uniform(0, 2 * std::numbers::pi);
  const double reh = p.rel_mpa * p.reh_ratio;
  const double ey = reh / kE;
  const double eh = ey + p.plateau;
  const double t_el = kStart + reh / p.stress_rate;
  const double t_pl = t_el + p.plateau / p.yield_strain_rate;
  const double t_fr = t_pl + (p.fracture_strain - eh) / p.strain_rate;
  const double t_end = t_fr + p.after_s;
  Curve c;
  c.rate_hz = p.rate_hz;
  for (std::size_t i = 0;; ++i) {
    const double t = static_cast<double>(i) / p.rate_hz;
    if (t > t_end) {
      break;
    }
    double sigma = 0;
    double strain = 0;
    if (t >= kStart && t < t_el) {
      sigma = p.stress_rate * (t - kStart);
      strain = sigma / kE;
    } else if (t >= t_el && t < t_pl) {
      const double s = (t - t_el) / (t_pl - t_el);
      const double drop = s < 0.03 ? (reh - p.rel_mpa) * (1 - s / 0.03) : 0;
      sigma =
          p.rel_mpa * (1 + 0.006 * std::sin(2 * std::numbers::pi * 6 * s + wobble_phase)) + drop;
      strain = ey + s * p.plateau;
    } else if (t >= t_pl && t < t_fr) {
      strain = eh + (t - t_pl) * p.strain_rate;
      if (strain < p.agt) {
        const double z = (strain - eh) / (p.agt - eh);
        sigma = p.rel_mpa + (p.rm_mpa - p.rel_mpa) * (1 - std::pow(1 - z, p.hardening_power));
      } else {
        const double w = (strain - p.agt) / (p.fracture_strain - p.agt);
        sigma = p.rm_mpa * (1 - p.neck_drop * std::pow(w, p.neck_power));
      }
    } else if (t >= t_fr) {
      strain = p.fracture_strain;  // broken: the force is gone
    }
    const double f = sigma * p.area_mm2 / 1000;
    c.t_s.push_back(t);
    c.force_kn.push_back(reading(jitter.apply(t, f, peak)));
    c.disp_mm.push_back(std::round(strain * p.gauge_mm * 1000) / 1000);
  }
  return c;
}

Curve rescaled(const Curve& c, double force_factor, double time_factor) {
  Curve out = c;
  out.rate_hz = c.rate_hz / time_factor;
  for (auto& t : out.t_s) {
    t *= time_factor;
  }
  for (auto& f : out.force_kn) {
    f *= force_factor;
  }
  return out;
}

Curve with_noise(const Curve& c, double fraction, std::uint64_t seed) {
  SampleRng rng(seed);
  Curve out = c;
  const double peak = *std::max_element(c.force_kn.begin(), c.force_kn.end());
  for (auto& f : out.force_kn) {
    f += fraction * peak * rng.normal();
  }
  return out;
}

Curve resampled(const Curve& c, double rate_hz, double offset_s) {
  Curve out;
  out.rate_hz = rate_hz;
  const bool disp = !c.disp_mm.empty();
  std::size_t j = 0;
  for (std::size_t k = 0;; ++k) {
    const double t = c.t_s.front() + static_cast<double>(k) / rate_hz;
    if (t > c.t_s.back()) {
      break;
    }
    while (j + 1 < c.size() && c.t_s[j + 1] < t) {
      ++j;
    }
    const std::size_t j1 = std::min(j + 1, c.size() - 1);
    const double span = c.t_s[j1] - c.t_s[j];
    const double w = span > 0 ? std::clamp((t - c.t_s[j]) / span, 0.0, 1.0) : 0.0;
    out.t_s.push_back(t + offset_s);
    out.force_kn.push_back(c.force_kn[j] + w * (c.force_kn[j1] - c.force_kn[j]));
    if (disp) {
      out.disp_mm.push_back(c.disp_mm[j] + w * (c.disp_mm[j1] - c.disp_mm[j]));
    }
  }
  return out;
}

}  // namespace lw::domain::samples
