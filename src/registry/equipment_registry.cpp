#include "registry/equipment_registry.hpp"

#include <boost/json.hpp>

#include "domain/change_request.hpp"
#include "identity/access.hpp"
#include "registry/lab_registry.hpp"
#include "service/commit.hpp"
#include "service/ledger_records.hpp"

namespace lw::registry {
namespace {

Error no_equipment(std::int64_t id) {
  return Error(std::string(errc::not_found), "no equipment " + std::to_string(id) + " in scope");
}

/// What a version's ledger entry commits to: the equipment's facts and verification, every
/// calibration, and the change's reason.
boost::json::object version_record(const EquipmentDetail& d, const std::string& reason) {
  const auto& e = d.equipment;
  boost::json::array calibrations;
  for (const auto& c : d.calibrations) {
    calibrations.push_back(calibration_json(c));
  }
  return {{"id", e.id},
          {"lab_code", e.lab_code},
          {"name", e.name},
          {"model", e.model},
          {"serial", e.serial},
          {"category", e.category},
          {"measuring_range", e.measuring_range},
          {"auto_collect", e.auto_collect},
          {"verification_state", domain::verification_name(e.verification)},
          {"verified_by", e.verified_by ? boost::json::value(*e.verified_by) : nullptr},
          {"verified_at", e.verified_at ? boost::json::value(format_utc(*e.verified_at)) : nullptr},
          {"verification_note", e.verification_note},
          {"calibrations", std::move(calibrations)},
          {"reason", reason}};
}

}  // namespace

boost::json::object calibration_json(const domain::Calibration& c) {
  return {{"id", c.id},
          {"number", c.number},
          {"issuer", c.issuer},
          {"calibrated_on", domain::format_date(c.calibrated_on)},
          {"valid_until", domain::format_date(c.valid_until)}};
}

boost::json::object equipment_json(const domain::Equipment& e, Instant now) {
  return {
      {"id", e.id},
      {"lab_code", e.lab_code},
      {"name", e.name},
      {"model", e.model},
      {"serial", e.serial},
      {"category", e.category},
      {"measuring_range", e.measuring_range},
      {"auto_collect", e.auto_collect},
      {"verification_state", domain::verification_name(e.verification)},
      {"verified_by", e.verified_by ? boost::json::value(*e.verified_by) : nullptr},
      {"verified_at", e.verified_at ? boost::json::value(format_utc(*e.verified_at)) : nullptr},
      {"verification_note", e.verification_note},
      {"calibrated_until",
       e.calibrated_until ? boost::json::value(domain::format_date(*e.calibrated_until)) : nullptr},
      {"calibration_status",
       domain::calibration_status_name(domain::calibration_status(e.calibrated_until, now))},
      {"usable", domain::equipment_usable_at(e, now)},
      {"updated_at", format_utc(e.updated_at)}};
}

boost::json::object equipment_detail_json(const EquipmentDetail& d, Instant now) {
  auto o = equipment_json(d.equipment, now);
  boost::json::array calibrations;
  for (const auto& c : d.calibrations) {
    calibrations.push_back(calibration_json(c));
  }
  o["calibrations"] = std::move(calibrations);
  return o;
}

Result<storage::Paged<domain::Equipment>> EquipmentRegistry::list(
    const domain::Scope& scope, const storage::EquipmentFilter& filter) {
  auto conn = db_.acquire();
  if (!conn) {
    return std::move(conn).error();
  }
  return storage::list_equipment(**conn, scope, filter, clock_.now());
}

Result<EquipmentDetail> EquipmentRegistry::get(const domain::Scope& scope,
                                               const std::string& lab_code, std::int64_t id) {
  auto conn = db_.acquire();
  if (!conn) {
    return std::move(conn).error();
  }
  auto found = storage::find_equipment(**conn, scope, lab_code, id);
  if (!found) {
    return std::move(found).error();
  }
  if (!*found) {
    return no_equipment(id);
  }
  auto calibrations = storage::list_calibrations(**conn, id);
  if (!calibrations) {
    return std::move(calibrations).error();
  }
  return EquipmentDetail{std::move(**found), std::move(*calibrations)};
}

Task<Result<EquipmentDetail>> EquipmentRegistry::changeable(const identity::Principal& by,
                                                            const std::string& lab_code,
                                                            std::int64_t id,
                                                            identity::Permission permission) {
  if (auto st = identity::require(by, permission); !st) {
    co_return std::move(st).error();
  }
  co_return get(identity::registry_scope(by), lab_code, id);
}

Task<Result<service::Receipted<EquipmentDetail>>> EquipmentRegistry::save(
    EquipmentDetail detail, std::optional<domain::Calibration> calibration, std::string action,
    std::string reason, const service::Caller& caller) {
  service::LeafRef leaf;
  domain::Equipment& e = detail.equipment;
  storage::Writer::Job job = [&](storage::Connection& conn) -> Status {
    if (e.id == 0) {
      auto id = storage::insert_equipment(conn, e);
      if (!id) {
        return std::move(id).error();
      }
      e.id = *id;
    } else {
      LW_TRY(storage::update_equipment(conn, e));
    }
    if (calibration) {
      calibration->equipment_id = e.id;
      auto id = storage::insert_calibration(conn, *calibration);
      if (!id) {
        return std::move(id).error();
      }
      calibration->id = *id;
      auto all = storage::list_calibrations(conn, e.id);
      if (!all) {
        return std::move(all).error();
      }
      detail.calibrations = std::move(*all);
      e.calibrated_until = detail.calibrations.front().valid_until;
    }
    auto version = service::record_registry_version(
        conn, ledger_,
        {kEquipmentType, std::to_string(e.id), e.lab_code, version_record(detail, reason),
         caller.actor, e.updated_at});
    if (!version) {
      return std::move(version).error();
    }
    leaf = std::move(*version);
    return auditor_.record(
        conn, caller, e.updated_at, std::move(action), "equipment/" + std::to_string(e.id),
        boost::json::serialize(boost::json::object{
            {"lab_code", e.lab_code},
            {"verification_state", domain::verification_name(e.verification)},
            {"calibration", calibration ? boost::json::value(calibration->number) : nullptr},
            {"reason", reason}}));
  };
  if (auto st = co_await service::commit(writer_, std::move(job)); !st) {
    co_return std::move(st).error();
  }
  co_return service::Receipted<EquipmentDetail>{std::move(detail), std::move(leaf)};
}

Task<Result<service::Receipted<EquipmentDetail>>> EquipmentRegistry::add(
    const identity::Principal& by, const std::string& lab_code, domain::Equipment e,
    std::string reason, const service::Caller& caller) {
  if (auto st = may_change_lab(db_, by, lab_code, identity::Permission::manage_lab_registry); !st) {
    co_return std::move(st).error();
  }
  e.id = 0;
  e.lab_code = lab_code;
  e.verification = domain::Verification::unverified;
  e.verified_by.reset();
  e.verified_at.reset();
  e.verification_note.clear();
  e.calibrated_until.reset();
  e.updated_at = clock_.now();
  if (auto st = domain::validate(e); !st) {
    co_return std::move(st).error();
  }
  if (reason.empty()) {
    reason = "equipment registered 登记设备";
  }
  EquipmentDetail detail{std::move(e), {}};
  std::string action = "equipment.add";
  auto saved =
      co_await save(std::move(detail), std::nullopt, std::move(action), std::move(reason), caller);
  co_return saved;
}

Task<Result<service::Receipted<EquipmentDetail>>> EquipmentRegistry::change(
    const identity::Principal& by, const std::string& lab_code, std::int64_t id, EquipmentChange c,
    std::string reason, const service::Caller& caller) {
  auto found = co_await changeable(by, lab_code, id, identity::Permission::manage_lab_registry);
  if (!found) {
    co_return std::move(found).error();
  }
  domain::Equipment& e = found->equipment;
  const domain::Equipment before = e;
  for (auto [value, out] :
       {std::pair{&c.name, &e.name}, std::pair{&c.model, &e.model}, std::pair{&c.serial, &e.serial},
        std::pair{&c.category, &e.category}, std::pair{&c.measuring_range, &e.measuring_range}}) {
    if (*value) {
      *out = **value;
    }
  }
  if (c.auto_collect) {
    e.auto_collect = *c.auto_collect;
  }
  if (e.name == before.name && e.model == before.model && e.serial == before.serial &&
      e.category == before.category && e.measuring_range == before.measuring_range &&
      e.auto_collect == before.auto_collect) {
    co_return field_error("name", "the change changes nothing");
  }
  if (auto st = domain::validate(e); !st) {
    co_return std::move(st).error();
  }
  e.updated_at = clock_.now();
  if (reason.empty()) {
    reason = "equipment changed 变更设备信息";
  }
  std::string action = "equipment.change";
  auto saved =
      co_await save(std::move(*found), std::nullopt, std::move(action), std::move(reason), caller);
  co_return saved;
}

Task<Result<service::Receipted<EquipmentDetail>>> EquipmentRegistry::add_calibration(
    const identity::Principal& by, const std::string& lab_code, std::int64_t id,
    domain::Calibration c, std::string reason, const service::Caller& caller) {
  auto found = co_await changeable(by, lab_code, id, identity::Permission::manage_lab_registry);
  if (!found) {
    co_return std::move(found).error();
  }
  if (auto st = domain::validate(c); !st) {
    co_return std::move(st).error();
  }
  found->equipment.updated_at = clock_.now();
  c.created_at = found->equipment.updated_at;
  if (reason.empty()) {
    reason = "calibration certificate added 登记检定/校准证书";
  }
  std::optional<domain::Calibration> calibration = std::move(c);
  std::string action = "equipment.calibration";
  auto saved = co_await save(std::move(*found), std::move(calibration), std::move(action),
                             std::move(reason), caller);
  co_return saved;
}

Task<Result<service::Receipted<EquipmentDetail>>> EquipmentRegistry::verify(
    const identity::Principal& by, const std::string& lab_code, std::int64_t id,
    domain::Verification state, std::string note, const service::Caller& caller) {
  auto found = co_await changeable(by, lab_code, id, identity::Permission::verify_equipment);
  if (!found) {
    co_return std::move(found).error();
  }
  if (state == domain::Verification::rejected) {
    if (auto st = domain::validate_reason("note", note); !st) {
      co_return std::move(st).error();
    }
  }
  domain::Equipment& e = found->equipment;
  e.verification = state;
  e.updated_at = clock_.now();
  e.verified_by = caller.actor;
  e.verified_at = e.updated_at;
  e.verification_note = note;
  if (auto st = domain::validate(e); !st) {
    co_return std::move(st).error();
  }
  std::string reason = note.empty() ? "equipment verified 设备核验" : note;
  std::string action = "equipment.verify";
  auto saved =
      co_await save(std::move(*found), std::nullopt, std::move(action), std::move(reason), caller);
  co_return saved;
}

}  // namespace lw::registry
