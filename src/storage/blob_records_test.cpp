// The blob record repository on both engines.
#include "storage/blob_records.hpp"

#include <gtest/gtest.h>

#include "support/engine_test.hpp"

namespace lw::storage {
namespace {

constexpr char kAbc[] = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";

class BlobRecordsTest : public lw::testing::EngineTest {
 protected:
  BlobRecordsTest() : EngineTest({.connect = true}) {}
};

LW_ENGINE_SUITE(BlobRecordsTest);

TEST_P(BlobRecordsTest, UpsertStoresAndFindReturnsTheRecord) {
  const BlobRecord rec{kAbc, 3, "text/plain; charset=utf-8", from_micros(1'790'000'000'000'001)};
  auto stored = upsert_blob_record(*c_, rec);
  ASSERT_TRUE(stored) << stored.error().note;
  EXPECT_EQ(stored->sha256, kAbc);
  EXPECT_EQ(stored->size, 3);
  EXPECT_EQ(stored->media_type, rec.media_type);
  EXPECT_EQ(stored->received_at, rec.received_at);
  auto found = find_blob_record(*c_, kAbc);
  ASSERT_TRUE(found);
  ASSERT_TRUE(found->has_value());
  EXPECT_EQ((*found)->received_at, rec.received_at);
  EXPECT_EQ((*found)->media_type, rec.media_type);
}

TEST_P(BlobRecordsTest, UpsertKeepsTheFirstReceipt) {
  const BlobRecord first{kAbc, 3, "text/plain", from_micros(1000)};
  ASSERT_TRUE(upsert_blob_record(*c_, first));
  const BlobRecord again{kAbc, 3, "application/octet-stream", from_micros(9000)};
  auto stored = upsert_blob_record(*c_, again);
  ASSERT_TRUE(stored) << stored.error().note;
  EXPECT_EQ(stored->received_at, first.received_at);
  EXPECT_EQ(stored->media_type, "text/plain");
  auto n = c_->query("SELECT COUNT(*) FROM blobs");
  ASSERT_TRUE(n);
  EXPECT_EQ(n->at(0).int64(0), 1);
}

TEST_P(BlobRecordsTest, LargeSizesRoundTrip) {
  const std::int64_t five_gib = std::int64_t{5} << 30;
  ASSERT_TRUE(upsert_blob_record(*c_, {kAbc, five_gib, "video/mp4", from_micros(1)}));
  auto found = find_blob_record(*c_, kAbc);
  ASSERT_TRUE(found);
  ASSERT_TRUE(found->has_value());
  EXPECT_EQ((*found)->size, five_gib);
}

TEST_P(BlobRecordsTest, FindUnknownIsEmpty) {
  auto found = find_blob_record(*c_, std::string(64, '0'));
  ASSERT_TRUE(found);
  EXPECT_FALSE(found->has_value());
}

}  // namespace
}  // namespace lw::storage
