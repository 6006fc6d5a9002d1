#pragma once
// Load curves (issue 7, JJ-3.4): reading the three forms a lab's system sends (rows of numbers,
// CSV, little-endian float32), validation, a compact binary form for storage, and the figures
// the checks read (peak force, loading rate) plus downsampling for charts. No JSON library:
// the API extracts the arrays and hands them over.
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "domain/lab_test.hpp"

namespace lw::domain {

inline constexpr std::size_t kMaxCurvePoints = 200000;
/// Largest magnitude of any reading (s, kN, mm): keeps the quantised codec inside 64 bits.
inline constexpr double kMaxCurveMagnitude = 1e9;

/// Rows [t_s, force_kn] or [t_s, force_kn, disp_mm], all rows the same width. Errors name
/// `field[i]` (reason "width", "not_finite", "range", "time_decreasing") or `field`
/// ("empty", "too_many").
Result<Curve> curve_from_points(const std::vector<std::vector<double>>& points, double rate_hz = 0,
                                std::string_view field = "points");
/// CSV with a header naming the columns t_s, force_kn and optionally disp_mm, in any order
/// (other columns are ignored); comma separated, blank lines skipped, CRLF accepted. Errors name
/// `csv[i]` with i the 0-based data row ("columns", "not_a_number", …) or `csv` ("header").
Result<Curve> curve_from_csv(std::string_view csv, double rate_hz = 0);
/// Interleaved little-endian float32 samples, `channels` 2 (t, F) or 3 (t, F, d) per point.
/// Errors name `channels` ("range") or `f32le` ("length", and the validation reasons).
Result<Curve> curve_from_f32le(std::string_view bytes, int channels, double rate_hz = 0);

/// 1..kMaxCurvePoints points, channels of one length (displacement empty or full), every value
/// finite and within kMaxCurveMagnitude, time never decreasing, rate_hz finite and >= 0.
Status validate_curve(const Curve& c, std::string_view field = "points");
/// Appends a streamed chunk: same channels, its first time not before the curve's last.
Status append_curve(Curve& into, const Curve& chunk, std::string_view field = "points");

/// Quanta of the stored form: a decoded value is within half a quantum of the original.
inline constexpr double kTimeQuantumS = 1e-4;    // 0.1 ms
inline constexpr double kForceQuantumKn = 1e-3;  // 1 N
inline constexpr double kDispQuantumMm = 1e-3;   // 1 µm
inline constexpr double kRateQuantumHz = 1e-3;

/// The stored form of a valid curve: "LWC" 0x01, flags (bit 0: displacement), varint point
/// count, varint rate in mHz, then per channel one order byte (1 or 2) and the zigzag varints of
/// the first value and of the first (order 1) or second (order 2) differences of the quantised
/// values, whichever order is shorter. A 2,000-point concrete curve at 100 Hz takes about 3
/// bytes a point (4 with displacement) against 16 (24) for doubles.
std::string encode_curve(const Curve& c);
/// Reads encode_curve's form; a malformed or truncated input is invalid_argument on "curve".
Result<Curve> decode_curve(std::string_view bytes);

struct CurvePeak {
  std::size_t index = 0;
  double t_s = 0;
  double force_kn = 0;
};
/// The first sample of largest force; none for an empty curve.
std::optional<CurvePeak> curve_peak(const Curve& c);

/// The loading rate over the rising part: the least-squares slope of force against time over
/// the samples before the peak whose force lies between `from` and `to` times the peak.
struct LoadingRate {
  double kn_per_s = 0;
  double from_t_s = 0;
  double to_t_s = 0;
  std::size_t points = 0;  // samples in the fit
};
/// None when fewer than 3 samples (or no time span) fall in the window, or the peak is <= 0.
std::optional<LoadingRate> loading_rate(const Curve& c, double from = 0.1, double to = 0.8);
/// Stress rate in MPa/s over a loaded area (mm²): kN/s × 1000 / area.
double stress_rate_mpa_per_s(const LoadingRate& rate, double area_mm2);

/// At most `max_points` (>= 4) samples for charts: the first and the last sample, and from
/// equal-count buckets in between the samples of least and of largest force, in time order — the
/// peak is always kept. A curve already small enough is returned as is.
Curve downsample(const Curve& c, std::size_t max_points);

}  // namespace lw::domain
