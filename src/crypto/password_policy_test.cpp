#include <gtest/gtest.h>

#include <boost/json/serialize.hpp>

#include <set>

#include "crypto/password.hpp"

namespace lw::crypto {
namespace {

const PasswordPolicy kDefault{};

// The reason code check_password refused with, or "" when it accepted.
std::string reason(std::string_view password, std::string_view login = "alice",
                   const PasswordPolicy& policy = kDefault) {
  const Status s = check_password(policy, password, login);
  if (s.ok()) {
    return "";
  }
  EXPECT_EQ(s.error().code, "invalid_argument");
  return std::string(s.error().details.at("fields").as_object().at("password").as_string());
}

TEST(CheckPassword, AcceptsAStrongPassword) {
  EXPECT_EQ(reason("Lab-Watch-2026"), "");
  EXPECT_EQ(reason("tR7#kq9z"), "");
}

TEST(CheckPassword, DetailsNameThePasswordField) {
  const Status s = check_password(kDefault, "short", "alice");
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(boost::json::serialize(s.error().details), R"({"fields":{"password":"too_short"}})");
}

TEST(CheckPassword, TooShortCountsCodePointsNotBytes) {
  EXPECT_EQ(reason("Ab1!xyz"), "too_short");
  EXPECT_EQ(reason("Ab1!xyzw"), "");
  EXPECT_EQ(reason("密码Ab1"), "too_short");  // 5 code points, 9 bytes
  EXPECT_EQ(reason("实验室密码Ab1"), "");     // 8 code points
  EXPECT_EQ(reason("", "alice", PasswordPolicy{0, 0}), "");
}

TEST(CheckPassword, TooFewClasses) {
  EXPECT_EQ(reason("abcdefghij"), "too_few_classes");
  EXPECT_EQ(reason("abcdefgh12"), "too_few_classes");
  EXPECT_EQ(reason("ABCDEFGH!!"), "too_few_classes");
  EXPECT_EQ(reason("abcdEFGH12"), "");
  EXPECT_EQ(reason("实验室密码abc1"), "");  // non-ASCII counts as "other"
  EXPECT_EQ(reason("abcdefgh12", "alice", PasswordPolicy{8, 2}), "");
  EXPECT_EQ(reason("abcdEFGH12", "alice", PasswordPolicy{8, 4}), "too_few_classes");
}

TEST(CheckPassword, ContainsLoginCaseInsensitively) {
  EXPECT_EQ(reason("xxALICE-2026", "alice"), "contains_login");
  EXPECT_EQ(reason("Zhangwei#2026", "ZhangWei"), "contains_login");
  EXPECT_EQ(reason("Al1ce-2026!", "alice"), "");
  EXPECT_EQ(reason("Bob-2026!x", "bo"), "");  // logins under 3 characters are not checked
  EXPECT_EQ(reason("Bob-2026!x", "bob"), "contains_login");
  EXPECT_EQ(reason("Bob-2026!x", ""), "");
}

TEST(CheckPassword, TooCommonCaseInsensitively) {
  for (std::string_view pw :
       {"Aa123456", "P@ssw0rd", "Admin@123", "Qwer1234", "p@SSW0RD", "1qaz@WSX", "Abcd1234"}) {
    EXPECT_EQ(reason(pw), "too_common") << pw;
  }
  const PasswordPolicy lax{6, 1};
  for (std::string_view pw : {"123456", "88888888", "1qaz2wsx", "woaini1314", "WoAiNi1314"}) {
    EXPECT_EQ(reason(pw, "alice", lax), "too_common") << pw;
  }
  EXPECT_EQ(reason("Aa1234567"), "");
}

TEST(CheckPassword, ReportsTheFirstFailedRule) {
  EXPECT_EQ(reason("123456"), "too_short");          // also common
  EXPECT_EQ(reason("88888888"), "too_few_classes");  // also common
  EXPECT_EQ(reason("Admin@123", "admin"), "contains_login");
}

TEST(CommonPasswords, AreLowerCaseUniqueAndIncludeChineseFavourites) {
  const auto list = common_passwords();
  EXPECT_GE(list.size(), 100u);
  std::set<std::string_view> seen;
  for (std::string_view pw : list) {
    EXPECT_TRUE(seen.insert(pw).second) << "duplicate " << pw;
    for (char c : pw) {
      EXPECT_FALSE(c >= 'A' && c <= 'Z') << pw;
    }
  }
  for (std::string_view pw : {"123456", "88888888", "1qaz2wsx", "woaini1314", "aa123456",
                              "p@ssw0rd", "admin@123", "qwer1234", "5201314"}) {
    EXPECT_TRUE(seen.contains(pw)) << pw;
  }
}

}  // namespace
}  // namespace lw::crypto
