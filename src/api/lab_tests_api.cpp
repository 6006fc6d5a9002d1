// Lab tests (issue 7, labtests/lab_tests.hpp, docs/lab-tests.md): contracts, plans, tests
// started, streamed and finished by the lab's system, reviews, versions and voids; the lists and
// a test's page for people; the live feed of tests in progress.
#include <boost/json.hpp>

#include "api/json_io.hpp"
#include "api/lab_tests_json.hpp"
#include "api/live_hub.hpp"
#include "api/routes.hpp"
#include "domain/curve.hpp"
#include "storage/specimens.hpp"

namespace lw::api {
namespace {

using labtests::LabTests;
using labtests::SendingLab;
using labtests::TestView;

constexpr std::chrono::seconds kHeartbeat{15};

std::string test_location(std::int64_t id) {
  return "/api/v1/tests/" + std::to_string(id);
}

http::Response test_created(const service::Receipted<TestView>& m) {
  return created(test_view_json(m.record), m.leaf, test_location(m.record.test.id));
}

http::Response test_changed(const service::Receipted<TestView>& m) {
  auto body = test_view_json(m.record);
  body["receipt"] = pending_receipt(m.leaf);
  return http::Response::json(200, std::move(body));
}

Result<std::optional<std::string>> text_query(const http::Request& req, std::string_view name,
                                              std::size_t max) {
  auto v = req.query_param(name);
  if (!v || v->empty()) {
    return std::optional<std::string>{};
  }
  if (v->size() > max) {
    return field_error(name, "too long");
  }
  return std::optional<std::string>(std::string(*v));
}

// Routes of a lab's system (signed with its key).
void register_lab_system_routes(http::Router& router, LabTests& tests) {
  router.add("POST", "/api/v1/lab-api/contracts",
             [&tests](http::Request& req) -> Task<http::Response> {
               LW_API_TRY(lab_code, signed_lab(req));
               LW_API_TRY(body, json_body(req));
               LW_API_TRY(input, new_contract(*body));
               const SendingLab lab{*lab_code};
               const service::Caller caller = caller_of(req);
               auto made = co_await tests.upload_contract(lab, std::move(*input), caller);
               co_return respond(
                   req, std::move(made), [](const service::Receipted<storage::TestContract>& m) {
                     return created(contract_json(m.record), m.leaf,
                                    "/api/v1/contracts/" + std::to_string(m.record.id));
                   });
             });

  router.add(
      "POST", "/api/v1/lab-api/test-plans", [&tests](http::Request& req) -> Task<http::Response> {
        LW_API_TRY(lab_code, signed_lab(req));
        LW_API_TRY(body, json_body(req));
        LW_API_TRY(input, new_plan(*body));
        const SendingLab lab{*lab_code};
        const service::Caller caller = caller_of(req);
        auto made = co_await tests.upload_plan(lab, std::move(*input), caller);
        co_return respond(req, std::move(made), [](const service::Receipted<storage::TestPlan>& m) {
          return created(plan_json(m.record), m.leaf,
                         "/api/v1/test-plans/" + std::to_string(m.record.id));
        });
      });

  router.add("GET", "/api/v1/lab-api/specimens",
             [&tests](http::Request& req) -> Task<http::Response> {
               LW_API_TRY(lab_code, signed_lab(req));
               auto state = req.query_param("state");
               if (!state || *state != "awaiting_test") {
                 co_return http::Response::error(req, field_error("state", "awaiting_test"));
               }
               co_return respond(req, tests.awaiting(SendingLab{*lab_code}),
                                 [](const std::vector<storage::AwaitingSpecimen>& found) {
                                   boost::json::array items;
                                   for (const auto& s : found) {
                                     items.push_back({{"label_code", s.label_code},
                                                      {"sampling_id", s.sampling_id},
                                                      {"project_id", s.project_id},
                                                      {"material", s.material},
                                                      {"concrete_group", s.concrete_group},
                                                      {"grade", s.grade},
                                                      {"specimen_ordinal", s.ordinal},
                                                      {"received_at", format_utc(s.received_at)}});
                                   }
                                   return http::Response::json(200, {{"items", std::move(items)}});
                                 });
             });

  router.add("POST", "/api/v1/lab-api/tests", [&tests](http::Request& req) -> Task<http::Response> {
    LW_API_TRY(lab_code, signed_lab(req));
    LW_API_TRY(body, json_body(req));
    LW_API_TRY(input, new_test(*body));
    const SendingLab lab{*lab_code};
    const service::Caller caller = caller_of(req);
    auto made = co_await tests.start(lab, std::move(*input), caller);
    co_return respond(req, std::move(made), test_created);
  });

  router.add("POST", "/api/v1/lab-api/tests/{id}/readings",
             [&tests](http::Request& req) -> Task<http::Response> {
               LW_API_TRY(lab_code, signed_lab(req));
               LW_API_TRY(id, id_param(req, "id"));
               LW_API_TRY(body, json_body(req));
               LW_API_TRY(chunk, readings_chunk(*body));
               const std::size_t points = chunk->points.size();
               const SendingLab lab{*lab_code};
               const service::Caller caller = caller_of(req);
               auto stored = co_await tests.add_readings(lab, *id, std::move(*chunk), caller);
               co_return respond(req, std::move(stored), [&](bool fresh) {
                 return http::Response::json(
                     202, {{"accepted", points}, {"stored", fresh}, {"test_id", *id}});
               });
             });

  router.add("POST", "/api/v1/lab-api/tests/{id}/finish",
             [&tests](http::Request& req) -> Task<http::Response> {
               LW_API_TRY(lab_code, signed_lab(req));
               LW_API_TRY(id, id_param(req, "id"));
               LW_API_TRY(body, json_body(req));
               LW_API_TRY(results, results_of(*body));
               const SendingLab lab{*lab_code};
               const service::Caller caller = caller_of(req);
               auto done = co_await tests.finish(lab, *id, std::move(*results), caller);
               co_return respond(req, std::move(done), test_changed);
             });

  router.add("POST", "/api/v1/lab-api/tests/{id}/reviews",
             [&tests](http::Request& req) -> Task<http::Response> {
               LW_API_TRY(lab_code, signed_lab(req));
               LW_API_TRY(id, id_param(req, "id"));
               LW_API_TRY(body, json_body(req));
               LW_API_TRY(input, review_of(*body));
               const SendingLab lab{*lab_code};
               const service::Caller caller = caller_of(req);
               auto done = co_await tests.review(lab, *id, *input, caller);
               co_return respond(req, std::move(done), test_created);
             });

  router.add("POST", "/api/v1/lab-api/tests/{id}/versions",
             [&tests](http::Request& req) -> Task<http::Response> {
               LW_API_TRY(lab_code, signed_lab(req));
               LW_API_TRY(id, id_param(req, "id"));
               LW_API_TRY(body, json_body(req));
               LW_API_TRY(change, change_of(*body, false));
               const SendingLab lab{*lab_code};
               const service::Caller caller = caller_of(req);
               auto done = co_await tests.change(lab, *id, std::move(*change), caller);
               co_return respond(req, std::move(done), test_created);
             });

  router.add("POST", "/api/v1/lab-api/tests/{id}/void",
             [&tests](http::Request& req) -> Task<http::Response> {
               LW_API_TRY(lab_code, signed_lab(req));
               LW_API_TRY(id, id_param(req, "id"));
               LW_API_TRY(body, json_body(req));
               LW_API_TRY(change, change_of(*body, true));
               const SendingLab lab{*lab_code};
               const service::Caller caller = caller_of(req);
               auto done = co_await tests.change(lab, *id, std::move(*change), caller);
               co_return respond(req, std::move(done), test_changed);
             });
}

}  // namespace

void register_lab_test_routes(http::Router& router, Services& services) {
  LabTests& tests = services.lab_tests;
  LiveHub& live = services.live;
  register_lab_system_routes(router, tests);

  router.add("GET", "/api/v1/tests/live", [&live](http::Request& req) -> Task<http::Response> {
    LW_API_TRY(scope, data_scope_of(req));
    http::Response res;
    res.status = 200;
    res.set_header("Content-Type", "text/event-stream; charset=utf-8");
    res.set_header("X-Accel-Buffering", "no");
    res.events = live.subscribe(*scope, kHeartbeat);
    co_return res;
  });

  router.add("GET", "/api/v1/tests", [&tests](http::Request& req) -> Task<http::Response> {
    LW_API_TRY(scope, data_scope_of(req));
    LW_API_TRY(q, list_query(req));
    storage::TestFilter filter;
    filter.q = q->q;
    LW_API_TRY(status, text_query(req, "status", 20));
    LW_API_TRY(item, text_query(req, "item", 40));
    LW_API_TRY(lab, text_query(req, "lab_code", 20));
    LW_API_TRY(project, id_query(req, "project_id"));
    filter.status = status->value_or("");
    filter.item = item->value_or("");
    filter.lab_code = lab->value_or("");
    filter.project_id = *project;
    co_return respond(req, tests.list_tests(*scope, filter, q->page),
                      [&](const storage::Paged<storage::LabTest>& found) {
                        boost::json::array items;
                        for (const auto& t : found.items) {
                          items.push_back(test_row_json(t));
                        }
                        return http::Response::json(
                            200, page_json(std::move(items), found.total, q->page));
                      });
  });

  router.add("GET", "/api/v1/tests/{id}", [&tests](http::Request& req) -> Task<http::Response> {
    LW_API_TRY(scope, data_scope_of(req));
    LW_API_TRY(id, id_param(req, "id"));
    co_return respond(req, tests.get_test(*scope, *id), [](const TestView& v) {
      return http::Response::json(200, test_view_json(v));
    });
  });

  router.add("GET", "/api/v1/tests/{id}/versions",
             [&tests](http::Request& req) -> Task<http::Response> {
               LW_API_TRY(scope, data_scope_of(req));
               LW_API_TRY(id, id_param(req, "id"));
               co_return respond(req, tests.versions(*scope, *id),
                                 [](const std::vector<labtests::TestVersion>& versions) {
                                   boost::json::array items;
                                   for (const auto& v : versions) {
                                     items.push_back(version_json(v));
                                   }
                                   return http::Response::json(200, {{"items", std::move(items)}});
                                 });
             });

  router.add("GET", "/api/v1/tests/{id}/curves/{specimen}",
             [&tests](http::Request& req) -> Task<http::Response> {
               LW_API_TRY(scope, data_scope_of(req));
               LW_API_TRY(id, id_param(req, "id"));
               const auto& raw = req.params.at("specimen");
               if (raw.empty() || raw.size() > 2 ||
                   raw.find_first_not_of("0123456789") != std::string::npos) {
                 co_return http::Response::error(req, field_error("specimen", "0 to 49"));
               }
               LW_API_TRY(max_points, int_query(req, "max_points", 4, 200000, 200000));
               co_return respond(
                   req, tests.curve(*scope, *id, std::stoi(raw)), [&](const domain::Curve& c) {
                     return http::Response::json(
                         200,
                         curve_json(domain::downsample(c, static_cast<std::size_t>(*max_points))));
                   });
             });

  router.add("POST", "/api/v1/tests/{id}/reviews",
             [&tests](http::Request& req) -> Task<http::Response> {
               LW_API_TRY(p, require_user(req));
               LW_API_TRY(id, id_param(req, "id"));
               LW_API_TRY(body, json_body(req));
               body->insert_or_assign("reviewer_id", 1);  // stands for the account's person
               LW_API_TRY(input, review_of(*body));
               const service::Caller caller = caller_of(req);
               auto done = co_await tests.review_as(*p, *id, std::move(*input), caller);
               co_return respond(req, std::move(done), test_created);
             });

  router.add("GET", "/api/v1/lots/concrete", [&tests](http::Request& req) -> Task<http::Response> {
    LW_API_TRY(scope, data_scope_of(req));
    LW_API_TRY(project, id_query(req, "project_id"));
    if (!*project) {
      co_return http::Response::error(req, field_error("project_id", "required"));
    }
    LW_API_TRY(grade, text_query(req, "grade", 10));
    LW_API_TRY(method_name, text_query(req, "method", 20));
    std::optional<domain::LotMethod> method;
    if (*method_name) {
      method = domain::parse_lot_method(**method_name);
      if (!method) {
        co_return http::Response::error(
            req, field_error("method", "statistical, known_sigma or non_statistical"));
      }
    }
    std::optional<double> sigma0;
    if (auto raw = req.query_param("sigma0"); raw && !raw->empty()) {
      char* end = nullptr;
      const std::string text(*raw);
      sigma0 = std::strtod(text.c_str(), &end);
      if (end != text.c_str() + text.size() || !(*sigma0 > 0 && *sigma0 < 100)) {
        co_return http::Response::error(req, field_error("sigma0", "a number of MPa"));
      }
    }
    co_return respond(req,
                      tests.concrete_lot(*scope, **project, grade->value_or(""), method, sigma0),
                      [](const labtests::ConcreteLot& lot) {
                        return http::Response::json(200, concrete_lot_json(lot));
                      });
  });

  router.add("GET", "/api/v1/contracts", [&tests](http::Request& req) -> Task<http::Response> {
    LW_API_TRY(scope, data_scope_of(req));
    LW_API_TRY(q, list_query(req));
    LW_API_TRY(project, id_query(req, "project_id"));
    LW_API_TRY(late, flag_query(req, "late"));
    storage::ContractFilter filter{q->q, *project, *late};
    co_return respond(req, tests.list_contracts(*scope, filter, q->page),
                      [&](const storage::Paged<storage::TestContract>& found) {
                        boost::json::array items;
                        for (const auto& c : found.items) {
                          items.push_back(contract_json(c));
                        }
                        return http::Response::json(
                            200, page_json(std::move(items), found.total, q->page));
                      });
  });

  router.add("GET", "/api/v1/test-plans", [&tests](http::Request& req) -> Task<http::Response> {
    LW_API_TRY(scope, data_scope_of(req));
    LW_API_TRY(q, list_query(req));
    LW_API_TRY(project, id_query(req, "project_id"));
    LW_API_TRY(late, flag_query(req, "late"));
    storage::PlanFilter filter{*project, *late};
    co_return respond(req, tests.list_plans(*scope, filter, q->page),
                      [&](const storage::Paged<storage::TestPlan>& found) {
                        boost::json::array items;
                        for (const auto& p : found.items) {
                          items.push_back(plan_json(p));
                        }
                        return http::Response::json(
                            200, page_json(std::move(items), found.total, q->page));
                      });
  });

  router.add("GET", "/api/v1/violations", [&tests](http::Request& req) -> Task<http::Response> {
    LW_API_TRY(scope, data_scope_of(req));
    LW_API_TRY(q, list_query(req));
    LW_API_TRY(kind, text_query(req, "kind", 40));
    LW_API_TRY(lab, text_query(req, "lab_code", 20));
    LW_API_TRY(subject, text_query(req, "subject", 60));
    LW_API_TRY(status, text_query(req, "status", 20));
    const std::string wanted = status->value_or("");
    if (!wanted.empty() && wanted != "open" && wanted != "confirmed" && wanted != "dismissed") {
      co_return http::Response::error(req, field_error("status", "open, confirmed or dismissed"));
    }
    storage::ViolationFilter filter{kind->value_or(""), lab->value_or(""), subject->value_or(""),
                                    wanted};
    co_return respond(req, tests.list_violations(*scope, filter, q->page),
                      [&](const storage::Paged<storage::Violation>& found) {
                        boost::json::array items;
                        for (const auto& v : found.items) {
                          items.push_back(violation_json(v));
                        }
                        return http::Response::json(
                            200, page_json(std::move(items), found.total, q->page));
                      });
  });
}

}  // namespace lw::api
