// Group commit on both engines: concurrency, batching, per-write savepoints, failures, stop.
#include "storage/writer.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <future>
#include <memory>
#include <sstream>
#include <stdexcept>
#include <thread>
#include <vector>

#include "core/metrics.hpp"
#include "support/engine_test.hpp"

namespace lw::storage {
namespace {

using namespace std::chrono_literals;
using I64 = std::int64_t;

// Blocks the writer thread inside one job until opened: writes submitted meanwhile queue up
// and form the next batch together.
class Gate {
 public:
  Writer::Job job() {
    return [this](Connection&) {
      started_.set_value();
      opened_.wait();
      return Status{};
    };
  }
  void wait_started() { ASSERT_EQ(started_.get_future().wait_for(10s), std::future_status::ready); }
  void open() { open_.set_value(); }

 private:
  std::promise<void> started_;
  std::promise<void> open_;
  std::shared_future<void> opened_ = open_.get_future().share();
};

// Collects the outcomes of n submitted writes.
class Outcomes {
 public:
  explicit Outcomes(std::size_t n) : results_(n) {}
  Writer::Done slot(std::size_t i) {
    return [this, i](Status st) {
      std::lock_guard lock(mu_);
      results_.at(i) = std::move(st);
      ++calls_;
      cv_.notify_all();
    };
  }
  // Waits until every slot was called; false on timeout.
  bool wait() {
    std::unique_lock lock(mu_);
    return cv_.wait_for(lock, 30s, [this] { return calls_ >= results_.size(); });
  }
  const Status& operator[](std::size_t i) const { return *results_.at(i); }
  std::size_t calls() const {
    std::lock_guard lock(mu_);
    return calls_;
  }

 private:
  mutable std::mutex mu_;
  std::condition_variable cv_;
  std::vector<std::optional<Status>> results_;
  std::size_t calls_ = 0;
};

Writer::Job insert(I64 k) {
  return [k](Connection& c) -> Status {
    auto n = c.exec("INSERT INTO w (k, v) VALUES ($1, $2)", params({k, std::string("v")}));
    if (!n) {
      return std::move(n).error();
    }
    return {};
  };
}

// Batch sizes as rendered in /metrics.
struct Batches {
  std::uint64_t count = 0;
  double sum = 0;
  std::uint64_t of_one = 0;  // batches of exactly one write (the le="1" bucket)
};

Batches batches(const Metrics& m) {
  Batches b;
  std::istringstream in(m.render());
  for (std::string line; std::getline(in, line);) {
    const std::string value = line.substr(line.rfind(' ') + 1);
    if (line.starts_with("labwatch_commit_batch_size_count ")) {
      b.count = std::stoull(value);
    } else if (line.starts_with("labwatch_commit_batch_size_sum ")) {
      b.sum = std::stod(value);
    } else if (line.starts_with("labwatch_commit_batch_size_bucket{le=\"1\"} ")) {
      b.of_one = std::stoull(value);
    }
  }
  return b;
}

class WriterTest : public lw::testing::EngineTest {
 protected:
  void SetUp() override {
    EngineTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) {
      return;
    }
    ASSERT_NO_FATAL_FAILURE(exec_script("CREATE TABLE w (k BIGINT PRIMARY KEY, v TEXT NOT NULL)"));
    writer_ = std::make_unique<Writer>(*db_, &metrics_);
  }
  void TearDown() override { writer_.reset(); }

  std::vector<I64> keys() {
    auto lease = db_->acquire();
    EXPECT_TRUE(lease);
    auto rows = (*lease)->query("SELECT k FROM w ORDER BY k");
    EXPECT_TRUE(rows) << rows.error().note;
    std::vector<I64> out;
    for (const auto& r : *rows) {
      out.push_back(r.int64(0));
    }
    return out;
  }

  Metrics metrics_;
  std::unique_ptr<Writer> writer_;
};

LW_ENGINE_SUITE(WriterTest);

constexpr int kThreads = 4;
constexpr int kPerThread = 50;
constexpr int kWrites = kThreads * kPerThread;

void submit_from_threads(Writer& writer, Outcomes& outcomes) {
  std::vector<std::thread> threads;
  threads.reserve(kThreads);
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kPerThread; ++i) {
        const int k = t * kPerThread + i;
        writer.submit(insert(k), outcomes.slot(static_cast<std::size_t>(k)));
      }
    });
  }
  for (auto& t : threads) {
    t.join();
  }
}

