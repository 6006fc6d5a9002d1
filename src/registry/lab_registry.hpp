#pragma once
// Use cases of a lab's qualification certificates (资质证书, issue 5 item 3): a regulator covering
// the lab, or the system admin, adds, replaces and withdraws them; anyone whose scope covers the
// lab reads them (the lab itself too, read-only, and its system through the lab API). Each change
// is a new version in the ledger (record type "lab_qualification") and audited.
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "core/task.hpp"
#include "domain/qualification.hpp"
#include "domain/scope.hpp"
#include "identity/access.hpp"
#include "identity/identity.hpp"
#include "service/auditor.hpp"
#include "service/ledger.hpp"
#include "storage/database.hpp"
#include "storage/writer.hpp"

namespace lw::registry {

inline constexpr char kQualificationType[] = "lab_qualification";

/// Error not_found for a lab outside the scope (it does not exist for the caller).
Error no_lab(const std::string& lab_code);
/// Checks that `by` holds `permission` (forbidden) and that its registry scope covers the lab
/// (not_found); done before any registry write.
Status may_change_lab(storage::Database& db, const identity::Principal& by,
                      const std::string& lab_code, identity::Permission permission);
/// Whether `scope` covers the lab (not_found otherwise).
Status lab_visible(storage::Database& db, const domain::Scope& scope, const std::string& lab_code);

class LabRegistry {
 public:
  LabRegistry(storage::Database& db, storage::Writer& writer, const Clock& clock,
              const service::Auditor& auditor, service::Ledger& ledger)
      : db_(db), writer_(writer), clock_(clock), auditor_(auditor), ledger_(ledger) {}

  /// The lab's certificates (withdrawn ones too) when `scope` covers it.
  Result<std::vector<domain::Qualification>> qualifications(const domain::Scope& scope,
                                                            const std::string& lab_code);
  /// Adds a certificate to the lab; `reason` empty: a default.
  Task<Result<service::Receipted<domain::Qualification>>> add(const identity::Principal& by,
                                                              const std::string& lab_code,
                                                              domain::Qualification q,
                                                              std::string reason,
                                                              const service::Caller& caller);
  /// Replaces the facts of certificate `id` (a renewed or corrected certificate).
  Task<Result<service::Receipted<domain::Qualification>>> replace(
      const identity::Principal& by, const std::string& lab_code, std::int64_t id,
      domain::Qualification q, std::string reason, const service::Caller& caller);
  /// Withdraws certificate `id` (conflict when it already is); `reason` required.
  Task<Result<service::Receipted<domain::Qualification>>> withdraw(const identity::Principal& by,
                                                                   const std::string& lab_code,
                                                                   std::int64_t id,
                                                                   std::string reason,
                                                                   const service::Caller& caller);

 private:
  /// Stores `q` as it now is (insert when id is 0), its version and audit row, in one write.
  Task<Result<service::Receipted<domain::Qualification>>> save(domain::Qualification q,
                                                               std::string action,
                                                               std::string reason,
                                                               const service::Caller& caller);

  storage::Database& db_;
  storage::Writer& writer_;
  const Clock& clock_;
  const service::Auditor& auditor_;
  service::Ledger& ledger_;
};

/// A certificate as its ledger entry commits to it (and the API shows it), with `reason`.
boost::json::object qualification_json(const domain::Qualification& q, Instant now);

}  // namespace lw::registry
