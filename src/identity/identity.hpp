#pragma once
// Identity (身份认证): users, roles, browser sessions and the rules that judge them — the
// policy values (lockout, session timeouts, password age), who needs a second factor, when a
// session has expired. Pure rules, no I/O; the repository is store.hpp, the use cases
// auth_service.hpp.
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/clock.hpp"
#include "core/result.hpp"
#include "crypto/password.hpp"

namespace lw::identity {

/// The policy values of sign-in (issue 3, item 1). One struct, so that a deployment or a test
/// changes them in one place.
struct AuthPolicy {
  crypto::PasswordPolicy password{};  // at least 8 characters, 3 of 4 classes
  crypto::Argon2Params argon2{};      // cost of new password hashes
  std::chrono::seconds password_max_age = std::chrono::days(90);
  int max_failed_logins = 5;  // consecutive failures that lock the account
  std::chrono::seconds lockout = std::chrono::minutes(10);
  std::chrono::seconds session_idle = std::chrono::minutes(30);
  std::chrono::seconds session_absolute = std::chrono::hours(12);
  /// A session's last_seen is written at most this often (not on every request).
  std::chrono::seconds session_touch_interval = std::chrono::minutes(1);
  int totp_window_steps = 1;  // codes of the neighbouring 30 s steps are accepted
};

enum class Role {
  system_admin,    // users and organisations
  security_admin,  // roles, policies, keys
  audit_admin,     // reads and exports the audit log
  regulator,       // province / city / county, scoped to a region subtree
  station_staff,   // supervision station: projects and personnel of its region
  lab_admin,       // a lab's own accounts
  lab_staff,       // their own lab
  witness,         // witness / sampler: assigned projects
  reviewer,        // association reviewer, read-only (JJ-4.5)
};

/// The role's stored and JSON name, e.g. "system_admin".
std::string_view role_name(Role role);
std::optional<Role> parse_role(std::string_view name);
/// Admin and regulator roles must sign in with a TOTP code.
bool role_requires_totp(Role role);

struct User {
  std::int64_t id = 0;
  std::string login;  // lower case; never changes (it binds the sealed TOTP secrets)
  std::string display_name;
  Role role = Role::lab_staff;
  std::optional<std::string> region_code;  // GB/T 2260, for regulators and stations
  std::optional<std::string> lab_code;     // for lab staff
  std::string password_hash;               // Argon2id, encoded
  Instant password_changed_at{};
  bool must_change_password = false;
  int failed_attempts = 0;
  std::optional<Instant> locked_until;
  /// SM4-GCM-sealed under the data key (identity/totp_secrets.hpp), never the secret itself;
  /// absent: not enrolled.
  std::optional<std::string> totp_secret_sealed;
  std::optional<std::int64_t> totp_last_step;
  bool disabled = false;
  Instant created_at{};
  std::optional<std::string> totp_pending_sealed;  // sealed likewise: being enrolled
};

/// 3-64 characters of a-z, 0-9, '.', '_', '-', starting with a letter or digit.
Status validate_login(std::string_view login);
/// ASCII lower case: logins are compared without case.
std::string normalize_login(std::string_view login);

bool is_locked(const User& user, Instant now);
/// The user must choose a new password: first login or the password is older than the policy.
bool password_change_due(const User& user, Instant now, const AuthPolicy& policy);

struct Session {
  std::int64_t id = 0;
  std::int64_t user_id = 0;
  std::string token_hash;  // hex SM3 of the cookie token
  std::string csrf_token;
  Instant created_at{};
  Instant last_seen_at{};
  std::optional<Instant> ended_at;
  std::string end_reason;
  std::string source_ip;
  std::string user_agent;
};

enum class SessionState { active, ended, idle_expired, absolute_expired };

/// Judged by the server clock: ended (logout), idle too long, or older than the absolute limit.
SessionState session_state(const Session& session, Instant now, const AuthPolicy& policy);
/// When an active session's last_seen should be written again.
bool touch_due(const Session& session, Instant now, const AuthPolicy& policy);

/// A fresh session token: 32 random bytes as 64 lower-case hex characters (the cookie value).
std::string new_session_token();
/// True for something new_session_token could have made (checked before any lookup).
bool plausible_session_token(std::string_view token);
/// What the database keeps of a token: hex SM3 of it.
std::string session_token_hash(std::string_view token);

/// Who a valid session belongs to, as handlers and the audit trail need it.
struct Principal {
  std::int64_t session_id = 0;
  std::int64_t user_id = 0;
  std::string login;
  std::string display_name;
  Role role = Role::lab_staff;
  std::optional<std::string> region_code;
  std::optional<std::string> lab_code;
  bool must_change_password = false;  // flag or password too old
  bool totp_enrolled = false;
  bool totp_enrolment_required = false;  // the role needs a TOTP code and none is enrolled
  std::string csrf_token;
  Instant session_created_at{};
  Instant session_expires_at{};  // absolute limit
};

Principal principal_of(const User& user, const Session& session, Instant now,
                       const AuthPolicy& policy);

}  // namespace lw::identity