TEST_P(WriterTest, ConcurrentSubmitsFromSeveralThreadsAllCommit) {
  Outcomes outcomes(kWrites);
  submit_from_threads(*writer_, outcomes);
  ASSERT_TRUE(outcomes.wait());
  for (int k = 0; k < kWrites; ++k) {
    EXPECT_TRUE(outcomes[k].ok()) << k << ": " << outcomes[k].error().note;
  }
  EXPECT_EQ(keys().size(), static_cast<std::size_t>(kWrites));
  const Batches b = batches(metrics_);
  EXPECT_EQ(b.sum, kWrites);
  EXPECT_LE(b.count, static_cast<std::uint64_t>(kWrites));
}

TEST_P(WriterTest, WritesQueuedTogetherShareOneCommit) {
  Gate gate;
  Outcomes gated(1);
  writer_->submit(gate.job(), gated.slot(0));
  gate.wait_started();
  Outcomes outcomes(kWrites);
  submit_from_threads(*writer_, outcomes);
  EXPECT_EQ(outcomes.calls(), 0u);  // nothing acknowledged before its commit
  gate.open();
  ASSERT_TRUE(outcomes.wait());
  for (int k = 0; k < kWrites; ++k) {
    EXPECT_TRUE(outcomes[k].ok()) << k;
  }
  EXPECT_EQ(keys().size(), static_cast<std::size_t>(kWrites));
  const Batches b = batches(metrics_);
  EXPECT_EQ(b.sum, kWrites + 1);
  EXPECT_EQ(b.count, 2u);   // the gate alone, then all the queued writes at once
  EXPECT_EQ(b.of_one, 1u);  // so one batch was larger than one
}

TEST_P(WriterTest, MaxBatchSplitsTheQueue) {
  writer_.reset();
  writer_ = std::make_unique<Writer>(*db_, &metrics_, Writer::Options{.max_batch = 8});
  Gate gate;
  Outcomes gated(1);
  writer_->submit(gate.job(), gated.slot(0));
  gate.wait_started();
  Outcomes outcomes(20);
  for (int k = 0; k < 20; ++k) {
    writer_->submit(insert(k), outcomes.slot(static_cast<std::size_t>(k)));
  }
  gate.open();
  ASSERT_TRUE(outcomes.wait());
  const Batches b = batches(metrics_);
  EXPECT_EQ(b.count, 4u);  // 1 + 8 + 8 + 4
  EXPECT_EQ(b.sum, 21);
}

TEST_P(WriterTest, AFailingWriteIsRolledBackAloneWhileItsNeighboursCommit) {
  Gate gate;
  Outcomes gated(1);
  writer_->submit(gate.job(), gated.slot(0));
  gate.wait_started();

  Writer::Job write_then_refuse = [](Connection& c) -> Status {
    LW_TRY(c.exec("INSERT INTO w (k, v) VALUES ($1, 'x')", params({I64{3}})));
    return Error(std::string(errc::invalid_argument), "refused after writing");
  };
  Writer::Job write_then_throw = [](Connection& c) -> Status {
    LW_TRY(c.exec("INSERT INTO w (k, v) VALUES ($1, 'x')", params({I64{4}})));
    throw std::runtime_error("bug after writing");
  };
  Outcomes o(6);
  writer_->submit(insert(1), o.slot(0));
  writer_->submit(insert(1), o.slot(1));  // duplicate primary key
  writer_->submit(insert(2), o.slot(2));
  writer_->submit(write_then_refuse, o.slot(3));
  writer_->submit(write_then_throw, o.slot(4));
  writer_->submit(insert(5), o.slot(5));
  gate.open();
  ASSERT_TRUE(o.wait());

  EXPECT_TRUE(o[0].ok());
  ASSERT_FALSE(o[1].ok());
  EXPECT_EQ(o[1].error().code, errc::conflict);
  EXPECT_TRUE(o[2].ok());
  ASSERT_FALSE(o[3].ok());
  EXPECT_EQ(o[3].error().code, errc::invalid_argument);
  ASSERT_FALSE(o[4].ok());
  EXPECT_EQ(o[4].error().code, errc::internal);
  EXPECT_TRUE(o[5].ok()) << o[5].error().note;
  EXPECT_EQ(keys(), (std::vector<I64>{1, 2, 5}));
  const Batches b = batches(metrics_);
  EXPECT_EQ(b.count, 2u);  // the six writes shared one transaction
  EXPECT_EQ(b.sum, 7);
}

