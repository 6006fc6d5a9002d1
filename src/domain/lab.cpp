#include "domain/lab.hpp"

#include <algorithm>

#include "core/text.hpp"
#include "domain/scope.hpp"

namespace lw::domain {
bool valid_lab_code(std::string_view code) {
  return !code.empty() && code.size() <= 32 &&
         std::all_of(code.begin(), code.end(), [](char c) {
           return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-';
         });
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
  return {};
}

}  // namespace lw::domain
