#include "domain/connectivity.hpp"

#include "core/text.hpp"

namespace lw::domain {
namespace {

bool valid_lab_code(const std::string& code) {
  if (code.empty() || code.size() > 32) {
    return false;
  }
  for (char c : code) {
    const bool ok = (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-';
    if (!ok) {
      return false;
    }
  }
  return true;
}

}  // namespace

Status validate(const ConnectivityCheck& check) {
  boost::json::object fields;
  if (!valid_lab_code(check.lab_code)) {
    fields["lab_code"] = "1-32 characters of A-Z, 0-9 and '-'";
  }
  if (utf8_length(check.message) > kMaxCheckMessageChars) {
    fields["message"] = "at most 500 characters";
  }
  if (fields.empty()) {
    return {};
  }
  return Error(std::string(errc::invalid_argument), "connectivity check fields",
               {{"fields", std::move(fields)}});
}

std::optional<Micros> clock_skew(const ConnectivityCheck& check) {
  if (!check.client_time) {
    return std::nullopt;
  }
  return *check.client_time - check.received_at;
}

}  // namespace lw::domain
