// Specimen label codes (issue 6, JJ-1.1): random, checked, readable back from a typed copy.
#include "domain/label_code.hpp"

#include <gtest/gtest.h>

#include <set>

namespace lw::domain {
namespace {

std::string bytes(std::uint64_t v) {
  std::string out;
  for (int i = 7; i >= 0; --i) {
    out.push_back(static_cast<char>((v >> (8 * i)) & 0xff));
  }
  return out;
}

TEST(LabelCode, JJ_1_1_ACodeIsThirteenSymbolsEndingInItsCheck) {
  const std::string code = make_label_code(bytes(0x0123456789abcdefULL));
  ASSERT_EQ(code.size(), 13u);
  EXPECT_EQ(code.find_first_not_of(kLabelAlphabet), std::string::npos);
  EXPECT_EQ(code.back(), label_check(code.substr(0, 12)));
  EXPECT_EQ(parse_label_code(code), code);
  EXPECT_EQ(display_label_code(code).size(), 16u);  // three separators
  EXPECT_EQ(parse_label_code(display_label_code(code)), code);
}

TEST(LabelCode, JJ_1_1_NeighbouringRandomInputsGiveUnrelatedCodes) {
  // Sequential inputs must not give codes that differ in one place only (not enumerable).
  std::set<std::string> seen;
  for (std::uint64_t v = 0; v < 1000; ++v) {
    seen.insert(make_label_code(bytes(v * 0x9e3779b97f4a7c15ULL)));
  }
  EXPECT_EQ(seen.size(), 1000u);
}

TEST(LabelCode, EverySingleSymbolErrorIsCaught) {
  const std::string code = make_label_code(bytes(0xfeedfacecafebeefULL));
  for (std::size_t i = 0; i < code.size(); ++i) {
    for (char c : kLabelAlphabet) {
      if (c == code[i]) {
        continue;
      }
      std::string typo = code;
      typo[i] = c;
      EXPECT_FALSE(parse_label_code(typo)) << typo;
    }
  }
}

TEST(LabelCode, EverySwapOfNeighboursIsCaught) {
  for (std::uint64_t seed = 1; seed < 200; ++seed) {
    const std::string code = make_label_code(bytes(seed * 0x2545f4914f6cdd1dULL));
    for (std::size_t i = 0; i + 1 < code.size(); ++i) {
      if (code[i] == code[i + 1]) {
        continue;
      }
      std::string swapped = code;
      std::swap(swapped[i], swapped[i + 1]);
      EXPECT_FALSE(parse_label_code(swapped)) << code << " → " << swapped;
    }
  }
}

TEST(LabelCode, TypedCopiesAreReadLikeCrockfordBase32) {
  // A body chosen with 0 and 1 in it, typed back with o, i, l, lower case and spaces.
  const std::string body = "0A1B2C3D4E5F";
  const std::string code = body + label_check(body);
  std::string typed = "oa1b 2c3d-4e5f";
  typed.push_back(static_cast<char>(std::tolower(code.back())));
  EXPECT_EQ(parse_label_code(typed), code);
  typed[2] = 'l';
  EXPECT_EQ(parse_label_code(typed), code);
  typed[2] = 'i';
  EXPECT_EQ(parse_label_code(typed), code);
  EXPECT_FALSE(parse_label_code("0A1B2C3D4E5"));                     // too short
  EXPECT_FALSE(parse_label_code(code + "0"));                        // too long
  EXPECT_FALSE(parse_label_code("0A1B2C3D4E5U" + code.substr(12)));  // U is not a symbol
  EXPECT_FALSE(parse_label_code(""));
}

}  // namespace
}  // namespace lw::domain
