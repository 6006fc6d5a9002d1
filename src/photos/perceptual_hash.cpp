// The perceptual hashes (DCT "pHash"es): the luminance shrunk to N × N by area averaging, its
// mean taken off and its borders faded out (a Tukey window, cosine over the outer 15 % of each
// side), its 2-D DCT-II, and one bit per low-frequency coefficient — the top-left K × K without
// the DC term, and (K, 0) — set when the coefficient is above their median (so half the bits
// are set and distances are even). N = 32, K = 8 give the 64-bit index hash, N = 64, K = 16
// the 256-bit detail hash. Resizing and recompression barely move these coefficients; the
// window keeps a small crop, which moves the border most, from moving them much; another
// picture, or another shot of the same scene, gives another pattern (perceptual_hash_test.cpp
// measures).
#include <algorithm>
#include <cmath>
#include <numbers>
#include <vector>

#include "photos/internal.hpp"

namespace lw::photos {
namespace {

constexpr double kTaper = 0.3;  // the window's cosine part, of the whole width

struct Basis {
  int n = 0;
  int k = 0;
  std::vector<std::vector<double>> c;      // c[u][x] = a(u) cos(π (2x + 1) u / 2N), u ≤ K
  std::vector<std::pair<int, int>> order;  // (u, v) of each bit
  std::vector<double> window;

  Basis(int size, int frequencies) : n(size), k(frequencies) {
    c.assign(static_cast<std::size_t>(k + 1), std::vector<double>(static_cast<std::size_t>(n)));
    for (int u = 0; u <= k; ++u) {
      const double a = u == 0 ? std::sqrt(1.0 / n) : std::sqrt(2.0 / n);
      for (int x = 0; x < n; ++x) {
        c[u][x] = a * std::cos(std::numbers::pi * (2 * x + 1) * u / (2.0 * n));
      }
    }
    for (int v = 0; v < k; ++v) {
      for (int u = 0; u < k; ++u) {
        if (u || v) {
          order.emplace_back(u, v);
        }
      }
    }
    order.emplace_back(k, 0);
    for (int x = 0; x < n; ++x) {
      const double t = (x + 0.5) / n;
      const double edge = std::min(t, 1 - t);
      window.push_back(
          edge >= kTaper / 2 ? 1 : 0.5 * (1 - std::cos(2 * std::numbers::pi * edge / kTaper)));
    }
  }
};

// The K² bits of the picture, bit i of word i / 64.
std::vector<std::uint64_t> dct_bits(const std::vector<float>& luma, int width, int height,
                                    const Basis& b) {
  const auto n = static_cast<std::size_t>(b.n);
  auto p = resized_plane(luma, width, height, b.n, b.n);
  double mean = 0;
  for (const float v : p) {
    mean += v;
  }
  mean /= static_cast<double>(p.size());
  // Rows first: r[y][u] = Σx p(x, y) w(x) w(y) c_u(x); then d(u, v) = Σy r[y][u] c_v(y).
  std::vector<std::vector<double>> r(n, std::vector<double>(static_cast<std::size_t>(b.k + 1)));
  for (std::size_t y = 0; y < n; ++y) {
    for (int u = 0; u <= b.k; ++u) {
      double sum = 0;
      for (std::size_t x = 0; x < n; ++x) {
        sum += (p[y * n + x] - mean) * b.window[x] * b.c[u][x];
      }
      r[y][u] = sum * b.window[y];
    }
  }
  std::vector<double> coefficients;
  for (const auto& [u, v] : b.order) {
    double sum = 0;
    for (std::size_t y = 0; y < n; ++y) {
      sum += r[y][u] * b.c[v][y];
    }
    coefficients.push_back(sum);
  }
  auto sorted = coefficients;
  const auto half = sorted.begin() + static_cast<std::ptrdiff_t>(sorted.size() / 2);
  std::nth_element(sorted.begin(), half, sorted.end());
  const double median = (*std::max_element(sorted.begin(), half) + *half) / 2;
  std::vector<std::uint64_t> bits((coefficients.size() + 63) / 64, 0);
  for (std::size_t i = 0; i < coefficients.size(); ++i) {
    if (coefficients[i] > median) {
      bits[i / 64] |= std::uint64_t{1} << (i % 64);
    }
  }
  return bits;
}

}  // namespace

PerceptualHash hash_of(const Image& image) {
  static const Basis b(32, 8);
  return dct_bits(luminance(image), image.width, image.height, b)[0];
}

DetailHash detail_hash_of(const Image& image) {
  static const Basis b(64, 16);
  const auto bits = dct_bits(luminance(image), image.width, image.height, b);
  DetailHash out;
  std::copy(bits.begin(), bits.end(), out.begin());
  return out;
}

}  // namespace lw::photos
