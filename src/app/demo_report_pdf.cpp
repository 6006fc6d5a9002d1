#include "app/demo_report_pdf.hpp"

#include <cairo-pdf.h>
#include <cairo.h>
#include <pango/pangocairo.h>

#include <algorithm>
#include <memory>

namespace lw::app {
namespace {

// Lengths in PDF points; A4 portrait.
constexpr double kMm = 72.0 / 25.4;
constexpr double kWidth = 210 * kMm;
constexpr double kHeight = 297 * kMm;
constexpr double kLeft = 18 * kMm;
constexpr double kContent = kWidth - 2 * kLeft;
constexpr double kLabelWidth = 30 * kMm;
constexpr double kRow = 7.5 * kMm;
constexpr double kPad = 1.5 * kMm;
constexpr const char* kFont = "Noto Sans CJK SC";

struct GObjectDeleter {
  void operator()(void* p) const { g_object_unref(p); }
};
using Layout = std::unique_ptr<PangoLayout, GObjectDeleter>;

enum class Align { left, centre };

cairo_status_t append(void* closure, const unsigned char* data, unsigned int length) {
  static_cast<std::string*>(closure)->append(reinterpret_cast<const char*>(data), length);
  return CAIRO_STATUS_SUCCESS;
}

// Text and ruled cells on one page; remembers whether a glyph was missing.
class Painter {
 public:
  explicit Painter(cairo_t* cr) : cr_(cr) {}

