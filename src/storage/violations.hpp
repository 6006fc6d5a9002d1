#pragma once
// Violations (migrations 0016, 0018 and 0023): rule breaches the platform detected — a late
// witness change notice, a late contract or plan, manual entry replacing auto-collection, a
// data anomaly, a reused curve … Written in the transaction of the record they are about. Each
// is a case (supervision/cases.hpp): confirmed or dismissed by a regulator, answered by the
// party charged, each step a case event. Scoped by lab and region
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
  // The case.
  std::string status = "open";  // open, confirmed, dismissed
  std::string severity;         // minor, general, serious once confirmed
  std::string party_kind;       // a catalogue party (lab, supervision_company …) once confirmed
  std::string party_ref;        // its lab code, organisation id or person id
  std::optional<Instant> decided_at;
};
Result<std::int64_t> insert_violation(Connection& conn, const Violation& v);
/// The violations of one project, newest first (real rows only).
Result<std::vector<Violation>> list_project_violations(Connection& conn, std::int64_t project_id);

struct ViolationFilter {
  std::string kind;
  std::string lab_code;
  std::string subject;
  std::string status;  // open, confirmed, dismissed; "" for any
};
Result<Paged<Violation>> list_violations(Connection& conn, const domain::Scope& scope,
                                         const ViolationFilter& filter, const Page& page);
/// One violation of `scope` (sandbox rows only to their lab).
Result<std::optional<Violation>> find_violation(Connection& conn, const domain::Scope& scope,
                                                std::int64_t id);
/// Writes the case columns (status, severity, party, decided_at) of `v`.
Status update_case(Connection& conn, const Violation& v);

/// One step of a case: a regulator's confirmation or dismissal, a party's response.
struct CaseEvent {
  std::int64_t id = 0;
  std::int64_t violation_id = 0;
  std::string action;  // confirm, dismiss, respond
  std::string text;
  std::string actor;
  Instant at{};
};
Result<std::int64_t> insert_case_event(Connection& conn, const CaseEvent& e);
/// The events of a case, oldest first.
Result<std::vector<CaseEvent>> list_case_events(Connection& conn, std::int64_t violation_id);

}  // namespace lw::storage
