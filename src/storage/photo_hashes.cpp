#include "storage/photo_hashes.hpp"

#include <algorithm>

#include "storage/rows.hpp"

namespace lw::storage {

Status insert_photo_hash(Connection& conn, std::int64_t photo_id, photos::PerceptualHash hash) {
  const auto bands = photos::hash_bands(hash);
  auto done = conn.exec(
      "INSERT INTO photo_hashes (photo_id, phash, band0, band1, band2, band3)"
      " VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (photo_id) DO UPDATE SET"
      " phash = excluded.phash, band0 = excluded.band0, band1 = excluded.band1,"
      " band2 = excluded.band2, band3 = excluded.band3",
      params({photo_id, static_cast<std::int64_t>(hash), std::int64_t{bands[0].key},
              std::int64_t{bands[1].key}, std::int64_t{bands[2].key}, std::int64_t{bands[3].key}}));
  if (!done) {
    return std::move(done).error();
  }
  return {};
}

SimilarPhotosQuery similar_photos_query(photos::PerceptualHash hash) {
  // One index range per probed key: per band, `bandN IN (…)` on its own covering index. A photo
  // several bands find comes back once per band (UNION ALL: no temporary table to drop
  // duplicates among thousands of candidates; find_similar_photos drops them among the few
  // within the distance).
  SimilarPhotosQuery q;
  std::vector<std::string> keys(photos::kHashBands);
  for (const auto& probe : photos::hash_probes(hash)) {
    auto& k = keys[static_cast<std::size_t>(probe.band)];
    k += (k.empty() ? "" : ", ") + param(q.params, std::int64_t{probe.key});
  }
  for (int b = 0; b < photos::kHashBands; ++b) {
    q.sql += std::string(b ? " UNION ALL " : "") +
             "SELECT photo_id, phash FROM photo_hashes WHERE band" + std::to_string(b) + " IN (" +
             keys[static_cast<std::size_t>(b)] + ")";
  }
  return q;
}

Result<std::vector<SimilarPhoto>> find_similar_photos(Connection& conn, photos::PerceptualHash hash,
                                                      int max_distance, int limit) {
  if (max_distance < 0 || max_distance > photos::kReuseMaxDistance) {
    return field_error("max_distance", "out_of_range");
  }
  if (limit < 1) {
    return field_error("limit", "out_of_range");
  }
  const auto q = similar_photos_query(hash);
  auto rows = conn.query(q.sql, q.params);
  if (!rows) {
    return std::move(rows).error();
  }
  std::vector<SimilarPhoto> out;
  for (const auto& r : *rows) {
    const int d = photos::hash_distance(hash, static_cast<photos::PerceptualHash>(r.int64(1)));
    if (d <= max_distance) {
      out.push_back({r.int64(0), d});
    }
  }
  std::sort(out.begin(), out.end(), [](const SimilarPhoto& a, const SimilarPhoto& b) {
    return a.distance != b.distance ? a.distance < b.distance : a.photo_id < b.photo_id;
  });
  out.erase(std::unique(out.begin(), out.end()), out.end());
  if (out.size() > static_cast<std::size_t>(limit)) {
    out.resize(static_cast<std::size_t>(limit));
  }
  return out;
}

}  // namespace lw::storage
