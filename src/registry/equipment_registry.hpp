#pragma once
// Use cases of a lab's equipment (仪器设备, issue 5 item 5, JL-1.1 设备核验): a regulator covering
// the lab, or the system admin, registers and changes equipment and adds calibration
// certificates; only a regulator covering the lab confirms or rejects it (verification). The lab
// reads its equipment and never changes it. Every change is a new version in the ledger (record
// type "equipment", the record with all its calibrations) and audited.
#include <optional>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "core/task.hpp"
#include "domain/equipment.hpp"
#include "domain/scope.hpp"
#include "identity/access.hpp"
#include "identity/identity.hpp"
#include "service/auditor.hpp"
#include "service/ledger.hpp"
#include "storage/database.hpp"
#include "storage/equipment.hpp"
#include "storage/writer.hpp"

namespace lw::registry {

inline constexpr char kEquipmentType[] = "equipment";

/// A piece of equipment with its calibration certificates, newest first.
struct EquipmentDetail {
  domain::Equipment equipment;
  std::vector<domain::Calibration> calibrations;
};

/// New descriptive facts; absent members stay as they are.
struct EquipmentChange {
  std::optional<std::string> name;
  std::optional<std::string> model;
  std::optional<std::string> serial;
  std::optional<std::string> category;
  std::optional<std::string> measuring_range;
  std::optional<bool> auto_collect;
};

class EquipmentRegistry {
 public:
  EquipmentRegistry(storage::Database& db, storage::Writer& writer, const Clock& clock,
                    const service::Auditor& auditor, service::Ledger& ledger)
      : db_(db), writer_(writer), clock_(clock), auditor_(auditor), ledger_(ledger) {}

  /// The equipment `scope` covers matching `filter`, calibration judged now.
  Result<storage::Paged<domain::Equipment>> list(const domain::Scope& scope,
                                                 const storage::EquipmentFilter& filter);
  /// One piece with its calibrations when `scope` covers its lab.
  Result<EquipmentDetail> get(const domain::Scope& scope, const std::string& lab_code,
                              std::int64_t id);
  /// Registers equipment of the lab (unverified).
  Task<Result<service::Receipted<EquipmentDetail>>> add(const identity::Principal& by,
                                                        const std::string& lab_code,
                                                        domain::Equipment e, std::string reason,
                                                        const service::Caller& caller);
  /// Changes its descriptive facts; invalid_argument when nothing would change.
  Task<Result<service::Receipted<EquipmentDetail>>> change(const identity::Principal& by,
                                                           const std::string& lab_code,
                                                           std::int64_t id, EquipmentChange c,
                                                           std::string reason,
                                                           const service::Caller& caller);
  /// Adds a calibration certificate.
  Task<Result<service::Receipted<EquipmentDetail>>> add_calibration(
      const identity::Principal& by, const std::string& lab_code, std::int64_t id,
      domain::Calibration c, std::string reason, const service::Caller& caller);
  /// Sets the verification state (regulator covering the lab only); a rejection needs a note.
  Task<Result<service::Receipted<EquipmentDetail>>> verify(
      const identity::Principal& by, const std::string& lab_code, std::int64_t id,
      domain::Verification state, std::string note, const service::Caller& caller);

 private:
  /// The piece when `by` holds `permission` and its registry scope covers the lab.
  Task<Result<EquipmentDetail>> changeable(const identity::Principal& by,
                                           const std::string& lab_code, std::int64_t id,
                                           identity::Permission permission);
  /// Stores `detail.equipment` (insert when id is 0) and `calibration` (when given), then the
  /// new version and the audit row, in one write.
  Task<Result<service::Receipted<EquipmentDetail>>> save(
      EquipmentDetail detail, std::optional<domain::Calibration> calibration, std::string action,
      std::string reason, const service::Caller& caller);

  storage::Database& db_;
  storage::Writer& writer_;
  const Clock& clock_;
  const service::Auditor& auditor_;
  service::Ledger& ledger_;
};

/// A calibration as the API shows it.
boost::json::object calibration_json(const domain::Calibration& c);
/// Equipment as the API shows it, with its calibration status at `now`.
boost::json::object equipment_json(const domain::Equipment& e, Instant now);
/// The same with its calibrations.
boost::json::object equipment_detail_json(const EquipmentDetail& d, Instant now);

}  // namespace lw::registry
