// The user and session repository on both engines.
#include "identity/store.hpp"

#include <gtest/gtest.h>

#include "identity/test_values.hpp"
#include "support/engine_test.hpp"

namespace lw::identity {
namespace {

using namespace test_values;

using namespace std::chrono_literals;
using namespace std::string_literals;

class IdentityStoreTest : public lw::testing::EngineTest {
 protected:
  IdentityStoreTest() : EngineTest({.connect = true}) {}

  User add_user(const std::string& login, Role role = Role::lab_staff) {
    User u;
    u.login = login;
    u.display_name = "用户 " + login;
    u.role = role;
    u.password_hash = "$argon2id$not-a-real-hash";
    u.password_changed_at = kT0;
    u.created_at = kT0;
    auto st = insert_user(*c_, u);
    EXPECT_TRUE(st) << st.error().note;
    return u;
  }

  Session add_session(const User& u, const std::string& token_hash, Instant at = kT0) {
    Session s;
    s.user_id = u.id;
    s.token_hash = token_hash;
    s.csrf_token = "csrf-" + token_hash;
    s.created_at = at;
    s.last_seen_at = at;
    s.source_ip = "127.0.0.1";
    s.user_agent = "test";
    auto st = insert_session(*c_, s);
    EXPECT_TRUE(st) << st.error().note;
    return s;
  }

  User reload(const User& u) {
    auto found = find_user(*c_, u.id);
    EXPECT_TRUE(found && found->has_value());
    return **found;
  }

