// The demo's on-site tests (issue 8): the Jilin institute 220102-0001 tests concrete rebound
// hardness of the columns and rebar cover of a beam of 南关区人民大街综合楼 (220102-2026-0001), and
// the regulator's pages tell what happened, each batch one story:
//   0101  on time — tests finished 1 h and 40 min ago, data and two genuine photos each;
//   0102  locked — a test finished 3 h ago whose data and photo arrive now (迟传);
//   0103  flagged — a photo re-used from 0101 (resized), one edited, one taken 3 km off site;
//   0104  force majeure — filed in time, the clearance reported, awaiting the regulator;
//   0105  missed — finished 2 h 30 min ago, nothing uploaded: the server's one-minute scan
//         locks it (漏传) shortly after start;
//   0106  running — a test started 15 min ago, for the capture page (/onsite/capture) as
//         jl-tester, the lab staff account linked to one of its testers.
// Everything goes through the use cases as the lab's system would send it, times relative to
// now; the photos are generated (photos::samples, 1600 × 1200, EXIF written by exiv2).
// Loaded once: nothing is added when any on-site batch exists. agent/lw-sim --onsite goes on
// from here (it reads this project, its witness and site from these tests).
#include <chrono>
#include <cmath>
#include <numbers>

#include "app/application.hpp"
#include "app/demo_support.hpp"
#include "core/byte_source.hpp"
#include "core/log.hpp"
#include "identity/store.hpp"
#include "labtests/lab_checks.hpp"
#include "photos/photo_samples.hpp"
#include "storage/equipment.hpp"
#include "storage/people.hpp"
#include "storage/projects.hpp"
#include "storage/specimens.hpp"

namespace lw::app {
namespace {

using std::chrono::hours;
using std::chrono::minutes;

constexpr char kLab[] = "220102-0001";
constexpr char kProject[] = "220102-2026-0001";
constexpr char kTesterLogin[] = "jl-tester";  // demo.cpp's kLogins
constexpr char kDevice[] = "JLJC-XC-PAD-01";  // the lab's site tablet, in every stamp

struct DemoComponent {
  const char* code;
  const char* name;
  const char* part;
};
// Marked by the contractor (JL-2.4).
constexpr DemoComponent kComponents[] = {
    {"KZ-3F-A1", "三层A1柱", "主体结构 3 层"},        {"KZ-3F-A2", "三层A2柱", "主体结构 3 层"},
    {"KZ-3F-B2", "三层B2柱", "主体结构 3 层"},        {"KZ-4F-B3", "四层B3柱", "主体结构 4 层"},
    {"KL-4F-12", "四层1-2轴框架梁", "主体结构 4 层"}, {"KZ-5F-C1", "五层C1柱", "主体结构 5 层"},
    {"KZ-5F-C2", "五层C2柱", "主体结构 5 层"},        {"KZ-5F-C3", "五层C3柱", "主体结构 5 层"},
};

// "YYYY:MM:DD HH:MM:SS" in Beijing time, as a phone writes DateTimeOriginal.
std::string exif_time(Instant t) {
  std::string s = format_shanghai(t).substr(0, 19);
  s[4] = s[7] = ':';
  s[10] = ' ';
  return s;
}

// `north` metres north and `east` metres east of `p`.
domain::GeoPoint moved(domain::GeoPoint p, double north, double east) {
  constexpr double kMetresPerDegree = 111'320;
  return {p.lat + north / kMetresPerDegree,
          p.lng + east / (kMetresPerDegree * std::cos(p.lat * std::numbers::pi / 180))};
}

domain::GeoPoint centre_of(const domain::ProjectSite& site) {
  if (site.kind == domain::ProjectSite::Kind::circle || site.area.empty()) {
    return site.centre;
  }
  domain::GeoPoint c;
  for (const auto& p : site.area) {
    c.lat += p.lat / static_cast<double>(site.area.size());
    c.lng += p.lng / static_cast<double>(site.area.size());
  }
  return c;
}

std::uint64_t fnv1a(std::string_view s) {
  std::uint64_t h = 1469598103934665603ULL;
  for (char c : s) {
    h = (h ^ static_cast<unsigned char>(c)) * 1099511628211ULL;
  }
  return h;
}

// Rebound readings of a column (JGJ/T 23): ten measuring areas, the carbonation depth and the
// estimated strength, drawn from the component's code.
onsite::Data rebound_data(std::string_view code) {
  std::uint64_t h = fnv1a(code);
  auto next = [&h](int span) {
    h = h * 6364136223846793005ULL + 1442695040888963407ULL;
    return static_cast<int>((h >> 33) % static_cast<std::uint64_t>(span));
  };
  onsite::Data d;
  double sum = 0;
  for (int area = 1; area <= 10; ++area) {
    const double rm = 36.0 + next(60) / 10.0;  // 36.0-41.9
    sum += rm;
    char value[16];
    std::snprintf(value, sizeof value, "%.1f", rm);
    d.readings.push_back({"测区" + std::to_string(area) + " 平均回弹值 Rm", value, ""});
  }
  char depth[16], strength[16];
  std::snprintf(depth, sizeof depth, "%.1f", 1.0 + next(15) / 10.0);
  std::snprintf(strength, sizeof strength, "%.1f", 0.9 * sum / 10.0 - 2.0);
  d.readings.push_back({"平均碳化深度 dm", depth, "mm"});
  d.readings.push_back({"混凝土强度推定值 fcu,e", strength, "MPa"});
  d.conclusion = "pass";
  d.note = "回弹法 JGJ/T 23-2011，设计强度 C30 / rebound method, design grade C30";
  return d;
}

// The lab's system at the site, through the use cases.
struct SiteCrew {
  onsite::OnsiteTests& onsite;
  service::BlobIntake& intake;
  service::Caller caller;
  domain::GeoPoint site;
  std::vector<std::int64_t> testers;  // the linked tester first
  std::int64_t witness = 0;
  std::int64_t hammer = 0;   // rebound hammer
  std::int64_t scanner = 0;  // rebar scanner
  Instant now{};

