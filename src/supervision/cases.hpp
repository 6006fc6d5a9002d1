#pragma once
// Cases (issue 10 deliver 2, JL-3.1): every violation the platform records is a case. A
// regulator or station of its region confirms it — fixing its severity and the party charged,
// by default those of its kind in the violation catalogue — or dismisses it, always with a
// reason; the lab charged sees it and answers. Each step is a case event, an audit record and
// a ledger version of the case (record type violation_case).
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "core/task.hpp"
#include "domain/policy.hpp"
#include "domain/scope.hpp"
#include "service/auditor.hpp"
#include "service/ledger.hpp"
#include "storage/database.hpp"
#include "storage/violations.hpp"
#include "storage/writer.hpp"

namespace lw::supervision {

inline constexpr char kCaseType[] = "violation_case";

/// A case as its page shows it: the violation with its decision, its kind in the catalogue
/// (nullptr for a kind the catalogue lacks) and its events.
struct CaseView {
  storage::Violation violation;
  const domain::ViolationKind* kind = nullptr;
  std::vector<storage::CaseEvent> events;
};

/// A regulator's confirmation. Severity and party default to the kind's; `party_ref` to the
/// violation's lab (party lab), the project's organisation (supervision_company, contractor,
/// client) or the details' person_id (person).
struct Confirmation {
  std::string reason;  // 1-1000 bytes
  std::optional<domain::Severity> severity;
  std::optional<domain::Party> party;
  std::string party_ref;
};

class Cases {
 public:
  Cases(storage::Database& db, storage::Writer& writer, const Clock& clock,
        const service::Auditor& auditor, service::Ledger& ledger,
        const domain::PolicyBook& policies)
      : db_(db),
        writer_(writer),
        clock_(clock),
        auditor_(auditor),
        ledger_(ledger),
        policies_(policies) {}

  /// not_found outside `scope`.
  Result<CaseView> get(const domain::Scope& scope, std::int64_t id);
  /// An open case confirmed; conflict when decided already.
  Task<Result<service::Receipted<CaseView>>> confirm(const domain::Scope& scope, std::int64_t id,
                                                     Confirmation input,
                                                     const service::Caller& caller);
  /// An open case dismissed with `reason`; conflict when decided already.
  Task<Result<service::Receipted<CaseView>>> dismiss(const domain::Scope& scope, std::int64_t id,
                                                     std::string reason,
                                                     const service::Caller& caller);
  /// The charged lab's answer (1-2000 bytes) to a case of its own.
  Task<Result<service::Receipted<CaseView>>> respond(const domain::Scope& scope, std::int64_t id,
                                                     std::string text,
                                                     const service::Caller& caller);

 private:
  using Change = std::function<Status(storage::Connection&, storage::Violation&)>;
  Task<Result<service::Receipted<CaseView>>> step(const domain::Scope& scope, std::int64_t id,
                                                  std::string action, std::string text,
                                                  const service::Caller& caller, Change change);

  storage::Database& db_;
  storage::Writer& writer_;
  const Clock& clock_;
  const service::Auditor& auditor_;
  service::Ledger& ledger_;
  const domain::PolicyBook& policies_;
};

}  // namespace lw::supervision
