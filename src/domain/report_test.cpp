#include "domain/report.hpp"

#include <gtest/gtest.h>

namespace lw::domain {
namespace {

using std::chrono::day;
using std::chrono::month;
using std::chrono::year;

Date ymd(int y, unsigned m, unsigned d) {
  return Date{year{y}, month{m}, day{d}};
}

TEST(ReportNumber, JJ_3_5_UnifiedFormatRoundTrips) {
  const ReportNumber n{"360402-0007", 2026, "CL", 123};
  EXPECT_EQ(format_report_number(n), "360402-0007-2026-CL-000123");
  const auto back = parse_report_number("360402-0007-2026-CL-000123");
  ASSERT_TRUE(back);
  EXPECT_EQ(back->lab_code, "360402-0007");
  EXPECT_EQ(back->year, 2026);
  EXPECT_EQ(back->category, "CL");
  EXPECT_EQ(back->sequence, 123);
  // A lab code from before the unified code, with its own dashes.
  const auto legacy = parse_report_number("JJ-LAB-9-2025-ZT-999999");
  ASSERT_TRUE(legacy);
  EXPECT_EQ(legacy->lab_code, "JJ-LAB-9");
}

TEST(ReportNumber, JJ_3_5_MalformedNumbersAreRefused) {
  for (const char* bad :
       {"", "360402-0007-2026-CL-00012", "360402-0007-2026-XX-000123", "360402-0007-2026-CL-000000",
        "360402-0007-26-CL-000123", "-2026-CL-000123", "360402-0007-2026-cl-000123",
        "360402 0007-2026-CL-000123", "360402-0007-2026-CL-0001234"}) {
    EXPECT_FALSE(parse_report_number(bad)) << bad;
  }
}

TEST(ReportNumber, CategoryCodesCoverEveryQualificationCategory) {
  EXPECT_EQ(report_category_code("building_materials"), "CL");
  EXPECT_EQ(report_category_code("foundation"), "DJ");
  EXPECT_EQ(report_category_code("bridge_underground"), "QS");
  EXPECT_FALSE(report_category_code("nonsense"));
}

TEST(PrintedFigures, RoundingToThePrintedDecimalsAgrees) {
  EXPECT_TRUE(printed_agrees(32.6, 32.56));
  EXPECT_TRUE(printed_agrees(32.56, 32.56));
  EXPECT_TRUE(printed_agrees(33, 32.56));
  EXPECT_TRUE(printed_agrees(32.5, 32.45));  // half away from zero
  EXPECT_FALSE(printed_agrees(32.5, 32.56));
  EXPECT_FALSE(printed_agrees(32.57, 32.56));
  EXPECT_FALSE(printed_agrees(32, 32.56));
  EXPECT_TRUE(printed_agrees(545, 545));
  EXPECT_TRUE(printed_agrees(0.00002, 0.000015));
}

TestData concrete_data() {
  TestData d;
  d.item = TestItem::concrete_compression;
  d.grade = "C30";
  for (const auto* code : {"A", "B", "C"}) {
    SpecimenData s;
    s.label_code = code;
    s.strength_mpa = 35.24;
    d.specimens.push_back(s);
  }
  d.group_strength_mpa = 35.2;
  d.conclusion = Conclusion::pass;
  return d;
}

PrintedResults printed_of(const TestData& d) {
  PrintedResults p;
  p.test_id = 7;
  for (const auto& s : d.specimens) {
    p.specimens.push_back(
        {s.label_code, s.strength_mpa, s.yield_strength_mpa, s.elongation_percent});
  }
  p.group_strength_mpa = d.group_strength_mpa;
  p.conclusion = d.conclusion;
  return p;
}

TEST(CompareResults, JJ_3_5_TheReviewedDataAsPrintedAgrees) {
  const auto data = concrete_data();
  auto printed = printed_of(data);
  printed.specimens[0].strength_mpa = 35.2;  // rounded for print
  EXPECT_TRUE(compare_results(printed, data).empty());
}

TEST(CompareResults, JJ_3_5_EveryDifferenceIsNamed) {
  const auto data = concrete_data();
  auto printed = printed_of(data);
  printed.specimens[1].strength_mpa = 36.1;
  printed.specimens[2].yield_strength_mpa = 400;  // not in the data
  printed.group_strength_mpa = 36.0;
  printed.conclusion = Conclusion::fail;
  const auto found = compare_results(printed, data);
  ASSERT_EQ(found.size(), 4u);
  EXPECT_EQ(found[0].field, "strength_mpa");
  EXPECT_EQ(found[0].specimen, 1u);
  EXPECT_EQ(found[0].printed, "36.1");
  EXPECT_EQ(found[0].recorded, "35.24");
  EXPECT_EQ(found[1].field, "yield_strength_mpa");
  EXPECT_EQ(found[1].recorded, "");
  EXPECT_EQ(found[2].field, "group_strength_mpa");
  EXPECT_EQ(found[3].field, "conclusion");
  EXPECT_EQ(found[3].printed, "fail");
  EXPECT_EQ(found[3].recorded, "pass");
}

TEST(CompareResults, MissingOrReorderedSpecimensAreMismatches) {
  const auto data = concrete_data();
  auto printed = printed_of(data);
  std::swap(printed.specimens[0], printed.specimens[1]);
  printed.specimens.pop_back();
  const auto found = compare_results(printed, data);
  ASSERT_GE(found.size(), 3u);
  EXPECT_EQ(found[0].field, "specimens");
  EXPECT_EQ(found[1].field, "label_code");
  EXPECT_EQ(found[2].field, "label_code");
}

TEST(SpecimenQr, JJ_4_1_UnlabelledSpecimensAfterTheDatesMakeAReportInvalid) {
  const auto qr_from = ymd(2024, 12, 16);
  const auto invalid_from = ymd(2025, 1, 1);
  const SpecimenReceiptFacts labelled{true, ymd(2025, 3, 1)};
  EXPECT_FALSE(specimen_lacks_qr(labelled, ymd(2025, 3, 2), qr_from, invalid_from));
  const SpecimenReceiptFacts before{false, ymd(2024, 12, 10)};
  EXPECT_FALSE(specimen_lacks_qr(before, ymd(2024, 12, 31), qr_from, invalid_from));
  EXPECT_TRUE(specimen_lacks_qr(before, ymd(2025, 1, 1), qr_from, invalid_from));
  const SpecimenReceiptFacts after{false, ymd(2024, 12, 16)};
  EXPECT_TRUE(specimen_lacks_qr(after, ymd(2024, 12, 20), qr_from, invalid_from));
  // A profile without the dates (Jilin) judges nothing here.
  EXPECT_FALSE(specimen_lacks_qr(after, ymd(2026, 1, 1), std::nullopt, std::nullopt));
}

TEST(Calibration, FollowingCertificatesCoverAPeriodAndAGapDoesNot) {
  const std::vector<CalibrationSpan> certs{{ymd(2025, 1, 1), ymd(2025, 12, 31)},
                                           {ymd(2026, 1, 1), ymd(2026, 12, 31)}};
  EXPECT_TRUE(calibrated_throughout(certs, ymd(2025, 12, 30), ymd(2026, 1, 2)));
  EXPECT_FALSE(calibrated_throughout(certs, ymd(2026, 12, 30), ymd(2027, 1, 2)));
  EXPECT_FALSE(calibrated_throughout(certs, ymd(2024, 12, 31), ymd(2025, 1, 2)));
  const std::vector<CalibrationSpan> gap{{ymd(2025, 1, 1), ymd(2025, 6, 30)},
                                         {ymd(2025, 7, 2), ymd(2025, 12, 31)}};
  EXPECT_FALSE(calibrated_throughout(gap, ymd(2025, 6, 29), ymd(2025, 7, 3)));
  EXPECT_FALSE(calibrated_throughout({}, ymd(2025, 6, 29), ymd(2025, 6, 29)));
}

}  // namespace
}  // namespace lw::domain
