#pragma once
// Housekeeping (数据清理): deletes the rows nothing needs any more, on a timer of the server
// (`--housekeeping-minutes`) and by `labwatch housekeeping`:
//   - browser sessions a week after they ended (logout, password change) or expired (idle or
//     absolute limit): the audit trail keeps who signed in and out, the rows are not evidence;
//   - idempotency keys 48 h after they were claimed (promised: at least 24 h).
// Deletes go through the group-commit writer in bounded batches, so a backlog never holds other
// writes up behind one long statement. The audit trail is never touched. Rate-limit windows and
// request nonces clean up after themselves (service/rate_limiter.hpp, identity/lab_keys.hpp).
//
// It lives in app, not service: it needs the identity repository, which builds on service.
#include <chrono>
#include <cstdint>

#include "core/clock.hpp"
#include "core/result.hpp"
#include "core/task.hpp"
#include "identity/identity.hpp"
#include "storage/writer.hpp"

namespace lw::app {

/// Idempotency keys are kept at least this long, whatever the policy says: a client may retry
/// a day later (the requirement; the API manual promises it).
inline constexpr std::chrono::seconds kMinIdempotencyRetention = std::chrono::hours(24);

/// The policy values. One struct, so that a deployment or a test changes them in one place.
struct HousekeepingPolicy {
  /// How often the server runs it; zero: never (run `labwatch housekeeping` from cron).
  std::chrono::minutes every{10};
  /// A session is deleted this long after it ended or expired.
  std::chrono::seconds session_retention = std::chrono::days(7);
  /// An idempotency key is deleted this long after it was claimed; never less than
  /// kMinIdempotencyRetention.
  std::chrono::seconds idempotency_retention = std::chrono::hours(48);
  /// Rows deleted per write.
  std::int64_t batch = 1000;
};

/// What one run deleted.
struct HousekeepingCounts {
  std::int64_t sessions = 0;
  std::int64_t idempotency_keys = 0;
};

class Housekeeping {
 public:
  /// `auth`: the session limits in force (a session expires by them).
  Housekeeping(storage::Writer& writer, const Clock& clock, const identity::AuthPolicy& auth,
               HousekeepingPolicy policy = {});

  /// Deletes what is due at the clock's now; returns how many rows of each kind. On an error
  /// the batches already written stay deleted.
  Task<Result<HousekeepingCounts>> run();
  /// run(), logging the counts when anything was deleted and a warning when it failed (the
  /// server's timer).
  Task<void> run_and_log();

  const HousekeepingPolicy& policy() const { return policy_; }

 private:
  storage::Writer& writer_;
  const Clock& clock_;
  identity::AuthPolicy auth_;
  HousekeepingPolicy policy_;
};

}  // namespace lw::app
