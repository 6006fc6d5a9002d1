// The label sheet read back the way a person and a phone read it: poppler renders and
// extracts text, zbar decodes every QR (issue 6: "the label-sheet PDF opens with pdftoppm and
// every QR on it decodes with zbarimg to the right URL"). The tools are test packages
// (scripts/lib/deps.sh); a missing tool fails the tests.
#include "print/label_sheet.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <iterator>
#include <set>
#include <sstream>

#include "support/shell.hpp"
#include "support/test_db.hpp"

namespace lw::print {
namespace {

namespace fs = std::filesystem;

using lw::testing::run_shell;
using lw::testing::shell_quote;
using Shell = lw::testing::ShellResult;

void require_tool(const std::string& tool) {
  ASSERT_EQ(run_shell("command -v " + tool).exit_code, 0)
      << tool << " is missing: scripts/test installs it (poppler-utils, zbar-tools)";
}

// Labels like the platform's: a 13-character code printed in groups, an URL to verify it.
std::vector<SheetLabel> labels(int n) {
  constexpr std::string_view kAlphabet = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";
  std::vector<SheetLabel> out;
  for (int i = 0; i < n; ++i) {
    std::string code;
    unsigned x = 2654435761U * static_cast<unsigned>(i + 1);
    for (int k = 0; k < 13; ++k, x = x * 1103515245U + 12345U) {
      code += kAlphabet[(x >> 16) % kAlphabet.size()];
    }
    const std::string text = code.substr(0, 4) + "-" + code.substr(4, 4) + "-" + code.substr(8, 4) +
                             "-" + code.substr(12);
    out.push_back({text, "http://127.0.0.1:8080/q/" + code});
  }
  return out;
}

class LabelSheetTest : public ::testing::Test {
 protected:
  void SetUp() override {
    for (const char* tool : {"pdftoppm", "pdftotext", "pdfinfo", "zbarimg"}) {
      ASSERT_NO_FATAL_FAILURE(require_tool(tool));
    }
  }

  // The sheet written to sheet.pdf in the temp dir.
  fs::path write(const LabelSheet& sheet) {
    auto pdf = label_sheet_pdf(sheet);
    EXPECT_TRUE(pdf) << pdf.error().code;
    fs::path file = dir_.path() / "sheet.pdf";
    std::ofstream(file, std::ios::binary) << (pdf ? *pdf : std::string());
    return file;
  }

  std::string text_of(const fs::path& pdf) {
    const Shell r = run_shell("pdftotext -enc UTF-8 " + shell_quote(pdf) + " -");
    EXPECT_EQ(r.exit_code, 0) << r.err;
    return r.out;
  }

  int pages_of(const fs::path& pdf) {
    const Shell r = run_shell("pdfinfo " + shell_quote(pdf));
    EXPECT_EQ(r.exit_code, 0) << r.err;
    std::istringstream in(r.out);
    for (std::string line; std::getline(in, line);) {
      if (line.rfind("Pages:", 0) == 0) {
        return std::stoi(line.substr(6));
      }
    }
    return -1;
  }

