#pragma once
// Violations (migrations 0016 and 0018): rule breaches the platform detected — a late witness
// change notice, a late contract or plan, manual entry replacing auto-collection, a data
// anomaly, a reused curve … Written in the transaction of the record they are about; the
// supervision issue judges and sanctions them. Scoped by lab and region
// (scope_sql.hpp lab_or_region_condition).
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "domain/scope.hpp"
#include "storage/paging.hpp"
#include "storage/sql.hpp"

namespace lw::storage {

struct Violation {
  std::int64_t id = 0;
  std::string kind;  // e.g. "late_change_notice", "contract_late"
  std::string region_code;
  std::string lab_code;  // "" for none
  std::optional<std::int64_t> project_id;
  std::string subject;  // what it concerns, "<record type> <id>", e.g. "change_notice 12"
  Instant occurred_at{};
  Instant recorded_at{};
  std::string policy_profile;
  std::string policy_version;
  std::string details_json;
  bool sandbox = false;  // of a lab in sandbox mode
};
Result<std::int64_t> insert_violation(Connection& conn, const Violation& v);
/// The violations of one project, newest first (real rows only).
Result<std::vector<Violation>> list_project_violations(Connection& conn, std::int64_t project_id);

struct ViolationFilter {
  std::string kind;
  std::string lab_code;
  std::string subject;
};
Result<Paged<Violation>> list_violations(Connection& conn, const domain::Scope& scope,
                                         const ViolationFilter& filter, const Page& page);

}  // namespace lw::storage
