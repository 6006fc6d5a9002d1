#include "core/result.hpp"

#include <gtest/gtest.h>

#include <string>

namespace lw {
namespace {

Result<int> parse_digit(char c) {
  if (c < '0' || c > '9') {
    return Error(std::string(errc::invalid_argument), "not a digit");
  }
  return c - '0';
}

Status both_digits(char a, char b) {
  LW_TRY(parse_digit(a));
  LW_TRY(parse_digit(b));
  return {};
}

TEST(Result, HoldsValueOrError) {
  auto ok = parse_digit('7');
  ASSERT_TRUE(ok.ok());
  EXPECT_EQ(*ok, 7);
  auto bad = parse_digit('x');
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().code, errc::invalid_argument);
  EXPECT_EQ(bad.error().note, "not a digit");
}

TEST(Status, DefaultIsOkAndErrorIsNot) {
  EXPECT_TRUE(Status{}.ok());
  EXPECT_TRUE(Status::Ok());
  Status st = Error(std::string(errc::conflict));
  EXPECT_FALSE(st.ok());
  EXPECT_EQ(st.error().code, errc::conflict);
}

TEST(Result, TryPropagatesTheFirstError) {
  EXPECT_TRUE(both_digits('1', '2'));
  auto st = both_digits('1', 'x');
  ASSERT_FALSE(st);
  EXPECT_EQ(st.error().code, errc::invalid_argument);
}

}  // namespace
}  // namespace lw
