#pragma once
// Repository of users and browser sessions. Counters and one-time values change in one
// statement each (no read-modify-write), so several server instances may share the tables.
// TOTP secrets come and go sealed (User::totp_secret_sealed): this layer never sees them open.
#include <optional>
#include <string_view>

#include <vector>

#include "domain/scope.hpp"
#include "identity/identity.hpp"
#include "storage/sql.hpp"

namespace lw::identity {

/// Inserts `user` and sets its id; a login already taken is errc::conflict.
Status insert_user(storage::Connection& conn, User& user);
Result<std::optional<User>> find_user_by_login(storage::Connection& conn, std::string_view login);
Result<std::optional<User>> find_user(storage::Connection& conn, std::int64_t id);
Result<std::int64_t> count_users(storage::Connection& conn);

struct FailureCount {
  int failed_attempts = 0;  // after this failure; 0 again when it locked the account
  std::optional<Instant> locked_until;
};

/// Counts one failed login of `user_id`. The `max_failures`-th consecutive failure locks the
/// account until `lock_until` and starts the count again.
Result<FailureCount> record_login_failure(storage::Connection& conn, std::int64_t user_id,
                                          int max_failures, Instant lock_until);

/// Clears the failure count of a successful login and, with `totp_step`, records the step as
/// used. False (nothing changed) when the account is locked at `now` or the step is not newer
/// than the last one used: a concurrent login got there first.
Result<bool> record_login_success(storage::Connection& conn, std::int64_t user_id, Instant now,
                                  std::optional<std::int64_t> totp_step);

/// Stores a new password hash changed at `changed_at`.
Status set_password(storage::Connection& conn, std::int64_t user_id, const std::string& hash,
                    Instant changed_at, bool must_change);

/// Inserts `session` and sets its id.
Status insert_session(storage::Connection& conn, Session& session);

struct SessionWithUser {
  Session session;
  User user;
};

/// The session of `token_hash` with its user, in one indexed query; whatever its state.
Result<std::optional<SessionWithUser>> find_session(storage::Connection& conn,
                                                    std::string_view token_hash);
/// Moves the session's last_seen forward to `at` (never back).
Status touch_session(storage::Connection& conn, std::int64_t session_id, Instant at);
/// Ends the session at `at`; false when it had already ended.
Result<bool> end_session(storage::Connection& conn, std::int64_t session_id, Instant at,
                         std::string_view reason);
/// Ends every open session of `user_id` but `keep_session_id`; returns how many.
Result<std::int64_t> end_other_sessions(storage::Connection& conn, std::int64_t user_id,
                                        std::int64_t keep_session_id, Instant at,
                                        std::string_view reason);
/// Deletes at most `limit` sessions that could no longer be used before `before`: ended before
/// it, or expired before it by the idle or the absolute limit of `policy`. Returns how many.
/// (Housekeeping: the audit trail keeps what happened to them.)
Result<std::int64_t> delete_sessions_over_before(storage::Connection& conn, Instant before,
                                                 const AuthPolicy& policy, std::int64_t limit);

// Account administration. Reads take the caller's account scope (identity/access.hpp): users
// outside it are not found.
struct UserFilter {
  std::optional<Role> role;
  std::string text;  // part of the login or display name
  int limit = 200;
};
Result<std::vector<User>> list_users(storage::Connection& conn, const domain::Scope& scope,
                                     const UserFilter& filter);
Result<std::optional<User>> find_user_in(storage::Connection& conn, const domain::Scope& scope,
                                         std::int64_t id);
Status update_profile(storage::Connection& conn, std::int64_t user_id,
                      const std::string& display_name, bool disabled);
Status set_role(storage::Connection& conn, std::int64_t user_id, Role role,
                const std::optional<std::string>& region_code,
                const std::optional<std::string>& lab_code);
/// Clears the failure count and any lock.
Status unlock_user(storage::Connection& conn, std::int64_t user_id);
/// Keeps a secret being enrolled, `sealed` (identity/totp_secrets.hpp), until a code confirms it.
Status set_totp_pending(storage::Connection& conn, std::int64_t user_id, const std::string& sealed);
/// Makes the pending secret the user's (still sealed, unchanged), with `step` as used; false when
/// the pending value is no longer `pending_sealed` (a newer enrolment replaced it).
Result<bool> activate_totp(storage::Connection& conn, std::int64_t user_id,
                           const std::string& pending_sealed, std::int64_t step);

}  // namespace lw::identity