  Result<std::int64_t> batch(const char* no, const char* item, std::int64_t project) {
    auto made = finish(onsite.open_batch(kLab, {project, item, no}, caller));
    if (!made) {
      return std::move(made).error();
    }
    return made->record.id;
  }

  Result<storage::OnsiteTest> test(std::int64_t batch_id, const char* component,
                                   std::int64_t equipment, minutes started_ago,
                                   std::optional<minutes> finished_ago) {
    onsite::NewTest t;
    t.batch_id = batch_id;
    t.component_code = component;
    t.equipment_id = equipment;
    t.tester_ids = testers;
    t.witness_id = witness;
    t.started_at = now - started_ago;
    if (finished_ago) {
      t.finish = onsite::Finish{now - *finished_ago, "instrument"};
    }
    auto made = finish(onsite.start(kLab, std::move(t), caller));
    if (!made) {
      return std::move(made).error();
    }
    return std::move(made->record.test);
  }

  Status data(const storage::OnsiteTest& t) {
    LW_TRY(finish(onsite.upload_data(kLab, t.id, rebound_data(t.component_code), caller)));
    return {};
  }

  // A photo of the component taken `minutes_in` after the start at `where` (the scene of its
  // code; `shot` 0, 1, … are photos of it from a step aside).
  std::string take(const storage::OnsiteTest& t, int shot, minutes minutes_in,
                   domain::GeoPoint where) const {
    photos::samples::SitePhotoSpec spec;
    spec.scene_seed = fnv1a(t.component_code);
    spec.shot = shot;
    spec.width = 1600;
    spec.height = 1200;
    spec.date_time_original = exif_time(t.started_at + minutes_in);
    spec.gps = where;
    spec.label = t.component_code;
    return photos::samples::generate_site_photo(spec);
  }

  // Uploads `jpeg` as the lab's blob and adds it to the test, stamped at capture with the
  // record's tester, instrument and component, the time `minutes_in` and `where`.
  Status send(const storage::OnsiteTest& t, std::string jpeg, minutes minutes_in,
              domain::GeoPoint where) {
    StringSource body(std::move(jpeg));
    auto stored = finish(intake.receive(body, "image/jpeg", kLab, caller));
    if (!stored) {
      return std::move(stored).error();
    }
    onsite::Stamp stamp;
    stamp.captured_at = t.started_at + minutes_in;
    stamp.location = where;
    stamp.tester_id = t.tester_ids.front();
    stamp.equipment_id = t.equipment_id;
    stamp.component_code = t.component_code;
    stamp.device = kDevice;
    LW_TRY(finish(onsite.add_photo(kLab, t.id, {stored->record.sha256, stamp}, caller)));
    return {};
  }

