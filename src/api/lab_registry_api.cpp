// A lab's registry entries (issue 5 items 3, 5 and 9): qualification certificates and equipment
// with calibrations and the regulator's verification (JL-1.1 设备核验). Anyone whose registry
// scope covers the lab reads them — the lab's own users read-only —; regulators covering the lab
// and the system admin change them; only a regulator verifies equipment. A lab system signed with
// its key reads its own lab's facts, certificates and equipment under /api/v1/lab-api/.
#include <boost/json.hpp>

#include "api/json_io.hpp"
#include "api/routes.hpp"
#include "domain/calendar.hpp"

namespace lw::api {
namespace {

using registry::EquipmentDetail;

Result<std::vector<std::string>> string_list(const boost::json::object& body, std::string_view name,
                                             bool required) {
  const auto* v = body.if_contains(name);
  if (v == nullptr || v->is_null()) {
    if (required) {
      return field_error(name, "required");
    }
    return std::vector<std::string>{};
  }
  if (!v->is_array()) {
    return field_error(name, "a list of strings");
  }
  std::vector<std::string> out;
  for (const auto& item : v->get_array()) {
    if (!item.is_string()) {
      return field_error(name, "a list of strings");
    }
    out.emplace_back(item.get_string());
  }
  return out;
}

/// The path's lab code.
std::string code_param(const http::Request& req) {
  const auto it = req.params.find("code");
  return it == req.params.end() ? std::string() : it->second;
}

Result<domain::Qualification> qualification_body(const boost::json::object& body) {
  domain::Qualification q;
  for (auto [field, out] : {std::pair{"number", &q.number}, std::pair{"issuer", &q.issuer}}) {
    auto v = string_field(body, field, true);
    if (!v) {
      return std::move(v).error();
    }
    *out = std::move(*v);
  }
  auto categories = string_list(body, "categories", true);
  if (!categories) {
    return std::move(categories).error();
  }
  q.categories = std::move(*categories);
  auto parameters = string_list(body, "parameters", false);
  if (!parameters) {
    return std::move(parameters).error();
  }
  q.parameters = std::move(*parameters);
  for (auto [field, out] :
       {std::pair{"valid_from", &q.valid_from}, std::pair{"valid_until", &q.valid_until}}) {
    auto d = date_field(body, field);
    if (!d) {
      return std::move(d).error();
    }
    *out = *d;
  }
  return q;
}

Result<domain::Equipment> equipment_body(const boost::json::object& body) {
  domain::Equipment e;
  for (auto [field, out, required] :
       {std::tuple{"name", &e.name, true}, std::tuple{"model", &e.model, false},
        std::tuple{"serial", &e.serial, false}, std::tuple{"category", &e.category, false},
        std::tuple{"measuring_range", &e.measuring_range, false}}) {
    auto v = string_field(body, field, required);
    if (!v) {
      return std::move(v).error();
    }
    *out = std::move(*v);
  }
  auto auto_collect = bool_field(body, "auto_collect");
  if (!auto_collect) {
    return std::move(auto_collect).error();
  }
  e.auto_collect = auto_collect->value_or(false);
  for (const char* field : {"verification_state", "lab_code"}) {
    if (body.contains(field)) {
      return field_error(field, "not set here");
    }
  }
  return e;
}

Result<registry::EquipmentChange> equipment_change_body(const boost::json::object& body) {
  registry::EquipmentChange c;
  for (auto [field, out] :
       {std::pair{"name", &c.name}, std::pair{"model", &c.model}, std::pair{"serial", &c.serial},
        std::pair{"category", &c.category}, std::pair{"measuring_range", &c.measuring_range}}) {
    auto v = optional_string_field(body, field);
    if (!v) {
      return std::move(v).error();
    }
    *out = std::move(*v);
  }
  auto auto_collect = bool_field(body, "auto_collect");
  if (!auto_collect) {
    return std::move(auto_collect).error();
  }
  c.auto_collect = *auto_collect;
  for (const char* field : {"verification_state", "lab_code"}) {
    if (body.contains(field)) {
      return field_error(field, "not changed here");
    }
  }
  return c;
}

Result<domain::Calibration> calibration_body(const boost::json::object& body) {
  domain::Calibration c;
  for (auto [field, out] : {std::pair{"number", &c.number}, std::pair{"issuer", &c.issuer}}) {
    auto v = string_field(body, field, true);
    if (!v) {
      return std::move(v).error();
    }
    *out = std::move(*v);
  }
  for (auto [field, out] :
       {std::pair{"calibrated_on", &c.calibrated_on}, std::pair{"valid_until", &c.valid_until}}) {
    auto d = date_field(body, field);
    if (!d) {
      return std::move(d).error();
    }
    *out = *d;
  }
  return c;
}

Result<storage::EquipmentFilter> equipment_filter(const http::Request& req) {
  auto q = list_query(req);
  if (!q) {
    return std::move(q).error();
  }
  storage::EquipmentFilter f;
  f.q = std::move(q->q);
  f.page = q->page;
  if (auto lab = req.query_param("lab"); lab && !lab->empty()) {
    f.lab_code = std::string(*lab);
  }
  if (auto c = req.query_param("calibration"); c && !c->empty()) {
    f.calibration = domain::parse_calibration_status(*c);
    if (!f.calibration) {
      return field_error("calibration", "valid, expiring, expired or none");
    }
  }
  if (auto v = req.query_param("verification"); v && !v->empty()) {
    f.verification = domain::parse_verification(*v);
    if (!f.verification) {
      return field_error("verification", "unverified, verified or rejected");
    }
  }
  return f;
}

/// The reason member of a body ("" when absent).
Result<std::string> reason_of(const boost::json::object& body) {
  return string_field(body, "reason", false);
}

http::Response equipment_answer(int status, const service::Receipted<EquipmentDetail>& saved,
                                Instant now) {
  auto body = registry::equipment_detail_json(saved.record, now);
  body["receipt"] = pending_receipt(saved.leaf);
  return http::Response::json(status, std::move(body));
}

http::Response qualification_answer(int status,
                                    const service::Receipted<domain::Qualification>& saved,
                                    Instant now) {
  auto body = registry::qualification_json(saved.record, now);
  body["receipt"] = pending_receipt(saved.leaf);
  return http::Response::json(status, std::move(body));
}

boost::json::array qualifications_json(const std::vector<domain::Qualification>& qs, Instant now) {
  boost::json::array items;
  for (const auto& q : qs) {
    items.push_back(registry::qualification_json(q, now));
  }
  return items;
}

}  // namespace

void register_lab_registry_routes(http::Router& router, Services& services) {
  auto& quals = services.lab_registry;
  auto& equipment = services.equipment;
  auto& labs = services.labs;
  const Clock& clock = services.clock;

  router.add("GET", "/api/v1/qualification-categories",
             [](http::Request& req) -> Task<http::Response> {
               if (auto p = require_user(req); !p) {
                 co_return http::Response::error(req, p.error());
               }
               boost::json::array items;
               for (const auto& c : domain::qualification_categories()) {
                 items.push_back({{"code", c.code},
                                  {"name_zh", c.name_zh},
                                  {"name_en", c.name_en},
                                  {"material_testing", c.material_testing}});
               }
               co_return http::Response::json(200, {{"items", std::move(items)}});
             });

  // ---- Qualification certificates ----

  router.add("GET", "/api/v1/labs/{code}/qualifications",
             [&quals, &clock](http::Request& req) -> Task<http::Response> {
               LW_API_TRY(p, require_user(req));
               const Instant now = clock.now();
               co_return respond(
                   req, quals.qualifications(identity::registry_scope(*p), code_param(req)),
                   [now](const std::vector<domain::Qualification>& qs) {
                     return http::Response::json(200, {{"items", qualifications_json(qs, now)}});
                   });
             });

  router.add("POST", "/api/v1/labs/{code}/qualifications",
             [&quals, &clock](http::Request& req) -> Task<http::Response> {
               LW_API_TRY(p, require_user(req));
               LW_API_TRY(body, json_body(req));
               LW_API_TRY(q, qualification_body(*body));
               LW_API_TRY(reason, reason_of(*body));
               const service::Caller caller = caller_of(req);
               const std::string code = code_param(req);
               auto saved = co_await quals.add(*p, code, std::move(*q), std::move(*reason), caller);
               const Instant now = clock.now();
               co_return respond(req, std::move(saved), [now](const auto& s) {
                 return qualification_answer(201, s, now);
               });
             });

  router.add("PUT", "/api/v1/labs/{code}/qualifications/{id}",
             [&quals, &clock](http::Request& req) -> Task<http::Response> {
               LW_API_TRY(p, require_user(req));
               LW_API_TRY(id, id_param(req, "id"));
               LW_API_TRY(body, json_body(req));
               LW_API_TRY(q, qualification_body(*body));
               LW_API_TRY(reason, reason_of(*body));
               const service::Caller caller = caller_of(req);
               const std::string code = code_param(req);
               auto saved =
                   co_await quals.replace(*p, code, *id, std::move(*q), std::move(*reason), caller);
               const Instant now = clock.now();
               co_return respond(req, std::move(saved), [now](const auto& s) {
                 return qualification_answer(200, s, now);
               });
             });

  router.add("POST", "/api/v1/labs/{code}/qualifications/{id}/withdraw",
             [&quals, &clock](http::Request& req) -> Task<http::Response> {
               LW_API_TRY(p, require_user(req));
               LW_API_TRY(id, id_param(req, "id"));
               LW_API_TRY(body, json_body(req));
               LW_API_TRY(reason, reason_of(*body));
               const service::Caller caller = caller_of(req);
               const std::string code = code_param(req);
               auto saved = co_await quals.withdraw(*p, code, *id, std::move(*reason), caller);
               const Instant now = clock.now();
               co_return respond(req, std::move(saved), [now](const auto& s) {
                 return qualification_answer(200, s, now);
               });
             });

  // ---- Equipment ----

  router.add("GET", "/api/v1/equipment",
             [&equipment, &clock](http::Request& req) -> Task<http::Response> {
               LW_API_TRY(p, require_user(req));
               LW_API_TRY(filter, equipment_filter(req));
               const Instant now = clock.now();
               co_return respond(req, equipment.list(identity::registry_scope(*p), *filter),
                                 [&](const storage::Paged<domain::Equipment>& page) {
                                   boost::json::array items;
                                   for (const auto& e : page.items) {
                                     items.push_back(registry::equipment_json(e, now));
                                   }
                                   return http::Response::json(
                                       200, page_json(std::move(items), page.total, filter->page));
                                 });
             });

  router.add("GET", "/api/v1/labs/{code}/equipment",
             [&equipment, &labs, &clock](http::Request& req) -> Task<http::Response> {
               LW_API_TRY(p, require_user(req));
               if (auto lab = labs.get(*p, code_param(req)); !lab) {
                 co_return http::Response::error(req, lab.error());
               }
               LW_API_TRY(filter, equipment_filter(req));
               filter->lab_code = code_param(req);
               const Instant now = clock.now();
               co_return respond(req, equipment.list(identity::registry_scope(*p), *filter),
                                 [&](const storage::Paged<domain::Equipment>& page) {
                                   boost::json::array items;
                                   for (const auto& e : page.items) {
                                     items.push_back(registry::equipment_json(e, now));
                                   }
                                   return http::Response::json(
                                       200, page_json(std::move(items), page.total, filter->page));
                                 });
             });

  router.add("GET", "/api/v1/labs/{code}/equipment/{id}",
             [&equipment, &clock](http::Request& req) -> Task<http::Response> {
               LW_API_TRY(p, require_user(req));
               LW_API_TRY(id, id_param(req, "id"));
               const Instant now = clock.now();
               co_return respond(
                   req, equipment.get(identity::registry_scope(*p), code_param(req), *id),
                   [now](const EquipmentDetail& d) {
                     return http::Response::json(200, registry::equipment_detail_json(d, now));
                   });
             });

  router.add("POST", "/api/v1/labs/{code}/equipment",
             [&equipment, &clock](http::Request& req) -> Task<http::Response> {
               LW_API_TRY(p, require_user(req));
               LW_API_TRY(body, json_body(req));
               LW_API_TRY(e, equipment_body(*body));
               LW_API_TRY(reason, reason_of(*body));
               const service::Caller caller = caller_of(req);
               const std::string code = code_param(req);
               auto saved =
                   co_await equipment.add(*p, code, std::move(*e), std::move(*reason), caller);
               const Instant now = clock.now();
               co_return respond(req, std::move(saved), [&](const auto& s) {
                 auto res = equipment_answer(201, s, now);
                 res.set_header("Location", "/api/v1/labs/" + code + "/equipment/" +
                                                std::to_string(s.record.equipment.id));
                 return res;
               });
             });

  router.add("PATCH", "/api/v1/labs/{code}/equipment/{id}",
             [&equipment, &clock](http::Request& req) -> Task<http::Response> {
               LW_API_TRY(p, require_user(req));
               LW_API_TRY(id, id_param(req, "id"));
               LW_API_TRY(body, json_body(req));
               LW_API_TRY(change, equipment_change_body(*body));
               LW_API_TRY(reason, reason_of(*body));
               const service::Caller caller = caller_of(req);
               const std::string code = code_param(req);
               auto saved = co_await equipment.change(*p, code, *id, std::move(*change),
                                                      std::move(*reason), caller);
               const Instant now = clock.now();
               co_return respond(req, std::move(saved),
                                 [now](const auto& s) { return equipment_answer(200, s, now); });
             });

  router.add("POST", "/api/v1/labs/{code}/equipment/{id}/calibrations",
             [&equipment, &clock](http::Request& req) -> Task<http::Response> {
               LW_API_TRY(p, require_user(req));
               LW_API_TRY(id, id_param(req, "id"));
               LW_API_TRY(body, json_body(req));
               LW_API_TRY(c, calibration_body(*body));
               LW_API_TRY(reason, reason_of(*body));
               const service::Caller caller = caller_of(req);
               const std::string code = code_param(req);
               auto saved = co_await equipment.add_calibration(*p, code, *id, std::move(*c),
                                                               std::move(*reason), caller);
               const Instant now = clock.now();
               co_return respond(req, std::move(saved),
                                 [now](const auto& s) { return equipment_answer(201, s, now); });
             });

  router.add("POST", "/api/v1/labs/{code}/equipment/{id}/verification",
             [&equipment, &clock](http::Request& req) -> Task<http::Response> {
               LW_API_TRY(p, require_user(req));
               LW_API_TRY(id, id_param(req, "id"));
               LW_API_TRY(body, json_body(req));
               LW_API_TRY(state_name, string_field(*body, "state", true));
               const auto state = domain::parse_verification(*state_name);
               if (!state) {
                 co_return http::Response::error(
                     req, field_error("state", "unverified, verified or rejected"));
               }
               LW_API_TRY(note, string_field(*body, "note", false));
               const service::Caller caller = caller_of(req);
               const std::string code = code_param(req);
               auto saved =
                   co_await equipment.verify(*p, code, *id, *state, std::move(*note), caller);
               const Instant now = clock.now();
               co_return respond(req, std::move(saved),
                                 [now](const auto& s) { return equipment_answer(200, s, now); });
             });

  // ---- The lab-side read model (item 9): a lab system reads its own lab ----

  router.add("GET", "/api/v1/lab-api/qualification",
             [&quals, &labs, &clock](http::Request& req) -> Task<http::Response> {
               LW_API_TRY(lab_code, signed_lab(req));
               const domain::Scope scope = identity::lab_system_scope(*lab_code);
               const Instant now = clock.now();
               LW_API_TRY(lab, labs.listing_in(scope, *lab_code));
               co_return respond(req, quals.qualifications(scope, *lab_code),
                                 [&](const std::vector<domain::Qualification>& qs) {
                                   auto body = lab_listing_json(*lab, now);
                                   body["qualifications"] = qualifications_json(qs, now);
                                   return http::Response::json(200, std::move(body));
                                 });
             });

  router.add("GET", "/api/v1/lab-api/equipment",
             [&equipment, &clock](http::Request& req) -> Task<http::Response> {
               LW_API_TRY(lab_code, signed_lab(req));
               LW_API_TRY(filter, equipment_filter(req));
               filter->lab_code = *lab_code;
               const Instant now = clock.now();
               co_return respond(req,
                                 equipment.list(identity::lab_system_scope(*lab_code), *filter),
                                 [&](const storage::Paged<domain::Equipment>& page) {
                                   boost::json::array items;
                                   for (const auto& e : page.items) {
                                     items.push_back(registry::equipment_json(e, now));
                                   }
                                   return http::Response::json(
                                       200, page_json(std::move(items), page.total, filter->page));
                                 });
             });
}

}  // namespace lw::api
