#include "print/report_stamp.hpp"

#include <cairo-pdf.h>
#include <cairo.h>
#include <pango/pangocairo.h>
#include <qpdf/QPDF.hh>
#include <qpdf/QPDFExc.hh>
#include <qpdf/QPDFObjectHandle.hh>
#include <qpdf/QPDFPageDocumentHelper.hh>
#include <qpdf/QPDFPageObjectHelper.hh>
#include <qpdf/QPDFSystemError.hh>
#include <qpdf/QPDFWriter.hh>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <memory>
#include <stdexcept>

#include "core/text.hpp"
#include "print/pdf_writer.hpp"
#include "print/qr_matrix.hpp"

namespace lw::print {

namespace {

constexpr double kQrSide = 22 * kMm;    // the symbol without its quiet zone
constexpr double kQrPad = 4 * kMm;      // white around the symbol (at least 4 modules)
constexpr double kTextPad = 1.2 * kMm;  // left and right of the text lines
constexpr double kBottomPad = 1.5 * kMm;
constexpr double kStampMargin = 6 * kMm;  // from the visible page's top and right edges
constexpr double kBorder = 0.5;           // the stamp's frame
constexpr int kMaxVersion = 10;
constexpr const char* kFont = "Noto Sans CJK SC";

template <class T, void (*F)(T*)>
struct Deleter {
  void operator()(T* p) const { F(p); }
};
using Surface = std::unique_ptr<cairo_surface_t, Deleter<cairo_surface_t, cairo_surface_destroy>>;
using Cairo = std::unique_ptr<cairo_t, Deleter<cairo_t, cairo_destroy>>;
using FontDesc = std::unique_ptr<PangoFontDescription,
                                 Deleter<PangoFontDescription, pango_font_description_free>>;

struct GObjectDeleter {
  void operator()(void* p) const { g_object_unref(p); }
};
using Layout = std::unique_ptr<PangoLayout, GObjectDeleter>;

Error bad_pdf(std::string_view reason, std::string note = {}) {
  Error e = field_error("pdf", reason);
  e.note = std::move(note);
  return e;
}

// One centred line of text, its font size shrunk until it fits `width`.
struct Line {
  Layout layout;
  double width = 0;
  double height = 0;
};

Result<Line> text_line(cairo_t* cr, const std::string& text, double size, double width) {
  Line line{Layout(pango_cairo_create_layout(cr))};
  FontDesc font(pango_font_description_new());
  pango_font_description_set_family(font.get(), kFont);
  const auto measure = [&](double s) {
    pango_font_description_set_absolute_size(font.get(), s * PANGO_SCALE);
    pango_layout_set_font_description(line.layout.get(), font.get());
    int w = 0;
    int h = 0;
    pango_layout_get_size(line.layout.get(), &w, &h);
    line.width = static_cast<double>(w) / PANGO_SCALE;
    line.height = static_cast<double>(h) / PANGO_SCALE;
  };
  pango_layout_set_text(line.layout.get(), text.data(), static_cast<int>(text.size()));
  measure(size);
  if (line.width > width) {
    measure(size * width / line.width * 0.99);
  }
  if (pango_layout_get_unknown_glyphs_count(line.layout.get()) > 0) {
    return Error(std::string(errc::internal),
                 std::string("the stamp font lacks a glyph (fonts-noto-cjk installed?): ") + kFont);
  }
  return line;
}

cairo_status_t append(void* closure, const unsigned char* data, unsigned int length) {
  static_cast<std::string*>(closure)->append(reinterpret_cast<const char*>(data), length);
  return CAIRO_STATUS_SUCCESS;
}

// The stamp as a one-page PDF whose page is exactly the stamp: white, framed, the QR code, the
// number and the two captions under it.
struct StampPdf {
  std::string bytes;
  double width = 0;
  double height = 0;
};

Result<StampPdf> draw_stamp(const QrMatrix& qr, const ReportStamp& stamp) {
  StampPdf out;
  const double module = kQrSide / qr.size();
  const double pad = std::max(kQrPad, (kQuietModules + 0.5) * module);
  out.width = kQrSide + 2 * pad;
  Surface surface(cairo_pdf_surface_create_for_stream(append, &out.bytes, out.width, out.width));
  Cairo cr(cairo_create(surface.get()));
  const double text_width = out.width - 2 * kTextPad;
  std::vector<Line> lines;
  for (const auto& [text, size] : {std::pair{&stamp.number, 7.0}, std::pair{&stamp.caption_zh, 6.5},
                                   std::pair{&stamp.caption_en, 6.0}}) {
    if (text->empty()) {
      continue;
    }
    auto line = text_line(cr.get(), *text, size, text_width);
    if (!line) {
      return std::move(line).error();
    }
    lines.push_back(std::move(line).value());
  }
  double text_height = 0;
  for (const auto& l : lines) {
    text_height += l.height;
  }
  out.height = pad + kQrSide + pad * 0.75 + text_height + kBottomPad;
  cairo_pdf_surface_set_size(surface.get(), out.width, out.height);

  cairo_set_source_rgb(cr.get(), 1, 1, 1);
  cairo_paint(cr.get());
  cairo_set_source_rgb(cr.get(), 0.45, 0.45, 0.45);
  cairo_set_line_width(cr.get(), kBorder);
  cairo_rectangle(cr.get(), kBorder / 2, kBorder / 2, out.width - kBorder, out.height - kBorder);
  cairo_stroke(cr.get());

  // The modules, a row's dark run as one rectangle, filled as one path (no seams).
  cairo_set_source_rgb(cr.get(), 0, 0, 0);
  for (int y = 0; y < qr.size(); ++y) {
    for (int x = 0; x < qr.size();) {
      if (!qr.dark(x, y)) {
        ++x;
        continue;
      }
      const int start = x;
      while (x < qr.size() && qr.dark(x, y)) {
        ++x;
      }
      cairo_rectangle(cr.get(), pad + start * module, pad + y * module, (x - start) * module,
                      module);
    }
  }
  cairo_fill(cr.get());

  double top = pad + kQrSide + pad * 0.75;
  for (const auto& l : lines) {
    cairo_move_to(cr.get(), (out.width - l.width) / 2, top);
    pango_cairo_show_layout(cr.get(), l.layout.get());
    top += l.height;
  }
  cairo_show_page(cr.get());
  lines.clear();
  cr.reset();
  cairo_surface_finish(surface.get());
  if (cairo_surface_status(surface.get()) != CAIRO_STATUS_SUCCESS) {
    throw std::runtime_error(std::string("report stamp: cairo: ") +
                             cairo_status_to_string(cairo_surface_status(surface.get())));
  }
  return out;
}

std::string precise(double v) {
  return pdf_number(v, 4);
}

struct Vec {
  double x;
  double y;
};

// The page's visible box: its CropBox within its MediaBox.
std::optional<QPDFObjectHandle::Rectangle> visible_box(QPDFPageObjectHelper& page) {
  QPDFObjectHandle media = page.getMediaBox();
  if (!media.isRectangle()) {
    return std::nullopt;
  }
  auto norm = [](QPDFObjectHandle::Rectangle r) {
    return QPDFObjectHandle::Rectangle(std::min(r.llx, r.urx), std::min(r.lly, r.ury),
                                       std::max(r.llx, r.urx), std::max(r.lly, r.ury));
  };
  QPDFObjectHandle::Rectangle box = norm(media.getArrayAsRectangle());
  if (QPDFObjectHandle crop = page.getCropBox(); crop.isRectangle()) {
    const auto c = norm(crop.getArrayAsRectangle());
    const QPDFObjectHandle::Rectangle both(std::max(box.llx, c.llx), std::max(box.lly, c.lly),
                                           std::min(box.urx, c.urx), std::min(box.ury, c.ury));
    if (both.urx > both.llx && both.ury > both.lly) {
      box = both;
    }
  }
  if (box.urx - box.llx <= 0 || box.ury - box.lly <= 0) {
    return std::nullopt;
  }
  return box;
}

// The content that draws the stamp form `name` (width × height points) upright in the top-right
// corner of the page as a viewer shows it: after /Rotate (clockwise, multiples of 90°) and
// /UserUnit. R and U are the viewer's right and up directions in the page's user space.
std::optional<std::string> placement(QPDFPageObjectHelper& page, const std::string& name,
                                     double width, double height) {
  const auto box = visible_box(page);
  if (!box) {
    return std::nullopt;
  }
  QPDFObjectHandle page_dict = page.getObjectHandle();
  int rotate = 0;
  if (QPDFObjectHandle r = page.getAttribute("/Rotate", false); r.isInteger()) {
    rotate = static_cast<int>(((r.getIntValue() % 360) + 360) % 360);
  }
  if (rotate % 90 != 0) {
    rotate = 0;  // as viewers do
  }
  double unit = 1;
  if (QPDFObjectHandle u = page_dict.getKey("/UserUnit"); u.isNumber() && u.getNumericValue() > 0) {
    unit = u.getNumericValue();
  }
  Vec corner{};
  Vec right{};
  Vec up{};
  switch (rotate) {
    case 90:
      corner = {box->llx, box->ury}, right = {0, 1}, up = {-1, 0};
      break;
    case 180:
      corner = {box->llx, box->lly}, right = {-1, 0}, up = {0, -1};
      break;
    case 270:
      corner = {box->urx, box->lly}, right = {0, -1}, up = {1, 0};
      break;
    default:
      corner = {box->urx, box->ury}, right = {1, 0}, up = {0, 1};
  }
  double shown_w = (box->urx - box->llx) * unit;
  double shown_h = (box->ury - box->lly) * unit;
  if (rotate == 90 || rotate == 270) {
    std::swap(shown_w, shown_h);
  }
  // A page smaller than the stamp with its margins gets a smaller stamp.
  const double k =
      std::min({1.0, shown_w / (width + 2 * kStampMargin), shown_h / (height + 2 * kStampMargin)});
  const double f = k / unit;
  const double m = kStampMargin * f;
  const double dx = m + width * f;
  const double dy = m + height * f;
  const Vec origin{corner.x - dx * right.x - dy * up.x, corner.y - dx * right.y - dy * up.y};
  return "\nQ\nq " + precise(f * right.x) + " " + precise(f * right.y) + " " + precise(f * up.x) +
         " " + precise(f * up.y) + " " + precise(origin.x) + " " + precise(origin.y) + " cm " +
         name + " Do Q\n";
}

// Adds `form` to the page's resources under a name unused there; returns the name.
std::string add_form(QPDFPageObjectHelper& page, const QPDFObjectHandle& form) {
  QPDFObjectHandle page_dict = page.getObjectHandle();
  QPDFObjectHandle resources = page.getAttribute("/Resources", true);
  if (!resources.isDictionary()) {
    resources = QPDFObjectHandle::newDictionary();
    page_dict.replaceKey("/Resources", resources);
  }
  int suffix = 1;
  std::string name = resources.getUniqueResourceName("/LwSeal", suffix);
  QPDFObjectHandle old = resources.getKey("/XObject");
  QPDFObjectHandle xobjects =
      old.isDictionary() ? old.shallowCopy() : QPDFObjectHandle::newDictionary();
  xobjects.replaceKey(name, form);
  resources.replaceKey("/XObject", xobjects);
  return name;
}

// The stamp's texts: the number printable ASCII, the captions short UTF-8 lines.
Status check_texts(const ReportStamp& stamp) {
  const auto& n = stamp.number;
  if (n.empty() || n.size() > 64 ||
      !std::all_of(n.begin(), n.end(), [](char c) { return c > ' ' && c < 0x7f; })) {
    return field_error("number", "1 to 64 printable ASCII characters");
  }
  for (const auto& [field, text] :
       {std::pair{"caption_zh", &stamp.caption_zh}, std::pair{"caption_en", &stamp.caption_en}}) {
    if (!valid_utf8(*text) || utf8_length(*text) > 40 ||
        text->find_first_of("\r\n") != std::string::npos) {
      return field_error(field, "at most 40 characters on one line");
    }
  }
  return {};
}

Result<QrMatrix> stamp_qr(const std::string& text) {
  auto qr = QrMatrix::encode(text, QrLevel::M);
  if (!qr || qr->version() > kMaxVersion) {
    return field_error("qr_text", "1 or more characters that fit a version 10 QR code at level M");
  }
  return qr;
}

void remove_partial(const std::filesystem::path& out, bool writing) {
  if (writing) {
    std::error_code ec;
    std::filesystem::remove(out, ec);
  }
}

}  // namespace

Result<PdfInfo> inspect_pdf(const std::filesystem::path& pdf) {
  try {
    QPDF doc;
    doc.setSuppressWarnings(true);
    doc.processFile(pdf.c_str());
    PdfInfo info;
    info.encrypted = doc.isEncrypted();
    info.pages = static_cast<int>(QPDFPageDocumentHelper(doc).getAllPages().size());
    return info;
  } catch (const QPDFExc& e) {
    if (e.getErrorCode() == qpdf_e_password) {
      return PdfInfo{0, true};
    }
    return bad_pdf("not a readable PDF", e.what());
  } catch (const std::exception& e) {
    return bad_pdf("not a readable PDF", e.what());
  }
}

Status stamp_report_pdf(const std::filesystem::path& in, const std::filesystem::path& out,
                        const ReportStamp& stamp) {
  LW_TRY(check_texts(stamp));
  auto qr = stamp_qr(stamp.qr_text);
  if (!qr) {
    return std::move(qr).error();
  }
  StampPdf drawn;
  LW_TRY_ASSIGN(drawn, draw_stamp(*qr, stamp));
  bool writing = false;
  try {
    QPDF doc;
    doc.setSuppressWarnings(true);
    try {
      doc.processFile(in.c_str());
    } catch (const QPDFExc& e) {
      if (e.getErrorCode() == qpdf_e_password) {
        return bad_pdf("encrypted", e.what());
      }
      throw;
    }
    if (doc.isEncrypted()) {
      return bad_pdf("encrypted");
    }
    QPDFPageDocumentHelper pages(doc);
    pages.pushInheritedAttributesToPage();
    auto all = pages.getAllPages();
    if (all.empty()) {
      return bad_pdf("no pages");
    }
    // The stamp's document stays open until the copy is written: copied streams read from it.
    QPDF stamp_doc;
    stamp_doc.processMemoryFile("stamp", drawn.bytes.data(), drawn.bytes.size());
    QPDFObjectHandle form = doc.copyForeignObject(
        QPDFPageDocumentHelper(stamp_doc).getAllPages().at(0).getFormXObjectForPage(false));
    for (auto& page : all) {
      const std::string name = add_form(page, form);
      auto content = placement(page, name, drawn.width, drawn.height);
      if (!content) {
        return bad_pdf("a page without a valid MediaBox");
      }
      page.addPageContents(QPDFObjectHandle::newStream(&doc, "q\n"), true);
      page.addPageContents(QPDFObjectHandle::newStream(&doc, *content), false);
    }
    writing = true;
    QPDFWriter writer(doc, out.c_str());
    writer.setDecodeLevel(qpdf_dl_none);  // the lab's streams are copied as they are
    writer.setMinimumPDFVersion(stamp_doc.getPDFVersion());
    writer.setDeterministicID(true);
    writer.write();
    return {};
  } catch (const QPDFSystemError& e) {
    remove_partial(out, writing);
    return Error(std::string(errc::storage_unavailable), e.what());
  } catch (const std::exception& e) {
    remove_partial(out, writing);
    return bad_pdf("not a readable PDF", e.what());
  }
}

}  // namespace lw::print
