#include "identity/store.hpp"

#include "storage/rows.hpp"
#include "storage/scope_sql.hpp"

#include <stdexcept>

namespace lw::identity {
namespace {

using storage::params;
using storage::Row;
using storage::Value;

constexpr std::string_view kUserColumns =
    "u.id, u.login, u.display_name, u.role, u.region_code, u.lab_code, u.password_hash,"
    " u.password_changed_at, u.must_change_password, u.failed_attempts, u.locked_until,"
    " u.totp_secret_sealed, u.totp_last_step, u.disabled, u.created_at, u.totp_pending_sealed";
constexpr std::size_t kUserColumnCount = 16;

constexpr std::string_view kSessionColumns =
    "s.id, s.user_id, s.token_hash, s.csrf_token, s.created_at, s.last_seen_at, s.ended_at,"
    " s.end_reason, s.source_ip, s.user_agent";

Value optional_text(const std::optional<std::string>& s) {
  return s ? Value(*s) : Value(nullptr);
}

std::optional<std::string> text_or_null(const Row& r, std::size_t i) {
  return r.is_null(i) ? std::nullopt : std::optional(r.text(i));
}

Value optional_bytes(const std::optional<std::string>& b) {
  return b ? Value(storage::Bytes{*b}) : Value(nullptr);
}

std::optional<std::string> bytes_or_null(const Row& r, std::size_t i) {
  return r.is_null(i) ? std::nullopt : std::optional(r.bytes(i));
}

User user_from_row(const Row& r, std::size_t at = 0) {
  User u;
  u.id = r.int64(at + 0);
  u.login = r.text(at + 1);
  u.display_name = r.text(at + 2);
  const auto role = parse_role(r.text(at + 3));
  if (!role) {
    // Only this code writes the column; anything else is a damaged row.
    throw std::runtime_error("user " + std::to_string(u.id) + " has unknown role " +
                             r.text(at + 3));
  }
  u.role = *role;
  u.region_code = text_or_null(r, at + 4);
  u.lab_code = text_or_null(r, at + 5);
  u.password_hash = r.text(at + 6);
  u.password_changed_at = from_micros(r.int64(at + 7));
  u.must_change_password = r.int64(at + 8) != 0;
  u.failed_attempts = static_cast<int>(r.int64(at + 9));
  u.locked_until = storage::instant_or_none(r, at + 10);
  u.totp_secret_sealed = bytes_or_null(r, at + 11);
  u.totp_last_step = r.is_null(at + 12) ? std::nullopt : std::optional(r.int64(at + 12));
  u.disabled = r.int64(at + 13) != 0;
  u.created_at = from_micros(r.int64(at + 14));
  u.totp_pending_sealed = bytes_or_null(r, at + 15);
  return u;
}

Session session_from_row(const Row& r, std::size_t at) {
  Session s;
  s.id = r.int64(at + 0);
  s.user_id = r.int64(at + 1);
  s.token_hash = r.text(at + 2);
  s.csrf_token = r.text(at + 3);
  s.created_at = from_micros(r.int64(at + 4));
  s.last_seen_at = from_micros(r.int64(at + 5));
  s.ended_at = storage::instant_or_none(r, at + 6);
  s.end_reason = r.text(at + 7);
  s.source_ip = r.text(at + 8);
  s.user_agent = r.text(at + 9);
  return s;
}

Status status_of(Result<std::int64_t> changed) {
  if (!changed) {
    return std::move(changed).error();
  }
  return {};
}

Result<std::optional<User>> one_user(Result<storage::Rows> rows) {
  if (!rows) {
    return std::move(rows).error();
  }
  if (rows->empty()) {
    return std::optional<User>{};
  }
  return std::optional(user_from_row(rows->front()));
}

}  // namespace

Status insert_user(storage::Connection& conn, User& user) {
  Value locked = nullptr;
  if (user.locked_until) {
    locked = to_micros(*user.locked_until);
  }
  Value last_step = nullptr;
  if (user.totp_last_step) {
    last_step = *user.totp_last_step;
  }
  auto rows = conn.query(
      "INSERT INTO users (login, display_name, role, region_code, lab_code, password_hash,"
      " password_changed_at, must_change_password, failed_attempts, locked_until,"
      " totp_secret_sealed, totp_last_step, disabled, created_at)"
      " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14) RETURNING id",
      params({user.login, user.display_name, std::string(role_name(user.role)),
              optional_text(user.region_code), optional_text(user.lab_code), user.password_hash,
              to_micros(user.password_changed_at), std::int64_t{user.must_change_password},
              std::int64_t{user.failed_attempts}, locked, optional_bytes(user.totp_secret_sealed),
              last_step, std::int64_t{user.disabled}, to_micros(user.created_at)}));
  if (!rows) {
    return std::move(rows).error();
  }
  user.id = rows->at(0).int64(0);
  return {};
}

Result<std::optional<User>> find_user_by_login(storage::Connection& conn, std::string_view login) {
  return one_user(conn.query(
      std::string("SELECT ") + std::string(kUserColumns) + " FROM users u WHERE u.login = $1",
      params({std::string(login)})));
}

Result<std::optional<User>> find_user(storage::Connection& conn, std::int64_t id) {
  return one_user(conn.query(
      std::string("SELECT ") + std::string(kUserColumns) + " FROM users u WHERE u.id = $1",
      params({id})));
}

Result<std::int64_t> count_users(storage::Connection& conn) {
  auto rows = conn.query("SELECT COUNT(*) FROM users");
  if (!rows) {
    return std::move(rows).error();
  }
  return rows->at(0).int64(0);
}

Result<FailureCount> record_login_failure(storage::Connection& conn, std::int64_t user_id,
                                          int max_failures, Instant lock_until) {
  // Both CASEs read the row as it was before this update.
  auto rows = conn.query(
      "UPDATE users SET"
      " failed_attempts = CASE WHEN failed_attempts + 1 >= $2 THEN 0"
      " ELSE failed_attempts + 1 END,"
      " locked_until = CASE WHEN failed_attempts + 1 >= $2 THEN $3 ELSE locked_until END"
      " WHERE id = $1 RETURNING failed_attempts, locked_until",
      params({user_id, std::int64_t{max_failures}, to_micros(lock_until)}));
  if (!rows) {
    return std::move(rows).error();
  }
  if (rows->empty()) {
    return Error(std::string(errc::not_found), "no user " + std::to_string(user_id));
  }
  FailureCount out;
  out.failed_attempts = static_cast<int>(rows->front().int64(0));
  out.locked_until = storage::instant_or_none(rows->front(), 1);
  return out;
}

Result<bool> record_login_success(storage::Connection& conn, std::int64_t user_id, Instant now,
                                  std::optional<std::int64_t> totp_step) {
  Result<std::int64_t> changed =
      totp_step ? conn.exec(
                      "UPDATE users SET failed_attempts = 0, locked_until = NULL,"
                      " totp_last_step = $3 WHERE id = $1"
                      " AND (locked_until IS NULL OR locked_until <= $2)"
                      " AND (totp_last_step IS NULL OR totp_last_step < $3)",
                      params({user_id, to_micros(now), *totp_step}))
                : conn.exec(
                      "UPDATE users SET failed_attempts = 0, locked_until = NULL WHERE id = $1"
                      " AND (locked_until IS NULL OR locked_until <= $2)",
                      params({user_id, to_micros(now)}));
  if (!changed) {
    return std::move(changed).error();
  }
  return *changed == 1;
}

Status set_password(storage::Connection& conn, std::int64_t user_id, const std::string& hash,
                    Instant changed_at, bool must_change) {
  auto changed = conn.exec(
      "UPDATE users SET password_hash = $2, password_changed_at = $3, must_change_password = $4"
      " WHERE id = $1",
      params({user_id, hash, to_micros(changed_at), std::int64_t{must_change}}));
  if (!changed) {
    return std::move(changed).error();
  }
  if (*changed != 1) {
    return Error(std::string(errc::not_found), "no user " + std::to_string(user_id));
  }
  return {};
}

Status insert_session(storage::Connection& conn, Session& session) {
  Value ended = nullptr;
  if (session.ended_at) {
    ended = to_micros(*session.ended_at);
  }
  auto rows = conn.query(
      "INSERT INTO sessions (token_hash, csrf_token, user_id, created_at, last_seen_at, ended_at,"
      " end_reason, source_ip, user_agent) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)"
      " RETURNING id",
      params({session.token_hash, session.csrf_token, session.user_id,
              to_micros(session.created_at), to_micros(session.last_seen_at), ended,
              session.ended_at ? Value(session.end_reason) : Value(nullptr), session.source_ip,
              session.user_agent}));
  if (!rows) {
    return std::move(rows).error();
  }
  session.id = rows->at(0).int64(0);
  return {};
}

Result<std::optional<SessionWithUser>> find_session(storage::Connection& conn,
                                                    std::string_view token_hash) {
  auto rows = conn.query(std::string("SELECT ") + std::string(kUserColumns) + ", " +
                             std::string(kSessionColumns) +
                             " FROM sessions s JOIN users u ON u.id = s.user_id"
                             " WHERE s.token_hash = $1",
                         params({std::string(token_hash)}));
  if (!rows) {
    return std::move(rows).error();
  }
  if (rows->empty()) {
    return std::optional<SessionWithUser>{};
  }
  SessionWithUser out;
  out.user = user_from_row(rows->front(), 0);
  out.session = session_from_row(rows->front(), kUserColumnCount);
  return std::optional(std::move(out));
}

Status touch_session(storage::Connection& conn, std::int64_t session_id, Instant at) {
  auto changed = conn.exec(
      "UPDATE sessions SET last_seen_at = $2 WHERE id = $1 AND last_seen_at < $2"
      " AND ended_at IS NULL",
      params({session_id, to_micros(at)}));
  if (!changed) {
    return std::move(changed).error();
  }
  return {};
}

Result<bool> end_session(storage::Connection& conn, std::int64_t session_id, Instant at,
                         std::string_view reason) {
  auto changed = conn.exec(
      "UPDATE sessions SET ended_at = $2, end_reason = $3 WHERE id = $1 AND ended_at IS NULL",
      params({session_id, to_micros(at), std::string(reason)}));
  if (!changed) {
    return std::move(changed).error();
  }
  return *changed == 1;
}

Result<std::int64_t> end_other_sessions(storage::Connection& conn, std::int64_t user_id,
                                        std::int64_t keep_session_id, Instant at,
                                        std::string_view reason) {
  return conn.exec(
      "UPDATE sessions SET ended_at = $3, end_reason = $4"
      " WHERE user_id = $1 AND id <> $2 AND ended_at IS NULL",
      params({user_id, keep_session_id, to_micros(at), std::string(reason)}));
}

Result<std::int64_t> delete_sessions_over_before(storage::Connection& conn, Instant before,
                                                 const AuthPolicy& policy, std::int64_t limit) {
  // A session is over at its end, at last_seen + idle, or at created + absolute, whichever
  // comes first.
  return conn.exec(
      "DELETE FROM sessions WHERE id IN (SELECT id FROM sessions"
      " WHERE ended_at < $1 OR last_seen_at < $2 OR created_at < $3 LIMIT $4)",
      params({to_micros(before), to_micros(before - policy.session_idle),
              to_micros(before - policy.session_absolute), limit}));
}

Result<std::vector<User>> list_users(storage::Connection& conn, const domain::Scope& scope,
                                     const UserFilter& filter) {
  std::vector<Value> p{filter.role ? Value(std::string(role_name(*filter.role))) : Value(""),
                       "%" + filter.text + "%", std::int64_t{filter.limit}};
  const std::string where = storage::scope_condition(scope, "u.lab_code", "", p);
  auto rows = conn.query(std::string("SELECT ") + std::string(kUserColumns) +
                             " FROM users u WHERE ($1 = '' OR u.role = $1)"
                             " AND (u.login LIKE $2 OR u.display_name LIKE $2) AND " +
                             where + " ORDER BY u.login LIMIT $3",
                         p);
  if (!rows) {
    return std::move(rows).error();
  }
  std::vector<User> out;
  out.reserve(rows->size());
  for (const auto& r : *rows) {
    out.push_back(user_from_row(r));
  }
  return out;
}

Result<std::optional<User>> find_user_in(storage::Connection& conn, const domain::Scope& scope,
                                         std::int64_t id) {
  std::vector<Value> p{id};
  const std::string where = storage::scope_condition(scope, "u.lab_code", "", p);
  return one_user(conn.query(std::string("SELECT ") + std::string(kUserColumns) +
                                 " FROM users u WHERE u.id = $1 AND " + where,
                             p));
}

Status update_profile(storage::Connection& conn, std::int64_t user_id,
                      const std::string& display_name, bool disabled) {
  return status_of(conn.exec("UPDATE users SET display_name = $1, disabled = $2 WHERE id = $3",
                             params({display_name, std::int64_t{disabled}, user_id})));
}

Status set_role(storage::Connection& conn, std::int64_t user_id, Role role,
                const std::optional<std::string>& region_code,
                const std::optional<std::string>& lab_code) {
  return status_of(
      conn.exec("UPDATE users SET role = $1, region_code = $2, lab_code = $3 WHERE id = $4",
                params({std::string(role_name(role)), optional_text(region_code),
                        optional_text(lab_code), user_id})));
}

Status unlock_user(storage::Connection& conn, std::int64_t user_id) {
  return status_of(
      conn.exec("UPDATE users SET failed_attempts = 0, locked_until = NULL WHERE id = $1",
                params({user_id})));
}

Status set_totp_pending(storage::Connection& conn, std::int64_t user_id,
                        const std::string& sealed) {
  return status_of(conn.exec("UPDATE users SET totp_pending_sealed = $1 WHERE id = $2",
                             params({storage::Bytes{sealed}, user_id})));
}

Result<bool> activate_totp(storage::Connection& conn, std::int64_t user_id,
                           const std::string& pending_sealed, std::int64_t step) {
  auto n = conn.exec(
      "UPDATE users SET totp_secret_sealed = totp_pending_sealed, totp_pending_sealed = NULL,"
      " totp_last_step = $1 WHERE id = $2 AND totp_pending_sealed = $3",
      params({step, user_id, storage::Bytes{pending_sealed}}));
  if (!n) {
    return std::move(n).error();
  }
  return *n == 1;
}

}  // namespace lw::identity
