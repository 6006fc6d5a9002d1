#pragma once
// On-site tests as a lab's system sends them (lw-sim --onsite, issue 8; docs/onsite.md): the
// items it tests and with which instrument, the components it marks, the faults it injects, the
// raw data and the photos. Pure, but for generating the photos (lw_photo_samples: camera-like
// JPEGs with EXIF written by exiv2).
#include <chrono>
#include <cstdint>
#include <random>
#include <string>
#include <string_view>

#include <boost/json.hpp>

namespace lw::sim {

using WallClock = std::chrono::system_clock;

/// One injected fault per test, at most.
enum class OnsiteFault {
  none,
  late_upload,     // the finish reported 2 h+ after it happened, data and photos with it (迟传)
  missed_upload,   // the finish reported 2 h+ after it happened, nothing uploaded (漏传)
  reused_photo,    // the second photo is an earlier test's, resized to 50 %
  edited_photo,    // the second photo edited in an image editor
  off_site_photo,  // the second photo taken 2-5 km from the site
};
inline constexpr int kOnsiteFaultKinds = 5;
std::string_view onsite_fault_name(OnsiteFault f);
/// The faults in turn: the k-th fault of a run that starts at `first` (any number).
OnsiteFault nth_onsite_fault(std::uint64_t first, std::uint64_t k);

/// An item of the catalogue and the instrument a lab uses for it (found by its name).
struct OnsiteItem {
  const char* code;
  const char* instrument;  // a substring of the equipment's name
};
/// Rebound hardness (回弹仪), then rebar cover (钢筋扫描仪): the first a lab has a usable
/// instrument for.
inline constexpr OnsiteItem kOnsiteItems[] = {{"concrete_rebound", "回弹仪"},
                                              {"rebar_cover", "钢筋扫描仪"}};

/// The n-th column a simulator run marks: KZ-6F-A1, KZ-6F-A2, … (floor 6 up, axes A-D, 1-3).
struct ComponentMark {
  std::string code;
  std::string name;
  std::string part;
};
ComponentMark column_mark(std::uint64_t n);

/// The body of POST /lab-api/onsite-tests/{id}/data for `item`: rebound readings of ten
/// measuring areas (or cover depths of eight bars), the conclusion, a note.
boost::json::object onsite_data_body(std::string_view item, std::mt19937_64& rng);

struct GeoPoint {
  double lat = 0;
  double lng = 0;
};
/// `north` and `east` metres from `p`.
GeoPoint moved(GeoPoint p, double north, double east);

/// "YYYY:MM:DD HH:MM:SS" in Beijing time, as a phone writes EXIF DateTimeOriginal.
std::string exif_beijing(WallClock::time_point t);
/// RFC 3339 UTC to the second.
std::string utc_rfc3339(WallClock::time_point t);

/// A tablet's photo of the component `label` (1600 × 1200, with EXIF: capture time in Beijing
/// time, GPS, make, model, thumbnail): scene `scene`, `shot` 0, 1, … from a step aside.
std::string site_photo(std::uint64_t scene, int shot, WallClock::time_point taken, GeoPoint where,
                       const std::string& label);

}  // namespace lw::sim
