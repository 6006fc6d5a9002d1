#include "crypto/hash.hpp"

#include <gtest/gtest.h>

#include "core/random.hpp"

namespace lw::crypto {
namespace {

std::string hex_digest(HashAlg alg, std::string_view data) {
  return to_hex(digest(alg, data));
}

// GB/T 32905-2016 (SM3) Appendix A, examples 1 and 2.
TEST(Sm3, StandardExamples) {
  EXPECT_EQ(hex_digest(HashAlg::sm3, "abc"),
            "66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0");
  std::string abcd16;
  for (int i = 0; i < 16; ++i) {
    abcd16 += "abcd";
  }
  EXPECT_EQ(hex_digest(HashAlg::sm3, abcd16),
            "debe9ff92275b8a138604889c18e5a4d6fdb70e5387e5765293dcba39c0c5732");
}

// FIPS 180-2 / NIST CSRC examples.
TEST(Sha256, PublishedVectors) {
  EXPECT_EQ(hex_digest(HashAlg::sha256, ""),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(hex_digest(HashAlg::sha256, "abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(hex_digest(HashAlg::sha256, "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"),
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
}

TEST(Digest, SizeIs32BytesForBoth) {
  EXPECT_EQ(digest_size(HashAlg::sm3), 32u);
  EXPECT_EQ(digest_size(HashAlg::sha256), 32u);
  EXPECT_EQ(digest(HashAlg::sm3, "").size(), 32u);
}

TEST(Hasher, StreamingEqualsOneShotForEverySplit) {
  const std::string data = random_bytes(200);
  for (HashAlg alg : {HashAlg::sm3, HashAlg::sha256}) {
    const std::string expected = digest(alg, data);
    for (std::size_t cut = 0; cut <= data.size(); cut += 13) {
      Hasher h(alg);
      h.update(std::string_view(data).substr(0, cut)).update(std::string_view(data).substr(cut));
      EXPECT_EQ(h.finish(), expected) << "cut at " << cut;
    }
  }
}

TEST(Hasher, FinishStartsAFreshMessage) {
  Hasher h(HashAlg::sm3);
  EXPECT_EQ(h.update("abc").finish(), digest(HashAlg::sm3, "abc"));
  EXPECT_EQ(h.finish(), digest(HashAlg::sm3, ""));
  EXPECT_EQ(h.update("a").update("bc").finish(), digest(HashAlg::sm3, "abc"));
}

TEST(Hasher, MovesKeepState) {
  Hasher a(HashAlg::sha256);
  a.update("ab");
  Hasher b = std::move(a);
  b.update("c");
  EXPECT_EQ(b.alg(), HashAlg::sha256);
  EXPECT_EQ(b.finish(), digest(HashAlg::sha256, "abc"));
}

TEST(FromHex, RoundTripsToHex) {
  const std::string bytes = random_bytes(64);
  EXPECT_EQ(from_hex(to_hex(bytes)), bytes);
  EXPECT_EQ(from_hex(""), std::string());
  EXPECT_EQ(from_hex("00ff10AB"), std::string("\x00\xff\x10\xab", 4));
}

TEST(FromHex, RefusesOddLengthAndNonHex) {
  EXPECT_FALSE(from_hex("abc").has_value());
  EXPECT_FALSE(from_hex("0g").has_value());
  EXPECT_FALSE(from_hex(" 0").has_value());
  EXPECT_FALSE(from_hex("0x00").has_value());
}

}  // namespace
}  // namespace lw::crypto
