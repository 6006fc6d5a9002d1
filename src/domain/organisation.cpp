#include "domain/organisation.hpp"

#include <algorithm>
#include <array>

#include "core/text.hpp"
#include "domain/scope.hpp"

namespace lw::domain {
namespace {

constexpr std::array<OrganisationKindInfo, 4> kKinds{{
    {OrganisationKind::construction_unit, "construction_unit", "建设单位", "Construction unit"},
    {OrganisationKind::contractor, "contractor", "施工单位", "Contractor"},
    {OrganisationKind::supervision_company, "supervision_company", "监理单位",
     "Supervision company"},
    {OrganisationKind::ready_mix_plant, "ready_mix_plant", "预拌混凝土企业",
     "Ready-mix concrete plant"},
}};

bool phone_char(char c) {
  return (c >= '0' && c <= '9') || c == ' ' || c == '+' || c == '-' || c == '(' || c == ')';
}

}  // namespace

std::span<const OrganisationKindInfo> organisation_kinds() {
  return kKinds;
}

std::string_view kind_name(OrganisationKind kind) {
  for (const auto& k : kKinds) {
    if (k.kind == kind) {
      return k.name;
    }
  }
  return "unknown";
}

std::optional<OrganisationKind> parse_organisation_kind(std::string_view name) {
  for (const auto& k : kKinds) {
    if (k.name == name) {
      return k.kind;
    }
  }
  return std::nullopt;
}

Status validate(const Organisation& org) {
  const auto name_length = utf8_length(org.name);
  if (trim_blanks(org.name).empty() || name_length > 200) {
    return field_error("name", "1-200 characters");
  }
  if (!valid_region_code(org.region_code)) {
    return field_error("region_code", "a six-digit GB/T 2260 code");
  }
  if (utf8_length(org.address) > 200) {
    return field_error("address", "at most 200 characters");
  }
  if (utf8_length(org.contact_name) > 50) {
    return field_error("contact_name", "at most 50 characters");
  }
  if (org.contact_phone.size() > 30 ||
      !std::all_of(org.contact_phone.begin(), org.contact_phone.end(), phone_char)) {
    return field_error("contact_phone", "at most 30 characters of digits, spaces, + - ( )");
  }
  return {};
}

}  // namespace lw::domain
