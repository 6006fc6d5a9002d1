#include "domain/onsite.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <numbers>
#include <utility>

#include "domain/deadline.hpp"

namespace lw::domain {
namespace {

using C = OnsiteCategory;

// Standards as the industry cites them (edition years where one is in force).
constexpr std::array kItems = {
    // 地基基础
    OnsiteItemInfo{"pile_static_load", C::foundation, "单桩竖向抗压静载试验",
                   "Single pile vertical compressive static load test", "JGJ 106-2014"},
    OnsiteItemInfo{"pile_low_strain", C::foundation, "低应变法桩身完整性检测",
                   "Pile integrity by the low-strain method", "JGJ 106-2014"},
    OnsiteItemInfo{"pile_high_strain", C::foundation, "高应变法单桩承载力及桩身完整性检测",
                   "Pile bearing capacity and integrity by the high-strain method", "JGJ 106-2014"},
    OnsiteItemInfo{"pile_sonic_logging", C::foundation, "声波透射法桩身完整性检测",
                   "Pile integrity by cross-hole sonic logging", "JGJ 106-2014"},
    OnsiteItemInfo{"ground_plate_load", C::foundation, "地基承载力平板载荷试验",
                   "Ground bearing capacity by plate load test", "GB 50007-2011 / JGJ 340-2015"},
    OnsiteItemInfo{"anchor_pullout", C::foundation, "锚杆抗拔承载力检测",
                   "Anchor pull-out capacity test", "GB 50086-2015 / JGJ/T 401-2017"},
    // 主体结构及装饰装修
    OnsiteItemInfo{"concrete_rebound", C::main_structure, "回弹法检测混凝土抗压强度",
                   "Concrete compressive strength by the rebound method", "JGJ/T 23-2011"},
    OnsiteItemInfo{"concrete_core", C::main_structure, "钻芯法检测混凝土抗压强度",
                   "Concrete compressive strength by drilled cores", "JGJ/T 384-2016"},
    OnsiteItemInfo{"rebar_cover", C::main_structure, "钢筋保护层厚度检测",
                   "Concrete cover to reinforcement", "GB 50204-2015 附录E"},
    OnsiteItemInfo{"slab_thickness", C::main_structure, "现浇楼板厚度检测",
                   "Cast-in-place slab thickness", "GB 50204-2015 附录F"},
    OnsiteItemInfo{"post_anchor_pullout", C::main_structure, "后锚固件抗拔承载力检测",
                   "Post-installed anchor pull-out capacity", "JGJ 145-2013"},
    // 钢结构
    OnsiteItemInfo{"bolt_torque", C::steel_structure, "高强度螺栓连接副终拧扭矩检测",
                   "Final tightening torque of high-strength bolts", "GB 50205-2020"},
    OnsiteItemInfo{"weld_ultrasonic", C::steel_structure, "焊缝超声波探伤",
                   "Ultrasonic testing of welds", "GB/T 11345-2013"},
    OnsiteItemInfo{"anticorrosion_coating_thickness", C::steel_structure, "防腐涂层厚度检测",
                   "Anti-corrosion coating thickness", "GB 50205-2020"},
    OnsiteItemInfo{"fireproof_coating_thickness", C::steel_structure, "防火涂层厚度检测",
                   "Fire-resistive coating thickness", "GB 50205-2020"},
    // 建筑节能
    OnsiteItemInfo{"insulation_bond_strength", C::building_energy, "外墙保温板拉伸粘结强度现场检测",
                   "On-site tensile bond strength of external wall insulation boards",
                   "JGJ 144-2019"},
    OnsiteItemInfo{"window_airtightness", C::building_energy, "外窗气密性能现场检测",
                   "On-site air permeability of external windows", "JG/T 211-2007"},
    OnsiteItemInfo{"wall_heat_transfer", C::building_energy, "外墙主体部位传热系数现场检测",
                   "On-site heat transfer coefficient of external walls",
                   "GB 50411-2019 / JGJ/T 132-2009"},
    OnsiteItemInfo{"insulation_thickness_core", C::building_energy,
                   "外墙节能构造钻芯检验（保温层厚度）",
                   "Core check of the external wall insulation (thickness)", "GB 50411-2019"},
    // 道路工程
    OnsiteItemInfo{"compaction_degree", C::road, "压实度检测", "Degree of compaction",
                   "JTG 3450-2019"},
    OnsiteItemInfo{"deflection", C::road, "路基路面弯沉检测", "Subgrade and pavement deflection",
                   "JTG 3450-2019"},
    OnsiteItemInfo{"pavement_thickness", C::road, "路面结构层厚度检测", "Pavement layer thickness",
                   "JTG 3450-2019"},
    OnsiteItemInfo{"pavement_flatness", C::road, "路面平整度检测", "Pavement evenness",
                   "JTG 3450-2019"},
    // 桥梁及地下工程
    OnsiteItemInfo{"bridge_static_load", C::bridge_underground, "桥梁静载试验",
                   "Bridge static load test", "JTG/T J21-01-2015"},
    OnsiteItemInfo{"tunnel_lining_gpr", C::bridge_underground, "隧道衬砌厚度地质雷达检测",
                   "Tunnel lining thickness by ground-penetrating radar", "TB 10223-2004"},
    OnsiteItemInfo{"excavation_monitoring", C::bridge_underground, "基坑工程监测",
                   "Foundation pit monitoring", "GB 50497-2019"},
};

constexpr std::array kCategories = {
    std::pair{C::foundation, std::string_view("foundation")},
    std::pair{C::main_structure, std::string_view("main_structure")},
    std::pair{C::steel_structure, std::string_view("steel_structure")},
    std::pair{C::building_energy, std::string_view("building_energy")},
    std::pair{C::road, std::string_view("road")},
    std::pair{C::bridge_underground, std::string_view("bridge_underground")},
};

constexpr double kEarthRadiusM = 6'371'008.8;  // mean radius, as distance_m uses

// Beijing time for messages: "2026-11-21 13:10:03".
std::string beijing(Instant t) {
  const std::string s = format_shanghai(t);
  return s.substr(0, 10) + " " + s.substr(11, 8);
}

boost::json::object point_json(GeoPoint p) {
  return {{"lat", p.lat}, {"lng", p.lng}};
}

std::int64_t whole_metres(double m) {
  return std::llround(m);
}

PhotoFinding finding(std::string_view kind, std::string zh, std::string en,
                     boost::json::object evidence = {}) {
  return {std::string(kind), std::move(zh), std::move(en), std::move(evidence)};
}

// Metres from the origin to the segment a-b, points in a local plane (metres east, north).
double segment_distance(double ax, double ay, double bx, double by) {
  const double dx = bx - ax, dy = by - ay;
  const double len2 = dx * dx + dy * dy;
  double t = len2 > 0 ? -(ax * dx + ay * dy) / len2 : 0;
  t = std::clamp(t, 0.0, 1.0);
  return std::hypot(ax + t * dx, ay + t * dy);
}

void check_present(const PhotoFacts& photo, std::vector<PhotoFinding>& out) {
  if (!photo_time(photo)) {
    out.push_back(finding("missing_time", "照片缺少拍摄时间（EXIF 与上传签章均无）",
                          "The photo shows no capture time (neither EXIF nor the upload stamp)"));
  }
  if (!photo_location(photo)) {
    out.push_back(finding("missing_location", "照片缺少拍摄位置（EXIF 与上传签章均无 GPS）",
                          "The photo shows no location (no GPS in EXIF or the upload stamp)"));
  }
  if (!photo.tester_id) {
    out.push_back(
        finding("missing_tester", "照片未标明检测人员", "The photo does not name the tester"));
  }
  if (!photo.equipment_id) {
    out.push_back(finding("missing_instrument", "照片未标明检测设备",
                          "The photo does not name the instrument"));
  }
  if (!photo.component_code || photo.component_code->empty()) {
    out.push_back(finding("missing_component", "照片未标明构件唯一性标识",
                          "The photo does not name the component's unique id"));
  }
}

void check_window(Instant taken, const OnsiteRecordFacts& record, const PhotoRules& rules,
                  std::vector<PhotoFinding>& out) {
  const auto tol = rules.capture_tolerance;
  const bool early = taken < record.started_at - tol;
  const bool late = record.finished_at && taken > *record.finished_at + tol;
  if (!early && !late) {
    return;
  }
  const std::string minutes = std::to_string(tol.count());
  const std::string end_zh = record.finished_at ? beijing(*record.finished_at) : "（未结束）";
  const std::string end_en = record.finished_at ? beijing(*record.finished_at) : "(running)";
  out.push_back(finding(
      "time_outside_window",
      "拍摄时间 " + beijing(taken) + " 不在检测时段 " + beijing(record.started_at) + " 至 " +
          end_zh + "（前后各允许 " + minutes + " 分钟）内",
      "Taken at " + beijing(taken) + " (Beijing time), outside the test's window " +
          beijing(record.started_at) + " to " + end_en + " give or take " + minutes + " minutes",
      {{"captured_at", format_utc(taken)},
       {"window_start", format_utc(record.started_at)},
       {"window_end", record.finished_at ? boost::json::value(format_utc(*record.finished_at))
                                         : boost::json::value(nullptr)},
       {"tolerance_minutes", tol.count()}}));
}

void check_site(GeoPoint where, const ProjectSite& site, std::vector<PhotoFinding>& out) {
  if (site.contains(where)) {
    return;
  }
  const auto metres = whole_metres(distance_to_edge_m(site, where));
  out.push_back(finding(
      "outside_geofence", "拍摄位置在项目范围外，距范围边界 " + std::to_string(metres) + " 米",
      "Taken outside the project's site, " + std::to_string(metres) + " m from its edge",
      {{"location", point_json(where)}, {"distance_m", metres}}));
}

void check_record(const PhotoFacts& photo, const OnsiteRecordFacts& record,
                  std::vector<PhotoFinding>& out) {
  if (photo.tester_id && std::find(record.tester_ids.begin(), record.tester_ids.end(),
                                   *photo.tester_id) == record.tester_ids.end()) {
    boost::json::array testers(record.tester_ids.begin(), record.tester_ids.end());
    out.push_back(finding("tester_mismatch", "照片标明的检测人员不在本次检测的检测人员之中",
                          "The photo's tester is not one of the test's testers",
                          {{"photo", *photo.tester_id}, {"record", std::move(testers)}}));
  }
  if (photo.equipment_id && *photo.equipment_id != record.equipment_id) {
    out.push_back(finding("instrument_mismatch", "照片标明的检测设备与检测记录不符",
                          "The photo's instrument is not the test's",
                          {{"photo", *photo.equipment_id}, {"record", record.equipment_id}}));
  }
  if (photo.component_code && !photo.component_code->empty() &&
      *photo.component_code != record.component_code) {
    out.push_back(finding("component_mismatch",
                          "照片标明的构件 " + *photo.component_code + " 与检测记录的构件 " +
                              record.component_code + " 不符",
                          "The photo shows component " + *photo.component_code +
                              ", the test record " + record.component_code,
                          {{"photo", *photo.component_code}, {"record", record.component_code}}));
  }
}

void check_stamp(const PhotoFacts& photo, const PhotoRules& rules, std::vector<PhotoFinding>& out) {
  boost::json::object exif;
  boost::json::object stamp;
  boost::json::object evidence;
  std::vector<std::string> zh;
  std::vector<std::string> en;
  if (photo.exif_time && photo.stamp_time) {
    const auto apart = std::chrono::abs(*photo.exif_time - *photo.stamp_time);
    if (apart > rules.capture_tolerance) {
      exif["captured_at"] = format_utc(*photo.exif_time);
      stamp["captured_at"] = format_utc(*photo.stamp_time);
      const auto seconds = std::chrono::duration_cast<std::chrono::seconds>(apart).count();
      evidence["seconds_apart"] = seconds;
      zh.push_back("时间相差 " + std::to_string(seconds) + " 秒");
      en.push_back("times " + std::to_string(seconds) + " s apart");
    }
  }
  if (photo.exif_location && photo.stamp_location) {
    const double metres = distance_m(*photo.exif_location, *photo.stamp_location);
    if (metres > rules.stamp_max_distance_m) {
      exif["location"] = point_json(*photo.exif_location);
      stamp["location"] = point_json(*photo.stamp_location);
      evidence["distance_m"] = whole_metres(metres);
      zh.push_back("位置相距 " + std::to_string(whole_metres(metres)) + " 米");
      en.push_back("positions " + std::to_string(whole_metres(metres)) + " m apart");
    }
  }
  if (zh.empty()) {
    return;
  }
  evidence["exif"] = std::move(exif);
  evidence["stamp"] = std::move(stamp);
  std::string zh_text = zh[0];
  std::string en_text = en[0];
  if (zh.size() > 1) {
    zh_text += "，" + zh[1];
    en_text += " and " + en[1];
  }
  out.push_back(finding("stamp_disagrees", "照片 EXIF 与上传签章不一致：" + zh_text,
                        "The photo's EXIF and its upload stamp disagree: " + en_text,
                        std::move(evidence)));
}

void check_traces(const PhotoFacts& photo, const PhotoRules& rules,
                  std::vector<PhotoFinding>& out) {
  constexpr std::string_view kSoftware = "software:";
  std::vector<std::string> software;
  boost::json::array history;
  for (const auto& trace : photo.edit_traces) {
    if (trace.starts_with(kSoftware)) {
      std::string name = trace.substr(kSoftware.size());
      if (std::find(software.begin(), software.end(), name) == software.end()) {
        software.push_back(std::move(name));
      }
    } else {
      history.emplace_back(trace);
    }
  }
  if (!software.empty()) {
    std::string names = software[0];
    for (std::size_t i = 1; i < software.size(); ++i) {
      names += ", " + software[i];
    }
    out.push_back(finding("editing_software", "照片元数据记载了图像编辑软件：" + names,
                          "The photo's metadata names an image editor: " + names,
                          {{"software", names}}));
  }
  if (!history.empty()) {
    out.push_back(finding("edit_history", "照片带有编辑历史（XMP 历史或 Photoshop 图像资源）",
                          "The photo carries an editing history (XMP history or Photoshop "
                          "image resources)",
                          {{"traces", std::move(history)}}));
  }
  if (photo.thumbnail_distance && *photo.thumbnail_distance > rules.thumbnail_max_distance) {
    const int d = *photo.thumbnail_distance;
    out.push_back(finding(
        "thumbnail_mismatch",
        "照片内嵌缩略图与图像不一致（感知哈希相差 " + std::to_string(d) + " 位），图像可能被修改",
        "The embedded thumbnail is another picture than the image (" + std::to_string(d) +
            " bits apart): the image may have been altered",
        {{"distance", d}}));
  }
}

}  // namespace

std::string_view onsite_category_code(OnsiteCategory c) {
  for (const auto& [category, code] : kCategories) {
    if (category == c) {
      return code;
    }
  }
  return {};
}

std::optional<OnsiteCategory> parse_onsite_category(std::string_view code) {
  for (const auto& [category, name] : kCategories) {
    if (name == code) {
      return category;
    }
  }
  return std::nullopt;
}

std::span<const OnsiteItemInfo> onsite_items() {
  return kItems;
}

const OnsiteItemInfo* find_onsite_item(std::string_view code) {
  for (const auto& item : kItems) {
    if (item.code == code) {
      return &item;
    }
  }
  return nullptr;
}

std::string_view force_majeure_status_name(ForceMajeureFiling::Status s) {
  switch (s) {
    case ForceMajeureFiling::Status::pending:
      return "pending";
    case ForceMajeureFiling::Status::accepted:
      return "accepted";
    case ForceMajeureFiling::Status::rejected:
      return "rejected";
  }
  return {};
}

std::optional<ForceMajeureFiling::Status> parse_force_majeure_status(std::string_view name) {
  for (auto s : {ForceMajeureFiling::Status::pending, ForceMajeureFiling::Status::accepted,
                 ForceMajeureFiling::Status::rejected}) {
    if (force_majeure_status_name(s) == name) {
      return s;
    }
  }
  return std::nullopt;
}

bool force_majeure_in_time(const PolicyVersion& policy, const WorkCalendar& calendar,
                           Instant finished_at, Instant filed_at) {
  return filed_at <= deadline_after(calendar, finished_at, policy.force_majeure_report).due;
}

OnsiteDeadline onsite_deadline(const PolicyVersion& policy, const WorkCalendar& calendar,
                               Instant finished_at, std::span<const ForceMajeureFiling> filings) {
  const Instant normal = deadline_after(calendar, finished_at, policy.onsite_upload).due;
  const ForceMajeureFiling* counted = nullptr;
  for (const auto& f : filings) {
    if (f.status == ForceMajeureFiling::Status::rejected ||
        !force_majeure_in_time(policy, calendar, finished_at, f.filed_at)) {
      continue;
    }
    if (counted == nullptr || f.filed_at < counted->filed_at ||
        (f.filed_at == counted->filed_at && f.id < counted->id)) {
      counted = &f;
    }
  }
  OnsiteDeadline out;
  if (counted == nullptr) {
    out.due = normal;
    return out;
  }
  out.force_majeure_id = counted->id;
  if (counted->cleared_at) {
    const Instant moved =
        deadline_after(calendar, *counted->cleared_at, policy.force_majeure_upload).due;
    out.due = std::max(normal, moved);
  }
  return out;
}

PhotoRules photo_rules(const PolicyVersion& policy) {
  PhotoRules rules;
  rules.capture_tolerance = std::chrono::minutes(policy.photo_capture_tolerance_minutes);
  return rules;
}

double distance_to_edge_m(const ProjectSite& site, GeoPoint p) {
  if (site.kind == ProjectSite::Kind::circle) {
    return std::abs(distance_m(site.centre, p) - site.radius_m);
  }
  // Equirectangular projection onto a plane through `p`: metres east and north. At site scale
  // (at most a few kilometres) its error is far below a metre.
  const double per_degree = kEarthRadiusM * std::numbers::pi / 180.0;
  const double k = std::cos(p.lat * std::numbers::pi / 180.0) * per_degree;
  double best = std::numeric_limits<double>::infinity();
  for (std::size_t i = 0; i < site.area.size(); ++i) {
    const GeoPoint a = site.area[i];
    const GeoPoint b = site.area[(i + 1) % site.area.size()];
    best = std::min(best, segment_distance((a.lng - p.lng) * k, (a.lat - p.lat) * per_degree,
                                           (b.lng - p.lng) * k, (b.lat - p.lat) * per_degree));
  }
  return best;
}

std::optional<Instant> photo_time(const PhotoFacts& photo) {
  return photo.exif_time ? photo.exif_time : photo.stamp_time;
}

std::optional<GeoPoint> photo_location(const PhotoFacts& photo) {
  return photo.exif_location ? photo.exif_location : photo.stamp_location;
}

std::vector<PhotoFinding> judge_photo(const PhotoFacts& photo, const OnsiteRecordFacts& record,
                                      const PhotoRules& rules) {
  std::vector<PhotoFinding> out;
  check_present(photo, out);
  if (const auto taken = photo_time(photo)) {
    check_window(*taken, record, rules, out);
  }
  if (const auto where = photo_location(photo)) {
    check_site(*where, record.site, out);
  }
  check_record(photo, record, out);
  check_stamp(photo, rules, out);
  check_traces(photo, rules, out);
  return out;
}

PhotoFinding reused_finding(const ReusedPhoto& other) {
  const std::string id = std::to_string(other.photo_id);
  const std::string test = std::to_string(other.test_id);
  std::string zh = other.identical
                       ? "照片与平台上检测 " + test + " 的照片 " + id + " 完全相同，属重复使用"
                       : "照片与平台上检测 " + test + " 的照片 " + id +
                             " 为同一画面（感知哈希相差 " + std::to_string(other.distance) +
                             " 位），疑似重复使用";
  std::string en = other.identical
                       ? "The photo is photo " + id + " of test " + test +
                             " on the platform, byte for byte: re-used"
                       : "The photo shows the same picture as photo " + id + " of test " + test +
                             " (" + std::to_string(other.distance) + " bits apart): likely re-used";
  return finding("reused", std::move(zh), std::move(en),
                 {{"other",
                   {{"photo_id", other.photo_id},
                    {"test_id", other.test_id},
                    {"project_id", other.project_id},
                    {"lab_code", other.lab_code}}},
                  {"distance", other.distance},
                  {"identical", other.identical}});
}

PhotoFinding quantisation_finding(std::string_view device, std::string_view fingerprint,
                                  std::span<const std::string> earlier) {
  std::string list;
  boost::json::array tables;
  for (const auto& f : earlier) {
    list += (list.empty() ? "" : ", ") + f;
    tables.emplace_back(f);
  }
  const std::string dev(device);
  const std::string fp(fingerprint);
  return finding("quantisation_changed",
                 "设备 " + dev + " 此前的照片使用其他 JPEG 量化表（" + list + "），本张为 " + fp +
                     "，可能经软件重新保存",
                 "Earlier photos of device " + dev + " used other JPEG quantisation tables (" +
                     list + "), this one " + fp + ": it may have been re-saved by software",
                 {{"device", dev}, {"fingerprint", fp}, {"earlier", std::move(tables)}});
}

}  // namespace lw::domain
