#include "support/registry_rows.hpp"

#include <gtest/gtest.h>

#include "storage/equipment.hpp"
#include "storage/lab_qualifications.hpp"
#include "storage/labs.hpp"
#include "storage/people.hpp"
#include "storage/projects.hpp"

namespace lw::testing {

using namespace std::chrono;

void insert_qualified_lab(storage::Connection& c, const std::string& code, const std::string& name,
                          const std::string& region, std::vector<std::string> categories,
                          domain::Date from) {
  domain::Lab l;
  l.lab_code = code;
  l.name = name;
  l.region_code = region;
  EXPECT_TRUE(storage::insert_lab(c, l));
  domain::Qualification q;
  q.lab_code = code;
  q.number = "Q-" + code;
  q.issuer = "住房和城乡建设厅";
  q.categories = std::move(categories);
  q.valid_from = from;
  q.valid_until = 2030y / December / 31d;
  EXPECT_TRUE(storage::insert_qualification(c, q));
}

std::int64_t insert_project(storage::Connection& c, const std::string& code,
                            const std::string& name, const std::string& region,
                            domain::GeoPoint centre, double radius_m) {
  domain::Project p;
  p.code = code;
  p.name = name;
  p.region_code = region;
  p.site.centre = centre;
  p.site.radius_m = radius_m;
  p.client_id = p.contractor_id = p.supervisor_id = 1;
  auto id = storage::insert_project(c, p);
  EXPECT_TRUE(id && *id);
  return id && *id ? **id : 0;
}

std::int64_t insert_person(storage::Connection& c, const std::string& name, const std::string& lab,
                           const std::string& region, std::vector<domain::Duty> duties,
                           Instant recorded_at) {
  storage::PersonRow row;
  row.person.name = name;
  row.person.lab_code = lab;
  if (lab.empty()) {
    row.person.organisation_id = 1;
  }
  row.person.region_code = region;
  row.person.duties = std::move(duties);
  row.person.exam = {domain::ExamState::passed, 2024y / December / 1d, 90};
  row.row_key = name;
  row.id_number_sealed = row.phone_sealed = "sealed";
  row.id_number_index = "index-" + name;
  row.phone_index = "phone-" + name;
  row.created_by = "station";
  auto id = storage::insert_person(c, row);
  EXPECT_TRUE(id && *id);
  if (!id || !*id) {
    return 0;
  }
  EXPECT_TRUE(storage::insert_certificate(
      c, **id,
      {0, "检测人员上岗证", "SG-" + name, "住建部门", 2024y / January / 1d, 2030y / December / 31d},
      "station", recorded_at));
  return **id;
}

std::int64_t insert_instrument(storage::Connection& c, const std::string& lab,
                               const std::string& name, const std::string& category,
                               domain::Date calibrated_on, domain::Date valid_until,
                               bool auto_collect) {
  domain::Equipment e;
  e.lab_code = lab;
  e.name = name;
  e.model = "M-" + category;
  e.serial = name;
  e.category = category;
  e.auto_collect = auto_collect;
  e.calibrated_until = valid_until;
  auto eq = storage::insert_equipment(c, e);
  EXPECT_TRUE(eq);
  if (!eq) {
    return 0;
  }
  domain::Calibration cal;
  cal.equipment_id = *eq;
  cal.number = "JZ-" + name;
  cal.issuer = "省计量院";
  cal.calibrated_on = calibrated_on;
  cal.valid_until = valid_until;
  EXPECT_TRUE(storage::insert_calibration(c, cal));
  return *eq;
}

}  // namespace lw::testing
