#include "identity/identity.hpp"

#include <array>
#include <utility>

#include "core/enum_names.hpp"
#include "core/random.hpp"
#include "core/text.hpp"
#include "crypto/hash.hpp"

namespace lw::identity {
namespace {

constexpr EnumNames<Role, 9> kRoles{{
    {Role::system_admin, "system_admin"},
    {Role::security_admin, "security_admin"},
    {Role::audit_admin, "audit_admin"},
    {Role::regulator, "regulator"},
    {Role::station_staff, "station_staff"},
    {Role::lab_admin, "lab_admin"},
    {Role::lab_staff, "lab_staff"},
    {Role::witness, "witness"},
    {Role::reviewer, "reviewer"},
}};

constexpr std::size_t kTokenBytes = 32;

bool is_hex_lower(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
}

}  // namespace

std::string_view role_name(Role role) {
  const auto name = name_from(kRoles, role);
  return name.empty() ? "unknown" : name;
}

std::optional<Role> parse_role(std::string_view name) {
  return parse_from(kRoles, name);
}

bool role_requires_totp(Role role) {
  switch (role) {
    case Role::system_admin:
    case Role::security_admin:
    case Role::audit_admin:
    case Role::regulator:
      return true;
    default:
      return false;
  }
}

Status validate_login(std::string_view login) {
  bool ok = login.size() >= 3 && login.size() <= 64;
  for (std::size_t i = 0; ok && i < login.size(); ++i) {
    const char c = login[i];
    const bool alnum = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
    ok = alnum || (i > 0 && (c == '.' || c == '_' || c == '-'));
  }
  if (ok) {
    return {};
  }
  boost::json::object fields;
  fields["login"] = "3-64 characters of a-z, 0-9, '.', '_', '-', starting with a letter or digit";
  return Error(std::string(errc::invalid_argument), "login", {{"fields", std::move(fields)}});
}

std::string normalize_login(std::string_view login) {
  return ascii_lower(login);
}

bool is_locked(const User& user, Instant now) {
  return user.locked_until && now < *user.locked_until;
}

bool password_change_due(const User& user, Instant now, const AuthPolicy& policy) {
  return user.must_change_password || now >= user.password_changed_at + policy.password_max_age;
}

SessionState session_state(const Session& session, Instant now, const AuthPolicy& policy) {
  if (session.ended_at) {
    return SessionState::ended;
  }
  if (now >= session.created_at + policy.session_absolute) {
    return SessionState::absolute_expired;
  }
  if (now >= session.last_seen_at + policy.session_idle) {
    return SessionState::idle_expired;
  }
  return SessionState::active;
}

bool touch_due(const Session& session, Instant now, const AuthPolicy& policy) {
  return now >= session.last_seen_at + policy.session_touch_interval;
}

std::string new_session_token() {
  return random_hex(kTokenBytes);
}

bool plausible_session_token(std::string_view token) {
  if (token.size() != 2 * kTokenBytes) {
    return false;
  }
  for (char c : token) {
    if (!is_hex_lower(c)) {
      return false;
    }
  }
  return true;
}

std::string session_token_hash(std::string_view token) {
  return to_hex(crypto::digest(crypto::HashAlg::sm3, token));
}

Principal principal_of(const User& user, const Session& session, Instant now,
                       const AuthPolicy& policy) {
  Principal p;
  p.session_id = session.id;
  p.user_id = user.id;
  p.login = user.login;
  p.display_name = user.display_name;
  p.role = user.role;
  p.region_code = user.region_code;
  p.lab_code = user.lab_code;
  p.must_change_password = password_change_due(user, now, policy);
  p.totp_enrolled = user.totp_secret_sealed.has_value();
  p.totp_enrolment_required = role_requires_totp(user.role) && !p.totp_enrolled;
  p.csrf_token = session.csrf_token;
  p.session_created_at = session.created_at;
  p.session_expires_at = session.created_at + policy.session_absolute;
  return p;
}

}  // namespace lw::identity
