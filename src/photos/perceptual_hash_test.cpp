// The perceptual hashes (issue 8, JL-1.3, the `reused` and `thumbnail_mismatch` findings): a
// photo saved again — resized, recompressed, cropped, turned upright — stays within
// kReuseMaxDistance and kReuseMaxDetailDistance of itself; another shot of the same scene and
// other scenes stay beyond them; the measured distances are printed, as the evidence for the
// thresholds. The band probes find every hash within the first; an edited photo's old thumbnail
// shows.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <map>
#include <random>
#include <set>

#include "photos/image.hpp"
#include "photos/photo.hpp"
#include "photos/photo_samples.hpp"

namespace lw::photos {
namespace {

using samples::Exif;
using samples::SitePhotoSpec;

PerceptualHash hash(const std::string& jpeg) {
  auto h = perceptual_hash(jpeg);
  EXPECT_TRUE(h) << h.error().note;
  return h ? *h : 0;
}

// Distances of a kind over many photos, and how they are printed.
struct Tally {
  std::map<std::string, std::vector<int>> by_kind;
  void add(const std::string& kind, int d) { by_kind[kind].push_back(d); }
  int max(const std::string& kind) const {
    const auto& v = by_kind.at(kind);
    return *std::max_element(v.begin(), v.end());
  }
  int min(const std::string& kind) const {
    const auto& v = by_kind.at(kind);
    return *std::min_element(v.begin(), v.end());
  }
  void print() const {
    for (const auto& [kind, v] : by_kind) {
      std::map<int, int> histogram;
      double sum = 0;
      for (int d : v) {
        ++histogram[d];
        sum += d;
      }
      std::printf("  %-34s n=%zu min %d max %d mean %.1f | distance:count", kind.c_str(), v.size(),
                  min(kind), max(kind), sum / static_cast<double>(v.size()));
      for (const auto& [d, n] : histogram) {
        std::printf(" %d:%d", d, n);
      }
      std::printf("\n");
    }
  }
};

TEST(PerceptualHashTest, JL_1_3_A12MegapixelPhotoSavedAgainIsTheSamePicture) {
  const auto t0 = std::chrono::steady_clock::now();
  const std::string photo = samples::generate_site_photo(SitePhotoSpec{});
  const auto generated = std::chrono::steady_clock::now() - t0;
  auto m = read_metadata(photo);
  ASSERT_TRUE(m);
  ASSERT_EQ(m->width * m->height, 12'000'000);
  const auto original = screen_photo(photo);
  ASSERT_TRUE(original);
  const std::pair<const char*, std::string> resaved[] = {
      {"resized to 50 %", samples::resize_jpeg(photo, 0.5)},
      {"recompressed at quality 70", samples::recompress_jpeg(photo, 70)},
      {"cropped 5 %", samples::crop_jpeg(photo, 0.05)},
      {"all three, EXIF dropped",
       samples::crop_jpeg(
           samples::recompress_jpeg(samples::resize_jpeg(photo, 0.5, Exif::drop), 70, Exif::drop),
           0.05, Exif::drop)},
  };
  std::printf("12-megapixel photo generated in %.2f s (%zu KB); distances to it:",
              std::chrono::duration<double>(generated).count(), photo.size() / 1024);
  for (const auto& [what, jpeg] : resaved) {
    const auto again = screen_photo(jpeg);
    ASSERT_TRUE(again);
    const int d = hash_distance(original->phash, again->phash);
    const int dd = detail_distance(original->detail, again->detail);
    std::printf(" %s %d (detail %d);", what, d, dd);
    EXPECT_LE(d, kReuseMaxDistance - 2) << what;
    EXPECT_LE(dd, kReuseMaxDetailDistance - 8) << what;
  }
  std::printf("\n");
}

// 30 scenes at 1280 × 960 (the hash reads a photo at 1/8 to 1/4 scale, at least 320 px wide,
// so the size does not matter beyond that; the 12-megapixel case above checks it): each photo
// against the same photo saved again, the second and third shots of its scene and another
// scene, in both hashes.
TEST(PerceptualHashTest, JL_1_3_TheReuseThresholdSeparatesResavesFromOtherPhotos) {
  Tally tally;
  Tally detail;
  for (std::uint64_t seed = 1; seed <= 30; ++seed) {
    SitePhotoSpec spec;
    spec.scene_seed = seed;
    spec.width = 1280;
    spec.height = 960;
    auto screened = [](const std::string& jpeg) {
      auto s = screen_photo(jpeg);
      EXPECT_TRUE(s) << s.error().note;
      return s ? *s : Screening{};
    };
    const std::string jpeg = samples::generate_site_photo(spec);
    const Screening photo = screened(jpeg);
    auto add = [&](const std::string& kind, const std::string& other) {
      const Screening o = screened(other);
      tally.add(kind, hash_distance(photo.phash, o.phash));
      detail.add(kind, detail_distance(photo.detail, o.detail));
    };
    add("same: resized 50 %", samples::resize_jpeg(jpeg, 0.5));
    add("same: recompressed q70", samples::recompress_jpeg(jpeg, 70));
    add("same: cropped 5 %", samples::crop_jpeg(jpeg, 0.05));
    add("same: resized + q70 + cropped",
        samples::crop_jpeg(samples::recompress_jpeg(samples::resize_jpeg(jpeg, 0.5), 70), 0.05));
    for (int shot : {1, 2}) {
      SitePhotoSpec again = spec;
      again.shot = shot;
      add("other: a second shot of the scene", samples::generate_site_photo(again));
    }
    SitePhotoSpec elsewhere = spec;
    elsewhere.scene_seed = seed + 1000;
    add("other: another scene", samples::generate_site_photo(elsewhere));
  }
  std::printf("perceptual hash distances, 64 bits (kReuseMaxDistance = %d):\n", kReuseMaxDistance);
  tally.print();
  std::printf("detail hash distances, 256 bits (kReuseMaxDetailDistance = %d):\n",
              kReuseMaxDetailDistance);
  detail.print();
  // With a margin (distances are even: half the bits are set in every hash) each side.
  for (const auto& kind : {"same: resized 50 %", "same: recompressed q70", "same: cropped 5 %",
                           "same: resized + q70 + cropped"}) {
    EXPECT_LE(tally.max(kind), kReuseMaxDistance - 2) << kind;
    EXPECT_LE(detail.max(kind), kReuseMaxDetailDistance - 8) << kind;
  }
  for (const auto& kind : {"other: a second shot of the scene", "other: another scene"}) {
    EXPECT_GE(tally.min(kind), kReuseMaxDistance + 2) << kind;
    EXPECT_GE(detail.min(kind), kReuseMaxDetailDistance + 8) << kind;
  }
}

// Site photos look alike: sky, slab, grey columns. Among 150 unrelated scenes (11,175 pairs)
// some pairs come within the 64-bit threshold — at a million stored photos every upload would
// have such look-alikes — and none within the detail threshold, which the look-up confirms with.
TEST(PerceptualHashTest, JL_1_3_LookAlikeScenesAreToldApartByTheDetailHash) {
  std::vector<Screening> scenes;
  for (std::uint64_t seed = 5000; seed < 5150; ++seed) {
    SitePhotoSpec spec;
    spec.scene_seed = seed;
    spec.width = 640;
    spec.height = 480;
    spec.thumbnail = false;
    auto s = screen_photo(samples::generate_site_photo(spec));
    ASSERT_TRUE(s);
    scenes.push_back(*s);
  }
  Tally tally;
  Tally detail;
  int index_only = 0;
  int both = 0;
  for (std::size_t i = 0; i < scenes.size(); ++i) {
    for (std::size_t j = i + 1; j < scenes.size(); ++j) {
      const int d = hash_distance(scenes[i].phash, scenes[j].phash);
      const int dd = detail_distance(scenes[i].detail, scenes[j].detail);
      tally.add("another scene", d);
      detail.add("another scene", dd);
      index_only += d <= kReuseMaxDistance;
      both += d <= kReuseMaxDistance && dd <= kReuseMaxDetailDistance;
    }
  }
  std::printf("150 unrelated scenes, 64 bits:\n");
  tally.print();
  std::printf("256 bits:\n");
  detail.print();
  std::printf("pairs within kReuseMaxDistance: %d; within both thresholds: %d\n", index_only, both);
  EXPECT_EQ(both, 0);
  EXPECT_GE(detail.min("another scene"), kReuseMaxDetailDistance + 8);
}

TEST(PerceptualHashTest, JL_1_3_ThePhotoIsHashedAsDisplayed) {
  SitePhotoSpec spec;
  spec.scene_seed = 11;
  spec.width = 1600;
  spec.height = 1200;
  for (int orientation : {3, 6, 8}) {
    spec.orientation = orientation;
    const std::string sideways = samples::generate_site_photo(spec);
    // A gallery app turns the pixels upright and writes orientation 1: the same picture.
    const std::string upright = samples::upright_jpeg(sideways);
    EXPECT_LE(hash_distance(hash(sideways), hash(upright)), 2) << orientation;
    EXPECT_LE(detail_distance(screen_photo(sideways)->detail, screen_photo(upright)->detail), 8)
        << orientation;
    // Without the orientation tag the stored pixels are another picture.
    const std::string untagged = samples::recompress_jpeg(sideways, 92, Exif::drop);
    EXPECT_GT(hash_distance(hash(sideways), hash(untagged)), kReuseMaxDistance) << orientation;
    // The embedded thumbnail is turned alike.
    auto s = screen_photo(sideways);
    ASSERT_TRUE(s && s->thumbnail_distance);
    EXPECT_LE(*s->thumbnail_distance, 4) << orientation;
  }
}

TEST(PerceptualHashTest, JL_1_3_AnEditedPhotoKeepsTheThumbnailOfAnotherPicture) {
  std::printf("thumbnail distances (bits):");
  for (std::uint64_t seed : {1, 2, 3, 4, 5}) {
    SitePhotoSpec spec;
    spec.scene_seed = seed;
    spec.width = 1600;
    spec.height = 1200;
    const std::string photo = samples::generate_site_photo(spec);
    const std::string edited = samples::edit_photo(photo);
    auto genuine = screen_photo(photo);
    auto fake = screen_photo(edited);
    ASSERT_TRUE(genuine && fake);
    ASSERT_TRUE(genuine->thumbnail_distance && fake->thumbnail_distance);
    std::printf(" scene %d untouched %d edited %d;", static_cast<int>(seed),
                *genuine->thumbnail_distance, *fake->thumbnail_distance);
    EXPECT_LE(*genuine->thumbnail_distance, 4);
    EXPECT_GE(*fake->thumbnail_distance, 14);  // domain::PhotoRules::thumbnail_max_distance 10
    EXPECT_THAT(fake->metadata.edit_traces, ::testing::Contains("software:Adobe Photoshop 2023"));
    // Resaving keeps the thumbnail and the picture: still consistent.
    auto resaved = screen_photo(samples::recompress_jpeg(photo, 70));
    ASSERT_TRUE(resaved && resaved->thumbnail_distance);
    EXPECT_LE(*resaved->thumbnail_distance, 4);
  }
  std::printf("\n");
  // Without EXIF there is no thumbnail to compare.
  SitePhotoSpec bare;
  bare.exif = false;
  bare.width = 640;
  bare.height = 480;
  auto s = screen_photo(samples::generate_site_photo(bare));
  ASSERT_TRUE(s);
  EXPECT_FALSE(s->thumbnail_distance);
}

TEST(PerceptualHashTest, JL_1_3_ScreeningGivesAPageThumbnail) {
  SitePhotoSpec spec;
  spec.width = 2000;
  spec.height = 1500;
  const std::string photo = samples::generate_site_photo(spec);
  auto s = screen_photo(photo);
  ASSERT_TRUE(s) << s.error().note;
  auto thumb = decode_jpeg(s->thumb_jpeg);
  ASSERT_TRUE(thumb);
  EXPECT_EQ(thumb->width, 320);
  EXPECT_EQ(thumb->height, 240);
  EXPECT_EQ(s->phash, hash(photo));
  EXPECT_LE(hash_distance(s->phash, hash(s->thumb_jpeg)), 2);
  EXPECT_EQ(s->metadata.width, 2000);
}

TEST(HashIndexTest, JL_1_3_EveryHashWithinTheThresholdSharesAProbedKey) {
  const PerceptualHash h = 0x0123456789ABCDEFULL;
  const auto probes = hash_probes(h);
  EXPECT_LT(probes.size(), 600u);
  EXPECT_EQ(probes.size(), 4u * (1 + 16 + 120));
  std::set<std::pair<int, int>> distinct;
  for (const auto& p : probes) {
    distinct.insert({p.band, p.key});
  }
  EXPECT_EQ(distinct.size(), probes.size());  // no key twice
  const auto bands = hash_bands(h);
  EXPECT_EQ(bands[0].key, 0xCDEF);
  EXPECT_EQ(bands[3].key, 0x0123);
  auto shares_a_key = [](PerceptualHash query, PerceptualHash stored) {
    const auto keys = hash_bands(stored);
    for (const auto& p : hash_probes(query)) {
      if (keys[static_cast<std::size_t>(p.band)] == p) {
        return true;
      }
    }
    return false;
  };
  std::mt19937_64 rng(64);
  int checked = 0;
  for (int i = 0; i < 20000; ++i) {
    const PerceptualHash q = rng();
    // Up to the threshold, spread over the bands as evenly as can be (the tight case) or drawn
    // anywhere.
    const int d = static_cast<int>(rng() % (kReuseMaxDistance + 1));
    PerceptualHash mask = 0;
    for (int k = 0; k < d; ++k) {
      PerceptualHash bit = 0;
      do {
        const int band = i % 2 ? k % 4 : static_cast<int>(rng() % 4);
        bit = PerceptualHash{1} << (16 * band + static_cast<int>(rng() % 16));
      } while (mask & bit);
      mask |= bit;
    }
    ASSERT_EQ(hash_distance(q, q ^ mask), d);
    ASSERT_TRUE(shares_a_key(q, q ^ mask)) << std::hex << q << " " << mask;
    ++checked;
  }
  // And no further than needed: one flip more in every band, and no key is shared.
  PerceptualHash beyond = 0;
  for (int k = 0; k < 4 * (kProbeFlips + 1); ++k) {
    beyond |= PerceptualHash{1} << (16 * (k % 4) + k / 4);
  }
  EXPECT_GT(hash_distance(h, h ^ beyond), kReuseMaxDistance);
  EXPECT_FALSE(shares_a_key(h, h ^ beyond));
  EXPECT_EQ(checked, 20000);
}

}  // namespace
}  // namespace lw::photos
