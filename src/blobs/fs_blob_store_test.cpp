// Content-addressed files on disk: hashing, layout, tmp/ hygiene, deduplication.
#include "blobs/fs_blob_store.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "support/test_db.hpp"

namespace lw::blobs {
namespace {

namespace fs = std::filesystem;

constexpr char kAbcSha[] = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";
constexpr char kEmptySha[] = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
constexpr char kMillionASha[] = "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0";

class FsBlobStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = dir_.path() / "blobs";
    auto store = FsBlobStore::open(root_);
    ASSERT_TRUE(store) << store.error().note;
    store_ = std::move(*store);
  }

  Result<BlobRef> put(const std::string& content, std::size_t chunk = 1 << 20) {
    auto w = store_->begin();
    if (!w) {
      return std::move(w).error();
    }
    for (std::size_t off = 0; off < content.size(); off += chunk) {
      LW_TRY((*w)->write(std::string_view(content).substr(off, chunk)));
    }
    return (*w)->commit();
  }

  std::size_t tmp_files() const {
    return static_cast<std::size_t>(std::distance(fs::directory_iterator(root_ / "tmp"), {}));
  }

  // Regular files outside tmp/.
  std::size_t stored_files() const {
    std::size_t n = 0;
    for (const auto& e : fs::recursive_directory_iterator(root_)) {
      n += e.is_regular_file() && e.path().parent_path() != root_ / "tmp";
    }
    return n;
  }

  static std::string read(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
  }

  lw::testing::TempDir dir_;
  fs::path root_;
  std::unique_ptr<FsBlobStore> store_;
};

TEST_F(FsBlobStoreTest, OpenCreatesRootAndTmp) {
  EXPECT_TRUE(fs::is_directory(root_));
  EXPECT_TRUE(fs::is_directory(root_ / "tmp"));
  EXPECT_EQ(tmp_files(), 0u);
}

TEST_F(FsBlobStoreTest, CommitNamesTheFileByItsSha256) {
  auto ref = put("abc");
  ASSERT_TRUE(ref) << ref.error().note;
  EXPECT_EQ(ref->sha256, kAbcSha);
  EXPECT_EQ(ref->size, 3u);
  const fs::path p = store_->path_of(kAbcSha);
  EXPECT_EQ(p, root_ / "ba" / "78" / kAbcSha);
  EXPECT_EQ(read(p), "abc");
  EXPECT_TRUE(store_->contains(kAbcSha));
  EXPECT_EQ(store_->local_path(kAbcSha), p.string());
  EXPECT_EQ(tmp_files(), 0u);
}

TEST_F(FsBlobStoreTest, HashDoesNotDependOnChunking) {
  const std::string million(1'000'000, 'a');
  auto whole = put(million);
  ASSERT_TRUE(whole);
  EXPECT_EQ(whole->sha256, kMillionASha);
  EXPECT_EQ(whole->size, 1'000'000u);
  auto pieces = put(million, 4093);
  ASSERT_TRUE(pieces);
  EXPECT_EQ(pieces->sha256, kMillionASha);
  EXPECT_EQ(read(store_->path_of(kMillionASha)), million);
}

TEST_F(FsBlobStoreTest, EmptyContentIsABlobToo) {
  auto ref = put("");
  ASSERT_TRUE(ref);
  EXPECT_EQ(ref->sha256, kEmptySha);
  EXPECT_EQ(ref->size, 0u);
  EXPECT_TRUE(store_->contains(kEmptySha));
}

TEST_F(FsBlobStoreTest, BinaryContentWithZeroBytes) {
  const std::string bin("\0\x01\xff\0", 4);
  auto ref = put(bin);
  ASSERT_TRUE(ref);
  EXPECT_EQ(ref->size, 4u);
  EXPECT_EQ(read(store_->path_of(ref->sha256)), bin);
}

