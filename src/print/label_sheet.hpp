#pragma once
// The printable sheet of a label batch: A4 portrait pages of QR labels, each QR with its code
// in text under it, for the route GET /api/v1/label-batches/{id}/sheet (issue 6). A pure
// function: the caller loads the batch and builds the verification URLs.
#include <string>
#include <vector>

#include "core/result.hpp"

namespace lw::print {

struct SheetLabel {
  std::string code_text;  // as printed under the QR, e.g. "7KQ2-M9XD-4TRB-T" (printable ASCII)
  std::string url;        // what the QR encodes, e.g. "http://127.0.0.1:8080/q/7KQ2M9XD4TRBT"
};

struct LabelSheet {
  std::string title;     // header line on every page, UTF-8, may be Chinese (the project name)
  std::string subtitle;  // second header line, UTF-8, e.g. batch number and issue date
  std::vector<SheetLabel> labels;
};

/// Labels per page: kSheetColumns × kSheetRows cells of 47.5 × 42.7 mm between dashed cut guides,
/// each a QR square of at most 35 mm (quiet zone of 4 modules included) over its code. Modules
/// are whole multiples of 1/150 inch: 0.85 mm for a URL of up to version 4 (33 modules, e.g.
/// "https://jdjc.jiujiang.gov.cn/q/7KQ2M9XD4TRBT"), 31.3 to 34.7 mm squares.
inline constexpr int kSheetColumns = 4;
inline constexpr int kSheetRows = 6;
inline constexpr int kLabelsPerPage = kSheetColumns * kSheetRows;

/// The sheet as PDF bytes, one page per kLabelsPerPage labels and "page / pages" at the foot
/// of each; no labels gives one page with the header only. invalid_argument naming the field
/// (e.g. "labels[3].url") for a code text that is empty or not printable ASCII, or a URL that is
/// empty or needs more than a version 10 QR code to stay legible (0.5 mm modules): 151 bytes
/// of lower-case text, 221 characters of upper case, digits and " $%*+-./:". Chinese header text
/// uses the non-embedded font STSong-Light (a reader substitutes a CJK font); code points beyond
/// U+FFFF print as "?".
Result<std::string> label_sheet_pdf(const LabelSheet& sheet);

}  // namespace lw::print
