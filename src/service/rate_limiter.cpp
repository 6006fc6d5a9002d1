#include "service/rate_limiter.hpp"

#include <arpa/inet.h>

#include <algorithm>
#include <array>
#include <cstring>

#include <boost/json.hpp>

#include "core/log.hpp"
#include "service/commit.hpp"
#include "storage/rate_limits.hpp"

namespace lw::service {
namespace {

constexpr std::string_view kLoginPerAccount = "login_per_account";
constexpr std::string_view kLoginPerAddress = "login_per_address";
constexpr std::string_view kPublicPerAddress = "public_per_address";

// The start of the window holding `now`: windows are aligned to the epoch.
Instant window_start(Instant now, std::chrono::seconds window) {
  const std::int64_t w = std::chrono::duration_cast<Micros>(window).count();
  const std::int64_t t = to_micros(now);
  return from_micros(t - (((t % w) + w) % w));
}

Instant window_end(Instant now, std::chrono::seconds window) {
  return window_start(now, window) + std::chrono::duration_cast<Micros>(window);
}

}  // namespace

Error rate_limited_error(std::string_view limit, const RateLimit& rule, Instant until,
                         Instant now) {
  const std::int64_t seconds =
      std::max<std::int64_t>(1, std::chrono::ceil<std::chrono::seconds>(until - now).count());
  return Error(std::string(errc::rate_limited),
               std::string(limit) + ": more than " + std::to_string(rule.max_requests) + " in " +
                   std::to_string(rule.window.count()) + " s",
               {{"limit", limit},
                {"max_requests", rule.max_requests},
                {"window_seconds", rule.window.count()},
                {"retry_after_seconds", seconds}});
}

std::string address_key(std::string_view address) {
  if (address.empty()) {
    return "unknown";
  }
  std::string text(address);
  std::array<unsigned char, 16> v6{};
  if (address.find(':') == std::string_view::npos ||
      inet_pton(AF_INET6, text.c_str(), v6.data()) != 1) {
    return text;  // IPv4, or something we do not parse (kept whole)
  }
  constexpr std::array<unsigned char, 12> kMappedPrefix{0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
  char out[INET6_ADDRSTRLEN] = {};
  if (std::equal(kMappedPrefix.begin(), kMappedPrefix.end(), v6.begin())) {
    return inet_ntop(AF_INET, v6.data() + 12, out, sizeof out) ? std::string(out) : text;
  }
  std::fill(v6.begin() + 8, v6.end(), 0);
  return inet_ntop(AF_INET6, v6.data(), out, sizeof out) ? std::string(out) + "/64" : text;
}

RateLimiter::RateLimiter(storage::Writer& writer, const Clock& clock, const Auditor& auditor,
                         RateLimitPolicy policy)
    : writer_(writer), clock_(clock), auditor_(auditor), policy_(policy) {}

Task<Status> RateLimiter::login_attempt(std::string login, Caller caller) {
  std::vector<Bucket> buckets;
  if (!login.empty()) {
    buckets.push_back({"login_account:" + login, kLoginPerAccount, policy_.login_per_account});
  }
  buckets.push_back({"login_address:" + address_key(caller.source_ip), kLoginPerAddress,
                     policy_.login_per_address});
  const LoginAudit audit{std::move(login), std::move(caller)};
  co_return co_await hit(std::move(buckets), &audit);
}

Task<Status> RateLimiter::public_request(std::string address) {
  std::vector<Bucket> buckets;
  buckets.push_back(
      {"public_address:" + address_key(address), kPublicPerAddress, policy_.public_per_address});
  if (hit_without_waiting(buckets.front())) {
    co_return Status{};
  }
  co_return co_await hit(std::move(buckets), nullptr);
}

bool RateLimiter::sweep_due(Instant now) {
  std::int64_t due = next_sweep_.load();
  const std::int64_t t = to_micros(now);
  return t >= due && next_sweep_.compare_exchange_strong(
                         due, t + std::chrono::duration_cast<Micros>(policy_.sweep_every).count());
}

bool RateLimiter::hit_without_waiting(const Bucket& b) {
  const Instant now = clock_.now();
  const Instant end = window_end(now, b.rule.window);
  // Up to three quarters of the allowance; the rest waits for the database's count.
  const std::int64_t ceiling = b.rule.max_requests - b.rule.max_requests / 4;
  std::lock_guard lock(state_->mu);
  const auto it = state_->seen.find(b.key);
  if (it == state_->seen.end() || it->second.window_end != end ||
      it->second.known + it->second.pending + 1 > ceiling) {
    return false;
  }
  ++it->second.pending;
  ++it->second.unsent;
  return true;
}

Task<void> RateLimiter::flush() {
  write_unsent_hits(nullptr, true, clock_.now());
  co_return;
}

void RateLimiter::write_unsent_hits(const std::vector<Bucket>* only, bool may_sweep, Instant now) {
  std::vector<std::pair<std::string, Seen>> due;
  {
    std::lock_guard lock(state_->mu);
    const auto take = [&](const std::string& key, Seen& s) {
      if (s.unsent > 0 && !s.queued && s.window_end > now) {
        s.queued = true;
        due.emplace_back(key, s);
      }
    };
    if (only == nullptr) {
      for (auto& [key, s] : state_->seen) {
        take(key, s);
      }
    } else {
      for (const auto& b : *only) {
        if (const auto it = state_->seen.find(b.key); it != state_->seen.end()) {
          take(it->first, it->second);
        }
      }
    }
  }
  bool sweep = may_sweep && !due.empty() && sweep_due(now);
  for (const auto& [key, s] : due) {
    write_unsent(key, s.window_start, s.window_end, sweep, now);
    sweep = false;
  }
}

void RateLimiter::write_unsent(const std::string& key, Instant start, Instant end, bool sweep,
                               Instant now) {
  // Shared by the job (which may run twice: it takes the hits once) and its completion.
  auto taken = std::make_shared<std::int64_t>(-1);  // -1: the job has not run
  auto answered = std::make_shared<std::int64_t>(0);
  storage::Writer::Job job = [state = state_, key, start, end, sweep, now, taken,
                              answered](storage::Connection& conn) -> Status {
    if (*taken < 0) {
      std::lock_guard lock(state->mu);
      const auto it = state->seen.find(key);
      const bool same = it != state->seen.end() && it->second.window_end == end;
      *taken = same ? it->second.unsent : 0;
      if (same) {
        it->second.unsent = 0;
      }
    }
    if (*taken > 0) {
      auto n = storage::count_rate_limit_hits(conn, key, start, end, *taken);
      if (!n) {
        return std::move(n).error();
      }
      *answered = *n;
    }
    if (sweep) {
      LW_TRY(storage::forget_ended_rate_limit_windows(conn, now));
    }
    return {};
  };
  storage::Writer::Done done = [state = state_, key, end, taken, answered](const Status& st) {
    std::lock_guard lock(state->mu);
    const auto it = state->seen.find(key);
    if (it == state->seen.end() || it->second.window_end != end) {
      return;  // forgotten, or a later window by now: these hits no longer matter
    }
    Seen& s = it->second;
    s.queued = false;
    if (*taken < 0) {  // never ran (the writer is stopping): the unsent hits are lost
      *taken = s.unsent;
      s.unsent = 0;
    }
    s.pending = std::max<std::int64_t>(0, s.pending - *taken);
    if (st.ok()) {
      s.known = std::max(s.known, *answered);
    }
  };
  writer_.submit(std::move(job), std::move(done));
}

Task<Status> RateLimiter::hit(std::vector<Bucket> buckets, const LoginAudit* audit) {
  const Instant now = clock_.now();
  {
    // A bucket seen exhausted stays so until its window ends: refuse without a write.
    std::lock_guard lock(state_->mu);
    for (const auto& b : buckets) {
      const auto it = state_->seen.find(b.key);
      if (it != state_->seen.end() && it->second.window_end > now &&
          it->second.known > b.rule.max_requests) {
        co_return rate_limited_error(b.limit, b.rule, it->second.window_end, now);
      }
    }
  }
  // Hits of these buckets counted without waiting go first, so that this count includes them.
  write_unsent_hits(&buckets, false, now);
  const bool sweep = sweep_due(now);
  std::vector<std::int64_t> hits(buckets.size(), 0);
  std::vector<std::string_view> first_refused;  // limits this hit exceeded first in the window
  storage::Writer::Job job = [&](storage::Connection& conn) -> Status {
    // Every run sets everything it reports: a job may run twice.
    first_refused.clear();
    for (std::size_t i = 0; i < buckets.size(); ++i) {
      const Bucket& b = buckets[i];
      auto n = storage::count_rate_limit_hits(conn, b.key, window_start(now, b.rule.window),
                                              window_end(now, b.rule.window));
      if (!n) {
        return std::move(n).error();
      }
      hits[i] = *n;
      if (*n == b.rule.max_requests + 1) {
        first_refused.push_back(b.limit);
      }
    }
    if (sweep) {
      LW_TRY(storage::forget_ended_rate_limit_windows(conn, now));
    }
    if (audit == nullptr || first_refused.empty()) {
      return {};
    }
    // Once per window and bucket, in the same write as the hit that exceeded the limit.
    boost::json::array limits;
    for (auto l : first_refused) {
      limits.emplace_back(l);
    }
    const bool account = std::find(first_refused.begin(), first_refused.end(), kLoginPerAccount) !=
                         first_refused.end();
    const std::string target =
        account ? "user/" + audit->login : "address/" + address_key(audit->caller.source_ip);
    const boost::json::object details{{"login", audit->login}, {"limits", std::move(limits)}};
    return auditor_.record(conn, audit->caller, now, "auth.login", target,
                           boost::json::serialize(details), std::string(errc::rate_limited));
  };
  auto st = co_await commit(writer_, std::move(job));
  if (!st) {
    if (sweep) {
      next_sweep_ = 0;  // try again with the next hit
    }
    co_return st;
  }
  // Learn the counts; refuse on the exhausted bucket whose window ends last (nothing passes
  // before then).
  const Bucket* refusing = nullptr;
  Instant until{};
  bool newly_exhausted = false;
  {
    std::lock_guard lock(state_->mu);
    auto& seen = state_->seen;
    for (std::size_t i = 0; i < buckets.size(); ++i) {
      const Bucket& b = buckets[i];
      const Instant end = window_end(now, b.rule.window);
      auto it = seen.find(b.key);
      if (it == seen.end()) {
        if (seen.size() >= policy_.max_remembered) {
          std::erase_if(seen, [now](const auto& e) { return e.second.window_end <= now; });
          if (seen.size() >= policy_.max_remembered) {
            seen.clear();
          }
        }
        it = seen.emplace(b.key, Seen{window_start(now, b.rule.window), end}).first;
      } else if (it->second.window_end != end) {
        it->second = Seen{window_start(now, b.rule.window), end};
      }
      Seen& known = it->second;
      const bool was_exhausted = known.known > b.rule.max_requests;
      known.known = std::max(known.known, hits[i]);
      if (hits[i] <= b.rule.max_requests) {
        continue;
      }
      newly_exhausted = newly_exhausted || !was_exhausted;
      if (refusing == nullptr || end > until) {
        refusing = &b;
        until = end;
      }
    }
  }
  if (refusing == nullptr) {
    co_return Status{};
  }
  if (audit == nullptr && newly_exhausted) {
    log::warn(
        "rate_limited",
        {{"bucket", refusing->key}, {"limit", refusing->limit}, {"until", format_utc(until)}});
  }
  co_return rate_limited_error(refusing->limit, refusing->rule, until, now);
}

}  // namespace lw::service
