#pragma once
// Repository of idempotency keys.
#include <optional>
#include <string>

#include "core/clock.hpp"
#include "storage/sql.hpp"

namespace lw::storage {

struct IdempotencyRecord {
  std::string scope;
  std::string key;
  std::string request_hash;
  bool answered = false;
  Instant claimed_at{};
  int status = 0;
  std::string content_type;
  std::string location;
  std::string body;
};

/// Claims (scope, key) for a new request. Returns nullopt when claimed now, or the record that
/// already holds the key.
Result<std::optional<IdempotencyRecord>> claim_idempotency_key(Connection& conn,
                                                               const IdempotencyRecord& claim);
/// Takes over a claim left in flight since `stale_claimed_at` (its request died); false when
/// another request took it first.
Result<bool> retake_idempotency_key(Connection& conn, const IdempotencyRecord& claim,
                                    Instant stale_claimed_at);
/// Stores the answer of the request that holds the claim.
Status answer_idempotency_key(Connection& conn, const IdempotencyRecord& answered);
/// Gives a claim up (the request failed on the server's side: the client may retry).
Status release_idempotency_key(Connection& conn, const std::string& scope, const std::string& key);
/// Deletes at most `limit` keys claimed before `claimed_before`, answered or not; returns how
/// many. (Housekeeping: keys must be kept at least 24 h; the caller chooses the cut-off.)
Result<std::int64_t> delete_idempotency_keys_claimed_before(Connection& conn,
                                                            Instant claimed_before,
                                                            std::int64_t limit);

}  // namespace lw::storage
