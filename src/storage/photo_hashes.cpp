#include "storage/photo_hashes.hpp"

#include <algorithm>
#include <optional>
#include <tuple>

#include "storage/rows.hpp"

namespace lw::storage {
namespace {

std::string detail_bytes(const photos::DetailHash& d) {
  std::string out;
  for (const auto word : d) {
    for (int shift = 56; shift >= 0; shift -= 8) {
      out += static_cast<char>((word >> shift) & 0xFF);
    }
  }
  return out;
}

std::optional<photos::DetailHash> detail_of(const std::string& bytes) {
  if (bytes.size() != 32) {
    return std::nullopt;
  }
  photos::DetailHash d{};
  for (std::size_t i = 0; i < bytes.size(); ++i) {
    d[i / 8] = (d[i / 8] << 8) | static_cast<unsigned char>(bytes[i]);
  }
  return d;
}

}  // namespace

Status insert_photo_hash(Connection& conn, std::int64_t photo_id, photos::PerceptualHash hash,
                         const photos::DetailHash& detail) {
  const auto bands = photos::hash_bands(hash);
  auto done = conn.exec(
      "INSERT INTO photo_hashes (photo_id, phash, band0, band1, band2, band3, detail)"
      " VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (photo_id) DO UPDATE SET"
      " phash = excluded.phash, band0 = excluded.band0, band1 = excluded.band1,"
      " band2 = excluded.band2, band3 = excluded.band3, detail = excluded.detail",
      params({photo_id, static_cast<std::int64_t>(hash), std::int64_t{bands[0].key},
              std::int64_t{bands[1].key}, std::int64_t{bands[2].key}, std::int64_t{bands[3].key},
              Bytes{detail_bytes(detail)}}));
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
                                                      const photos::DetailHash& detail,
                                                      int max_distance, int limit) {
  if (max_distance < 0 || max_distance > photos::kReuseMaxDistance) {
    return field_error("max_distance", "out_of_range");
  }
  if (limit < 1) {
    return field_error("limit", "out_of_range");
  }
  // The index: thousands of candidates among a million photos, a few within the distance.
  const auto q = similar_photos_query(hash);
  auto rows = conn.query(q.sql, q.params);
  if (!rows) {
    return std::move(rows).error();
  }
  std::vector<SimilarPhoto> near;
  for (const auto& r : *rows) {
    const int d = photos::hash_distance(hash, static_cast<photos::PerceptualHash>(r.int64(1)));
    if (d <= max_distance) {
      near.push_back({r.int64(0), d, 0});
    }
  }
  std::sort(near.begin(), near.end(),
            [](const SimilarPhoto& a, const SimilarPhoto& b) { return a.photo_id < b.photo_id; });
  near.erase(std::unique(near.begin(), near.end()), near.end());
  if (near.empty()) {
    return near;
  }
  // A picture re-used a thousand times must not make a statement of a thousand ids: the
  // closest few hundred are enough to fill any page.
  constexpr std::size_t kMostConfirmed = 500;
  if (near.size() > kMostConfirmed) {
    std::stable_sort(near.begin(), near.end(), [](const SimilarPhoto& a, const SimilarPhoto& b) {
      return a.distance < b.distance;
    });
    near.resize(kMostConfirmed);
    std::sort(near.begin(), near.end(),
              [](const SimilarPhoto& a, const SimilarPhoto& b) { return a.photo_id < b.photo_id; });
  }
  // The detail hashes of those, by primary key: which are the same picture.
  std::vector<Value> p;
  std::string ids;
  for (const auto& n : near) {
    ids += (ids.empty() ? "" : ", ") + param(p, n.photo_id);
  }
  auto details = conn.query(
      "SELECT photo_id, detail FROM photo_hashes WHERE photo_id IN (" + ids + ") ORDER BY photo_id",
      p);
  if (!details) {
    return std::move(details).error();
  }
  std::vector<SimilarPhoto> out;
  for (const auto& r : *details) {
    const auto stored = detail_of(r.bytes(1));
    const auto it =
        std::lower_bound(near.begin(), near.end(), r.int64(0),
                         [](const SimilarPhoto& s, std::int64_t id) { return s.photo_id < id; });
    if (!stored || it == near.end() || it->photo_id != r.int64(0)) {
      continue;
    }
    const int dd = photos::detail_distance(detail, *stored);
    if (dd <= photos::kReuseMaxDetailDistance) {
      out.push_back({it->photo_id, it->distance, dd});
    }
  }
  std::sort(out.begin(), out.end(), [](const SimilarPhoto& a, const SimilarPhoto& b) {
    return std::tie(a.distance, a.detail_distance, a.photo_id) <
           std::tie(b.distance, b.detail_distance, b.photo_id);
  });
  if (out.size() > static_cast<std::size_t>(limit)) {
    out.resize(static_cast<std::size_t>(limit));
  }
  return out;
}

}  // namespace lw::storage
