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

TEST(Text, ValidUtf8RefusesOverlongSurrogatesAndTruncation) {
  EXPECT_TRUE(valid_utf8(""));
  EXPECT_TRUE(valid_utf8("ascii"));
  EXPECT_TRUE(valid_utf8("建设工程 ✓ \xf0\x9f\x98\x80"));
  EXPECT_FALSE(valid_utf8("\xff"));
  EXPECT_FALSE(valid_utf8("\xc0\xaf"));          // overlong '/'
  EXPECT_FALSE(valid_utf8("\xed\xa0\x80"));      // a surrogate
  EXPECT_FALSE(valid_utf8("\xf4\x90\x80\x80"));  // above U+10FFFF
  EXPECT_FALSE(valid_utf8("\xe5\xbb"));          // cut short
}

TEST(Text, ReplaceInvalidUtf8KeepsGoodTextAndMarksEachBadByte) {
  EXPECT_EQ(replace_invalid_utf8("九江 ok"), "九江 ok");
  EXPECT_EQ(replace_invalid_utf8("a=\xff&b"), "a=\xef\xbf\xbd&b");
  EXPECT_EQ(replace_invalid_utf8("\xe5\xbb"), "\xef\xbf\xbd\xef\xbf\xbd");
  EXPECT_TRUE(valid_utf8(replace_invalid_utf8("\xc0\xaf\xed\xa0\x80x")));
}

}  // namespace
}  // namespace lw