  // Data and two genuine photos, 10 and 25 minutes into the test; the first photo's bytes.
  Result<std::string> complete(const storage::OnsiteTest& t) {
    LW_TRY(data(t));
    std::string first = take(t, 0, minutes(10), moved(site, 12, -8));
    LW_TRY(send(t, first, minutes(10), moved(site, 12, -8)));
    LW_TRY(send(t, take(t, 1, minutes(25), moved(site, 15, -4)), minutes(25), moved(site, 15, -4)));
    return first;
  }
};

std::string outage_pdf() {
  return "%PDF-1.4\n% labwatch demo: 国网长春供电公司停电通知 / power cut notice, 南关区人民大街"
         "\n%%EOF\n";
}

}  // namespace

Status Application::load_demo_onsite() {
  const auto began = std::chrono::steady_clock::now();
  const Instant now = clock_.now();
  SiteCrew crew{*onsite_, *blob_intake_, {}, {}, {}, 0, 0, 0, now};
  crew.caller.actor = std::string("demo-lims-") + kLab;
  crew.caller.role = "lab_system";
  std::int64_t project = 0;
  std::optional<identity::User> tester_account;
  {
    auto conn = db_->acquire();
    if (!conn) {
      return std::move(conn).error();
    }
    auto batches = (*conn)->query("SELECT 1 FROM onsite_batches");
    if (!batches) {
      return std::move(batches).error();
    }
    if (!batches->empty()) {
      return {};
    }
    auto account = identity::find_user_by_login(**conn, kTesterLogin);
    if (!account) {
      return std::move(account).error();
    }
    tester_account = std::move(*account);
    auto project_id = demo_project_id(**conn, kProject);
    if (!project_id) {
      return std::move(project_id).error();
    }
    if (!*project_id || !tester_account) {
      return {};  // the demo's projects or accounts are not there
    }
    project = **project_id;
    auto p = storage::find_project(**conn, domain::Scope::all(), project);
    if (!p) {
      return std::move(p).error();
    }
    crew.site = centre_of((*p)->site);
    // Every test runs within the last four hours: who may test, witness and be used then.
    const Instant earliest = now - hours(4);
    auto assignments = storage::list_assignments(**conn, project);
    if (!assignments) {
      return std::move(assignments).error();
    }
    for (const auto& a : *assignments) {
      // Assigned for good: the simulator goes on with the same witness.
      if (a.duty == domain::AssignmentDuty::witness && a.active_at(earliest) && !a.ends_at) {
        crew.witness = a.person_id;
      }
    }
    storage::PeopleFilter filter;
    filter.lab_code = kLab;
    filter.duty = domain::Duty::tester;
    auto people = storage::list_people(**conn, domain::Scope::all(), filter, {0, 500});
    if (!people) {
      return std::move(people).error();
    }
    std::int64_t lead = 0;
    for (const auto& row : people->items) {
      const auto& person = row.person;
      if (!labtests::may_test(person, earliest) || !labtests::may_test(person, now)) {
        continue;
      }
      if (person.has_duty(domain::Duty::technical_lead)) {
        lead = lead ? lead : person.id;
      } else if (crew.testers.empty()) {
        crew.testers.push_back(person.id);  // the capture page's tester
      }
    }
    if (lead) {
      crew.testers.push_back(lead);
    }
    storage::EquipmentFilter ef;
    ef.lab_code = kLab;
    ef.page = {0, 500};
    auto equipment = storage::list_equipment(**conn, domain::Scope::all(), ef, now);
    if (!equipment) {
      return std::move(equipment).error();
    }
    for (const auto& e : equipment->items) {
      if (!domain::equipment_usable_at(e, earliest)) {
        continue;
      }
      if (!crew.hammer && e.name.find("回弹仪") != std::string::npos) {
        crew.hammer = e.id;
      } else if (!crew.scanner && e.name.find("钢筋扫描仪") != std::string::npos) {
        crew.scanner = e.id;
      }
    }
    crew.scanner = crew.scanner ? crew.scanner : crew.hammer;
    if (!crew.witness || crew.testers.size() < 2 || !crew.hammer) {
      log::warn("demo_onsite_skipped", {{"witness", crew.witness},
                                        {"testers", crew.testers.size()},
                                        {"equipment", crew.hammer}});
      return {};
    }
  }
  // The capture page's account stands for the first tester.
  LW_TRY(write_now(*writer_, [&](storage::Connection& conn) -> Status {
    auto linked = storage::person_of_account(conn, tester_account->id);
    if (!linked) {
      return std::move(linked).error();
    }
    if (!*linked) {
      LW_TRY(storage::link_account_person(conn, tester_account->id, crew.testers.front(),
                                          "labwatch-demo", now));
    }
    return {};
  }));
  for (const auto& c : kComponents) {
    // As POST /api/v1/lab-api/projects/{id}/components: a lab's system, any project.
    LW_TRY(finish(onsite_->register_component(domain::Scope::all(),
                                              {project, c.code, c.name, c.part}, crew.caller)));
  }

  // 0101: on time.
  std::int64_t on_time = 0;
  LW_TRY_ASSIGN(on_time, crew.batch("JLJC-XC-2026-0101", "concrete_rebound", project));
  storage::OnsiteTest a1;
  LW_TRY_ASSIGN(a1, crew.test(on_time, "KZ-3F-A1", crew.hammer, minutes(100), minutes(60)));
  std::string a1_photo;
  LW_TRY_ASSIGN(a1_photo, crew.complete(a1));
  storage::OnsiteTest a2;
  LW_TRY_ASSIGN(a2, crew.test(on_time, "KZ-3F-A2", crew.hammer, minutes(75), minutes(40)));
  LW_TRY(crew.complete(a2));

  // 0102: finished 3 h ago, its data and a genuine photo arrive now: late, the batch locks.
  std::int64_t late = 0;
  LW_TRY_ASSIGN(late, crew.batch("JLJC-XC-2026-0102", "concrete_rebound", project));
  storage::OnsiteTest b1;
  LW_TRY_ASSIGN(b1, crew.test(late, "KZ-3F-B2", crew.hammer, minutes(230), minutes(180)));
  LW_TRY(crew.data(b1));
  LW_TRY(crew.send(b1, crew.take(b1, 0, minutes(20), crew.site), minutes(20), crew.site));

  // 0103: data on time, but of its photos one is 0101's resized, one edited, one off site.
  std::int64_t flagged = 0;
  LW_TRY_ASSIGN(flagged, crew.batch("JLJC-XC-2026-0103", "concrete_rebound", project));
  storage::OnsiteTest c1;
  LW_TRY_ASSIGN(c1, crew.test(flagged, "KZ-4F-B3", crew.hammer, minutes(120), minutes(80)));
  LW_TRY(crew.data(c1));
  LW_TRY(crew.send(c1, crew.take(c1, 0, minutes(8), crew.site), minutes(8), crew.site));
  const auto away = moved(crew.site, 3000, 0);
  LW_TRY(crew.send(c1, crew.take(c1, 1, minutes(15), away), minutes(15), away));
  // The forgeries last: re-encoded by software, they also differ from the tablet's earlier
  // JPEG tables (quantisation_changed), which would flag every later photo of the tablet too.
  LW_TRY(crew.send(c1, photos::samples::resize_jpeg(a1_photo, 0.5), minutes(22), crew.site));
  LW_TRY(crew.send(c1, photos::samples::edit_photo(crew.take(c1, 2, minutes(30), crew.site)),
                   minutes(30), crew.site));

  // 0104: a power cut at the site, filed in time; cleared 10 minutes ago, so the data are due
  // 2 hours after that; the regulator has not decided yet.
  std::int64_t fm_batch = 0;
  LW_TRY_ASSIGN(fm_batch, crew.batch("JLJC-XC-2026-0104", "rebar_cover", project));
  storage::OnsiteTest d1;
  LW_TRY_ASSIGN(d1, crew.test(fm_batch, "KL-4F-12", crew.scanner, minutes(130), minutes(90)));
  StringSource pdf(outage_pdf());
  auto evidence = finish(blob_intake_->receive(pdf, "application/pdf", kLab, crew.caller));
  if (!evidence) {
    return std::move(evidence).error();
  }
  auto filing = finish(onsite_->file_force_majeure(
      kLab, d1.id,
      {"现场突然停电，钢筋扫描仪数据无法导出上传 / power cut at the site, the scanner's data "
       "could not be exported",
       evidence->record.sha256},
      crew.caller));
  if (!filing) {
    return std::move(filing).error();
  }
  LW_TRY(finish(onsite_->report_cleared(kLab, filing->record.id, now - minutes(10), crew.caller)));

  // 0105: nothing uploaded; the scan finds it missed within a minute of the start.
  std::int64_t missed = 0;
  LW_TRY_ASSIGN(missed, crew.batch("JLJC-XC-2026-0105", "concrete_rebound", project));
  LW_TRY(crew.test(missed, "KZ-5F-C1", crew.hammer, minutes(190), minutes(150)));

  // 0106: running now, for the capture page.
  std::int64_t running = 0;
  LW_TRY_ASSIGN(running, crew.batch("JLJC-XC-2026-0106", "concrete_rebound", project));
  LW_TRY(crew.test(running, "KZ-5F-C2", crew.hammer, minutes(15), std::nullopt));

  const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                      std::chrono::steady_clock::now() - began)
                      .count();
  log::info("demo_loaded", {{"onsite_batches", 6}, {"onsite_tests", 7}, {"ms", ms}});
  return {};
}

}  // namespace lw::app
