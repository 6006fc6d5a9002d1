#include "storage/rate_limits.hpp"

namespace lw::storage {

Result<std::int64_t> count_rate_limit_hits(Connection& conn, const std::string& bucket,
                                           Instant window_start, Instant window_end,
                                           std::int64_t hits) {
  auto rows = conn.query(
      "INSERT INTO rate_limit_hits (bucket, window_start, window_end, hits) VALUES ($1, $2, $3, $4)"
      " ON CONFLICT (bucket, window_start) DO UPDATE SET hits = rate_limit_hits.hits + "
      "excluded.hits"
      " RETURNING hits",
      params({bucket, to_micros(window_start), to_micros(window_end), hits}));
  if (!rows) {
    return std::move(rows).error();
  }
  if (rows->size() != 1) {
    return Error(std::string(errc::internal), "rate limit upsert returned no row");
  }
  return rows->front().int64(0);
}

Result<std::int64_t> rate_limit_hits(Connection& conn, const std::string& bucket,
                                     Instant window_start) {
  auto rows = conn.query("SELECT hits FROM rate_limit_hits WHERE bucket = $1 AND window_start = $2",
                         params({bucket, to_micros(window_start)}));
  if (!rows) {
    return std::move(rows).error();
  }
  return rows->empty() ? 0 : rows->front().int64(0);
}

Result<std::int64_t> forget_ended_rate_limit_windows(Connection& conn, Instant now) {
  return conn.exec("DELETE FROM rate_limit_hits WHERE window_end <= $1", params({to_micros(now)}));
}

}  // namespace lw::storage
