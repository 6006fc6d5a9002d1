#include "identity/auth_service.hpp"

#include <boost/json/serialize.hpp>

#include "core/log.hpp"
#include "core/random.hpp"
#include "crypto/password.hpp"
#include "crypto/totp.hpp"
#include "identity/store.hpp"
#include "identity/totp_secrets.hpp"
#include "service/commit.hpp"

namespace lw::identity {
namespace {

constexpr std::size_t kMaxPasswordBytes = 1024;  // Argon2 takes any length; we need not
constexpr std::size_t kMaxUserAgentBytes = 512;
constexpr std::size_t kCsrfTokenBytes = 32;
constexpr std::size_t kTotpSecretBytes = 20;  // 160 bits, as RFC 4226 recommends

std::int64_t unix_seconds(Instant t) {
  return std::chrono::duration_cast<std::chrono::seconds>(t.time_since_epoch()).count();
}

/// An audit row with an outcome: "ok" or the error code answered.
Status audit_event(storage::Connection& conn, const service::Auditor& auditor,
                   const service::Caller& caller, Instant at, std::string action,
                   std::string target, std::string outcome, const boost::json::object& details) {
  return auditor.record(conn, caller, at, std::move(action), std::move(target),
                        boost::json::serialize(details), std::move(outcome));
}

Error totp_invalid(std::string_view reason) {
  return Error(std::string(errc::totp_invalid), std::string(reason), {{"reason", reason}});
}

}  // namespace

service::Caller caller_as(const Principal& principal, service::Caller base) {
  base.actor = principal.login;
  base.role = std::string(role_name(principal.role));
  return base;
}

Error locked_error(Instant until, Instant now) {
  const auto seconds = std::chrono::ceil<std::chrono::seconds>(until - now).count();
  return Error(std::string(errc::account_locked), "locked until " + format_utc(until),
               {{"locked_until", format_utc(until)},
                {"locked_until_local", format_shanghai(until)},
                {"retry_after_seconds", seconds < 0 ? 0 : seconds}});
}

AuthService::AuthService(storage::Database& db, storage::Writer& writer, const Clock& clock,
                         const service::Auditor& auditor, std::string data_key, AuthPolicy policy)
    : db_(db),
      writer_(writer),
      clock_(clock),
      auditor_(auditor),
      data_key_(std::move(data_key)),
      policy_(policy) {}

const std::string& AuthService::dummy_hash() {
  std::call_once(dummy_once_, [this] {
    auto h = crypto::hash_password(random_hex(16), policy_.argon2);
    dummy_hash_ = h ? *h : std::string();
  });
  return dummy_hash_;
}

Result<std::optional<User>> AuthService::read_user_by_login(const std::string& login) {
  auto conn = db_.acquire();
  if (!conn) {
    return std::move(conn).error();
  }
  return find_user_by_login(**conn, login);
}

Result<std::optional<User>> AuthService::read_user(std::int64_t id) {
  auto conn = db_.acquire();
  if (!conn) {
    return std::move(conn).error();
  }
  return find_user(**conn, id);
}

Task<Error> AuthService::refuse(const User* user, const std::string& login, const Error& refusal,
                                bool counts, const service::Caller& caller, Instant now) {
  std::optional<Instant> locked_now;
  storage::Writer::Job job = [&](storage::Connection& conn) -> Status {
    locked_now.reset();
    boost::json::object details{{"login", login}, {"reason", refusal.code}};
    if (counts && user != nullptr) {
      auto count =
          record_login_failure(conn, user->id, policy_.max_failed_logins, now + policy_.lockout);
      if (!count) {
        return std::move(count).error();
      }
      details["failed_attempts"] = count->failed_attempts;
      if (count->locked_until && *count->locked_until > now) {
        locked_now = count->locked_until;
        details["locked_until"] = format_utc(*count->locked_until);
      }
    }
    const std::string outcome = locked_now ? std::string(errc::account_locked) : refusal.code;
    return audit_event(conn, auditor_, caller, now, "auth.login", "user/" + login, outcome,
                       details);
  };
  auto st = co_await service::commit(writer_, std::move(job));
  if (!st) {
    co_return std::move(st).error();
  }
  if (locked_now) {
    co_return locked_error(*locked_now, now);
  }
  co_return refusal;
}

Task<Result<LoginResult>> AuthService::login(LoginAttempt attempt, const service::Caller& caller) {
  const Instant now = clock_.now();
  std::string login = normalize_login(attempt.login);
  if (login.size() > 64) {
    login.resize(64);  // what the audit row keeps of an impossible login
  }
  if (attempt.password.size() > kMaxPasswordBytes) {
    co_return field_error("password", "at most 1024 bytes");
  }
  std::optional<User> user;
  if (validate_login(login)) {
    auto found = read_user_by_login(login);
    if (!found) {
      co_return std::move(found).error();
    }
    user = std::move(*found);
  }
  const Error wrong(std::string(errc::invalid_credentials), "wrong login or password");
  if (!user || user->disabled) {
    // As slow as a real check, so the answer's timing does not tell which logins exist.
    (void)crypto::verify_password(dummy_hash(), attempt.password);
    co_return co_await refuse(nullptr, login, wrong, false, caller, now);
  }
  if (is_locked(*user, now)) {
    const Error locked = locked_error(*user->locked_until, now);
    co_return co_await refuse(&*user, login, locked, false, caller, now);
  }
  if (!crypto::verify_password(user->password_hash, attempt.password)) {
    co_return co_await refuse(&*user, login, wrong, true, caller, now);
  }

  std::optional<std::int64_t> step;
  // A role that needs TOTP but has none enrolled yet (a new account) signs in with the password
  // alone into a session that may only enrol an authenticator: the session middleware refuses
  // everything else (totp_enrolment_required).
  if (user->totp_secret_sealed) {
    if (attempt.totp.empty()) {
      const Error missing(std::string(errc::totp_required), "TOTP code missing",
                          {{"enrolled", true}});
      co_return co_await refuse(&*user, login, missing, false, caller, now);
    }
    // Opened here only, to check this code; a value that does not open (another data key, a
    // row altered or copied from another user) signs nobody in and is audited.
    auto secret = open_totp_secret(data_key_, user->login, *user->totp_secret_sealed);
    if (!secret) {
      log::error("totp_secret_unreadable", {{"login", login}, {"note", secret.error().note}});
      const Error unreadable = std::move(secret).error();
      co_return co_await refuse(&*user, login, unreadable, false, caller, now);
    }
    step = crypto::totp_verify(*secret, attempt.totp, unix_seconds(now), policy_.totp_window_steps);
    if (!step) {
      const Error wrong_code = totp_invalid("wrong");
      co_return co_await refuse(&*user, login, wrong_code, true, caller, now);
    }
    if (user->totp_last_step && *step <= *user->totp_last_step) {
      const Error reused = totp_invalid("reused");
      co_return co_await refuse(&*user, login, reused, true, caller, now);
    }
  }

  // A hash made with other Argon2 limits is replaced while the password is at hand.
  std::optional<std::string> rehash;
  if (crypto::password_needs_rehash(user->password_hash, policy_.argon2)) {
    if (auto h = crypto::hash_password(attempt.password, policy_.argon2)) {
      rehash = std::move(*h);
    }
  }

  LoginResult result;
  result.token = new_session_token();
  Session session;
  session.user_id = user->id;
  session.token_hash = session_token_hash(result.token);
  session.csrf_token = random_hex(kCsrfTokenBytes);
  session.created_at = now;
  session.last_seen_at = now;
  session.source_ip = caller.source_ip;
  session.user_agent = attempt.user_agent.substr(0, kMaxUserAgentBytes);

  Principal as_principal = principal_of(*user, session, now, policy_);
  const service::Caller as_user = caller_as(as_principal, caller);
  bool raced = false;
  storage::Writer::Job job = [&](storage::Connection& conn) -> Status {
    raced = false;
    auto won = record_login_success(conn, user->id, now, step);
    if (!won) {
      return std::move(won).error();
    }
    if (!*won) {
      raced = true;  // locked meanwhile, or the same code used by a concurrent login
      return Error(std::string(errc::conflict), "concurrent login");
    }
    if (rehash) {
      LW_TRY(set_password(conn, user->id, *rehash, user->password_changed_at,
                          user->must_change_password));
    }
    LW_TRY(insert_session(conn, session));
    boost::json::object details{{"session_id", session.id}};
    if (step) {
      details["totp"] = true;
    }
    return audit_event(conn, auditor_, as_user, now, "auth.login", "user/" + login, "ok", details);
  };
  auto st = co_await service::commit(writer_, std::move(job));
  if (!st) {
    if (raced) {
      const Error lost = step ? totp_invalid("reused")
                              : Error(std::string(errc::invalid_credentials), "locked meanwhile");
      co_return co_await refuse(&*user, login, lost, false, caller, now);
    }
    co_return std::move(st).error();
  }
  result.principal = principal_of(*user, session, now, policy_);
  co_return result;
}

Task<Result<std::optional<Principal>>> AuthService::resolve(std::string token) {
  if (!plausible_session_token(token)) {
    co_return std::optional<Principal>{};
  }
  const Instant now = clock_.now();
  Result<std::optional<SessionWithUser>> found = std::optional<SessionWithUser>{};
  {
    auto conn = db_.acquire();
    if (!conn) {
      co_return std::move(conn).error();
    }
    found = find_session(**conn, session_token_hash(token));
  }  // the pooled connection goes back before any suspension
  if (!found) {
    co_return std::move(found).error();
  }
  if (!*found) {
    co_return std::optional<Principal>{};
  }
  const Session& session = (*found)->session;
  const User& user = (*found)->user;
  if (session_state(session, now, policy_) != SessionState::active || user.disabled) {
    co_return std::optional<Principal>{};
  }
  if (touch_due(session, now, policy_)) {
    const std::int64_t id = session.id;
    storage::Writer::Job touch = [id, now](storage::Connection& conn) -> Status {
      return touch_session(conn, id, now);
    };
    auto st = co_await service::commit(writer_, std::move(touch));
    if (!st) {
      // The request goes on: a missed touch only lets the session expire a little sooner.
      log::warn("session_touch_failed", {{"session_id", id}, {"note", st.error().note}});
    }
  }
  co_return std::optional(principal_of(user, session, now, policy_));
}

Task<Status> AuthService::logout(const Principal& principal, const service::Caller& caller) {
  const Instant now = clock_.now();
  storage::Writer::Job job = [&](storage::Connection& conn) -> Status {
    auto ended = end_session(conn, principal.session_id, now, "logout");
    if (!ended) {
      return std::move(ended).error();
    }
    return audit_event(conn, auditor_, caller, now, "auth.logout",
                       "session/" + std::to_string(principal.session_id),
                       *ended ? "ok" : "already_ended", {});
  };
  co_return co_await service::commit(writer_, std::move(job));
}

Task<Status> AuthService::change_password(const Principal& principal, std::string old_password,
                                          std::string new_password, const service::Caller& caller) {
  const Instant now = clock_.now();
  if (new_password.size() > kMaxPasswordBytes) {
    co_return field_error("new_password", "at most 1024 bytes");
  }
  auto found = read_user(principal.user_id);
  if (!found) {
    co_return std::move(found).error();
  }
  if (!*found) {
    co_return Error(std::string(errc::unauthenticated), "user vanished");
  }
  const User user = std::move(**found);
  const std::string target = "user/" + user.login;
  if (!crypto::verify_password(user.password_hash, old_password)) {
    storage::Writer::Job job = [&](storage::Connection& conn) -> Status {
      auto count =
          record_login_failure(conn, user.id, policy_.max_failed_logins, now + policy_.lockout);
      if (!count) {
        return std::move(count).error();
      }
      return audit_event(conn, auditor_, caller, now, "auth.password_change", target,
                         std::string(errc::password_incorrect),
                         {{"failed_attempts", count->failed_attempts}});
    };
    auto st = co_await service::commit(writer_, std::move(job));
    if (!st) {
      co_return std::move(st).error();
    }
    co_return Error(std::string(errc::password_incorrect), "old password wrong");
  }
  if (new_password == old_password) {
    co_return field_error("new_password", "same_as_old");
  }
  if (auto st = crypto::check_password(policy_.password, new_password, user.login); !st) {
    const auto& fields = st.error().details.at("fields").as_object();
    co_return field_error("new_password", fields.at("password").as_string());
  }
  auto hash = crypto::hash_password(new_password, policy_.argon2);
  if (!hash) {
    co_return std::move(hash).error();
  }
  storage::Writer::Job job = [&](storage::Connection& conn) -> Status {
    LW_TRY(set_password(conn, user.id, *hash, now, false));
    auto ended = end_other_sessions(conn, user.id, principal.session_id, now, "password_changed");
    if (!ended) {
      return std::move(ended).error();
    }
    return audit_event(conn, auditor_, caller, now, "auth.password_change", target, "ok",
                       {{"other_sessions_ended", *ended}});
  };
  co_return co_await service::commit(writer_, std::move(job));
}

Task<Result<TotpEnrolment>> AuthService::begin_totp_enrolment(const Principal& principal,
                                                              const service::Caller& caller) {
  const Instant now = clock_.now();
  TotpEnrolment out;
  std::string sealed;
  {
    const std::string secret = random_bytes(kTotpSecretBytes);
    out.secret = crypto::base32_encode(secret);
    sealed = seal_totp_secret(data_key_, principal.login, secret);
  }
  out.otpauth_uri = crypto::otpauth_uri("labwatch", principal.login, out.secret);
  const std::int64_t user_id = principal.user_id;
  const std::string target = "user/" + principal.login;
  storage::Writer::Job job = [&, user_id](storage::Connection& conn) -> Status {
    LW_TRY(set_totp_pending(conn, user_id, sealed));
    return audit_event(conn, auditor_, caller, now, "auth.totp_enrolment_start", target, "ok", {});
  };
  if (auto st = co_await service::commit(writer_, std::move(job)); !st) {
    co_return std::move(st).error();
  }
  co_return out;
}

Task<Status> AuthService::confirm_totp_enrolment(const Principal& principal, std::string code,
                                                 const service::Caller& caller) {
  const Instant now = clock_.now();
  auto found = read_user(principal.user_id);
  if (!found) {
    co_return std::move(found).error();
  }
  if (!*found || !(*found)->totp_pending_sealed) {
    co_return field_error("code", "no_enrolment_started");
  }
  const std::string pending = *(*found)->totp_pending_sealed;
  std::optional<std::int64_t> step;
  {
    auto secret = open_totp_secret(data_key_, (*found)->login, pending);
    if (!secret) {
      log::error("totp_secret_unreadable",
                 {{"login", (*found)->login}, {"note", secret.error().note}});
      co_return std::move(secret).error();
    }
    step = crypto::totp_verify(*secret, code, unix_seconds(now), policy_.totp_window_steps);
  }
  if (!step) {
    co_return field_error("code", "totp_invalid");
  }
  const std::int64_t user_id = principal.user_id;
  const std::string target = "user/" + principal.login;
  bool replaced = false;
  storage::Writer::Job job = [&, user_id](storage::Connection& conn) -> Status {
    auto done = activate_totp(conn, user_id, pending, *step);
    if (!done) {
      return std::move(done).error();
    }
    replaced = !*done;
    if (replaced) {
      return {};  // a newer enrolment started meanwhile: this code confirms nothing
    }
    return audit_event(conn, auditor_, caller, now, "auth.totp_enrol", target, "ok", {});
  };
  if (auto st = co_await service::commit(writer_, std::move(job)); !st) {
    co_return std::move(st).error();
  }
  if (replaced) {
    co_return field_error("code", "enrolment_replaced");
  }
  co_return Status{};
}

Result<std::string> AuthService::hash_new_password(const std::string& login,
                                                   const std::string& password) const {
  if (auto st = crypto::check_password(policy_.password, password, login); !st) {
    const auto& fields = st.error().details.at("fields").as_object();
    return field_error("password", fields.at("password").as_string());
  }
  return crypto::hash_password(password, policy_.argon2);
}

Result<User> AuthService::prepare_user(const NewUser& spec) const {
  User u;
  u.login = normalize_login(spec.login);
  LW_TRY(validate_login(u.login));
  if (spec.display_name.empty() || spec.display_name.size() > 200) {
    return field_error("display_name", "1-200 bytes");
  }
  if (auto st = crypto::check_password(policy_.password, spec.password, u.login); !st) {
    return std::move(st).error();
  }
  std::optional<std::string> totp_secret;
  if (spec.totp_secret) {
    totp_secret = crypto::base32_decode(*spec.totp_secret);
    if (!totp_secret) {
      return field_error("totp_secret", "base32");
    }
  }
  auto hash = crypto::hash_password(spec.password, policy_.argon2);
  if (!hash) {
    return std::move(hash).error();
  }
  const Instant now = clock_.now();
  u.display_name = spec.display_name;
  u.role = spec.role;
  u.region_code = spec.region_code;
  u.lab_code = spec.lab_code;
  u.password_hash = std::move(*hash);
  u.password_changed_at = now;
  u.must_change_password = spec.must_change_password;
  if (totp_secret) {
    u.totp_secret_sealed = seal_totp_secret(data_key_, u.login, *totp_secret);
  }
  u.created_at = now;
  return u;
}

Task<Result<User>> AuthService::create_user(NewUser spec, const service::Caller& caller) {
  auto prepared = prepare_user(spec);
  if (!prepared) {
    co_return std::move(prepared).error();
  }
  User user = std::move(*prepared);
  storage::Writer::Job job = [&](storage::Connection& conn) -> Status {
    LW_TRY(insert_user(conn, user));
    return audit_event(conn, auditor_, caller, user.created_at, "user.create", "user/" + user.login,
                       "ok", {{"role", role_name(user.role)}});
  };
  auto st = co_await service::commit(writer_, std::move(job));
  if (!st) {
    co_return std::move(st).error();
  }
  co_return user;
}

}  // namespace lw::identity
