#pragma once
// Use cases of sign-in: password + TOTP login with lockout, browser sessions with idle and
// absolute expiry, logout, password change. Every outcome of a login — success or refusal — is
// written to the audit trail; a refusal's row carries the error code as its outcome.
//
// TOTP secrets are stored sealed under the deployment's data key (identity/totp_secrets.hpp):
// sealed when a user is created with one or an enrolment starts, opened only to check a code.
//
// Argon2id runs on the calling thread (about 0.1 s with the default cost): on the server that
// is an I/O thread. Acceptable at today's load; a blocking pool comes with rate limits.
#include <mutex>
#include <optional>
#include <string>

#include "core/clock.hpp"
#include "core/task.hpp"
#include "identity/identity.hpp"
#include "service/auditor.hpp"
#include "storage/database.hpp"
#include "storage/writer.hpp"

namespace lw::identity {

struct LoginAttempt {
  std::string login;
  std::string password;
  std::string totp;  // empty: no code given
  std::string user_agent;
};

struct LoginResult {
  Principal principal;
  std::string token;  // the cookie value; only its hash is stored, so it exists only here
};

struct TotpEnrolment {
  std::string secret;       // base32, for typing into an authenticator (stored only sealed)
  std::string otpauth_uri;  // for the QR code
};

struct NewUser {
  std::string login;
  std::string display_name;
  Role role = Role::lab_staff;
  std::optional<std::string> region_code;
  std::optional<std::string> lab_code;
  std::string password;
  std::optional<std::string> totp_secret;  // base32; sealed before it is stored
  bool must_change_password = true;        // a password someone else chose
  std::optional<std::int64_t> person_id;   // the registry person: a witness (issue 6), a lab user
};

class AuthService {
 public:
  /// `data_key` (identity/lab_keys.hpp) seals and opens the users' TOTP secrets.
  AuthService(storage::Database& db, storage::Writer& writer, const Clock& clock,
              const service::Auditor& auditor, std::string data_key, AuthPolicy policy = {});

  /// Checks password and (when required) TOTP; on success opens a session. Refusals:
  /// invalid_credentials (also for an unknown or disabled login), account_locked (details:
  /// locked_until), totp_required, totp_invalid (wrong or already used code); internal, audited
  /// like a refusal, when the stored secret does not open (another data key, an altered row).
  Task<Result<LoginResult>> login(LoginAttempt attempt, const service::Caller& caller);

  /// The signed-in user of a session token, or nothing when the token is unknown, the session
  /// ended or expired, or the user is disabled. Writes last_seen at most once per
  /// policy.session_touch_interval.
  Task<Result<std::optional<Principal>>> resolve(std::string token);

  /// Ends the session server-side.
  Task<Status> logout(const Principal& principal, const service::Caller& caller);

  /// Replaces the password after checking the old one (password_incorrect) and the policy
  /// (invalid_argument naming new_password); ends the user's other sessions.
  Task<Status> change_password(const Principal& principal, std::string old_password,
                               std::string new_password, const service::Caller& caller);

  /// Starts enrolling an authenticator: a fresh secret, kept pending until confirmed.
  Task<Result<TotpEnrolment>> begin_totp_enrolment(const Principal& principal,
                                                   const service::Caller& caller);
  /// Confirms the pending secret with a code from the authenticator (invalid_argument naming
  /// `code` when wrong); from then on sign-in needs a code.
  Task<Status> confirm_totp_enrolment(const Principal& principal, std::string code,
                                      const service::Caller& caller);

  /// The Argon2id hash of a password someone sets for `login`, after the policy check
  /// (invalid_argument naming `password`).
  Result<std::string> hash_new_password(const std::string& login,
                                        const std::string& password) const;

  /// Validates and hashes a new user, and seals its TOTP secret, without storing it (the demo
  /// dataset stores its own).
  Result<User> prepare_user(const NewUser& spec) const;
  /// Stores a new user with its audit row.
  Task<Result<User>> create_user(NewUser spec, const service::Caller& caller);

  const AuthPolicy& policy() const { return policy_; }

 private:
  Result<std::optional<User>> read_user_by_login(const std::string& login);
  Result<std::optional<User>> read_user(std::int64_t id);
  /// Records a refused login (and, when `counts`, one more failure of `user`); returns the
  /// error to answer: `refusal`, or account_locked when this failure locked the account.
  /// Callers pass named objects that outlive the call (no temporaries in a co_await).
  Task<Error> refuse(const User* user, const std::string& login, const Error& refusal, bool counts,
                     const service::Caller& caller, Instant now);
  const std::string& dummy_hash();

  storage::Database& db_;
  storage::Writer& writer_;
  const Clock& clock_;
  const service::Auditor& auditor_;
  std::string data_key_;  // seals the TOTP secrets
  AuthPolicy policy_;
  std::once_flag dummy_once_;
  std::string dummy_hash_;  // verified against for unknown logins, so they take as long
};

/// The caller as the signed-in user: actor = login, role = the role's name.
service::Caller caller_as(const Principal& principal, service::Caller base);

/// error account_locked with details locked_until (UTC and Shanghai) and retry_after_seconds.
Error locked_error(Instant until, Instant now);

}  // namespace lw::identity