TEST_F(FsBlobStoreTest, WriterReportsItsSize) {
  auto w = store_->begin();
  ASSERT_TRUE(w);
  EXPECT_EQ((*w)->size(), 0u);
  ASSERT_TRUE((*w)->write("hello "));
  ASSERT_TRUE((*w)->write("world"));
  EXPECT_EQ((*w)->size(), 11u);
}

TEST_F(FsBlobStoreTest, StoringTheSameContentTwiceKeepsOneFile) {
  auto a = put("abc");
  auto b = put("abc", 1);
  ASSERT_TRUE(a);
  ASSERT_TRUE(b);
  EXPECT_EQ(a->sha256, b->sha256);
  EXPECT_EQ(stored_files(), 1u);
  EXPECT_EQ(tmp_files(), 0u);
  EXPECT_EQ(read(store_->path_of(kAbcSha)), "abc");
}

TEST_F(FsBlobStoreTest, UploadInProgressLivesInTmp) {
  auto w = store_->begin();
  ASSERT_TRUE(w);
  ASSERT_TRUE((*w)->write("abc"));
  EXPECT_EQ(tmp_files(), 1u);
  EXPECT_FALSE(store_->contains(kAbcSha));
}

TEST_F(FsBlobStoreTest, AbortLeavesNothing) {
  auto w = store_->begin();
  ASSERT_TRUE(w);
  ASSERT_TRUE((*w)->write("abc"));
  (*w)->abort();
  EXPECT_EQ(tmp_files(), 0u);
  EXPECT_EQ(stored_files(), 0u);
  EXPECT_FALSE((*w)->write("more"));  // closed
  EXPECT_FALSE((*w)->commit());
  (*w)->abort();  // twice is harmless
}

TEST_F(FsBlobStoreTest, DestructionWithoutCommitLeavesNothing) {
  {
    auto w = store_->begin();
    ASSERT_TRUE(w);
    ASSERT_TRUE((*w)->write("abc"));
  }
  EXPECT_EQ(tmp_files(), 0u);
  EXPECT_EQ(stored_files(), 0u);
}

TEST_F(FsBlobStoreTest, WriterIsClosedAfterCommit) {
  auto w = store_->begin();
  ASSERT_TRUE(w);
  ASSERT_TRUE((*w)->write("abc"));
  ASSERT_TRUE((*w)->commit());
  auto again = (*w)->write("x");
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().code, errc::internal);
  EXPECT_FALSE((*w)->commit());
  EXPECT_EQ(read(store_->path_of(kAbcSha)), "abc");
}

TEST_F(FsBlobStoreTest, ContainsRejectsWhatIsNotAHash) {
  ASSERT_TRUE(put("abc"));
  std::string upper = kAbcSha;
  for (auto& ch : upper) {
    ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
  }
  EXPECT_FALSE(store_->contains(upper));
  EXPECT_FALSE(store_->contains("../../etc/passwd"));
  EXPECT_FALSE(store_->contains(""));
  EXPECT_FALSE(store_->contains(kEmptySha));
  EXPECT_FALSE(store_->local_path("tmp").has_value());
}

TEST_F(FsBlobStoreTest, ReopeningKeepsStoredBlobs) {
  ASSERT_TRUE(put("abc"));
  auto again = FsBlobStore::open(root_);
  ASSERT_TRUE(again);
  EXPECT_TRUE((*again)->contains(kAbcSha));
}

// The writer's contract: what was written is discarded unless committed, also when commit
// fails after the upload is complete (here: a file is in the way of the hash's folder).
TEST_F(FsBlobStoreTest, FailedCommitLeavesNothingInTmp) {
  std::ofstream(root_ / "ba") << "in the way";
  {
    auto w = store_->begin();
    ASSERT_TRUE(w);
    ASSERT_TRUE((*w)->write("abc"));
    auto ref = (*w)->commit();
    ASSERT_FALSE(ref);
    EXPECT_EQ(ref.error().code, errc::storage_unavailable);
  }
  EXPECT_EQ(tmp_files(), 0u);
}

}  // namespace
}  // namespace lw::blobs