TEST_P(WriterTest, AThrowingWriteYieldsInternalAndTheWriterKeepsWorking) {
  Writer::Job boom = [](Connection&) -> Status { throw std::runtime_error("boom"); };
  Outcomes o(2);
  writer_->submit(boom, o.slot(0));
  writer_->submit(insert(7), o.slot(1));
  ASSERT_TRUE(o.wait());
  ASSERT_FALSE(o[0].ok());
  EXPECT_EQ(o[0].error().code, errc::internal);
  EXPECT_NE(o[0].error().note.find("boom"), std::string::npos);
  EXPECT_TRUE(o[1].ok());
  Outcomes later(1);
  writer_->submit(insert(8), later.slot(0));
  ASSERT_TRUE(later.wait());
  EXPECT_TRUE(later[0].ok());
  EXPECT_EQ(keys(), (std::vector<I64>{7, 8}));
}

TEST_P(WriterTest, DoneRunsOnlyOnceTheWriteIsVisibleToOtherConnections) {
  std::promise<std::size_t> seen;
  writer_->submit(insert(42), [&](const Status& st) {
    EXPECT_TRUE(st.ok());
    auto lease = db_->acquire();
    auto rows = lease ? (*lease)->query("SELECT k FROM w WHERE k = 42") : Result<Rows>(Rows{});
    seen.set_value(rows ? rows->size() : 0);
  });
  auto f = seen.get_future();
  ASSERT_EQ(f.wait_for(10s), std::future_status::ready);
  EXPECT_EQ(f.get(), 1u);
}

// Snapshot reads (Database::acquire_snapshot, the public report look-up): consecutive reads
// share a read transaction, yet every commit of this process is seen by the next read, and one
// of another connection within the snapshot's age.
TEST_P(WriterTest, ASnapshotReadSeesEveryCommitOfThisProcessAtOnce) {
  const auto count = [&] {
    auto lease = db_->acquire_snapshot(std::chrono::hours(1));
    EXPECT_TRUE(lease);
    auto rows = (*lease)->query("SELECT COUNT(*) FROM w");
    EXPECT_TRUE(rows);
    return rows->front().int64(0);
  };
  EXPECT_EQ(count(), 0);
  for (I64 k = 1; k <= 3; ++k) {
    std::promise<Status> done;
    writer_->submit(insert(k), [&](Status st) { done.set_value(std::move(st)); });
    ASSERT_TRUE(done.get_future().get().ok());
    EXPECT_EQ(count(), k) << "the write was acknowledged: the next read sees it";
  }
}

TEST_P(WriterTest, ASnapshotReadSeesAnotherConnectionsCommitWithinItsAge) {
  const auto count = [&](std::chrono::milliseconds age) {
    auto lease = db_->acquire_snapshot(age);
    EXPECT_TRUE(lease);
    auto rows = (*lease)->query("SELECT COUNT(*) FROM w");
    EXPECT_TRUE(rows);
    return rows->front().int64(0);
  };
  EXPECT_EQ(count(std::chrono::hours(1)), 0);
  auto other = db_->connect();  // another process, as far as this Database knows
  ASSERT_TRUE(other);
  ASSERT_TRUE((*other)->exec("INSERT INTO w (k, v) VALUES (7, 'x')"));
  if (GetParam() == std::string("sqlite")) {
    EXPECT_EQ(count(std::chrono::hours(1)), 0) << "the shared snapshot is younger than its age";
  }
  std::this_thread::sleep_for(20ms);
  EXPECT_EQ(count(10ms), 1);
}

TEST_P(WriterTest, StopCommitsEverythingQueued) {
  Gate gate;
  Outcomes gated(1);
  writer_->submit(gate.job(), gated.slot(0));
  gate.wait_started();
  Outcomes o(20);
  for (int k = 0; k < 20; ++k) {
    writer_->submit(insert(k), o.slot(static_cast<std::size_t>(k)));
  }
  std::thread stopper([this] { writer_->stop(); });
  // Wait until stop() has begun: new writes are then refused on the spot.
  for (int i = 0; i < 10'000; ++i) {
    auto refused = std::make_shared<std::atomic<bool>>(false);
    writer_->submit([](Connection&) { return Status{}; },
                    [refused](const Status& st) {
                      if (!st.ok() && st.error().code == errc::shutting_down) {
                        *refused = true;
                      }
                    });
    if (*refused) {
      break;
    }
    std::this_thread::sleep_for(1ms);
  }
  gate.open();
  stopper.join();
  EXPECT_EQ(o.calls(), 20u);
  for (int k = 0; k < 20; ++k) {
    EXPECT_TRUE(o[k].ok()) << k;
  }
  EXPECT_EQ(keys().size(), 20u);
}

