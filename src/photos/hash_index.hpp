#pragma once
// The perceptual hash's arithmetic that the re-use index needs (issue 8, docs/onsite.md):
// distance, bands, probes. Header-only and free of exiv2 and libjpeg, so that storage
// (storage/photo_hashes.*) files and looks hashes up exactly as photos defines them without
// linking lw_photos. photo.hpp includes it; include photo.hpp in everything but storage.
#include <array>
#include <bit>
#include <cstdint>
#include <vector>

namespace lw::photos {

/// A 64-bit perceptual hash (DCT of the luminance at a small size): near-same pictures —
/// resized, recompressed, slightly cropped — differ in few bits, different pictures in many.
using PerceptualHash = std::uint64_t;

inline int hash_distance(PerceptualHash a, PerceptualHash b) {
  return std::popcount(a ^ b);
}

/// The same kind of hash with four times the bits (DCT of the luminance at 64 × 64, 16 × 16
/// coefficients): too long to index, but it tells a near-same picture from a merely similar one
/// far better. The re-use look-up confirms with it what the 64-bit index found.
using DetailHash = std::array<std::uint64_t, 4>;

inline int detail_distance(const DetailHash& a, const DetailHash& b) {
  int d = 0;
  for (std::size_t i = 0; i < a.size(); ++i) {
    d += std::popcount(a[i] ^ b[i]);
  }
  return d;
}

/// Pictures whose hashes differ in at most kReuseMaxDistance bits, and whose detail hashes in at
/// most kReuseMaxDetailDistance, are the same picture re-used. Measured (perceptual_hash_test.cpp
/// prints it; generated scenes): the same photo resized to 50 %, recompressed at quality 70,
/// cropped 5 % or all three differs in 0-8 of 64 bits and 0-44 of 256; a second shot of its
/// scene in 18-38 and 96-136; another scene in 10-46 and 76-162. 64 bits alone are too few for a
/// platform of look-alike site photos: 6 of 11,175 pairs of unrelated scenes are within 10 bits
/// (at a million photos every upload would have hundreds of such look-alikes), none within 56
/// of 256. Distances are even: half the bits are set in every hash.
inline constexpr int kReuseMaxDistance = 10;
inline constexpr int kReuseMaxDetailDistance = 56;

/// The hash as four 16-bit bands (the re-use index keys on them) and the keys to probe for a
/// hash: every band as is and with every combination of up to kProbeFlips bits flipped, so that
/// any stored hash within kReuseMaxDistance shares at least one probed (band, key) — by
/// pigeonhole, one of the four bands differs in at most kReuseMaxDistance / 4 bits.
struct BandKey {
  int band = 0;
  std::uint16_t key = 0;
  bool operator==(const BandKey&) const = default;
};
inline constexpr int kHashBands = 4;
inline constexpr int kProbeFlips = kReuseMaxDistance / kHashBands;
static_assert(kProbeFlips <= 2, "more flips would probe too many keys: use more bands");

inline std::array<BandKey, kHashBands> hash_bands(PerceptualHash h) {
  std::array<BandKey, kHashBands> out;
  for (int b = 0; b < kHashBands; ++b) {
    out[b] = {b, static_cast<std::uint16_t>(h >> (16 * b))};
  }
  return out;
}

/// 4 × (1 + 16 [+ 120]) keys: 68 with single flips, 548 with pairs (kReuseMaxDistance 8-11).
inline std::vector<BandKey> hash_probes(PerceptualHash h) {
  std::vector<BandKey> out;
  out.reserve(kHashBands * (1 + 16 + (kProbeFlips >= 2 ? 120 : 0)));
  for (const auto& [band, key] : hash_bands(h)) {
    out.push_back({band, key});
    for (int i = 0; kProbeFlips >= 1 && i < 16; ++i) {
      out.push_back({band, static_cast<std::uint16_t>(key ^ (1u << i))});
      for (int j = i + 1; kProbeFlips >= 2 && j < 16; ++j) {
        out.push_back({band, static_cast<std::uint16_t>(key ^ (1u << i) ^ (1u << j))});
      }
    }
  }
  return out;
}

}  // namespace lw::photos
