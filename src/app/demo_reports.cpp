// The demo's reports (issue 9): the Jiujiang centre 360402-0001 tests four groups of concrete
// cubes of 滨湖花园二期 (360402-2026-0001) — sampled and witnessed, received, tested with the
// machine's curves, reviewed by a second tester — and issues a report of each through the
// platform, each with its own story on the public verification page:
//   1  valid, pass   — the banner names its number and /v/ address;
//   2  valid, fail   — a C35 group below its grade (conclusion fail);
//   3  revoked       — revoked by the regulator jj-regulator, with the reason;
//   4  superseded    — a misprinted part, corrected by report 5 (valid) naming it.
// When the Jilin institute's on-site batch JLJC-XC-2026-0101 (demo_onsite.cpp) is complete and
// unlocked, its rebound report is issued too. Each report's PDF is a one-page Chinese report
// drawn for the demo (demo_report_pdf.hpp), uploaded as the lab's system would, and the QR
// points at config public_url, else at the address the server listens on. Loaded once:
// nothing is added when any report exists.
#include <algorithm>
#include <cmath>
#include <cstdio>

#include <boost/json.hpp>

#include "app/application.hpp"
#include "app/demo_report_pdf.hpp"
#include "app/demo_support.hpp"
#include "core/byte_source.hpp"
#include "core/log.hpp"
#include "domain/curve_samples.hpp"
#include "identity/store.hpp"
#include "labtests/lab_checks.hpp"
#include "storage/equipment.hpp"
#include "storage/labs.hpp"
#include "storage/onsite.hpp"
#include "storage/organisations.hpp"
#include "storage/people.hpp"
#include "storage/projects.hpp"

namespace lw::app {
namespace {

constexpr char kJlBatch[] = "JLJC-XC-2026-0101";
constexpr char kRegulator[] = "jj-regulator";
constexpr char kTitle[] = "混凝土立方体抗压强度检测报告";
constexpr char kStandard[] = "GB/T 50081-2019";

// A group of three 150 mm cubes the centre tests; `strength` is the group's target in MPa.
struct DemoCubes {
  const char* part;
  const char* printed_part;  // as the report prints it (report 4's misprint)
  const char* grade;
  int fcu_k;
  double strength;
};
const DemoCubes kCubes[] = {
    {"2# 楼 3 层楼板", "2# 楼 3 层楼板", "C30", 30, 38.6},
    {"2# 楼 4 层柱", "2# 楼 4 层柱", "C35", 35, 30.9},
    {"2# 楼 4 层梁", "2# 楼 4 层梁", "C30", 30, 36.2},
    {"2# 楼 5 层楼板", "2# 楼 6 层楼板", "C30", 30, 35.4},
};
constexpr char kRevocation[] =
    "抽查发现试块养护记录与送检记录不一致，报告撤销待查 / the curing record of the specimens "
    "disagrees with the commission; revoked pending investigation";
constexpr char kCorrection[] =
    "工程部位笔误（6 层应为 5 层），更正后重新签发 / part misprinted (floor 6 for floor 5), "
    "corrected and issued again";

std::string fixed(double v, int decimals) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
  return buf;
}

double round1(double v) {
  return std::round(v * 10) / 10;
}

// The people and the machine of a lab that a report names.
struct Crew {
  std::int64_t tester = 0, reviewer = 0, approver = 0;
  std::string tester_name, reviewer_name, approver_name;
};

// Two certified testers (not the lead) and the lead who approves (技术负责人, also quality lead).
Result<Crew> crew_of(storage::Connection& conn, const std::string& lab, Instant now) {
  storage::PeopleFilter filter;
  filter.lab_code = lab;
  auto people = storage::list_people(conn, domain::Scope::all(), filter, {0, 500});
  if (!people) {
    return std::move(people).error();
  }
  Crew c;
  for (const auto& row : people->items) {
    const auto& p = row.person;
    if (p.has_duty(domain::Duty::technical_lead) && p.has_duty(domain::Duty::quality_lead)) {
      if (!c.approver) {
        c.approver = p.id;
        c.approver_name = p.name;
      }
    } else if (p.has_duty(domain::Duty::tester) && labtests::may_test(p, now)) {
      if (!c.tester) {
        c.tester = p.id;
        c.tester_name = p.name;
      } else if (!c.reviewer) {
        c.reviewer = p.id;
        c.reviewer_name = p.name;
      }
    }
  }
  return c;
}

// A realistic load curve for a cube of `fcu_k` breaking near `strength` MPa, and the figures
// the lab reports for it.
domain::SpecimenData cube(const std::string& label, int fcu_k, double strength,
                          std::uint64_t seed) {
  auto params = domain::samples::draw_concrete(seed, fcu_k);
  params.peak_kn = strength * 22.5;  // a 150 mm face: 22 500 mm²
  const auto curve = domain::samples::concrete_curve(params, seed ^ 0x9E3779B97F4A7C15ULL);
  double peak = 0;
  for (double f : curve.force_kn) {
    peak = std::max(peak, f);
  }
  domain::SpecimenData s;
  s.label_code = label;
  s.length_mm = s.width_mm = s.height_mm = 150;
  s.peak_load_kn = round1(peak);
  s.curve = curve;
  return s;
}

}  // namespace

