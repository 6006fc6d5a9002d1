#include <gtest/gtest.h>

#include "core/random.hpp"
#include "crypto/totp.hpp"

namespace lw::crypto {
namespace {

// RFC 4648 §10, without the '=' padding.
TEST(Base32, Rfc4648Vectors) {
  const std::pair<const char*, const char*> cases[] = {
      {"", ""},
      {"f", "MY"},
      {"fo", "MZXQ"},
      {"foo", "MZXW6"},
      {"foob", "MZXW6YQ"},
      {"fooba", "MZXW6YTB"},
      {"foobar", "MZXW6YTBOI"},
  };
  for (const auto& [plain, encoded] : cases) {
    EXPECT_EQ(base32_encode(plain), encoded);
    EXPECT_EQ(base32_decode(encoded), plain);
  }
}

TEST(Base32, DecodesLowerCaseAndPadding) {
  EXPECT_EQ(base32_decode("mzxw6ytboi"), "foobar");
  EXPECT_EQ(base32_decode("MZXW6YQ="), "foob");
  EXPECT_EQ(base32_decode("MY======"), "f");
}

TEST(Base32, RefusesInvalidInput) {
  EXPECT_FALSE(base32_decode("M").has_value());       // impossible length
  EXPECT_FALSE(base32_decode("MZX").has_value());     // impossible length
  EXPECT_FALSE(base32_decode("MZXW6Y").has_value());  // impossible length
  EXPECT_FALSE(base32_decode("MZXW1").has_value());   // '1' is not in the alphabet
  EXPECT_FALSE(base32_decode("MZ XW6").has_value());
  EXPECT_FALSE(base32_decode("MZ").has_value());  // non-zero trailing bits
}

TEST(Base32, RoundTripsRandomBytes) {
  for (std::size_t n = 0; n < 41; ++n) {
    const std::string bytes = random_bytes(n);
    const std::string text = base32_encode(bytes);
    EXPECT_EQ(text.size(), (n * 8 + 4) / 5);
    EXPECT_EQ(base32_decode(text), bytes);
  }
}

TEST(Base32, RfcSeedIsTheWellKnownSecret) {
  EXPECT_EQ(base32_encode("12345678901234567890"), "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ");
}

TEST(OtpauthUri, PercentEncodesIssuerAndAccount) {
  EXPECT_EQ(otpauth_uri("Labwatch", "alice@example.com", "JBSWY3DPEHPK3PXP"),
            "otpauth://totp/Labwatch:alice%40example.com?secret=JBSWY3DPEHPK3PXP"
            "&issuer=Labwatch&algorithm=SHA1&digits=6&period=30");
  EXPECT_EQ(otpauth_uri("实验室 监控", "张伟", "GEZDGNBV"),
            "otpauth://totp/%E5%AE%9E%E9%AA%8C%E5%AE%A4%20%E7%9B%91%E6%8E%A7:%E5%BC%A0%E4%BC%9F"
            "?secret=GEZDGNBV&issuer=%E5%AE%9E%E9%AA%8C%E5%AE%A4%20%E7%9B%91%E6%8E%A7"
            "&algorithm=SHA1&digits=6&period=30");
  EXPECT_EQ(otpauth_uri("A:B&C", "x y", "GE"),
            "otpauth://totp/A%3AB%26C:x%20y?secret=GE&issuer=A%3AB%26C"
            "&algorithm=SHA1&digits=6&period=30");
}

TEST(OtpauthUri, OmitsAnEmptyIssuerAndCarriesParameters) {
  EXPECT_EQ(otpauth_uri("", "bob", "GE", TotpParams{.digits = 8, .period = 60}),
            "otpauth://totp/bob?secret=GE&algorithm=SHA1&digits=8&period=60");
}

}  // namespace
}  // namespace lw::crypto
