#include "domain/connectivity.hpp"

#include <gtest/gtest.h>

#include <string>

namespace lw::domain {
namespace {

ConnectivityCheck good() {
  ConnectivityCheck c;
  c.lab_code = "LAB-0421";
  c.message = "联调自检 ok";
  return c;
}

std::string repeat(const std::string& s, int n) {
  std::string out;
  for (int i = 0; i < n; ++i) {
    out += s;
  }
  return out;
}

// The names under details.fields of a validation error.
bool names_field(const Status& st, const char* field) {
  if (st.ok() || st.error().code != errc::invalid_argument) {
    return false;
  }
  const auto* fields = st.error().details.if_contains("fields");
  return fields && fields->is_object() && fields->as_object().contains(field);
}

TEST(ValidateConnectivityCheck, AcceptsAGoodCheck) {
  EXPECT_TRUE(validate(good()));
  auto c = good();
  c.message.clear();  // the message is optional
  EXPECT_TRUE(validate(c));
}

TEST(ValidateConnectivityCheck, LabCodeMustBePresent) {
  auto c = good();
  c.lab_code.clear();
  const auto st = validate(c);
  EXPECT_TRUE(names_field(st, "lab_code"));
  EXPECT_FALSE(names_field(st, "message"));
}

TEST(ValidateConnectivityCheck, LabCodeMustBeUpperCaseDigitsAndDashes) {
  for (const char* bad : {"lab-0421", "Lab", "LAB 0421", "LAB_0421", "LAB/1", "检测站", "LAB\n"}) {
    auto c = good();
    c.lab_code = bad;
    EXPECT_TRUE(names_field(validate(c), "lab_code")) << bad;
  }
  for (const char* ok : {"A", "0", "-", "LAB-0421-X9"}) {
    auto c = good();
    c.lab_code = ok;
    EXPECT_TRUE(validate(c)) << ok;
  }
}

TEST(ValidateConnectivityCheck, LabCodeAtMost32Characters) {
  auto c = good();
  c.lab_code = std::string(32, 'A');
  EXPECT_TRUE(validate(c));
  c.lab_code = std::string(33, 'A');
  EXPECT_TRUE(names_field(validate(c), "lab_code"));
}

TEST(ValidateConnectivityCheck, MessageLimitCountsAsciiCharacters) {
  auto c = good();
  c.message = std::string(500, 'x');
  EXPECT_TRUE(validate(c));
  c.message = std::string(501, 'x');
  EXPECT_TRUE(names_field(validate(c), "message"));
}

TEST(ValidateConnectivityCheck, MessageLimitCountsUtf8CharactersNotBytes) {
  auto c = good();
  c.message = repeat("检", 500);  // 1500 bytes
  ASSERT_EQ(c.message.size(), 1500u);
  EXPECT_TRUE(validate(c));
  c.message = repeat("😀", 500);  // four bytes each
  EXPECT_TRUE(validate(c));
  c.message = repeat("检", 501);
  const auto st = validate(c);
  EXPECT_TRUE(names_field(st, "message"));
  EXPECT_FALSE(names_field(st, "lab_code"));
}

TEST(ValidateConnectivityCheck, ReportsEveryBadField) {
  ConnectivityCheck c;
  c.lab_code = "bad code";
  c.message = std::string(501, 'x');
  const auto st = validate(c);
  EXPECT_TRUE(names_field(st, "lab_code"));
  EXPECT_TRUE(names_field(st, "message"));
}

TEST(ClockSkew, AbsentWithoutClientTime) {
  EXPECT_FALSE(clock_skew(good()).has_value());
}

TEST(ClockSkew, IsClientMinusServerTime) {
  auto c = good();
  c.received_at = from_micros(10'000'000);
  c.client_time = from_micros(7'500'000);
  EXPECT_EQ(clock_skew(c), Micros{-2'500'000});
  c.client_time = from_micros(10'000'001);
  EXPECT_EQ(clock_skew(c), Micros{1});
}

}  // namespace
}  // namespace lw::domain
