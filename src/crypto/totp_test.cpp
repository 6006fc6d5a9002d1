#include "crypto/totp.hpp"

#include <gtest/gtest.h>

#include <stdexcept>

namespace lw::crypto {
namespace {

// The ASCII seed of RFC 4226 Appendix D and RFC 6238 Appendix B (SHA-1).
constexpr std::string_view kSeed = "12345678901234567890";

TEST(Hotp, Rfc4226AppendixD) {
  const char* expected[] = {"755224", "287082", "359152", "969429", "338314",
                            "254676", "287922", "162583", "399871", "520489"};
  for (std::uint64_t counter = 0; counter < 10; ++counter) {
    EXPECT_EQ(hotp_code(kSeed, counter), expected[counter]) << counter;
  }
}

TEST(Totp, Rfc6238AppendixBSha1EightDigits) {
  const TotpParams eight{.digits = 8};
  const std::pair<std::int64_t, const char*> cases[] = {
      {59, "94287082"},         {1111111109, "07081804"}, {1111111111, "14050471"},
      {1234567890, "89005924"}, {2000000000, "69279037"}, {20000000000, "65353130"},
  };
  for (const auto& [t, code] : cases) {
    EXPECT_EQ(totp_code(kSeed, t, eight), code) << t;
  }
}

TEST(Totp, SixDigitsIsTheLastSixOfEight) {
  // Both are the same 31-bit value reduced mod 10^6 and 10^8.
  EXPECT_EQ(totp_code(kSeed, 59), "287082");
  EXPECT_EQ(totp_code(kSeed, 1111111109), "081804");
}

TEST(Totp, StepBoundariesFollowThePeriod) {
  EXPECT_EQ(totp_step(0), 0);
  EXPECT_EQ(totp_step(29), 0);
  EXPECT_EQ(totp_step(30), 1);
  EXPECT_EQ(totp_step(59), 1);
  EXPECT_EQ(totp_step(-1), -1);
  EXPECT_EQ(totp_step(100, TotpParams{.period = 60, .t0 = 40}), 1);
  EXPECT_EQ(totp_code(kSeed, 30), totp_code(kSeed, 59));
  EXPECT_NE(totp_code(kSeed, 59), totp_code(kSeed, 60));
}

TEST(TotpVerify, AcceptsTheWindowAndReturnsTheStep) {
  const std::int64_t t = 1111111111;  // step 37037037
  const std::int64_t step = totp_step(t);
  EXPECT_EQ(totp_verify(kSeed, totp_code(kSeed, t), t), step);
  EXPECT_EQ(totp_verify(kSeed, totp_code(kSeed, t - 30), t), step - 1);
  EXPECT_EQ(totp_verify(kSeed, totp_code(kSeed, t + 30), t), step + 1);
  EXPECT_FALSE(totp_verify(kSeed, totp_code(kSeed, t - 60), t).has_value());
  EXPECT_EQ(totp_verify(kSeed, totp_code(kSeed, t - 60), t, 2), step - 2);
  EXPECT_FALSE(totp_verify(kSeed, totp_code(kSeed, t - 30), t, 0).has_value());
}

TEST(TotpVerify, RefusesMalformedAndWrongCodes) {
  const std::int64_t t = 1234567890;
  const std::string good = totp_code(kSeed, t);
  EXPECT_FALSE(totp_verify(kSeed, "", t).has_value());
  EXPECT_FALSE(totp_verify(kSeed, good.substr(0, 5), t).has_value());
  EXPECT_FALSE(totp_verify(kSeed, good + "0", t).has_value());
  EXPECT_FALSE(totp_verify(kSeed, " " + good.substr(1), t).has_value());
  EXPECT_FALSE(totp_verify("another secret", good, t).has_value());
  std::string wrong = good;
  wrong[5] = wrong[5] == '9' ? '0' : static_cast<char>(wrong[5] + 1);
  EXPECT_FALSE(totp_verify(kSeed, wrong, t).has_value());
}

TEST(TotpVerify, EightDigitVectors) {
  const TotpParams eight{.digits = 8};
  EXPECT_EQ(totp_verify(kSeed, "89005924", 1234567890, 1, eight), totp_step(1234567890, eight));
}

TEST(Totp, RejectsOutOfRangeParameters) {
  EXPECT_THROW(totp_code(kSeed, 0, TotpParams{.digits = 5}), std::invalid_argument);
  EXPECT_THROW(totp_code(kSeed, 0, TotpParams{.digits = 10}), std::invalid_argument);
  EXPECT_THROW(totp_code(kSeed, 0, TotpParams{.period = 0}), std::invalid_argument);
}

TEST(Totp, NewSecretIs160Bits) {
  EXPECT_EQ(new_totp_secret().size(), 20u);
  EXPECT_NE(new_totp_secret(), new_totp_secret());
}

}  // namespace
}  // namespace lw::crypto
