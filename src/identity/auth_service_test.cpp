// Sign-in use cases on both engines, with the clock driven by the test (no sleeping): lockout
// and its release, TOTP for admins and regulators with replay refused and their secrets sealed at
// rest, idle and absolute session expiry, logout, password change, and the audit rows of each.
#include "identity/auth_service.hpp"

#include <gtest/gtest.h>

#include <boost/asio/io_context.hpp>
#include <cctype>
#include <memory>

#include "audit/audit_log.hpp"
#include "core/metrics.hpp"
#include "crypto/totp.hpp"
#include "identity/store.hpp"
#include "identity/test_values.hpp"
#include "identity/totp_secrets.hpp"
#include "support/engine_test.hpp"
#include "support/run_task.hpp"

namespace lw::identity {
namespace {

using namespace test_values;

namespace asio = boost::asio;
using namespace std::chrono_literals;

constexpr char kPassword[] = "Demo@2026jj";

class AuthServiceTest : public lw::testing::EngineTest {
 protected:
  void SetUp() override {
    EngineTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) {
      return;
    }
    writer_ = std::make_unique<storage::Writer>(*db_, &metrics_);
    AuthPolicy policy;
    policy.argon2 = {1, 8 * 1024};  // libsodium's minimum: these tests are about the rules
    svc_ = std::make_unique<AuthService>(*db_, *writer_, clock_, auditor_, std::string(kDataKey),
                                         policy);
  }

  template <class T>
  T run(Task<T> task) {
    asio::io_context ioc;
    auto out = lw::testing::run(ioc, std::move(task));
    if (!out) {
      throw std::runtime_error("task did not finish");
    }
    return std::move(*out);
  }

  User add_user(const std::string& login, Role role, bool with_totp = false) {
    NewUser spec;
    spec.login = login;
    spec.display_name = "用户 " + login;
    spec.role = role;
    spec.password = kPassword;
    spec.must_change_password = false;
    if (with_totp) {
      spec.totp_secret = kSecret;
    }
    auto user = run(svc_->create_user(spec, service::Caller{}));
    EXPECT_TRUE(user) << user.error().note;
    return *user;
  }

  Result<LoginResult> login(const std::string& login, const std::string& password,
                            const std::string& totp = "") {
    LoginAttempt attempt{login, password, totp, "unit-test"};
    service::Caller caller;
    caller.source_ip = "192.0.2.7";
    caller.request_id = "req-1";
    return run(svc_->login(std::move(attempt), caller));
  }

  /// The code an authenticator shows now, `steps` periods away.
  std::string code(int steps = 0) const {
    const auto secret = crypto::base32_decode(kSecret);
    const auto unix_s =
        std::chrono::duration_cast<std::chrono::seconds>(clock_.now().time_since_epoch()).count();
    return crypto::totp_code(*secret, unix_s + 30 * steps);
  }

  std::optional<Principal> resolve(const std::string& token) {
    auto p = run(svc_->resolve(token));
    EXPECT_TRUE(p) << p.error().note;
    return p ? *p : std::nullopt;
  }

  Session stored_session(const std::string& token) {
    auto conn = db_->acquire();
    auto found = find_session(**conn, session_token_hash(token));
    EXPECT_TRUE(found && found->has_value());
    return (*found)->session;
  }

  /// The users row's TOTP columns as stored: {totp_secret_sealed, totp_pending_sealed}, each
  /// std::nullopt when NULL.
  std::pair<std::optional<std::string>, std::optional<std::string>> stored_totp(
      const std::string& login) {
    auto conn = db_->acquire();
    auto rows = (*conn)->query(
        "SELECT totp_secret_sealed, totp_pending_sealed, totp_secret_clear FROM users"
        " WHERE login = $1",
        storage::params({login}));
    EXPECT_TRUE(rows && rows->size() == 1);
    const storage::Row& r = rows->front();
    EXPECT_TRUE(r.is_null(2)) << "a TOTP secret in clear";
    return {r.is_null(0) ? std::nullopt : std::optional(r.bytes(0)),
            r.is_null(1) ? std::nullopt : std::optional(r.bytes(1))};
  }

  void exec(const std::string& sql) {
    auto conn = db_->acquire();
    auto n = (*conn)->exec(sql);
    ASSERT_TRUE(n) << n.error().note;
  }

