#include "core/random.hpp"

#include <gtest/gtest.h>

#include <set>

namespace lw {
namespace {

TEST(ToHex, KnownValues) {
  EXPECT_EQ(to_hex(""), "");
  EXPECT_EQ(to_hex("abc"), "616263");
  EXPECT_EQ(to_hex(std::string("\x00\x0f\x10\xff", 4)), "000f10ff");
}

TEST(ToHex, EveryByteValueIsTwoLowerCaseDigits) {
  std::string all;
  for (int i = 0; i < 256; ++i) {
    all.push_back(static_cast<char>(i));
  }
  const std::string hex = to_hex(all);
  ASSERT_EQ(hex.size(), 512u);
  for (int i = 0; i < 256; ++i) {
    EXPECT_EQ(std::stoi(hex.substr(static_cast<std::size_t>(i) * 2, 2), nullptr, 16), i);
  }
  EXPECT_EQ(hex.find_first_not_of("0123456789abcdef"), std::string::npos);
}

TEST(RandomBytes, HasTheRequestedLength) {
  EXPECT_EQ(random_bytes(0).size(), 0u);
  EXPECT_EQ(random_bytes(1).size(), 1u);
  EXPECT_EQ(random_bytes(1000).size(), 1000u);
}

TEST(RandomHex, LengthAndAlphabet) {
  EXPECT_EQ(random_hex(0), "");
  const std::string h = random_hex(16);
  EXPECT_EQ(h.size(), 32u);
  EXPECT_EQ(h.find_first_not_of("0123456789abcdef"), std::string::npos);
}

TEST(RandomHex, ValuesAreDistinct) {
  std::set<std::string> seen;
  for (int i = 0; i < 1000; ++i) {
    EXPECT_TRUE(seen.insert(random_hex(16)).second);
  }
}

}  // namespace
}  // namespace lw
