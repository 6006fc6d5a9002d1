#include "domain/project.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>

#include "core/text.hpp"
#include "domain/lab.hpp"
#include "domain/scope.hpp"

namespace lw::domain {
namespace {

constexpr double kEarthRadiusM = 6'371'008.8;  // mean radius (IUGG)

double radians(double deg) {
  return deg * std::numbers::pi / 180.0;
}

bool valid_point(GeoPoint p) {
  return std::isfinite(p.lat) && std::isfinite(p.lng) && p.lat >= -90 && p.lat <= 90 &&
         p.lng >= -180 && p.lng <= 180;
}

// Where `p` lies relative to the segment a-b in a local plane (metres east, north of `p`):
// on it, or whether a ray from p eastwards crosses it.
struct Edge {
  bool on = false;
  bool crosses = false;
};

Edge edge_test(GeoPoint p, GeoPoint a, GeoPoint b) {
  const double k = std::cos(radians(p.lat));
  const double ax = (a.lng - p.lng) * k, ay = a.lat - p.lat;
  const double bx = (b.lng - p.lng) * k, by = b.lat - p.lat;
  Edge e;
  const double cross = ax * by - ay * bx;
  const double eps = 1e-12;
  if (std::abs(cross) <= eps && ax * bx + ay * by <= eps) {
    e.on = true;
    return e;
  }
  if ((ay > 0) != (by > 0)) {
    const double x = ax + (0 - ay) * (bx - ax) / (by - ay);
    e.crosses = x > 0;
  }
  return e;
}

bool valid_code_char(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
         c == '_' || c == '/';
}

}  // namespace

double distance_m(GeoPoint a, GeoPoint b) {
  const double dlat = radians(b.lat - a.lat);
  const double dlng = radians(b.lng - a.lng);
  const double h =
      std::sin(dlat / 2) * std::sin(dlat / 2) +
      std::cos(radians(a.lat)) * std::cos(radians(b.lat)) * std::sin(dlng / 2) * std::sin(dlng / 2);
  return 2 * kEarthRadiusM * std::asin(std::min(1.0, std::sqrt(h)));
}

bool ProjectSite::contains(GeoPoint p) const {
  if (kind == Kind::circle) {
    return distance_m(centre, p) <= radius_m;
  }
  bool inside = false;
  for (std::size_t i = 0; i < area.size(); ++i) {
    const Edge e = edge_test(p, area[i], area[(i + 1) % area.size()]);
    if (e.on) {
      return true;
    }
    inside ^= e.crosses;
  }
  return inside;
}

std::string_view site_kind_name(ProjectSite::Kind kind) {
  return kind == ProjectSite::Kind::circle ? "circle" : "polygon";
}

std::optional<ProjectSite::Kind> parse_site_kind(std::string_view name) {
  if (name == "circle") {
    return ProjectSite::Kind::circle;
  }
  if (name == "polygon") {
    return ProjectSite::Kind::polygon;
  }
  return std::nullopt;
}

Status validate(const ProjectSite& site, std::string_view field) {
  const std::string f(field);
  if (site.kind == ProjectSite::Kind::circle) {
    if (!valid_point(site.centre)) {
      return field_error(f + ".centre", "latitude -90 to 90 and longitude -180 to 180 degrees");
    }
    if (!(site.radius_m >= 10 && site.radius_m <= 5000)) {
      return field_error(f + ".radius_m", "10 to 5000 metres");
    }
    return {};
  }
  if (site.area.size() < 3 || site.area.size() > 200) {
    return field_error(f + ".area", "3 to 200 vertices");
  }
  for (std::size_t i = 0; i < site.area.size(); ++i) {
    if (!valid_point(site.area[i])) {
      return field_error(f + ".area[" + std::to_string(i) + "]",
                         "latitude -90 to 90 and longitude -180 to 180 degrees");
    }
    const GeoPoint& next = site.area[(i + 1) % site.area.size()];
    if (distance_m(site.area[i], next) < 0.5) {
      return field_error(f + ".area[" + std::to_string(i) + "]",
                         "repeats its neighbour (do not close the ring)");
    }
  }
  return {};
}

boost::json::object site_json(const ProjectSite& site) {
  auto point = [](GeoPoint p) { return boost::json::object{{"lat", p.lat}, {"lng", p.lng}}; };
  boost::json::object out{{"kind", site_kind_name(site.kind)}};
  if (site.kind == ProjectSite::Kind::circle) {
    out["centre"] = point(site.centre);
    out["radius_m"] = site.radius_m;
  } else {
    boost::json::array area;
    for (const auto& p : site.area) {
      area.push_back(point(p));
    }
    out["area"] = std::move(area);
  }
  return out;
}

namespace {

std::optional<double> number_of(const boost::json::object& o, std::string_view key) {
  const auto* v = o.if_contains(key);
  if (!v || !v->is_number()) {
    return std::nullopt;
  }
  return v->to_number<double>();
}

Result<GeoPoint> point_of(const boost::json::value* v, const std::string& field) {
  const auto* o = v ? v->if_object() : nullptr;
  const auto lat = o ? number_of(*o, "lat") : std::nullopt;
  const auto lng = o ? number_of(*o, "lng") : std::nullopt;
  if (!lat || !lng) {
    return field_error(field, "an object with numbers lat and lng (WGS-84 degrees)");
  }
  return GeoPoint{*lat, *lng};
}

}  // namespace

Result<ProjectSite> parse_site(const boost::json::value& json, std::string_view field) {
  const std::string f(field);
  const auto* o = json.if_object();
  const auto* kind_v = o ? o->if_contains("kind") : nullptr;
  const auto kind = kind_v && kind_v->is_string()
                        ? parse_site_kind(std::string_view(kind_v->get_string()))
                        : std::nullopt;
  if (!kind) {
    return field_error(f + ".kind", "circle or polygon");
  }
  ProjectSite site;
  site.kind = *kind;
  if (site.kind == ProjectSite::Kind::circle) {
    auto centre = point_of(o->if_contains("centre"), f + ".centre");
    if (!centre) {
      return std::move(centre).error();
    }
    site.centre = *centre;
    const auto radius = number_of(*o, "radius_m");
    if (!radius) {
      return field_error(f + ".radius_m", "10 to 5000 metres");
    }
    site.radius_m = *radius;
  } else {
    const auto* area = o->if_contains("area");
    if (!area || !area->is_array()) {
      return field_error(f + ".area", "3 to 200 vertices");
    }
    for (std::size_t i = 0; i < area->get_array().size() && i <= 200; ++i) {
      auto p = point_of(&area->get_array()[i], f + ".area[" + std::to_string(i) + "]");
      if (!p) {
        return std::move(p).error();
      }
      site.area.push_back(*p);
    }
  }
  LW_TRY(validate(site, field));
  return site;
}

Status validate(const Project& p) {
  if (p.code.empty() || p.code.size() > 64 ||
      !std::all_of(p.code.begin(), p.code.end(), valid_code_char)) {
    return field_error("code", kProjectCodeRule);
  }
  if (trim_blanks(p.name).empty() || utf8_length(p.name) > 200) {
    return field_error("name", "1-200 characters");
  }
  if (utf8_length(p.address) > 200) {
    return field_error("address", "at most 200 characters");
  }
  if (!valid_region_code(p.region_code)) {
    return field_error("region_code", kRegionCodeRule);
  }
  return validate(p.site);
}

std::string_view assignment_duty_name(AssignmentDuty duty) {
  return duty == AssignmentDuty::witness ? "witness" : "sampler";
}

std::optional<AssignmentDuty> parse_assignment_duty(std::string_view name) {
  if (name == "witness") {
    return AssignmentDuty::witness;
  }
  if (name == "sampler") {
    return AssignmentDuty::sampler;
  }
  return std::nullopt;
}

}  // namespace lw::domain
