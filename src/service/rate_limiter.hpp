#pragma once
// Rate limits (限流, issue 3 item 7): sign-in attempts per account and per client address, and
// anonymous API requests per client address. Hits are counted in fixed windows aligned to the
// epoch, in the shared database (storage/rate_limits.hpp) through the group-commit writer, so a
// limit holds across every server instance of a deployment.
//
// Sign-in attempts wait for their count (exact on every instance; Argon2 costs far more). An
// anonymous request waits only for the first hit of its bucket and window on this instance and
// for the last quarter of the allowance; below that it is counted without waiting, from what
// the database last answered this instance plus its hits still on their way. Hits counted
// without waiting are written together: every `flush_every` (the server's timer calls flush()),
// one write per bucket, and before any hit of their bucket that waits. Another instance sees
// them within that period and one commit, so a limit is exact where it matters: near it. A
// bucket this instance saw exhausted is refused from memory until its window ends: past the
// limit a flood costs no write at all.
#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/clock.hpp"
#include "core/task.hpp"
#include "service/auditor.hpp"
#include "storage/writer.hpp"

namespace lw::service {

/// At most `max_requests` in each window of `window`. Windows are aligned to the epoch, so every
/// instance agrees where one starts; a client may spend a whole allowance at the end of one
/// window and again at the start of the next.
struct RateLimit {
  std::int64_t max_requests = 1;
  std::chrono::seconds window{60};
};

/// The policy values (README, "Rate limits"). One struct, so that a deployment or a test changes
/// them in one place.
struct RateLimitPolicy {
  /// Sign-in attempts naming one account, from any address: bounds guessing on one account
  /// spread over many addresses (the lockout counts consecutive failures only) and the damage
  /// an attacker can do by locking it. A person who mistypes stays far below it.
  RateLimit login_per_account{10, std::chrono::minutes(5)};
  /// Sign-in attempts from one client address, any account: bounds guessing across accounts and
  /// the Argon2 work (~0.1 s of a core each) one address can cause. An office of people
  /// signing in behind one NAT address at the start of the day stays below it.
  RateLimit login_per_address{30, std::chrono::minutes(1)};
  /// Requests to /api/ from one client address that are neither signed in nor signed by a lab
  /// key (sign-in has its own limits above; /healthz, /readyz and /metrics none). Generous,
  /// because carrier-grade NAT puts many people behind one address: it stops floods and
  /// scrapers, not people.
  RateLimit public_per_address{300, std::chrono::minutes(1)};
  /// How often an instance writes the hits it counted without waiting (one write per bucket):
  /// a steady stream of anonymous requests costs a commit per bucket and period, not one per
  /// request (or per writer commit).
  std::chrono::milliseconds flush_every{100};
  /// How often an instance deletes the windows that have ended.
  std::chrono::seconds sweep_every{60};
  /// At most this many buckets are remembered per instance; past that the ended windows are
  /// forgotten, then all (the database still counts them: a forgotten bucket costs a wait).
  std::size_t max_remembered = 10'000;
};

class RateLimiter {
 public:
  RateLimiter(storage::Writer& writer, const Clock& clock, const Auditor& auditor,
              RateLimitPolicy policy = {});

  /// Counts one sign-in attempt naming `login` (normalised; empty when the request names no
  /// valid login: then only the address counts) from `caller.source_ip`. Error rate_limited
  /// when either limit is exhausted. The attempt that first exceeds a limit in a window writes
  /// an audit row (auth.login, outcome rate_limited); later refusals in that window do not, so
  /// that a flood cannot flood the trail.
  Task<Status> login_attempt(std::string login, Caller caller);
  /// Counts one anonymous API request from `address` (http::Request::peer). Error
  /// rate_limited when public_per_address is exhausted; the first refusal of a window on this
  /// instance is logged.
  Task<Status> public_request(std::string address);
  /// Writes the hits counted without waiting, one write per bucket (the server calls it every
  /// flush_every; hits not written when an instance stops are lost, which only lets a few more
  /// requests through).
  Task<void> flush();

  const RateLimitPolicy& policy() const { return policy_; }

 private:
  struct Bucket {
    std::string key;         // e.g. login_address:203.0.113.7
    std::string_view limit;  // the limit's name in errors and audit rows
    RateLimit rule;
  };
  struct LoginAudit {
    std::string login;
    Caller caller;
  };
  /// What this instance knows of a bucket's current window.
  struct Seen {
    Instant window_start{};
    Instant window_end{};
    std::int64_t known = 0;    // the window's hits as the database last answered
    std::int64_t pending = 0;  // hits counted without waiting, not yet answered
    std::int64_t unsent = 0;   // of those, the ones no queued write has taken yet
    bool queued = false;       // a write of this bucket's unsent hits is queued
  };
  /// Shared with the writer's callbacks, which may outlive a request.
  struct State {
    std::mutex mu;
    std::unordered_map<std::string, Seen> seen;
  };
  /// Queues write_unsent() for each bucket of `only` (every bucket when null) that has hits
  /// unsent and no write queued; the first write also sweeps when `may_sweep` and one is due.
  void write_unsent_hits(const std::vector<Bucket>* only, bool may_sweep, Instant now);
  /// Queues one write of whatever hits of `key` are unsent when it runs.
  void write_unsent(const std::string& key, Instant start, Instant end, bool sweep, Instant now);
  /// Counts one hit in every bucket (in one write), waits for the counts and refuses when any
  /// bucket is exhausted.
  Task<Status> hit(std::vector<Bucket> buckets, const LoginAudit* audit);
  /// Counts one hit of `bucket` without waiting when this instance knows it is well below its
  /// limit; false when the caller must wait (hit()).
  bool hit_without_waiting(const Bucket& bucket);
  bool sweep_due(Instant now);

  storage::Writer& writer_;
  const Clock& clock_;
  const Auditor& auditor_;
  RateLimitPolicy policy_;
  std::atomic<std::int64_t> next_sweep_{0};  // µs since epoch
  std::shared_ptr<State> state_ = std::make_shared<State>();
};

/// Error rate_limited for `limit` (its name) exhausted until `until`: details limit,
/// max_requests, window_seconds and retry_after_seconds (at least 1).
Error rate_limited_error(std::string_view limit, const RateLimit& rule, Instant until, Instant now);

/// The client address as buckets name it: IPv4 as it is, an IPv4-mapped IPv6 address as IPv4,
/// another IPv6 address by its /64 prefix (what one subscriber usually holds), "unknown" when
/// empty.
std::string address_key(std::string_view address);

}  // namespace lw::service
