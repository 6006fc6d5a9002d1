#include "domain/curve_fingerprint.hpp"

#include <algorithm>
#include <bit>
#include <cmath>

#include "domain/curve.hpp"

namespace lw::domain {
namespace {

constexpr std::string_view kMagic = "LWF\x01";

bool well_formed(std::string_view bytes) {
  return bytes.size() == kFingerprintBytes && bytes.starts_with(kMagic);
}

// --- anchors ---------------------------------------------------------------------------------

// The largest centred moving average of the force and its index.
std::pair<double, std::size_t> robust_peak(const std::vector<double>& f) {
  const std::size_t n = f.size();
  const std::size_t half = std::max<std::size_t>(1, n / 512);
  std::vector<double> prefix(n + 1, 0.0);
  for (std::size_t i = 0; i < n; ++i) {
    prefix[i + 1] = prefix[i] + f[i];
  }
  double best = -1e300;
  std::size_t at = 0;
  for (std::size_t i = 0; i < n; ++i) {
    const std::size_t lo = i >= half ? i - half : 0;
    const std::size_t hi = std::min(n, i + half + 1);
    const double avg = (prefix[hi] - prefix[lo]) / static_cast<double>(hi - lo);
    if (avg > best) {
      best = avg;
      at = i;
    }
  }
  return {best, at};
}

// The samples of the rise between 10 % and 50 % of the peak.
struct Window {
  std::size_t first = 0;
  std::size_t last = 0;
  std::size_t size() const { return last - first + 1; }
};
Window rise_window(const Curve& c, double peak, std::size_t peak_at) {
  Window w;
  while (w.first < peak_at && c.force_kn[w.first] < 0.1 * peak) {
    ++w.first;
  }
  w.last = w.first;
  while (w.last < peak_at && c.force_kn[w.last] < 0.5 * peak) {
    ++w.last;
  }
  return w;
}

// Least-squares line y = mean_y + slope (x - mean_x) over the window.
struct Line {
  double mean_x = 0;
  double mean_y = 0;
  double slope = 0;  // 0 when x does not vary or y does not rise
};
Line fit(const std::vector<double>& x, const std::vector<double>& y, Window w) {
  Line l;
  const auto n = static_cast<double>(w.size());
  for (std::size_t i = w.first; i <= w.last; ++i) {
    l.mean_x += x[i];
    l.mean_y += y[i];
  }
  l.mean_x /= n;
  l.mean_y /= n;
  double sxy = 0;
  double sxx = 0;
  for (std::size_t i = w.first; i <= w.last; ++i) {
    sxy += (x[i] - l.mean_x) * (y[i] - l.mean_y);
    sxx += (x[i] - l.mean_x) * (x[i] - l.mean_x);
  }
  l.slope = sxx > 0 && sxy > 0 ? sxy / sxx : 0;
  return l;
}

// Where the line through the rise reaches zero force.
std::optional<double> start_anchor(const Curve& c, Window w) {
  if (w.size() < 3) {
    return std::nullopt;
  }
  const Line l = fit(c.t_s, c.force_kn, w);
  if (l.slope <= 0) {
    return std::nullopt;
  }
  return l.mean_x - l.mean_y / l.slope;
}

// Force over displacement on the rise; 0 without displacement.
double rise_stiffness(const Curve& c, Window w) {
  if (c.disp_mm.size() != c.size() || w.size() < 3) {
    return 0;
  }
  return fit(c.disp_mm, c.force_kn, w).slope;
}

// Where the force last falls through 10 % of the peak above its final level (the mean of the
// last samples): the fracture of a bar, the drop of a cube; the last sample if it never does.
double end_anchor(const Curve& c, double peak) {
  const double level = 0.1 * peak;
  std::size_t j = c.size() - 1;
  while (j > 0 && c.force_kn[j] < level) {
    --j;
  }
  if (j + 1 >= c.size()) {
    return c.t_s.back();
  }
  const double f0 = c.force_kn[j];
  const double f1 = c.force_kn[j + 1];
  const double w = f0 > f1 ? (f0 - level) / (f0 - f1) : 0.0;
  return c.t_s[j] + w * (c.t_s[j + 1] - c.t_s[j]);
}

// --- the shape -------------------------------------------------------------------------------

// Integral of the piecewise-linear force from the first sample to x (the end values held beyond).
class Integral {
 public:
  explicit Integral(const Curve& c) : c_(c), cum_(c.size(), 0.0) {
    for (std::size_t i = 1; i < c.size(); ++i) {
      cum_[i] = cum_[i - 1] + (c.t_s[i] - c.t_s[i - 1]) * (c.force_kn[i] + c.force_kn[i - 1]) / 2;
    }
  }
  double to(double x) const {
    const auto& t = c_.t_s;
    const auto& f = c_.force_kn;
    if (x <= t.front()) {
      return (x - t.front()) * f.front();
    }
    if (x >= t.back()) {
      return cum_.back() + (x - t.back()) * f.back();
    }
    const auto i =
        static_cast<std::size_t>(std::upper_bound(t.begin(), t.end(), x) - t.begin()) - 1;
    const double span = t[i + 1] - t[i];
    const double fx = span > 0 ? f[i] + (f[i + 1] - f[i]) * (x - t[i]) / span : f[i];
    return cum_[i] + (x - t[i]) * (f[i] + fx) / 2;
  }

