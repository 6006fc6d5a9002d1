// Organisations other than labs (issue 5 item 2, registry/organisations.hpp): registration with
// the credit-code check and the admin's override, changes with a reason, and the list and
// record a caller's registry scope covers.
#include <boost/json.hpp>

#include "api/json_io.hpp"
#include "api/routes.hpp"

namespace lw::api {
namespace {

boost::json::object organisation_json(const domain::Organisation& o) {
  return {{"id", o.id},
          {"kind", domain::kind_name(o.kind)},
          {"name", o.name},
          {"credit_code", o.credit_code},
          {"credit_override", optional_json(o.credit_override)},
          {"region_code", o.region_code},
          {"address", o.address},
          {"contact_name", o.contact_name},
          {"contact_phone", o.contact_phone},
          {"created_by", o.created_by},
          {"created_at", format_utc(o.created_at)},
          {"updated_at", format_utc(o.updated_at)}};
}

http::Response receipted(const service::Receipted<domain::Organisation>& made, int status) {
  auto body = organisation_json(made.record);
  body["receipt"] = pending_receipt(made.leaf);
  auto res = http::Response::json(status, std::move(body));
  res.set_header("Location", "/api/v1/organisations/" + std::to_string(made.record.id));
  return res;
}

Result<registry::NewOrganisation> new_organisation(const boost::json::object& body) {
  registry::NewOrganisation in;
  auto kind = string_field(body, "kind", true);
  if (!kind) {
    return std::move(kind).error();
  }
  const auto parsed = domain::parse_organisation_kind(*kind);
  if (!parsed) {
    return field_error("kind",
                       "construction_unit, contractor, supervision_company or ready_mix_plant");
  }
  in.kind = *parsed;
  for (auto [field, out, required] :
       {std::tuple{"name", &in.name, true}, std::tuple{"credit_code", &in.credit_code, true},
        std::tuple{"region_code", &in.region_code, true}, std::tuple{"address", &in.address, false},
        std::tuple{"contact_name", &in.contact_name, false},
        std::tuple{"contact_phone", &in.contact_phone, false},
        std::tuple{"credit_override_reason", &in.credit_override_reason, false}}) {
    auto v = string_field(body, field, required);
    if (!v) {
      return std::move(v).error();
    }
    *out = std::move(*v);
  }
  return in;
}

Result<storage::OrganisationFilter> organisation_filter(const http::Request& req, std::string q) {
  storage::OrganisationFilter f;
  f.q = std::move(q);
  if (auto kind = req.query_param("kind"); kind && !kind->empty()) {
    f.kind = domain::parse_organisation_kind(*kind);
    if (!f.kind) {
      return field_error("kind",
                         "construction_unit, contractor, supervision_company or ready_mix_plant");
    }
  }
  if (auto region = req.query_param("region"); region && !region->empty()) {
    if (!domain::valid_region_code(*region)) {
      return field_error("region", "a six-digit GB/T 2260 code");
    }
    f.region_code = std::string(*region);
  }
  return f;
}

}  // namespace

void register_organisation_routes(http::Router& router, Services& services) {
  auto& orgs = services.organisations;

  router.add("GET", "/api/v1/organisation-kinds", [](http::Request& req) -> Task<http::Response> {
    if (auto p = require_user(req); !p) {
      co_return http::Response::error(req, p.error());
    }
    boost::json::array items;
    for (const auto& k : domain::organisation_kinds()) {
      items.push_back({{"kind", k.name}, {"name_zh", k.name_zh}, {"name_en", k.name_en}});
    }
    co_return http::Response::json(200, {{"items", std::move(items)}});
  });

  router.add("POST", "/api/v1/organisations", [&orgs](http::Request& req) -> Task<http::Response> {
    LW_API_TRY(p, require_user(req));
    LW_API_TRY(body, json_body(req));
    LW_API_TRY(input, new_organisation(*body));
    const service::Caller caller = caller_of(req);
    auto made = co_await orgs.register_organisation(*p, std::move(*input), caller);
    co_return respond(req, std::move(made), [](const service::Receipted<domain::Organisation>& m) {
      return receipted(m, 201);
    });
  });

  router.add("GET", "/api/v1/organisations", [&orgs](http::Request& req) -> Task<http::Response> {
    LW_API_TRY(p, require_user(req));
    LW_API_TRY(query, list_query(req));
    LW_API_TRY(filter, organisation_filter(req, query->q));
    const storage::Page page = query->page;
    co_return respond(req, orgs.list(*p, *filter, page),
                      [&page](const storage::Paged<domain::Organisation>& found) {
                        boost::json::array items;
                        for (const auto& o : found.items) {
                          items.push_back(organisation_json(o));
                        }
                        return http::Response::json(200,
                                                    page_json(std::move(items), found.total, page));
                      });
  });

  router.add("GET", "/api/v1/organisations/{id}",
             [&orgs](http::Request& req) -> Task<http::Response> {
               LW_API_TRY(p, require_user(req));
               LW_API_TRY(id, id_param(req, "id"));
               co_return respond(req, orgs.get(*p, *id), [](const domain::Organisation& o) {
                 return http::Response::json(200, organisation_json(o));
               });
             });

  router.add(
      "PATCH", "/api/v1/organisations/{id}", [&orgs](http::Request& req) -> Task<http::Response> {
        LW_API_TRY(p, require_user(req));
        LW_API_TRY(id, id_param(req, "id"));
        LW_API_TRY(body, json_body(req));
        registry::OrganisationChange change;
        for (auto [field, out] :
             {std::pair{"name", &change.name}, std::pair{"address", &change.address},
              std::pair{"contact_name", &change.contact_name},
              std::pair{"contact_phone", &change.contact_phone}}) {
          LW_API_TRY(v, optional_string_field(*body, field));
          *out = std::move(*v);
        }
        LW_API_TRY(reason, string_field(*body, "reason", true));
        const service::Caller caller = caller_of(req);
        auto made = co_await orgs.change(*p, *id, std::move(change), std::move(*reason), caller);
        co_return respond(
            req, std::move(made),
            [](const service::Receipted<domain::Organisation>& m) { return receipted(m, 200); });
      });
}

}  // namespace lw::api
