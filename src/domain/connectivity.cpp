#include "domain/connectivity.hpp"

#include "core/text.hpp"
#include "domain/lab.hpp"

namespace lw::domain {

Status validate(const ConnectivityCheck& check) {
  boost::json::object fields;
  if (!valid_lab_code(check.lab_code)) {
    fields["lab_code"] = kLabCodeRule;
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
