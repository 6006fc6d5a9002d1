#include "domain/lab.hpp"

#include <algorithm>
#include <cstdio>
#include <tuple>

#include "core/text.hpp"
#include "domain/identifiers.hpp"
#include "domain/scope.hpp"

namespace lw::domain {
bool valid_lab_code(std::string_view code) {
  return !code.empty() && code.size() <= 32 && std::all_of(code.begin(), code.end(), [](char c) {
    return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-';
  });
}

std::string unified_lab_code(std::string_view region_code, int sequence) {
  char seq[8];
  std::snprintf(seq, sizeof seq, "%04d", sequence);
  return std::string(region_code) + "-" + seq;
}

bool is_unified_lab_code(std::string_view code) {
  if (code.size() != 11 || code[6] != '-') {
    return false;
  }
  for (std::size_t i = 0; i < code.size(); ++i) {
    if (i != 6 && (code[i] < '0' || code[i] > '9')) {
      return false;
    }
  }
  return code.substr(7) != "0000";
}

std::string_view connection_status(std::int64_t active_keys, std::optional<Instant> last_sent,
                                   Instant now) {
  if (active_keys <= 0) {
    return "not_connected";
  }
  return last_sent && *last_sent >= now - kConnectedWindow ? "connected" : "keys_only";
}

bool valid_connection_status(std::string_view name) {
  return name == "connected" || name == "keys_only" || name == "not_connected";
}

bool out_of_province(const Lab& lab) {
  return lab.home_region_code.size() >= 2 && lab.region_code.size() >= 2 &&
         lab.home_region_code.substr(0, 2) != lab.region_code.substr(0, 2);
}

Status validate(const Lab& lab) {
  if (!valid_lab_code(lab.lab_code)) {
    return field_error("lab_code", kLabCodeRule);
  }
  if (lab.name.empty() || utf8_length(lab.name) > 100) {
    return field_error("name", "1-100 characters");
  }
  if (!valid_region_code(lab.region_code)) {
    return field_error("region_code", kRegionCodeRule);
  }
  if (!lab.home_region_code.empty() && !valid_region_code(lab.home_region_code)) {
    return field_error("home_region_code", kRegionCodeRule);
  }
  if (!lab.credit_code.empty()) {
    LW_TRY(check_credit_code(lab.credit_code));
  }
  for (auto [field, value, max] :
       {std::tuple{"address", &lab.address, 200}, std::tuple{"contact_name", &lab.contact_name, 50},
        std::tuple{"contact_phone", &lab.contact_phone, 30},
        std::tuple{"technical_lead", &lab.technical_lead, 50}}) {
    if (utf8_length(*value) > static_cast<std::size_t>(max) || !valid_utf8(*value)) {
      return field_error(field, "at most " + std::to_string(max) + " characters");
    }
  }
  if (lab.credit_override && utf8_length(*lab.credit_override) > 500) {
    return field_error("credit_override", "at most 500 characters");
  }
  return {};
}

}  // namespace lw::domain
