#include "machine_curves.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <numbers>
#include <random>

namespace lw::sim {
namespace {

// ---------------------------------------------------------------------------------------------
// Randomness: the engine is fully specified and the distributions are our own, so a seed gives
// the same curves with any standard library.
// ---------------------------------------------------------------------------------------------

class Rng {
 public:
  explicit Rng(std::uint64_t seed) : engine_(seed) {}
  double uniform() { return static_cast<double>(engine_() >> 11) * 0x1.0p-53; }  // [0, 1)
  double uniform(double lo, double hi) { return lo + (hi - lo) * uniform(); }
  bool chance(double p) { return uniform() < p; }
  std::size_t index(std::size_t n) {
    return std::min(n - 1, static_cast<std::size_t>(uniform() * static_cast<double>(n)));
  }
  double normal(double mean, double sd) {  // Box-Muller
    if (spare_) {
      const double z = *spare_;
      spare_.reset();
      return mean + sd * z;
    }
    const double u1 = 1.0 - uniform();  // (0, 1]
    const double u2 = uniform();
    const double r = std::sqrt(-2.0 * std::log(u1));
    spare_ = r * std::sin(2 * std::numbers::pi * u2);
    return mean + sd * r * std::cos(2 * std::numbers::pi * u2);
  }
  double normal(double mean, double sd, double lo, double hi) {
    return std::clamp(normal(mean, sd), lo, hi);
  }

