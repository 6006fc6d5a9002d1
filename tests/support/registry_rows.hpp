#pragma once
// Registry rows the use cases' unit tests start from, written straight through the storage
// functions: a qualified lab, a project, a person with a certificate, a calibrated instrument.
// Each failure is a test failure (EXPECT), the ids are returned.
#include <cstdint>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "domain/calendar.hpp"
#include "domain/person.hpp"
#include "domain/project.hpp"
#include "storage/database.hpp"

namespace lw::testing {

/// A lab seated in `region` with a qualification for `categories` valid from `from` to
/// 2030-12-31.
void insert_qualified_lab(storage::Connection& c, const std::string& code, const std::string& name,
                          const std::string& region, std::vector<std::string> categories,
                          domain::Date from);

/// A project in `region` whose site is a circle of `radius_m` round `centre`, its client,
/// contractor and supervisor organisation 1.
std::int64_t insert_project(storage::Connection& c, const std::string& code,
                            const std::string& name, const std::string& region,
                            domain::GeoPoint centre, double radius_m);

/// A person of `lab` (of organisation 1 when `lab` is empty) with `duties`, who passed the exam
/// on 2024-12-01 and holds a 检测人员上岗证 valid 2024-01-01 to 2030-12-31, recorded at
/// `recorded_at`.
std::int64_t insert_person(storage::Connection& c, const std::string& name, const std::string& lab,
                           const std::string& region, std::vector<domain::Duty> duties,
                           Instant recorded_at);

/// An instrument of `lab` with one calibration from `calibrated_on` to `valid_until`.
std::int64_t insert_instrument(storage::Connection& c, const std::string& lab,
                               const std::string& name, const std::string& category,
                               domain::Date calibrated_on, domain::Date valid_until,
                               bool auto_collect);

}  // namespace lw::testing
