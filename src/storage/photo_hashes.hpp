#pragma once
// The re-use index of on-site photos (migration 0020; issue 8, docs/onsite.md): every photo's
// perceptual hash, filed under its four band keys, so that the same or a near-same picture
// anywhere on the platform is found by probing photos::hash_probes' keys — an index range per
// key, never a scan of the table — and confirmed by its 256-bit detail hash, which 64 bits
// alone cannot replace among look-alike site photos. The arithmetic is photos/hash_index.hpp
// (header-only: storage does not link exiv2 or libjpeg).
#include <cstdint>
#include <string>
#include <vector>

#include "photos/hash_index.hpp"
#include "storage/sql.hpp"

namespace lw::storage {

/// Files the hashes of photo `photo_id` (onsite_photos.id); again for the same photo replaces
/// them.
Status insert_photo_hash(Connection& conn, std::int64_t photo_id, photos::PerceptualHash hash,
                         const photos::DetailHash& detail);

struct SimilarPhoto {
  std::int64_t photo_id = 0;
  int distance = 0;         // bits of the 64-bit hash
  int detail_distance = 0;  // bits of the 256-bit one
  bool operator==(const SimilarPhoto&) const = default;
};

/// The photos whose hashes differ from `hash` in at most `max_distance` bits (0 …
/// photos::kReuseMaxDistance, the radius the probes guarantee; beyond it invalid_argument) and
/// from `detail` in at most photos::kReuseMaxDetailDistance: the same picture. Closest first
/// (by distance, detail distance, id), at most `limit` (≥ 1).
Result<std::vector<SimilarPhoto>> find_similar_photos(Connection& conn, photos::PerceptualHash hash,
                                                      const photos::DetailHash& detail,
                                                      int max_distance, int limit);

/// The index look-up find_similar_photos runs first for `hash`, with its parameters (tests and
/// bench/photos read its plan): photo_id and phash of every row sharing a probed band key.
struct SimilarPhotosQuery {
  std::string sql;
  std::vector<Value> params;
};
SimilarPhotosQuery similar_photos_query(photos::PerceptualHash hash);

}  // namespace lw::storage
