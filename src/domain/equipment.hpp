#pragma once
// A lab's equipment (仪器设备, JL-1.1 设备核验): what it is, whether it collects data
// automatically, its calibration / verification certificates (检定/校准证书) and the state the
// regulator confirmed. The lab reads it; regulators register and change it.
//
// Calibration status at an instant (Asia/Shanghai dates; the server's clock decides), from the
// latest valid_until of the equipment's certificates:
//   none     — no certificate;
//   expired  — valid_until is before today;
//   expiring — valid_until is today or within kCalibrationWarning (30 days, one month) after it;
//   valid    — later.
#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.hpp"
#include "core/result.hpp"
#include "domain/calendar.hpp"

namespace lw::domain {

/// How long before a calibration runs out the platform warns (one month).
inline constexpr std::chrono::days kCalibrationWarning{30};

enum class Verification { unverified, verified, rejected };
std::string_view verification_name(Verification v);
std::optional<Verification> parse_verification(std::string_view name);

enum class CalibrationStatus { none, valid, expiring, expired };
std::string_view calibration_status_name(CalibrationStatus s);
std::optional<CalibrationStatus> parse_calibration_status(std::string_view name);

struct Calibration {
  std::int64_t id = 0;
  std::int64_t equipment_id = 0;
  std::string number;  // certificate number
  std::string issuer;  // calibrating body
  Date calibrated_on{};
  Date valid_until{};
  Instant created_at{};
};

struct Equipment {
  std::int64_t id = 0;
  std::string lab_code;
  std::string name;
  std::string model;
  std::string serial;
  std::string category;
  std::string measuring_range;
  bool auto_collect = false;  // can send its readings by itself (自动采集)
  Verification verification = Verification::unverified;
  std::optional<std::string> verified_by;  // the regulator as the audit trail names it
  std::optional<Instant> verified_at;
  std::string verification_note;
  std::optional<Date> calibrated_until;  // the latest valid_until of its certificates
  Instant updated_at{};
};

/// The status of a calibration valid until `valid_until` (none when absent) at `at`.
CalibrationStatus calibration_status(std::optional<Date> valid_until, Instant at);
/// Whether a test run at `at` may use the equipment: a calibration valid on that day (not
/// expired; expiring still counts) and not rejected by the regulator. Later issues refuse or
/// flag test runs on equipment that is not usable.
bool equipment_usable_at(const Equipment& equipment, Instant at);

/// name 1-100 characters; model, serial, category, measuring_range at most 100; the error
/// names the field.
Status validate(const Equipment& e);
/// number and issuer 1-100 characters, calibrated_on <= valid_until.
Status validate(const Calibration& c);

}  // namespace lw::domain
