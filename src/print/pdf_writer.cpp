#include "print/pdf_writer.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <stdexcept>

namespace lw::print {

namespace {
constexpr std::size_t kUnwritten = static_cast<std::size_t>(-1);
}  // namespace

// The binary comment line tells transfer programs that the file is not text.
PdfWriter::PdfWriter() : out_("%PDF-1.4\n%\xE2\xE3\xCF\xD3\n") {}

int PdfWriter::reserve() {
  offsets_.push_back(kUnwritten);
  return static_cast<int>(offsets_.size());
}

void PdfWriter::object(int id, std::string_view body) {
  auto& offset = offsets_.at(static_cast<std::size_t>(id - 1));
  if (offset != kUnwritten) {
    throw std::logic_error("PDF object written twice");
  }
  offset = out_.size();
  out_ += std::to_string(id);
  out_ += " 0 obj\n";
  out_ += body;
  out_ += "\nendobj\n";
}

int PdfWriter::add(std::string_view body) {
  const int id = reserve();
  object(id, body);
  return id;
}

int PdfWriter::add_stream(std::string_view dict_entries, std::string_view data) {
  std::string body = "<< ";
  if (!dict_entries.empty()) {
    body += dict_entries;
    body += ' ';
  }
  body += "/Length " + std::to_string(data.size()) + " >>\nstream\n";
  body += data;
  body += "\nendstream";
  return add(body);
}

std::string PdfWriter::finish(int root) {
  const std::size_t xref = out_.size();
  out_ += "xref\n0 " + std::to_string(offsets_.size() + 1) + "\n";
  out_ += "0000000000 65535 f \n";  // every entry is exactly 20 bytes
  for (const std::size_t offset : offsets_) {
    if (offset == kUnwritten) {
      throw std::logic_error("PDF object reserved but never written");
    }
    const std::string digits = std::to_string(offset);
    out_ +=
        std::string(10 - std::min<std::size_t>(10, digits.size()), '0') + digits + " 00000 n \n";
  }
  out_ += "trailer\n<< /Size " + std::to_string(offsets_.size() + 1) + " /Root " +
          std::to_string(root) + " 0 R >>\nstartxref\n" + std::to_string(xref) + "\n%%EOF\n";
  return std::move(out_);
}

std::string pdf_number(double v, int decimals) {
  const double scale = std::pow(10.0, decimals);
  const double rounded = std::round(v * scale) / scale;
  char buf[32];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, rounded == 0 ? 0.0 : rounded,
                                 std::chars_format::fixed, decimals);
  std::string s(buf, ec == std::errc() ? end : buf);
  while (s.find('.') != std::string::npos && (s.back() == '0' || s.back() == '.')) {
    s.pop_back();
  }
  return s;
}

std::string pdf_literal(std::string_view bytes) {
  std::string s = "(";
  for (const char c : bytes) {
    const auto u = static_cast<unsigned char>(c);
    if (c == '(' || c == ')' || c == '\\') {
      s += '\\';
      s += c;
    } else if (u < 0x20 || u == 0x7F) {
      char esc[5];
      std::snprintf(esc, sizeof esc, "\\%03o", u);
      s += esc;
    } else {
      s += c;
    }
  }
  s += ')';
  return s;
}

}  // namespace lw::print
