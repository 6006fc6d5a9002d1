// service::commit: a coroutine waits for the group-commit writer without blocking its thread,
// and resumes on its own executor once the write is durable. Both engines.
#include "service/commit.hpp"

#include <gtest/gtest.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <chrono>
#include <future>
#include <memory>
#include <stdexcept>
#include <thread>

#include "core/metrics.hpp"
#include "support/engine_test.hpp"
#include "support/run_task.hpp"

namespace lw::service {
namespace {

namespace asio = boost::asio;
using namespace std::chrono_literals;
using I64 = std::int64_t;

using lw::testing::run;

storage::Writer::Job insert(I64 k) {
  return [k](storage::Connection& c) -> Status {
    LW_TRY(c.exec("INSERT INTO w (k) VALUES ($1)", storage::params({k})));
    return {};
  };
}

struct Seen {
  Status status;
  bool visible = false;  // the row, read through another connection right after resuming
  std::thread::id resumed_on;
};

Task<void> commit_and_look(storage::Writer& writer, storage::Database& db, I64 k, Seen& out) {
  storage::Writer::Job job = insert(k);
  out.status = co_await commit(writer, std::move(job));
  out.resumed_on = std::this_thread::get_id();
  auto lease = db.acquire();
  if (lease) {
    auto rows = (*lease)->query("SELECT k FROM w WHERE k = $1", storage::params({k}));
    out.visible = rows && rows->size() == 1;
  }
}

Task<void> commit_job(storage::Writer& writer, storage::Writer::Job job, Status& out) {
  out = co_await commit(writer, std::move(job));
}

class CommitTest : public lw::testing::EngineTest {
 protected:
  void SetUp() override {
    EngineTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) {
      return;
    }
    ASSERT_NO_FATAL_FAILURE(exec_script("CREATE TABLE w (k BIGINT PRIMARY KEY)"));
    writer_ = std::make_unique<storage::Writer>(*db_, &metrics_);
  }

  Metrics metrics_;
  std::unique_ptr<storage::Writer> writer_;
  asio::io_context ioc_;
};

LW_ENGINE_SUITE(CommitTest);

TEST_P(CommitTest, ResumesOnItsOwnThreadOnceTheWriteIsDurable) {
  Seen seen;
  run(ioc_, commit_and_look(*writer_, *db_, 1, seen));
  EXPECT_TRUE(seen.status.ok());
  EXPECT_TRUE(seen.visible);
  EXPECT_EQ(seen.resumed_on, std::this_thread::get_id());
}

TEST_P(CommitTest, TheJobRunsOnTheWriterThread) {
  std::thread::id ran_on;
  storage::Writer::Job job = [&ran_on](storage::Connection&) {
    ran_on = std::this_thread::get_id();
    return Status{};
  };
  Status st;
  run(ioc_, commit_job(*writer_, std::move(job), st));
  EXPECT_TRUE(st.ok());
  EXPECT_NE(ran_on, std::thread::id{});
  EXPECT_NE(ran_on, std::this_thread::get_id());
}

TEST_P(CommitTest, TheIoThreadStaysFreeWhileTheWriteWaits) {
  // The job waits for a handler that only the io_context's (single) thread can run.
  std::promise<void> released;
  auto released_future = released.get_future();
  storage::Writer::Job job = [&released_future](storage::Connection&) -> Status {
    if (released_future.wait_for(10s) != std::future_status::ready) {
      return Error(std::string(errc::internal), "the io thread was blocked");
    }
    return {};
  };
  Status st;
  asio::co_spawn(ioc_, commit_job(*writer_, std::move(job), st), [](const std::exception_ptr&) {});
  asio::post(ioc_, [&released] { released.set_value(); });
  ioc_.run();
  EXPECT_TRUE(st.ok()) << st.error().note;
}

TEST_P(CommitTest, ErrorsOfTheWriteComeBackAsValues) {
  Status first, dup, boom;
  run(ioc_, commit_job(*writer_, insert(1), first));
  run(ioc_, commit_job(*writer_, insert(1), dup));
  storage::Writer::Job throws = [](storage::Connection&) -> Status {
    throw std::runtime_error("bug");
  };
  run(ioc_, commit_job(*writer_, std::move(throws), boom));
  EXPECT_TRUE(first.ok());
  ASSERT_FALSE(dup.ok());
  EXPECT_EQ(dup.error().code, errc::conflict);
  ASSERT_FALSE(boom.ok());
  EXPECT_EQ(boom.error().code, errc::internal);
}

TEST_P(CommitTest, ManyCoroutinesOnOneThreadAllCommit) {
  constexpr int kN = 100;
  std::vector<Seen> seen(kN);
  int finished = 0;
  for (int i = 0; i < kN; ++i) {
    asio::co_spawn(ioc_, commit_and_look(*writer_, *db_, i, seen[static_cast<std::size_t>(i)]),
                   [&finished](const std::exception_ptr& e) { finished += e ? 0 : 1; });
  }
  ioc_.run();
  EXPECT_EQ(finished, kN);
  for (int i = 0; i < kN; ++i) {
    EXPECT_TRUE(seen[static_cast<std::size_t>(i)].status.ok()) << i;
    EXPECT_TRUE(seen[static_cast<std::size_t>(i)].visible) << i;
  }
}

TEST_P(CommitTest, AfterStopTheWriteFailsWithShuttingDown) {
  writer_->stop();
  Status st;
  run(ioc_, commit_job(*writer_, insert(1), st));
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.error().code, errc::shutting_down);
}

}  // namespace
}  // namespace lw::service
