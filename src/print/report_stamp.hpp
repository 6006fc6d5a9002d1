#pragma once
// The stamped copy of a report's PDF (issue 9, JJ-3.5; docs/reports.md): every page of the lab's
// PDF gets, in its top-right corner, the anti-counterfeit QR code and the report number with
// a short Chinese and English caption. The stamp is drawn with cairo + pango (Noto CJK, subset
// and embedded) and laid over each page with qpdf, honouring each page's size and rotation;
// the lab's content is not touched otherwise.
#include <filesystem>
#include <string>

#include "core/result.hpp"

namespace lw::print {

struct ReportStamp {
  std::string number;   // printed under the QR, e.g. "360402-0007-2026-CL-000123"
  std::string qr_text;  // what the QR encodes (seal::seal_url), at most a version 10 symbol at M
  std::string caption_zh = "扫码验证报告真伪";
  std::string caption_en = "Scan to verify";
};

/// What a PDF holds, as far as the platform needs to know.
struct PdfInfo {
  int pages = 0;
  bool encrypted = false;
};

/// Opens the file as a PDF; invalid_argument ("pdf") when it cannot be read as one. A PDF that
/// opens only with a password is `encrypted` with `pages` 0 (not counted).
Result<PdfInfo> inspect_pdf(const std::filesystem::path& pdf);

/// Writes the stamped copy of `in` to `out`. invalid_argument ("pdf") when `in` is not a
/// readable unencrypted PDF, ("qr_text") when the text needs more than version 10 at M,
/// ("number", "caption_zh", "caption_en") for a number that is not 1–64 printable ASCII
/// characters or a caption that is not one line of at most 40 characters.
Status stamp_report_pdf(const std::filesystem::path& in, const std::filesystem::path& out,
                        const ReportStamp& stamp);

}  // namespace lw::print
