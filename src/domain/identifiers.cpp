#include "domain/identifiers.hpp"

#include <algorithm>
#include <array>

#include "core/text.hpp"
#include "domain/change_request.hpp"

namespace lw::domain {
namespace {

constexpr std::size_t kCodeLength = 18;

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

char ascii_upper(char c) {
  return (c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A') : c;
}

// GB 11643: weight of position i (1-based) is 2^(18-i) mod 11; Y = Σ aᵢ·wᵢ mod 11 picks the
// check character.
constexpr std::array<int, 17> kIdWeights{7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
constexpr std::string_view kIdCheck = "10X98765432";

// GB 32100: weight of position i (1-based) is 3^(i-1) mod 31.
constexpr std::array<int, 17> kCreditWeights{1,  3,  9,  27, 19, 26, 16, 17, 20,
                                             29, 25, 13, 8,  24, 10, 30, 28};

int credit_value(char c) {
  const auto pos = kCreditCodeAlphabet.find(c);
  return pos == std::string_view::npos ? -1 : static_cast<int>(pos);
}

int two_digits(std::string_view s, std::size_t at) {
  return (s[at] - '0') * 10 + (s[at + 1] - '0');
}

Error refused(std::string_view field, ResidentIdProblem problem) {
  return field_error(field, problem_name(problem));
}

}  // namespace

std::string_view problem_name(ResidentIdProblem problem) {
  switch (problem) {
    case ResidentIdProblem::length:
      return "length";
    case ResidentIdProblem::characters:
      return "characters";
    case ResidentIdProblem::date:
      return "date";
    case ResidentIdProblem::date_future:
      return "date_future";
    case ResidentIdProblem::checksum:
      return "checksum";
  }
  return "checksum";
}

char resident_id_check(std::string_view first17) {
  int sum = 0;
  for (std::size_t i = 0; i < kIdWeights.size(); ++i) {
    sum += (first17[i] - '0') * kIdWeights[i];
  }
  return kIdCheck[static_cast<std::size_t>(sum % 11)];
}

Result<ResidentId> parse_resident_id(std::string_view text, std::chrono::year_month_day today,
                                     std::string_view field) {
  if (text.size() != kCodeLength) {
    // Eighteen characters with a wide one among them (a full-width digit, a Chinese character
    // typed by mistake) is a wrong character, not a wrong length.
    return refused(field, utf8_length(text) == kCodeLength ? ResidentIdProblem::characters
                                                           : ResidentIdProblem::length);
  }
  std::string id(text);
  id.back() = ascii_upper(id.back());
  const std::string_view first17 = std::string_view(id).substr(0, 17);
  if (!std::all_of(first17.begin(), first17.end(), is_digit) ||
      !(is_digit(id.back()) || id.back() == 'X')) {
    return refused(field, ResidentIdProblem::characters);
  }

  const int year = two_digits(id, 6) * 100 + two_digits(id, 8);
  const std::chrono::year_month_day birth{
      std::chrono::year{year}, std::chrono::month{static_cast<unsigned>(two_digits(id, 10))},
      std::chrono::day{static_cast<unsigned>(two_digits(id, 12))}};
  if (!birth.ok()) {
    return refused(field, ResidentIdProblem::date);
  }
  if (std::chrono::sys_days{birth} > std::chrono::sys_days{today}) {
    return refused(field, ResidentIdProblem::date_future);
  }
  if (resident_id_check(first17) != id.back()) {
    return refused(field, ResidentIdProblem::checksum);
  }

  ResidentId parsed;
  parsed.address_code = id.substr(0, 6);
  parsed.birth_date = birth;
  parsed.sex = (id[16] - '0') % 2 == 1 ? Sex::male : Sex::female;
  parsed.text = std::move(id);
  return parsed;
}

char credit_code_check(std::string_view first17) {
  int sum = 0;
  for (std::size_t i = 0; i < kCreditWeights.size(); ++i) {
    sum += credit_value(first17[i]) * kCreditWeights[i];
  }
  const int check = (31 - sum % 31) % 31;  // 31 - 0 = 31 wraps to 0
  return kCreditCodeAlphabet[static_cast<std::size_t>(check)];
}

Result<CreditCode> check_credit_code(std::string_view text, std::string_view field) {
  if (text.size() != kCodeLength) {
    return field_error(field, utf8_length(text) == kCodeLength ? "characters" : "length");
  }
  std::string code(text.size(), '\0');
  std::transform(text.begin(), text.end(), code.begin(), ascii_upper);
  // Positions 1-17 carry meaning and must be symbols of the alphabet. The check position only
  // has to be a digit or letter: one outside the alphabet (the standard's own example ends in
  // Z) can never match, so it is a checksum mismatch, overridable like any other.
  const bool body_ok =
      std::all_of(code.begin(), code.end() - 1, [](char c) { return credit_value(c) >= 0; });
  const char last = code.back();
  if (!body_ok || !(is_digit(last) || (last >= 'A' && last <= 'Z'))) {
    return field_error(field, "characters");
  }
  const char expected = credit_code_check(std::string_view(code).substr(0, 17));
  return CreditCode{std::move(code), expected};
}

Status admit_credit_code(const CreditCode& code, std::string_view override_reason,
                         std::string_view field) {
  if (code.checksum_ok()) {
    return {};
  }
  if (trim_blanks(override_reason).empty()) {
    Error e = field_error(field, "checksum");
    e.details["expected_check"] = std::string(1, code.expected_check);
    return e;
  }
  return validate_reason("override_reason", override_reason);
}

}  // namespace lw::domain
