#pragma once
// National identifiers the registry checks before it stores them (issue 5, JJ-4.3, JJ-3.2,
// JL-1.1): the resident ID number of a person (居民身份证号码, GB 11643-1999) and the unified
// social credit code of an organisation (统一社会信用代码, GB 32100-2015). docs/identifiers.md
// gives the rules; domain-facts.md the worked examples.
//
// A resident ID number is personal data: no error built here contains the number or any part of
// it, so an error may be logged or answered as it is.
#include <chrono>
#include <string>
#include <string_view>

#include "core/result.hpp"

namespace lw::domain {

// ---- Resident ID number (GB 11643) ----

enum class Sex { female, male };

/// A resident ID number that passed every check.
struct ResidentId {
  std::string text;          // 18 characters, check character upper-case
  std::string address_code;  // the first six digits; may be an abolished GB/T 2260 code
  std::chrono::year_month_day birth_date;
  Sex sex = Sex::female;  // from the parity of the 3-digit sequence: odd is male
};

/// Why a resident ID number was refused; also the reason token in the field error.
enum class ResidentIdProblem {
  length,       // not 18 characters
  characters,   // the first 17 are not all digits, or the last is not a digit or X
  date,         // positions 7-14 are not a real date (Feb 30, 1999-02-29, month 13)
  date_future,  // the birth date is after today
  checksum,     // the check character does not match the first 17
};
std::string_view problem_name(ResidentIdProblem problem);

/// The check character ('0'-'9' or 'X') of the first 17 digits of a resident ID number.
/// Precondition: `first17` is 17 ASCII digits.
char resident_id_check(std::string_view first17);

/// `text` checked and parsed. `today` is the server's calendar date in Asia/Shanghai (the
/// server clock decides, never the client). A lower-case x is accepted and stored upper-case;
/// an unknown or abolished address code is not refused (IDs outlive their divisions). On refusal:
/// invalid_argument with details {"fields": {field: problem_name(...)}}, never the number.
Result<ResidentId> parse_resident_id(std::string_view text, std::chrono::year_month_day today,
                                     std::string_view field = "id_number");

// ---- Unified social credit code (GB 32100) ----

/// The 31 symbols of GB 32100, valued 0-30 in this order: no I, O, S, V or Z.
inline constexpr std::string_view kCreditCodeAlphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY";

/// A well-formed credit code and whether its check character holds. Some real, registered codes
/// fail the check, so a mismatch is a warning an administrator may override with a reason
/// (admit_credit_code), never a silent accept and never a hard refusal.
struct CreditCode {
  std::string text;     // 18 characters, upper-case
  char expected_check;  // what the first 17 characters give
  bool checksum_ok() const { return !text.empty() && text.back() == expected_check; }
  /// Storing this code needs an administrator's override with a reason.
  bool needs_override() const { return !checksum_ok(); }
};

/// The check character of the first 17 symbols of a credit code. Precondition: `first17` is 17
/// symbols of kCreditCodeAlphabet.
char credit_code_check(std::string_view first17);

/// `text` checked for form: 18 characters, the first 17 symbols of kCreditCodeAlphabet, the
/// last a digit or letter (lower-case letters are folded to upper-case first). A malformed code
/// is refused — invalid_argument naming `field` with the reason "length" or "characters"; a
/// well-formed code is returned whether or not its check character holds: ask needs_override().
/// A last character outside the alphabet (I, O, S, V, Z) is a mismatch, not malformed: the
/// standard's own example 91350100M000100Y4Z ends in Z.
Result<CreditCode> check_credit_code(std::string_view text, std::string_view field = "credit_code");

/// Whether `code` may be stored: yes when its check holds; on a mismatch only with an
/// administrator's override reason (1-500 characters). Otherwise invalid_argument naming
/// `field` with the reason "checksum" and details {"expected_check": "3"} — a credit code is
/// public, printed on the business licence, so the hint is safe to give. Who may override is the
/// caller's rule; the override and its reason belong in the audit trail.
Status admit_credit_code(const CreditCode& code, std::string_view override_reason,
                         std::string_view field = "credit_code");

}  // namespace lw::domain