Status Application::load_demo_reports() {
  const Instant now = clock_.now();
  const domain::Date today = domain::shanghai_date(now);
  std::map<std::string, identity::Principal> who;
  std::int64_t project = 0, witness = 0, sampler = 0, machine = 0;
  std::string machine_name, lab_name, lab_address, project_name, client_name, witness_name;
  Crew crew;
  {
    auto conn = db_->acquire();
    if (!conn) {
      return std::move(conn).error();
    }
    auto reports = (*conn)->query("SELECT 1 FROM reports");
    if (!reports) {
      return std::move(reports).error();
    }
    if (!reports->empty()) {
      return remember_demo_report();
    }
    auto accounts = demo_accounts(**conn, {"jj-witness", "lab-jj-01", "jj-station", kRegulator});
    if (!accounts) {
      return std::move(accounts).error();
    }
    auto project_id = demo_project_id(**conn, kJjProject);
    if (!project_id) {
      return std::move(project_id).error();
    }
    if (!*accounts || !*project_id) {
      return {};
    }
    who = std::move(**accounts);
    project = **project_id;
    auto p = storage::find_project(**conn, domain::Scope::all(), project);
    if (!p) {
      return std::move(p).error();
    }
    project_name = (*p)->name;
    auto client = storage::find_organisation(**conn, domain::Scope::all(), (*p)->client_id);
    if (client && *client) {
      client_name = (*client)->name;
    }
    auto lab = storage::find_lab(**conn, domain::Scope::all(), kJjLab);
    if (!lab) {
      return std::move(lab).error();
    }
    if (!*lab) {
      return {};
    }
    lab_name = (*lab)->name;
    lab_address = (*lab)->address;
    auto linked = storage::person_of_account(**conn, who["jj-witness"].user_id);
    if (!linked) {
      return std::move(linked).error();
    }
    witness = linked->value_or(0);
    auto assignments = storage::list_assignments(**conn, project);
    if (!assignments) {
      return std::move(assignments).error();
    }
    for (const auto& a : *assignments) {
      if (a.active_at(now) && a.duty == domain::AssignmentDuty::sampler && !sampler) {
        sampler = a.person_id;
      }
    }
    if (witness) {
      auto w = storage::find_person(**conn, domain::Scope::all(), witness);
      if (w && *w) {
        witness_name = (*w)->person.name;
      }
    }
    LW_TRY_ASSIGN(crew, crew_of(**conn, kJjLab, now));
    storage::EquipmentFilter ef;
    ef.lab_code = kJjLab;
    ef.page = {0, 500};
    auto equipment = storage::list_equipment(**conn, domain::Scope::all(), ef, now);
    if (!equipment) {
      return std::move(equipment).error();
    }
    for (const auto& e : equipment->items) {
      // The 2000 kN press: the cubes' loads are between 20 % and 80 % of its range.
      if (!machine && e.model == "YAW-2000" && domain::equipment_usable_at(e, now)) {
        machine = e.id;
        machine_name = e.name + " " + e.model;
      }
    }
    if (!witness || !sampler || !machine || !crew.reviewer || !crew.approver) {
      log::warn("demo_reports_skipped", {{"witness", witness},
                                         {"sampler", sampler},
                                         {"machine", machine},
                                         {"reviewer", crew.reviewer},
                                         {"approver", crew.approver}});
      return {};
    }
  }
  service::Caller lims;
  lims.actor = std::string("demo-lims-") + kJjLab;
  lims.role = "lab_system";
  // The QR's base: the configured public URL, else where this machine reaches the server.
  const std::string& address = config_.server.address;
  const std::string host = address == "0.0.0.0" || address == "::" ? "127.0.0.1" : address;
  const std::string base = config_.public_url.empty()
                               ? "http://" + host + ":" + std::to_string(config_.server.port)
                               : config_.public_url;

  // The specimens: labels from the station, sampled under witness, commissioned, received.
  const identity::Principal& w = who["jj-witness"];
  const identity::Principal& station = who["jj-station"];
  const identity::Principal& clerk = who["lab-jj-01"];
  auto batch = finish(specimens_->issue_batch(
      station, project,
      {static_cast<int>(std::size(kCubes)) * 3, "contractor", "演示报告试块 demo reports"},
      caller_of(station)));
  if (!batch) {
    return std::move(batch).error();
  }
  auto photo = read_file(config_.demo_assets / "placard-1.jpg");
  if (!photo) {
    return {};
  }
  StringSource placard_body(std::move(*photo));
  auto placard = finish(blob_intake_->receive(placard_body, "image/jpeg", "", caller_of(w)));
  if (!placard) {
    return std::move(placard).error();
  }
  struct Tested {
    std::int64_t id = 0;
    std::vector<domain::SpecimenData> specimens;
    double group = 0;
  };
  std::vector<Tested> tested;
  std::size_t next = 0;
  for (const auto& g : kCubes) {
    specimens::NewSampling in;
    in.group.project_id = project;
    in.group.part = g.part;
    in.group.material = domain::Material::concrete;
    in.group.concrete_group = domain::ConcreteGroup::standard_cured;
    in.group.grade = g.grade;
    in.group.specimen_count = in.group.mould_count = 3;
    in.group.maker = {domain::SpecimenParty::Kind::contractor, "施工单位试验员 王建"};
    in.group.curer = {domain::SpecimenParty::Kind::contractor, "施工现场标准养护室"};
    in.group.seal_number = "F-" + std::to_string(200 + next);
    for (int i = 0; i < 3; ++i) {
      in.group.labels.push_back(batch->record.labels[next++].code);
    }
    in.quantity = "45 m³";
    in.sampler_id = sampler;
    in.captured_at = now - std::chrono::hours(3);
    in.location = specimens::Location{29.6832, 116.0021, 8};
    in.placard_sha256 = placard->record.sha256;
    auto made = finish(specimens_->record_sampling(w, std::move(in), caller_of(w)));
    if (!made) {
      return std::move(made).error();
    }
    LW_TRY(finish(specimens_->commission(w, made->record.sampling.id, kJjLab, "building_materials",
                                         caller_of(w))));
    Tested t;
    for (const auto& s : made->record.specimens) {
      specimens::NewReceipt r;
      r.label_code = s.code;
      r.witness_id = witness;
      r.seal_intact = r.condition_ok = true;
      LW_TRY(finish(specimens_->receive({kJjLab, clerk.login}, std::move(r), caller_of(clerk))));
      // The three cubes scatter a little around the group's strength.
      const double spread[] = {-0.9, 0.4, 0.6};
      const auto k = t.specimens.size();
      t.specimens.push_back(
          cube(s.code, g.fcu_k, g.strength + spread[k], 0x5EED0000ULL + next * 7 + k));
    }
    // The figures as the lab's system computes them, rounded as the standard prints them.
    domain::TestData data;
    data.item = domain::TestItem::concrete_compression;
    data.grade = g.grade;
    data.specimens = t.specimens;
    const auto eval = domain::evaluate_test(data);
    for (std::size_t i = 0; i < t.specimens.size(); ++i) {
      t.specimens[i].strength_mpa = round1(eval.specimens[i].strength_mpa.value_or(0));
    }
    t.group = round1(eval.group_strength_mpa.value_or(0));
    labtests::NewTest test;
    test.item = "concrete_compression";
    test.standard = kStandard;
    test.grade = g.grade;
    for (const auto& s : t.specimens) {
      test.label_codes.push_back(s.label_code);
    }
    test.equipment_id = machine;
    test.tester_id = crew.tester;
    labtests::Results results;
    results.data.specimens = t.specimens;
    results.data.group_strength_mpa = t.group;
    results.data.conclusion =
        t.group >= g.fcu_k ? domain::Conclusion::pass : domain::Conclusion::fail;
    test.results = std::move(results);
    auto started = finish(lab_tests_->start({kJjLab}, std::move(test), lims));
    if (!started) {
      return std::move(started).error();
    }
    t.id = started->record.test.id;
    LW_TRY(finish(
        lab_tests_->review({kJjLab}, t.id, {crew.reviewer, true, "复核无误 checked"}, lims)));
    tested.push_back(std::move(t));
  }

  // The reports: the PDF uploaded by the lab's system, then issued.
  const auto issue = [&](std::size_t k, const std::string& supersedes,
                         const std::string& reason) -> Result<storage::Report> {
    const DemoCubes& g = kCubes[k];
    const Tested& t = tested[k];
    const bool pass = t.group >= g.fcu_k;
    DemoReportDoc doc;
    doc.lab_name = lab_name;
    doc.lab_address = lab_address;
    doc.title = kTitle;
    doc.title_en = "Compressive strength of concrete cubes";
    const std::string day = domain::format_date(today);
    doc.facts = {{"委托单位 Client", client_name},
                 {"工程名称 Project", project_name},
                 {"工程部位 Part", supersedes.empty() ? g.printed_part : g.part},
                 {"样品名称 Specimens", "混凝土标准养护试块 150 mm × 3"},
                 {"强度等级 Grade", g.grade},
                 {"见证人 Witness", witness_name},
                 {"检测依据 Method", kStandard},
                 {"评定依据 Criteria", "GB/T 50107-2010，设计要求"},
                 {"检测设备 Machine", machine_name},
                 {"检测日期 Tested on", day},
                 {"样品状态 Condition", "试块完整，封样完好"},
                 {"收样日期 Received", day}};
    doc.columns = {"试件标识 Label", "尺寸 Size mm",   "破坏荷载 Load kN",
                   "抗压强度 f MPa", "强度代表值 MPa", "达到设计强度 %"};
    for (std::size_t i = 0; i < t.specimens.size(); ++i) {
      const auto& s = t.specimens[i];
      doc.rows.push_back({s.label_code, "150×150×150", fixed(*s.peak_load_kn, 1),
                          fixed(*s.strength_mpa, 1), i == 1 ? fixed(t.group, 1) : "",
                          i == 1 ? fixed(100 * t.group / g.fcu_k, 0) : ""});
    }
    doc.conclusion = "该组混凝土试块抗压强度代表值为 " + fixed(t.group, 1) +
                     " MPa，达到设计强度等级 " + g.grade + " 的 " +
                     fixed(100 * t.group / g.fcu_k, 0) + "%，" +
                     (pass ? "符合设计要求。" : "不符合设计要求。") + "\nGroup strength " +
                     fixed(t.group, 1) + " MPa, " + fixed(100 * t.group / g.fcu_k, 0) +
                     " % of grade " + g.grade + ": " + (pass ? "conforms." : "does not conform.");
    doc.remark = supersedes.empty()
                     ? "见证取样送检，标准养护 28 d / witnessed sampling, standard curing 28 d"
                     : "本报告更正并替代报告 " + supersedes +
                           "，原报告作废 / corrects and "
                           "replaces report " +
                           supersedes;
    doc.tester = crew.tester_name;
    doc.reviewer = crew.reviewer_name;
    doc.approver = crew.approver_name;
    doc.issued_on = day;
    auto pdf = demo_report_pdf(doc);
    if (!pdf) {
      return std::move(pdf).error();
    }
    StringSource body(std::move(*pdf));
    auto stored = finish(blob_intake_->receive(body, "application/pdf", kJjLab, lims));
    if (!stored) {
      return std::move(stored).error();
    }
    reports::NewReport r;
    r.kind = "lab";
    r.project_id = project;
    r.title = kTitle;
    r.tests = {t.id};
    domain::PrintedResults printed;
    printed.test_id = t.id;
    for (const auto& s : t.specimens) {
      printed.specimens.push_back({s.label_code, s.strength_mpa, std::nullopt, std::nullopt});
    }
    printed.group_strength_mpa = t.group;
    printed.conclusion = pass ? domain::Conclusion::pass : domain::Conclusion::fail;
    r.results = {printed};
    r.equipment = {machine};
    r.conclusion = pass ? domain::ReportConclusion::pass : domain::ReportConclusion::fail;
    r.tester_id = crew.tester;
    r.reviewer_id = crew.reviewer;
    r.approver_id = crew.approver;
    r.tested_from = r.tested_to = today;
    r.pdf_sha256 = stored->record.sha256;
    r.supersedes = supersedes;
    r.reason = reason;
    auto issued = finish(reports_->issue(kJjLab, std::move(r), lims, base));
    if (!issued) {
      return std::move(issued).error();
    }
    return std::move(issued->record.report);
  };
  storage::Report first, revoked, corrected;
  LW_TRY_ASSIGN(first, issue(0, "", ""));
  LW_TRY(issue(1, "", ""));
  LW_TRY_ASSIGN(revoked, issue(2, "", ""));
  LW_TRY_ASSIGN(corrected, issue(3, "", ""));
  LW_TRY(issue(3, corrected.number, kCorrection));
  const identity::Principal& regulator = who[kRegulator];
  LW_TRY(finish(reports_->revoke(identity::data_scope(regulator), revoked.id,
                                 {kRevocation, std::nullopt}, false, caller_of(regulator))));
  LW_TRY(load_demo_onsite_report(base));
  log::info("demo_loaded", {{"reports", 5}, {"first_report", first.number}});
  return remember_demo_report();
}

