#include "app/housekeeping.hpp"

#include <algorithm>
#include <functional>
#include <utility>

#include "core/log.hpp"
#include "identity/store.hpp"
#include "service/commit.hpp"
#include "storage/idempotency_keys.hpp"

namespace lw::app {
namespace {

// One delete of at most `limit` rows, returning how many.
using DeleteBatch = std::function<Result<std::int64_t>(storage::Connection&)>;

// Runs `batch` through the writer until it deletes fewer rows than `limit`; returns the total.
Task<Result<std::int64_t>> delete_all(storage::Writer& writer, DeleteBatch batch,
                                      std::int64_t limit) {
  std::int64_t total = 0;
  for (;;) {
    std::int64_t deleted = 0;
    // A job may run twice (its batch redone): it assigns, never adds.
    storage::Writer::Job job = [&batch, &deleted](storage::Connection& conn) -> Status {
      auto n = batch(conn);
      if (!n) {
        return std::move(n).error();
      }
      deleted = *n;
      return {};
    };
    const Status st = co_await service::commit(writer, std::move(job));
    if (!st) {
      co_return st.error();
    }
    total += deleted;
    if (deleted < limit) {
      co_return total;
    }
  }
}

}  // namespace

Housekeeping::Housekeeping(storage::Writer& writer, const Clock& clock,
                           const identity::AuthPolicy& auth, HousekeepingPolicy policy)
    : writer_(writer), clock_(clock), auth_(auth), policy_(policy) {
  policy_.batch = std::max<std::int64_t>(policy_.batch, 1);
  policy_.session_retention = std::max(policy_.session_retention, std::chrono::seconds(0));
  policy_.idempotency_retention = std::max(policy_.idempotency_retention, kMinIdempotencyRetention);
}

Task<Result<HousekeepingCounts>> Housekeeping::run() {
  const Instant now = clock_.now();
  const Instant sessions_over_before = now - policy_.session_retention;
  const Instant keys_claimed_before = now - policy_.idempotency_retention;
  const std::int64_t limit = policy_.batch;
  HousekeepingCounts counts;

  DeleteBatch sessions = [this, sessions_over_before, limit](storage::Connection& conn) {
    return identity::delete_sessions_over_before(conn, sessions_over_before, auth_, limit);
  };
  auto n = co_await delete_all(writer_, std::move(sessions), limit);
  if (!n) {
    co_return std::move(n).error();
  }
  counts.sessions = *n;

  DeleteBatch keys = [keys_claimed_before, limit](storage::Connection& conn) {
    return storage::delete_idempotency_keys_claimed_before(conn, keys_claimed_before, limit);
  };
  n = co_await delete_all(writer_, std::move(keys), limit);
  if (!n) {
    co_return std::move(n).error();
  }
  counts.idempotency_keys = *n;
  co_return counts;
}

Task<void> Housekeeping::run_and_log() {
  const Result<HousekeepingCounts> done = co_await run();
  if (!done) {
    log::warn("housekeeping_failed", {{"code", done.error().code}, {"note", done.error().note}});
    co_return;
  }
  if (done->sessions > 0 || done->idempotency_keys > 0) {
    log::info("housekeeping", {{"sessions_deleted", done->sessions},
                               {"idempotency_keys_deleted", done->idempotency_keys}});
  }
}

}  // namespace lw::app
