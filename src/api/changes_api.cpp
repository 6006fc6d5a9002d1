// Change requests (变更审批, identity/registry_changes.hpp): a registry change is proposed with
// a reason, then approved or rejected by another person; an approval answers the new version's
// receipt, and the record's ledger history shows the approval.
#include <boost/json.hpp>

#include "api/json_io.hpp"
#include "api/routes.hpp"
#include "core/json_values.hpp"

namespace lw::api {
namespace {

boost::json::object change_json(const domain::ChangeRequest& c) {
  boost::system::error_code ec;
  auto proposal = boost::json::parse(c.proposal, ec);
  const bool decided = c.state != domain::ChangeState::pending;
  return {{"id", c.id},
          {"record_type", c.record_type},
          {"record_id", c.record_id},
          {"lab_code", c.lab_code},
          {"base_version", c.base_version},
          {"changes", ec ? boost::json::value(boost::json::object{}) : std::move(proposal)},
          {"reason", c.reason},
          {"requested_by", c.requested_by},
          {"requested_at", format_utc(c.requested_at)},
          {"state", std::string(domain::state_name(c.state))},
          {"decided_by", decided ? boost::json::value(c.decided_by) : boost::json::value(nullptr)},
          {"decided_at", time_or_null(c.decided_at)},
          {"decision_note", c.decision_note},
          {"applied_version", c.applied_version ? boost::json::value(*c.applied_version)
                                                : boost::json::value(nullptr)}};
}

Result<storage::ChangeFilter> change_filter(const http::Request& req) {
  storage::ChangeFilter f;
  if (auto state = req.query_param("state"); state && !state->empty()) {
    f.state = domain::parse_change_state(*state);
    if (!f.state) {
      return field_error("state", "pending, approved or rejected");
    }
  }
  f.record_type = std::string(req.query_param("record_type").value_or(""));
  f.record_id = std::string(req.query_param("record_id").value_or(""));
  return f;
}

// Runs a decision (approve or reject) of the request in the path; `approve` says which.
Task<http::Response> decide(http::Request& req, identity::RegistryChanges& changes, bool approve) {
  LW_API_TRY(p, require_user(req));
  LW_API_TRY(id, id_param(req, "id"));
  // An approval may come without a body; a rejection carries its note.
  auto body = approve && req.body.empty() ? Result<boost::json::object>(boost::json::object{})
                                          : json_body(req);
  if (!body) {
    co_return http::Response::error(req, body.error());
  }
  LW_API_TRY(note, string_field(*body, "note", !approve));
  const service::Caller caller = caller_of(req);
  auto done = co_await changes.decide(*p, *id, approve, std::move(*note), caller);
  co_return respond(req, std::move(done), [](const identity::DecidedChange& d) {
    boost::json::object out{{"change", change_json(d.request)}};
    if (d.lab) {
      out["record"] = lab_json(*d.lab);
    }
    if (d.leaf) {
      out["receipt"] = pending_receipt(*d.leaf);
    }
    return http::Response::json(200, std::move(out));
  });
}

}  // namespace

void register_change_routes(http::Router& router, Services& services) {
  auto& changes = services.changes;

  router.add("POST", "/api/v1/labs/{code}/changes",
             [&changes](http::Request& req) -> Task<http::Response> {
               LW_API_TRY(p, require_user(req));
               LW_API_TRY(body, json_body(req));
               identity::LabChange change;
               for (const auto& f : identity::kLabChangeFields) {
                 LW_API_TRY(v, optional_string_field(*body, f.name));
                 change.*f.change = std::move(*v);
               }
               LW_API_TRY(override_reason, optional_string_field(*body, "credit_override"));
               change.credit_override = std::move(*override_reason);
               LW_API_TRY(reason, string_field(*body, "reason", true));
               const service::Caller caller = caller_of(req);
               const std::string& code = req.params.at("code");
               auto made = co_await changes.propose_lab_change(*p, code, change, std::move(*reason),
                                                               caller);
               co_return respond(req, std::move(made), [](const domain::ChangeRequest& c) {
                 auto res = http::Response::json(201, change_json(c));
                 res.set_header("Location", "/api/v1/changes/" + std::to_string(c.id));
                 return res;
               });
             });

  router.add("GET", "/api/v1/changes", [&changes](http::Request& req) -> Task<http::Response> {
    LW_API_TRY(p, require_user(req));
    LW_API_TRY(filter, change_filter(req));
    co_return respond(req, changes.list(*p, *filter),
                      [](const std::vector<domain::ChangeRequest>& cs) {
                        boost::json::array items;
                        for (const auto& c : cs) {
                          items.push_back(change_json(c));
                        }
                        return http::Response::json(200, {{"items", std::move(items)}});
                      });
  });

  router.add("GET", "/api/v1/changes/{id}", [&changes](http::Request& req) -> Task<http::Response> {
    LW_API_TRY(p, require_user(req));
    LW_API_TRY(id, id_param(req, "id"));
    co_return respond(req, changes.get(*p, *id), [](const domain::ChangeRequest& c) {
      return http::Response::json(200, change_json(c));
    });
  });

  router.add("POST", "/api/v1/changes/{id}/approve",
             [&changes](http::Request& req) -> Task<http::Response> {
               co_return co_await decide(req, changes, true);
             });
  router.add("POST", "/api/v1/changes/{id}/reject",
             [&changes](http::Request& req) -> Task<http::Response> {
               co_return co_await decide(req, changes, false);
             });
}

}  // namespace lw::api
