#include "core/text.hpp"

#include <gtest/gtest.h>

namespace lw {
namespace {

TEST(Text, AsciiFoldingLeavesOtherBytesAlone) {
  EXPECT_EQ(ascii_lower("Content-Type 检测"), "content-type 检测");
  EXPECT_TRUE(iequals_ascii("X-Request-Id", "x-request-ID"));
  EXPECT_FALSE(iequals_ascii("abc", "abcd"));
}

TEST(Text, TrimBlanksAndCountCharacters) {
  EXPECT_EQ(trim_blanks(" \t a b \t"), "a b");
  EXPECT_EQ(trim_blanks("   "), "");
  EXPECT_EQ(utf8_length("九江 ab"), 5u);
}

}  // namespace
}  // namespace lw
