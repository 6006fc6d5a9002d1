#pragma once
// On-site tests as the Jilin notice judges them (issue 8; JL-1.2, JL-1.3, JL-2.4;
// docs/onsite.md): the six categories and their items, the upload deadline with force majeure,
// and what one photo must show against the test record. Pure: no storage, no clock.
#include <chrono>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <boost/json/object.hpp>

#include "core/clock.hpp"
#include "domain/calendar.hpp"
#include "domain/policy.hpp"
#include "domain/project.hpp"

namespace lw::domain {

/// The six categories of JL-1.2; their codes are the qualification categories' (a lab must be
/// qualified for the category to test its items).
enum class OnsiteCategory {
  foundation,          // 地基基础
  main_structure,      // 主体结构及装饰装修
  steel_structure,     // 钢结构
  building_energy,     // 建筑节能
  road,                // 道路工程
  bridge_underground,  // 桥梁及地下工程
};
std::string_view onsite_category_code(OnsiteCategory c);  // = qualification category code
std::optional<OnsiteCategory> parse_onsite_category(std::string_view code);

struct OnsiteItemInfo {
  std::string_view code;  // stable, e.g. "pile_low_strain"
  OnsiteCategory category;
  std::string_view name_zh;
  std::string_view name_en;
  std::string_view standard;  // the usual method standard
};
/// The catalogue: at least three items per category.
std::span<const OnsiteItemInfo> onsite_items();
const OnsiteItemInfo* find_onsite_item(std::string_view code);

/// A force-majeure filing (不可抗力报备) as the deadline needs it.
struct ForceMajeureFiling {
  enum class Status { pending, accepted, rejected };
  std::int64_t id = 0;
  Instant filed_at{};                 // server receive time
  std::optional<Instant> cleared_at;  // the fault cleared, as the lab reports it
  Status status = Status::pending;
};
std::string_view force_majeure_status_name(ForceMajeureFiling::Status s);
std::optional<ForceMajeureFiling::Status> parse_force_majeure_status(std::string_view name);

/// Whether a filing received at `filed_at` is in time for a test finished at `finished_at`
/// (within `force_majeure_report` of the finish, that instant included; a filing before the
/// finish is in time).
bool force_majeure_in_time(const PolicyVersion& policy, const WorkCalendar& calendar,
                           Instant finished_at, Instant filed_at);

/// When a finished test's data and photos are due (JL-1.3).
struct OnsiteDeadline {
  std::optional<Instant> due;  // none while an in-time filing awaits its clearance
  std::optional<std::int64_t> force_majeure_id;  // the filing that moved it
  bool awaiting_clearance() const { return !due.has_value(); }
};
/// Finish + `onsite_upload`; with an in-time filing that is not rejected, its clearance +
/// `force_majeure_upload` (open until the clearance is reported), never earlier than the normal
/// due. The earliest in-time filing that is not rejected counts (a rejected one is as if never
/// filed); later filings change nothing. Hours are wall-clock; working-day periods use
/// `calendar`.
OnsiteDeadline onsite_deadline(const PolicyVersion& policy, const WorkCalendar& calendar,
                               Instant finished_at, std::span<const ForceMajeureFiling> filings);

/// What the test record holds, for judging a photo.
struct OnsiteRecordFacts {
  Instant started_at{};
  std::optional<Instant> finished_at;  // none while running: the window is open-ended
  std::vector<std::int64_t> tester_ids;
  std::int64_t equipment_id = 0;
  std::string component_code;
  ProjectSite site;
};

/// What one photo shows: from its metadata and from the stamp the capture sent.
struct PhotoFacts {
  std::optional<Instant> exif_time;
  std::optional<Instant> stamp_time;
  std::optional<GeoPoint> exif_location;
  std::optional<GeoPoint> stamp_location;
  std::optional<std::int64_t> tester_id;
  std::optional<std::int64_t> equipment_id;
  std::optional<std::string> component_code;
  std::vector<std::string> edit_traces;   // photos::PhotoMetadata::edit_traces
  std::optional<int> thumbnail_distance;  // photos::Screening::thumbnail_distance
};

/// A finding on a photo: a stable kind (docs/onsite.md), a message in both languages, and the
/// evidence (figures side by side).
struct PhotoFinding {
  std::string kind;
  std::string message_zh;
  std::string message_en;
  boost::json::object evidence;
};

struct PhotoRules {
  std::chrono::minutes capture_tolerance{10};  // policy photos.capture_tolerance_minutes
  int thumbnail_max_distance = 10;             // bits; beyond it the thumbnail is another picture
  double stamp_max_distance_m = 200;
};
/// The rules of the version in force at the test's finish (its start while running).
PhotoRules photo_rules(const PolicyVersion& policy);

/// Metres from `p` to the site's edge, whether `p` lies inside or out: for a circle
/// |distance to the centre − radius|; for a polygon the distance to its nearest edge, in an
/// equirectangular plane through `p` (at site scale, a few kilometres, off by far less than a
/// metre).
double distance_to_edge_m(const ProjectSite& site, GeoPoint p);

/// The photo's capture time and place as the platform takes them: EXIF first, the stamp else.
std::optional<Instant> photo_time(const PhotoFacts& photo);
std::optional<GeoPoint> photo_location(const PhotoFacts& photo);

/// Every finding of the per-photo checks, in the order of docs/onsite.md: the five facts
/// present, time in the window, inside the site, tester / instrument / component match, stamp
/// agreeing with EXIF, editing traces, thumbnail. Re-use and quantisation need other photos
/// (the use case adds `reused_finding` and `quantisation_finding`). Evidence: instants as
/// RFC 3339 UTC (format_utc), distances in whole metres, positions {lat, lng}:
/// - `missing_time|location|tester|instrument|component`: {} (no fact to show);
/// - `time_outside_window`: {captured_at, window_start, window_end, tolerance_minutes}, the
///   window being the record's start and finish (null while running) before the tolerance;
///   on the boundary (start − tolerance, finish + tolerance) a photo is inside;
/// - `outside_geofence`: {location, distance_m} (to the site's edge; on the edge is inside);
/// - `tester_mismatch`: {photo: id, record: [ids]}; `instrument_mismatch`: {photo, record}
///   (equipment ids); `component_mismatch`: {photo, record} (codes);
/// - `stamp_disagrees`: {seconds_apart?, distance_m?, exif: {captured_at?, location?}, stamp:
///   {…}} with only the facts that disagree (time by more than the tolerance, position by
///   more than `stamp_max_distance_m`);
/// - `editing_software`: {software} (the editors named, ", " between); `edit_history`:
///   {traces} (every trace that is not "software:…"); `thumbnail_mismatch`: {distance} (bits,
///   more than `thumbnail_max_distance`).
std::vector<PhotoFinding> judge_photo(const PhotoFacts& photo, const OnsiteRecordFacts& record,
                                      const PhotoRules& rules);

/// The finding for a photo that repeats another photo of the platform.
struct ReusedPhoto {
  std::int64_t photo_id = 0;
  std::int64_t test_id = 0;
  std::int64_t project_id = 0;
  std::string lab_code;
  int distance = 0;
  bool identical = false;  // the same bytes
};
/// Evidence {other: {photo_id, test_id, project_id, lab_code}, distance, identical}.
PhotoFinding reused_finding(const ReusedPhoto& other);
/// The finding for a device whose earlier photos used other quantisation tables (evidence
/// {device, fingerprint, earlier: [fingerprints]}).
PhotoFinding quantisation_finding(std::string_view device, std::string_view fingerprint,
                                  std::span<const std::string> earlier);

}  // namespace lw::domain
