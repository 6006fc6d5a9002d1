#pragma once
// Group commit: writes submitted concurrently are run together in one transaction on the
// writer's own connection and made durable with one commit (one fsync). A refused write does
// not undo its neighbours: the batch is then redone with a savepoint around each write. A write's
// completion is called only after its batch has committed: nothing is acknowledged before it is
// durable.
#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

#include "storage/database.hpp"

namespace lw {
struct Metrics;
}

namespace lw::storage {

class Writer {
 public:
  /// Runs inside the batch transaction; an error rolls back this write only. A job may run
  /// twice (when a neighbour is refused, the batch is rolled back and run again): it touches
  /// only the connection and its own results.
  using Job = std::function<Status(Connection&)>;
  /// Receives the write's outcome once durable (or failed); runs on the writer thread.
  using Done = std::function<void(Status)>;

  struct Options {
    std::size_t max_batch = 512;
  };

  Writer(Database& db, Metrics* metrics, Options options);
  Writer(Database& db, Metrics* metrics) : Writer(db, metrics, Options{}) {}
  ~Writer();
  Writer(const Writer&) = delete;
  Writer& operator=(const Writer&) = delete;

  /// Queues a write; `done` is always called exactly once.
  void submit(Job job, Done done);
  /// Commits everything queued, then stops; later submissions fail with shutting_down.
  void stop();

 private:
  struct Pending {
    Job job;
    Done done;
  };
  void run();
  void commit_batch(std::deque<Pending>& batch);
  Status run_jobs(std::deque<Pending>& batch, std::vector<Status>& outcomes, bool savepoints);
  Status run_one(Job& job);
  Status ensure_connection();

  Database& db_;
  Metrics* metrics_;
  Options options_;
  ConnectionPtr conn_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<Pending> queue_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace lw::storage
