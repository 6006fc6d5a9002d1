// The stamped report read back the way a person, a phone and a checker read it (JJ-3.5, issue
// 9): poppler renders every page and extracts its text, zbar decodes every page's QR, pdffonts
// lists the embedded fonts. The input PDFs are drawn here with cairo and pango (portrait,
// landscape, Chinese text) and rotated, cropped or encrypted with qpdf, as labs' systems
// produce them. The tools are test packages (scripts/lib/deps.sh); a missing tool fails.
#include "print/report_stamp.hpp"

#include <cairo-pdf.h>
#include <cairo.h>
#include <gtest/gtest.h>
#include <pango/pangocairo.h>
#include <qpdf/QPDF.hh>
#include <qpdf/QPDFPageDocumentHelper.hh>
#include <qpdf/QPDFPageObjectHelper.hh>
#include <qpdf/QPDFWriter.hh>

#include <algorithm>
#include <chrono>
#include <fstream>
#include <functional>
#include <regex>
#include <sstream>

#include "crypto/hash.hpp"
#include "crypto/sm2.hpp"
#include "print/qr_matrix.hpp"
#include "print/qr_png.hpp"
#include "seal/seal.hpp"
#include "support/shell.hpp"
#include "support/test_db.hpp"

namespace lw::print {
namespace {

namespace fs = std::filesystem;
using lw::testing::run_shell;
using lw::testing::shell_quote;
using lw::testing::ShellResult;

constexpr double kA4W = 595.276;
constexpr double kA4H = 841.89;
constexpr std::string_view kNumber = "360402-0007-2026-CL-000123";
constexpr std::string_view kBody = "九江市滨江花园二期工程 混凝土抗压强度检测报告";

// A seal URL as the platform prints it: a 30-character public base.
std::string realistic_url(std::string_view number = kNumber) {
  static const crypto::Sm2KeyPair key = crypto::Sm2KeyPair::generate();
  auto payload =
      seal::make_seal(key, {std::string(number), Instant{std::chrono::seconds{1772344984}},
                            crypto::digest(crypto::HashAlg::sm3, "pdf"),
                            crypto::digest(crypto::HashAlg::sm3, "{}")});
  EXPECT_TRUE(payload);
  const std::string base = "https://zljd.jjzjj.gov.cn:8443";
  EXPECT_EQ(base.size(), 30U);
  return seal::seal_url(base, payload ? *payload : "");
}

struct InputPage {
  double width;
  double height;
};

// A lab's report: every page framed, with a Chinese heading and its page number.
void draw_report(const fs::path& file, const std::vector<InputPage>& pages) {
  cairo_surface_t* surface =
      cairo_pdf_surface_create(file.c_str(), pages.at(0).width, pages.at(0).height);
  cairo_t* cr = cairo_create(surface);
  PangoLayout* layout = pango_cairo_create_layout(cr);
  PangoFontDescription* font = pango_font_description_from_string("Noto Serif CJK SC 14");
  pango_layout_set_font_description(layout, font);
  for (std::size_t i = 0; i < pages.size(); ++i) {
    cairo_pdf_surface_set_size(surface, pages[i].width, pages[i].height);
    cairo_set_line_width(cr, 1);
    cairo_rectangle(cr, 36, 36, pages[i].width - 72, pages[i].height - 72);
    cairo_stroke(cr);
    const std::string text = std::string(kBody) + " 第 " + std::to_string(i + 1) + " 页";
    pango_layout_set_text(layout, text.c_str(), -1);
    cairo_move_to(cr, 60, 160);
    pango_cairo_show_layout(cr, layout);
    cairo_show_page(cr);
  }
  pango_font_description_free(font);
  g_object_unref(layout);
  cairo_destroy(cr);
  cairo_surface_finish(surface);
  EXPECT_EQ(cairo_surface_status(surface), CAIRO_STATUS_SUCCESS);
  cairo_surface_destroy(surface);
}

// Rewrites `file` after `edit` changed it with qpdf.
void edit_pdf(const fs::path& file, const std::function<void(QPDF&)>& edit,
              const std::function<void(QPDFWriter&)>& writer_options = {}) {
  const fs::path tmp = file.string() + ".tmp";
  {
    QPDF pdf;
    pdf.processFile(file.c_str());
    edit(pdf);
    QPDFWriter w(pdf, tmp.c_str());
    if (writer_options) {
      writer_options(w);
    }
    w.write();
  }
  fs::rename(tmp, file);
}

QPDFObjectHandle page_dict(QPDF& pdf, std::size_t i) {
  return QPDFPageDocumentHelper(pdf).getAllPages().at(i).getObjectHandle();
}

struct Found {
  std::string data;
  std::string orientation;  // UP when the symbol stands upright
};

// The QR codes zbar finds in a PNG.
std::vector<Found> scan(const fs::path& png) {
  const ShellResult r = run_shell("zbarimg --xml -q -Sdisable -Sqrcode.enable " + shell_quote(png));
  std::vector<Found> found;
  const std::regex symbol(
      R"(<symbol [^>]*orientation='(\w+)'[^>]*><data><!\[CDATA\[([^\]]*)\]\]></data>)");
  for (auto it = std::sregex_iterator(r.out.begin(), r.out.end(), symbol);
       it != std::sregex_iterator(); ++it) {
    found.push_back({(*it)[2], (*it)[1]});
  }
  return found;
}

std::pair<int, int> png_size(const fs::path& png) {
  std::ifstream in(png, std::ios::binary);
  std::string head(24, '\0');
  in.read(head.data(), 24);
  const auto be32 = [&](std::size_t at) {
    int v = 0;
    for (std::size_t i = at; i < at + 4; ++i) {
      v = (v << 8) | static_cast<unsigned char>(head[i]);
    }
    return v;
  };
  return {be32(16), be32(20)};
}

class ReportStampTest : public ::testing::Test {
 protected:
  void SetUp() override {
    for (const char* tool : {"pdftoppm", "pdftotext", "pdffonts", "pdfinfo", "zbarimg"}) {
      ASSERT_EQ(run_shell(std::string("command -v ") + tool).exit_code, 0)
          << tool << " is missing: scripts/test installs it (poppler-utils, zbar-tools)";
    }
    url_ = realistic_url();
  }

