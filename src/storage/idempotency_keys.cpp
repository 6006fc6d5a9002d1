#include "storage/idempotency_keys.hpp"

namespace lw::storage {

Result<std::optional<IdempotencyRecord>> claim_idempotency_key(Connection& conn,
                                                               const IdempotencyRecord& claim) {
  auto inserted = conn.exec(
      "INSERT INTO idempotency_keys (scope, idem_key, request_hash, state, claimed_at)"
      " VALUES ($1, $2, $3, 0, $4) ON CONFLICT (scope, idem_key) DO NOTHING",
      params({claim.scope, claim.key, claim.request_hash, to_micros(claim.claimed_at)}));
  if (!inserted) {
    return std::move(inserted).error();
  }
  if (*inserted == 1) {
    return std::optional<IdempotencyRecord>{};
  }
  auto rows = conn.query(
      "SELECT request_hash, state, claimed_at, status, content_type, location, body"
      " FROM idempotency_keys WHERE scope = $1 AND idem_key = $2",
      params({claim.scope, claim.key}));
  if (!rows) {
    return std::move(rows).error();
  }
  if (rows->empty()) {
    return Error(std::string(errc::conflict), "idempotency key vanished");
  }
  const Row& r = rows->front();
  IdempotencyRecord held{claim.scope,
                         claim.key,
                         r.text(0),
                         r.int64(1) == 1,
                         from_micros(r.int64(2)),
                         static_cast<int>(r.int64(3)),
                         r.text(4),
                         r.text(5),
                         r.text(6)};
  return std::optional(std::move(held));
}

Result<bool> retake_idempotency_key(Connection& conn, const IdempotencyRecord& claim,
                                    Instant stale_claimed_at) {
  auto n = conn.exec(
      "UPDATE idempotency_keys SET claimed_at = $1 WHERE scope = $2 AND idem_key = $3"
      " AND state = 0 AND claimed_at = $4",
      params({to_micros(claim.claimed_at), claim.scope, claim.key, to_micros(stale_claimed_at)}));
  if (!n) {
    return std::move(n).error();
  }
  return *n == 1;
}

Status answer_idempotency_key(Connection& conn, const IdempotencyRecord& a) {
  LW_TRY(conn.exec(
      "UPDATE idempotency_keys SET state = 1, status = $1, content_type = $2, location = $3,"
      " body = $4 WHERE scope = $5 AND idem_key = $6",
      params({std::int64_t{a.status}, a.content_type, a.location, a.body, a.scope, a.key})));
  return {};
}

Status release_idempotency_key(Connection& conn, const std::string& scope, const std::string& key) {
  LW_TRY(conn.exec("DELETE FROM idempotency_keys WHERE scope = $1 AND idem_key = $2 AND state = 0",
                   params({scope, key})));
  return {};
}

Result<std::int64_t> delete_idempotency_keys_claimed_before(Connection& conn,
                                                            Instant claimed_before,
                                                            std::int64_t limit) {
  // A retaken claim has a newer claimed_at than its first claim: it is kept the longer.
  return conn.exec(
      "DELETE FROM idempotency_keys WHERE (scope, idem_key) IN (SELECT scope, idem_key"
      " FROM idempotency_keys WHERE claimed_at < $1 LIMIT $2)",
      params({to_micros(claimed_before), limit}));
}

}  // namespace lw::storage
