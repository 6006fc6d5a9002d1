// The demo's specimen chain (issue 6; JJ-1.1 … JJ-1.6, JJ-4.1): on the first Jiujiang project
// the county station issues two label batches; the project's witness (account jj-witness)
// records three samplings with their placard photos and binds a label to each specimen; the
// witness commissions the Jiujiang centre, whose clerk receives most specimens, refuses one with
// a broken seal and one of their own judgement, and refuses a sample that came without a label
// (Jiujiang's date has passed). In Jilin a batch is issued and an unlabelled sample is received:
// its profile sets no such date. Everything goes through the use cases, so each step is checked,
// audited and in the ledger. Loaded once: nothing is added when any label batch exists.
#include <fstream>
#include <sstream>

#include "app/application.hpp"
#include "app/demo_support.hpp"
#include "core/byte_source.hpp"
#include "core/log.hpp"
#include "identity/lab_keys.hpp"
#include "identity/store.hpp"
#include "service/commit.hpp"
#include "specimens/chain.hpp"
#include "storage/projects.hpp"
#include "storage/specimens.hpp"

namespace lw::app {
namespace {

using specimens::Chain;

struct DemoSampling {
  const char* part;
  domain::Material material;
  std::optional<domain::ConcreteGroup> group;
  const char* grade;
  const char* quantity;
  int specimens;
  const char* seal;
  const char* placard;  // file in the demo assets
  int minutes_ago;      // when the phone captured it
};

const DemoSampling kSamplings[] = {
    {"3# 楼 5 层楼板", domain::Material::concrete, domain::ConcreteGroup::standard_cured, "C30",
     "86 m³", 3, "F-0012", "placard-1.jpg", 3 * 24 * 60},
    {"3# 楼 5 层梁柱钢筋", domain::Material::rebar, std::nullopt, "HRB400 Φ20", "12 t", 2, "F-0013",
     "placard-2.jpg", 2 * 24 * 60},
    {"3# 楼 6 层楼板", domain::Material::concrete, domain::ConcreteGroup::same_condition, "C35",
     "92 m³", 3, "F-0014", "placard-3.jpg", 26 * 60},
};

}  // namespace

Status Application::load_demo_specimens() {
  std::map<std::string, identity::Principal> who;
  std::int64_t jj_project = 0, jl_project = 0;
  std::int64_t jj_witness = 0, jj_sampler = 0, jl_witness = 0;
  {
    auto conn = db_->acquire();
    if (!conn) {
      return std::move(conn).error();
    }
    auto batches = (*conn)->query("SELECT 1 FROM label_batches");
    if (!batches) {
      return std::move(batches).error();
    }
    if (!batches->empty()) {
      return {};
    }
    auto accounts =
        demo_accounts(**conn, {"jj-station", "jl-station", "jj-witness", "lab-jj-01", "lab-jl-01"});
    if (!accounts) {
      return std::move(accounts).error();
    }
    if (!*accounts) {
      return {};  // the demo's accounts are not there
    }
    who = std::move(**accounts);
    const Instant now = clock_.now();
    for (auto [code, project, witness, sampler] :
         {std::tuple{kJjProject, &jj_project, &jj_witness, &jj_sampler},
          std::tuple{kJlProject, &jl_project, &jl_witness, static_cast<std::int64_t*>(nullptr)}}) {
      auto id = demo_project_id(**conn, code);
      if (!id) {
        return std::move(id).error();
      }
      if (!*id) {
        return {};
      }
      *project = **id;
      auto assignments = storage::list_assignments(**conn, *project);
      if (!assignments) {
        return std::move(assignments).error();
      }
      for (const auto& a : *assignments) {
        if (!a.active_at(now)) {
          continue;
        }
        if (a.duty == domain::AssignmentDuty::witness && !*witness) {
          *witness = a.person_id;
        } else if (a.duty == domain::AssignmentDuty::sampler && sampler && !*sampler) {
          *sampler = a.person_id;
        }
      }
    }
    if (!jj_witness || !jj_sampler || !jl_witness) {
      return {};
    }
  }
  const Instant now = clock_.now();
  // The witness account stands for the project's witness; both labs are connected.
  LW_TRY(write_now(*writer_, [&](storage::Connection& conn) -> Status {
    auto linked = storage::person_of_account(conn, who["jj-witness"].user_id);
    if (!linked) {
      return std::move(linked).error();
    }
    if (!*linked) {
      LW_TRY(storage::link_account_person(conn, who["jj-witness"].user_id, jj_witness,
                                          "labwatch-demo", now));
    }
    for (const char* lab : {kJjLab, kJlLab}) {
      auto keys = conn.query(
          "SELECT 1 FROM lab_api_keys WHERE lab_code = $1 AND (revoked_at IS NULL OR revoked_at > "
          "$2)",
          storage::params({std::string(lab), to_micros(now)}));
      if (!keys) {
        return std::move(keys).error();
      }
      if (keys->empty()) {
        auto issued = identity::issue_lab_key(conn, data_key_, lab, now);
        if (!issued) {
          return std::move(issued).error();
        }
      }
    }
    return {};
  }));
  Chain& chain = *specimens_;
  auto issue = [&](const char* station, std::int64_t project, int n, const char* requested_by) {
    return finish(chain.issue_batch(who[station], project, {n, requested_by, "演示批次 demo batch"},
                                    caller_of(who[station])));
  };
  auto jj_batch = issue("jj-station", jj_project, 24, "contractor");
  if (!jj_batch) {
    return std::move(jj_batch).error();
  }
  LW_TRY(issue("jj-station", jj_project, 12, "station"));
  LW_TRY(issue("jl-station", jl_project, 12, "station"));
  const auto& labels = jj_batch->record.labels;

  const identity::Principal& witness = who["jj-witness"];
  const service::Caller witness_caller = caller_of(witness);
  std::vector<std::int64_t> samplings;
  std::size_t next_label = 0;
  for (const auto& d : kSamplings) {
    auto photo = read_file(config_.demo_assets / d.placard);
    if (!photo) {
      log::warn("demo_placard_missing", {{"file", (config_.demo_assets / d.placard).string()}});
      return {};
    }
    StringSource body(std::move(*photo));
    auto stored = finish(blob_intake_->receive(body, "image/jpeg", "", witness_caller));
    if (!stored) {
      return std::move(stored).error();
    }
    specimens::NewSampling in;
    auto& g = in.group;
    g.project_id = jj_project;
    g.part = d.part;
    g.material = d.material;
    g.concrete_group = d.group;
    g.grade = d.grade;
    g.specimen_count = g.mould_count = d.specimens;
    g.maker = {domain::SpecimenParty::Kind::contractor, "施工单位试验员 王建"};
    g.curer = {domain::SpecimenParty::Kind::contractor, "施工现场标准养护室"};
    g.seal_number = d.seal;
    for (int i = 0; i < d.specimens; ++i) {
      g.labels.push_back(labels[next_label++].code);
    }
    in.quantity = d.quantity;
    in.sampler_id = jj_sampler;
    in.captured_at = now - std::chrono::minutes(d.minutes_ago);
    in.location = specimens::Location{29.6832 + 0.0001 * next_label, 116.0021, 8};
    in.placard_sha256 = stored->record.sha256;
    auto made = finish(chain.record_sampling(witness, std::move(in), witness_caller));
    if (!made) {
      return std::move(made).error();
    }
    samplings.push_back(made->record.sampling.id);
    LW_TRY(finish(
        chain.commission(witness, samplings.back(), kJjLab, "building_materials", witness_caller)));
  }
  // The Jiujiang centre's counter.
  const identity::Principal& clerk = who["lab-jj-01"];
  auto receive = [&](const std::string& label, bool seal_intact, const char* refusal,
                     std::optional<std::int64_t> unlabelled_project = std::nullopt) {
    specimens::NewReceipt r;
    r.label_code = label;
    if (unlabelled_project) {
      r.project_id = unlabelled_project;
      r.description = "C30 混凝土试块 3 块，未贴二维码 3 cubes without labels";
    }
    r.witness_id = unlabelled_project == jl_project ? jl_witness : jj_witness;
    r.seal_intact = seal_intact;
    r.condition_ok = true;
    r.refuse = refusal != nullptr;
    r.note = refusal ? refusal : "";
    const bool jilin = unlabelled_project == jl_project;
    const identity::Principal& by = jilin ? who["lab-jl-01"] : clerk;
    return finish(chain.receive({jilin ? kJlLab : kJjLab, by.login}, std::move(r), caller_of(by)));
  };
  for (std::size_t i = 0; i < 3; ++i) {
    LW_TRY(receive(labels[i].code, true, nullptr));  // the first group, all received
  }
  LW_TRY(receive(labels[3].code, true, nullptr));
  LW_TRY(receive(labels[4].code, false, nullptr));  // the seal of the second bar was broken
  LW_TRY(receive(labels[5].code, true, "试块缺角，不具代表性 a corner is broken off"));
  LW_TRY(receive("", true, nullptr, jj_project));  // no label after 2024-12-16: refused
  LW_TRY(receive("", true, nullptr, jl_project));  // Jilin sets no date: received
  log::info("demo_loaded", {{"label_batches", 3}, {"samplings", samplings.size()}});
  return {};
}

}  // namespace lw::app
