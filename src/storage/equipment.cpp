#include "storage/equipment.hpp"

#include "storage/scope_sql.hpp"

namespace lw::storage {
namespace {

constexpr std::string_view kEquipmentColumns =
    "id, lab_code, name, model, serial, category, measuring_range, auto_collect,"
    " verification_state, verified_by, verified_at, verification_note, calibrated_until,"
    " updated_at";

domain::Equipment equipment_from_row(const Row& r) {
  domain::Equipment e;
  e.id = r.int64(0);
  e.lab_code = r.text(1);
  e.name = r.text(2);
  e.model = r.text(3);
  e.serial = r.text(4);
  e.category = r.text(5);
  e.measuring_range = r.text(6);
  e.auto_collect = r.int64(7) != 0;
  e.verification = domain::parse_verification(r.text(8)).value_or(domain::Verification::unverified);
  if (!r.is_null(9)) {
    e.verified_by = r.text(9);
  }
  if (!r.is_null(10)) {
    e.verified_at = from_micros(r.int64(10));
  }
  e.verification_note = r.text(11);
  if (!r.is_null(12)) {
    e.calibrated_until = domain::parse_date(r.text(12));
  }
  e.updated_at = from_micros(r.int64(13));
  return e;
}

Value opt(const std::optional<std::string>& s) {
  return s ? Value(*s) : Value(nullptr);
}

}  // namespace

Result<std::int64_t> insert_equipment(Connection& conn, const domain::Equipment& e) {
  auto rows = conn.query(
      "INSERT INTO equipment (lab_code, name, model, serial, category, measuring_range,"
      " auto_collect, verification_state, verification_note, updated_at)"
      " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id",
      params({e.lab_code, e.name, e.model, e.serial, e.category, e.measuring_range,
              std::int64_t{e.auto_collect ? 1 : 0},
              std::string(domain::verification_name(e.verification)), e.verification_note,
              to_micros(e.updated_at)}));
  if (!rows) {
    return std::move(rows).error();
  }
  return rows->front().int64(0);
}

Status update_equipment(Connection& conn, const domain::Equipment& e) {
  LW_TRY(conn.exec(
      "UPDATE equipment SET name = $2, model = $3, serial = $4, category = $5,"
      " measuring_range = $6, auto_collect = $7, verification_state = $8, verified_by = $9,"
      " verified_at = $10, verification_note = $11, updated_at = $12 WHERE id = $1",
      params({e.id, e.name, e.model, e.serial, e.category, e.measuring_range,
              std::int64_t{e.auto_collect ? 1 : 0},
              std::string(domain::verification_name(e.verification)), opt(e.verified_by),
              e.verified_at ? Value(to_micros(*e.verified_at)) : Value(nullptr),
              e.verification_note, to_micros(e.updated_at)})));
  return {};
}

Result<std::optional<domain::Equipment>> find_equipment(Connection& conn,
                                                        const domain::Scope& scope,
                                                        const std::string& lab_code,
                                                        std::int64_t id) {
  std::vector<Value> p{id, lab_code};
  const std::string where = scope_condition(scope, "lab_code", "", p);
  auto rows = conn.query("SELECT " + std::string(kEquipmentColumns) +
                             " FROM equipment WHERE id = $1 AND lab_code = $2 AND " + where,
                         p);
  if (!rows) {
    return std::move(rows).error();
  }
  if (rows->empty()) {
    return std::optional<domain::Equipment>{};
  }
  return std::optional(equipment_from_row(rows->front()));
}

Result<Paged<domain::Equipment>> list_equipment(Connection& conn, const domain::Scope& scope,
                                                const EquipmentFilter& filter, Instant now) {
  std::vector<Value> p;
  std::string where = scope_condition(scope, "lab_code", "", p);
  if (!filter.lab_code.empty()) {
    p.emplace_back(filter.lab_code);
    where += " AND lab_code = $" + std::to_string(p.size());
  }
  where += " AND " + contains_condition(filter.q, {"name", "model", "serial", "category"}, p);
  if (filter.verification) {
    p.emplace_back(std::string(domain::verification_name(*filter.verification)));
    where += " AND verification_state = $" + std::to_string(p.size());
  }
  if (filter.calibration) {
    // ISO dates compare as text; the bounds are those of domain::calibration_status.
    const auto today = std::chrono::sys_days{domain::shanghai_date(now)};
    const auto arg = [&p](std::chrono::sys_days d) {
      p.emplace_back(domain::format_date(domain::Date{d}));
      return "$" + std::to_string(p.size());
    };
    switch (*filter.calibration) {
      case domain::CalibrationStatus::none:
        where += " AND calibrated_until IS NULL";
        break;
      case domain::CalibrationStatus::expired:
        where += " AND calibrated_until < " + arg(today);
        break;
      case domain::CalibrationStatus::expiring:
        where += " AND calibrated_until >= " + arg(today);
        where += " AND calibrated_until <= " + arg(today + domain::kCalibrationWarning);
        break;
      case domain::CalibrationStatus::valid:
        where += " AND calibrated_until > " + arg(today + domain::kCalibrationWarning);
        break;
    }
  }
  auto total = conn.query("SELECT COUNT(*) FROM equipment WHERE " + where, p);
  if (!total) {
    return std::move(total).error();
  }
  const std::string page = page_clause(filter.page, p);
  auto rows = conn.query("SELECT " + std::string(kEquipmentColumns) + " FROM equipment WHERE " +
                             where + " ORDER BY lab_code, id" + page,
                         p);
  if (!rows) {
    return std::move(rows).error();
  }
  Paged<domain::Equipment> out;
  out.total = total->front().int64(0);
  for (const auto& r : *rows) {
    out.items.push_back(equipment_from_row(r));
  }
  return out;
}

Result<std::int64_t> insert_calibration(Connection& conn, const domain::Calibration& c) {
  const std::string until = domain::format_date(c.valid_until);
  auto rows = conn.query(
      "INSERT INTO equipment_calibrations (equipment_id, number, issuer, calibrated_on,"
      " valid_until, created_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
      params({c.equipment_id, c.number, c.issuer, domain::format_date(c.calibrated_on), until,
              to_micros(c.created_at)}));
  if (!rows) {
    return std::move(rows).error();
  }
  LW_TRY(
      conn.exec("UPDATE equipment SET calibrated_until = $2, updated_at = $3"
                " WHERE id = $1 AND (calibrated_until IS NULL OR calibrated_until < $2)",
                params({c.equipment_id, until, to_micros(c.created_at)})));
  return rows->front().int64(0);
}

Result<std::vector<domain::Calibration>> list_calibrations(Connection& conn,
                                                           std::int64_t equipment_id) {
  auto rows = conn.query(
      "SELECT id, equipment_id, number, issuer, calibrated_on, valid_until, created_at"
      " FROM equipment_calibrations WHERE equipment_id = $1 ORDER BY valid_until DESC, id DESC",
      params({equipment_id}));
  if (!rows) {
    return std::move(rows).error();
  }
  std::vector<domain::Calibration> out;
  for (const auto& r : *rows) {
    out.push_back({r.int64(0), r.int64(1), r.text(2), r.text(3),
                   domain::parse_date(r.text(4)).value_or(domain::Date{}),
                   domain::parse_date(r.text(5)).value_or(domain::Date{}),
                   from_micros(r.int64(6))});
  }
  return out;
}

}  // namespace lw::storage
