#pragma once
// Rounding of test results as the Chinese standards ask for it: GB/T 8170-2008 (数值修约规则),
// "round half to even" on the interval (0.1 MPa, 1 MPa, 5 MPa, 0.5 %). Ties are recognised
// within 1e-9 of an interval, so 36.25 rounds to 36.2 although 36.25 is not exact in binary.
#include <cmath>

namespace lw::domain {

/// `value` rounded to a multiple of `interval` (> 0), ties to the even multiple.
inline double round_to(double value, double interval) {
  const double q = value / interval;
  const double low = std::floor(q);
  const double frac = q - low;
  double n = 0;
  if (std::fabs(frac - 0.5) < 1e-9) {
    n = std::fmod(low, 2.0) == 0 ? low : low + 1;
  } else {
    n = frac < 0.5 ? low : low + 1;
  }
  // n / 10 rather than n * 0.1: the nearest double to the decimal figure (24.9, not
  // 24.900000000000002), so that it prints and compares as written.
  const double inverse = std::round(1 / interval);
  if (interval < 1 && std::fabs(inverse * interval - 1) < 1e-12) {
    return n / inverse;
  }
  return n * interval;
}

}  // namespace lw::domain