 private:
  std::mt19937_64 engine_;
  std::optional<double> spare_;
};

// splitmix64: a seed for the i-th part of a test from the test's seed.
std::uint64_t derive(std::uint64_t seed, std::uint64_t i) {
  std::uint64_t z = seed + 0x9e3779b97f4a7c15ULL * (i + 1);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

double smoothstep(double s) {
  s = std::clamp(s, 0.0, 1.0);
  return s * s * (3 - 2 * s);
}

constexpr std::array<double, 9> kBarDiameters = {12, 14, 16, 18, 20, 22, 25, 28, 32};

// ---------------------------------------------------------------------------------------------
// How bars come out of the mill, and concrete out of the plant
// ---------------------------------------------------------------------------------------------

// How a grade's bars come out of the mill: ReL (the plateau's lower level), Rm/ReL, Agt and
// A − Agt, each drawn within bounds that keep normal draws inside the grade's minimums.
struct SteelDraw {
  std::string_view name;
  double rel_mean, rel_sd, rel_lo, rel_hi;
  double ratio_mean, ratio_sd, ratio_lo, ratio_hi;
  double agt_mean, agt_sd, agt_lo, agt_hi;  // percent
  double a_extra_lo, a_extra_hi;            // A − Agt, percent
};

constexpr SteelDraw kSteelDraws[] = {
    {"HPB300", 350, 20, 315, 420, 1.45, 0.05, 1.32, 1.60, 16, 2, 12, 20, 13, 18},
    {"HRB400", 445, 18, 415, 500, 1.34, 0.035, 1.27, 1.45, 12.5, 1.5, 9.5, 17, 8, 14},
    {"HRB400E", 450, 16, 415, 505, 1.37, 0.035, 1.28, 1.48, 13, 1.4, 10, 17, 8, 14},
    {"HRB500", 545, 18, 515, 610, 1.30, 0.03, 1.26, 1.40, 11.5, 1.3, 9, 15, 7, 12},
    {"HRB500E", 545, 16, 515, 620, 1.31, 0.03, 1.27, 1.40, 12, 1.2, 10, 15, 7, 12},
    {"HRB600", 645, 15, 615, 700, 1.23, 0.025, 1.19, 1.30, 10, 1, 8, 13, 6, 10},
};

const SteelDraw& steel_draw(std::string_view name) {
  for (const auto& d : kSteelDraws) {
    if (d.name == name) {
      return d;
    }
  }
  return kSteelDraws[1];
}

// The concrete's standard deviation for its grade (JGJ 55-2011 Table 4.0.2), MPa.
double concrete_sigma(double fcuk) {
  return fcuk <= 20 ? 4.0 : fcuk <= 45 ? 5.0 : 6.0;
}

// ---------------------------------------------------------------------------------------------
// Sampling a shape at the machine's rate, with the machine's jitter
// ---------------------------------------------------------------------------------------------

struct Point {
  double force_kn = 0;
  double disp_mm = 0;
  double noise = 1;  // a multiple of the force noise (cracking after the peak is noisier)
};

struct Noise {
  double force_sd = 0.02;  // kN
  double disp_sd = 0.002;  // mm
  double wobble = 0.0005;  // the servo's slow oscillation, a fraction of the force
  double wobble_hz = 1;
  double wobble_phase = 0;
};

template <class Shape>
Curve sample(const Shape& shape, double end_s, double rate_hz, const Noise& noise, Rng& rng) {
  Curve c;
  c.rate_hz = rate_hz;
  const auto n = static_cast<std::size_t>(std::floor(end_s * rate_hz)) + 1;
  const double time_step = rate_hz > 200 ? 1e-4 : 1e-3;  // the machine's clock resolution
  c.t_s.reserve(n);
  c.force_kn.reserve(n);
  c.disp_mm.reserve(n);
  for (std::size_t i = 0; i < n; ++i) {
    const double nominal = static_cast<double>(i) / rate_hz;
    const double t = i == 0 ? 0.0 : nominal + rng.uniform(-0.1, 0.1) / rate_hz;
    const Point p = shape(t);
    double f =
        p.force_kn * (1 + noise.wobble * std::sin(2 * std::numbers::pi * noise.wobble_hz * t +
                                                  noise.wobble_phase)) +
        rng.normal(0, noise.force_sd * p.noise);
    const double d = p.disp_mm + rng.normal(0, noise.disp_sd);
    c.t_s.push_back(round_to(t, time_step));
    c.force_kn.push_back(round_to(std::max(f, 0.0), 0.01));
    c.disp_mm.push_back(round_to(d, 0.001));
  }
  return c;
}

// ---------------------------------------------------------------------------------------------
// Compression: concrete and mortar cubes under load control
// ---------------------------------------------------------------------------------------------

struct Compression {
  double peak_kn;   // the specimen's strength as a load
  double rate_kns;  // the force rate the machine holds
  double wait_s;    // before the platen touches
  double tau_s;     // seating: how fast the rate builds up
  double knee;      // the fraction of the peak where the rise starts to bend
  double post_s;    // the crushing drop's duration
  double end_fraction;
  double seat_mm, stiffness_kn_mm, creep_mm, burst_mm_s;

  // The rise: r(u − τ(1 − e^(−u/τ))) − a·max(0, u − u1)²; its top is the peak.
  double u1() const { return knee * peak_kn / rate_kns + tau_s; }
  double bend() const { return rate_kns * rate_kns / (4 * (1 - knee) * peak_kn); }
  double u_peak() const { return u1() + 2 * (1 - knee) * peak_kn / rate_kns; }
  double end_s() const { return wait_s + u_peak() + post_s; }

  double rise(double u) const {
    const double past = std::max(0.0, u - u1());
    return rate_kns * (u - tau_s * (1 - std::exp(-u / tau_s))) - bend() * past * past;
  }
  double travel(double u, double f) const {
    return seat_mm * (1 - std::exp(-u / (2 * tau_s))) + f / stiffness_kn_mm +
           creep_mm * std::pow(std::max(0.0, f / peak_kn), 6);
  }

  Point operator()(double t) const {
    if (t < wait_s) {
      return {0, 0, 0.3};
    }
    const double u = t - wait_s;
    const double up = u_peak();
    if (u <= up) {
      const double f = rise(u);
      return {f, travel(u, f), 1};
    }
    const double top = rise(up);
    const double s = (u - up) / post_s;
    return {top * (1 - (1 - end_fraction) * smoothstep(s)), travel(up, top) + burst_mm_s * (u - up),
            4};
  }
};

// ---------------------------------------------------------------------------------------------
// Tension: bars, welded joints, mechanical splices
// ---------------------------------------------------------------------------------------------

enum class Break { necking, brittle, pull_out };

struct Tension {
  double area_mm2, gauge_mm, e_mpa;
  double grip_s, grip_stress;  // slack taken up
  double stress_rate;          // MPa/s in the elastic range
  double reh, rel, amplitude;  // upper yield, lower yield level, plateau oscillation
  double f1, f2, phase1, phase2;
  double drop_s;      // upper yield → plateau
  double luders;      // the plateau's strain
  double rate_yield;  // strain rate on the plateau, 1/s
  double rate_hard;   // strain rate after it
  double hardening;   // exponent of the hardening curve
  double rm, agt;     // tensile strength; total elongation at maximum force (fraction)
  double a_after;     // elongation after fracture (fraction)
  double fracture_stress;
  double neck_exp, neck_mm_s;
  double slip_mm = 0;  // a splice's connector slip at yield
  Break mode = Break::necking;
  double break_stress = 0;  // brittle or pull-out: where it breaks during hardening
  double pull_s = 0.5;
  double tail_s = 0.3;

  // Phase boundaries (s).
  double t_elastic() const { return grip_s + (reh - grip_stress) / stress_rate; }
  double eps_elastic() const { return reh / e_mpa; }
  double eps_plateau_start() const { return eps_elastic() + rate_yield * drop_s; }
  double eps_hardening() const { return eps_elastic() + luders; }
  double t_plateau_end() const {
    return t_elastic() + drop_s + (eps_hardening() - eps_plateau_start()) / rate_yield;
  }
  double t_max() const { return t_plateau_end() + (agt - eps_hardening()) / rate_hard; }
  double plateau(double t) const {
    const double osc = 0.5 + 0.5 * (0.6 * std::sin(2 * std::numbers::pi * f1 * t + phase1) +
                                    0.4 * std::sin(2 * std::numbers::pi * f2 * t + phase2));
    return rel * (1 + amplitude * osc);
  }
  double hardening_x(double t) const {
    return std::clamp((t - t_plateau_end()) * rate_hard / (agt - eps_hardening()), 0.0, 1.0);
  }
  double hardening_stress(double x) const {
    const double s0 = plateau(t_plateau_end());
    return s0 + (rm - s0) * (1 - std::pow(1 - x, hardening));
  }
  // When a brittle or pulled-out joint lets go: where the hardening curve reaches its stress.
  double t_break() const {
    const double s0 = plateau(t_plateau_end());
    const double share = std::clamp((break_stress - s0) / (rm - s0), 0.0, 1.0);
    const double x = 1 - std::pow(1 - share, 1 / hardening);
    return t_plateau_end() + x * (agt - eps_hardening()) / rate_hard;
  }
  double ext_max() const { return agt * gauge_mm; }
  double ext_fracture() const { return gauge_mm * (a_after + fracture_stress / e_mpa); }
  double t_fracture() const {
    if (mode == Break::brittle) {
      return t_break();
    }
    if (mode == Break::pull_out) {
      return t_break() + pull_s;
    }
    return t_max() + (ext_fracture() - ext_max()) / neck_mm_s;
  }
  double end_s() const { return t_fracture() + tail_s; }

  Point at_stress(double stress, double ext, double noise = 1) const {
    const double slip = slip_mm * std::min(1.0, stress / rel);
    return {stress * area_mm2 / 1000, ext + slip, noise};
  }

  Point operator()(double t) const {
    const double te = t_elastic();
    const bool early = mode != Break::necking;
    if (early && t > t_break()) {
      const double tb = t_break();
      const double eps_b = eps_hardening() + hardening_x(tb) * (agt - eps_hardening());
      if (mode == Break::pull_out && t <= tb + pull_s) {  // the bar slides out of the sleeve
        const double y = (t - tb) / pull_s;
        return at_stress(break_stress * (1 - 0.6 * std::pow(y, 1.5)), eps_b * gauge_mm + 2.0 * y,
                         3);
      }
      const double tf = t_fracture();
      const double left = mode == Break::pull_out ? 0.4 * break_stress : break_stress;
      return at_stress(t <= tf ? left : left * std::exp(-(t - tf) / 0.01),
                       eps_b * gauge_mm + (mode == Break::pull_out ? 2.0 : 0.0), 0.3);
    }
    if (t < grip_s) {
      const double s = grip_stress * (t / grip_s) * (t / grip_s);
      return at_stress(s, s / e_mpa * gauge_mm, 0.5);
    }
    if (t < te) {
      const double s = grip_stress + stress_rate * (t - grip_s);
      return at_stress(s, s / e_mpa * gauge_mm);
    }
    const double eps_e = eps_elastic();
    if (t < te + drop_s) {  // the upper yield gives way
      const double w = (t - te) / drop_s;
      const double s =
          reh + (plateau(te + drop_s) - reh) * (1 - std::cos(std::numbers::pi * w)) / 2;
      return at_stress(s, (eps_e + rate_yield * (t - te)) * gauge_mm);
    }
    const double tp = t_plateau_end();
    if (t < tp) {
      return at_stress(plateau(t), (eps_e + rate_yield * (t - te)) * gauge_mm);
    }
    const double tm = t_max();
    if (t < tm) {
      const double x = hardening_x(t);
      return at_stress(hardening_stress(x),
                       (eps_hardening() + x * (agt - eps_hardening())) * gauge_mm);
    }
    const double tf = t_fracture();
    if (t <= tf) {  // necking: the force falls as the neck thins
      const double ext = ext_max() + neck_mm_s * (t - tm);
      const double y = std::clamp((ext - ext_max()) / (ext_fracture() - ext_max()), 0.0, 1.0);
      return at_stress(rm - (rm - fracture_stress) * std::pow(y, neck_exp), ext);
    }
    // Broken: what is left of the force dies out within a few samples.
    return at_stress(fracture_stress * 0.02 * std::exp(-(t - tf) / 0.02), ext_fracture(), 0.3);
  }
};

// ---------------------------------------------------------------------------------------------
// Reading the values off a curve, as the machine's software does
// ---------------------------------------------------------------------------------------------

// The lower yield force (GB/T 228.1 ReL): the smallest force from where the yield gives way
// to the maximum force. The yield gives way where the force, averaged over 0.1 s against the
// machine's noise, first falls 0.4 % of the maximum below what it reached.
std::optional<double> lower_yield_kn(const Curve& c) {
  const std::size_t top = c.peak_index();
  const double fm = c.force_kn[top];
  const auto w = std::max<std::size_t>(3, static_cast<std::size_t>(c.rate_hz * 0.1));
  double running = 0;
  double sum = 0;
  for (std::size_t i = 0; i < top; ++i) {
    sum += c.force_kn[i];
    if (i >= w) {
      sum -= c.force_kn[i - w];
    }
    if (i + 1 < w) {
      continue;
    }
    const double mean = sum / static_cast<double>(w);
    running = std::max(running, mean);
    if (running > 0.5 * fm && mean < running - 0.004 * fm) {
      return *std::min_element(c.force_kn.begin() + static_cast<std::ptrdiff_t>(i + 1 - w),
                               c.force_kn.begin() + static_cast<std::ptrdiff_t>(top));
    }
  }
  return std::nullopt;
}

double compression_area(Item item) {
  const double side = item == Item::mortar_compression ? kMortarSideMm : kConcreteSideMm;
  return side * side;
}

// The reported values of a specimen from its curve and its measured lengths; `peak_kn` is the
// peak as reported (the curve's, unless a fault says otherwise).
void report(Item item, SpecimenResult& s, double peak_kn) {
  if (!is_steel(item)) {
    const bool mortar = item == Item::mortar_compression;
    s.peak_load_kn = round_to(peak_kn, mortar ? 0.01 : 0.1);
    const double k = mortar ? kMortarFactor : 1.0;
    s.strength_mpa = round_to(k * s.peak_load_kn * 1000 / compression_area(item), 0.1);
    return;
  }
  const double area = bar_area_mm2(*s.diameter_mm);
  s.peak_load_kn = round_to(peak_kn, 0.01);
  s.strength_mpa = round_to(s.peak_load_kn * 1000 / area, 1);
  if (item == Item::rebar_tension) {
    const auto fel = lower_yield_kn(s.curve);
    s.yield_load_kn = round_to(fel.value_or(0), 0.01);
    s.yield_strength_mpa = round_to(*s.yield_load_kn * 1000 / area, 1);
    s.elongation_percent =
        round_to((*s.final_length_mm - *s.gauge_length_mm) / *s.gauge_length_mm * 100, 0.5);
  }
}

// ---------------------------------------------------------------------------------------------
// The lab's conclusion
// ---------------------------------------------------------------------------------------------

std::vector<JointBreak> joint_breaks(const std::vector<SpecimenResult>& specimens) {
  std::vector<JointBreak> out;
  out.reserve(specimens.size());
  for (const auto& s : specimens) {
    out.push_back(
        {s.strength_mpa, s.fracture_mode == "ductile", s.fracture_position == "connector"});
  }
  return out;
}

// The lab's conclusion on the group (test_standards.hpp has the rules).
void conclude(GroupResult& r, const std::string& concrete_group) {
  switch (r.item) {
    case Item::concrete_compression:
    case Item::mortar_compression: {
      std::vector<double> values;
      for (const auto& s : r.specimens) {
        values.push_back(s.strength_mpa);
      }
      r.group_strength_mpa = group_value(values);
      if (!r.group_strength_mpa) {
        r.conclusion = "invalid";
        return;
      }
      // Formwork removal needs 75 % of the grade (GB 50204-2015 Table 4.1.2, spans ≤ 8 m);
      // same-condition specimens count with the factor 1.10 (GB 50204-2015 Appendix C).
      double need = r.grade.nominal;
      if (concrete_group == "formwork_removal") {
        need = 0.75 * r.grade.nominal;
      } else if (concrete_group == "same_condition") {
        need = r.grade.nominal / 1.10;
      }
      r.conclusion = *r.group_strength_mpa >= need ? "pass" : "fail";
      return;
    }
    case Item::rebar_tension: {
      const bool all =
          std::all_of(r.specimens.begin(), r.specimens.end(), [&](const SpecimenResult& s) {
            return bar_meets(*r.grade.steel, s.yield_strength_mpa.value_or(0), s.strength_mpa,
                             s.elongation_percent.value_or(0), s.agt_percent.value_or(0));
          });
      r.conclusion = all ? "pass" : "retest";  // GB/T 1499.2 §8.4: retest on double the number
      return;
    }
    case Item::weld_tension:
      r.conclusion = weld_conclusion(*r.grade.steel, joint_breaks(r.specimens));
      return;
    case Item::splice_tension:
      r.conclusion = splice_conclusion(r.grade, joint_breaks(r.specimens));
      return;
  }
}

// ---------------------------------------------------------------------------------------------
// Playing a group
// ---------------------------------------------------------------------------------------------

double effective_rate(const GroupSpec& spec, double end_s) {
  if (spec.points > 1) {
    return static_cast<double>(spec.points - 1) / end_s;
  }
  return spec.rate_hz > 0 ? spec.rate_hz : 50.0;
}

// A loading rate outside the band, on one side or the other.
double rate_outside(const LoadingBand& band, Rng& rng, bool slow_allowed) {
  if (slow_allowed && rng.chance(0.4)) {
    return band.low * rng.uniform(0.5, 0.75);
  }
  return band.high * rng.uniform(1.3, 1.7);
}

// Inside the band, away from its edges; steel labs keep to the lower half (10-33 MPa/s).
double rate_inside(const LoadingBand& band, Rng& rng, bool steel) {
  const double w = band.high - band.low;
  return steel ? rng.uniform(band.low + 0.07 * w, band.low + 0.5 * w)
               : rng.uniform(band.low + 0.15 * w, band.high - 0.15 * w);
}

struct Played {
  SpecimenResult specimen;
  double peak_kn = 0;
};

// One compression specimen of the group: its strength drawn around the group's.
Played play_compression(const GroupSpec& spec, double group_mpa, double machine_rate,
                        std::uint64_t seed) {
  Rng rng(seed);
  const bool mortar = spec.item == Item::mortar_compression;
  const double side = mortar ? kMortarSideMm : kConcreteSideMm;
  const double area = side * side;
  const double cv = mortar ? 0.05 : 0.03;
  const double strength = group_mpa * rng.normal(1, cv, 1 - 2 * cv, 1 + 2 * cv);
  Compression c{};
  c.peak_kn = strength * area / 1000 / (mortar ? kMortarFactor : 1.0);
  c.rate_kns = (mortar ? machine_rate : machine_rate * area / 1000) * rng.uniform(0.99, 1.01);
  c.wait_s = rng.uniform(0.3, 1.0);
  c.tau_s = rng.uniform(0.8, 2.0);
  c.knee = rng.uniform(0.92, 0.96);
  c.post_s = rng.uniform(0.4, 1.5);
  c.end_fraction = rng.uniform(0.25, 0.6);
  c.seat_mm = mortar ? rng.uniform(0.05, 0.15) : rng.uniform(0.15, 0.4);
  c.stiffness_kn_mm = mortar ? rng.uniform(120, 220) : rng.uniform(900, 1400);
  c.creep_mm = mortar ? rng.uniform(0.05, 0.15) : rng.uniform(0.1, 0.3);
  c.burst_mm_s = mortar ? rng.uniform(0.1, 0.3) : rng.uniform(0.3, 0.8);
  Noise noise;
  noise.force_sd = 0.02 + 0.00012 * c.peak_kn;
  noise.wobble_hz = rng.uniform(0.5, 1.5);
  noise.wobble_phase = rng.uniform(0, 2 * std::numbers::pi);

  Played p;
  p.specimen.machine_rate = machine_rate;
  p.specimen.curve = sample(c, c.end_s(), effective_rate(spec, c.end_s()), noise, rng);
  p.specimen.length_mm = p.specimen.width_mm = p.specimen.height_mm = side;
  p.peak_kn = p.specimen.curve.force_kn[p.specimen.curve.peak_index()];
  return p;
}

enum class Outcome { base_metal, heat_affected_zone, weld_brittle, connector };

// One bar, weld or splice of the group.
Played play_tension(const GroupSpec& spec, const GroupResult& r, double diameter,
                    double stress_rate, std::uint64_t seed) {
  Rng rng(seed);
  const SteelGrade& g = *r.grade.steel;
  const SteelDraw& d = steel_draw(g.name);
  Tension m{};
  m.area_mm2 = bar_area_mm2(diameter);
  m.gauge_mm = spec.item == Item::rebar_tension ? 5 * diameter : 8 * diameter;
  m.e_mpa = 200000 * rng.uniform(0.97, 1.03);
  m.rel = rng.normal(d.rel_mean, d.rel_sd, d.rel_lo, d.rel_hi);
  m.amplitude = rng.uniform(0.004, 0.012);
  m.reh = m.rel * (1 + m.amplitude) * rng.uniform(1.01, 1.035);
  m.rm = std::max(m.rel * rng.normal(d.ratio_mean, d.ratio_sd, d.ratio_lo, d.ratio_hi),
                  g.rm_min_mpa * rng.uniform(1.02, 1.05));
  m.agt = rng.normal(d.agt_mean, d.agt_sd, d.agt_lo, d.agt_hi) / 100;
  m.a_after = m.agt + rng.uniform(d.a_extra_lo, d.a_extra_hi) / 100;
  m.grip_s = rng.uniform(0.5, 1.5);
  m.grip_stress = 0.02 * m.rel;
  m.stress_rate = stress_rate * rng.uniform(0.98, 1.02);
  m.f1 = rng.uniform(0.3, 0.8);
  m.f2 = rng.uniform(1.3, 2.5);
  m.phase1 = rng.uniform(0, 2 * std::numbers::pi);
  m.phase2 = rng.uniform(0, 2 * std::numbers::pi);
  m.drop_s = rng.uniform(0.15, 0.4);
  m.luders = rng.uniform(0.008, 0.02);
  m.rate_yield = rng.uniform(0.0005, 0.0015);
  m.rate_hard = rng.uniform(0.0055, 0.008);
  m.hardening = rng.uniform(2.2, 3.0);
  m.fracture_stress = m.rm * rng.uniform(0.72, 0.85);
  m.neck_exp = rng.uniform(1.6, 2.4);
  m.neck_mm_s = m.rate_hard * m.gauge_mm * rng.uniform(1.5, 2.5);
  m.tail_s = rng.uniform(0.2, 0.5);

  // Where it breaks.
  Outcome outcome = Outcome::base_metal;
  if (spec.item == Item::weld_tension) {
    const double u = rng.uniform();
    if (u >= 0.88) {
      outcome = Outcome::weld_brittle;
      m.mode = Break::brittle;
      m.break_stress =
          g.rm_min_mpa * (rng.chance(0.85) ? rng.uniform(1.0, 1.1) : rng.uniform(0.92, 0.99));
    } else if (u >= 0.75) {
      outcome = Outcome::heat_affected_zone;
      m.a_after = m.agt + 0.6 * (m.a_after - m.agt);  // the neck in the softer zone
    }
  } else if (spec.item == Item::splice_tension) {
    m.slip_mm = rng.uniform(0.05, 0.2);
    if (rng.chance(0.12)) {
      outcome = Outcome::connector;
      m.mode = Break::pull_out;
      m.pull_s = rng.uniform(0.3, 0.8);
      m.break_stress = g.rm_min_mpa * rng.uniform(1.08, 1.25);
    }
  }
  if (m.mode != Break::necking) {
    const double s0 = m.plateau(m.t_plateau_end());
    m.break_stress = std::max(m.break_stress, s0 + 0.3 * (m.rm - s0));
    if (m.break_stress >= 0.998 * m.rm) {  // the bar gives out first
      if (outcome == Outcome::connector) {
        outcome = Outcome::base_metal;
        m.mode = Break::necking;
      } else {
        m.break_stress = 0.995 * m.rm;
      }
    }
  }

  Noise noise;
  noise.force_sd = 0.02 + 0.0006 * m.rm * m.area_mm2 / 1000;
  noise.wobble = 0.0008;
  noise.wobble_hz = rng.uniform(0.5, 2.0);
  noise.wobble_phase = rng.uniform(0, 2 * std::numbers::pi);

  Played p;
  SpecimenResult& s = p.specimen;
  s.machine_rate = stress_rate;
  s.curve = sample(m, m.end_s(), effective_rate(spec, m.end_s()), noise, rng);
  s.diameter_mm = diameter;
  switch (outcome) {
    case Outcome::base_metal:
      s.fracture_position = "base_metal";
      s.fracture_mode = "ductile";
      break;
    case Outcome::heat_affected_zone:
      s.fracture_position = "heat_affected_zone";
      s.fracture_mode = "ductile";
      break;
    case Outcome::weld_brittle:
      s.fracture_position = "weld";
      s.fracture_mode = "brittle";
      break;
    case Outcome::connector:
      s.fracture_position = "connector";
      s.fracture_mode = "brittle";
      break;
  }
  if (spec.item == Item::rebar_tension) {
    // Measured by hand after the test: L0 = 5d marked before, Lu after fitting the pieces
    // together (GB/T 228.1 §11), Agt on 100 mm marks away from the fracture (GB/T 1499.2 §8.3).
    s.gauge_length_mm = m.gauge_mm;
    s.final_length_mm = round_to(m.gauge_mm * (1 + m.a_after), 0.1);
    s.agt_percent = round_to(m.agt * 100, 0.5);
  }
  p.peak_kn = s.curve.force_kn[s.curve.peak_index()];
  return p;
}

// The same curve for another specimen: rescaled by about 1 % with fresh noise, the way a
// curve is copied to fill in a test that was not run.
Curve reused_curve(const Curve& source, Rng& rng) {
  Curve c = source;
  const double scale = 1 + (rng.chance(0.5) ? 1 : -1) * rng.uniform(0.008, 0.012);
  const double stretch = 1 + rng.uniform(-0.005, 0.005);
  double top = 0;
  for (double f : source.force_kn) {
    top = std::max(top, f);
  }
  const double sd = 0.02 + 0.0002 * top;
  for (std::size_t i = 0; i < c.size(); ++i) {
    c.force_kn[i] = round_to(std::max(0.0, c.force_kn[i] * scale + rng.normal(0, sd)), 0.01);
    c.disp_mm[i] = round_to(c.disp_mm[i] * stretch + rng.normal(0, 0.002), 0.001);
  }
  return c;
}

std::string describe(double v, int decimals) {
  char buf[32];
  const auto [end, ec] =
      std::to_chars(buf, buf + sizeof buf, v, std::chars_format::fixed, decimals);
  return ec == std::errc() ? std::string(buf, end) : std::string("?");
}

}  // namespace

// ---------------------------------------------------------------------------------------------
// Public functions
// ---------------------------------------------------------------------------------------------

std::size_t Curve::peak_index() const {
  return force_kn.empty()
             ? 0
             : static_cast<std::size_t>(std::max_element(force_kn.begin(), force_kn.end()) -
                                        force_kn.begin());
}

double GroupResult::max_load_kn() const {
  double top = 0;
  for (const auto& s : specimens) {
    top = std::max(top, s.peak_load_kn);
  }
  return top;
}

std::vector<Fault> applicable_faults(Item item, bool auto_machine) {
  (void)item;
  std::vector<Fault> out = {Fault::peak_mismatch, Fault::rate_out_of_band, Fault::curve_reused};
  if (auto_machine) {
    out.push_back(Fault::manual_on_auto);
  }
  return out;
}

std::string_view fault_name(Fault fault) {
  switch (fault) {
    case Fault::none:
      return "none";
    case Fault::peak_mismatch:
      return "peak_mismatch";
    case Fault::rate_out_of_band:
      return "rate_out_of_band";
    case Fault::curve_reused:
      return "curve_reused";
    case Fault::manual_on_auto:
      return "manual_on_auto";
  }
  return "";
}

std::optional<GroupResult> simulate_group(const GroupSpec& spec, std::uint64_t seed,
                                          std::string* problem) {
  auto grade = parse_grade(spec.item, spec.grade);
  if (!grade) {
    *problem = "no grade the simulator knows for " + std::string(item_code(spec.item)) + " in '" +
               spec.grade + "'";
    return std::nullopt;
  }
  if (spec.item == Item::concrete_compression && spec.concrete_group == "impermeability") {
    *problem = "an impermeability group is not a compression test";
    return std::nullopt;
  }
  if (spec.label_codes.empty()) {
    *problem = "no specimens";
    return std::nullopt;
  }
  Rng rng(seed);
  GroupResult r;
  r.item = spec.item;
  r.grade = *grade;
  r.band = loading_band(spec.item, r.grade);
  r.fault = spec.fault;
  if (r.fault == Fault::curve_reused && spec.label_codes.size() < 2 && !spec.reuse) {
    r.fault = Fault::peak_mismatch;  // nothing to copy from
  }

  // The machine's setting for the whole group.
  const bool rate_fault = r.fault == Fault::rate_out_of_band;
  const double machine_rate = rate_fault ? rate_outside(r.band, rng, !is_steel(spec.item))
                                         : rate_inside(r.band, rng, is_steel(spec.item));
  if (rate_fault) {
    r.fault_note = "loading rate " + describe(machine_rate, 2) + " " + std::string(r.band.unit) +
                   " outside " + describe(r.band.low, 2) + "–" + describe(r.band.high, 2);
  }

  if (!is_steel(spec.item)) {
    double group_mpa = 0;
    if (spec.item == Item::concrete_compression) {
      const double sigma = concrete_sigma(grade->nominal);
      const double expected = grade->nominal + 1.645 * sigma;
      group_mpa = expected + rng.normal(0, 0.5 * sigma, -1.5 * sigma, 1.5 * sigma);
      if (spec.concrete_group == "same_condition") {
        group_mpa *= rng.uniform(0.9, 0.96);
      } else if (spec.concrete_group == "formwork_removal") {
        group_mpa = grade->nominal * rng.uniform(0.78, 0.95);
      }
    } else {
      group_mpa = grade->nominal * rng.normal(1.2, 0.06, 1.05, 1.35);  // JGJ/T 98: k = 1.20
    }
    for (std::size_t i = 0; i < spec.label_codes.size(); ++i) {
      Played p = play_compression(spec, group_mpa, machine_rate, derive(seed, i));
      p.specimen.label_code = spec.label_codes[i];
      report(spec.item, p.specimen, p.peak_kn);
      r.specimens.push_back(std::move(p.specimen));
    }
  } else {
    const double diameter =
        grade->diameter_mm.value_or(kBarDiameters[rng.index(kBarDiameters.size())]);
    r.grade.diameter_mm = diameter;
    for (std::size_t i = 0; i < spec.label_codes.size(); ++i) {
      Played p = play_tension(spec, r, diameter, machine_rate, derive(seed, i));
      p.specimen.label_code = spec.label_codes[i];
      report(spec.item, p.specimen, p.peak_kn);
      r.specimens.push_back(std::move(p.specimen));
    }
  }

  if (r.fault == Fault::curve_reused) {
    const std::size_t target = r.specimens.size() - 1;
    const SpecimenResult& source = spec.reuse ? *spec.reuse : r.specimens.front();
    SpecimenResult& s = r.specimens[target];
    s.curve = reused_curve(source.curve, rng);
    s.final_length_mm = source.final_length_mm;
    s.agt_percent = source.agt_percent;
    s.fracture_position = source.fracture_position;
    s.fracture_mode = source.fracture_mode;
    report(spec.item, s, s.curve.force_kn[s.curve.peak_index()]);
    r.fault_note = "specimen " + std::to_string(target) + " (" + s.label_code +
                   ") reuses the curve of " +
                   (spec.reuse ? "another test's specimen " : "specimen ") + source.label_code;
  }
  if (r.fault == Fault::peak_mismatch) {
    const std::size_t target = rng.index(r.specimens.size());
    SpecimenResult& s = r.specimens[target];
    const double curve_peak = s.curve.force_kn[s.curve.peak_index()];
    const double factor = 1 + (rng.chance(0.8) ? 1 : -1) * rng.uniform(0.02, 0.06);
    report(spec.item, s, curve_peak * factor);
    r.fault_note = "specimen " + std::to_string(target) + " reports a peak of " +
                   describe(s.peak_load_kn, 2) + " kN, the curve's is " + describe(curve_peak, 2);
  }
  if (r.fault == Fault::manual_on_auto) {
    r.manual = true;
    r.fault_note = "entered by hand on an auto-collecting machine";
  }
  conclude(r, spec.concrete_group);
  return r;
}

}  // namespace lw::sim
