#pragma once
// Reports (issue 9; JJ-3.5, JJ-3.6, JJ-4.1; docs/reports.md): the unified report number and the
// pure checks of a report against what the platform holds — figures as printed against the
// reviewed test data, specimens against their receipts and the QR rule's dates, instruments
// against their calibrations on the test dates. No storage, no clock.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/calendar.hpp"
#include "domain/lab_test.hpp"

namespace lw::domain {

/// The two-letter code a report number carries for a lab qualification category
/// (building_materials → "CL"); none for an unknown category.
std::optional<std::string_view> report_category_code(std::string_view qualification_category);

inline constexpr int kMaxReportSequence = 999999;

struct ReportNumber {
  std::string lab_code;  // the lab's unified code (or a code from before it)
  int year = 0;
  std::string category;  // two letters, report_category_code
  int sequence = 0;      // 1 to kMaxReportSequence
};
/// "<lab code>-<year>-<category>-<sequence, 6 digits>", e.g. "360402-0007-2026-CL-000123".
std::string format_report_number(const ReportNumber& n);
/// The parts of a well-formed number; none otherwise (read from the right, so any lab code of
/// 1-32 characters of A-Z, 0-9 and '-' works).
std::optional<ReportNumber> parse_report_number(std::string_view text);

/// The overall conclusion a report prints.
enum class ReportConclusion { pass, fail };
std::string_view report_conclusion_name(ReportConclusion c);
std::optional<ReportConclusion> parse_report_conclusion(std::string_view name);

/// One specimen's figures as the report prints them (none: not printed).
struct PrintedSpecimen {
  std::string label_code;
  std::optional<double> strength_mpa;
  std::optional<double> yield_strength_mpa;
  std::optional<double> elongation_percent;
};
/// A test's results as the report prints them.
struct PrintedResults {
  std::int64_t test_id = 0;
  std::vector<PrintedSpecimen> specimens;
  std::optional<double> group_strength_mpa;
  std::optional<Conclusion> conclusion;
};

/// A figure of the report that is not the reviewed data's.
struct ResultMismatch {
  std::int64_t test_id = 0;
  std::string field;  // strength_mpa, yield_strength_mpa, elongation_percent,
                      // group_strength_mpa, conclusion, label_code, specimens
  std::optional<std::size_t> specimen;
  std::string printed;   // as the report has it ("" when absent)
  std::string recorded;  // as the reviewed data has it ("" when absent)
};

/// Whether `printed` agrees with `recorded` as printed: the recorded value rounded half away
/// from zero to the printed figure's decimals (those of its shortest decimal form) equals it.
/// 32.56 recorded prints as 32.6 or 32.56, not as 32.5 or 33.
bool printed_agrees(double printed, double recorded);

/// Every difference between the printed results and the test's reviewed data: the specimens
/// in the same order with the same labels, each printed figure agreeing, a figure printed that
/// the data lacks or the data has that is not printed, the group value and the conclusion.
std::vector<ResultMismatch> compare_results(const PrintedResults& printed,
                                            const TestData& recorded);

/// A specimen of a report as its receipt at the lab shows it.
struct SpecimenReceiptFacts {
  bool labelled = true;  // received with a QR label
  Date received_on{};    // Asia/Shanghai
};
/// Whether a specimen received without a QR label makes a report issued on `issued_on`
/// invalid (JJ-4.1): received on or after `qr_required_from`, or the report issued on or
/// after `reports_invalid_from`. A labelled specimen never does.
bool specimen_lacks_qr(const SpecimenReceiptFacts& s, Date issued_on,
                       std::optional<Date> qr_required_from,
                       std::optional<Date> reports_invalid_from);

/// A calibration certificate's validity as a report's check needs it.
struct CalibrationSpan {
  Date calibrated_on{};
  Date valid_until{};
};
/// Whether every day from `from` to `to` lies within some certificate's span (calibrated on or
/// before it, valid until it or later); certificates may follow one another.
bool calibrated_throughout(const std::vector<CalibrationSpan>& certificates, Date from, Date to);

}  // namespace lw::domain
