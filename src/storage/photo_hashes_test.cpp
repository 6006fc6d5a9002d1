// The re-use index of on-site photos on both engines (issue 8, JL-1.3): near-same hashes are
// found through the band probes, exactly those within the distance whose detail hashes agree,
// closest first, and the look-up reads the band indexes rather than the table.
#include "storage/photo_hashes.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <tuple>

#include "support/engine_test.hpp"

namespace lw::storage {
namespace {

using photos::DetailHash;
using photos::kReuseMaxDetailDistance;
using photos::kReuseMaxDistance;
using photos::PerceptualHash;

const DetailHash kDetail = {0x0123456789ABCDEFULL, 0xFEDCBA9876543210ULL, 0x5555AAAA5555AAAAULL,
                            0x0F0F0F0FF0F0F0F0ULL};

// `d` with `bits` bits flipped at positions drawn from `rng`.
DetailHash detail_flipped(DetailHash d, int bits, std::mt19937_64& rng) {
  DetailHash mask{};
  for (int i = 0; i < bits;) {
    const auto at = rng() % 256;
    const std::uint64_t bit = std::uint64_t{1} << (at % 64);
    if (mask[at / 64] & bit) {
      continue;  // flipped already
    }
    mask[at / 64] |= bit;
    d[at / 64] ^= bit;
    ++i;
  }
  return d;
}

// `h` with `bits` bits flipped, spread over the four bands as evenly as possible (the case the
// pigeonhole argument is tight for), at positions drawn from `rng`.
PerceptualHash flipped(PerceptualHash h, int bits, std::mt19937_64& rng) {
  PerceptualHash mask = 0;
  for (int i = 0; i < bits; ++i) {
    const int band = i % 4;
    PerceptualHash bit = 0;
    do {
      bit = PerceptualHash{1} << (band * 16 + static_cast<int>(rng() % 16));
    } while (mask & bit);
    mask |= bit;
  }
  return h ^ mask;
}

class PhotoHashesTest : public lw::testing::EngineTest {
 protected:
  PhotoHashesTest() : EngineTest({.connect = true}) {}

  void add(std::int64_t id, PerceptualHash h, const DetailHash& d = kDetail) {
    auto done = insert_photo_hash(*c_, id, h, d);
    ASSERT_TRUE(done) << done.error().note;
  }