// The Jilin institute's on-site batch 0101, when it is complete and unlocked.
Status Application::load_demo_onsite_report(const std::string& base) {
  const Instant now = clock_.now();
  const auto lab_scope = domain::Scope::of_lab(kJlLab);
  std::vector<storage::OnsiteTest> tests;
  std::optional<storage::OnsiteBatch> batch;
  std::string lab_name, lab_address, project_name, client_name;
  Crew crew;
  {
    auto conn = db_->acquire();
    if (!conn) {
      return std::move(conn).error();
    }
    auto rows =
        (*conn)->query("SELECT id FROM onsite_batches WHERE lab_code = $1 AND batch_no = $2",
                       storage::params({std::string(kJlLab), std::string(kJlBatch)}));
    if (!rows) {
      return std::move(rows).error();
    }
    if (rows->empty()) {
      return {};
    }
    auto found = storage::find_batch(**conn, lab_scope, rows->front().int64(0));
    if (!found) {
      return std::move(found).error();
    }
    if (!*found || (*found)->lock) {
      return {};
    }
    batch = std::move(**found);
    storage::OnsiteTestFilter filter;
    filter.batch_id = batch->id;
    auto listed = storage::list_onsite_tests(**conn, lab_scope, filter, {0, 50});
    if (!listed) {
      return std::move(listed).error();
    }
    tests = std::move(listed->items);
    std::sort(tests.begin(), tests.end(),
              [](const auto& a, const auto& b) { return a.started_at < b.started_at; });
    for (const auto& t : tests) {
      if (t.upload_status != "on_time" || !t.finished_at) {
        return {};
      }
    }
    auto lab = storage::find_lab(**conn, domain::Scope::all(), kJlLab);
    auto p = storage::find_project(**conn, domain::Scope::all(), batch->project_id);
    if (!lab || !*lab || !p || !*p || tests.empty()) {
      return {};
    }
    lab_name = (*lab)->name;
    lab_address = (*lab)->address;
    project_name = (*p)->name;
    auto client = storage::find_organisation(**conn, domain::Scope::all(), (*p)->client_id);
    if (client && *client) {
      client_name = (*client)->name;
    }
    LW_TRY_ASSIGN(crew, crew_of(**conn, kJlLab, now));
    if (!crew.approver || !crew.reviewer) {
      return {};
    }
  }
  Instant from = tests.front().started_at, to = *tests.front().finished_at;
  std::vector<std::int64_t> equipment;
  DemoReportDoc doc;
  doc.lab_name = lab_name;
  doc.lab_address = lab_address;
  doc.title = "混凝土抗压强度（回弹法）现场检测报告";
  doc.title_en = "Concrete strength on site, rebound method";
  doc.columns = {"构件 Component", "检测时间 Tested", "平均碳化深度 mm",
                 "强度推定值 MPa", "设计等级",        "结论 Result"};
  for (const auto& t : tests) {
    from = std::min(from, t.started_at);
    to = std::max(to, *t.finished_at);
    if (std::find(equipment.begin(), equipment.end(), t.equipment_id) == equipment.end()) {
      equipment.push_back(t.equipment_id);
    }
    std::string depth = "-", strength = "-";
    auto view = onsite_->get_test(lab_scope, t.id);
    if (view) {
      if (const auto* readings = view->data.if_contains("readings");
          readings && readings->is_array()) {
        for (const auto& r : readings->as_array()) {
          const auto& o = r.as_object();
          const std::string name(o.at("name").as_string());
          if (name.find("碳化深度") != std::string::npos) {
            depth = o.at("value").as_string();
          } else if (name.find("推定值") != std::string::npos) {
            strength = o.at("value").as_string();
          }
        }
      }
    }
    std::string started = format_shanghai(t.started_at).substr(0, 16);
    started[10] = ' ';
    doc.rows.push_back({t.component_code, started, depth, strength, "C30", "符合 pass"});
  }
  const std::string day_from = domain::format_date(domain::shanghai_date(from));
  const std::string day_to = domain::format_date(domain::shanghai_date(to));
  doc.facts = {{"委托单位 Client", client_name},
               {"工程名称 Project", project_name},
               {"检测批次 Batch", batch->batch_no},
               {"检测项目 Item", "混凝土抗压强度（回弹法）"},
               {"检测依据 Method", "JGJ/T 23-2011"},
               {"设计等级 Grade", "C30"},
               {"检测日期 Tested on", day_from == day_to ? day_from : day_from + " ~ " + day_to},
               {"检测构件 Components", std::to_string(tests.size()) + " 件"}};
  doc.conclusion =
      "所检构件混凝土抗压强度推定值均不低于设计强度等级 C30，符合设计要求。\nThe estimated "
      "strength of every component tested reaches grade C30: conforms.";
  doc.remark =
      "回弹值及碳化深度原始记录、现场照片已实时上传监管平台 / raw readings and site "
      "photos uploaded to the platform as taken";
  doc.tester = crew.tester_name;
  doc.reviewer = crew.reviewer_name;
  doc.approver = crew.approver_name;
  doc.issued_on = domain::format_date(domain::shanghai_date(now));
  auto pdf = demo_report_pdf(doc);
  if (!pdf) {
    return std::move(pdf).error();
  }
  service::Caller lims;
  lims.actor = std::string("demo-lims-") + kJlLab;
  lims.role = "lab_system";
  StringSource body(std::move(*pdf));
  auto stored = finish(blob_intake_->receive(body, "application/pdf", kJlLab, lims));
  if (!stored) {
    return std::move(stored).error();
  }
  reports::NewReport r;
  r.kind = "onsite";
  r.project_id = batch->project_id;
  r.title = doc.title;
  r.onsite_batch_id = batch->id;
  r.equipment = equipment;
  r.conclusion = domain::ReportConclusion::pass;
  r.tester_id = tests.front().tester_ids.front();
  r.reviewer_id = crew.reviewer != r.tester_id ? crew.reviewer : crew.tester;
  r.approver_id = crew.approver;
  r.tested_from = domain::shanghai_date(from);
  r.tested_to = domain::shanghai_date(to);
  r.pdf_sha256 = stored->record.sha256;
  auto issued = finish(reports_->issue(kJlLab, std::move(r), lims, base));
  if (!issued) {
    // The demo goes on without it (e.g. a tester's certificate lapsed since the batch).
    log::warn("demo_onsite_report_refused",
              {{"code", issued.error().code}, {"note", issued.error().note}});
  }
  return {};
}

// The banner's report: the Jiujiang centre's first valid report that passed.
Status Application::remember_demo_report() {
  auto conn = db_->acquire();
  if (!conn) {
    return std::move(conn).error();
  }
  auto rows = (*conn)->query(
      "SELECT number, seal FROM reports WHERE lab_code = $1 AND status = 'valid' AND conclusion"
      " = 'pass' ORDER BY id LIMIT 1",
      storage::params({std::string(kJjLab)}));
  if (!rows) {
    return std::move(rows).error();
  }
  if (!rows->empty()) {
    demo_report_ = {rows->front().text(0), rows->front().text(1)};
  }
  return {};
}

}  // namespace lw::app
