#pragma once
// The re-use index of on-site photos (migration 0020; issue 8, docs/onsite.md): every photo's
// perceptual hash, filed under its four band keys, so that the same or a near-same picture
// anywhere on the platform is found by probing photos::hash_probes' keys — an index range per
// key, never a scan of the table. The band arithmetic is photos/hash_index.hpp (header-only:
// storage does not link exiv2 or libjpeg).
#include <cstdint>
#include <string>
#include <vector>

#include "photos/hash_index.hpp"
#include "storage/sql.hpp"

namespace lw::storage {

/// Files the hash of photo `photo_id` (onsite_photos.id); again for the same photo replaces it.
Status insert_photo_hash(Connection& conn, std::int64_t photo_id, photos::PerceptualHash hash);

struct SimilarPhoto {
  std::int64_t photo_id = 0;
  int distance = 0;  // bits
  bool operator==(const SimilarPhoto&) const = default;
};

/// The photos whose hashes differ from `hash` in at most `max_distance` bits (0 …
/// photos::kReuseMaxDistance, the radius the probes guarantee; beyond it invalid_argument),
/// closest first (then by id), at most `limit` (≥ 1).
Result<std::vector<SimilarPhoto>> find_similar_photos(Connection& conn, photos::PerceptualHash hash,
                                                      int max_distance, int limit);

/// The statement find_similar_photos runs for `hash`, with its parameters (tests read its plan).
struct SimilarPhotosQuery {
  std::string sql;
  std::vector<Value> params;
};
SimilarPhotosQuery similar_photos_query(photos::PerceptualHash hash);

}  // namespace lw::storage
