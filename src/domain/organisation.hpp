#pragma once
// An organisation other than a lab that takes part in a project (issue 5 item 2): construction
// units (建设单位), contractors (施工单位), supervision companies (监理单位) and ready-mix concrete
// plants (预拌混凝土企业). It is known by its unified social credit code (GB 32100,
// domain/identifiers.hpp), registered in a GB/T 2260 region whose regulators keep it, and has a
// business address and contact line. Labs keep their own type (domain/lab.hpp).
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "core/clock.hpp"
#include "core/result.hpp"

namespace lw::domain {

enum class OrganisationKind { construction_unit, contractor, supervision_company, ready_mix_plant };

struct OrganisationKindInfo {
  OrganisationKind kind;
  std::string_view name;  // the API's token, e.g. "ready_mix_plant"
  std::string_view name_zh;
  std::string_view name_en;
};
/// Every kind, in the order the web lists them.
std::span<const OrganisationKindInfo> organisation_kinds();
std::string_view kind_name(OrganisationKind kind);
std::optional<OrganisationKind> parse_organisation_kind(std::string_view name);

struct Organisation {
  std::int64_t id = 0;  // 0 until stored
  OrganisationKind kind = OrganisationKind::construction_unit;
  std::string name;
  std::string credit_code;                     // 18 characters, upper-case
  std::optional<std::string> credit_override;  // the admin's reason when the check fails
  std::string region_code;                     // GB/T 2260, six digits
  std::string address;
  std::string contact_name;
  std::string contact_phone;  // the organisation's business line, not a person's own
  std::string created_by;     // the actor as the audit trail names it
  Instant created_at{};
  Instant updated_at{};
};

/// Checks what the record says on its own: name 1-200 characters, region a six-digit code,
/// address up to 200, contact name up to 50, contact phone up to 30 characters of digits, spaces,
/// '+', '-', '(' and ')'. The error's details name the field. The credit code is checked apart
/// (check_credit_code / admit_credit_code): its refusal needs the caller's role.
Status validate(const Organisation& org);

}  // namespace lw::domain
