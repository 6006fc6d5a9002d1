#include "domain/scope.hpp"

#include <algorithm>

namespace lw::domain {

Scope Scope::of_region(std::string_view region_code) {
  if (!valid_region_code(region_code)) {
    return none();
  }
  return {Kind::region, region_prefix(region_code), false};
}

bool valid_region_code(std::string_view code) {
  return code.size() == 6 &&
         std::all_of(code.begin(), code.end(), [](char c) { return c >= '0' && c <= '9'; }) &&
         code.substr(0, 2) != "00";
}

std::string region_prefix(std::string_view region_code) {
  std::string_view p = region_code;
  while (p.size() > 2 && p.substr(p.size() - 2) == "00") {
    p.remove_suffix(2);
  }
  return std::string(p);
}

bool region_within(std::string_view region_code, std::string_view ancestor) {
  return valid_region_code(region_code) && valid_region_code(ancestor) &&
         region_code.starts_with(region_prefix(ancestor));
}

bool covers_lab(const Scope& scope, std::string_view lab_code, std::string_view lab_region) {
  switch (scope.kind) {
    case Scope::Kind::everything:
      return true;
    case Scope::Kind::lab:
      return lab_code == scope.code;
    case Scope::Kind::region:
      return valid_region_code(lab_region) && lab_region.starts_with(scope.code);
    case Scope::Kind::nothing:
      return false;
  }
  return false;
}

bool covers_region(const Scope& scope, std::string_view region_code) {
  switch (scope.kind) {
    case Scope::Kind::everything:
      return true;
    case Scope::Kind::region:
      return valid_region_code(region_code) && region_code.starts_with(scope.code);
    case Scope::Kind::lab:
    case Scope::Kind::nothing:
      return false;
  }
  return false;
}

}  // namespace lw::domain
