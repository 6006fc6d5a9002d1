// The demo's projects (issue 5 item 6; JJ-4.2, JJ-4.3, JL-2.2): about thirty construction projects
// in the counties of Jiujiang and across Jilin, each with a site inside its town, parties from
// the demo organisations and two witnesses and a sampler from the demo people who may be
// assigned. In each jurisdiction one witness replacement was reported on time and one late (with
// its violation). They go through the projects use case, as the county station (濂溪区, 南关区) or
// the city / province regulator would enter them: checked, audited and in the ledger. A project
// whose code is registered already is skipped, so every start leaves the data as it is.
#include <map>
#include <set>

#include "app/application.hpp"
#include "core/log.hpp"
#include "registry/people.hpp"
#include "service/commit.hpp"

namespace lw::app {
namespace {

using domain::Date;
using domain::OrganisationKind;

struct DemoProject {
  const char* region_code;
  const char* name;
  const char* address;
  double lat, lng;  // the site's centre (WGS-84)
  int radius_m;     // 0: a small polygon around the centre instead
};

// Jiujiang 九江市 (3604xx): the Jiujiang notice; Jilin 吉林省 (22xxxx): the Jilin notice.
constexpr DemoProject kProjects[] = {
    {"360402", "濂溪区滨湖花园二期 3# 楼", "九江市濂溪区十里大道 88 号", 29.6832, 116.0021, 150},
    {"360402", "濂溪区八里湖新区学校综合楼", "九江市濂溪区八里湖大道 120 号", 29.6951, 115.9534, 0},
    {"360402", "濂溪区莲花镇安置房 A 区", "九江市濂溪区莲花大道 300 号", 29.6407, 116.0298, 200},
    {"360402", "濂溪区人民医院门诊楼扩建", "九江市濂溪区濂溪大道 15 号", 29.6615, 116.0102, 120},
    {"360402", "濂溪区城南污水处理厂提标改造", "九江市濂溪区新港镇滨江路 8 号", 29.6518, 116.0645,
     0},
    {"360403", "浔阳区长虹大道商业综合体", "九江市浔阳区长虹大道 210 号", 29.7163, 115.9927, 180},
    {"360403", "浔阳区老城区棚户区改造 2 期", "九江市浔阳区庾亮南路 60 号", 29.7105, 115.9821, 250},
    {"360403", "浔阳江大桥引桥加固", "九江市浔阳区滨江东路", 29.7247, 116.0051, 0},
    {"360404", "柴桑区沙河工业园标准厂房", "九江市柴桑区沙河街工业园 12 号", 29.6094, 115.9103,
     300},
    {"360404", "柴桑区第二中学教学楼", "九江市柴桑区柴桑大道 45 号", 29.6021, 115.9205, 120},
    {"360423", "武宁县西海湾安置小区", "武宁县豫宁街道西海大道 8 号", 29.2569, 115.1008, 200},
    {"360424", "修水县城北学校", "修水县义宁镇良塘大道 66 号", 29.0345, 114.5532, 150},
    {"360425", "永修县涂埠镇滨江住宅", "永修县涂埠镇滨江大道 18 号", 29.0181, 115.8092, 160},
    {"360426", "德安县博阳河防洪堤", "德安县蒲亭镇博阳大道", 29.3145, 115.7624, 0},
    {"360428", "都昌县人民医院住院楼", "都昌县都昌镇东湖路 2 号", 29.2731, 116.2043, 140},
    {"360430", "彭泽县龙城镇滨江公园配套", "彭泽县龙城镇滨江路 6 号", 29.8962, 116.5497, 200},
    {"360481", "瑞昌市湓城街道保障房", "瑞昌市湓城街道赛湖大道 30 号", 29.6757, 115.6812, 180},
    {"360483", "庐山市南康镇游客服务中心", "庐山市南康镇紫阳北路 20 号", 29.4512, 116.0463, 130},
    {"220102", "南关区人民大街综合楼", "长春市南关区人民大街 3500 号", 43.8612, 125.3267, 150},
    {"220102", "南关区亚泰大街住宅 5# 楼", "长春市南关区亚泰大街 800 号", 43.8498, 125.3398, 120},
    {"220102", "南关区南部新城学校", "长春市南关区南环城路 1200 号", 43.8243, 125.3312, 0},
    {"220102", "南关区自由大路地下车库", "长春市南关区自由大路 1500 号", 43.8551, 125.3502, 100},
    {"220104", "朝阳区西安大路办公楼", "长春市朝阳区西安大路 1300 号", 43.8802, 125.2951, 140},
    {"220105", "二道区东盛大街安置房", "长春市二道区东盛大街 100 号", 43.8706, 125.3905, 220},
    {"220106", "绿园区青年路商住楼", "长春市绿园区青年路 300 号", 43.8879, 125.2546, 160},
    {"220106", "绿园区西新工业园厂房", "长春市绿园区西新工业园 20 号", 43.9003, 125.2162, 0},
    {"220202", "昌邑区解放东路改造", "吉林市昌邑区解放东路 50 号", 43.8832, 126.5702, 250},
    {"220204", "船营区越山路住宅", "吉林市船营区越山路 120 号", 43.8341, 126.5319, 150},
    {"220211", "丰满区吉丰东路学校", "吉林市丰满区吉丰东路 30 号", 43.8197, 126.5633, 130},
    {"222401", "延吉市光明街商业楼", "延吉市光明街 88 号", 42.9051, 129.5082, 150},
};

// Which project of each jurisdiction had a witness replaced, and whether on time.
struct DemoNotice {
  std::size_t project;            // index in kProjects
  int effective_in_working_days;  // from today (negative: in the past)
  const char* reason;
};
constexpr DemoNotice kNotices[] = {
    // Jiujiang: 3 working days in advance — 8 ahead is on time, 1 ahead is late.
    {0, 8, "原见证人员调往新项目，提前报告 transferred to another project, reported in advance"},
    {1, 1, "原见证人员因病休假 the witness is on sick leave"},
    // Jilin: within 3 working days after — 2 after is on time, 6 after is late.
    {18, -2, "原见证人员离职，已完成更新注册 the witness left; registration updated"},
    {19, -6, "原见证人员调离本项目 the witness was moved off the project"},
};

// The demo's entries: the county station in its county, the regulator elsewhere.
identity::Principal entered_by(std::string_view region) {
  identity::Principal p;
  const bool jilin = region.starts_with("22");
  if (region == "360402" || region == "220102") {
    p.login = jilin ? "jl-station" : "jj-station";
    p.role = identity::Role::station_staff;
    p.region_code = std::string(region);
  } else {
    p.login = jilin ? "jl-regulator" : "jj-regulator";
    p.role = identity::Role::regulator;
    p.region_code = jilin ? "220000" : "360400";
  }
  return p;
}

domain::ProjectSite site_of(const DemoProject& d) {
  domain::ProjectSite site;
  if (d.radius_m > 0) {
    site.centre = {d.lat, d.lng};
    site.radius_m = d.radius_m;
    return site;
  }
  site.kind = domain::ProjectSite::Kind::polygon;
  const double dy = 0.0012, dx = 0.0016;  // about 130 m by 150 m
  site.area = {{d.lat - dy, d.lng - dx},
               {d.lat - dy, d.lng + dx},
               {d.lat + dy, d.lng + dx * 0.6},
               {d.lat + dy, d.lng - dx}};
  return site;
}

// Who may be assigned, as the principal sees them: witnesses ready on `on`, samplers.
struct Pool {
  std::vector<std::int64_t> witnesses;
  std::vector<std::int64_t> samplers;
};

Result<Pool> pool_of(storage::Connection& conn, const identity::Principal& by, Date from,
                     Date until) {
  Pool pool;
  storage::PeopleFilter filter;
  filter.duty = domain::Duty::witness;
  auto w = storage::list_people(conn, registry::people_scope(by), filter, {0, 500});
  if (!w) {
    return std::move(w).error();
  }
  for (const auto& row : w->items) {
    // Ready from the assignments' start to past the replacements' dates.
    if (domain::assignable_as_witness(row.person, from).assignable &&
        domain::assignable_as_witness(row.person, until).assignable) {
      pool.witnesses.push_back(row.person.id);
    }
  }
  filter.duty = domain::Duty::sampler;
  auto s = storage::list_people(conn, registry::people_scope(by), filter, {0, 500});
  if (!s) {
    return std::move(s).error();
  }
  for (const auto& row : s->items) {
    pool.samplers.push_back(row.person.id);
  }
  return pool;
}

Result<std::int64_t> party(storage::Connection& conn, OrganisationKind kind,
                           std::string_view region, std::size_t n) {
  const std::string prefix = region.substr(0, 2) == "22" ? "22%" : "3604%";
  auto rows = conn.query(
      "SELECT id, region_code FROM organisations WHERE kind = $1 AND region_code LIKE $2"
      " ORDER BY id",
      storage::params({std::string(domain::kind_name(kind)), prefix}));
  if (!rows) {
    return std::move(rows).error();
  }
  if (rows->empty()) {
    return std::int64_t{0};
  }
  // One of the county's own when there is one, else any of the jurisdiction's.
  for (const auto& r : *rows) {
    if (r.text(1) == region && n % 2 == 0) {
      return r.int64(0);
    }
  }
  return (*rows)[n % rows->size()].int64(0);
}

Task<void> run(Task<Result<bool>> task, Status& out) {
  auto r = co_await std::move(task);
  out = r ? Status{} : Status(std::move(r).error());
}

}  // namespace

Status Application::load_demo_projects() {
  const Instant now = clock_.now();
  const Date today = domain::shanghai_date(now);
  const Date starts_on{std::chrono::sys_days(today) - std::chrono::days(120)};
  const Date until{std::chrono::sys_days(today) + std::chrono::days(30)};
  std::set<std::string> taken;
  std::vector<std::pair<registry::NewProject, identity::Principal>> planned;
  std::vector<Pool> pools;
  {
    auto conn = db_->acquire();
    if (!conn) {
      return std::move(conn).error();
    }
    auto codes = (*conn)->query("SELECT code FROM projects");
    if (!codes) {
      return std::move(codes).error();
    }
    for (const auto& r : *codes) {
      taken.insert(r.text(0));
    }
    std::map<std::string, int> seq;
    for (std::size_t i = 0; i < std::size(kProjects); ++i) {
      const DemoProject& d = kProjects[i];
      registry::NewProject in;
      domain::Project& p = in.project;
      p.region_code = d.region_code;
      const std::string n = std::to_string(++seq[d.region_code]);
      p.code = std::string(d.region_code) + "-2026-" + std::string(4 - n.size(), '0') + n;
      p.name = d.name;
      p.address = d.address;
      p.site = site_of(d);
      if (taken.contains(p.code)) {
        planned.push_back({});
        pools.push_back({});
        continue;
      }
      for (auto [kind, out] :
           {std::pair{OrganisationKind::construction_unit, &p.client_id},
            std::pair{OrganisationKind::contractor, &p.contractor_id},
            std::pair{OrganisationKind::supervision_company, &p.supervisor_id}}) {
        auto id = party(**conn, kind, d.region_code, i);
        if (!id) {
          return std::move(id).error();
        }
        *out = *id;
      }
      identity::Principal by = entered_by(d.region_code);
      auto pool = pool_of(**conn, by, starts_on, until);
      if (!pool) {
        return std::move(pool).error();
      }
      if (pool->witnesses.size() < 3 || pool->samplers.empty() || !p.client_id ||
          !p.contractor_id || !p.supervisor_id) {
        planned.push_back({});
        pools.push_back({});
        continue;  // the demo's people or organisations are not there
      }
      const auto& w = pool->witnesses;
      in.assignments = {
          {w[i % w.size()], domain::AssignmentDuty::witness, starts_on},
          {w[(i + 1) % w.size()], domain::AssignmentDuty::witness, starts_on},
          {pool->samplers[i % pool->samplers.size()], domain::AssignmentDuty::sampler, starts_on}};
      planned.push_back({std::move(in), std::move(by)});
      pools.push_back(std::move(*pool));
    }
  }
  int added = 0;
  for (std::size_t i = 0; i < planned.size(); ++i) {
    auto& [input, by] = planned[i];
    if (input.project.code.empty()) {
      continue;
    }
    service::Caller caller;
    caller.actor = by.login;
    caller.role = std::string(identity::role_name(by.role));
    std::int64_t project_id = 0;
    std::vector<registry::AssignmentView> assignments;
    Status st;
    auto register_one = [&]() -> Task<Result<bool>> {
      auto made = co_await projects_->register_project(by, input, caller);
      if (!made) {
        co_return std::move(made).error();
      }
      project_id = made->record.project.id;
      assignments = made->record.assignments;
      co_return true;
    };
    service::run_to_end(run(register_one(), st));
    if (!st) {
      log::warn("demo_project_skipped", {{"code", input.project.code}, {"note", st.error().note}});
      continue;
    }
    ++added;
    for (const auto& n : kNotices) {
      if (n.project != i || assignments.empty()) {
        continue;
      }
      const auto& w = pools[i].witnesses;
      registry::NewChangeNotice notice;
      notice.assignment_id = assignments.front().assignment.id;
      notice.person_in = w[(i + 2) % w.size()];
      notice.effective_on =
          policies_->calendar().add_working_days(today, n.effective_in_working_days).value;
      notice.reason = n.reason;
      auto file_one = [&]() -> Task<Result<bool>> {
        auto filed = co_await projects_->file_change_notice(by, project_id, notice, caller);
        if (!filed) {
          co_return std::move(filed).error();
        }
        co_return true;
      };
      service::run_to_end(run(file_one(), st));
      if (!st) {
        log::warn("demo_change_notice_skipped",
                  {{"code", input.project.code}, {"note", st.error().note}});
      }
    }
  }
  if (added > 0) {
    log::info("demo_loaded", {{"projects", added}});
  }
  return {};
}

}  // namespace lw::app
