#pragma once
// The organisations of the registry other than labs (issue 5 item 2): construction units,
// contractors, supervision companies and ready-mix plants. The system admin registers them
// anywhere, a regulator or supervision station within its region; the region must be a known
// division. The credit code is checked (GB 32100): one whose check character fails is refused,
// unless the system admin admits it with a reason, which is audited as its own action. Every
// registration and change is audited and becomes a version in the ledger (record type
// "organisation").
#include <optional>
#include <string>

#include "core/clock.hpp"
#include "core/task.hpp"
#include "domain/organisation.hpp"
#include "identity/identity.hpp"
#include "service/auditor.hpp"
#include "service/ledger.hpp"
#include "storage/database.hpp"
#include "storage/organisations.hpp"
#include "storage/writer.hpp"

namespace lw::registry {

inline constexpr char kOrganisationType[] = "organisation";

/// What a registration asks for.
struct NewOrganisation {
  domain::OrganisationKind kind = domain::OrganisationKind::construction_unit;
  std::string name;
  std::string credit_code;
  std::string region_code;
  std::string address;
  std::string contact_name;
  std::string contact_phone;
  std::string credit_override_reason;  // only for a code whose check fails; system admin only
};

/// New values of an organisation's changeable facts; absent members stay as they are.
struct OrganisationChange {
  std::optional<std::string> name;
  std::optional<std::string> address;
  std::optional<std::string> contact_name;
  std::optional<std::string> contact_phone;
};

class Organisations {
 public:
  Organisations(storage::Database& db, storage::Writer& writer, const Clock& clock,
                const service::Auditor& auditor, service::Ledger& ledger)
      : db_(db), writer_(writer), clock_(clock), auditor_(auditor), ledger_(ledger) {}

  /// Registers `input`: forbidden without register_organisations or for a region outside the
  /// caller's; invalid_argument for a bad field, an unknown region or a failed credit check
  /// (details name credit_code and expected_check) without an admin's override; conflict when
  /// the credit code is registered already.
  Task<Result<service::Receipted<domain::Organisation>>> register_organisation(
      const identity::Principal& by, NewOrganisation input, const service::Caller& caller);
  /// Changes an organisation in the caller's scope (not_found outside it), with a reason.
  Task<Result<service::Receipted<domain::Organisation>>> change(const identity::Principal& by,
                                                                std::int64_t id,
                                                                OrganisationChange change,
                                                                std::string reason,
                                                                const service::Caller& caller);
  /// The organisations of the caller's registry scope matching `filter`.
  Result<storage::Paged<domain::Organisation>> list(const identity::Principal& by,
                                                    const storage::OrganisationFilter& filter,
                                                    const storage::Page& page);
  /// One organisation of the caller's registry scope; not_found outside it.
  Result<domain::Organisation> get(const identity::Principal& by, std::int64_t id);

 private:
  storage::Database& db_;
  storage::Writer& writer_;
  const Clock& clock_;
  const service::Auditor& auditor_;
  service::Ledger& ledger_;
};

}  // namespace lw::registry
