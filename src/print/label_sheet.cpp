#include "print/label_sheet.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <set>

#include "core/text.hpp"
#include "print/pdf_writer.hpp"
#include "print/qr_matrix.hpp"

namespace lw::print {

namespace {

constexpr double kPageWidth = 210 * kMm;
constexpr double kPageHeight = 297 * kMm;
constexpr double kMargin = 10 * kMm;
constexpr double kGridTop = kPageHeight - 27 * kMm;  // below the two header lines
constexpr double kGridBottom = 14 * kMm;             // above the page number
constexpr double kCellWidth = (kPageWidth - 2 * kMargin) / kSheetColumns;
constexpr double kCellHeight = (kGridTop - kGridBottom) / kSheetRows;
constexpr double kQrBoxMax = 35 * kMm;  // the symbol and its quiet zone
// Module sizes and symbol positions are whole multiples of 1/150 inch: a 300 or 600 dpi printer
// and a 150 dpi rendering give every module the same whole number of dots (uneven, blurred
// module edges make decoders such as zbar miss codes).
constexpr double kRasterStep = 72.0 / 150;
// Finer modules print and scan poorly: 3 steps = 0.51 mm, reached by version 10 (57 modules,
// 151 bytes at level Q); longer URLs are refused.
constexpr int kMinModuleSteps = 3;
constexpr double kCodeTextHeight = 4.5 * kMm;  // from the QR box down to below the code text
constexpr double kCodeFontSize = 10;
constexpr double kCourierAdvance = 0.6;  // every Courier glyph is 600/1000 em wide

// Fonts of the shared resource dictionary.
constexpr char kCourierBold[] = "/F1";
constexpr char kHelvetica[] = "/F2";
constexpr char kSong[] = "/F3";  // STSong-Light, UCS-2 codes

std::string num(double v) {
  return pdf_number(v);
}

// Code points of valid UTF-8.
std::vector<char32_t> code_points(std::string_view utf8) {
  std::vector<char32_t> out;
  for (std::size_t i = 0; i < utf8.size();) {
    const auto b = static_cast<unsigned char>(utf8[i]);
    const int len = b < 0x80 ? 1 : b < 0xE0 ? 2 : b < 0xF0 ? 3 : 4;
    char32_t cp = len == 1 ? b : b & (0x7F >> len);
    for (int k = 1; k < len; ++k) {
      cp = (cp << 6) | (static_cast<unsigned char>(utf8[i + k]) & 0x3F);
    }
    out.push_back(cp);
    i += static_cast<std::size_t>(len);
  }
  return out;
}

// Text operators for a header line: ASCII runs in Helvetica, the rest in STSong-Light as
// UCS-2 hex strings. Collects the high bytes of the UCS-2 codes used (for the ToUnicode map).
std::string header_text(std::string_view utf8, double size, std::set<int>& song_rows) {
  std::string ops;
  std::string run;
  bool song = false;
  auto flush = [&] {
    if (!run.empty()) {
      ops += std::string(song ? kSong : kHelvetica) + " " + num(size) + " Tf ";
      ops += song ? "<" + run + ">" : pdf_literal(run);
      ops += " Tj\n";
      run.clear();
    }
  };
  for (char32_t cp : code_points(replace_invalid_utf8(utf8))) {
    if (cp < 0x20 || cp == 0x7F || (cp >= 0xD800 && cp < 0xE000)) {
      cp = ' ';
    } else if (cp > 0xFFFF) {
      cp = '?';
    }
    const bool cjk = cp > 0x7E;
    if (cjk != song) {
      flush();
      song = cjk;
    }
    if (cjk) {
      char hex[5];
      std::snprintf(hex, sizeof hex, "%04X", static_cast<unsigned>(cp));
      run += hex;
      song_rows.insert(static_cast<int>(cp >> 8));
    } else {
      run += static_cast<char>(cp);
    }
  }
  flush();
  return ops;
}

// UCS-2 codes map to themselves; one range per high byte used (a range may not cross one).
std::string ucs2_to_unicode_cmap(const std::set<int>& rows) {
  std::string m =
      "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n"
      "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
      "/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n"
      "1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n";
  m += std::to_string(rows.size()) + " beginbfrange\n";
  for (const int r : rows) {
    char line[32];
    std::snprintf(line, sizeof line, "<%02X00> <%02XFF> <%02X00>\n", r, r, r);
    m += line;
  }
  m += "endbfrange\nendcmap\nCMapName currentdict /CMap defineresource pop\nend\nend";
  return m;
}

// A Type0 font for STSong-Light, one of the Adobe CJK fonts a reader supplies itself.
int add_song_font(PdfWriter& pdf, const std::set<int>& rows) {
  const int descriptor = pdf.add(
      "<< /Type /FontDescriptor /FontName /STSong-Light /Flags 6 /FontBBox [-134 -254 1001 905]"
      " /ItalicAngle 0 /Ascent 905 /Descent -254 /CapHeight 626 /StemV 48 >>");
  const int cid_font = pdf.add(
      "<< /Type /Font /Subtype /CIDFontType0 /BaseFont /STSong-Light"
      " /CIDSystemInfo << /Registry (Adobe) /Ordering (GB1) /Supplement 2 >>"
      " /FontDescriptor " +
      std::to_string(descriptor) + " 0 R /DW 1000 >>");
  const int to_unicode = pdf.add_stream("", ucs2_to_unicode_cmap(rows));
  return pdf.add(
      "<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light-UniGB-UCS2-H"
      " /Encoding /UniGB-UCS2-H /DescendantFonts [" +
      std::to_string(cid_font) + " 0 R] /ToUnicode " + std::to_string(to_unicode) + " 0 R >>");
}

// Dashed light-grey lines around and between the cells.
std::string cut_guides() {
  std::string ops = "q 0.75 G 0.3 w [2 2] 0 d\n";
  for (int c = 0; c <= kSheetColumns; ++c) {
    const double x = kMargin + c * kCellWidth;
    ops += num(x) + " " + num(kGridBottom) + " m " + num(x) + " " + num(kGridTop) + " l\n";
  }
  for (int r = 0; r <= kSheetRows; ++r) {
    const double y = kGridBottom + r * kCellHeight;
    ops += num(kMargin) + " " + num(y) + " m " + num(kPageWidth - kMargin) + " " + num(y) + " l\n";
  }
  return ops + "S Q\n";
}

// The module side of `qr` in raster steps: the largest that keeps the box within kQrBoxMax.
int module_steps(const QrMatrix& qr) {
  return static_cast<int>(kQrBoxMax / (qr.size() + 2 * kQuietModules) / kRasterStep);
}

// One label in the cell whose top-left corner is (left, top): the QR, centred, over its code.
std::string label_ops(const QrMatrix& qr, std::string_view code, double left, double top) {
  const int n = qr.size();
  const int modules = n + 2 * kQuietModules;
  const double module = module_steps(qr) * kRasterStep;
  const double box = module * modules;
  const auto snap = [](double v) { return std::round(v / kRasterStep) * kRasterStep; };
  const double box_left = snap(left + (kCellWidth - box) / 2);
  // Snapped as a distance from the top edge, where a rendering's first pixel row lies.
  const double box_top =
      kPageHeight - snap(kPageHeight - top + (kCellHeight - box - kCodeTextHeight) / 2);
  const double box_bottom = box_top - box;
  // In module units, origin at the symbol's bottom-left; dark runs of a row as one rectangle.
  std::string ops = "q " + num(module) + " 0 0 " + num(module) + " " +
                    num(box_left + kQuietModules * module) + " " +
                    num(box_bottom + kQuietModules * module) + " cm\n";
  for (int y = 0; y < n; ++y) {
    for (int x = 0; x < n;) {
      if (!qr.dark(x, y)) {
        ++x;
        continue;
      }
      const int start = x;
      while (x < n && qr.dark(x, y)) {
        ++x;
      }
      ops += std::to_string(start) + " " + std::to_string(n - 1 - y) + " " +
             std::to_string(x - start) + " 1 re\n";
    }
  }
  ops += "f Q\n";
  const double width_em = kCourierAdvance * static_cast<double>(code.size());
  const double size = std::min(kCodeFontSize, (kCellWidth - 4 * kMm) / width_em);
  const double text_left = left + (kCellWidth - width_em * size) / 2;
  ops += "BT " + std::string(kCourierBold) + " " + num(size) + " Tf " + num(text_left) + " " +
         num(box_bottom - 3.6 * kMm) + " Td " + pdf_literal(code) + " Tj ET\n";
  return ops;
}

std::string page_number_ops(int page, int pages) {
  const std::string text = std::to_string(page) + " / " + std::to_string(pages);
  constexpr double kSize = 9;
  const double width = kCourierAdvance * kSize * static_cast<double>(text.size());
  return "BT " + std::string(kCourierBold) + " " + num(kSize) + " Tf " +
         num((kPageWidth - width) / 2) + " " + num(7 * kMm) + " Td " + pdf_literal(text) +
         " Tj ET\n";
}

bool printable_ascii(std::string_view s) {
  return !s.empty() &&
         std::all_of(s.begin(), s.end(), [](char c) { return c >= 0x20 && c < 0x7F; });
}

}  // namespace

Result<std::string> label_sheet_pdf(const LabelSheet& sheet) {
  std::vector<QrMatrix> codes;
  codes.reserve(sheet.labels.size());
  for (std::size_t i = 0; i < sheet.labels.size(); ++i) {
    const auto field = "labels[" + std::to_string(i) + "].";
    if (!printable_ascii(sheet.labels[i].code_text)) {
      return field_error(field + "code_text", "1 or more printable ASCII characters");
    }
    auto qr = QrMatrix::encode(sheet.labels[i].url);
    if (!qr || module_steps(*qr) < kMinModuleSteps) {
      return field_error(field + "url", "empty, or too long for a legible QR label");
    }
    codes.push_back(std::move(*qr));
  }

  std::set<int> song_rows;
  const std::string header = "BT " + num(kMargin) + " " + num(kPageHeight - 15 * kMm) + " Td\n" +
                             header_text(sheet.title, 14, song_rows) + "ET\nBT " + num(kMargin) +
                             " " + num(kPageHeight - 21 * kMm) + " Td\n" +
                             header_text(sheet.subtitle, 10, song_rows) + "ET\n";

  PdfWriter pdf;
  const int catalog = pdf.reserve();
  const int page_tree = pdf.reserve();
  std::string fonts =
      std::string(kCourierBold) + " " +
      std::to_string(pdf.add("<< /Type /Font /Subtype /Type1 /BaseFont /Courier-Bold >>")) +
      " 0 R " + kHelvetica + " " +
      std::to_string(pdf.add("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica"
                             " /Encoding /WinAnsiEncoding >>")) +
      " 0 R";
  if (!song_rows.empty()) {
    fonts +=
        std::string(" ") + kSong + " " + std::to_string(add_song_font(pdf, song_rows)) + " 0 R";
  }
  const int resources = pdf.add("<< /Font << " + fonts + " >> >>");

  const int pages =
      std::max<int>(1, static_cast<int>((codes.size() + kLabelsPerPage - 1) / kLabelsPerPage));
  const std::string guides = cut_guides();
  std::string kids;
  for (int p = 0; p < pages; ++p) {
    std::string ops = "0 g\n";
    ops += header;
    ops += guides;
    const std::size_t first = static_cast<std::size_t>(p) * kLabelsPerPage;
    for (std::size_t i = first; i < std::min(codes.size(), first + kLabelsPerPage); ++i) {
      const auto cell = static_cast<int>(i - first);
      const int row = cell / kSheetColumns;
      const int column = cell % kSheetColumns;
      ops += label_ops(codes[i], sheet.labels[i].code_text, kMargin + column * kCellWidth,
                       kGridTop - row * kCellHeight);
    }
    ops += page_number_ops(p + 1, pages);
    const int content = pdf.add_stream("", ops);
    const int page = pdf.add("<< /Type /Page /Parent " + std::to_string(page_tree) +
                             " 0 R /MediaBox [0 0 " + num(kPageWidth) + " " + num(kPageHeight) +
                             "] /Resources " + std::to_string(resources) + " 0 R /Contents " +
                             std::to_string(content) + " 0 R >>");
    kids += std::to_string(page) + " 0 R ";
  }
  pdf.object(page_tree,
             "<< /Type /Pages /Kids [" + kids + "] /Count " + std::to_string(pages) + " >>");
  pdf.object(catalog, "<< /Type /Catalog /Pages " + std::to_string(page_tree) + " 0 R >>");
  return pdf.finish(catalog);
}

}  // namespace lw::print