  fs::path path(const std::string& name) const { return dir_.path() / name; }

  ReportStamp stamp() const { return {std::string(kNumber), url_}; }

  // Stamps `in` into `<in>-stamped.pdf`, expecting success.
  fs::path stamped(const fs::path& in) {
    const fs::path out = in.parent_path() / (in.stem().string() + "-stamped.pdf");
    const Status s = stamp_report_pdf(in, out, stamp());
    EXPECT_TRUE(s) << (s ? "" : s.error().code + " " + s.error().note);
    return out;
  }

  // Every page's CropBox (what viewers show and printers print) rendered at 150 dpi, as a phone
  // camera sees a print: <name>-page-1.png, ….
  std::vector<fs::path> render(const fs::path& pdf) {
    const fs::path prefix = pdf.parent_path() / (pdf.stem().string() + "-page");
    const ShellResult r =
        run_shell("pdftoppm -r 150 -cropbox -png " + shell_quote(pdf) + " " + shell_quote(prefix));
    EXPECT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(r.err, "") << "poppler complained";
    std::vector<fs::path> pngs;
    for (const auto& e : fs::directory_iterator(pdf.parent_path())) {
      if (e.path().extension() == ".png" &&
          e.path().filename().string().starts_with(prefix.filename().string())) {
        pngs.push_back(e.path());
      }
    }
    std::sort(pngs.begin(), pngs.end());
    return pngs;
  }

