// The quantisation tables (DQT, ITU T.81 B.2.4.1) of a JPEG: a fingerprint of their values and,
// when they are the IJG tables scaled to a quality (libjpeg's jpeg_set_quality, what editors,
// browsers and most software write), that quality. Cameras mostly use tables of their own.
#include <algorithm>
#include <array>
#include <cstdio>
#include <map>

#include "photos/jpeg_layout.hpp"

namespace lw::photos {
namespace {

using Table = std::array<int, 64>;  // in file (zig-zag) order

// Zig-zag position → natural (row-major) position (T.81 figure A.6).
constexpr std::array<int, 64> kNaturalOrder = {
    0,  1,  8,  16, 9,  2,  3,  10, 17, 24, 32, 25, 18, 11, 4,  5,  12, 19, 26, 33, 40, 48,
    41, 34, 27, 20, 13, 6,  7,  14, 21, 28, 35, 42, 49, 56, 57, 50, 43, 36, 29, 22, 15, 23,
    30, 37, 44, 51, 58, 59, 52, 45, 38, 31, 39, 46, 53, 60, 61, 54, 47, 55, 62, 63};

// The tables of T.81 annex K (natural order), which libjpeg scales by quality.
constexpr std::array<int, 64> kLuminance = {
    16, 11, 10, 16, 24,  40,  51,  61,  12, 12, 14, 19, 26,  58,  60,  55,
    14, 13, 16, 24, 40,  57,  69,  56,  14, 17, 22, 29, 51,  87,  80,  62,
    18, 22, 37, 56, 68,  109, 103, 77,  24, 35, 55, 64, 81,  104, 113, 92,
    49, 64, 78, 87, 103, 121, 120, 101, 72, 92, 95, 98, 112, 100, 103, 99};
constexpr std::array<int, 64> kChrominance = {
    17, 18, 24, 47, 99, 99, 99, 99, 18, 21, 26, 66, 99, 99, 99, 99, 24, 26, 56, 99, 99, 99,
    99, 99, 47, 66, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99,
    99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99};

// jcparam.c: jpeg_quality_scaling and jpeg_add_quant_table with force_baseline.
bool is_ijg(const Table& t, const std::array<int, 64>& base, int quality) {
  const int scale = quality < 50 ? 5000 / quality : 200 - quality * 2;
  for (int i = 0; i < 64; ++i) {
    const long v = std::clamp((long{base[kNaturalOrder[i]]} * scale + 50) / 100, 1L, 255L);
    if (t[i] != v) {
      return false;
    }
  }
  return true;
}

}  // namespace

Quantisation quantisation_of(const JpegLayout& layout) {
  std::map<int, Table> tables;  // by id; a later definition replaces an earlier one
  for (const auto& s : layout.segments) {
    if (s.marker != 0xDB) {
      continue;
    }
    std::string_view p = s.payload;
    while (!p.empty()) {
      const int pq = static_cast<unsigned char>(p[0]) >> 4;
      const int id = static_cast<unsigned char>(p[0]) & 0x0F;
      const std::size_t bytes = pq == 0 ? 64 : 128;
      if (pq > 1 || p.size() < 1 + bytes) {
        break;
      }
      Table t;
      for (std::size_t i = 0; i < 64; ++i) {
        t[i] = pq == 0 ? static_cast<unsigned char>(p[1 + i])
                       : (static_cast<unsigned char>(p[1 + 2 * i]) << 8) |
                             static_cast<unsigned char>(p[2 + 2 * i]);
      }
      tables[id] = t;
      p.remove_prefix(1 + bytes);
    }
  }
  Quantisation out;
  if (tables.empty()) {
    return out;
  }
  // FNV-1a (64 bits) over each table's id and its values as 16-bit numbers.
  std::uint64_t h = 0xcbf29ce484222325ULL;
  auto mix = [&h](unsigned byte) {
    h ^= byte & 0xFF;
    h *= 0x100000001b3ULL;
  };
  for (const auto& [id, t] : tables) {
    mix(static_cast<unsigned>(id));
    for (int v : t) {
      mix(static_cast<unsigned>(v) >> 8);
      mix(static_cast<unsigned>(v));
    }
  }
  char hex[17];
  std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(h));
  out.fingerprint = hex;
  if (tables.size() > 2 || !tables.contains(0) || (tables.size() == 2 && !tables.contains(1))) {
    return out;
  }
  for (int q = 100; q >= 1; --q) {
    if (is_ijg(tables[0], kLuminance, q) &&
        (!tables.contains(1) || is_ijg(tables[1], kChrominance, q))) {
      out.ijg_quality = q;
      break;
    }
  }
  return out;
}

}  // namespace lw::photos
