#pragma once
// Curve fingerprints (issue 7, JJ-3.4): the same or a near-same load curve submitted for another
// specimen — a classic fake — found across the whole platform.
//
// Method (version 1):
//  1. Anchors that survive rescaling, noise and resampling. The peak P is the largest centred
//     moving average of the force (window about n/256 samples). The start t_a is where the
//     least-squares line through the rise between 10 % and 50 % of P reaches zero force; the end
//     t_b is where the force last falls through 10 % of P (the last sample if it never does).
//     With a displacement channel, the stiffness K is the least-squares slope of force over
//     displacement on the same stretch of the rise.
//  2. The shape: the curve, as the piecewise-linear function of its samples, averaged over
//     kFingerprintShape equal bins of [t_a, t_b] — exact integrals, so 10 Hz and 250 Hz
//     samplings of one curve give the same bins and the averaging damps noise — divided by the
//     largest bin. Force and time scale drop out; P, the span t_b - t_a and K are kept beside.
//  3. The residual: the same averaging over kFingerprintResidualBins finer bins, each bin minus
//     the mean of its neighbours (what is left is mostly the machine's jitter, unique to one
//     run), scaled by its robust spread, clipped to ±2.5, stored as int8. A copy keeps it; an
//     independent run does not.
//  4. The fingerprint (kFingerprintBytes = 398): "LWF" 0x01, P (kN), span (s), K (kN/mm, 0
//     without displacement) as little-endian float32, the shape as little-endian uint16
//     (65535 = the largest bin), the residual as int8.
//  5. compare_fingerprints gives the evidence:
//     - identical: residual correlation >= kIdenticalCorrelation and shape RMS difference <=
//       kIdenticalShapeRms — the same run, whatever it was rescaled by (an exact copy, a
//       rescaled copy, a copy resampled at a finer or nearby rate);
//     - near_same: shape RMS difference <= kNearSameShapeRms and largest difference <=
//       kNearSameShapeMax over all bins but the last (where the recording stops, which moves
//       with the sampling rate), P, span and K (when both have it) each within kNearSameScale
//       (log ratio) — a copy with noise added or resampled coarser, rescaled by a few percent.
//     same_curve is "either".
//  6. Bucket keys for an index (fingerprint_buckets): kIdenticalBands keys hashing tight
//     quantised random projections of the shape (p-stable locality-sensitive hashing, ±1
//     weights, integer arithmetic: a stored fingerprint always gives the same keys), then
//     kNearSameBands keys hashing looser projections with the cells of log P and log span
//     (offsets differ per band). A copy shares at least one key with its original. The storage
//     layer keeps (item, key) rows, fetches candidates with `WHERE item = ? AND bucket IN
//     (...)`, and asks compare_fingerprints of each.
// Measured with curve_samples.hpp (200 originals × 11 modifications each, all pairs of 400
// concrete C30 and 250 steel HRB400 curves; curve_fingerprint_test.cpp keeps a smaller run):
// copies reach at most 75 % of the shape RMS, 83 % of the largest difference and 71 % of the
// scale thresholds, and all share a bucket; genuine pairs never reach "identical" (residual
// correlation at most 0.81); steel pairs never reach near_same (closest: twice a threshold);
// concrete pairs did in 5 of 79,800 — cubes of one batch tested at one rate can be twins in
// shape, peak, duration and stiffness, and a copy with noise added looks the same. A concrete
// near_same is a lead for a person to review; identical is strong evidence. About 10 % of
// same-grade concrete curves (up to 30 % for C60, whose rate band is narrow) and under 1 %
// of steel curves share a bucket with a given one.
#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/lab_test.hpp"

namespace lw::domain {

inline constexpr std::size_t kFingerprintShape = 64;
inline constexpr std::size_t kFingerprintResidualBins = 256;
inline constexpr std::size_t kFingerprintResidual = kFingerprintResidualBins - 2;
inline constexpr std::size_t kFingerprintBytes = 16 + 2 * kFingerprintShape + kFingerprintResidual;

inline constexpr double kIdenticalCorrelation = 0.9;
inline constexpr double kIdenticalShapeRms = 0.02;
inline constexpr double kNearSameShapeRms = 0.0065;
inline constexpr double kNearSameShapeMax = 0.04;
inline constexpr double kNearSameScale = 0.025;

inline constexpr std::size_t kIdenticalBands = 4;
inline constexpr std::size_t kNearSameBands = 16;

struct CurveFingerprint {
  std::string bytes;  // kFingerprintBytes
};

/// None when the curve is not valid (validate_curve), has fewer than 16 samples, no positive
/// force, or no rise to anchor on.
std::optional<CurveFingerprint> fingerprint_curve(const Curve& c);
/// A stored fingerprint read back; none when it is not one of this version.
std::optional<CurveFingerprint> parse_fingerprint(std::string_view bytes);

/// What a fingerprint holds, decoded.
struct FingerprintData {
  double peak_kn = 0;
  double span_s = 0;
  double stiffness_kn_mm = 0;  // force over displacement on the rise; 0 without displacement
  std::array<double, kFingerprintShape> shape{};        // 0..1
  std::array<double, kFingerprintResidual> residual{};  // about -2.5..2.5
};
FingerprintData fingerprint_data(const CurveFingerprint& f);

/// The index keys: kIdenticalBands + kNearSameBands non-negative values (signed 64-bit safe);
/// none for bytes that are not a fingerprint of this version (as for the functions below:
/// a zero FingerprintData, evidence none).
std::vector<std::int64_t> fingerprint_buckets(const CurveFingerprint& f);

enum class CurveEvidence { none, near_same, identical };
std::string_view curve_evidence_name(CurveEvidence e);  // "none", "near_same", "identical"

struct CurveComparison {
  double shape_rms = 0;        // root mean square difference of the shapes, fraction of the peak
  double shape_max = 0;        // largest difference
  double peak_ratio = 0;       // a's peak over b's
  double span_ratio = 0;       // a's span over b's
  double stiffness_ratio = 0;  // a's over b's; 0 when either has no displacement
  double residual_correlation = 0;
  CurveEvidence evidence = CurveEvidence::none;
};
CurveComparison compare_fingerprints(const CurveFingerprint& a, const CurveFingerprint& b);
/// The evidence is identical or near_same.
bool same_curve(const CurveFingerprint& a, const CurveFingerprint& b);

}  // namespace lw::domain
