// The file structure a reader relies on: every xref entry points at its object.
#include "print/pdf_writer.hpp"

#include <gtest/gtest.h>

#include <sstream>

namespace lw::print {
namespace {

TEST(PdfWriter, XrefOffsetsPointAtTheirObjects) {
  PdfWriter w;
  const int catalog = w.reserve();  // written last: objects need not come in order
  const int pages = w.reserve();
  const int content = w.add_stream("", "0 0 10 10 re f");
  const int page = w.add("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 100 100] /Contents " +
                         std::to_string(content) + " 0 R >>");
  w.object(pages, "<< /Type /Pages /Kids [" + std::to_string(page) + " 0 R] /Count 1 >>");
  w.object(catalog, "<< /Type /Catalog /Pages 2 0 R >>");
  const std::string pdf = w.finish(catalog);

  ASSERT_EQ(pdf.rfind("%PDF-1.4\n", 0), 0U);
  ASSERT_TRUE(pdf.ends_with("%%EOF\n"));
  const std::size_t startxref = pdf.rfind("startxref\n");
  ASSERT_NE(startxref, std::string::npos);
  const std::size_t xref = std::stoul(pdf.substr(startxref + 10));
  ASSERT_EQ(pdf.compare(xref, 9, "xref\n0 5\n"), 0) << pdf.substr(xref, 20);
  std::istringstream entries(pdf.substr(xref + 9));
  std::string line;
  std::getline(entries, line);
  EXPECT_EQ(line, "0000000000 65535 f ");
  for (int id = 1; id <= 4; ++id) {
    std::getline(entries, line);
    ASSERT_EQ(line.size(), 19U) << "an entry is 20 bytes with its newline";
    const std::string obj = std::to_string(id) + " 0 obj\n";
    EXPECT_EQ(pdf.compare(std::stoul(line.substr(0, 10)), obj.size(), obj), 0) << id;
  }
  EXPECT_NE(pdf.find("trailer\n<< /Size 5 /Root 1 0 R >>"), std::string::npos);
  EXPECT_NE(pdf.find("<< /Length 14 >>\nstream\n0 0 10 10 re f\nendstream"), std::string::npos);
}

TEST(PdfWriter, AReservedObjectMustBeWritten) {
  PdfWriter w;
  const int root = w.add("<< /Type /Catalog >>");
  w.reserve();
  EXPECT_THROW((void)w.finish(root), std::logic_error);
}

TEST(PdfWriter, LiteralStringsEscapeDelimitersAndControlBytes) {
  EXPECT_EQ(pdf_literal("a(b)c\\d"), "(a\\(b\\)c\\\\d)");
  EXPECT_EQ(pdf_literal(std::string("x\ny\0", 4)), "(x\\012y\\000)");
}

TEST(PdfWriter, NumbersHaveAtMostTwoDecimals) {
  EXPECT_EQ(pdf_number(12), "12");
  EXPECT_EQ(pdf_number(28.346456), "28.35");
  EXPECT_EQ(pdf_number(-0.5), "-0.5");
  EXPECT_EQ(pdf_number(-0.001), "0");
  EXPECT_EQ(pdf_number(841.8898), "841.89");
}

}  // namespace
}  // namespace lw::print
