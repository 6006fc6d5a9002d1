// BlobIntake: an upload streamed from a ByteSource into the blob store, then recorded through
// the writer. Both engines.
#include "service/blob_intake.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <boost/asio/io_context.hpp>
#include <cstring>
#include <fstream>
#include <memory>
#include <sstream>

#include "blobs/fs_blob_store.hpp"
#include "core/metrics.hpp"
#include "storage/labs.hpp"
#include "support/engine_test.hpp"
#include "support/run_task.hpp"

namespace lw::service {
namespace {

namespace asio = boost::asio;
namespace fs = std::filesystem;

constexpr char kAbcSha[] = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";

// A body held in memory, handed out in pieces; optionally fails once `fail_at` bytes were read.
class MemorySource final : public ByteSource {
 public:
  explicit MemorySource(std::string data, std::size_t piece = 1000,
                        std::optional<std::size_t> fail_at = std::nullopt)
      : data_(std::move(data)), piece_(piece), fail_at_(fail_at) {}

  Task<Result<std::size_t>> read(char* buf, std::size_t n) override {
    ++reads_;
    if (fail_at_ && pos_ >= *fail_at_) {
      co_return Error(std::string(errc::request_timeout), "the client went quiet");
    }
    std::size_t k = std::min({n, piece_, data_.size() - pos_});
    if (fail_at_) {
      k = std::min(k, *fail_at_ - pos_);
    }
    std::memcpy(buf, data_.data() + pos_, k);
    pos_ += k;
    co_return k;
  }
  std::optional<std::uint64_t> announced_length() const override { return data_.size(); }
  int reads() const { return reads_; }

 private:
  std::string data_;
  std::size_t piece_;
  std::optional<std::size_t> fail_at_;
  std::size_t pos_ = 0;
  int reads_ = 0;
};

class BlobIntakeTest : public lw::testing::EngineTest {
 protected:
  void SetUp() override {
    EngineTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) {
      return;
    }
    writer_ = std::make_unique<storage::Writer>(*db_, &metrics_);
    root_ = tdb_->dir() / "blobs";
    auto store = blobs::FsBlobStore::open(root_);
    ASSERT_TRUE(store) << store.error().note;
    store_ = std::move(*store);
    intake_ = std::make_unique<BlobIntake>(*db_, *writer_, *store_, clock_, auditor_, ledger_);
  }

  // Received as lab A's system (key lk_a) unless another lab and sender are given.
  Result<storage::BlobRecord> receive(ByteSource& body, std::string media_type,
                                      std::string lab_code = kLabA, std::string actor = "lk_a") {
    asio::io_context ioc;
    Caller caller;
    caller.actor = std::move(actor);
    auto out = lw::testing::run(
        ioc, intake_->receive(body, std::move(media_type), std::move(lab_code), caller));
    if (!out) {
      return Error(std::string(errc::internal), "receive did not finish");
    }
    if (!*out) {
      return std::move(*out).error();
    }
    last_leaf_ = (*out)->leaf;
    return std::move((*out)->record);
  }

  std::size_t files_under(const fs::path& p) const {
    std::size_t n = 0;
    for (const auto& e : fs::recursive_directory_iterator(p)) {
      n += e.is_regular_file();
    }
    return n;
  }
  std::size_t tmp_files() const { return files_under(root_ / "tmp"); }
  std::size_t stored_files() const { return files_under(root_) - tmp_files(); }

  // Whether the blob is found by a caller named `actor` with `scope`.
  bool readable(const domain::Scope& scope, const std::string& actor = "someone-else") {
    Caller caller;
    caller.actor = actor;
    auto found = intake_->find(kAbcSha, scope, caller);
    EXPECT_TRUE(found) << found.error().note;
    return found && found->has_value();
  }

  void register_lab(const std::string& code, const std::string& region, bool sandbox) {
    auto lease = db_->acquire();
    ASSERT_TRUE(lease);
    ASSERT_TRUE(
        storage::insert_lab(**lease, {code, "实验室 " + code, region, false, clock_.now()}));
    ASSERT_TRUE(storage::set_lab_sandbox(**lease, code, sandbox));
  }

  static constexpr char kLabA[] = "360402-0001";

  std::int64_t records() {
    auto lease = db_->acquire();
    auto rows = (*lease)->query("SELECT COUNT(*) FROM blobs");
    return rows ? rows->at(0).int64(0) : -1;
  }