TEST_P(WriterTest, SubmitAfterStopFailsWithShuttingDown) {
  writer_->stop();
  bool ran = false;
  std::optional<Status> outcome;
  writer_->submit(
      [&](Connection&) {
        ran = true;
        return Status{};
      },
      [&](Status st) { outcome = std::move(st); });
  ASSERT_TRUE(outcome.has_value());  // answered at once, on the caller's thread
  ASSERT_FALSE(outcome->ok());
  EXPECT_EQ(outcome->error().code, errc::shutting_down);
  EXPECT_FALSE(ran);
  writer_->stop();  // stopping twice is harmless
}

// Needs a server to drop the connection.
using WriterServerTest = WriterTest;
LW_SERVER_ENGINE_SUITE(WriterServerTest);

TEST_P(WriterServerTest, ALostConnectionFailsItsBatchAndTheNextBatchReconnects) {
  Outcomes first(1);
  writer_->submit(insert(1), first.slot(0));
  ASSERT_TRUE(first.wait());
  ASSERT_TRUE(first[0].ok());
  {
    auto lease = db_->acquire();
    ASSERT_TRUE(lease);
    ASSERT_TRUE(
        (*lease)->query("SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                        " WHERE datname = current_database() AND pid <> pg_backend_pid()"));
  }
  std::this_thread::sleep_for(100ms);
  // The dropped connection may cost one batch; the writer then reconnects.
  bool committed = false;
  for (I64 k = 2; k < 5 && !committed; ++k) {
    Outcomes o(1);
    writer_->submit(insert(k), o.slot(0));
    ASSERT_TRUE(o.wait());
    committed = o[0].ok();
    if (!committed) {
      EXPECT_EQ(o[0].error().code, errc::storage_unavailable);
      EXPECT_GE(metrics_.db_errors.value({"postgresql", "commit"}), 1);
    }
  }
  EXPECT_TRUE(committed);
}

// A write that swallows a failed statement (an idempotent insert written without ON CONFLICT)
// and returns OK. On PostgreSQL the failed statement aborts the transaction; the writer notices
// and refuses that write alone, so its neighbours still commit, on both engines alike.
TEST_P(WriterTest, AWriteThatSwallowsAFailedStatementIsRefusedAloneOnEitherEngine) {
  Gate gate;
  Outcomes gated(1);
  writer_->submit(gate.job(), gated.slot(0));
  gate.wait_started();
  Writer::Job insert_if_absent = [](Connection& c) -> Status {
    auto n = c.exec("INSERT INTO w (k, v) VALUES ($1, 'x')", params({I64{1}}));
    if (!n && n.error().code != errc::conflict) {
      return std::move(n).error();
    }
    return {};  // already there: fine
  };
  Outcomes o(3);
  writer_->submit(insert(1), o.slot(0));
  writer_->submit(insert_if_absent, o.slot(1));
  writer_->submit(insert(2), o.slot(2));
  gate.open();
  ASSERT_TRUE(o.wait());
  EXPECT_TRUE(o[0].ok());
  EXPECT_TRUE(o[2].ok());
  if (!o[1].ok()) {
    EXPECT_EQ(o[1].error().code, errc::conflict);  // PostgreSQL: refused, not the whole batch
  }
  EXPECT_EQ(keys(), (std::vector<I64>{1, 2}));
}

TEST(WriterUnreachable, EveryWriteFailsWithStorageUnavailableUntilTheDatabaseIsBack) {
  lw::testing::TempDir dir;
  auto real = Database::open("sqlite:" + (dir.path() / "w.db").string());
  ASSERT_TRUE(real);
  std::atomic<bool> up{false};
  Database db(Engine::sqlite, "flaky", [&]() -> Result<ConnectionPtr> {
    if (!up) {
      return Error(std::string(errc::storage_unavailable), "down for the test");
    }
    return (*real)->connector()();
  });
  Metrics metrics;
  Writer writer(db, &metrics);
  Outcomes o(3);
  for (std::size_t i = 0; i < 3; ++i) {
    writer.submit([](Connection&) { return Status{}; }, o.slot(i));
  }
  ASSERT_TRUE(o.wait());
  for (std::size_t i = 0; i < 3; ++i) {
    ASSERT_FALSE(o[i].ok());
    EXPECT_EQ(o[i].error().code, errc::storage_unavailable);
  }
  EXPECT_GE(metrics.db_errors.value({"sqlite", "commit"}), 1);
  up = true;
  Outcomes back(1);
  writer.submit([](Connection& c) { return c.exec_script("CREATE TABLE t (x INTEGER)"); },
                back.slot(0));
  ASSERT_TRUE(back.wait());
  EXPECT_TRUE(back[0].ok());
}

}  // namespace
}  // namespace lw::storage