  Layout layout(const std::string& text, double size, double width, bool bold, Align align) {
    Layout l(pango_cairo_create_layout(cr_));
    PangoFontDescription* font = pango_font_description_new();
    pango_font_description_set_family(font, kFont);
    pango_font_description_set_absolute_size(font, size * PANGO_SCALE);
    pango_font_description_set_weight(font, bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
    pango_layout_set_font_description(l.get(), font);
    pango_font_description_free(font);
    pango_layout_set_width(l.get(), static_cast<int>(width * PANGO_SCALE));
    pango_layout_set_wrap(l.get(), PANGO_WRAP_WORD_CHAR);
    pango_layout_set_alignment(l.get(),
                               align == Align::centre ? PANGO_ALIGN_CENTER : PANGO_ALIGN_LEFT);
    pango_layout_set_text(l.get(), text.data(), static_cast<int>(text.size()));
    missing_ += pango_layout_get_unknown_glyphs_count(l.get());
    return l;
  }

  static double height(PangoLayout* l) {
    int w = 0, h = 0;
    pango_layout_get_size(l, &w, &h);
    return static_cast<double>(h) / PANGO_SCALE;
  }

  /// `text` from (x, y) in `width`; the height it took.
  double text(double x, double y, double width, const std::string& s, double size,
              bool bold = false, Align align = Align::left) {
    auto l = layout(s, size, width, bold, align);
    cairo_set_source_rgb(cr_, 0, 0, 0);
    cairo_move_to(cr_, x, y);
    pango_cairo_show_layout(cr_, l.get());
    return height(l.get());
  }

  /// The height a row of cells needs for these texts in these widths.
  double row_height(const std::vector<std::string>& texts, const std::vector<double>& widths,
                    double size) {
    double h = kRow;
    for (std::size_t i = 0; i < texts.size(); ++i) {
      auto l = layout(texts[i], size, widths[i] - 2 * kPad, false, Align::left);
      h = std::max(h, height(l.get()) + 2 * kPad);
    }
    return h;
  }

  /// A ruled cell, shaded when `label`, its text vertically centred.
  void cell(double x, double y, double w, double h, const std::string& s, double size, bool label,
            Align align) {
    if (label) {
      cairo_set_source_rgb(cr_, 0.93, 0.94, 0.96);
      cairo_rectangle(cr_, x, y, w, h);
      cairo_fill(cr_);
    }
    cairo_set_source_rgb(cr_, 0.2, 0.2, 0.2);
    cairo_set_line_width(cr_, 0.6);
    cairo_rectangle(cr_, x, y, w, h);
    cairo_stroke(cr_);
    auto l = layout(s, size, w - 2 * kPad, label, align);
    cairo_set_source_rgb(cr_, 0, 0, 0);
    cairo_move_to(cr_, x + kPad, y + (h - height(l.get())) / 2);
    pango_cairo_show_layout(cr_, l.get());
  }

  /// A row of cells from `y`; its height.
  double row(double y, const std::vector<std::string>& texts, const std::vector<double>& widths,
             const std::vector<bool>& labels, double size, Align align) {
    const double h = row_height(texts, widths, size);
    double x = kLeft;
    for (std::size_t i = 0; i < texts.size(); ++i) {
      cell(x, y, widths[i], h, texts[i], size, labels[i], align);
      x += widths[i];
    }
    return h;
  }

  void rule(double x0, double x1, double y) {
    cairo_set_source_rgb(cr_, 0, 0, 0);
    cairo_set_line_width(cr_, 0.5);
    cairo_move_to(cr_, x0, y);
    cairo_line_to(cr_, x1, y);
    cairo_stroke(cr_);
  }

  int missing() const { return missing_; }

 private:
  cairo_t* cr_;
  int missing_ = 0;
};

}  // namespace

Result<std::string> demo_report_pdf(const DemoReportDoc& doc) {
  std::string bytes;
  cairo_surface_t* surface = cairo_pdf_surface_create_for_stream(append, &bytes, kWidth, kHeight);
  cairo_t* cr = cairo_create(surface);
  int missing = 0;
  {
    Painter p(cr);
    // The header, clear of the stamp's corner (36 mm wide, about 52 mm tall).
    p.text(kLeft, 14 * kMm, kContent, doc.lab_name, 13, true, Align::centre);
    p.text(kLeft, 22 * kMm, kContent, "检　测　报　告", 24, true, Align::centre);
    p.text(kLeft, 34 * kMm, kContent, doc.title, 12, false, Align::centre);
    p.text(kLeft, 40 * kMm, kContent, "TEST REPORT · " + doc.title_en, 8.5, false, Align::centre);
    p.text(kLeft, 48 * kMm, 140 * kMm,
           "报告编号 Report No.：由监管平台签发，见本页右上角防伪标识 / issued by the "
           "platform, see its stamp at the top right",
           8);

    // The facts, two pairs a row.
    double y = 56 * kMm;
    const double value_width = (kContent - 2 * kLabelWidth) / 2;
    for (std::size_t i = 0; i < doc.facts.size(); i += 2) {
      std::vector<std::string> texts{doc.facts[i].first, doc.facts[i].second, "", ""};
      if (i + 1 < doc.facts.size()) {
        texts[2] = doc.facts[i + 1].first;
        texts[3] = doc.facts[i + 1].second;
      }
      y += p.row(y, texts, {kLabelWidth, value_width, kLabelWidth, value_width},
                 {true, false, true, false}, 8.5, Align::left);
    }

    // The results.
    y += 4 * kMm;
    y += p.text(kLeft, y, kContent, "检测结果 Results", 10, true) + 1.5 * kMm;
    const std::vector<double> widths(doc.columns.size(),
                                     kContent / static_cast<double>(doc.columns.size()));
    y += p.row(y, doc.columns, widths, std::vector<bool>(doc.columns.size(), true), 8,
               Align::centre);
    for (const auto& r : doc.rows) {
      y += p.row(y, r, widths, std::vector<bool>(r.size(), false), 8.5, Align::centre);
    }

    // The conclusion and the remark.
    y += 4 * kMm;
    const double wide = kContent - kLabelWidth;
    const double conclusion =
        std::max(22 * kMm, p.row_height({doc.conclusion}, {wide}, 9.5) + 2 * kMm);
    p.cell(kLeft, y, kLabelWidth, conclusion, "检测结论\nConclusion", 9, true, Align::left);
    p.cell(kLeft + kLabelWidth, y, wide, conclusion, doc.conclusion, 9.5, false, Align::left);
    y += conclusion;
    y += p.row(y, {"备注 Remarks", doc.remark}, {kLabelWidth, wide}, {true, false}, 8, Align::left);

    // The signatures (检测、审核、批准) and the lab's seal.
    y += 12 * kMm;
    const double third = kContent / 3;
    const std::pair<const char*, const std::string*> signers[] = {
        {"批准 Approved：", &doc.approver},
        {"审核 Reviewed：", &doc.reviewer},
        {"检测 Tested：", &doc.tester}};
    for (int i = 0; i < 3; ++i) {
      const double x = kLeft + i * third;
      p.text(x, y, third, std::string(signers[i].first) + *signers[i].second, 9.5);
      p.rule(x + 24 * kMm, x + third - 4 * kMm, y + 6 * kMm);
    }
    y += 14 * kMm;
    p.text(kLeft + third, y, 2 * third, "检测机构（检测专用章） Testing body (seal)", 9.5, false,
           Align::centre);
    p.text(kLeft + third, y + 7 * kMm, 2 * third, "签发日期 Issued on：" + doc.issued_on, 9.5,
           false, Align::centre);

    // The notes and the page number.
    const double foot = kHeight - 30 * kMm;
    p.rule(kLeft, kLeft + kContent, foot);
    p.text(kLeft, foot + 1.5 * kMm, kContent,
           "声明：1. 本报告未加盖检测专用章无效；复制本报告未重新加盖检测专用章无效。2. 本报告"
           "仅对所检样品负责。3. 扫描右上角二维码，或在监管平台输入报告编号，可核验本报告真伪及"
           "状态。\nNotes: void without the lab's seal; valid for the specimens tested only; scan "
           "the QR code at the top right to verify this report.\n" +
               doc.lab_name + "　" + doc.lab_address,
           7);
    p.text(kLeft, kHeight - 12 * kMm, kContent, "第 1 页 共 1 页 · Page 1 of 1", 7.5, false,
           Align::centre);
    missing = p.missing();
  }
  cairo_show_page(cr);
  cairo_destroy(cr);
  cairo_surface_finish(surface);
  const auto status = cairo_surface_status(surface);
  cairo_surface_destroy(surface);
  if (status != CAIRO_STATUS_SUCCESS) {
    return Error(std::string(errc::internal),
                 std::string("demo report PDF: cairo: ") + cairo_status_to_string(status));
  }
  if (missing > 0) {
    return Error(
        std::string(errc::internal),
        std::string("demo report PDF: the font lacks a glyph (fonts-noto-cjk?): ") + kFont);
  }
  return bytes;
}

}  // namespace lw::app
