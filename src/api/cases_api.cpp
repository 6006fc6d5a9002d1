// Violation cases (issue 10 deliver 2, JL-3.1): a case with its kind and steps; a regulator
// or station confirms or dismisses it with a reason, the lab charged answers.
#include "api/json_io.hpp"
#include "api/routes.hpp"
#include "supervision/cases.hpp"

namespace lw::api {
namespace {

boost::json::object case_json(const supervision::CaseView& c) {
  auto out = violation_json(c.violation);
  out["kind_info"] = c.kind != nullptr ? boost::json::value(violation_kind_json(*c.kind)) : nullptr;
  boost::json::array events;
  for (const auto& e : c.events) {
    events.push_back({{"id", e.id},
                      {"action", e.action},
                      {"text", e.text},
                      {"actor", e.actor},
                      {"at", format_utc(e.at)}});
  }
  out["events"] = std::move(events);
  return out;
}

http::Response receipted(const service::Receipted<supervision::CaseView>& r) {
  auto body = case_json(r.record);
  body["receipt"] = pending_receipt(r.leaf);
  return http::Response::json(200, std::move(body));
}

// An enumeration member that may be absent: its parser's value, or the field's error.
template <class E, class Parse>
Result<std::optional<E>> enum_field(const boost::json::object& body, std::string_view name,
                                    Parse parse) {
  auto text = optional_string_field(body, name);
  if (!text) {
    return std::move(text).error();
  }
  if (!*text) {
    return std::optional<E>();
  }
  auto value = parse(**text);
  if (!value) {
    return field_error(name, "unknown");
  }
  return std::optional<E>(*value);
}

}  // namespace

void register_case_routes(http::Router& router, Services& services) {
  supervision::Cases& cases = services.cases;

  router.add("GET", "/api/v1/violations/{id}",
             [&cases](http::Request& req) -> Task<http::Response> {
               LW_API_TRY(scope, data_scope_of(req));
               LW_API_TRY(id, id_param(req, "id"));
               co_return respond(req, cases.get(*scope, *id), [](const supervision::CaseView& c) {
                 return http::Response::json(200, case_json(c));
               });
             });

  router.add("POST", "/api/v1/violations/{id}/confirm",
             [&cases](http::Request& req) -> Task<http::Response> {
               LW_API_TRY(p, require_user(req));
               LW_API_TRY(allowed, identity::require(*p, identity::Permission::decide_cases));
               LW_API_TRY(id, id_param(req, "id"));
               LW_API_TRY(body, json_body(req));
               LW_API_TRY(reason, text_field(*body, "reason", 1000, true));
               LW_API_TRY(severity, (enum_field<domain::Severity>(*body, "severity",
                                                                  domain::parse_severity)));
               LW_API_TRY(party, (enum_field<domain::Party>(*body, "party", domain::parse_party)));
               LW_API_TRY(party_ref, text_field(*body, "party_ref", 64, false));
               const service::Caller caller = caller_of(req);
               const domain::Scope scope = identity::data_scope(*p);
               supervision::Confirmation input{std::move(*reason), *severity, *party,
                                               std::move(*party_ref)};
               auto done = co_await cases.confirm(scope, *id, std::move(input), caller);
               co_return respond(req, std::move(done), receipted);
             });

  router.add("POST", "/api/v1/violations/{id}/dismiss",
             [&cases](http::Request& req) -> Task<http::Response> {
               LW_API_TRY(p, require_user(req));
               LW_API_TRY(allowed, identity::require(*p, identity::Permission::decide_cases));
               LW_API_TRY(id, id_param(req, "id"));
               LW_API_TRY(body, json_body(req));
               LW_API_TRY(reason, text_field(*body, "reason", 1000, true));
               const service::Caller caller = caller_of(req);
               const domain::Scope scope = identity::data_scope(*p);
               auto done = co_await cases.dismiss(scope, *id, std::move(*reason), caller);
               co_return respond(req, std::move(done), receipted);
             });

  router.add("POST", "/api/v1/violations/{id}/responses",
             [&cases](http::Request& req) -> Task<http::Response> {
               LW_API_TRY(p, require_user(req));
               LW_API_TRY(allowed, identity::require(*p, identity::Permission::respond_to_cases));
               LW_API_TRY(id, id_param(req, "id"));
               LW_API_TRY(body, json_body(req));
               LW_API_TRY(text, text_field(*body, "text", 2000, true));
               const service::Caller caller = caller_of(req);
               const domain::Scope scope = identity::data_scope(*p);
               auto done = co_await cases.respond(scope, *id, std::move(*text), caller);
               co_return respond(req, std::move(done), receipted);
             });
}

}  // namespace lw::api
