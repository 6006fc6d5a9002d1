#include "registry/projects.hpp"

#include <cstdio>
#include <set>

#include <boost/json.hpp>

#include "core/json_values.hpp"
#include "domain/change_request.hpp"
#include "domain/person.hpp"
#include "domain/violation_kinds.hpp"
#include "domain/witness_change.hpp"
#include "identity/access.hpp"
#include "registry/people.hpp"
#include "service/commit.hpp"
#include "service/ledger_records.hpp"
#include "storage/organisations.hpp"
#include "storage/regions.hpp"

namespace lw::registry {
namespace {

using domain::AssignmentDuty;

Error project_not_found(std::int64_t id) {
  return Error(std::string(errc::not_found), "no project " + std::to_string(id) + " in scope");
}

// The error of a field with more to say than a reason token (the witness's obstacles).
Error field_error_with(const std::string& field, const std::string& reason,
                       boost::json::object more) {
  more["fields"] = boost::json::object{{field, reason}};
  return Error(std::string(errc::invalid_argument), field + ": " + reason, std::move(more));
}

std::string rfc3339(Instant t) {
  return format_utc(t);
}

// Checks that `id` is an organisation of `kind`; the error names `field`.
Status check_party(storage::Connection& conn, const char* field, std::int64_t id,
                   domain::OrganisationKind kind) {
  if (id <= 0) {
    return field_error(field, "required");
  }
  // Parties may be registered anywhere: a contractor of another county builds here too.
  auto org = storage::find_organisation(conn, domain::Scope::all(), id);
  if (!org) {
    return std::move(org).error();
  }
  if (!*org) {
    return field_error(field, "unknown_organisation");
  }
  if ((*org)->kind != kind) {
    return field_error(field, "not_a_" + std::string(domain::kind_name(kind)));
  }
  return {};
}

// Checks that the person `id` of the caller's people scope may take `duty` on `on`; answers
// their name. Errors name `field`; a witness who may not be assigned lists the reasons.
Result<std::string> check_assignee(storage::Connection& conn, const domain::Scope& people,
                                   const std::string& field, std::int64_t id, AssignmentDuty duty,
                                   domain::Date on) {
  auto row = storage::find_person(conn, people, id);
  if (!row) {
    return std::move(row).error();
  }
  if (!*row) {
    return field_error(field, "unknown_person");
  }
  const domain::Person& p = (*row)->person;
  if (duty == AssignmentDuty::witness) {
    auto verdict = domain::assignable_as_witness(p, on);
    if (!verdict.assignable) {
      boost::json::array reasons;
      for (const auto& r : verdict.reasons) {
        reasons.emplace_back(r);
      }
      return field_error_with(field, "not_assignable",
                              {{"reasons", std::move(reasons)}, {"on", domain::format_date(on)}});
    }
  } else if (!p.has_duty(domain::Duty::sampler)) {
    return field_error(field, "not_a_sampler");
  }
  return p.name;
}

boost::json::object notice_record(const NoticeView& v, std::int64_t project_id) {
  const auto& n = v.notice;
  return {{"project_id", project_id},
          {"duty", domain::assignment_duty_name(n.duty)},
          {"replaced_id", n.replaced_id},
          {"person_out", {{"id", n.person_out}, {"name", v.person_out_name}}},
          {"person_in", {{"id", n.person_in}, {"name", v.person_in_name}}},
          {"effective_at", rfc3339(n.effective_at)},
          {"filed_at", rfc3339(n.filed_at)},
          {"filed_by", n.filed_by},
          {"policy", {{"profile", n.policy_profile}, {"version", n.policy_version}}},
          {"due_at", rfc3339(n.due_at)},
          {"on_time", n.on_time},
          {"late_working_days", n.late_working_days},
          {"reason", n.reason}};
}

// The assignments of a project with the names of their people.
Result<std::vector<AssignmentView>> assignment_views(storage::Connection& conn,
                                                     std::int64_t project_id) {
  auto rows = storage::list_assignments(conn, project_id);
  if (!rows) {
    return std::move(rows).error();
  }
  std::vector<std::int64_t> ids;
  for (const auto& a : *rows) {
    ids.push_back(a.person_id);
  }
  auto names = storage::person_names(conn, ids);
  if (!names) {
    return std::move(names).error();
  }
  std::vector<AssignmentView> out;
  for (auto& a : *rows) {
    std::string name = (*names)[a.person_id];
    out.push_back({std::move(a), std::move(name)});
  }
  return out;
}

// The site as the ledger commits to it: canonical JSON has no fractions, so degrees are decimal
// strings to 7 places (about 1 cm) and the radius one to 0.1 m.
std::string decimal(double v, int places) {
  char buf[48];
  std::snprintf(buf, sizeof buf, "%.*f", places, v);
  return buf;
}

boost::json::object site_record(const domain::ProjectSite& site) {
  auto point = [](domain::GeoPoint p) {
    return boost::json::object{{"lat", decimal(p.lat, 7)}, {"lng", decimal(p.lng, 7)}};
  };
  boost::json::object out{{"kind", domain::site_kind_name(site.kind)}};
  if (site.kind == domain::ProjectSite::Kind::circle) {
    out["centre"] = point(site.centre);
    out["radius_m"] = decimal(site.radius_m, 1);
  } else {
    boost::json::array area;
    for (const auto& p : site.area) {
      area.push_back(point(p));
    }
    out["area"] = std::move(area);
  }
  return out;
}

}  // namespace

boost::json::object project_record(const domain::Project& p,
                                   const std::vector<AssignmentView>& assignments,
                                   const std::string& reason) {
  boost::json::array current;
  for (const auto& v : assignments) {
    const auto& a = v.assignment;
    current.push_back({{"id", a.id},
                       {"person_id", a.person_id},
                       {"person_name", v.person_name},
                       {"duty", domain::assignment_duty_name(a.duty)},
                       {"starts_at", rfc3339(a.starts_at)},
                       {"ends_at", time_or_null(a.ends_at)}});
  }
  return {{"code", p.code},
          {"name", p.name},
          {"address", p.address},
          {"region_code", p.region_code},
          {"site", site_record(p.site)},
          {"client_id", p.client_id},
          {"contractor_id", p.contractor_id},
          {"supervisor_id", p.supervisor_id},
          {"assignments", std::move(current)},
          {"reason", reason}};
}

Task<Result<service::Receipted<ProjectView>>> Projects::register_project(
    const identity::Principal& by, NewProject input, const service::Caller& caller) {
  if (auto st = identity::require(by, identity::Permission::register_projects); !st) {
    co_return std::move(st).error();
  }
  domain::Project project = std::move(input.project);
  if (auto st = domain::validate(project); !st) {
    co_return std::move(st).error();
  }
  if (!domain::covers_region(identity::registry_scope(by), project.region_code)) {
    co_return Error(std::string(errc::forbidden),
                    "region " + project.region_code + " is outside the caller's region",
                    {{"fields", {{"region_code", "outside_scope"}}},
                     {"message_zh", "项目所在区县不在您的监管范围"},
                     {"message_en", "The project's county is outside your region."}});
  }
  if (input.assignments.size() > 100) {
    co_return field_error("assignments", "at most 100");
  }
  std::vector<std::string> names;
  {
    auto conn = db_.acquire();
    if (!conn) {
      co_return std::move(conn).error();
    }
    auto region = storage::find_region(**conn, project.region_code);
    if (!region) {
      co_return std::move(region).error();
    }
    if (!*region) {
      co_return field_error("region_code", "unknown_region");
    }
    for (auto [field, id, kind] :
         {std::tuple{"client_id", project.client_id, domain::OrganisationKind::construction_unit},
          std::tuple{"contractor_id", project.contractor_id, domain::OrganisationKind::contractor},
          std::tuple{"supervisor_id", project.supervisor_id,
                     domain::OrganisationKind::supervision_company}}) {
      if (auto st = check_party(**conn, field, id, kind); !st) {
        co_return std::move(st).error();
      }
    }
    const domain::Scope people = people_scope(by);
    std::set<std::pair<std::int64_t, AssignmentDuty>> seen;
    for (std::size_t i = 0; i < input.assignments.size(); ++i) {
      const auto& a = input.assignments[i];
      const std::string field = "assignments[" + std::to_string(i) + "].person_id";
      if (!seen.insert({a.person_id, a.duty}).second) {
        co_return field_error(field, "duplicate");
      }
      auto name = check_assignee(**conn, people, field, a.person_id, a.duty, a.starts_on);
      if (!name) {
        co_return std::move(name).error();
      }
      names.push_back(std::move(*name));
    }
  }
  project.created_by = caller.actor;
  project.created_at = clock_.now();
  bool taken = false;
  service::LeafRef leaf;
  storage::Writer::Job job = [&](storage::Connection& conn) -> Status {
    auto id = storage::insert_project(conn, project);
    if (!id) {
      return std::move(id).error();
    }
    taken = !*id;
    if (taken) {
      return {};
    }
    project.id = **id;
    std::vector<AssignmentView> assigned;
    for (std::size_t i = 0; i < input.assignments.size(); ++i) {
      domain::Assignment a;
      a.project_id = project.id;
      a.person_id = input.assignments[i].person_id;
      a.duty = input.assignments[i].duty;
      a.starts_at = domain::shanghai_start_of_day(input.assignments[i].starts_on);
      auto aid = storage::insert_assignment(conn, a, caller.actor, project.created_at, {});
      if (!aid) {
        return std::move(aid).error();
      }
      a.id = *aid;
      assigned.push_back({a, names[i]});
    }
    const std::string record_id = std::to_string(project.id);
    auto version = service::record_registry_version(
        conn, ledger_,
        {kProjectType, record_id, "", project_record(project, assigned, "registered 登记"),
         caller.actor, project.created_at});
    if (!version) {
      return std::move(version).error();
    }
    leaf = std::move(*version);
    return auditor_.record(
        conn, caller, project.created_at, "project.register", "project/" + record_id,
        boost::json::serialize(boost::json::object{{"code", project.code},
                                                   {"name", project.name},
                                                   {"region_code", project.region_code},
                                                   {"assignments", assigned.size()}}));
  };
  if (auto st = co_await service::commit(writer_, std::move(job)); !st) {
    co_return std::move(st).error();
  }
  if (taken) {
    co_return Error(std::string(errc::conflict),
                    "project code " + project.code + " is registered already",
                    {{"fields", {{"code", "taken"}}}});
  }
  auto conn = db_.acquire();
  if (!conn) {
    co_return std::move(conn).error();
  }
  auto view = view_of(**conn, std::move(project));
  if (!view) {
    co_return std::move(view).error();
  }
  co_return service::Receipted<ProjectView>{std::move(*view), std::move(leaf)};
}

Result<storage::Paged<ProjectSummary>> Projects::list(const identity::Principal& by,
                                                      const storage::ProjectFilter& filter,
                                                      const storage::Page& page) {
  auto conn = db_.acquire();
  if (!conn) {
    return std::move(conn).error();
  }
  auto found = storage::list_projects(**conn, identity::registry_scope(by), filter, page);
  if (!found) {
    return std::move(found).error();
  }
  std::vector<std::int64_t> ids, orgs;
  std::map<std::string, std::string> regions;
  for (const auto& p : found->items) {
    ids.push_back(p.id);
    orgs.insert(orgs.end(), {p.client_id, p.contractor_id, p.supervisor_id});
    regions[p.region_code];
  }
  auto tallies = storage::project_tallies(**conn, ids, clock_.now());
  if (!tallies) {
    return std::move(tallies).error();
  }
  auto parties = storage::party_names(**conn, orgs);
  if (!parties) {
    return std::move(parties).error();
  }
  for (auto& [code, name] : regions) {
    auto region = storage::find_region(**conn, code);
    if (!region) {
      return std::move(region).error();
    }
    name = *region ? (*region)->name : "";
  }
  storage::Paged<ProjectSummary> out;
  out.total = found->total;
  for (auto& p : found->items) {
    auto party = [&](std::int64_t id) {
      const auto& n = (*parties)[id];
      return Party{id, n.name, n.credit_code};
    };
    ProjectSummary s{p,
                     regions[p.region_code],
                     party(p.client_id),
                     party(p.contractor_id),
                     party(p.supervisor_id),
                     (*tallies)[p.id]};
    out.items.push_back(std::move(s));
  }
  return out;
}

Result<ProjectView> Projects::get(const identity::Principal& by, std::int64_t id) {
  auto conn = db_.acquire();
  if (!conn) {
    return std::move(conn).error();
  }
  auto found = storage::find_project(**conn, identity::registry_scope(by), id);
  if (!found) {
    return std::move(found).error();
  }
  if (!*found) {
    return project_not_found(id);
  }
  return view_of(**conn, std::move(**found));
}

Result<ProjectView> Projects::view_of(storage::Connection& conn, domain::Project project) {
  ProjectView v;
  auto region = storage::find_region(conn, project.region_code);
  if (!region) {
    return std::move(region).error();
  }
  v.region_name = *region ? (*region)->name : "";
  auto parties =
      storage::party_names(conn, {project.client_id, project.contractor_id, project.supervisor_id});
  if (!parties) {
    return std::move(parties).error();
  }
  auto party = [&](std::int64_t pid) {
    const auto& n = (*parties)[pid];
    return Party{pid, n.name, n.credit_code};
  };
  v.client = party(project.client_id);
  v.contractor = party(project.contractor_id);
  v.supervisor = party(project.supervisor_id);
  auto assignments = assignment_views(conn, project.id);
  if (!assignments) {
    return std::move(assignments).error();
  }
  v.assignments = std::move(*assignments);
  auto notices = storage::list_change_notices(conn, project.id);
  if (!notices) {
    return std::move(notices).error();
  }
  std::vector<std::int64_t> people;
  for (const auto& n : *notices) {
    people.insert(people.end(), {n.person_out, n.person_in});
  }
  auto names = storage::person_names(conn, people);
  if (!names) {
    return std::move(names).error();
  }
  for (auto& n : *notices) {
    std::string out = (*names)[n.person_out], in = (*names)[n.person_in];
    v.notices.push_back({std::move(n), std::move(out), std::move(in)});
  }
  auto violations = storage::list_project_violations(conn, project.id);
  if (!violations) {
    return std::move(violations).error();
  }
  v.violations = std::move(*violations);
  v.policy = policies_.in_force(project.region_code, clock_.now());
  v.project = std::move(project);
  return v;
}

Task<Result<service::Receipted<NoticeView>>> Projects::file_change_notice(
    const identity::Principal& by, std::int64_t project_id, NewChangeNotice input,
    const service::Caller& caller) {
  if (auto st = identity::require(by, identity::Permission::register_projects); !st) {
    co_return std::move(st).error();
  }
  if (auto st = domain::validate_reason("reason", input.reason); !st) {
    co_return std::move(st).error();
  }
  auto found = get(by, project_id);
  if (!found) {
    co_return std::move(found).error();
  }
  const domain::Project project = found->project;
  NoticeView made;
  domain::ChangeNotice& n = made.notice;
  n.project_id = project.id;
  n.person_in = input.person_in;
  n.effective_at = domain::shanghai_start_of_day(input.effective_on);
  n.reason = std::move(input.reason);
  {
    const AssignmentView* replaced = nullptr;
    for (const auto& a : found->assignments) {
      if (a.assignment.id == input.assignment_id) {
        replaced = &a;
      }
    }
    if (replaced == nullptr) {
      co_return field_error("assignment_id", "unknown_assignment");
    }
    if (replaced->assignment.ends_at) {
      co_return field_error("assignment_id", "not_open");
    }
    if (n.effective_at <= replaced->assignment.starts_at) {
      co_return field_error("effective_on", "not_after_assignment_start");
    }
    n.duty = replaced->assignment.duty;
    n.replaced_id = replaced->assignment.id;
    n.person_out = replaced->assignment.person_id;
    made.person_out_name = replaced->person_name;
  }
  if (n.person_in == n.person_out) {
    co_return field_error("person_in", "same_person");
  }
  for (const auto& a : found->assignments) {
    if (a.assignment.person_id == n.person_in && a.assignment.duty == n.duty &&
        !a.assignment.ends_at) {
      co_return field_error("person_in", "already_assigned");
    }
  }
  {
    auto conn = db_.acquire();
    if (!conn) {
      co_return std::move(conn).error();
    }
    auto name = check_assignee(**conn, people_scope(by), "person_in", n.person_in, n.duty,
                               input.effective_on);
    if (!name) {
      co_return std::move(name).error();
    }
    made.person_in_name = std::move(*name);
  }
  // The rule of the version in force on the day the replacement takes effect.
  const domain::PolicyProfile* profile = policies_.profile_for_region(project.region_code);
  if (profile == nullptr) {
    co_return field_error("effective_on", "no_policy_in_force");
  }
  auto version = profile->version_at(n.effective_at);
  if (!version) {
    co_return field_error_with(
        "effective_on", "no_policy_in_force",
        {{"profile", profile->id},
         {"first_effective_from", domain::format_date(profile->versions.front().effective_from)}});
  }
  n.filed_at = clock_.now();
  n.filed_by = caller.actor;
  n.policy_profile = profile->id;
  n.policy_version = domain::format_date((*version)->effective_from);
  const auto verdict =
      domain::judge_witness_change(**version, policies_.calendar(), n.filed_at, n.effective_at);
  n.due_at = verdict.due;
  n.on_time = verdict.on_time;
  n.late_working_days = verdict.late_by_working_days;
  n.uncovered_years = verdict.uncovered_years;
  const auto rule = (*version)->witness_change;
  bool stale = false;
  service::LeafRef leaf;
  storage::Writer::Job job = [&](storage::Connection& conn) -> Status {
    // The assignment may have been replaced since it was read.
    auto ended = storage::end_assignment(conn, n.replaced_id, n.effective_at);
    if (!ended) {
      return std::move(ended).error();
    }
    stale = !*ended;
    if (stale) {
      return {};
    }
    auto id = storage::insert_change_notice(conn, n);
    if (!id) {
      return std::move(id).error();
    }
    n.id = *id;
    domain::Assignment next;
    next.project_id = project.id;
    next.person_id = n.person_in;
    next.duty = n.duty;
    next.starts_at = n.effective_at;
    auto next_id = storage::insert_assignment(conn, next, caller.actor, n.filed_at, n.id);
    if (!next_id) {
      return std::move(next_id).error();
    }
    const std::string notice_id = std::to_string(n.id);
    auto notice_leaf = service::record_registry_version(
        conn, ledger_,
        {kChangeNoticeType, notice_id, "", notice_record(made, project.id), caller.actor,
         n.filed_at});
    if (!notice_leaf) {
      return std::move(notice_leaf).error();
    }
    leaf = std::move(*notice_leaf);
    auto assignments = assignment_views(conn, project.id);
    if (!assignments) {
      return std::move(assignments).error();
    }
    auto project_leaf = service::record_registry_version(
        conn, ledger_,
        {kProjectType, std::to_string(project.id), "",
         project_record(project, *assignments, "change_notice " + notice_id), caller.actor,
         n.filed_at});
    if (!project_leaf) {
      return std::move(project_leaf).error();
    }
    boost::json::object details{
        {"change_notice", n.id},
        {"duty", domain::assignment_duty_name(n.duty)},
        {"person_out", n.person_out},
        {"person_in", n.person_in},
        {"effective_at", rfc3339(n.effective_at)},
        {"due_at", rfc3339(n.due_at)},
        {"on_time", n.on_time},
        {"late_working_days", n.late_working_days},
        {"policy", {{"profile", n.policy_profile}, {"version", n.policy_version}}}};
    LW_TRY(auditor_.record(conn, caller, n.filed_at, "change_notice.file",
                           "project/" + std::to_string(project.id),
                           boost::json::serialize(details)));
    if (n.on_time) {
      return {};
    }
    storage::Violation v;
    v.kind = domain::violation_kinds::kLateChangeNotice;
    v.region_code = project.region_code;
    v.project_id = project.id;
    v.subject = "change_notice " + notice_id;
    v.occurred_at = n.filed_at;
    v.recorded_at = n.filed_at;
    v.policy_profile = n.policy_profile;
    v.policy_version = n.policy_version;
    boost::json::object vd{{"change_notice", n.id},
                           {"duty", domain::assignment_duty_name(n.duty)},
                           {"effective_at", rfc3339(n.effective_at)},
                           {"filed_at", rfc3339(n.filed_at)},
                           {"due_at", rfc3339(n.due_at)},
                           {"late_working_days", n.late_working_days},
                           {"timing", domain::timing_name(rule.timing)},
                           {"working_days", rule.working_days}};
    v.details_json = boost::json::serialize(vd);
    auto vid = storage::insert_violation(conn, v);
    if (!vid) {
      return std::move(vid).error();
    }
    vd["violation"] = *vid;
    return auditor_.record(conn, caller, n.filed_at, "change_notice.late",
                           "change_notice/" + notice_id, boost::json::serialize(vd));
  };
  if (auto st = co_await service::commit(writer_, std::move(job)); !st) {
    co_return std::move(st).error();
  }
  if (stale) {
    co_return Error(std::string(errc::conflict), "the assignment was replaced meanwhile",
                    {{"fields", {{"assignment_id", "not_open"}}}});
  }
  co_return service::Receipted<NoticeView>{std::move(made), std::move(leaf)};
}

}  // namespace lw::registry
