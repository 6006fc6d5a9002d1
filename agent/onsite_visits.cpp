#include "onsite_visits.hpp"

#include <cmath>
#include <cstdio>
#include <ctime>
#include <numbers>

#include "photos/photo_samples.hpp"

namespace lw::sim {
namespace {

std::string format(WallClock::time_point t, int offset_hours, const char* pattern) {
  const std::time_t secs = WallClock::to_time_t(t) + std::time_t{offset_hours} * 3600;
  std::tm tm{};
  gmtime_r(&secs, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, pattern, &tm);
  return buf;
}

std::string decimal(double v, int places) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.*f", places, v);
  return buf;
}

}  // namespace

std::string_view onsite_fault_name(OnsiteFault f) {
  switch (f) {
    case OnsiteFault::none:
      return "none";
    case OnsiteFault::late_upload:
      return "late_upload";
    case OnsiteFault::missed_upload:
      return "missed_upload";
    case OnsiteFault::reused_photo:
      return "reused_photo";
    case OnsiteFault::edited_photo:
      return "edited_photo";
    case OnsiteFault::off_site_photo:
      return "off_site_photo";
  }
  return "none";
}

OnsiteFault nth_onsite_fault(std::uint64_t first, std::uint64_t k) {
  // Three in a row always hold a photo fault.
  constexpr OnsiteFault kTurns[kOnsiteFaultKinds] = {
      OnsiteFault::edited_photo, OnsiteFault::late_upload, OnsiteFault::reused_photo,
      OnsiteFault::off_site_photo, OnsiteFault::missed_upload};
  return kTurns[(first + k) % kOnsiteFaultKinds];
}

ComponentMark column_mark(std::uint64_t n) {
  const std::uint64_t floor = 6 + n / 12;
  const char axis = static_cast<char>('A' + n / 3 % 4);
  const std::uint64_t col = 1 + n % 3;
  const std::string at = std::string(1, axis) + std::to_string(col);
  return {"KZ-" + std::to_string(floor) + "F-" + at, std::to_string(floor) + "层" + at + "柱",
          "主体结构 " + std::to_string(floor) + " 层"};
}

boost::json::object onsite_data_body(std::string_view item, std::mt19937_64& rng) {
  boost::json::array readings;
  boost::json::object body;
  if (item == "rebar_cover") {
    std::uniform_real_distribution<double> cover(21, 33);
    for (int bar = 1; bar <= 8; ++bar) {
      readings.push_back({{"name", "第" + std::to_string(bar) + "根 保护层厚度"},
                          {"value", decimal(cover(rng), 0)},
                          {"unit", "mm"}});
    }
    readings.push_back({{"name", "设计值"}, {"value", "25"}, {"unit", "mm"}});
    body["note"] = "电磁感应法 GB 50204-2015 附录 E / electromagnetic method";
  } else {
    std::uniform_real_distribution<double> rebound(34, 42);
    double sum = 0;
    for (int area = 1; area <= 10; ++area) {
      const double rm = rebound(rng);
      sum += rm;
      readings.push_back({{"name", "测区" + std::to_string(area) + " 平均回弹值 Rm"},
                          {"value", decimal(rm, 1)},
                          {"unit", ""}});
    }
    readings.push_back(
        {{"name", "平均碳化深度 dm"},
         {"value", decimal(std::uniform_real_distribution<double>(0.5, 2.5)(rng), 1)},
         {"unit", "mm"}});
    readings.push_back({{"name", "混凝土强度推定值 fcu,e"},
                        {"value", decimal(0.9 * sum / 10 - 2, 1)},
                        {"unit", "MPa"}});
    body["note"] = "回弹法 JGJ/T 23-2011，设计强度 C30 / rebound method, design grade C30";
  }
  body["readings"] = std::move(readings);
  body["conclusion"] = "pass";
  return body;
}

GeoPoint moved(GeoPoint p, double north, double east) {
  constexpr double kMetresPerDegree = 111'320;
  return {p.lat + north / kMetresPerDegree,
          p.lng + east / (kMetresPerDegree * std::cos(p.lat * std::numbers::pi / 180))};
}

std::string exif_beijing(WallClock::time_point t) {
  return format(t, 8, "%Y:%m:%d %H:%M:%S");
}

std::string utc_rfc3339(WallClock::time_point t) {
  return format(t, 0, "%Y-%m-%dT%H:%M:%SZ");
}

std::string site_photo(std::uint64_t scene, int shot, WallClock::time_point taken, GeoPoint where,
                       const std::string& label) {
  photos::samples::SitePhotoSpec spec;
  spec.scene_seed = scene;
  spec.shot = shot;
  spec.width = 1600;
  spec.height = 1200;
  spec.date_time_original = exif_beijing(taken);
  spec.gps = domain::GeoPoint{where.lat, where.lng};
  spec.make = "HUAWEI";
  spec.model = "BAH3-W59";  // a MatePad tablet
  spec.label = label;
  return photos::samples::generate_site_photo(spec);
}

}  // namespace lw::sim
