#pragma once
// A minimal PDF 1.4 file writer: numbered objects written in any order, then the
// cross-reference table and the trailer. It knows nothing of pages or fonts; the caller
// writes the dictionaries. Streams are not compressed.
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace lw::print {

class PdfWriter {
 public:
  PdfWriter();

  /// A new object number, to refer to before the object is written (e.g. the page tree).
  int reserve();
  /// Writes object `id` (from reserve) with `body`, a dictionary, array or other PDF value.
  void object(int id, std::string_view body);
  /// reserve() + object().
  int add(std::string_view body);
  /// A stream object: `dict_entries` (e.g. "/Type /XObject", may be empty) plus /Length.
  int add_stream(std::string_view dict_entries, std::string_view data);
  /// The complete file with `root` as the document catalogue (once: the writer is spent).
  /// Every reserved object must have been written (std::logic_error otherwise).
  std::string finish(int root);

 private:
  std::string out_;
  std::vector<std::size_t> offsets_;  // by object number - 1; npos while only reserved
};

/// One millimetre in PDF points (1/72 inch).
inline constexpr double kMm = 72.0 / 25.4;

/// `v` as a PDF number: at most `decimals` decimals, no trailing zeros ("12", "-0.5", "3.14").
std::string pdf_number(double v, int decimals = 2);
/// `bytes` as a PDF literal string, with ( ) \ escaped and control bytes as octal escapes.
std::string pdf_literal(std::string_view bytes);

}  // namespace lw::print
