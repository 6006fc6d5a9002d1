#pragma once
// Use cases of connecting labs (检测机构接入管理, issue 3 item 3): the system admin registers a
// lab; a security admin, or a regulator for the labs of its region, issues, rotates and
// revokes the lab's API keys and switches its sandbox mode. Lab staff may see their own lab and
// its keys (never a secret after issue). Every change is audited.
#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "core/task.hpp"
#include "domain/lab.hpp"
#include "identity/identity.hpp"
#include "identity/lab_keys.hpp"
#include "service/auditor.hpp"
#include "service/ledger.hpp"
#include "storage/database.hpp"
#include "storage/labs.hpp"
#include "storage/writer.hpp"

namespace lw::identity {

struct RotatedLabKey {
  IssuedLabKey issued;
  std::string replaces;
  Instant old_key_expires_at{};
};

class LabConnections {
 public:
  /// A rotated key keeps working this long, so the lab can switch without downtime.
  static constexpr std::chrono::hours kRotationGrace{24};

  LabConnections(storage::Database& db, storage::Writer& writer, const Clock& clock,
                 const service::Auditor& auditor, service::Ledger& ledger, std::string data_key)
      : db_(db),
        writer_(writer),
        clock_(clock),
        auditor_(auditor),
        ledger_(ledger),
        data_key_(std::move(data_key)) {}

  /// The labs in the caller's registry scope matching `filter`, with their connection facts.
  Result<storage::Paged<storage::LabListing>> list(const Principal& by,
                                                   const storage::LabFilter& filter);
  /// One lab in the caller's registry scope with its connection facts.
  Result<storage::LabListing> listing(const Principal& by, const std::string& lab_code);
  /// The same for any scope (a lab system's: identity::lab_system_scope).
  Result<storage::LabListing> listing_in(const domain::Scope& scope, const std::string& lab_code);
  Result<domain::Lab> get(const Principal& by, const std::string& lab_code);
  /// Registers a lab under the next unified lab code of its region (JJ-3.5, allocated in the
  /// same transaction; `lab.lab_code` is ignored): its row, its first version (ledger leaf and
  /// lab_versions row), audited. The credit code is required; a failed check needs the system
  /// admin's override reason in `lab.credit_override`.
  Task<Result<service::Receipted<domain::Lab>>> register_lab(const Principal& by, domain::Lab lab,
                                                             const service::Caller& caller);
  /// Switches sandbox mode as a new version of the lab's entry, with `reason` (why; a default
  /// saying what changed when empty).
  Task<Result<service::Receipted<domain::Lab>>> set_sandbox(const Principal& by,
                                                            const std::string& lab_code,
                                                            bool sandbox, std::string reason,
                                                            const service::Caller& caller);

  Result<std::vector<LabKeyInfo>> keys(const Principal& by, const std::string& lab_code);
  /// A new key; its secret is in the answer and nowhere else.
  Task<Result<IssuedLabKey>> issue_key(const Principal& by, const std::string& lab_code,
                                       const service::Caller& caller);
  /// A new key for the same lab; the old one retires after kRotationGrace.
  Task<Result<RotatedLabKey>> rotate_key(const Principal& by, const std::string& key_id,
                                         const service::Caller& caller);
  /// Ends the key at once; returns when.
  Task<Result<Instant>> revoke_key(const Principal& by, const std::string& key_id,
                                   const service::Caller& caller);

 private:
  /// The lab when `by` may manage its keys (permission and registry scope).
  Result<domain::Lab> managed_lab(const Principal& by, const std::string& lab_code);
  /// The key (in force or not) when `by` may manage its lab's keys.
  Result<LabKeyInfo> managed_key(const Principal& by, const std::string& key_id);

  storage::Database& db_;
  storage::Writer& writer_;
  const Clock& clock_;
  const service::Auditor& auditor_;
  service::Ledger& ledger_;
  std::string data_key_;
};

}  // namespace lw::identity
