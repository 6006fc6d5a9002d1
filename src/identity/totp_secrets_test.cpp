// TOTP secrets at rest: sealing bound to the user, and the upgrade of a database whose secrets
// an older release kept in clear, through the real migration, on both engines.
#include "identity/totp_secrets.hpp"

#include <gtest/gtest.h>

#include "crypto/totp.hpp"
#include "identity/store.hpp"
#include "identity/test_values.hpp"
#include "storage/migrations.hpp"
#include "support/engine_test.hpp"

namespace lw::identity {
namespace {

using namespace test_values;

TEST(TotpSecrets, OpenOnlyForTheUserAndUnderTheKeyTheyWereSealedFor) {
  const std::string sealed = seal_totp_secret(kDataKey, "jj-regulator", kRawSecret);
  EXPECT_EQ(sealed.find(kRawSecret), std::string::npos);
  auto opened = open_totp_secret(kDataKey, "jj-regulator", sealed);
  ASSERT_TRUE(opened) << opened.error().note;
  EXPECT_EQ(*opened, kRawSecret);

  auto other_user = open_totp_secret(kDataKey, "jl-regulator", sealed);
  ASSERT_FALSE(other_user);
  EXPECT_EQ(other_user.error().code, errc::internal);
  EXPECT_FALSE(open_totp_secret(std::string(16, 'e'), "jj-regulator", sealed));
  std::string altered = sealed;
  altered[13] = static_cast<char>(altered[13] ^ 1);
  EXPECT_FALSE(open_totp_secret(kDataKey, "jj-regulator", altered));
  EXPECT_FALSE(open_totp_secret(kDataKey, "jj-regulator", ""));
}

TEST(TotpSecrets, TheBindingNamesTheColumnsAndTheLogin) {
  EXPECT_EQ(totp_aad("jj-regulator"), "users.totp:jj-regulator");
  EXPECT_NE(seal_totp_secret(kDataKey, "a", kRawSecret),
            seal_totp_secret(kDataKey, "a", kRawSecret));
}

class TotpUpgradeTest : public lw::testing::EngineTest {
 protected:
  TotpUpgradeTest() : EngineTest({.connect = true, .migrate = false}) {}

  /// The schema as an older release left it: every migration before `version`, recorded.
  void migrate_before(int version) {
    exec_script(
        "CREATE TABLE schema_migrations ("
        " version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL)");
    for (const auto& m : storage::migrations_for(c_->engine())) {
      if (m.version >= version) {
        break;
      }
      exec_script(std::string(m.sql));
      auto n =
          c_->exec("INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, 0)",
                   storage::params({std::int64_t{m.version}, std::string(m.name)}));
      ASSERT_TRUE(n) << n.error().note;
    }
  }

  void add_old_user(const std::string& login, const char* secret, const char* pending) {
    auto n = c_->exec(
        "INSERT INTO users (login, display_name, role, password_hash, password_changed_at,"
        " created_at, totp_secret, totp_pending) VALUES ($1, $1, 'regulator', 'h', 0, 0, $2, $3)",
        storage::params({login, secret ? storage::Value(std::string(secret)) : nullptr,
                         pending ? storage::Value(std::string(pending)) : nullptr}));
    ASSERT_TRUE(n) << n.error().note;
  }
};

LW_ENGINE_SUITE(TotpUpgradeTest);

TEST_P(TotpUpgradeTest, ClearSecretsOfAnOlderReleaseAreSealedAfterMigration0008) {
  migrate_before(8);
  add_old_user("jj-regulator", kSecret, nullptr);
  add_old_user("jl-regulator", nullptr, "JBSWY3DPEHPK3PXP");  // enrolment under way
  add_old_user("sysadmin", nullptr, nullptr);
  auto state = storage::migrate(*c_);
  ASSERT_TRUE(state) << state.error().note;
  EXPECT_TRUE(state->up_to_date());

  // Between the migration and the start-up step the secret waits, renamed, in clear.
  auto waiting = c_->query("SELECT totp_secret_clear FROM users WHERE login = 'jj-regulator'");
  ASSERT_TRUE(waiting) << waiting.error().note;
  EXPECT_EQ(waiting->at(0).text(0), kSecret);

  auto sealed = seal_clear_totp_secrets(*c_, kDataKey);
  ASSERT_TRUE(sealed) << sealed.error().note;
  EXPECT_EQ(*sealed, std::vector<std::string>{"jj-regulator"});
  auto left = c_->query("SELECT COUNT(*) FROM users WHERE totp_secret_clear IS NOT NULL");
  ASSERT_TRUE(left);
  EXPECT_EQ(left->at(0).int64(0), 0);

  auto jj = find_user_by_login(*c_, "jj-regulator");
  ASSERT_TRUE(jj && *jj);
  ASSERT_TRUE((*jj)->totp_secret_sealed);
  EXPECT_EQ((*jj)->totp_secret_sealed->find(kSecret), std::string::npos);
  auto opened = open_totp_secret(kDataKey, "jj-regulator", *(*jj)->totp_secret_sealed);
  ASSERT_TRUE(opened) << opened.error().note;
  EXPECT_EQ(*opened, kRawSecret);
  // The enrolment under way starts again; the user without TOTP stays without.
  auto jl = find_user_by_login(*c_, "jl-regulator");
  ASSERT_TRUE(jl && *jl);
  EXPECT_FALSE((*jl)->totp_secret_sealed);
  EXPECT_FALSE((*jl)->totp_pending_sealed);
  auto admin = find_user_by_login(*c_, "sysadmin");
  ASSERT_TRUE(admin && *admin);
  EXPECT_FALSE((*admin)->totp_secret_sealed);

  auto again = seal_clear_totp_secrets(*c_, kDataKey);
  ASSERT_TRUE(again);
  EXPECT_TRUE(again->empty());
}

TEST_P(TotpUpgradeTest, AClearValueThatIsNotBase32StopsTheUpgrade) {
  migrate_before(8);
  add_old_user("jj-regulator", "not base32!", nullptr);
  ASSERT_TRUE(storage::migrate(*c_));
  auto sealed = seal_clear_totp_secrets(*c_, kDataKey);
  ASSERT_FALSE(sealed);
  EXPECT_EQ(sealed.error().code, errc::internal);
  auto kept = c_->query("SELECT totp_secret_clear FROM users WHERE login = 'jj-regulator'");
  ASSERT_TRUE(kept);
  EXPECT_EQ(kept->at(0).text(0), "not base32!");
}

}  // namespace
}  // namespace lw::identity