 private:
  const Curve& c_;
  std::vector<double> cum_;
};

std::vector<double> bin_averages(const Integral& integral, double from, double to,
                                 std::size_t count) {
  std::vector<double> bins(count);
  const double width = (to - from) / static_cast<double>(count);
  double prev = integral.to(from);
  for (std::size_t k = 0; k < count; ++k) {
    const double next = integral.to(from + static_cast<double>(k + 1) * width);
    bins[k] = (next - prev) / width;
    prev = next;
  }
  return bins;
}

void put_f32(std::string& out, double v) {
  auto bits = std::bit_cast<std::uint32_t>(static_cast<float>(v));
  for (int i = 0; i < 4; ++i) {
    out.push_back(static_cast<char>(bits & 0xFF));
    bits >>= 8;
  }
}

double get_f32(std::string_view in, std::size_t at) {
  std::uint32_t bits = 0;
  for (int i = 3; i >= 0; --i) {
    bits = (bits << 8) | static_cast<std::uint8_t>(in[at + static_cast<std::size_t>(i)]);
  }
  return static_cast<double>(std::bit_cast<float>(bits));
}

constexpr std::size_t kShapeAt = 16;
constexpr std::size_t kResidualAt = kShapeAt + 2 * kFingerprintShape;

std::array<std::int64_t, kFingerprintShape> shape_units(const CurveFingerprint& f) {
  std::array<std::int64_t, kFingerprintShape> q{};
  for (std::size_t i = 0; i < kFingerprintShape; ++i) {
    const auto lo = static_cast<std::uint8_t>(f.bytes[kShapeAt + 2 * i]);
    const auto hi = static_cast<std::uint8_t>(f.bytes[kShapeAt + 2 * i + 1]);
    q[i] = lo | (hi << 8);
  }
  return q;
}

// --- locality-sensitive hashing --------------------------------------------------------------

std::uint64_t mix(std::uint64_t z) {
  z += 0x9E3779B97F4A7C15ULL;
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}

// Bucket widths in shape units (65535 = the peak) along a ±1 projection of the 64 values: a
// copy's shape differs from its original's by an RMS of at most about 0.005 (a projection of
// about 2,600 units), independent curves' by 0.03 and more (17,000 units and more).
constexpr std::int64_t kIdenticalWidth = 2000;
constexpr std::size_t kIdenticalProjections = 4;
constexpr std::int64_t kNearSameWidth = 16000;
constexpr std::size_t kNearSameProjections = 3;
constexpr double kScaleCell = 0.15;  // log P and log span

// The cell of the ±1 projection number `proj` (of the family `family`), with a random offset.
std::uint64_t projection_cell(const std::array<std::int64_t, kFingerprintShape>& q,
                              std::uint64_t family, std::uint64_t proj, std::int64_t width) {
  const std::uint64_t seed = mix(family * 0x100000001B3ULL + proj);
  std::int64_t dot = 0;
  for (std::size_t i = 0; i < kFingerprintShape; ++i) {
    dot += (mix(seed + i) & 1) != 0 ? q[i] : -q[i];
  }
  const auto offset =
      static_cast<std::int64_t>(mix(seed ^ 0xB0FF5E7ULL) % static_cast<std::uint64_t>(width));
  // Shifted to be non-negative, so that the division floors.
  const std::int64_t shifted = dot + offset + static_cast<std::int64_t>(kFingerprintShape) * 65535;
  return static_cast<std::uint64_t>(shifted / width);
}

std::uint64_t scale_cell(double value, std::uint64_t seed) {
  const double offset = static_cast<double>(mix(seed) >> 11) * 0x1.0p-53 * kScaleCell;
  return static_cast<std::uint64_t>(
      static_cast<std::int64_t>(std::floor((std::log(value) + offset) / kScaleCell)));
}

}  // namespace

std::optional<CurveFingerprint> fingerprint_curve(const Curve& c) {
  if (c.size() < 16 || !validate_curve(c)) {
    return std::nullopt;
  }
  const auto [peak, peak_at] = robust_peak(c.force_kn);
  if (!(peak > 0)) {
    return std::nullopt;
  }
  const Window rise = rise_window(c, peak, peak_at);
  const auto t_a = start_anchor(c, rise);
  if (!t_a) {
    return std::nullopt;
  }
  const double t_b = end_anchor(c, peak);
  const double span = t_b - *t_a;
  if (!(span > 0)) {
    return std::nullopt;
  }
  const Integral integral(c);
  const auto shape = bin_averages(integral, *t_a, t_b, kFingerprintShape);
  const double top = *std::max_element(shape.begin(), shape.end());
  if (!(top > 0)) {
    return std::nullopt;
  }
  const auto fine = bin_averages(integral, *t_a, t_b, kFingerprintResidualBins);
  std::vector<double> residual(kFingerprintResidual);
  for (std::size_t k = 0; k < kFingerprintResidual; ++k) {
    residual[k] = (fine[k + 1] - (fine[k] + fine[k + 2]) / 2) / peak;
  }
  std::vector<double> spread(residual);
  for (auto& r : spread) {
    r = std::fabs(r);
  }
  std::nth_element(spread.begin(), spread.begin() + kFingerprintResidual / 2, spread.end());
  const double scale = spread[kFingerprintResidual / 2] * 1.4826;

  CurveFingerprint fp;
  fp.bytes = kMagic;
  put_f32(fp.bytes, peak);
  put_f32(fp.bytes, span);
  put_f32(fp.bytes, rise_stiffness(c, rise));
  for (double b : shape) {
    const auto q = static_cast<std::uint16_t>(std::lround(std::clamp(b / top, 0.0, 1.0) * 65535));
    fp.bytes.push_back(static_cast<char>(q & 0xFF));
    fp.bytes.push_back(static_cast<char>(q >> 8));
  }
  for (double r : residual) {
    const double z = scale > 0 ? std::clamp(r / scale, -2.5, 2.5) : 0.0;
    fp.bytes.push_back(static_cast<char>(static_cast<std::int8_t>(std::lround(z * 50))));
  }
  return fp;
}

std::optional<CurveFingerprint> parse_fingerprint(std::string_view bytes) {
  if (!well_formed(bytes)) {
    return std::nullopt;
  }
  return CurveFingerprint{std::string(bytes)};
}

FingerprintData fingerprint_data(const CurveFingerprint& f) {
  FingerprintData d;
  if (!well_formed(f.bytes)) {
    return d;
  }
  d.peak_kn = get_f32(f.bytes, 4);
  d.span_s = get_f32(f.bytes, 8);
  d.stiffness_kn_mm = get_f32(f.bytes, 12);
  const auto q = shape_units(f);
  for (std::size_t i = 0; i < kFingerprintShape; ++i) {
    d.shape[i] = static_cast<double>(q[i]) / 65535.0;
  }
  for (std::size_t i = 0; i < kFingerprintResidual; ++i) {
    d.residual[i] = static_cast<std::int8_t>(f.bytes[kResidualAt + i]) / 50.0;
  }
  return d;
}

std::vector<std::int64_t> fingerprint_buckets(const CurveFingerprint& f) {
  if (!well_formed(f.bytes)) {
    return {};
  }
  const auto q = shape_units(f);
  const double peak = get_f32(f.bytes, 4);
  const double span = get_f32(f.bytes, 8);
  std::vector<std::int64_t> keys;
  for (std::size_t band = 0; band < kIdenticalBands; ++band) {
    std::uint64_t h = mix(0x1D0000 + band);
    for (std::size_t j = 0; j < kIdenticalProjections; ++j) {
      h = mix(h ^ projection_cell(q, 1, band * kIdenticalProjections + j, kIdenticalWidth));
    }
    keys.push_back(static_cast<std::int64_t>(h >> 1));
  }
  for (std::size_t band = 0; band < kNearSameBands; ++band) {
    std::uint64_t h = mix(0x2E0000 + band);
    for (std::size_t j = 0; j < kNearSameProjections; ++j) {
      h = mix(h ^ projection_cell(q, 2, band * kNearSameProjections + j, kNearSameWidth));
    }
    h = mix(h ^ scale_cell(peak, 0x3F0000 + band));
    h = mix(h ^ scale_cell(span, 0x4A0000 + band));
    keys.push_back(static_cast<std::int64_t>(h >> 1));
  }
  return keys;
}

std::string_view curve_evidence_name(CurveEvidence e) {
  switch (e) {
    case CurveEvidence::none:
      return "none";
    case CurveEvidence::near_same:
      return "near_same";
    case CurveEvidence::identical:
      return "identical";
  }
  return {};
}

CurveComparison compare_fingerprints(const CurveFingerprint& a, const CurveFingerprint& b) {
  CurveComparison r;
  if (!well_formed(a.bytes) || !well_formed(b.bytes)) {
    return r;  // not comparable: no evidence
  }
  const auto da = fingerprint_data(a);
  const auto db = fingerprint_data(b);
  // The last bin holds where the recording stops, which moves with the sampling rate.
  constexpr std::size_t kCompared = kFingerprintShape - 1;
  double sum = 0;
  for (std::size_t i = 0; i < kCompared; ++i) {
    const double d = std::fabs(da.shape[i] - db.shape[i]);
    sum += d * d;
    r.shape_max = std::max(r.shape_max, d);
  }
  r.shape_rms = std::sqrt(sum / kCompared);
  r.peak_ratio = db.peak_kn > 0 ? da.peak_kn / db.peak_kn : 0;
  r.span_ratio = db.span_s > 0 ? da.span_s / db.span_s : 0;
  r.stiffness_ratio = da.stiffness_kn_mm > 0 && db.stiffness_kn_mm > 0
                          ? da.stiffness_kn_mm / db.stiffness_kn_mm
                          : 0;
  double ab = 0;
  double aa = 0;
  double bb = 0;
  for (std::size_t i = 0; i < kFingerprintResidual; ++i) {
    ab += da.residual[i] * db.residual[i];
    aa += da.residual[i] * da.residual[i];
    bb += db.residual[i] * db.residual[i];
  }
  r.residual_correlation = aa > 0 && bb > 0 ? ab / std::sqrt(aa * bb) : 0;
  auto close = [](double ratio) {
    return ratio > 0 && std::fabs(std::log(ratio)) <= kNearSameScale;
  };
  const bool scales = close(r.peak_ratio) && close(r.span_ratio) &&
                      (r.stiffness_ratio == 0 || close(r.stiffness_ratio));
  if (r.residual_correlation >= kIdenticalCorrelation && r.shape_rms <= kIdenticalShapeRms) {
    r.evidence = CurveEvidence::identical;
  } else if (r.shape_rms <= kNearSameShapeRms && r.shape_max <= kNearSameShapeMax && scales) {
    r.evidence = CurveEvidence::near_same;
  }
  return r;
}

bool same_curve(const CurveFingerprint& a, const CurveFingerprint& b) {
  return compare_fingerprints(a, b).evidence != CurveEvidence::none;
}

}  // namespace lw::domain