  Session session_of(const std::string& token_hash) {
    auto found = find_session(*c_, token_hash);
    EXPECT_TRUE(found && found->has_value());
    return (*found)->session;
  }
};

LW_ENGINE_SUITE(IdentityStoreTest);

TEST_P(IdentityStoreTest, UserRoundTripsEveryField) {
  User u;
  u.login = "jj-regulator";
  u.display_name = "九江市住建局 监管员";
  u.role = Role::regulator;
  u.region_code = "360400";
  u.password_hash = "$argon2id$v=19$m=65536,t=2,p=1$salt$hash";
  u.password_changed_at = kT0 + 1us;
  u.must_change_password = true;
  u.failed_attempts = 2;
  u.locked_until = kT0 + 10min;
  u.totp_secret_sealed = "\x00\xff sealed\x80"s;  // bytes, not text
  u.totp_last_step = 59'666'666;
  u.disabled = true;
  u.created_at = kT0;
  ASSERT_TRUE(insert_user(*c_, u));
  EXPECT_GT(u.id, 0);
  auto found = find_user_by_login(*c_, "jj-regulator");
  ASSERT_TRUE(found) << found.error().note;
  ASSERT_TRUE(found->has_value());
  const User& f = **found;
  EXPECT_EQ(f.id, u.id);
  EXPECT_EQ(f.display_name, u.display_name);
  EXPECT_EQ(f.role, Role::regulator);
  EXPECT_EQ(f.region_code, "360400");
  EXPECT_FALSE(f.lab_code.has_value());
  EXPECT_EQ(f.password_hash, u.password_hash);
  EXPECT_EQ(f.password_changed_at, u.password_changed_at);
  EXPECT_TRUE(f.must_change_password);
  EXPECT_EQ(f.failed_attempts, 2);
  EXPECT_EQ(f.locked_until, u.locked_until);
  EXPECT_EQ(f.totp_secret_sealed, u.totp_secret_sealed);
  EXPECT_FALSE(f.totp_pending_sealed.has_value());
  EXPECT_EQ(f.totp_last_step, u.totp_last_step);
  EXPECT_TRUE(f.disabled);
  EXPECT_EQ(f.created_at, kT0);
}

TEST_P(IdentityStoreTest, AbsentOptionalFieldsStayAbsent) {
  const User u = add_user("lab-jj-01", Role::lab_admin);
  const User f = reload(u);
  EXPECT_FALSE(f.region_code.has_value());
  EXPECT_FALSE(f.locked_until.has_value());
  EXPECT_FALSE(f.totp_secret_sealed.has_value());
  EXPECT_FALSE(f.totp_pending_sealed.has_value());
  EXPECT_FALSE(f.totp_last_step.has_value());
  EXPECT_FALSE(f.disabled);
}

TEST_P(IdentityStoreTest, ALoginCanBeTakenOnlyOnce) {
  add_user("sysadmin", Role::system_admin);
  User again;
  again.login = "sysadmin";
  again.display_name = "x";
  again.password_hash = "h";
  auto st = insert_user(*c_, again);
  ASSERT_FALSE(st);
  EXPECT_EQ(st.error().code, errc::conflict);
  auto n = count_users(*c_);
  ASSERT_TRUE(n);
  EXPECT_EQ(*n, 1);
}

TEST_P(IdentityStoreTest, UnknownUserIsEmpty) {
  auto by_login = find_user_by_login(*c_, "nobody");
  ASSERT_TRUE(by_login);
  EXPECT_FALSE(by_login->has_value());
  auto by_id = find_user(*c_, 4242);
  ASSERT_TRUE(by_id);
  EXPECT_FALSE(by_id->has_value());
}

TEST_P(IdentityStoreTest, TheFifthConsecutiveFailureLocksAndRestartsTheCount) {
  const User u = add_user("lab-jj-01");
  for (int i = 1; i <= 4; ++i) {
    auto c = record_login_failure(*c_, u.id, 5, kT0 + 10min);
    ASSERT_TRUE(c) << c.error().note;
    EXPECT_EQ(c->failed_attempts, i);
    EXPECT_FALSE(c->locked_until.has_value());
  }
  auto fifth = record_login_failure(*c_, u.id, 5, kT0 + 10min);
  ASSERT_TRUE(fifth);
  EXPECT_EQ(fifth->failed_attempts, 0);
  EXPECT_EQ(fifth->locked_until, kT0 + 10min);
  EXPECT_EQ(reload(u).locked_until, kT0 + 10min);
}

TEST_P(IdentityStoreTest, SuccessClearsFailuresButNotWhileLocked) {
  const User u = add_user("lab-jj-01");
  ASSERT_TRUE(record_login_failure(*c_, u.id, 2, kT0 + 10min));
  auto ok = record_login_success(*c_, u.id, kT0, std::nullopt);
  ASSERT_TRUE(ok);
  EXPECT_TRUE(*ok);
  EXPECT_EQ(reload(u).failed_attempts, 0);

  ASSERT_TRUE(record_login_failure(*c_, u.id, 2, kT0 + 10min));
  ASSERT_TRUE(record_login_failure(*c_, u.id, 2, kT0 + 10min));  // locks
  auto refused = record_login_success(*c_, u.id, kT0 + 9min, std::nullopt);
  ASSERT_TRUE(refused);
  EXPECT_FALSE(*refused);
  auto after = record_login_success(*c_, u.id, kT0 + 10min, std::nullopt);
  ASSERT_TRUE(after);
  EXPECT_TRUE(*after);
  EXPECT_FALSE(reload(u).locked_until.has_value());
}

TEST_P(IdentityStoreTest, ATotpStepIsAcceptedOnlyWhenNewerThanTheLastOne) {
  const User u = add_user("jj-regulator", Role::regulator);
  auto first = record_login_success(*c_, u.id, kT0, 100);
  ASSERT_TRUE(first);
  EXPECT_TRUE(*first);
  EXPECT_EQ(reload(u).totp_last_step, 100);
  auto same = record_login_success(*c_, u.id, kT0, 100);
  ASSERT_TRUE(same);
  EXPECT_FALSE(*same);
  auto older = record_login_success(*c_, u.id, kT0, 99);
  ASSERT_TRUE(older);
  EXPECT_FALSE(*older);
  auto newer = record_login_success(*c_, u.id, kT0, 101);
  ASSERT_TRUE(newer);
  EXPECT_TRUE(*newer);
  EXPECT_EQ(reload(u).totp_last_step, 101);
}

TEST_P(IdentityStoreTest, APendingSecretBecomesTheUsersOnlyWhileItIsStillPending) {
  const User u = add_user("jj-regulator", Role::regulator);
  const std::string first = "\x01\x00 first\xfe"s;  // bytes, not text
  const std::string second = "\x02\x00 second\xfe"s;
  ASSERT_TRUE(set_totp_pending(*c_, u.id, first));
  EXPECT_EQ(reload(u).totp_pending_sealed, first);
  ASSERT_TRUE(set_totp_pending(*c_, u.id, second));  // a newer enrolment replaces it
  auto stale = activate_totp(*c_, u.id, first, 100);
  ASSERT_TRUE(stale) << stale.error().note;
  EXPECT_FALSE(*stale);
  EXPECT_FALSE(reload(u).totp_secret_sealed.has_value());
  auto done = activate_totp(*c_, u.id, second, 100);
  ASSERT_TRUE(done) << done.error().note;
  EXPECT_TRUE(*done);
  const User f = reload(u);
  EXPECT_EQ(f.totp_secret_sealed, second);
  EXPECT_FALSE(f.totp_pending_sealed.has_value());
  EXPECT_EQ(f.totp_last_step, 100);
}

TEST_P(IdentityStoreTest, SetPasswordReplacesHashAndDates) {
  const User u = add_user("lab-jj-01");
  ASSERT_TRUE(set_password(*c_, u.id, "$argon2id$new", kT0 + 1h, true));
  const User f = reload(u);
  EXPECT_EQ(f.password_hash, "$argon2id$new");
  EXPECT_EQ(f.password_changed_at, kT0 + 1h);
  EXPECT_TRUE(f.must_change_password);
  EXPECT_EQ(set_password(*c_, 999, "h", kT0, false).error().code, errc::not_found);
}

TEST_P(IdentityStoreTest, SessionLookupByTokenHashBringsItsUser) {
  const User u = add_user("jl-regulator", Role::regulator);
  const Session s = add_session(u, "hash-1");
  auto found = find_session(*c_, "hash-1");
  ASSERT_TRUE(found) << found.error().note;
  ASSERT_TRUE(found->has_value());
  EXPECT_EQ((*found)->session.id, s.id);
  EXPECT_EQ((*found)->session.csrf_token, "csrf-hash-1");
  EXPECT_EQ((*found)->session.created_at, kT0);
  EXPECT_EQ((*found)->session.user_agent, "test");
  EXPECT_FALSE((*found)->session.ended_at.has_value());
  EXPECT_EQ((*found)->user.login, "jl-regulator");
  EXPECT_EQ((*found)->user.role, Role::regulator);
  auto none = find_session(*c_, "hash-2");
  ASSERT_TRUE(none);
  EXPECT_FALSE(none->has_value());
}

TEST_P(IdentityStoreTest, TokenHashesAreUnique) {
  const User u = add_user("lab-jj-01");
  add_session(u, "same");
  Session dup;
  dup.user_id = u.id;
  dup.token_hash = "same";
  EXPECT_EQ(insert_session(*c_, dup).error().code, errc::conflict);
}

TEST_P(IdentityStoreTest, TouchMovesLastSeenForwardOnly) {
  const User u = add_user("lab-jj-01");
  const Session s = add_session(u, "h");
  ASSERT_TRUE(touch_session(*c_, s.id, kT0 + 5min));
  EXPECT_EQ(session_of("h").last_seen_at, kT0 + 5min);
  ASSERT_TRUE(touch_session(*c_, s.id, kT0 + 2min));
  EXPECT_EQ(session_of("h").last_seen_at, kT0 + 5min);
}

TEST_P(IdentityStoreTest, ASessionEndsOnceAndIsNotTouchedAfterwards) {
  const User u = add_user("lab-jj-01");
  const Session s = add_session(u, "h");
  auto first = end_session(*c_, s.id, kT0 + 1min, "logout");
  ASSERT_TRUE(first);
  EXPECT_TRUE(*first);
  auto again = end_session(*c_, s.id, kT0 + 2min, "logout");
  ASSERT_TRUE(again);
  EXPECT_FALSE(*again);
  ASSERT_TRUE(touch_session(*c_, s.id, kT0 + 3min));
  const Session f = session_of("h");
  EXPECT_EQ(f.ended_at, kT0 + 1min);
  EXPECT_EQ(f.end_reason, "logout");
  EXPECT_EQ(f.last_seen_at, kT0);
}

TEST_P(IdentityStoreTest, EndingOtherSessionsKeepsTheCurrentAndOtherUsers) {
  const User u = add_user("lab-jj-01");
  const User other = add_user("lab-jj-02");
  const Session current = add_session(u, "current");
  add_session(u, "old-1");
  add_session(u, "old-2");
  add_session(other, "theirs");
  auto n = end_other_sessions(*c_, u.id, current.id, kT0 + 1h, "password_changed");
  ASSERT_TRUE(n);
  EXPECT_EQ(*n, 2);
  EXPECT_FALSE(session_of("current").ended_at.has_value());
  EXPECT_EQ(session_of("old-1").end_reason, "password_changed");
  EXPECT_TRUE(session_of("old-2").ended_at.has_value());
  EXPECT_FALSE(session_of("theirs").ended_at.has_value());
}

}  // namespace
}  // namespace lw::identity
