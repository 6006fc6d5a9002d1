// The perceptual hash (a "pHash"): the luminance shrunk to 32 × 32 by area averaging, its mean
// taken off and its borders faded out (a Tukey window, cosine over the outer 15 % of each
// side), its 2-D DCT-II, and one bit per low-frequency coefficient — the top-left 8 × 8 without
// the DC term, and (8, 0) — set when the coefficient is above their median (so 32 bits are set
// and distances are even). Resizing and recompression barely move these coefficients; the
// window keeps a small crop, which moves the border most, from moving them much; another
// picture, or another shot of the same scene, gives another pattern (photo_test.cpp measures).
#include <algorithm>
#include <array>
#include <cmath>
#include <numbers>

#include "photos/internal.hpp"

namespace lw::photos {
namespace {

constexpr int kSize = 32;
constexpr int kFrequencies = 9;  // u, v in 0 … 8
constexpr double kTaper = 0.3;   // the window's cosine part, of the whole width

struct Basis {
  // cos(π (2x + 1) u / 2N) with the orthonormal factor.
  std::array<std::array<double, kSize>, kFrequencies> c{};
  std::array<std::pair<int, int>, 64> order{};  // (u, v) of each bit
  std::array<double, kSize> window{};
  Basis() {
    for (int u = 0; u < kFrequencies; ++u) {
      const double a = u == 0 ? std::sqrt(1.0 / kSize) : std::sqrt(2.0 / kSize);
      for (int x = 0; x < kSize; ++x) {
        c[u][x] = a * std::cos(std::numbers::pi * (2 * x + 1) * u / (2.0 * kSize));
      }
    }
    std::size_t n = 0;
    for (int v = 0; v < 8; ++v) {
      for (int u = 0; u < 8; ++u) {
        if (u || v) {
          order[n++] = {u, v};
        }
      }
    }
    order[n] = {8, 0};
    for (int x = 0; x < kSize; ++x) {
      const double t = (x + 0.5) / kSize;
      const double edge = std::min(t, 1 - t);
      window[x] =
          edge >= kTaper / 2 ? 1 : 0.5 * (1 - std::cos(2 * std::numbers::pi * edge / kTaper));
    }
  }
};

const Basis& basis() {
  static const Basis b;
  return b;
}

}  // namespace

PerceptualHash hash_of(const Image& image) {
  const auto& b = basis();
  auto p = resized_plane(luminance(image), image.width, image.height, kSize, kSize);
  double mean = 0;
  for (const float v : p) {
    mean += v;
  }
  mean /= static_cast<double>(p.size());
  for (int y = 0; y < kSize; ++y) {
    for (int x = 0; x < kSize; ++x) {
      auto& v = p[static_cast<std::size_t>(y * kSize + x)];
      v = static_cast<float>((v - mean) * b.window[x] * b.window[y]);
    }
  }
  // Rows first: r[y][u] = Σx p(x, y) c_u(x); then d(u, v) = Σy r[y][u] c_v(y).
  std::array<std::array<double, kFrequencies>, kSize> r{};
  for (int y = 0; y < kSize; ++y) {
    for (int u = 0; u < kFrequencies; ++u) {
      double sum = 0;
      for (int x = 0; x < kSize; ++x) {
        sum += p[static_cast<std::size_t>(y * kSize + x)] * b.c[u][x];
      }
      r[y][u] = sum;
    }
  }
  std::array<double, 64> coefficients{};
  for (std::size_t i = 0; i < b.order.size(); ++i) {
    const auto [u, v] = b.order[i];
    double sum = 0;
    for (int y = 0; y < kSize; ++y) {
      sum += r[y][u] * b.c[v][y];
    }
    coefficients[i] = sum;
  }
  auto sorted = coefficients;
  std::nth_element(sorted.begin(), sorted.begin() + 32, sorted.end());
  const double upper = sorted[32];
  const double lower = *std::max_element(sorted.begin(), sorted.begin() + 32);
  const double median = (lower + upper) / 2;
  PerceptualHash h = 0;
  for (std::size_t i = 0; i < coefficients.size(); ++i) {
    if (coefficients[i] > median) {
      h |= PerceptualHash{1} << i;
    }
  }
  return h;
}

}  // namespace lw::photos
