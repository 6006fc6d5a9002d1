#include "domain/equipment.hpp"

#include <tuple>

#include "core/text.hpp"

namespace lw::domain {
namespace {

bool text_ok(std::string_view s, std::size_t max, bool required) {
  return (!required || !s.empty()) && valid_utf8(s) && utf8_length(s) <= max;
}

}  // namespace

std::string_view verification_name(Verification v) {
  switch (v) {
    case Verification::verified:
      return "verified";
    case Verification::rejected:
      return "rejected";
    case Verification::unverified:
      break;
  }
  return "unverified";
}

std::optional<Verification> parse_verification(std::string_view name) {
  for (auto v : {Verification::unverified, Verification::verified, Verification::rejected}) {
    if (verification_name(v) == name) {
      return v;
    }
  }
  return std::nullopt;
}

std::string_view calibration_status_name(CalibrationStatus s) {
  switch (s) {
    case CalibrationStatus::valid:
      return "valid";
    case CalibrationStatus::expiring:
      return "expiring";
    case CalibrationStatus::expired:
      return "expired";
    case CalibrationStatus::none:
      break;
  }
  return "none";
}

std::optional<CalibrationStatus> parse_calibration_status(std::string_view name) {
  for (auto s : {CalibrationStatus::none, CalibrationStatus::valid, CalibrationStatus::expiring,
                 CalibrationStatus::expired}) {
    if (calibration_status_name(s) == name) {
      return s;
    }
  }
  return std::nullopt;
}

CalibrationStatus calibration_status(std::optional<Date> valid_until, Instant at) {
  if (!valid_until) {
    return CalibrationStatus::none;
  }
  const auto today = std::chrono::sys_days{shanghai_date(at)};
  const auto until = std::chrono::sys_days{*valid_until};
  if (until < today) {
    return CalibrationStatus::expired;
  }
  if (until <= today + kCalibrationWarning) {
    return CalibrationStatus::expiring;
  }
  return CalibrationStatus::valid;
}

bool equipment_usable_at(const Equipment& e, Instant at) {
  const auto s = calibration_status(e.calibrated_until, at);
  return e.verification != Verification::rejected &&
         (s == CalibrationStatus::valid || s == CalibrationStatus::expiring);
}

Status validate(const Equipment& e) {
  if (!text_ok(e.name, 100, true)) {
    return field_error("name", "1-100 characters");
  }
  for (auto [field, value] :
       {std::pair{"model", &e.model}, std::pair{"serial", &e.serial},
        std::pair{"category", &e.category}, std::pair{"measuring_range", &e.measuring_range}}) {
    if (!text_ok(*value, 100, false)) {
      return field_error(field, "at most 100 characters");
    }
  }
  if (!text_ok(e.verification_note, 500, false)) {
    return field_error("note", "at most 500 characters");
  }
  return {};
}

Status validate(const Calibration& c) {
  if (!text_ok(c.number, 100, true)) {
    return field_error("number", "1-100 characters");
  }
  if (!text_ok(c.issuer, 100, true)) {
    return field_error("issuer", "1-100 characters");
  }
  if (!c.calibrated_on.ok() || !c.valid_until.ok()) {
    return field_error("calibrated_on", "a date YYYY-MM-DD");
  }
  if (std::chrono::sys_days{c.valid_until} < std::chrono::sys_days{c.calibrated_on}) {
    return field_error("valid_until", "on or after calibrated_on");
  }
  return {};
}

}  // namespace lw::domain
