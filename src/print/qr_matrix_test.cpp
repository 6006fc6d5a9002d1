#include "print/qr_matrix.hpp"

#include <gtest/gtest.h>

#include <string>

namespace lw::print {
namespace {

// The three finder patterns: a dark 7 × 7 ring with a dark 3 × 3 centre.
bool finder_at(const QrMatrix& m, int x0, int y0) {
  for (int y = 0; y < 7; ++y) {
    for (int x = 0; x < 7; ++x) {
      const bool ring = x == 0 || y == 0 || x == 6 || y == 6;
      const bool centre = x >= 2 && x <= 4 && y >= 2 && y <= 4;
      if (m.dark(x0 + x, y0 + y) != (ring || centre)) {
        return false;
      }
    }
  }
  return true;
}

TEST(QrMatrix, HasFinderPatternsInThreeCorners) {
  auto m = QrMatrix::encode("http://127.0.0.1:8080/q/7KQ2M9XD4TRBT");
  ASSERT_TRUE(m);
  const int n = m->size();
  EXPECT_EQ((n - 17) % 4, 0) << "a QR side is 17 + 4 × version modules";
  EXPECT_TRUE(finder_at(*m, 0, 0));
  EXPECT_TRUE(finder_at(*m, n - 7, 0));
  EXPECT_TRUE(finder_at(*m, 0, n - 7));
}

TEST(QrMatrix, AnUpperCaseUrlUsesAlphanumericModeAndASmallerSymbol) {
  auto lower = QrMatrix::encode("https://jdjc.jiujiang.gov.cn/q/7KQ2M9XD4TRBT");
  auto upper = QrMatrix::encode("HTTPS://JDJC.JIUJIANG.GOV.CN/Q/7KQ2M9XD4TRBT");
  ASSERT_TRUE(lower && upper);
  EXPECT_EQ(lower->size(), 33) << "version 4";
  EXPECT_EQ(upper->size(), 29) << "version 3";
}

// Version 10 holds 311 alphanumeric characters at level M, 221 at Q (ISO/IEC 18004 table 7):
// the report seal's budget (docs/reports.md).
TEST(QrMatrix, JJ_3_5_LevelMCarriesMoreThanQInTheSameVersion) {
  const std::string fits(311, 'A');
  auto m = QrMatrix::encode(fits, QrLevel::M);
  auto q = QrMatrix::encode(fits);
  auto over = QrMatrix::encode(fits + "A", QrLevel::M);
  ASSERT_TRUE(m && q && over);
  EXPECT_EQ(m->version(), 10);
  EXPECT_EQ(m->size(), 57);
  EXPECT_EQ(q->version(), 13) << "Q is the default level";
  EXPECT_EQ(over->version(), 11);
  auto q221 = QrMatrix::encode(std::string(221, 'A'));
  ASSERT_TRUE(q221);
  EXPECT_EQ(q221->version(), 10);
}

TEST(QrMatrix, RefusesEmptyTextANulByteAndTooMuchText) {
  EXPECT_FALSE(QrMatrix::encode(""));
  EXPECT_FALSE(QrMatrix::encode(std::string("a\0b", 3)));
  EXPECT_FALSE(QrMatrix::encode(std::string(5000, 'a')));
}

}  // namespace
}  // namespace lw::print