  // Each page's one QR decodes to the seal URL, upright, and lies in the page's top-right corner
  // as shown: within 50 × 55 mm of it.
  void expect_stamped_pages(const fs::path& pdf, int pages) {
    const auto pngs = render(pdf);
    ASSERT_EQ(pngs.size(), static_cast<std::size_t>(pages));
    constexpr int kCornerW = 50 * 150 * 10 / 254;
    constexpr int kCornerH = 55 * 150 * 10 / 254;
    for (int page = 1; page <= pages; ++page) {
      const fs::path& png = pngs[static_cast<std::size_t>(page - 1)];
      const auto found = scan(png);
      ASSERT_EQ(found.size(), 1U) << png;
      EXPECT_EQ(found[0].data, url_) << png;
      EXPECT_EQ(found[0].orientation, "UP") << png;
      const fs::path corner = pdf.parent_path() / ("corner-" + std::to_string(page));
      const int width = png_size(png).first;
      const ShellResult crop =
          run_shell("pdftoppm -r 150 -cropbox -png -singlefile -f " + std::to_string(page) +
                    " -l " + std::to_string(page) + " -x " + std::to_string(width - kCornerW) +
                    " -y 0 -W " + std::to_string(kCornerW) + " -H " + std::to_string(kCornerH) +
                    " " + shell_quote(pdf) + " " + shell_quote(corner));
      ASSERT_EQ(crop.exit_code, 0) << crop.err;
      const auto in_corner = scan(corner.string() + ".png");
      ASSERT_EQ(in_corner.size(), 1U) << "page " << page << ": no QR in the top-right corner";
      EXPECT_EQ(in_corner[0].data, url_);
    }
  }

