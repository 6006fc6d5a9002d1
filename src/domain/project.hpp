#pragma once
// A construction project under supervision (工程项目, JJ-4.2): entered by the supervision station
// of its county, with its parties and where it is — a circle (point + radius) or a polygon —
// so that later issues can tell whether a photo was taken on site (geofencing). Witnesses and
// samplers are assigned to it for periods; a replacement is filed as a change notice
// (domain/witness_change.hpp judges whether it was on time).
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <boost/json/object.hpp>

#include "core/clock.hpp"
#include "core/result.hpp"

namespace lw::domain {

/// A WGS-84 position in degrees, as phones and EXIF GPS give it.
struct GeoPoint {
  double lat = 0;
  double lng = 0;
  bool operator==(const GeoPoint&) const = default;
};

/// Great-circle distance in metres (haversine, mean Earth radius).
double distance_m(GeoPoint a, GeoPoint b);

/// Where a project is: a circle around a point, or a polygon of 3 or more vertices.
struct ProjectSite {
  enum class Kind { circle, polygon };
  Kind kind = Kind::circle;
  GeoPoint centre;             // circle
  double radius_m = 0;         // circle: 10 m to 5 km
  std::vector<GeoPoint> area;  // polygon: 3 to 200 vertices, not closed (first ≠ last)

  /// Whether `p` lies on the site (a polygon's edge counts as inside).
  bool contains(GeoPoint p) const;
};

std::string_view site_kind_name(ProjectSite::Kind kind);
std::optional<ProjectSite::Kind> parse_site_kind(std::string_view name);

/// Checks ranges (latitude, longitude, radius, vertex count, distinct vertices); details name
/// the field under `field` ("site.radius_m", "site.area[3].lat").
Status validate(const ProjectSite& site, std::string_view field = "site");

/// The site as JSON: {"kind":"circle","centre":{"lat","lng"},"radius_m"} or
/// {"kind":"polygon","area":[{"lat","lng"},…]} — the API's and the stored form.
boost::json::object site_json(const ProjectSite& site);
/// The site of `json`, checked (validate); errors name the field under `field`.
Result<ProjectSite> parse_site(const boost::json::value& json, std::string_view field = "site");

struct Project {
  std::int64_t id = 0;
  std::string code;  // the construction permit or supervision registration number
  std::string name;
  std::string address;
  std::string region_code;  // the county (or city) whose station supervises it
  ProjectSite site;
  std::int64_t client_id = 0;      // organisations.id: 建设单位
  std::int64_t contractor_id = 0;  // 施工单位
  std::int64_t supervisor_id = 0;  // 监理单位
  std::string created_by;
  Instant created_at{};
};

inline constexpr std::string_view kProjectCodeRule =
    "1-64 characters of A-Z, a-z, 0-9, '-', '_' and '/'";

/// Checks code, name (1-200 characters), address (at most 200), region and site; details name
/// the field.
Status validate(const Project& project);

/// The duties a person is assigned to a project for.
enum class AssignmentDuty { witness, sampler };
std::string_view assignment_duty_name(AssignmentDuty duty);
std::optional<AssignmentDuty> parse_assignment_duty(std::string_view name);

/// A person assigned to a project as witness or sampler from `starts_at` until `ends_at`
/// (open while absent). A replacement ends one assignment and starts another.
struct Assignment {
  std::int64_t id = 0;
  std::int64_t project_id = 0;
  std::int64_t person_id = 0;
  AssignmentDuty duty = AssignmentDuty::witness;
  Instant starts_at{};
  std::optional<Instant> ends_at;

  bool active_at(Instant t) const { return starts_at <= t && (!ends_at || t < *ends_at); }
};

/// A replacement of a project's witness or sampler (见证、取样人员变更) as filed, with the
/// verdict of the policy version in force at its effective time.
struct ChangeNotice {
  std::int64_t id = 0;
  std::int64_t project_id = 0;
  AssignmentDuty duty = AssignmentDuty::witness;
  std::int64_t replaced_id = 0;  // the assignment that ends
  std::int64_t person_out = 0;
  std::int64_t person_in = 0;
  Instant effective_at{};
  Instant filed_at{};  // the server's receive time
  std::string filed_by;
  std::string reason;
  std::string policy_profile;
  std::string policy_version;  // the version's effective-from date, YYYY-MM-DD
  Instant due_at{};
  bool on_time = false;
  int late_working_days = 0;
  std::vector<int> uncovered_years;
};

}  // namespace lw::domain
