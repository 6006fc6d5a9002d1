#pragma once
// What a lab's records are judged by, shared by the lab tests and the on-site tests (issue 8):
// the project a record is about, the lab's people and whether they may test, and the violation
// a finding becomes.
#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>

#include "domain/person.hpp"
#include "domain/policy.hpp"
#include "domain/project.hpp"
#include "storage/sql.hpp"
#include "storage/violations.hpp"

namespace lw::labtests {

/// A project a lab's record is about, and whether the lab is in sandbox mode now.
struct LabProject {
  domain::Project project;
  bool sandbox = false;
};
/// invalid_argument naming project_id when there is no such project.
Result<LabProject> lab_project(storage::Connection& conn, const std::string& lab_code,
                               std::int64_t project_id);

/// A violation of `kind` about `subject` ("<record type> <id>") found in `row` (a contract,
/// plan or test: its lab, region, project and sandbox flag), under `policy` when one applies.
template <class Row>
storage::Violation violation_of(const std::optional<domain::PolicyInForce>& policy,
                                std::string kind, std::string subject, const Row& row,
                                const boost::json::object& details, Instant at) {
  storage::Violation v;
  v.kind = std::move(kind);
  v.region_code = row.region_code;
  v.lab_code = row.lab_code;
  v.project_id = row.project_id;
  v.sandbox = row.sandbox;
  v.subject = std::move(subject);
  v.occurred_at = at;
  v.recorded_at = at;
  if (policy) {
    v.policy_profile = policy->profile->id;
    v.policy_version = domain::format_date(policy->version->effective_from);
  }
  v.details_json = boost::json::serialize(details);
  return v;
}

/// The person `id` when they work for the lab; nothing otherwise.
Result<std::optional<domain::Person>> lab_person(storage::Connection& conn,
                                                 const std::string& lab_code, std::int64_t id);
/// Whether a person may test or review at `at` (JL-2.3): the tester or technical-lead duty,
/// the exam passed, a certificate valid that day.
bool may_test(const domain::Person& p, Instant at);

/// "<type> <id>", the subject of a violation.
inline std::string subject_of(std::string_view type, std::int64_t id) {
  return std::string(type) + " " + std::to_string(id);
}

}  // namespace lw::labtests
