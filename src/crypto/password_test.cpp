#include "crypto/password.hpp"

#include <gtest/gtest.h>

namespace lw::crypto {
namespace {

// The smallest Argon2id cost libsodium accepts: keeps these tests fast.
const Argon2Params kCheap{1, std::size_t{8} << 10};

TEST(HashPassword, VerifiesTheRightPasswordOnly) {
  auto h = hash_password("correct horse", kCheap);
  ASSERT_TRUE(h.ok());
  EXPECT_TRUE(verify_password(*h, "correct horse"));
  EXPECT_FALSE(verify_password(*h, "correct horsE"));
  EXPECT_FALSE(verify_password(*h, ""));
}

TEST(HashPassword, IsEncodedArgon2idWithItsParameters) {
  auto h = hash_password("pw", kCheap);
  ASSERT_TRUE(h.ok());
  EXPECT_EQ(h->rfind("$argon2id$v=19$m=8,t=1,p=1$", 0), 0u) << *h;
}

TEST(HashPassword, SaltsEveryHash) {
  auto a = hash_password("same", kCheap);
  auto b = hash_password("same", kCheap);
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_NE(*a, *b);
  EXPECT_TRUE(verify_password(*b, "same"));
}

TEST(HashPassword, HandlesUtf8AndEmbeddedNul) {
  const std::string pw = std::string("密码\0x", 8);
  auto h = hash_password(pw, kCheap);
  ASSERT_TRUE(h.ok());
  EXPECT_TRUE(verify_password(*h, pw));
  EXPECT_FALSE(verify_password(*h, "密码"));
}

TEST(HashPassword, DefaultsAreInteractive) {
  EXPECT_EQ(Argon2Params{}.ops_limit, 2u);
  EXPECT_EQ(Argon2Params{}.mem_limit, std::size_t{64} << 20);
  auto h = hash_password("default cost");
  ASSERT_TRUE(h.ok());
  EXPECT_EQ(h->rfind("$argon2id$v=19$m=65536,t=2,p=1$", 0), 0u) << *h;
  EXPECT_TRUE(verify_password(*h, "default cost"));
  EXPECT_FALSE(password_needs_rehash(*h));
}

TEST(HashPassword, RefusesLimitsBelowTheMinimum) {
  auto h = hash_password("pw", Argon2Params{0, 1024});
  ASSERT_FALSE(h.ok());
  EXPECT_EQ(h.error().code, "internal");
}

TEST(VerifyPassword, MalformedHashIsAMismatch) {
  EXPECT_FALSE(verify_password("", "pw"));
  EXPECT_FALSE(verify_password("not a hash", "pw"));
  EXPECT_FALSE(verify_password("$argon2id$v=19$m=8,t=1,p=1$", "pw"));
  EXPECT_FALSE(verify_password(std::string(500, 'a'), "pw"));
}

TEST(PasswordNeedsRehash, WhenParametersChange) {
  auto h = hash_password("pw", kCheap);
  ASSERT_TRUE(h.ok());
  EXPECT_FALSE(password_needs_rehash(*h, kCheap));
  EXPECT_TRUE(password_needs_rehash(*h));
  EXPECT_TRUE(password_needs_rehash(*h, Argon2Params::moderate()));
  EXPECT_TRUE(password_needs_rehash("not a hash", kCheap));
}

}  // namespace
}  // namespace lw::crypto
