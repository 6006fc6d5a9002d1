// Administrative divisions (issue 5 item 1), read by any signed-in user: the list (children of a
// division, or a search) and one division with its ancestors and children.
#include <boost/json.hpp>

#include "api/json_io.hpp"
#include "api/routes.hpp"
#include "storage/regions.hpp"

namespace lw::api {
namespace {

boost::json::object region_json(const domain::Region& r) {
  return {{"code", r.code},
          {"name", r.name},
          {"level", storage::region_level_name(r.level)},
          {"parent", r.parent}};
}

// The division of `code` with its ancestors (nearest first) and children.
Result<boost::json::object> region_detail(storage::Connection& conn, const std::string& code) {
  auto found = storage::find_region(conn, code);
  if (!found) {
    return std::move(found).error();
  }
  if (!*found) {
    return Error(std::string(errc::not_found), "no region " + code);
  }
  boost::json::object out = region_json(**found);
  boost::json::array ancestors;
  for (std::string parent = (*found)->parent; !parent.empty() && ancestors.size() < 3;) {
    auto up = storage::find_region(conn, parent);
    if (!up) {
      return std::move(up).error();
    }
    if (!*up) {
      break;
    }
    ancestors.push_back(region_json(**up));
    parent = (*up)->parent;
  }
  storage::RegionFilter children_of;
  children_of.parent = code;
  auto children = storage::list_regions(conn, children_of, {0, 1000});
  if (!children) {
    return std::move(children).error();
  }
  boost::json::array kids;
  for (const auto& c : children->items) {
    kids.push_back(region_json(c));
  }
  out["ancestors"] = std::move(ancestors);
  out["children"] = std::move(kids);
  return out;
}

}  // namespace

void register_region_routes(http::Router& router, Services& services) {
  auto& db = services.db;

  router.add("GET", "/api/v1/regions", [&db](http::Request& req) -> Task<http::Response> {
    if (auto p = require_user(req); !p) {
      co_return http::Response::error(req, p.error());
    }
    LW_API_TRY(query, list_query(req));
    storage::RegionFilter filter;
    filter.q = query->q;
    if (auto parent = req.query_param("parent")) {
      if (!parent->empty() && !domain::valid_region_code(*parent)) {
        co_return http::Response::error(
            req, field_error("parent", "a six-digit GB/T 2260 code or empty"));
      }
      filter.parent = std::string(*parent);
    }
    LW_API_TRY(conn, db.acquire());
    co_return respond(req, storage::list_regions(**conn, filter, query->page),
                      [&query](const storage::Paged<domain::Region>& page) {
                        boost::json::array items;
                        for (const auto& r : page.items) {
                          items.push_back(region_json(r));
                        }
                        return http::Response::json(
                            200, page_json(std::move(items), page.total, query->page));
                      });
  });

  router.add("GET", "/api/v1/regions/{code}", [&db](http::Request& req) -> Task<http::Response> {
    if (auto p = require_user(req); !p) {
      co_return http::Response::error(req, p.error());
    }
    const std::string& code = req.params.at("code");
    if (!domain::valid_region_code(code)) {
      co_return http::Response::error(req, field_error("code", "a six-digit GB/T 2260 code"));
    }
    LW_API_TRY(conn, db.acquire());
    co_return respond(req, region_detail(**conn, code), [](boost::json::object& detail) {
      return http::Response::json(200, std::move(detail));
    });
  });
}

}  // namespace lw::api
