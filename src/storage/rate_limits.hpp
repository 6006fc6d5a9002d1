#pragma once
// Repository of rate-limit counters (限流计数): hits per bucket and fixed window, shared by every
// server instance of a deployment (service/rate_limiter.hpp decides what they mean).
#include <cstdint>
#include <string>

#include "core/clock.hpp"
#include "storage/sql.hpp"

namespace lw::storage {

/// Counts `hits` hits of `bucket` in the window [window_start, window_end) and returns the
/// window's hits, these included. One atomic upsert: concurrent writers on any instance never
/// lose a hit.
Result<std::int64_t> count_rate_limit_hits(Connection& conn, const std::string& bucket,
                                           Instant window_start, Instant window_end,
                                           std::int64_t hits = 1);
/// The hits of `bucket` in the window starting at `window_start` (0 when none were counted).
Result<std::int64_t> rate_limit_hits(Connection& conn, const std::string& bucket,
                                     Instant window_start);
/// Deletes every window that ended at or before `now`; returns how many.
Result<std::int64_t> forget_ended_rate_limit_windows(Connection& conn, Instant now);

}  // namespace lw::storage