  std::vector<audit::AuditEntry> audit_rows() {
    auto conn = db_->acquire();
    auto rows = audit::read(**conn, 0, 1000);
    EXPECT_TRUE(rows);
    return *rows;
  }

  Metrics metrics_;
  std::unique_ptr<storage::Writer> writer_;
  ManualClock clock_{from_micros(1'790'000'000'000'000)};
  service::Auditor auditor_{std::string(32, 'a')};
  std::unique_ptr<AuthService> svc_;
};

LW_ENGINE_SUITE(AuthServiceTest);

TEST_P(AuthServiceTest, RightPasswordOpensASessionKnownOnlyByItsHash) {
  add_user("lab-jj-01", Role::lab_admin);
  auto r = login("lab-jj-01", kPassword);
  ASSERT_TRUE(r) << r.error().code;
  EXPECT_EQ(r->principal.login, "lab-jj-01");
  EXPECT_EQ(r->principal.role, Role::lab_admin);
  EXPECT_EQ(r->principal.csrf_token.size(), 64u);
  EXPECT_TRUE(plausible_session_token(r->token));
  const Session s = stored_session(r->token);
  EXPECT_NE(s.token_hash, r->token);
  EXPECT_EQ(s.source_ip, "192.0.2.7");
  EXPECT_EQ(s.user_agent, "unit-test");
  auto p = resolve(r->token);
  ASSERT_TRUE(p);
  EXPECT_EQ(p->session_id, s.id);
  EXPECT_EQ(p->csrf_token, r->principal.csrf_token);
}

TEST_P(AuthServiceTest, LoginNamesAreMatchedWithoutCase) {
  add_user("lab-jj-01", Role::lab_admin);
  EXPECT_TRUE(login("LAB-JJ-01", kPassword));
}

TEST_P(AuthServiceTest, WrongPasswordAndUnknownLoginGetTheSameAnswerAndAreAudited) {
  add_user("lab-jj-01", Role::lab_admin);
  auto wrong = login("lab-jj-01", "Wrong@2026x");
  ASSERT_FALSE(wrong);
  EXPECT_EQ(wrong.error().code, errc::invalid_credentials);
  auto unknown = login("nobody", kPassword);
  ASSERT_FALSE(unknown);
  EXPECT_EQ(unknown.error().code, errc::invalid_credentials);
  EXPECT_EQ(unknown.error().details, wrong.error().details);
  auto garbage = login("NOT A LOGIN!", kPassword);
  EXPECT_EQ(garbage.error().code, errc::invalid_credentials);

  const auto rows = audit_rows();
  ASSERT_EQ(rows.size(), 4u);  // user.create, then three refusals
  for (std::size_t i = 1; i < rows.size(); ++i) {
    EXPECT_EQ(rows[i].action, "auth.login");
    EXPECT_EQ(rows[i].outcome, "invalid_credentials");
    EXPECT_EQ(rows[i].actor, "anonymous");
    EXPECT_EQ(rows[i].source_ip, "192.0.2.7");
  }
  EXPECT_EQ(rows[1].target, "user/lab-jj-01");
  EXPECT_EQ(rows[2].target, "user/nobody");
}

TEST_P(AuthServiceTest, FiveWrongPasswordsLockTheAccountForTenMinutes) {
  add_user("lab-jj-01", Role::lab_admin);
  for (int i = 0; i < 4; ++i) {
    EXPECT_EQ(login("lab-jj-01", "Wrong@2026x").error().code, errc::invalid_credentials) << i;
  }
  const Instant locked_at = clock_.now();
  auto fifth = login("lab-jj-01", "Wrong@2026x");
  ASSERT_FALSE(fifth);
  EXPECT_EQ(fifth.error().code, errc::account_locked);
  EXPECT_EQ(fifth.error().details.at("locked_until").as_string(), format_utc(locked_at + 10min));

  // The right password does not open a locked account, up to the last microsecond.
  auto right = login("lab-jj-01", kPassword);
  ASSERT_FALSE(right);
  EXPECT_EQ(right.error().code, errc::account_locked);
  EXPECT_EQ(right.error().details.at("retry_after_seconds").as_int64(), 600);
  clock_.advance(10min - 1us);
  EXPECT_EQ(login("lab-jj-01", kPassword).error().code, errc::account_locked);
  clock_.advance(1us);
  EXPECT_TRUE(login("lab-jj-01", kPassword));

  int locked_rows = 0;
  for (const auto& row : audit_rows()) {
    locked_rows += row.outcome == "account_locked" ? 1 : 0;
  }
  EXPECT_EQ(locked_rows, 3);  // the locking failure and the two refused attempts
}

TEST_P(AuthServiceTest, ASuccessfulLoginRestartsTheFailureCount) {
  add_user("lab-jj-01", Role::lab_admin);
  for (int i = 0; i < 4; ++i) {
    ASSERT_FALSE(login("lab-jj-01", "Wrong@2026x"));
  }
  ASSERT_TRUE(login("lab-jj-01", kPassword));
  for (int i = 0; i < 4; ++i) {
    EXPECT_EQ(login("lab-jj-01", "Wrong@2026x").error().code, errc::invalid_credentials);
  }
  EXPECT_TRUE(login("lab-jj-01", kPassword));
}

TEST_P(AuthServiceTest, AdminAndRegulatorRolesAreRefusedWithoutTotpAndAdmittedWithIt) {
  const Role roles[] = {Role::system_admin, Role::security_admin, Role::audit_admin,
                        Role::regulator};
  int n = 0;
  for (Role role : roles) {
    const std::string name = "user-" + std::to_string(n++);
    add_user(name, role, true);
    auto missing = login(name, kPassword);
    ASSERT_FALSE(missing) << role_name(role);
    EXPECT_EQ(missing.error().code, errc::totp_required) << role_name(role);
    auto ok = login(name, kPassword, code());
    EXPECT_TRUE(ok) << role_name(role) << ": " << (ok ? "" : ok.error().code);
  }
}

// A new regulator account has no authenticator yet: the password opens a session that must
// enrol one (the middleware refuses everything else); the confirmed secret then guards sign-in.
TEST_P(AuthServiceTest, ARegulatorWithoutAnEnrolledSecretMustEnrolOne) {
  add_user("jj-regulator", Role::regulator, false);
  auto first = login("jj-regulator", kPassword);
  ASSERT_TRUE(first) << first.error().code;
  const Principal p = first->principal;
  EXPECT_TRUE(p.totp_enrolment_required);
  EXPECT_FALSE(p.totp_enrolled);

  auto confirm_early = run(svc_->confirm_totp_enrolment(p, "123456", service::Caller{}));
  ASSERT_FALSE(confirm_early);
  EXPECT_EQ(confirm_early.error().code, errc::invalid_argument);

  auto enrolment = run(svc_->begin_totp_enrolment(p, service::Caller{}));
  ASSERT_TRUE(enrolment) << enrolment.error().note;
  EXPECT_TRUE(enrolment->otpauth_uri.starts_with("otpauth://totp/"));
  EXPECT_NE(enrolment->otpauth_uri.find("secret=" + enrolment->secret), std::string::npos);
  const auto raw = crypto::base32_decode(enrolment->secret);
  ASSERT_TRUE(raw);
  EXPECT_EQ(raw->size(), 20u);
  const auto now_s =
      std::chrono::duration_cast<std::chrono::seconds>(clock_.now().time_since_epoch()).count();
  const std::string good = crypto::totp_code(*raw, now_s);
  std::string bad = good;
  bad[0] = bad[0] == '9' ? '0' : static_cast<char>(bad[0] + 1);
  auto wrong = run(svc_->confirm_totp_enrolment(p, bad, service::Caller{}));
  ASSERT_FALSE(wrong);
  EXPECT_EQ(wrong.error().code, errc::invalid_argument);
  ASSERT_TRUE(run(svc_->confirm_totp_enrolment(p, good, service::Caller{})));

  // The confirming code is spent; the password alone no longer signs in.
  auto without = login("jj-regulator", kPassword);
  ASSERT_FALSE(without);
  EXPECT_EQ(without.error().code, errc::totp_required);
  auto reused = login("jj-regulator", kPassword, good);
  ASSERT_FALSE(reused);
  EXPECT_EQ(reused.error().code, errc::totp_invalid);
  clock_.advance(std::chrono::seconds(30));
  const std::string next = crypto::totp_code(*raw, now_s + 30);
  auto ok = login("jj-regulator", kPassword, next);
  ASSERT_TRUE(ok) << ok.error().code;
  EXPECT_FALSE(ok->principal.totp_enrolment_required);
}

/// Neither the base32 secret nor its raw bytes appear in `stored`, in either letter case.
void expect_no_secret_in(const std::string& stored, const std::string& base32,
                         const std::string& raw) {
  std::string lower = base32;
  for (char& c : lower) {
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  EXPECT_EQ(stored.find(base32), std::string::npos);
  EXPECT_EQ(stored.find(lower), std::string::npos);
  EXPECT_EQ(stored.find(raw), std::string::npos);
  // nonce (12) || sealed 20 raw bytes || tag (16)
  EXPECT_EQ(stored.size(), 12u + raw.size() + 16u);
}

TEST_P(AuthServiceTest, ATotpSecretIsStoredSealedAndStillSignsIn) {
  add_user("jj-regulator", Role::regulator, true);
  const auto [sealed, pending] = stored_totp("jj-regulator");
  ASSERT_TRUE(sealed);
  EXPECT_FALSE(pending);
  expect_no_secret_in(*sealed, kSecret, kRawSecret);
  // Each sealing draws a fresh nonce: the same secret of another user looks different.
  add_user("jl-regulator", Role::regulator, true);
  EXPECT_NE(stored_totp("jl-regulator").first, sealed);

  auto opened = open_totp_secret(kDataKey, "jj-regulator", *sealed);
  ASSERT_TRUE(opened) << opened.error().note;
  EXPECT_EQ(*opened, kRawSecret);
  EXPECT_FALSE(open_totp_secret(std::string(16, 'x'), "jj-regulator", *sealed));

  EXPECT_EQ(login("jj-regulator", kPassword).error().code, errc::totp_required);
  auto ok = login("jj-regulator", kPassword, code());
  ASSERT_TRUE(ok) << ok.error().code;
  EXPECT_TRUE(ok->principal.totp_enrolled);
}

TEST_P(AuthServiceTest, AnEnrolmentKeepsItsSecretSealedFromStartToConfirmation) {
  add_user("jj-regulator", Role::regulator, false);
  auto first = login("jj-regulator", kPassword);
  ASSERT_TRUE(first) << first.error().code;
  auto enrolment = run(svc_->begin_totp_enrolment(first->principal, service::Caller{}));
  ASSERT_TRUE(enrolment) << enrolment.error().note;
  const auto raw = crypto::base32_decode(enrolment->secret);
  ASSERT_TRUE(raw);
  const auto [none, pending] = stored_totp("jj-regulator");
  EXPECT_FALSE(none);
  ASSERT_TRUE(pending);
  expect_no_secret_in(*pending, enrolment->secret, *raw);

  const auto now_s =
      std::chrono::duration_cast<std::chrono::seconds>(clock_.now().time_since_epoch()).count();
  ASSERT_TRUE(run(svc_->confirm_totp_enrolment(first->principal, crypto::totp_code(*raw, now_s),
                                               service::Caller{})));
  const auto [secret, after] = stored_totp("jj-regulator");
  EXPECT_EQ(secret, pending);  // moved as sealed, never opened into the row
  EXPECT_FALSE(after);
  clock_.advance(30s);
  auto ok = login("jj-regulator", kPassword, crypto::totp_code(*raw, now_s + 30));
  EXPECT_TRUE(ok) << ok.error().code;
}

// The sealed value is bound to its user: whoever can write the table cannot give a second
// account an authenticator they hold by copying the value across.
TEST_P(AuthServiceTest, ASealedSecretCopiedOntoAnotherUsersRowDoesNotVerify) {
  add_user("jj-regulator", Role::regulator, true);
  add_user("jl-regulator", Role::regulator, false);
  exec(
      "UPDATE users SET totp_secret_sealed ="
      " (SELECT totp_secret_sealed FROM users WHERE login = 'jj-regulator')"
      " WHERE login = 'jl-regulator'");
  auto copied = login("jl-regulator", kPassword, code());
  ASSERT_FALSE(copied);
  EXPECT_EQ(copied.error().code, errc::internal);
  const auto rows = audit_rows();
  EXPECT_EQ(rows.back().action, "auth.login");
  EXPECT_EQ(rows.back().target, "user/jl-regulator");
  EXPECT_EQ(rows.back().outcome, "internal");
  // The owner's sealed value still works for its owner.
  EXPECT_TRUE(login("jj-regulator", kPassword, code()));
}

TEST_P(AuthServiceTest, APendingSecretCopiedOntoAnotherUsersRowConfirmsNothing) {
  add_user("jj-regulator", Role::regulator, false);
  add_user("jl-regulator", Role::regulator, false);
  auto owner = login("jj-regulator", kPassword);
  auto other = login("jl-regulator", kPassword);
  ASSERT_TRUE(owner && other);
  auto enrolment = run(svc_->begin_totp_enrolment(owner->principal, service::Caller{}));
  ASSERT_TRUE(enrolment);
  exec(
      "UPDATE users SET totp_pending_sealed ="
      " (SELECT totp_pending_sealed FROM users WHERE login = 'jj-regulator')"
      " WHERE login = 'jl-regulator'");
  const auto now_s =
      std::chrono::duration_cast<std::chrono::seconds>(clock_.now().time_since_epoch()).count();
  const std::string good = crypto::totp_code(*crypto::base32_decode(enrolment->secret), now_s);
  auto copied = run(svc_->confirm_totp_enrolment(other->principal, good, service::Caller{}));
  ASSERT_FALSE(copied);
  EXPECT_EQ(copied.error().code, errc::internal);
  EXPECT_FALSE(stored_totp("jl-regulator").first);
  EXPECT_TRUE(run(svc_->confirm_totp_enrolment(owner->principal, good, service::Caller{})));
}

// A database from before migration 0008 kept base32 secrets in clear; the server seals them
// at start (app::Application::open) and the users sign in as before.
TEST_P(AuthServiceTest, ASecretLeftInClearByAnOlderReleaseIsSealedAndStillSignsIn) {
  add_user("jj-regulator", Role::regulator, false);
  add_user("lab-jj-01", Role::lab_admin, false);
  exec("UPDATE users SET totp_secret_clear = '" + std::string(kSecret) +
       "' WHERE login = 'jj-regulator'");
  {
    auto conn = db_->acquire();
    auto sealed = seal_clear_totp_secrets(**conn, kDataKey);
    ASSERT_TRUE(sealed) << sealed.error().note;
    EXPECT_EQ(*sealed, std::vector<std::string>{"jj-regulator"});
    auto again = seal_clear_totp_secrets(**conn, kDataKey);
    ASSERT_TRUE(again);
    EXPECT_TRUE(again->empty());
  }
  const auto [sealed, pending] = stored_totp("jj-regulator");  // and the clear column is NULL
  ASSERT_TRUE(sealed);
  expect_no_secret_in(*sealed, kSecret, kRawSecret);
  EXPECT_FALSE(stored_totp("lab-jj-01").first);
  EXPECT_EQ(login("jj-regulator", kPassword).error().code, errc::totp_required);
  EXPECT_TRUE(login("jj-regulator", kPassword, code()));
}

TEST_P(AuthServiceTest, AWrongTotpCodeIsRefused) {
  add_user("jj-regulator", Role::regulator, true);
  const std::string right = code();
  std::string wrong = right;
  wrong[0] = wrong[0] == '9' ? '0' : static_cast<char>(wrong[0] + 1);
  auto r = login("jj-regulator", kPassword, wrong);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, errc::totp_invalid);
  EXPECT_EQ(login("jj-regulator", kPassword, "12345").error().code, errc::totp_invalid);
  EXPECT_EQ(login("jj-regulator", kPassword, code(-3)).error().code, errc::totp_invalid);
}

TEST_P(AuthServiceTest, AReusedTotpCodeIsRefusedInsideItsWindow) {
  add_user("jj-regulator", Role::regulator, true);
  const std::string used = code();
  ASSERT_TRUE(login("jj-regulator", kPassword, used));
  clock_.advance(5s);  // same 30 s step
  auto again = login("jj-regulator", kPassword, used);
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().code, errc::totp_invalid);
  EXPECT_EQ(again.error().details.at("reason").as_string(), "reused");
  // Still inside the ±1 step window a minute later: refused all the same.
  clock_.advance(30s);
  EXPECT_EQ(login("jj-regulator", kPassword, used).error().code, errc::totp_invalid);
  // The code of the following step works once.
  EXPECT_TRUE(login("jj-regulator", kPassword, code()));
}

TEST_P(AuthServiceTest, ACodeOlderThanTheLastOneUsedIsRefused) {
  add_user("jj-regulator", Role::regulator, true);
  const std::string previous = code(-1);
  ASSERT_TRUE(login("jj-regulator", kPassword, code()));
  EXPECT_EQ(login("jj-regulator", kPassword, previous).error().code, errc::totp_invalid);
}

TEST_P(AuthServiceTest, WrongTotpCodesCountTowardsTheLockout) {
  add_user("jj-regulator", Role::regulator, true);
  for (int i = 0; i < 4; ++i) {
    EXPECT_EQ(login("jj-regulator", kPassword, "000000").error().code, errc::totp_invalid);
  }
  EXPECT_EQ(login("jj-regulator", kPassword, "000000").error().code, errc::account_locked);
  EXPECT_EQ(login("jj-regulator", kPassword, code()).error().code, errc::account_locked);
}

TEST_P(AuthServiceTest, ASuccessfulLoginIsAuditedInTheUsersName) {
  add_user("jj-regulator", Role::regulator, true);
  ASSERT_TRUE(login("jj-regulator", kPassword, code()));
  const auto rows = audit_rows();
  ASSERT_FALSE(rows.empty());
  EXPECT_EQ(rows.back().action, "auth.login");
  EXPECT_EQ(rows.back().outcome, "ok");
  EXPECT_EQ(rows.back().actor, "jj-regulator");
  EXPECT_EQ(rows.back().role, "regulator");
  EXPECT_EQ(rows.back().request_id, "req-1");
}

TEST_P(AuthServiceTest, ASessionIdleForThirtyMinutesExpires) {
  add_user("lab-jj-01", Role::lab_admin);
  auto r = login("lab-jj-01", kPassword);
  ASSERT_TRUE(r);
  clock_.advance(29min);
  ASSERT_TRUE(resolve(r->token));  // activity: last_seen moves to +29 min
  clock_.advance(29min);
  ASSERT_TRUE(resolve(r->token));
  clock_.advance(30min);
  EXPECT_FALSE(resolve(r->token));
}

TEST_P(AuthServiceTest, ASessionEndsTwelveHoursAfterLoginHoweverActive) {
  add_user("lab-jj-01", Role::lab_admin);
  auto r = login("lab-jj-01", kPassword);
  ASSERT_TRUE(r);
  for (int i = 0; i < 12 * 3 - 1; ++i) {
    clock_.advance(20min);
    ASSERT_TRUE(resolve(r->token)) << "after " << (i + 1) * 20 << " min";
  }
  clock_.advance(20min - 1us);
  ASSERT_TRUE(resolve(r->token));
  clock_.advance(1us);  // exactly 12 h
  EXPECT_FALSE(resolve(r->token));
}

TEST_P(AuthServiceTest, LastSeenIsWrittenAtMostOnceAMinute) {
  add_user("lab-jj-01", Role::lab_admin);
  auto r = login("lab-jj-01", kPassword);
  ASSERT_TRUE(r);
  const Instant t0 = clock_.now();
  clock_.advance(30s);
  ASSERT_TRUE(resolve(r->token));
  EXPECT_EQ(stored_session(r->token).last_seen_at, t0);
  clock_.advance(31s);
  ASSERT_TRUE(resolve(r->token));
  EXPECT_EQ(stored_session(r->token).last_seen_at, t0 + 61s);
}

TEST_P(AuthServiceTest, LogoutEndsTheSessionServerSide) {
  add_user("lab-jj-01", Role::lab_admin);
  auto r = login("lab-jj-01", kPassword);
  ASSERT_TRUE(r);
  const auto caller = caller_as(r->principal, service::Caller{});
  ASSERT_TRUE(run(svc_->logout(r->principal, caller)));
  EXPECT_FALSE(resolve(r->token));
  EXPECT_EQ(stored_session(r->token).end_reason, "logout");
  const auto rows = audit_rows();
  EXPECT_EQ(rows.back().action, "auth.logout");
  EXPECT_EQ(rows.back().actor, "lab-jj-01");
  EXPECT_EQ(rows.back().outcome, "ok");
}

TEST_P(AuthServiceTest, UnknownOrMalformedTokensResolveToNobody) {
  EXPECT_FALSE(resolve(""));
  EXPECT_FALSE(resolve("not-a-token"));
  EXPECT_FALSE(resolve(new_session_token()));
}

TEST_P(AuthServiceTest, ADisabledUserCannotSignInAndTheirSessionsStop) {
  add_user("lab-jj-01", Role::lab_admin);
  auto r = login("lab-jj-01", kPassword);
  ASSERT_TRUE(r);
  {
    auto conn = db_->acquire();
    ASSERT_TRUE((*conn)->exec("UPDATE users SET disabled = 1 WHERE login = 'lab-jj-01'"));
  }
  EXPECT_FALSE(resolve(r->token));
  EXPECT_EQ(login("lab-jj-01", kPassword).error().code, errc::invalid_credentials);
}

TEST_P(AuthServiceTest, PasswordChangeChecksTheOldOneAndThePolicy) {
  add_user("lab-jj-01", Role::lab_admin);
  auto r = login("lab-jj-01", kPassword);
  ASSERT_TRUE(r);
  const auto caller = caller_as(r->principal, service::Caller{});
  auto wrong_old = run(svc_->change_password(r->principal, "Wrong@2026x", "New#Pass2027", caller));
  ASSERT_FALSE(wrong_old);
  EXPECT_EQ(wrong_old.error().code, errc::password_incorrect);

  auto weak = run(svc_->change_password(r->principal, kPassword, "password", caller));
  ASSERT_FALSE(weak);
  EXPECT_EQ(weak.error().code, errc::invalid_argument);
  EXPECT_TRUE(weak.error().details.at("fields").as_object().contains("new_password"));
  auto contains_login =
      run(svc_->change_password(r->principal, kPassword, "Lab-jj-01#2027", caller));
  EXPECT_EQ(contains_login.error().details.at("fields").at("new_password").as_string(),
            "contains_login");
  auto same = run(svc_->change_password(r->principal, kPassword, kPassword, caller));
  EXPECT_EQ(same.error().details.at("fields").at("new_password").as_string(), "same_as_old");
}

TEST_P(AuthServiceTest, ANewPasswordReplacesTheOldAndEndsOtherSessions) {
  add_user("lab-jj-01", Role::lab_admin);
  auto other = login("lab-jj-01", kPassword);
  auto current = login("lab-jj-01", kPassword);
  ASSERT_TRUE(other && current);
  const auto caller = caller_as(current->principal, service::Caller{});
  ASSERT_TRUE(run(svc_->change_password(current->principal, kPassword, "New#Pass2027", caller)));
  EXPECT_TRUE(resolve(current->token));
  EXPECT_FALSE(resolve(other->token));
  EXPECT_EQ(login("lab-jj-01", kPassword).error().code, errc::invalid_credentials);
  EXPECT_TRUE(login("lab-jj-01", "New#Pass2027"));
  bool audited = false;
  for (const auto& row : audit_rows()) {
    audited = audited || (row.action == "auth.password_change" && row.outcome == "ok" &&
                          row.actor == "lab-jj-01");
  }
  EXPECT_TRUE(audited);
}

TEST_P(AuthServiceTest, AChangeIsDueForAFirstPasswordAndAfterNinetyDays) {
  NewUser spec{"lab-jj-02",  "新员工", Role::lab_staff, std::nullopt, "360402-0001", kPassword,
               std::nullopt, true,     std::nullopt};
  ASSERT_TRUE(run(svc_->create_user(spec, service::Caller{})));
  auto first = login("lab-jj-02", kPassword);
  ASSERT_TRUE(first);
  EXPECT_TRUE(first->principal.must_change_password);
  const auto caller = caller_as(first->principal, service::Caller{});
  ASSERT_TRUE(run(svc_->change_password(first->principal, kPassword, "New#Pass2027", caller)));
  auto after = login("lab-jj-02", "New#Pass2027");
  ASSERT_TRUE(after);
  EXPECT_FALSE(after->principal.must_change_password);
  clock_.advance(std::chrono::days(90));
  auto old = login("lab-jj-02", "New#Pass2027");
  ASSERT_TRUE(old);
  EXPECT_TRUE(old->principal.must_change_password);
}

TEST_P(AuthServiceTest, UsersAreCreatedOnlyWithAPasswordThePolicyAccepts) {
  NewUser spec{"lab-jj-03",  "x",  Role::lab_staff, std::nullopt, std::nullopt, "abc12345",
               std::nullopt, true, std::nullopt};
  auto weak = run(svc_->create_user(spec, service::Caller{}));
  ASSERT_FALSE(weak);
  EXPECT_EQ(weak.error().code, errc::invalid_argument);
  spec.password = kPassword;
  spec.login = "Bad Login";
  EXPECT_EQ(run(svc_->create_user(spec, service::Caller{})).error().code, errc::invalid_argument);
  spec.login = "lab-jj-03";
  ASSERT_TRUE(run(svc_->create_user(spec, service::Caller{})));
  EXPECT_EQ(run(svc_->create_user(spec, service::Caller{})).error().code, errc::conflict);
}

}  // namespace
}  // namespace lw::identity