  lw::testing::TempDir dir_;
};

TEST_F(LabelSheetTest, Issue6_EveryQrOnTheSheetDecodesToItsUrl) {
  const auto given = labels(2 * kLabelsPerPage + 12);  // three pages, the last half full
  const fs::path pdf = write({"Label sheet", "Batch LB-0001", given});

  // Vector anti-aliasing off, as a printer rasterises: poppler's anti-aliasing leaves a grey
  // fringe on one side of every module, which makes zbar miss about 2 % of the codes of a
  // full page (every code of such a page decodes alone, or in a row of four).
  const Shell render = run_shell("pdftoppm -r 150 -aaVector no -png " + shell_quote(pdf) + " " +
                                 shell_quote(dir_.path() / "page"));
  ASSERT_EQ(render.exit_code, 0) << render.err;
  EXPECT_EQ(render.err, "") << "poppler complained";
  std::vector<fs::path> pngs;
  for (const auto& e : fs::directory_iterator(dir_.path())) {
    if (e.path().extension() == ".png") {
      pngs.push_back(e.path());
    }
  }
  std::sort(pngs.begin(), pngs.end());  // page-1.png … page-3.png
  ASSERT_EQ(pngs.size(), 3U);

  std::set<std::string> all;
  for (std::size_t p = 0; p < pngs.size(); ++p) {
    const Shell scan =
        run_shell("zbarimg --raw -q -Sdisable -Sqrcode.enable " + shell_quote(pngs[p]));
    ASSERT_EQ(scan.exit_code, 0) << "page " << p + 1 << ": " << scan.err;
    std::multiset<std::string> decoded;
    std::istringstream in(scan.out);
    for (std::string line; std::getline(in, line);) {
      decoded.insert(line);
    }
    std::multiset<std::string> expected;
    for (std::size_t i = p * kLabelsPerPage; i < std::min(given.size(), (p + 1) * kLabelsPerPage);
         ++i) {
      expected.insert(given[i].url);
    }
    EXPECT_EQ(decoded, expected) << "page " << p + 1;
    all.insert(decoded.begin(), decoded.end());
  }
  std::set<std::string> urls;
  for (const auto& l : given) {
    urls.insert(l.url);
  }
  EXPECT_EQ(all, urls);
}

TEST_F(LabelSheetTest, Issue6_EveryCodeTextIsPrintedUnderItsQr) {
  const auto given = labels(kLabelsPerPage + 5);
  const fs::path pdf = write({"Label sheet", "Batch LB-0002", given});
  const std::string text = text_of(pdf);
  for (const auto& l : given) {
    EXPECT_NE(text.find(l.code_text), std::string::npos) << l.code_text;
  }
  EXPECT_NE(text.find("1 / 2"), std::string::npos);
  EXPECT_NE(text.find("2 / 2"), std::string::npos);
  EXPECT_EQ(pages_of(pdf), 2);
}

TEST_F(LabelSheetTest, Issue6_ChineseHeaderIsRenderedAndExtracts) {
  const std::string title = "九江市滨江花园二期工程（3#楼）";
  const std::string subtitle = "标签批次 LB-2024-0012，签发于 2024年12月16日";
  const fs::path pdf = write({title, subtitle, labels(3)});
  const Shell render = run_shell("pdftoppm -r 50 -png " + shell_quote(pdf) + " " +
                                 shell_quote(dir_.path() / "page"));
  ASSERT_EQ(render.exit_code, 0) << render.err;
  EXPECT_EQ(render.err, "") << "poppler found no CMap or font for STSong-Light";
  const std::string text = text_of(pdf);
  EXPECT_NE(text.find(title), std::string::npos) << text;
  EXPECT_NE(text.find(subtitle), std::string::npos) << text;
}

// An empty batch still prints: one page with the header and no labels.
TEST_F(LabelSheetTest, NoLabelsGiveOnePageWithTheHeader) {
  const fs::path pdf = write({"Empty batch", "LB-0003", {}});
  EXPECT_EQ(pages_of(pdf), 1);
  const std::string text = text_of(pdf);
  EXPECT_NE(text.find("Empty batch"), std::string::npos);
  EXPECT_NE(text.find("1 / 1"), std::string::npos);
}

TEST(LabelSheet, RefusesACodeTextThatIsNotPrintableAsciiAndAnUrlTooLongForALegibleQr) {
  auto bad_code = label_sheet_pdf({"t", "s", {{"ok", "http://x/q/1"}, {"码", "http://x/q/2"}}});
  ASSERT_FALSE(bad_code);
  EXPECT_EQ(bad_code.error().code, "invalid_argument");
  EXPECT_TRUE(bad_code.error().details.at("fields").as_object().contains("labels[1].code_text"));

  const std::string url = "http://x/q/";
  EXPECT_TRUE(label_sheet_pdf({"t", "s", {{"AAAA", url + std::string(151 - url.size(), 'a')}}}));
  auto long_url = label_sheet_pdf({"t", "s", {{"AAAA", url + std::string(152 - url.size(), 'a')}}});
  ASSERT_FALSE(long_url);
  EXPECT_TRUE(long_url.error().details.at("fields").as_object().contains("labels[0].url"));
  EXPECT_FALSE(label_sheet_pdf({"t", "s", {{"AAAA", ""}}}));
}

}  // namespace
}  // namespace lw::print
