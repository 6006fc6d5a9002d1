#pragma once
// Repository of labs' equipment and its calibrations (domain/equipment.hpp). Reads take a Scope:
// equipment is its lab's row.
#include <optional>
#include <vector>

#include "domain/equipment.hpp"
#include "domain/scope.hpp"
#include "storage/paging.hpp"
#include "storage/sql.hpp"

namespace lw::storage {

/// Which equipment a list shows: one lab or all in scope, `q` in name, model, serial or
/// category, a calibration status at `today` and a verification state (empty: any).
struct EquipmentFilter {
  std::string lab_code;
  std::string q;
  std::optional<domain::CalibrationStatus> calibration;
  std::optional<domain::Verification> verification;
  Page page;
};

/// Inserts `e` (its id is ignored); returns the new id.
Result<std::int64_t> insert_equipment(Connection& conn, const domain::Equipment& e);
/// Stores the descriptive facts and verification of `e.id` as given.
Status update_equipment(Connection& conn, const domain::Equipment& e);
/// Equipment `id` of lab `lab_code` when `scope` covers the lab.
Result<std::optional<domain::Equipment>> find_equipment(Connection& conn,
                                                        const domain::Scope& scope,
                                                        const std::string& lab_code,
                                                        std::int64_t id);
/// The equipment `scope` covers matching `filter` (calibration judged at the Asia/Shanghai date
/// of `now`), by lab and id.
Result<Paged<domain::Equipment>> list_equipment(Connection& conn, const domain::Scope& scope,
                                                const EquipmentFilter& filter, Instant now);

/// Adds a calibration of `c.equipment_id` and moves the equipment's calibrated_until to the
/// latest valid_until; returns the new id.
Result<std::int64_t> insert_calibration(Connection& conn, const domain::Calibration& c);
/// The calibrations of equipment `equipment_id`, newest valid_until first (no scope: ask
/// find_equipment first).
Result<std::vector<domain::Calibration>> list_calibrations(Connection& conn,
                                                           std::int64_t equipment_id);

}  // namespace lw::storage
