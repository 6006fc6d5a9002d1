#include "crypto/hmac.hpp"

#include <gtest/gtest.h>

#include "core/random.hpp"

namespace lw::crypto {
namespace {

std::string hex_hmac(MacAlg alg, std::string_view key, std::string_view data) {
  return to_hex(hmac(alg, key, data));
}

constexpr std::string_view kLargeKeyText = "Test Using Larger Than Block-Size Key - Hash Key First";

// RFC 4231 test cases 1, 2, 3 and 6.
TEST(HmacSha256, Rfc4231) {
  EXPECT_EQ(hex_hmac(MacAlg::sha256, std::string(20, '\x0b'), "Hi There"),
            "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7");
  EXPECT_EQ(hex_hmac(MacAlg::sha256, "Jefe", "what do ya want for nothing?"),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
  EXPECT_EQ(hex_hmac(MacAlg::sha256, std::string(20, '\xaa'), std::string(50, '\xdd')),
            "773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe");
  EXPECT_EQ(hex_hmac(MacAlg::sha256, std::string(131, '\xaa'), kLargeKeyText),
            "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54");
}

// RFC 2202 test cases 1, 2, 3 and 6.
TEST(HmacSha1, Rfc2202) {
  EXPECT_EQ(hex_hmac(MacAlg::sha1, std::string(20, '\x0b'), "Hi There"),
            "b617318655057264e28bc0b6fb378c8ef146be00");
  EXPECT_EQ(hex_hmac(MacAlg::sha1, "Jefe", "what do ya want for nothing?"),
            "effcdf6ae5eb2fa2d27416d5f184df9c259a7c79");
  EXPECT_EQ(hex_hmac(MacAlg::sha1, std::string(20, '\xaa'), std::string(50, '\xdd')),
            "125d7342b9ac11cd91a39af48aa17b4f63f175d3");
  EXPECT_EQ(hex_hmac(MacAlg::sha1, std::string(80, '\xaa'), kLargeKeyText),
            "aa4ae5e15272d00e95705637ce8a3b55ed402112");
}

// GM/T 0042-2015 Appendix D.3, as carried in the Linux kernel's crypto/testmgr.h
// (hmac_sm3_tv_template); also matched `openssl mac -digest SM3 ... HMAC` when written.
TEST(HmacSm3, GmT0042AppendixD3) {
  std::string key32;
  for (int i = 1; i <= 32; ++i) {
    key32.push_back(static_cast<char>(i));
  }
  const std::string abcd = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
  EXPECT_EQ(hex_hmac(MacAlg::sm3, key32, abcd + abcd),
            "ca05e144ed05d1857840d1f318a4a8669e559fc8391f414485bfdf7bb408963a");
  EXPECT_EQ(hex_hmac(MacAlg::sm3, key32 + "\x21\x22\x23\x24\x25", std::string(50, '\xcd')),
            "220bf579ded555393f0159f66c99877822a3ecf610d1552154b41d44b94db3ae");
  EXPECT_EQ(hex_hmac(MacAlg::sm3, std::string(32, '\x0b'), "Hi There"),
            "c0ba18c68b90c88bc07de794bfc7d2c8d19ec31ed8773bc2b390c9604e0be11e");
  EXPECT_EQ(hex_hmac(MacAlg::sm3, "Jefe", "what do ya want for nothing?"),
            "2e87f1d16862e6d964b50a5200bf2b10b764faa9680a296a2405f24bec39f882");
}

TEST(Hmac, EmptyKeyAndMessageAreAllowed) {
  // HMAC-SHA256("", "") as computed by every conforming implementation.
  EXPECT_EQ(hex_hmac(MacAlg::sha256, "", ""),
            "b613679a0814d9ec772f95d778c35fc5ff1697c493715653c6c712144292c5ad");
  EXPECT_EQ(hmac(MacAlg::sm3, "", "x").size(), 32u);
  EXPECT_EQ(hmac(MacAlg::sha1, "", "x").size(), 20u);
}

TEST(EqualConstantTime, ComparesBytes) {
  const std::string a = random_bytes(32);
  std::string b = a;
  EXPECT_TRUE(equal_constant_time(a, b));
  EXPECT_TRUE(equal_constant_time("", ""));
  b[31] = static_cast<char>(b[31] ^ 1);
  EXPECT_FALSE(equal_constant_time(a, b));
  b = a;
  b[0] = static_cast<char>(b[0] ^ 0x80);
  EXPECT_FALSE(equal_constant_time(a, b));
  EXPECT_FALSE(equal_constant_time(a, a.substr(0, 31)));
  EXPECT_FALSE(equal_constant_time("", "a"));
  EXPECT_TRUE(equal_constant_time(std::string("a\0b", 3), std::string("a\0b", 3)));
  EXPECT_FALSE(equal_constant_time(std::string("a\0b", 3), std::string("a\0c", 3)));
}

}  // namespace
}  // namespace lw::crypto
