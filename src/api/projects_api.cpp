// Projects under supervision (issue 5 item 6, registry/projects.hpp; JJ-4.2, JJ-4.3, JL-2.2):
// registration by the station of the project's county, the list and page a caller's registry
// scope covers, and change notices replacing a witness or sampler.
#include <boost/json.hpp>

#include "api/json_io.hpp"
#include "api/routes.hpp"
#include "core/json_values.hpp"
#include "registry/projects.hpp"

namespace lw::api {
namespace {

boost::json::object party_json(const registry::Party& p, bool with_code) {
  boost::json::object o{{"id", p.id}, {"name", p.name}};
  if (with_code) {
    o["credit_code"] = p.credit_code;
  }
  return o;
}

boost::json::object notice_json(const registry::NoticeView& v) {
  const auto& n = v.notice;
  boost::json::array years;
  for (int y : n.uncovered_years) {
    years.emplace_back(y);
  }
  return {{"id", n.id},
          {"project_id", n.project_id},
          {"duty", domain::assignment_duty_name(n.duty)},
          {"replaced_id", n.replaced_id},
          {"person_out", {{"id", n.person_out}, {"name", v.person_out_name}}},
          {"person_in", {{"id", n.person_in}, {"name", v.person_in_name}}},
          {"effective_at", format_utc(n.effective_at)},
          {"filed_at", format_utc(n.filed_at)},
          {"filed_by", n.filed_by},
          {"reason", n.reason},
          {"policy", {{"profile", n.policy_profile}, {"version", n.policy_version}}},
          {"due_at", format_utc(n.due_at)},
          {"on_time", n.on_time},
          {"late_working_days", n.late_working_days},
          {"uncovered_years", std::move(years)}};
}

boost::json::value policy_json(const std::optional<registry::PolicyInForce>& p) {
  if (!p) {
    return nullptr;
  }
  const auto& rule = p->version->witness_change;
  return boost::json::object{
      {"profile", p->profile->id},
      {"name", {{"zh", p->profile->name.zh}, {"en", p->profile->name.en}}},
      {"document", p->profile->document},
      {"version", domain::format_date(p->version->effective_from)},
      {"witness_change",
       {{"timing", domain::timing_name(rule.timing)}, {"working_days", rule.working_days}}}};
}

boost::json::object project_json(const registry::ProjectView& v, Instant now) {
  const auto& p = v.project;
  boost::json::array assignments;
  for (const auto& a : v.assignments) {
    assignments.push_back({{"id", a.assignment.id},
                           {"person_id", a.assignment.person_id},
                           {"person_name", a.person_name},
                           {"duty", domain::assignment_duty_name(a.assignment.duty)},
                           {"starts_at", format_utc(a.assignment.starts_at)},
                           {"ends_at", time_or_null(a.assignment.ends_at)},
                           {"active", a.assignment.active_at(now)}});
  }
  boost::json::array notices;
  for (const auto& n : v.notices) {
    notices.push_back(notice_json(n));
  }
  boost::json::array violations;
  for (const auto& x : v.violations) {
    violations.push_back(violation_json(x));
  }
  return {{"id", p.id},
          {"code", p.code},
          {"name", p.name},
          {"address", p.address},
          {"region_code", p.region_code},
          {"region_name", v.region_name},
          {"site", domain::site_json(p.site)},
          {"client", party_json(v.client, true)},
          {"contractor", party_json(v.contractor, true)},
          {"supervisor", party_json(v.supervisor, true)},
          {"created_by", p.created_by},
          {"created_at", format_utc(p.created_at)},
          {"assignments", std::move(assignments)},
          {"change_notices", std::move(notices)},
          {"violations", std::move(violations)},
          {"policy", policy_json(v.policy)}};
}

boost::json::object summary_json(const registry::ProjectSummary& s) {
  const auto& p = s.project;
  return {{"id", p.id},
          {"code", p.code},
          {"name", p.name},
          {"address", p.address},
          {"region_code", p.region_code},
          {"region_name", s.region_name},
          {"client", party_json(s.client, false)},
          {"contractor", party_json(s.contractor, false)},
          {"supervisor", party_json(s.supervisor, false)},
          {"active_witnesses", s.tally.active_witnesses},
          {"active_samplers", s.tally.active_samplers},
          {"late_notices", s.tally.late_notices},
          {"created_at", format_utc(p.created_at)}};
}

Result<std::int64_t> id_field(const boost::json::object& body, const std::string& name) {
  const auto* v = body.if_contains(name);
  if (!v || !v->is_int64() || v->as_int64() <= 0) {
    return field_error(name, "a positive integer id");
  }
  return v->as_int64();
}

Result<registry::NewProject> new_project(const boost::json::object& body) {
  registry::NewProject in;
  domain::Project& p = in.project;
  for (auto [field, out, required] :
       {std::tuple{"code", &p.code, true}, std::tuple{"name", &p.name, true},
        std::tuple{"address", &p.address, false},
        std::tuple{"region_code", &p.region_code, true}}) {
    auto v = string_field(body, field, required);
    if (!v) {
      return std::move(v).error();
    }
    *out = std::move(*v);
  }
  const auto* site = body.if_contains("site");
  if (!site) {
    return field_error("site", "required");
  }
  auto parsed = domain::parse_site(*site);
  if (!parsed) {
    return std::move(parsed).error();
  }
  p.site = std::move(*parsed);
  for (auto [field, out] :
       {std::pair{"client_id", &p.client_id}, std::pair{"contractor_id", &p.contractor_id},
        std::pair{"supervisor_id", &p.supervisor_id}}) {
    auto id = id_field(body, field);
    if (!id) {
      return std::move(id).error();
    }
    *out = *id;
  }
  const auto* list = body.if_contains("assignments");
  if (list && !list->is_null()) {
    if (!list->is_array() || list->get_array().size() > 100) {
      return field_error("assignments", "an array of at most 100 assignments");
    }
    for (std::size_t i = 0; i < list->get_array().size(); ++i) {
      const std::string at = "assignments[" + std::to_string(i) + "]";
      const auto* o = list->get_array()[i].if_object();
      if (!o) {
        return field_error(at, "an object {person_id, duty, starts_on}");
      }
      registry::NewAssignment a;
      auto person = id_field(*o, "person_id");
      if (!person) {
        return field_error(at + ".person_id", "a positive integer id");
      }
      a.person_id = *person;
      const auto* duty = o->if_contains("duty");
      const auto d = duty && duty->is_string()
                         ? domain::parse_assignment_duty(std::string_view(duty->get_string()))
                         : std::nullopt;
      if (!d) {
        return field_error(at + ".duty", "witness or sampler");
      }
      a.duty = *d;
      auto starts = date_field(*o, "starts_on");
      if (!starts) {
        return field_error(at + ".starts_on", "a date YYYY-MM-DD");
      }
      a.starts_on = *starts;
      in.assignments.push_back(a);
    }
  }
  return in;
}

Result<registry::NewChangeNotice> new_notice(const boost::json::object& body) {
  registry::NewChangeNotice in;
  auto assignment = id_field(body, "assignment_id");
  if (!assignment) {
    return std::move(assignment).error();
  }
  in.assignment_id = *assignment;
  auto person = id_field(body, "person_in");
  if (!person) {
    return std::move(person).error();
  }
  in.person_in = *person;
  auto effective = date_field(body, "effective_on");
  if (!effective) {
    return std::move(effective).error();
  }
  in.effective_on = *effective;
  auto reason = string_field(body, "reason", true);
  if (!reason) {
    return std::move(reason).error();
  }
  in.reason = std::move(*reason);
  return in;
}

}  // namespace

void register_project_routes(http::Router& router, Services& services) {
  auto& projects = services.projects;
  const Clock& clock = services.clock;

  router.add(
      "POST", "/api/v1/projects", [&projects, &clock](http::Request& req) -> Task<http::Response> {
        LW_API_TRY(p, require_user(req));
        LW_API_TRY(body, json_body(req));
        LW_API_TRY(input, new_project(*body));
        const service::Caller caller = caller_of(req);
        auto made = co_await projects.register_project(*p, std::move(*input), caller);
        const Instant now = clock.now();
        co_return respond(
            req, std::move(made), [now](const service::Receipted<registry::ProjectView>& m) {
              auto out = project_json(m.record, now);
              out["receipt"] = pending_receipt(m.leaf);
              auto res = http::Response::json(201, std::move(out));
              res.set_header("Location", "/api/v1/projects/" + std::to_string(m.record.project.id));
              return res;
            });
      });

  router.add("GET", "/api/v1/projects", [&projects](http::Request& req) -> Task<http::Response> {
    LW_API_TRY(p, require_user(req));
    LW_API_TRY(query, list_query(req));
    storage::ProjectFilter filter;
    filter.q = query->q;
    if (auto region = req.query_param("region"); region && !region->empty()) {
      if (!domain::valid_region_code(*region)) {
        co_return http::Response::error(req, field_error("region", "a six-digit GB/T 2260 code"));
      }
      filter.region = std::string(*region);
    }
    const storage::Page page = query->page;
    co_return respond(req, projects.list(*p, filter, page),
                      [&page](const storage::Paged<registry::ProjectSummary>& found) {
                        boost::json::array items;
                        for (const auto& s : found.items) {
                          items.push_back(summary_json(s));
                        }
                        return http::Response::json(200,
                                                    page_json(std::move(items), found.total, page));
                      });
  });

  router.add("GET", "/api/v1/projects/{id}",
             [&projects, &clock](http::Request& req) -> Task<http::Response> {
               LW_API_TRY(p, require_user(req));
               LW_API_TRY(id, id_param(req, "id"));
               const Instant now = clock.now();
               co_return respond(req, projects.get(*p, *id), [now](const registry::ProjectView& v) {
                 return http::Response::json(200, project_json(v, now));
               });
             });

  router.add("POST", "/api/v1/projects/{id}/change-notices",
             [&projects](http::Request& req) -> Task<http::Response> {
               LW_API_TRY(p, require_user(req));
               LW_API_TRY(id, id_param(req, "id"));
               LW_API_TRY(body, json_body(req));
               LW_API_TRY(input, new_notice(*body));
               const service::Caller caller = caller_of(req);
               auto made = co_await projects.file_change_notice(*p, *id, std::move(*input), caller);
               co_return respond(req, std::move(made),
                                 [](const service::Receipted<registry::NoticeView>& m) {
                                   auto out = notice_json(m.record);
                                   out["receipt"] = pending_receipt(m.leaf);
                                   return http::Response::json(201, std::move(out));
                                 });
             });
}

boost::json::object violation_json(const storage::Violation& v) {
  boost::system::error_code ec;
  auto details = boost::json::parse(v.details_json, ec);
  return {{"id", v.id},
          {"kind", v.kind},
          {"lab_code", v.lab_code},
          {"region_code", v.region_code},
          {"project_id", v.project_id ? boost::json::value(*v.project_id) : nullptr},
          {"subject", v.subject},
          {"occurred_at", format_utc(v.occurred_at)},
          {"recorded_at", format_utc(v.recorded_at)},
          {"policy", {{"profile", v.policy_profile}, {"version", v.policy_version}}},
          {"details", ec ? boost::json::value(boost::json::object{}) : details},
          {"status", v.status},
          {"severity",
           v.severity.empty() ? boost::json::value(nullptr) : boost::json::value(v.severity)},
          {"party", v.party_kind.empty() ? boost::json::value(nullptr)
                                         : boost::json::value(boost::json::object{
                                               {"kind", v.party_kind}, {"ref", v.party_ref}})},
          {"decided_at", time_or_null(v.decided_at)}};
}

}  // namespace lw::api
