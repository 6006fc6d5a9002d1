#include "crypto/sm4.hpp"

#include <gtest/gtest.h>

#include <stdexcept>

#include "core/random.hpp"
#include "crypto/hash.hpp"

namespace lw::crypto {
namespace {

std::string unhex(std::string_view hex) {
  auto bytes = from_hex(hex);
  EXPECT_TRUE(bytes.has_value()) << hex;
  return bytes.value_or("");
}

// RFC 8998 Appendix A.1.
struct Rfc8998 {
  std::string key = unhex("0123456789abcdeffedcba9876543210");
  std::string nonce = unhex("00001234567800000000abcd");
  std::string aad = unhex("feedfacedeadbeeffeedfacedeadbeefabaddad2");
  std::string plaintext = unhex(
      "aaaaaaaaaaaaaaaabbbbbbbbbbbbbbbbccccccccccccccccdddddddddddddddd"
      "eeeeeeeeeeeeeeeeffffffffffffffffeeeeeeeeeeeeeeeeaaaaaaaaaaaaaaaa");
  std::string ciphertext = unhex(
      "17f399f08c67d5ee19d0dc9969c4bb7d5fd46fd3756489069157b282bb200735"
      "d82710ca5c22f0ccfa7cbf93d496ac15a56834cbcf98c397b4024a2691233b8d");
  std::string tag = unhex("83de3541e4c2b58177e065a9bf7b62ec");
};

TEST(Sm4Gcm, Rfc8998Seal) {
  const Rfc8998 v;
  EXPECT_EQ(to_hex(detail::sm4_gcm_seal_with_nonce(v.key, v.nonce, v.plaintext, v.aad)),
            to_hex(v.nonce + v.ciphertext + v.tag));
}

TEST(Sm4Gcm, Rfc8998Open) {
  const Rfc8998 v;
  auto plain = sm4_gcm_open(v.key, v.nonce + v.ciphertext + v.tag, v.aad);
  ASSERT_TRUE(plain.ok()) << plain.error().note;
  EXPECT_EQ(*plain, v.plaintext);
}

TEST(Sm4Gcm, RoundTripsAnyLength) {
  const std::string key = random_bytes(kSm4KeySize);
  for (std::size_t n : {0, 1, 15, 16, 17, 100, 4096}) {
    const std::string plain = random_bytes(n);
    const std::string sealed = sm4_gcm_seal(key, plain, "row:42");
    EXPECT_EQ(sealed.size(), kSm4GcmNonceSize + n + kSm4GcmTagSize);
    auto opened = sm4_gcm_open(key, sealed, "row:42");
    ASSERT_TRUE(opened.ok()) << n;
    EXPECT_EQ(*opened, plain);
  }
}

TEST(Sm4Gcm, NonceIsFreshEachTime) {
  const std::string key = random_bytes(kSm4KeySize);
  const std::string a = sm4_gcm_seal(key, "身份证号 110101199003071234");
  const std::string b = sm4_gcm_seal(key, "身份证号 110101199003071234");
  EXPECT_NE(a.substr(0, kSm4GcmNonceSize), b.substr(0, kSm4GcmNonceSize));
  EXPECT_NE(a, b);
}

TEST(Sm4Gcm, DetectsTamperingAnywhere) {
  const std::string key = random_bytes(kSm4KeySize);
  const std::string sealed = sm4_gcm_seal(key, "personal data at rest", "aad");
  for (std::size_t i = 0; i < sealed.size(); ++i) {
    std::string bad = sealed;
    bad[i] = static_cast<char>(bad[i] ^ 0x01);
    auto r = sm4_gcm_open(key, bad, "aad");
    ASSERT_FALSE(r.ok()) << "flipped byte " << i;
    EXPECT_EQ(r.error().code, "internal");
  }
}

TEST(Sm4Gcm, RefusesWrongKeyWrongAadAndTruncation) {
  const std::string key = random_bytes(kSm4KeySize);
  const std::string sealed = sm4_gcm_seal(key, "secret", "user:7");
  EXPECT_FALSE(sm4_gcm_open(random_bytes(kSm4KeySize), sealed, "user:7").ok());
  EXPECT_FALSE(sm4_gcm_open(key, sealed, "user:8").ok());
  EXPECT_FALSE(sm4_gcm_open(key, sealed).ok());
  EXPECT_FALSE(sm4_gcm_open(key, sealed.substr(0, sealed.size() - 1), "user:7").ok());
  EXPECT_FALSE(sm4_gcm_open(key, sealed + "x", "user:7").ok());
  EXPECT_FALSE(sm4_gcm_open(key, sealed.substr(0, 27), "user:7").ok());
  EXPECT_FALSE(sm4_gcm_open(key, "", "user:7").ok());
  EXPECT_TRUE(sm4_gcm_open(key, sealed, "user:7").ok());
}

TEST(Sm4Gcm, KeyOfTheWrongSizeIsAProgrammingError) {
  EXPECT_THROW(sm4_gcm_seal(std::string(15, 'k'), "x"), std::invalid_argument);
  EXPECT_THROW(sm4_gcm_seal(std::string(32, 'k'), "x"), std::invalid_argument);
  EXPECT_THROW((void)sm4_gcm_open(std::string(15, 'k'), std::string(40, 'x')),
               std::invalid_argument);
}

}  // namespace
}  // namespace lw::crypto
