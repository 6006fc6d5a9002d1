#include "domain/report.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <cstdio>

namespace lw::domain {
namespace {

struct CategoryCode {
  std::string_view category;
  std::string_view code;
};
constexpr std::array<CategoryCode, 9> kCategoryCodes{{
    {"building_materials", "CL"},
    {"main_structure", "ZT"},
    {"steel_structure", "GJ"},
    {"foundation", "DJ"},
    {"building_energy", "JN"},
    {"curtain_wall", "MQ"},
    {"municipal_materials", "SZ"},
    {"road", "DL"},
    {"bridge_underground", "QS"},
}};

bool lab_code_char(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-';
}

bool all_digits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

int to_int(std::string_view s) {
  int v = 0;
  std::from_chars(s.data(), s.data() + s.size(), v);
  return v;
}

// The shortest decimal form of `v` ("32.6") and its number of decimals.
std::string shortest(double v) {
  char buf[32];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v);
  return ec == std::errc() ? std::string(buf, end) : std::string();
}

// Decimals of a decimal form: those of the mantissa less the exponent ("1.5e-05" has 6).
int decimals_of(const std::string& text) {
  const auto e = text.find_first_of("eE");
  const std::string mantissa = text.substr(0, e);
  const auto dot = mantissa.find('.');
  int d = dot == std::string::npos ? 0 : static_cast<int>(mantissa.size() - dot - 1);
  if (e != std::string::npos) {
    auto exponent = std::string_view(text).substr(e + 1);
    if (!exponent.empty() && exponent.front() == '+') {
      exponent.remove_prefix(1);
    }
    int x = 0;
    std::from_chars(exponent.data(), exponent.data() + exponent.size(), x);
    d -= x;
  }
  return std::max(d, 0);
}

std::string text_or_empty(const std::optional<double>& v) {
  return v ? shortest(*v) : std::string();
}

void compare_figure(std::vector<ResultMismatch>& out, std::int64_t test_id, std::string field,
                    std::optional<std::size_t> specimen, const std::optional<double>& printed,
                    const std::optional<double>& recorded) {
  const bool agree = printed ? recorded && printed_agrees(*printed, *recorded) : !recorded;
  if (!agree) {
    out.push_back(
        {test_id, std::move(field), specimen, text_or_empty(printed), text_or_empty(recorded)});
  }
}

}  // namespace

std::optional<std::string_view> report_category_code(std::string_view qualification_category) {
  for (const auto& c : kCategoryCodes) {
    if (c.category == qualification_category) {
      return c.code;
    }
  }
  return std::nullopt;
}

std::string format_report_number(const ReportNumber& n) {
  char tail[32];
  std::snprintf(tail, sizeof tail, "-%04d-%s-%06d", n.year, n.category.c_str(), n.sequence);
  return n.lab_code + tail;
}

std::optional<ReportNumber> parse_report_number(std::string_view text) {
  // ...-YYYY-CC-NNNNNN: 15 characters after the lab code.
  constexpr std::size_t kTail = 15;
  if (text.size() < kTail + 1 || text.size() > kTail + 32) {
    return std::nullopt;
  }
  const auto lab = text.substr(0, text.size() - kTail);
  const auto tail = text.substr(text.size() - kTail);
  if (tail[0] != '-' || tail[5] != '-' || tail[8] != '-' || !all_digits(tail.substr(1, 4)) ||
      !all_digits(tail.substr(9, 6)) || !std::all_of(lab.begin(), lab.end(), lab_code_char) ||
      lab.front() == '-' || lab.back() == '-') {
    return std::nullopt;
  }
  ReportNumber n{std::string(lab), to_int(tail.substr(1, 4)), std::string(tail.substr(6, 2)),
                 to_int(tail.substr(9, 6))};
  const bool known = std::any_of(kCategoryCodes.begin(), kCategoryCodes.end(),
                                 [&](const CategoryCode& c) { return c.code == n.category; });
  if (!known || n.sequence < 1 || n.year < 2000) {
    return std::nullopt;
  }
  return n;
}

std::string_view report_conclusion_name(ReportConclusion c) {
  return c == ReportConclusion::pass ? "pass" : "fail";
}

std::optional<ReportConclusion> parse_report_conclusion(std::string_view name) {
  if (name == "pass") {
    return ReportConclusion::pass;
  }
  if (name == "fail") {
    return ReportConclusion::fail;
  }
  return std::nullopt;
}

bool printed_agrees(double printed, double recorded) {
  const int d = decimals_of(shortest(printed));
  const double scale = std::pow(10.0, d);
  // Half away from zero, with a nudge for binary representation (32.45 stored as 32.4499…).
  const double scaled = recorded * scale;
  const double rounded = std::round(scaled + (scaled >= 0 ? 1e-9 : -1e-9)) / scale;
  return std::fabs(rounded - printed) <= 0.5 / scale * 1e-6;
}

std::vector<ResultMismatch> compare_results(const PrintedResults& printed,
                                            const TestData& recorded) {
  std::vector<ResultMismatch> out;
  const auto id = printed.test_id;
  if (printed.specimens.size() != recorded.specimens.size()) {
    out.push_back({id, "specimens", std::nullopt, std::to_string(printed.specimens.size()),
                   std::to_string(recorded.specimens.size())});
  }
  const auto n = std::min(printed.specimens.size(), recorded.specimens.size());
  for (std::size_t i = 0; i < n; ++i) {
    const auto& p = printed.specimens[i];
    const auto& r = recorded.specimens[i];
    if (p.label_code != r.label_code) {
      out.push_back({id, "label_code", i, p.label_code, r.label_code});
      continue;
    }
    compare_figure(out, id, "strength_mpa", i, p.strength_mpa, r.strength_mpa);
    compare_figure(out, id, "yield_strength_mpa", i, p.yield_strength_mpa, r.yield_strength_mpa);
    compare_figure(out, id, "elongation_percent", i, p.elongation_percent, r.elongation_percent);
  }
  compare_figure(out, id, "group_strength_mpa", std::nullopt, printed.group_strength_mpa,
                 recorded.group_strength_mpa);
  if (printed.conclusion != recorded.conclusion) {
    out.push_back({id, "conclusion", std::nullopt,
                   printed.conclusion ? std::string(conclusion_name(*printed.conclusion)) : "",
                   recorded.conclusion ? std::string(conclusion_name(*recorded.conclusion)) : ""});
  }
  return out;
}

bool specimen_lacks_qr(const SpecimenReceiptFacts& s, Date issued_on,
                       std::optional<Date> qr_required_from,
                       std::optional<Date> reports_invalid_from) {
  if (s.labelled) {
    return false;
  }
  return (qr_required_from && s.received_on >= *qr_required_from) ||
         (reports_invalid_from && issued_on >= *reports_invalid_from);
}

bool calibrated_throughout(const std::vector<CalibrationSpan>& certificates, Date from, Date to) {
  auto spans = certificates;
  std::sort(spans.begin(), spans.end(), [](const CalibrationSpan& a, const CalibrationSpan& b) {
    return a.calibrated_on < b.calibrated_on;
  });
  // The first day not yet shown covered.
  auto day = std::chrono::sys_days(from);
  const auto last = std::chrono::sys_days(to);
  for (const auto& s : spans) {
    if (day > last) {
      break;
    }
    if (std::chrono::sys_days(s.calibrated_on) <= day &&
        std::chrono::sys_days(s.valid_until) >= day) {
      day = std::chrono::sys_days(s.valid_until) + std::chrono::days(1);
    }
  }
  return day > last;
}

}  // namespace lw::domain
