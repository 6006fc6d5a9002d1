#include "storage/writer.hpp"

#include <algorithm>

#include "core/log.hpp"
#include "core/metrics.hpp"

namespace lw::storage {

Writer::Writer(Database& db, Metrics* metrics, Options options)
    : db_(db), metrics_(metrics), options_(options), thread_([this] { run(); }) {}

Writer::~Writer() {
  stop();
}

void Writer::submit(Job job, Done done) {
  {
    std::lock_guard lock(mu_);
    if (!stopping_) {
      queue_.push_back({std::move(job), std::move(done)});
      cv_.notify_one();
      return;
    }
  }
  done(Error(std::string(errc::shutting_down), "writer stopped"));
}

void Writer::stop() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
    cv_.notify_one();
  }
  if (thread_.joinable()) {
    thread_.join();
  }
}

void Writer::run() {
  for (;;) {
    std::deque<Pending> batch;
    {
      std::unique_lock lock(mu_);
      cv_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
      if (queue_.empty()) {
        return;  // stopping and drained
      }
      const std::size_t n = std::min(queue_.size(), options_.max_batch);
      for (std::size_t i = 0; i < n; ++i) {
        batch.push_back(std::move(queue_.front()));
        queue_.pop_front();
      }
    }
    commit_batch(batch);
  }
}

Status Writer::ensure_connection() {
  if (conn_) {
    return {};
  }
  auto conn = db_.connect();
  if (!conn) {
    return std::move(conn).error();
  }
  conn_ = std::move(*conn);
  return {};
}

Status Writer::run_one(Job& job) {
  Status outcome;
  try {
    outcome = job(*conn_);
  } catch (const std::exception& ex) {  // a bug in one write must not stop the writer
    outcome = Error(std::string(errc::internal), ex.what());
  } catch (...) {
    outcome = Error(std::string(errc::internal), "write threw a non-standard exception");
  }
  if (outcome.ok() && conn_->transaction_failed()) {
    // A statement failed but the write carried on: on PostgreSQL nothing after it can run.
    // Refuse this write alone; use ON CONFLICT for duplicates that are fine.
    outcome = Error(std::string(errc::conflict), "a statement of this write failed");
  }
  return outcome;
}

Status Writer::run_jobs(std::deque<Pending>& batch, std::vector<Status>& outcomes,
                        bool savepoints) {
  for (std::size_t i = 0; i < batch.size(); ++i) {
    if (savepoints) {
      LW_TRY(conn_->exec("SAVEPOINT lw_write"));
    }
    outcomes[i] = run_one(batch[i].job);
    if (!savepoints && !outcomes[i].ok()) {
      return {};  // the caller runs the batch again, each write in a savepoint
    }
    if (savepoints && !outcomes[i].ok()) {
      LW_TRY(conn_->exec("ROLLBACK TO SAVEPOINT lw_write"));
    }
    if (savepoints) {
      LW_TRY(conn_->exec("RELEASE SAVEPOINT lw_write"));
    }
  }
  return {};
}

void Writer::commit_batch(std::deque<Pending>& batch) {
  std::vector<Status> outcomes(batch.size());
  auto fail_all = [&](const Error& e) {
    log::error("commit_failed", {{"code", e.code}, {"note", e.note}, {"writes", batch.size()}});
    if (metrics_) {
      metrics_->db_errors.inc({std::string(engine_name(db_.engine())), "commit"});
    }
    if (conn_) {
      (void)conn_->exec("ROLLBACK");
    }
    conn_.reset();  // reconnect for the next batch
    for (auto& p : batch) {
      p.done(Error(std::string(errc::storage_unavailable), e.note));
    }
  };
  const char* begin = db_.engine() == Engine::sqlite ? "BEGIN IMMEDIATE" : "BEGIN";
  auto attempt = [&](bool savepoints) -> Status {
    LW_TRY(conn_->exec(begin));
    return run_jobs(batch, outcomes, savepoints);
  };

  if (auto st = ensure_connection(); !st) {
    return fail_all(st.error());
  }
  // Fast path: the whole batch in one transaction without savepoints. Writes are rarely
  // refused (input is validated before it reaches the writer); when one is, the batch is
  // rolled back and run again with a savepoint around each write, so only that one is undone.
  Status st = attempt(false);
  const bool refused =
      std::any_of(outcomes.begin(), outcomes.end(), [](const Status& o) { return !o.ok(); });
  if (st.ok() && refused) {
    st = conn_->exec("ROLLBACK").ok()
             ? attempt(true)
             : Status(Error(std::string(errc::storage_unavailable), "rollback failed"));
  }
  if (st.ok()) {
    if (auto c = conn_->exec("COMMIT"); !c) {
      st = std::move(c).error();
    }
  }
  if (!st.ok()) {
    return fail_all(st.error());
  }
  db_.note_commit();  // before any write is acknowledged: snapshot reads see it from now on
  if (metrics_) {
    metrics_->commit_batch.observe({}, static_cast<double>(batch.size()));
  }
  for (std::size_t i = 0; i < batch.size(); ++i) {
    batch[i].done(std::move(outcomes[i]));
  }
}

}  // namespace lw::storage
