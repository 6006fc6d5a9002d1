#include "domain/connectivity.hpp"

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

std::size_t utf8_chars(const std::string& s) {
  std::size_t n = 0;
  for (unsigned char c : s) {
    n += (c & 0xC0) != 0x80;
  }
  return n;
}

}  // namespace

Status validate(const ConnectivityCheck& check) {
  boost::json::object fields;
  if (!valid_lab_code(check.lab_code)) {
    fields["lab_code"] = "1-32 characters of A-Z, 0-9 and '-'";
  }
  if (utf8_chars(check.message) > kMaxCheckMessageChars) {
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