  std::vector<SimilarPhoto> similar(PerceptualHash h, int max = kReuseMaxDistance, int limit = 100,
                                    const DetailHash& d = kDetail) {
    auto found = find_similar_photos(*c_, h, d, max, limit);
    EXPECT_TRUE(found) << found.error().note;
    return found ? *found : std::vector<SimilarPhoto>{};
  }
};

LW_ENGINE_SUITE(PhotoHashesTest);

TEST_P(PhotoHashesTest, JL_1_3_NearSameHashesAreFoundClosestFirst) {
  std::mt19937_64 rng(8);
  const PerceptualHash h = 0xF0E1D2C3B4A59687ULL;  // the top bit set: a negative BIGINT
  PerceptualHash distinct[kReuseMaxDistance + 2];
  for (int d = 0; d <= kReuseMaxDistance + 1; ++d) {
    distinct[d] = d == 0 ? h : flipped(h, d, rng);
    ASSERT_EQ(photos::hash_distance(h, distinct[d]), d);
    add(100 + d, distinct[d]);
  }
  add(1, ~h);  // 64 bits away
  // Near in 64 bits, but another picture in 256: a look-alike, not the same.
  add(200, distinct[1], detail_flipped(kDetail, kReuseMaxDetailDistance + 2, rng));
  // Near in both, the detail a little off: the same picture saved again.
  add(201, distinct[1], detail_flipped(kDetail, kReuseMaxDetailDistance, rng));
  std::vector<SimilarPhoto> want;
  for (int d = 0; d <= kReuseMaxDistance; ++d) {
    want.push_back({100 + d, d, 0});
    if (d == 1) {
      want.push_back({201, 1, kReuseMaxDetailDistance});
    }
  }
  EXPECT_EQ(similar(h), want);
  // Fewer bits, a smaller limit.
  EXPECT_EQ(similar(h, 2),
            (std::vector<SimilarPhoto>{
                {100, 0, 0}, {101, 1, 0}, {201, 1, kReuseMaxDetailDistance}, {102, 2, 0}}));
  EXPECT_EQ(similar(h, kReuseMaxDistance, 1), (std::vector<SimilarPhoto>{{100, 0, 0}}));
  // From the far one's side, only itself.
  EXPECT_EQ(similar(~h), (std::vector<SimilarPhoto>{{1, 0, 0}}));
}

TEST_P(PhotoHashesTest, JL_1_3_FilingAPhotoAgainReplacesItsHash) {
  add(7, 0x1234);
  const DetailHash other = {1, 2, 3, 4};
  add(7, 0xFFFF'0000'0000'0000ULL, other);
  EXPECT_TRUE(similar(0x1234).empty());
  EXPECT_TRUE(similar(0xFFFF'0000'0000'0000ULL).empty());  // the detail changed too
  EXPECT_EQ(similar(0xFFFF'0000'0000'0000ULL, kReuseMaxDistance, 10, other),
            (std::vector<SimilarPhoto>{{7, 0, 0}}));
}

TEST_P(PhotoHashesTest, JL_1_3_TheLookUpFindsExactlyWhatABruteForceFinds) {
  std::mt19937_64 rng(2026);
  std::vector<PerceptualHash> stored;
  std::vector<DetailHash> details;
  // Random hashes, and clusters of near-same ones around a few, their details near or far.
  for (int i = 0; i < 300; ++i) {
    stored.push_back(rng());
    details.push_back(detail_flipped(kDetail, static_cast<int>(rng() % 120), rng));
  }
  for (int i = 0; i < 300; ++i) {
    const auto root = rng() % 40;
    stored.push_back(flipped(stored[root], static_cast<int>(rng() % (kReuseMaxDistance + 4)), rng));
    details.push_back(detail_flipped(details[root], static_cast<int>(rng() % 100), rng));
  }
  ASSERT_TRUE(c_->exec("BEGIN"));
  for (std::size_t i = 0; i < stored.size(); ++i) {
    add(static_cast<std::int64_t>(i + 1), stored[i], details[i]);
  }
  ASSERT_TRUE(c_->exec("COMMIT"));
  int found = 0;
  for (int q = 0; q < 60; ++q) {
    const auto root = rng() % 40;
    const PerceptualHash probe =
        flipped(stored[root], static_cast<int>(rng() % (kReuseMaxDistance + 1)), rng);
    const DetailHash detail = detail_flipped(details[root], static_cast<int>(rng() % 40), rng);
    std::vector<SimilarPhoto> want;
    for (std::size_t i = 0; i < stored.size(); ++i) {
      const int d = photos::hash_distance(probe, stored[i]);
      const int dd = photos::detail_distance(detail, details[i]);
      if (d <= kReuseMaxDistance && dd <= kReuseMaxDetailDistance) {
        want.push_back({static_cast<std::int64_t>(i + 1), d, dd});
      }
    }
    std::sort(want.begin(), want.end(), [](const auto& a, const auto& b) {
      return std::tie(a.distance, a.detail_distance, a.photo_id) <
             std::tie(b.distance, b.detail_distance, b.photo_id);
    });
    ASSERT_EQ(similar(probe, kReuseMaxDistance, 1000, detail), want) << "probe " << probe;
    found += static_cast<int>(want.size());
  }
  EXPECT_GT(found, 60);  // the clusters are found, not only their roots
}

TEST_P(PhotoHashesTest, ADistanceBeyondWhatTheProbesGuaranteeIsRefused) {
  auto found = find_similar_photos(*c_, 1, kDetail, kReuseMaxDistance + 1, 10);
  ASSERT_FALSE(found);
  EXPECT_EQ(found.error().code, "invalid_argument");
  EXPECT_FALSE(find_similar_photos(*c_, 1, kDetail, -1, 10));
  EXPECT_FALSE(find_similar_photos(*c_, 1, kDetail, 3, 0));
}

TEST_P(PhotoHashesTest, JL_1_3_TheLookUpReadsTheBandIndexesNotTheTable) {
  std::mt19937_64 rng(5);
  ASSERT_TRUE(c_->exec("BEGIN"));
  for (int i = 1; i <= 2000; ++i) {
    add(i, rng());
  }
  ASSERT_TRUE(c_->exec("COMMIT"));
  const auto q = similar_photos_query(rng());
  std::string plan;
  if (c_->engine() == Engine::sqlite) {
    auto rows = c_->query("EXPLAIN QUERY PLAN " + q.sql, q.params);
    ASSERT_TRUE(rows) << rows.error().note;
    for (const auto& r : *rows) {
      plan += r.text(3) + "\n";
    }
    for (int b = 0; b < 4; ++b) {
      EXPECT_NE(plan.find("USING COVERING INDEX photo_hashes_band" + std::to_string(b)),
                std::string::npos)
          << plan;
    }
  } else {
    // PostgreSQL chooses by cost: on a small table a scan may be cheaper, so forbid it to see
    // that the indexes serve the statement.
    ASSERT_TRUE(c_->exec("ANALYZE photo_hashes"));
    ASSERT_TRUE(c_->exec("SET enable_seqscan = off"));
    auto rows = c_->query("EXPLAIN " + q.sql, q.params);
    ASSERT_TRUE(rows) << rows.error().note;
    for (const auto& r : *rows) {
      plan += r.text(0) + "\n";
    }
    ASSERT_TRUE(c_->exec("RESET enable_seqscan"));
    for (int b = 0; b < 4; ++b) {
      EXPECT_NE(plan.find("photo_hashes_band" + std::to_string(b)), std::string::npos) << plan;
    }
  }
  EXPECT_EQ(plan.find("Seq Scan"), std::string::npos) << plan;
  EXPECT_EQ(plan.find("SCAN photo_hashes\n"), std::string::npos) << plan;
  EXPECT_EQ(plan.find("TEMP B-TREE"), std::string::npos) << plan;  // no table of candidates
}

}  // namespace
}  // namespace lw::storage
