// The pure rules of sign-in: roles, logins, session expiry, tokens.
#include "identity/identity.hpp"

#include <gtest/gtest.h>
#include "identity/test_values.hpp"

namespace lw::identity {
namespace {

using namespace test_values;

using namespace std::chrono_literals;

TEST(Roles, EveryRoleRoundTripsThroughItsName) {
  for (Role r :
       {Role::system_admin, Role::security_admin, Role::audit_admin, Role::regulator,
        Role::station_staff, Role::lab_admin, Role::lab_staff, Role::witness, Role::reviewer}) {
    EXPECT_EQ(parse_role(role_name(r)), r) << role_name(r);
  }
  EXPECT_FALSE(parse_role("root").has_value());
  EXPECT_FALSE(parse_role("").has_value());
}

TEST(Roles, AdminsAndRegulatorsNeedTotpOthersDoNot) {
  EXPECT_TRUE(role_requires_totp(Role::system_admin));
  EXPECT_TRUE(role_requires_totp(Role::security_admin));
  EXPECT_TRUE(role_requires_totp(Role::audit_admin));
  EXPECT_TRUE(role_requires_totp(Role::regulator));
  EXPECT_FALSE(role_requires_totp(Role::lab_admin));
  EXPECT_FALSE(role_requires_totp(Role::lab_staff));
  EXPECT_FALSE(role_requires_totp(Role::station_staff));
  EXPECT_FALSE(role_requires_totp(Role::witness));
  EXPECT_FALSE(role_requires_totp(Role::reviewer));
}

TEST(Roles, ARoleThatNeedsTotpMustEnrolBeforeAnythingElse) {
  User u;
  u.role = Role::lab_staff;
  const AuthPolicy policy;
  const Session s;
  EXPECT_FALSE(principal_of(u, s, Instant{}, policy).totp_enrolment_required);
  u.role = Role::regulator;
  EXPECT_TRUE(principal_of(u, s, Instant{}, policy).totp_enrolment_required);
  u.totp_secret_sealed = "sealed bytes";
  const Principal p = principal_of(u, s, Instant{}, policy);
  EXPECT_FALSE(p.totp_enrolment_required);
  EXPECT_TRUE(p.totp_enrolled);
}

TEST(Logins, ValidLoginsAreLowerCaseLettersDigitsAndSeparators) {
  EXPECT_TRUE(validate_login("jj-regulator"));
  EXPECT_TRUE(validate_login("lab.jj_01"));
  EXPECT_TRUE(validate_login("abc"));
  EXPECT_TRUE(validate_login(std::string(64, 'a')));
  EXPECT_FALSE(validate_login("ab"));
  EXPECT_FALSE(validate_login(std::string(65, 'a')));
  EXPECT_FALSE(validate_login("-leading"));
  EXPECT_FALSE(validate_login("Upper"));
  EXPECT_FALSE(validate_login("with space"));
  EXPECT_FALSE(validate_login("监管员"));
  EXPECT_EQ(validate_login("x").error().code, errc::invalid_argument);
}

TEST(Logins, NormalisingFoldsAsciiCaseOnly) {
  EXPECT_EQ(normalize_login("JJ-Regulator"), "jj-regulator");
  EXPECT_EQ(normalize_login("ÄB"), "Äb");
}

TEST(Lockout, LockedOnlyBeforeTheLockPasses) {
  User u;
  EXPECT_FALSE(is_locked(u, kT0));
  u.locked_until = kT0 + 10min;
  EXPECT_TRUE(is_locked(u, kT0));
  EXPECT_TRUE(is_locked(u, kT0 + 10min - 1us));
  EXPECT_FALSE(is_locked(u, kT0 + 10min));
}

TEST(PasswordAge, ChangeIsDueOnFirstLoginAndAfterNinetyDays) {
  const AuthPolicy policy;
  User u;
  u.password_changed_at = kT0;
  EXPECT_FALSE(password_change_due(u, kT0, policy));
  EXPECT_FALSE(password_change_due(u, kT0 + std::chrono::days(90) - 1s, policy));
  EXPECT_TRUE(password_change_due(u, kT0 + std::chrono::days(90), policy));
  u.must_change_password = true;
  EXPECT_TRUE(password_change_due(u, kT0, policy));
}

TEST(Sessions, IdleForThirtyMinutesExpires) {
  const AuthPolicy policy;
  Session s;
  s.created_at = kT0;
  s.last_seen_at = kT0 + 1h;
  EXPECT_EQ(session_state(s, kT0 + 1h + 30min - 1us, policy), SessionState::active);
  EXPECT_EQ(session_state(s, kT0 + 1h + 30min, policy), SessionState::idle_expired);
}

TEST(Sessions, TwelveHoursAfterLoginExpiresHoweverActive) {
  const AuthPolicy policy;
  Session s;
  s.created_at = kT0;
  s.last_seen_at = kT0 + 12h - 1min;
  EXPECT_EQ(session_state(s, kT0 + 12h - 1us, policy), SessionState::active);
  EXPECT_EQ(session_state(s, kT0 + 12h, policy), SessionState::absolute_expired);
}

TEST(Sessions, AnEndedSessionStaysEnded) {
  const AuthPolicy policy;
  Session s;
  s.created_at = kT0;
  s.last_seen_at = kT0;
  s.ended_at = kT0;
  EXPECT_EQ(session_state(s, kT0, policy), SessionState::ended);
}

TEST(Sessions, LastSeenIsDueForRewritingAfterOneMinute) {
  const AuthPolicy policy;
  Session s;
  s.last_seen_at = kT0;
  EXPECT_FALSE(touch_due(s, kT0 + 59s, policy));
  EXPECT_TRUE(touch_due(s, kT0 + 60s, policy));
}

TEST(Tokens, FreshTokensAreDistinct64HexAndHashedToSm3Hex) {
  const auto a = new_session_token();
  const auto b = new_session_token();
  EXPECT_NE(a, b);
  EXPECT_TRUE(plausible_session_token(a));
  EXPECT_EQ(a.size(), 64u);
  const auto h = session_token_hash(a);
  EXPECT_EQ(h.size(), 64u);
  EXPECT_NE(h, a);
  EXPECT_EQ(h, session_token_hash(a));
  // SM3("abc"), GB/T 32905-2016 appendix A.
  EXPECT_EQ(session_token_hash("abc"),
            "66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0");
}

TEST(Tokens, AnythingElseIsNotLookedUp) {
  EXPECT_FALSE(plausible_session_token(""));
  EXPECT_FALSE(plausible_session_token(std::string(63, 'a')));
  EXPECT_FALSE(plausible_session_token(std::string(64, 'A')));
  EXPECT_FALSE(plausible_session_token(std::string(64, 'g')));
  EXPECT_TRUE(plausible_session_token(std::string(64, 'f')));
}

TEST(Principals, CarryTheUserTheCsrfTokenAndTheAbsoluteExpiry) {
  const AuthPolicy policy;
  User u;
  u.id = 7;
  u.login = "jj-regulator";
  u.role = Role::regulator;
  u.region_code = "360400";
  u.password_changed_at = kT0;
  Session s;
  s.id = 9;
  s.csrf_token = "c";
  s.created_at = kT0;
  const auto p = principal_of(u, s, kT0, policy);
  EXPECT_EQ(p.session_id, 9);
  EXPECT_EQ(p.user_id, 7);
  EXPECT_EQ(p.role, Role::regulator);
  EXPECT_EQ(p.region_code, "360400");
  EXPECT_EQ(p.csrf_token, "c");
  EXPECT_EQ(p.session_expires_at, kT0 + 12h);
  EXPECT_FALSE(p.must_change_password);
}

}  // namespace
}  // namespace lw::identity
