// The re-use index of on-site photos on both engines (issue 8, JL-1.3): near-same hashes are
// found through the band probes, exactly those within the distance, closest first, and the
// look-up reads the band indexes rather than the table.
#include "storage/photo_hashes.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <random>

#include "support/engine_test.hpp"

namespace lw::storage {
namespace {

using photos::kReuseMaxDistance;
using photos::PerceptualHash;

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

  void add(std::int64_t id, PerceptualHash h) {
    auto done = insert_photo_hash(*c_, id, h);
    ASSERT_TRUE(done) << done.error().note;
  }

  std::vector<SimilarPhoto> similar(PerceptualHash h, int max = kReuseMaxDistance,
                                    int limit = 100) {
    auto found = find_similar_photos(*c_, h, max, limit);
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
  std::vector<SimilarPhoto> want;
  for (int d = 0; d <= kReuseMaxDistance; ++d) {
    want.push_back({100 + d, d});
  }
  EXPECT_EQ(similar(h), want);
  // Fewer bits, a smaller limit.
  EXPECT_EQ(similar(h, 2), (std::vector<SimilarPhoto>{{100, 0}, {101, 1}, {102, 2}}));
  EXPECT_EQ(similar(h, kReuseMaxDistance, 1), (std::vector<SimilarPhoto>{{100, 0}}));
  // From the far one's side, only itself.
  EXPECT_EQ(similar(~h), (std::vector<SimilarPhoto>{{1, 0}}));
}

TEST_P(PhotoHashesTest, JL_1_3_FilingAPhotoAgainReplacesItsHash) {
  add(7, 0x1234);
  add(7, 0xFFFF'0000'0000'0000ULL);
  EXPECT_TRUE(similar(0x1234).empty());
  EXPECT_EQ(similar(0xFFFF'0000'0000'0000ULL), (std::vector<SimilarPhoto>{{7, 0}}));
}

TEST_P(PhotoHashesTest, JL_1_3_TheLookUpFindsExactlyWhatABruteForceFinds) {
  std::mt19937_64 rng(2026);
  std::vector<PerceptualHash> stored;
  // Random hashes and clusters of near-same ones around a few.
  for (int i = 0; i < 300; ++i) {
    stored.push_back(rng());
  }
  for (int i = 0; i < 300; ++i) {
    stored.push_back(
        flipped(stored[rng() % 40], static_cast<int>(rng() % (kReuseMaxDistance + 4)), rng));
  }
  ASSERT_TRUE(c_->exec("BEGIN"));
  for (std::size_t i = 0; i < stored.size(); ++i) {
    add(static_cast<std::int64_t>(i + 1), stored[i]);
  }
  ASSERT_TRUE(c_->exec("COMMIT"));
  for (int q = 0; q < 60; ++q) {
    const PerceptualHash probe =
        flipped(stored[rng() % 40], static_cast<int>(rng() % (kReuseMaxDistance + 1)), rng);
    std::vector<SimilarPhoto> want;
    for (std::size_t i = 0; i < stored.size(); ++i) {
      const int d = photos::hash_distance(probe, stored[i]);
      if (d <= kReuseMaxDistance) {
        want.push_back({static_cast<std::int64_t>(i + 1), d});
      }
    }
    std::sort(want.begin(), want.end(), [](const auto& a, const auto& b) {
      return a.distance != b.distance ? a.distance < b.distance : a.photo_id < b.photo_id;
    });
    ASSERT_EQ(similar(probe, kReuseMaxDistance, 1000), want) << "probe " << probe;
  }
}

TEST_P(PhotoHashesTest, ADistanceBeyondWhatTheProbesGuaranteeIsRefused) {
  auto found = find_similar_photos(*c_, 1, kReuseMaxDistance + 1, 10);
  ASSERT_FALSE(found);
  EXPECT_EQ(found.error().code, "invalid_argument");
  EXPECT_FALSE(find_similar_photos(*c_, 1, -1, 10));
  EXPECT_FALSE(find_similar_photos(*c_, 1, 3, 0));
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
