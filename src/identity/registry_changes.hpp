#pragma once
// Changes of registry entries that need a second person (变更审批): a regulator or the system
// admin proposes new values for a lab's registered facts with a reason; a regulator covering the
// lab — never the requester — approves it, and it becomes the lab's next version, whose ledger
// entry carries the approval, or rejects it with a note. Operational switches (sandbox mode,
// keys) need no approval; registration is version 1. Every step is audited. Issue 5 adds the
// other registry record types here.
#include <array>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "core/task.hpp"
#include "domain/change_request.hpp"
#include "domain/lab.hpp"
#include "identity/identity.hpp"
#include "service/auditor.hpp"
#include "service/ledger.hpp"
#include "storage/change_requests.hpp"
#include "storage/database.hpp"
#include "storage/writer.hpp"

namespace lw::identity {

/// New values for a lab's registered facts; absent members stay as they are. A credit code whose
/// check fails needs `credit_override` (the system admin's reason; audited with the request).
struct LabChange {
  std::optional<std::string> name;
  std::optional<std::string> region_code;
  std::optional<std::string> credit_code;
  std::optional<std::string> address;
  std::optional<std::string> contact_name;
  std::optional<std::string> contact_phone;
  std::optional<std::string> technical_lead;
  std::optional<std::string> home_region_code;
  std::optional<std::string> credit_override;
};

/// The registered facts a change may propose: the API's (and the proposal's) member name, the
/// change's member and the lab's.
struct LabChangeField {
  std::string_view name;
  std::optional<std::string> LabChange::*change;
  std::string domain::Lab::*lab;
};
inline constexpr std::array<LabChangeField, 8> kLabChangeFields{{
    {"name", &LabChange::name, &domain::Lab::name},
    {"region_code", &LabChange::region_code, &domain::Lab::region_code},
    {"credit_code", &LabChange::credit_code, &domain::Lab::credit_code},
    {"address", &LabChange::address, &domain::Lab::address},
    {"contact_name", &LabChange::contact_name, &domain::Lab::contact_name},
    {"contact_phone", &LabChange::contact_phone, &domain::Lab::contact_phone},
    {"technical_lead", &LabChange::technical_lead, &domain::Lab::technical_lead},
    {"home_region_code", &LabChange::home_region_code, &domain::Lab::home_region_code},
}};

/// Whether `credit_code` may be registered by `by`: nothing when its check holds; when it fails,
/// the override reason — given (invalid_argument naming credit_code otherwise) and by the system
/// admin (forbidden otherwise). Malformed: invalid_argument naming credit_code.
Result<std::optional<std::string>> admit_lab_credit_code(
    const Principal& by, const std::string& credit_code,
    const std::optional<std::string>& override_reason);

/// A decided request, and the version an approval made.
struct DecidedChange {
  domain::ChangeRequest request;
  std::optional<domain::Lab> lab;        // the lab after an approval
  std::optional<service::LeafRef> leaf;  // its new version's leaf
};

/// Stores the decision on `decided.request`, whose state and decided_* the caller has set, in
/// the caller's transaction. An approval first makes the record's next version with the
/// proposal applied and the approval in its ledger entry (change_outdated when the record has
/// moved on since the request); then the request takes its new state (conflict when it was
/// decided meanwhile).
Status record_decision(storage::Connection& conn, service::Ledger& ledger, DecidedChange& decided);

class RegistryChanges {
 public:
  RegistryChanges(storage::Database& db, storage::Writer& writer, const Clock& clock,
                  const service::Auditor& auditor, service::Ledger& ledger)
      : db_(db), writer_(writer), clock_(clock), auditor_(auditor), ledger_(ledger) {}

  /// Asks for `change` of a lab in the caller's registry scope, against its current version.
  /// invalid_argument when nothing would change or the result is not a valid lab.
  Task<Result<domain::ChangeRequest>> propose_lab_change(const Principal& by,
                                                         const std::string& lab_code,
                                                         const LabChange& change,
                                                         std::string reason,
                                                         const service::Caller& caller);
  /// The requests of labs in the caller's registry scope.
  Result<std::vector<domain::ChangeRequest>> list(const Principal& by,
                                                  const storage::ChangeFilter& filter);
  Result<domain::ChangeRequest> get(const Principal& by, std::int64_t id);
  /// Approves (the change becomes the record's next version) or rejects a pending request.
  /// four_eyes for the requester; change_outdated when the record changed since the request.
  Task<Result<DecidedChange>> decide(const Principal& by, std::int64_t id, bool approve,
                                     std::string note, const service::Caller& caller);

 private:
  storage::Database& db_;
  storage::Writer& writer_;
  const Clock& clock_;
  const service::Auditor& auditor_;
  service::Ledger& ledger_;
};

}  // namespace lw::identity
