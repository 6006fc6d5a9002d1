// The demo's lab tests (issue 7): the Jiujiang centre has uploaded a contract on time and one
// late (a violation), and a test plan; the first project's witness has sampled more concrete
// and steel, commissioned the centre and its clerk has received them, so that specimens await
// testing. The testing-machine simulator (agent/lw-sim, started by scripts/run) tests them as
// a lab's system would: started, readings streamed, finished, reviewed — live on /tests/live.
// It signs with the demo labs' keys, written to <data>/demo-lab-keys.json (mode 0600) when
// that file is missing. Loaded once: nothing is added when any contract exists.
#include <sys/stat.h>

#include <boost/json.hpp>

#include "app/application.hpp"
#include "app/demo_support.hpp"
#include "core/byte_source.hpp"
#include "core/log.hpp"
#include "identity/lab_keys.hpp"
#include "identity/store.hpp"
#include "storage/projects.hpp"
#include "storage/specimens.hpp"

namespace lw::app {
namespace {

struct DemoGroup {
  const char* part;
  domain::Material material;
  std::optional<domain::ConcreteGroup> group;
  const char* grade;
  int specimens;
};

// What the simulator finds waiting at the Jiujiang centre.
const DemoGroup kGroups[] = {
    {"3# 楼 7 层楼板", domain::Material::concrete, domain::ConcreteGroup::standard_cured, "C30", 3},
    {"3# 楼 7 层梁", domain::Material::concrete, domain::ConcreteGroup::standard_cured, "C35", 3},
    {"3# 楼 8 层柱", domain::Material::concrete, domain::ConcreteGroup::standard_cured, "C40", 3},
    {"3# 楼 8 层楼板", domain::Material::concrete, domain::ConcreteGroup::same_condition, "C30", 3},
    {"3# 楼 9 层梁柱钢筋", domain::Material::rebar, std::nullopt, "HRB400E Φ20", 3},
    {"3# 楼 9 层楼板", domain::Material::concrete, domain::ConcreteGroup::standard_cured, "C30", 3},
    {"3# 楼 10 层墙", domain::Material::concrete, domain::ConcreteGroup::standard_cured, "C35", 3},
    {"3# 楼 10 层板筋", domain::Material::rebar, std::nullopt, "HRB400E Φ12", 3},
};

std::string demo_contract_pdf(const std::string& no) {
  return "%PDF-1.4\n% labwatch demo contract " + no + "\n%%EOF\n";
}

}  // namespace

Status Application::write_demo_lab_keys() {
  const auto path = config_.data_dir / "demo-lab-keys.json";
  if (std::filesystem::exists(path)) {
    return {};
  }
  boost::json::array keys;
  LW_TRY(write_now(*writer_, [&](storage::Connection& conn) -> Status {
    keys.clear();
    for (const char* lab : {kJjLab, kJlLab}) {
      auto issued = identity::issue_lab_key(conn, data_key_, lab, clock_.now());
      if (!issued) {
        return std::move(issued).error();
      }
      keys.push_back(
          {{"lab_code", lab}, {"key_id", issued->key_id}, {"secret", issued->secret_hex}});
    }
    return {};
  }));
  std::ofstream out(path, std::ios::trunc);
  out << boost::json::serialize(keys) << "\n";
  out.close();
  ::chmod(path.c_str(), 0600);
  if (!out) {
    return Error(std::string(errc::internal), "cannot write " + path.string());
  }
  log::info("demo_lab_keys_written", {{"file", path.string()}});
  return {};
}

Status Application::load_demo_lab_tests() {
  std::map<std::string, identity::Principal> who;
  std::int64_t project = 0, witness = 0, sampler = 0;
  const Instant now = clock_.now();
  {
    auto conn = db_->acquire();
    if (!conn) {
      return std::move(conn).error();
    }
    auto contracts = (*conn)->query("SELECT 1 FROM test_contracts");
    if (!contracts) {
      return std::move(contracts).error();
    }
    if (!contracts->empty()) {
      return {};
    }
    auto accounts = demo_accounts(**conn, {"jj-witness", "lab-jj-01"});
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
    auto linked = storage::person_of_account(**conn, who["jj-witness"].user_id);
    if (!linked) {
      return std::move(linked).error();
    }
    auto assignments = storage::list_assignments(**conn, project);
    if (!assignments) {
      return std::move(assignments).error();
    }
    for (const auto& a : *assignments) {
      if (a.active_at(now) && a.duty == domain::AssignmentDuty::sampler && !sampler) {
        sampler = a.person_id;
      }
    }
    witness = linked->value_or(0);
    if (!witness || !sampler) {
      return {};
    }
  }
  const labtests::SendingLab lab{kJjLab};
  service::Caller lab_caller;
  lab_caller.actor = "labwatch-demo";
  lab_caller.role = "lab_system";
  // Contracts: one uploaded two days after signing, one a month after (late); a plan.
  for (auto [no, days] : {std::pair{"JJJC-HT-2026-0318", 2}, std::pair{"JJJC-HT-2026-0291", 30}}) {
    StringSource pdf(demo_contract_pdf(no));
    auto stored = finish(blob_intake_->receive(pdf, "application/pdf", kJjLab, lab_caller));
    if (!stored) {
      return std::move(stored).error();
    }
    labtests::NewContract c;
    c.contract_no = no;
    c.project_id = project;
    c.client = "九江市濂溪区城市建设投资有限公司";
    c.items = {"concrete_compression", "rebar_tension"};
    c.signed_on = domain::shanghai_date(now - std::chrono::days(days));
    c.amount_yuan = "38600.00";
    c.document_sha256 = stored->record.sha256;
    LW_TRY(finish(lab_tests_->upload_contract(lab, std::move(c), lab_caller)));
  }
  labtests::NewPlan plan;
  plan.project_id = project;
  plan.items = {"concrete_compression", "rebar_tension"};
  plan.planned_start = domain::shanghai_date(now);
  plan.planned_end = domain::shanghai_date(now + std::chrono::days(180));
  plan.note = "主体结构 7-10 层混凝土试块及钢筋检测 demo plan";
  LW_TRY(finish(lab_tests_->upload_plan(lab, std::move(plan), lab_caller)));

  // Specimens for the simulator: sampled, commissioned and received.
  specimens::Chain& chain = *specimens_;
  const identity::Principal& w = who["jj-witness"];
  const service::Caller witness_caller = caller_of(w);
  int total = 0;
  for (const auto& g : kGroups) {
    total += g.specimens;
  }
  auto station = identity::Principal{};
  {
    auto conn = db_->acquire();
    if (!conn) {
      return std::move(conn).error();
    }
    auto u = identity::find_user_by_login(**conn, "jj-station");
    if (!u || !*u) {
      return {};
    }
    station = principal(**u);
  }
  auto batch = finish(chain.issue_batch(
      station, project, {total, "contractor", "演示批次 demo batch"}, caller_of(station)));
  if (!batch) {
    return std::move(batch).error();
  }
  const auto& labels = batch->record.labels;
  auto photo = read_file(config_.demo_assets / "placard-1.jpg");
  if (!photo) {
    return {};
  }
  StringSource body(std::move(*photo));
  auto placard = finish(blob_intake_->receive(body, "image/jpeg", "", witness_caller));
  if (!placard) {
    return std::move(placard).error();
  }
  const identity::Principal& clerk = who["lab-jj-01"];
  std::size_t next = 0;
  for (const auto& g : kGroups) {
    specimens::NewSampling in;
    in.group.project_id = project;
    in.group.part = g.part;
    in.group.material = g.material;
    in.group.concrete_group = g.group;
    in.group.grade = g.grade;
    in.group.specimen_count = in.group.mould_count = g.specimens;
    in.group.maker = {domain::SpecimenParty::Kind::contractor, "施工单位试验员 王建"};
    in.group.curer = {domain::SpecimenParty::Kind::contractor, "施工现场标准养护室"};
    in.group.seal_number = "F-" + std::to_string(100 + next);
    for (int i = 0; i < g.specimens; ++i) {
      in.group.labels.push_back(labels[next++].code);
    }
    in.quantity = g.material == domain::Material::concrete ? "60 m³" : "8 t";
    in.sampler_id = sampler;
    in.captured_at = now - std::chrono::hours(30);
    in.location = specimens::Location{29.6832, 116.0021, 8};
    in.placard_sha256 = placard->record.sha256;
    auto made = finish(chain.record_sampling(w, std::move(in), witness_caller));
    if (!made) {
      return std::move(made).error();
    }
    LW_TRY(finish(chain.commission(w, made->record.sampling.id, kJjLab, "building_materials",
                                   witness_caller)));
    for (const auto& s : made->record.specimens) {
      specimens::NewReceipt r;
      r.label_code = s.code;
      r.witness_id = witness;
      r.seal_intact = r.condition_ok = true;
      LW_TRY(finish(chain.receive({kJjLab, clerk.login}, std::move(r), caller_of(clerk))));
    }
  }
  log::info("demo_loaded", {{"test_contracts", 2}, {"specimens_awaiting_test", total}});
  return {};
}

}  // namespace lw::app
