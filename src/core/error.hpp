#pragma once
// The error value and the catalogue of stable machine codes. Every code has one HTTP status
// and a message in Chinese and English; the API manual lists them all (x-error-codes).
#include <span>
#include <string>
#include <string_view>

#include <boost/json/object.hpp>

namespace lw {

struct Error {
  std::string code;             // stable machine code, a key of the catalogue
  std::string note;             // for logs and developers; never replaces the message
  boost::json::object details;  // structured, safe to show to the caller

  Error(std::string c, std::string n = {}, boost::json::object d = {})
      : code(std::move(c)), note(std::move(n)), details(std::move(d)) {}
};

/// invalid_argument naming one bad field: details {"fields": {field: reason}}.
Error field_error(std::string_view field, std::string_view reason);

struct ErrorKind {
  std::string_view code;
  int http_status;
  std::string_view message_zh;
  std::string_view message_en;
};

/// All codes the platform can answer with.
std::span<const ErrorKind> error_catalogue();

/// The catalogue entry of `code`; unknown codes map to "internal".
const ErrorKind& error_kind(std::string_view code);

namespace errc {
inline constexpr std::string_view bad_request = "bad_request";
inline constexpr std::string_view invalid_json = "invalid_json";
inline constexpr std::string_view invalid_argument = "invalid_argument";
inline constexpr std::string_view not_found = "not_found";
inline constexpr std::string_view method_not_allowed = "method_not_allowed";
inline constexpr std::string_view request_timeout = "request_timeout";
inline constexpr std::string_view payload_too_large = "payload_too_large";
inline constexpr std::string_view unsupported_media_type = "unsupported_media_type";
inline constexpr std::string_view header_too_large = "header_too_large";
inline constexpr std::string_view conflict = "conflict";
inline constexpr std::string_view internal = "internal";
inline constexpr std::string_view storage_unavailable = "storage_unavailable";
inline constexpr std::string_view shutting_down = "shutting_down";
// Sign-in (identity).
inline constexpr std::string_view unauthenticated = "unauthenticated";
inline constexpr std::string_view invalid_credentials = "invalid_credentials";
inline constexpr std::string_view account_locked = "account_locked";
inline constexpr std::string_view totp_required = "totp_required";
inline constexpr std::string_view totp_invalid = "totp_invalid";
inline constexpr std::string_view csrf_mismatch = "csrf_mismatch";
inline constexpr std::string_view forbidden = "forbidden";
inline constexpr std::string_view password_incorrect = "password_incorrect";
inline constexpr std::string_view password_change_required = "password_change_required";
inline constexpr std::string_view totp_enrolment_required = "totp_enrolment_required";
// Roles: the three admin duties are never combined (三权分立).
inline constexpr std::string_view duties_conflict = "duties_conflict";
// Signed requests of lab systems (LW-HMAC-SM3).
inline constexpr std::string_view key_unknown = "key_unknown";
inline constexpr std::string_view timestamp_skewed = "timestamp_skewed";
inline constexpr std::string_view signature_invalid = "signature_invalid";
inline constexpr std::string_view nonce_reused = "nonce_reused";
inline constexpr std::string_view body_hash_mismatch = "body_hash_mismatch";
// Rate limits (sign-in and anonymous API requests).
inline constexpr std::string_view rate_limited = "rate_limited";
// Changes that need a second person's approval (双人复核).
inline constexpr std::string_view four_eyes = "four_eyes";
inline constexpr std::string_view change_outdated = "change_outdated";
// The specimen chain (issue 6): a label that cannot be bound, a witness who may not bind, a lab
// that may not be commissioned (JL-2.1).
inline constexpr std::string_view label_invalid = "label_invalid";
inline constexpr std::string_view label_unknown = "label_unknown";
inline constexpr std::string_view label_other_project = "label_other_project";
inline constexpr std::string_view label_already_bound = "label_already_bound";
inline constexpr std::string_view witness_not_eligible = "witness_not_eligible";
inline constexpr std::string_view lab_not_connected = "lab_not_connected";
inline constexpr std::string_view lab_not_qualified = "lab_not_qualified";
// Lab tests (issue 7): a test the checks refuse to start (JJ-3.4, JL-2.3), review by the
// tester or an uncertified person (JL-2.3), a change without the quality lead's approval.
inline constexpr std::string_view test_refused = "test_refused";
inline constexpr std::string_view self_review = "self_review";
inline constexpr std::string_view reviewer_not_certified = "reviewer_not_certified";
inline constexpr std::string_view approver_not_quality = "approver_not_quality";
// On-site tests (issue 8): a test the checks refuse to start (JL-2.2, JL-2.4).
inline constexpr std::string_view onsite_refused = "onsite_refused";
// Reports (issue 9): a report the checks refuse to issue (JJ-3.5, JJ-4.1, JL-1.3).
inline constexpr std::string_view report_refused = "report_refused";
}  // namespace errc

}  // namespace lw