  Metrics metrics_;
  std::unique_ptr<storage::Writer> writer_;
  fs::path root_;
  std::unique_ptr<blobs::FsBlobStore> store_;
  ManualClock clock_{from_micros(1'790'000'000'000'000)};
  Auditor auditor_{std::string(32, 'a')};
  Ledger ledger_{{crypto::HashAlg::sm3, "ledger.test", crypto::Sm2KeyPair::generate()}, clock_};
  std::unique_ptr<BlobIntake> intake_;
  LeafRef last_leaf_;  // of the last receive
};

LW_ENGINE_SUITE(BlobIntakeTest);

TEST_P(BlobIntakeTest, StoresTheBlobAndRecordsIt) {
  MemorySource body("abc");
  auto rec = receive(body, "text/plain; charset=utf-8");
  ASSERT_TRUE(rec) << rec.error().code << ": " << rec.error().note;
  EXPECT_EQ(rec->sha256, kAbcSha);
  EXPECT_EQ(rec->size, 3);
  EXPECT_EQ(rec->media_type, "text/plain; charset=utf-8");
  EXPECT_EQ(rec->received_at, clock_.now());
  EXPECT_TRUE(store_->contains(kAbcSha));
  auto found = intake_->find(kAbcSha, domain::Scope::of_lab(kLabA), Caller{});
  ASSERT_TRUE(found);
  ASSERT_TRUE(found->has_value());
  EXPECT_EQ((*found)->received_at, rec->received_at);
  EXPECT_EQ((*found)->size, 3);
  EXPECT_EQ(tmp_files(), 0u);
}

TEST_P(BlobIntakeTest, ABlobIsReadByItsSenderAndTheScopesCoveringTheSendingLab) {
  register_lab(kLabA, "360402", false);
  MemorySource body("abc");
  ASSERT_TRUE(receive(body, "image/jpeg"));
  EXPECT_TRUE(readable(domain::Scope::of_lab(kLabA)));
  EXPECT_TRUE(readable(domain::Scope::of_region("360400")));
  EXPECT_TRUE(readable(domain::Scope::none(), "lk_a"));  // the sender itself
  EXPECT_FALSE(readable(domain::Scope::of_lab("220102-0001")));
  EXPECT_FALSE(readable(domain::Scope::of_region("220000")));
  EXPECT_FALSE(readable(domain::Scope::none()));
  // The same content from a regulator without a lab: the regulator reads it as its sender,
  // and lab A's scope still covers it through lab A's receipt.
  MemorySource again("abc");
  ASSERT_TRUE(receive(again, "image/jpeg", "", "jl-regulator"));
  EXPECT_TRUE(readable(domain::Scope::none(), "jl-regulator"));
  EXPECT_FALSE(readable(domain::Scope::of_region("220000")));
}

TEST_P(BlobIntakeTest, JL_3_2_ASandboxLabsBlobIsKeptFromRegulators) {
  register_lab(kLabA, "360402", true);
  MemorySource body("abc");
  ASSERT_TRUE(receive(body, "image/jpeg"));
  EXPECT_TRUE(readable(domain::Scope::of_lab(kLabA)));
  EXPECT_FALSE(readable(domain::Scope::of_region("360400")));
}

TEST_P(BlobIntakeTest, LargeBodiesAreStreamedInPieces) {
  std::string data(300'000, '\0');
  for (std::size_t i = 0; i < data.size(); ++i) {
    data[i] = static_cast<char>((i * 131) % 251);
  }
  MemorySource body(data, 70'000);  // larger than the intake's read buffer
  auto rec = receive(body, "application/octet-stream");
  ASSERT_TRUE(rec) << rec.error().note;
  EXPECT_EQ(rec->size, 300'000);
  EXPECT_GT(body.reads(), 5);
  const auto path = store_->local_path(rec->sha256);
  ASSERT_TRUE(path.has_value());
  std::ifstream in(*path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  EXPECT_EQ(ss.str(), data);
}

TEST_P(BlobIntakeTest, ASecondReceiptKeepsTheFirstRecordAndOneFile) {
  MemorySource first("abc");
  auto a = receive(first, "text/plain");
  ASSERT_TRUE(a);
  clock_.advance(std::chrono::hours(1));
  MemorySource second("abc", 1);
  auto b = receive(second, "application/octet-stream");
  ASSERT_TRUE(b) << b.error().note;
  EXPECT_EQ(b->received_at, a->received_at);
  EXPECT_EQ(last_leaf_.index, 0u);  // the same sender again: its first leaf
  EXPECT_EQ(b->media_type, "text/plain");
  EXPECT_EQ(stored_files(), 1u);
  EXPECT_EQ(records(), 1);
  // Another sender of the same bytes gets its own receipt time, not the first sender's.
  clock_.advance(std::chrono::hours(1));
  MemorySource third("abc");
  auto c = receive(third, "text/plain", "220102-0001", "lk_b");
  ASSERT_TRUE(c) << c.error().note;
  EXPECT_EQ(c->received_at, clock_.now());
  EXPECT_EQ(stored_files(), 1u);
  EXPECT_EQ(last_leaf_.index, 1u);  // another sender: a leaf of its own
  EXPECT_EQ(last_leaf_.entry.uploader, "lk_b");
}

TEST_P(BlobIntakeTest, ASenderWhoseLabChangedSendsTheNextVersionOfItsUpload) {
  // A user's lab follows their role; the ledger's record is the file and the sender.
  MemorySource first("abc");
  ASSERT_TRUE(receive(first, "text/plain", "", "jj-regulator"));
  const LeafRef before = last_leaf_;
  EXPECT_EQ(before.entry.version, 1);
  MemorySource second("abc");
  auto b = receive(second, "text/plain", kLabA, "jj-regulator");
  ASSERT_TRUE(b) << b.error().note;
  EXPECT_EQ(last_leaf_.index, 1u);
  EXPECT_EQ(last_leaf_.entry.version, 2);
  EXPECT_EQ(last_leaf_.entry.prev, before.index);
  // Sent again there: the receipt of that version.
  MemorySource third("abc");
  ASSERT_TRUE(receive(third, "text/plain", kLabA, "jj-regulator"));
  EXPECT_EQ(last_leaf_.index, 1u);
}

TEST_P(BlobIntakeTest, InvalidMediaTypeIsRefusedBeforeReading) {
  for (const char* bad : {"", "pdf", "application/", "/pdf", "text plain/x"}) {
    MemorySource body("abc");
    auto rec = receive(body, bad);
    ASSERT_FALSE(rec) << bad;
    EXPECT_EQ(rec.error().code, errc::unsupported_media_type) << bad;
    EXPECT_EQ(body.reads(), 0) << bad;
  }
  EXPECT_EQ(tmp_files(), 0u);
  EXPECT_EQ(stored_files(), 0u);
  EXPECT_EQ(records(), 0);
}

TEST_P(BlobIntakeTest, ASourceErrorMidwayLeavesNoFile) {
  MemorySource body(std::string(200'000, 'x'), 10'000, 100'000);
  auto rec = receive(body, "application/pdf");
  ASSERT_FALSE(rec);
  EXPECT_EQ(rec.error().code, errc::request_timeout);
  EXPECT_GT(body.reads(), 1);
  EXPECT_EQ(tmp_files(), 0u);
  EXPECT_EQ(stored_files(), 0u);
  EXPECT_EQ(records(), 0);
}

TEST_P(BlobIntakeTest, ASourceErrorAtOnceLeavesNoFile) {
  MemorySource body("abc", 1000, 0);
  auto rec = receive(body, "application/pdf");
  ASSERT_FALSE(rec);
  EXPECT_EQ(rec.error().code, errc::request_timeout);
  EXPECT_EQ(tmp_files(), 0u);
}

TEST_P(BlobIntakeTest, AStoppedWriterFailsTheUploadWithShuttingDown) {
  writer_->stop();
  MemorySource body("abc");
  auto rec = receive(body, "text/plain");
  ASSERT_FALSE(rec);
  EXPECT_EQ(rec.error().code, errc::shutting_down);
  EXPECT_EQ(records(), 0);
  EXPECT_EQ(tmp_files(), 0u);
}

TEST_P(BlobIntakeTest, FindUnknownIsEmpty) {
  EXPECT_FALSE(readable(domain::Scope::of_lab(kLabA), "lk_a"));
}

TEST(ValidMediaType, AcceptsTypeSlashSubtypeWithParameters) {
  for (const char* ok :
       {"image/jpeg", "application/pdf", "application/vnd.ms-excel", "application/ld+json",
        "text/plain; charset=utf-8", "text/plain;", "x-custom/x_raw.v2"}) {
    EXPECT_TRUE(valid_media_type(ok)) << ok;
  }
}

TEST(ValidMediaType, RejectsEverythingElse) {
  for (const char* bad :
       {"", "image", "image/", "/jpeg", "/", "ima ge/jpeg", "image/jp eg", "image/jpeg/x",
        "图片/jpeg", "; charset=utf-8", "image\\jpeg", "text/plain\r\nX-Evil: 1"}) {
    EXPECT_FALSE(valid_media_type(bad)) << bad;
  }
  EXPECT_TRUE(valid_media_type("a/" + std::string(125, 'b')));
  EXPECT_FALSE(valid_media_type("a/" + std::string(126, 'b')));
}

}  // namespace
}  // namespace lw::service