  lw::testing::TempDir dir_;
  std::string url_;
};

TEST_F(ReportStampTest, JJ_3_5_EveryPageOfAMixedReportCarriesItsQrUprightTopRight) {
  const fs::path in = path("report.pdf");
  // A4 portrait, A4 landscape, A4 portrait shown rotated by 90°, a cropped A4 page, and one
  // with a MediaBox away from the origin shown upside down.
  draw_report(in, {{kA4W, kA4H}, {kA4H, kA4W}, {kA4W, kA4H}, {kA4W, kA4H}, {kA4W, kA4H}});
  edit_pdf(in, [](QPDF& pdf) {
    page_dict(pdf, 2).replaceKey("/Rotate", QPDFObjectHandle::newInteger(90));
    page_dict(pdf, 3).replaceKey("/CropBox", QPDFObjectHandle::newArray(QPDFObjectHandle::Rectangle(
                                                 50, 100, kA4W - 120, kA4H - 80)));
    page_dict(pdf, 4).replaceKey(
        "/MediaBox", QPDFObjectHandle::newArray(
                         QPDFObjectHandle::Rectangle(-100, -200, kA4W - 100, kA4H - 200)));
    page_dict(pdf, 4).replaceKey("/Rotate", QPDFObjectHandle::newInteger(-180));
  });
  const fs::path out = stamped(in);
  auto info = inspect_pdf(out);
  ASSERT_TRUE(info);
  EXPECT_EQ(info->pages, 5);
  EXPECT_FALSE(info->encrypted);
  expect_stamped_pages(out, 5);
}

TEST_F(ReportStampTest, JJ_3_5_RotationInheritedFromThePageTreeIsHonoured) {
  const fs::path in = path("inherited.pdf");
  draw_report(in, {{kA4W, kA4H}, {kA4H, kA4W}, {kA4W, kA4H}});
  edit_pdf(in, [](QPDF& pdf) {
    QPDFObjectHandle pages = pdf.getRoot().getKey("/Pages");
    pages.replaceKey("/Rotate", QPDFObjectHandle::newInteger(270));
    pages.replaceKey("/MediaBox", page_dict(pdf, 0).getKey("/MediaBox"));
    page_dict(pdf, 0).removeKey("/MediaBox");
    page_dict(pdf, 2).replaceKey("/Rotate", QPDFObjectHandle::newInteger(0));
  });
  expect_stamped_pages(stamped(in), 3);
}

TEST_F(ReportStampTest, JJ_3_5_NumberAndCaptionsAreTextInAnEmbeddedCjkFont) {
  const fs::path in = path("report.pdf");
  draw_report(in, {{kA4W, kA4H}, {kA4H, kA4W}, {kA4W, kA4H}});
  const fs::path out = stamped(in);

  const ShellResult fonts = run_shell("pdffonts " + shell_quote(out));
  ASSERT_EQ(fonts.exit_code, 0) << fonts.err;
  bool stamp_font = false;
  std::istringstream lines(fonts.out);
  for (std::string line; std::getline(lines, line);) {
    if (line.find("NotoSansCJK") != std::string::npos) {
      stamp_font = true;
      // name, type (two words), encoding, then emb sub uni
      EXPECT_NE(line.find("Identity-H       yes yes yes"), std::string::npos) << line;
    }
  }
  EXPECT_TRUE(stamp_font) << fonts.out;

  for (int page = 1; page <= 3; ++page) {
    const ShellResult text = run_shell("pdftotext -enc UTF-8 -f " + std::to_string(page) + " -l " +
                                       std::to_string(page) + " " + shell_quote(out) + " -");
    ASSERT_EQ(text.exit_code, 0) << text.err;
    EXPECT_NE(text.out.find(kNumber), std::string::npos) << text.out;
    EXPECT_NE(text.out.find("扫码验证报告真伪"), std::string::npos) << text.out;
    EXPECT_NE(text.out.find("Scan to verify"), std::string::npos) << text.out;
    EXPECT_NE(text.out.find(kBody), std::string::npos) << "the lab's own text stays";
  }
}

TEST_F(ReportStampTest, JJ_3_5_EncryptedUnreadableAndEmptyPdfsAreRefused) {
  const fs::path plain = path("plain.pdf");
  draw_report(plain, {{kA4W, kA4H}});
  const auto refused = [&](const fs::path& in, std::string_view why) {
    const Status s = stamp_report_pdf(in, path("out.pdf"), stamp());
    ASSERT_FALSE(s) << why;
    EXPECT_EQ(s.error().code, "invalid_argument") << why;
    EXPECT_TRUE(s.error().details.at("fields").as_object().contains("pdf")) << why;
    EXPECT_FALSE(fs::exists(path("out.pdf"))) << why;
  };

  // Opens only with a password.
  const fs::path locked = path("locked.pdf");
  fs::copy_file(plain, locked);
  edit_pdf(
      locked, [](QPDF&) {},
      [](QPDFWriter& w) {
        w.setR6EncryptionParameters("user", "owner", true, true, true, true, true, true,
                                    qpdf_r3p_full, true);
      });
  refused(locked, "password");
  auto locked_info = inspect_pdf(locked);
  ASSERT_TRUE(locked_info);
  EXPECT_TRUE(locked_info->encrypted);

  // Opens without a password but is encrypted (owner password only).
  const fs::path restricted = path("restricted.pdf");
  fs::copy_file(plain, restricted);
  edit_pdf(
      restricted, [](QPDF&) {},
      [](QPDFWriter& w) {
        w.setR6EncryptionParameters("", "owner", true, false, false, false, false, false,
                                    qpdf_r3p_low, true);
      });
  refused(restricted, "owner password");
  auto restricted_info = inspect_pdf(restricted);
  ASSERT_TRUE(restricted_info);
  EXPECT_TRUE(restricted_info->encrypted);
  EXPECT_EQ(restricted_info->pages, 1);

  const fs::path garbage = path("garbage.pdf");
  std::ofstream(garbage, std::ios::binary) << std::string(4096, '\x9c') << "not a PDF";
  refused(garbage, "garbage");
  EXPECT_FALSE(inspect_pdf(garbage));

  const fs::path truncated = path("truncated.pdf");
  std::ifstream whole(plain, std::ios::binary);
  const std::string bytes(std::istreambuf_iterator<char>(whole), {});
  std::ofstream(truncated, std::ios::binary) << bytes.substr(0, 400);
  refused(truncated, "truncated");

  const fs::path empty = path("empty.pdf");
  std::ofstream(empty, std::ios::binary) << "";
  refused(empty, "empty file");
  EXPECT_FALSE(inspect_pdf(empty));

  auto plain_info = inspect_pdf(plain);
  ASSERT_TRUE(plain_info);
  EXPECT_EQ(plain_info->pages, 1);
  EXPECT_FALSE(plain_info->encrypted);
}

TEST_F(ReportStampTest, JJ_3_5_QrTextBeyondVersion10AtMIsRefused) {
  const fs::path in = path("report.pdf");
  draw_report(in, {{kA4W, kA4H}});
  for (const std::string& text : {std::string(312, 'A'), std::string()}) {
    ReportStamp s = stamp();
    s.qr_text = text;
    const Status st = stamp_report_pdf(in, path("out.pdf"), s);
    ASSERT_FALSE(st);
    EXPECT_TRUE(st.error().details.at("fields").as_object().contains("qr_text"));
  }
  ReportStamp s = stamp();
  s.qr_text = std::string(311, 'A');
  EXPECT_TRUE(stamp_report_pdf(in, path("out.pdf"), s)) << "311 alphanumerics: version 10";
}

TEST_F(ReportStampTest, NumberAndCaptionsMustBeShortPrintableLines) {
  const fs::path in = path("report.pdf");
  draw_report(in, {{kA4W, kA4H}});
  const auto refused = [&](const ReportStamp& s, std::string_view field) {
    const Status st = stamp_report_pdf(in, path("out.pdf"), s);
    ASSERT_FALSE(st) << field;
    EXPECT_TRUE(st.error().details.at("fields").as_object().contains(field)) << field;
  };
  ReportStamp s = stamp();
  s.number = "";
  refused(s, "number");
  s.number = "360402 0007";
  refused(s, "number");
  s = stamp();
  s.caption_zh = "\xff\xfe";
  refused(s, "caption_zh");
  s = stamp();
  s.caption_en = "Scan\nto verify";
  refused(s, "caption_en");
  s = stamp();
  s.caption_en = "";  // a caption may be left out
  EXPECT_TRUE(stamp_report_pdf(in, path("out.pdf"), s));
}

// docs/reports.md: the URL of a unified number with a 30-character base fits version 10 at M.
TEST_F(ReportStampTest, JJ_3_5_RealisticSealUrlFitsVersion10AtMAndDecodesFromQrPng) {
  // 168 bytes (a 26-character number), 269 base32 characters.
  EXPECT_EQ(url_.size(), 30 + 3 + 269U) << url_;
  auto qr = QrMatrix::encode(url_, QrLevel::M);
  ASSERT_TRUE(qr);
  EXPECT_LE(qr->version(), 10);
  RecordProperty("qr_version", qr->version());
  const std::string png = qr_png(*qr, 4);
  EXPECT_EQ(png.substr(1, 3), "PNG");
  std::ofstream(path("qr.png"), std::ios::binary) << png;
  EXPECT_EQ(png_size(path("qr.png")), (std::pair{(qr->size() + 8) * 4, (qr->size() + 8) * 4}));
  const ShellResult r = run_shell("zbarimg --raw -q " + shell_quote(path("qr.png")));
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, url_ + "\n");

  // The longest number that still fits with this base: 31 characters.
  auto longest = QrMatrix::encode(realistic_url(std::string(31, '7')), QrLevel::M);
  ASSERT_TRUE(longest);
  EXPECT_LE(longest->version(), 10);
}

}  // namespace
}  // namespace lw::print
