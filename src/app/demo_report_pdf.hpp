#pragma once
// The demo's report PDFs (issue 9): a one-page Chinese test report as a lab's system prints it
// — the lab, title, facts, results table, conclusion and signature lines — drawn with cairo +
// pango (Noto CJK embedded). The top-right corner stays blank: the platform's stamp (the QR and
// the number, print/report_stamp.hpp) goes there.
#include <string>
#include <utility>
#include <vector>

#include "core/result.hpp"

namespace lw::app {

struct DemoReportDoc {
  std::string lab_name;
  std::string lab_address;
  std::string title;     // e.g. 混凝土立方体抗压强度检测报告
  std::string title_en;  // e.g. Compressive strength of concrete cubes
  std::vector<std::pair<std::string, std::string>> facts;  // label, value: two a row
  std::vector<std::string> columns;                        // the results table
  std::vector<std::vector<std::string>> rows;
  std::string conclusion;  // the paragraph under 检测结论
  std::string remark;
  std::string tester, reviewer, approver;
  std::string issued_on;  // YYYY-MM-DD
};

/// The PDF's bytes; internal when cairo fails or the font lacks a glyph.
Result<std::string> demo_report_pdf(const DemoReportDoc& doc);

}  // namespace lw::app
