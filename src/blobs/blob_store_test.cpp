#include "blobs/blob_store.hpp"

#include <gtest/gtest.h>

#include <string>

namespace lw::blobs {
namespace {

TEST(IsSha256Hex, AcceptsSixtyFourLowerCaseHexDigits) {
  EXPECT_TRUE(is_sha256_hex("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"));
  EXPECT_TRUE(is_sha256_hex(std::string(64, '0')));
  EXPECT_TRUE(is_sha256_hex(std::string(64, 'f')));
}

TEST(IsSha256Hex, RejectsOtherLengthsCaseAndCharacters) {
  EXPECT_FALSE(is_sha256_hex(""));
  EXPECT_FALSE(is_sha256_hex(std::string(63, 'a')));
  EXPECT_FALSE(is_sha256_hex(std::string(65, 'a')));
  EXPECT_FALSE(is_sha256_hex("BA7816BF8F01CFEA414140DE5DAE2223B00361A396177A9CB410FF61F20015AD"));
  EXPECT_FALSE(is_sha256_hex(std::string(63, 'a') + "g"));
  EXPECT_FALSE(is_sha256_hex(std::string(62, 'a') + "/."));
  EXPECT_FALSE(is_sha256_hex(std::string(63, 'a') + '\0'));
}

}  // namespace
}  // namespace lw::blobs
