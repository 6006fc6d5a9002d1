// Reports (issue 9, reports/reports.hpp, docs/reports.md): issued and revoked by the lab's
// system; listed, read and revoked by people in scope; the QR image and the PDFs.
#include <boost/json.hpp>

#include <algorithm>
#include <cmath>
#include <memory>

#include "api/json_io.hpp"
#include "api/reports_json.hpp"
#include "api/routes.hpp"
#include "core/random.hpp"
#include "print/qr_png.hpp"
#include "seal/seal.hpp"

namespace lw::api {
namespace {

using reports::Reports;

http::Response report_changed(const service::Receipted<reports::ReportView>& m,
                              const std::string& base) {
  auto body = report_view_json(m.record, base);
  body["receipt"] = pending_receipt(m.leaf);
  return http::Response::json(200, std::move(body));
}

http::Response pdf_response(const std::filesystem::path& path, const std::string& file_name) {
  http::Response res;
  res.status = 200;
  res.file_path = path.string();
  res.set_header("Content-Type", "application/pdf");
  res.set_header("Content-Disposition", "inline; filename=\"" + file_name + ".pdf\"");
  res.set_header("Cache-Control", "no-cache");
  res.set_header("X-Content-Type-Options", "nosniff");
  return res;
}

Result<bool> original_query(const http::Request& req) {
  const auto copy = req.query_param("copy").value_or("");
  if (copy.empty() || copy == "stamped") {
    return false;
  }
  if (copy == "original") {
    return true;
  }
  return field_error("copy", "stamped or original");
}

// The platform's report key as the public routes use it, derived once at start: each
// derivation re-encodes the key through OpenSSL's encoders (~0.1 ms for the id, ~0.3 ms for
// the public key, per request; bench/verify), and the key does not change while the server runs.
struct PublishedKey {
  explicit PublishedKey(const crypto::Sm2KeyPair& key)
      : key_id(key.key_id()), public_key(key.public_key()) {
    boost::json::array keys;
    keys.push_back({{"key_id", key_id},
                    {"algorithm", "SM2-with-SM3"},
                    {"distinguishing_id", crypto::kSm2Id},
                    {"public_key_pem", public_key.pem()},
                    {"current", true}});
    listing = boost::json::object{{"keys", std::move(keys)}};
  }
  std::string key_id;
  crypto::Sm2PublicKey public_key;
  boost::json::object listing;  // GET /api/v1/public/report-keys
};

// The public facts with what the scanned payload says of them: a valid signature of the
// platform's key over this report's number, time and digests.
boost::json::object seal_check(const std::string& payload, const boost::json::object& facts,
                               const PublishedKey& key) {
  auto seal = seal::parse_seal(payload);
  if (!seal) {
    return {{"valid", false}, {"reason", "malformed"}};
  }
  if (to_hex(seal->key_id) != key.key_id) {
    return {{"valid", false}, {"reason", "unknown_key"}};
  }
  if (!seal::verify_seal(*seal, key.public_key)) {
    return {{"valid", false}, {"reason", "bad_signature"}};
  }
  const auto text = [&facts](std::string_view name) -> std::string {
    const auto* v = facts.if_contains(name);
    return v && v->is_string() ? std::string(v->as_string()) : std::string();
  };
  const auto* pdf = facts.if_contains("pdf");
  const std::string pdf_sm3 = pdf && pdf->is_object() && pdf->as_object().contains("sm3")
                                  ? std::string(pdf->as_object().at("sm3").as_string())
                                  : std::string();
  const bool same = seal->facts.number == text("number") &&
                    format_utc(seal->facts.issued_at) == text("issued_at") &&
                    to_hex(seal->facts.pdf_sm3) == pdf_sm3 &&
                    to_hex(seal->facts.content_sm3) == text("content_sm3");
  if (!same) {
    return {{"valid", false}, {"reason", "not_this_report"}};
  }
  return {{"valid", true}, {"reason", ""}};
}

}  // namespace

void register_report_routes(http::Router& router, Services& services) {
  Reports& reports = services.reports;
  const std::string& url = services.public_url;

  router.add("POST", "/api/v1/lab-api/reports",
             [&reports, &url](http::Request& req) -> Task<http::Response> {
               LW_API_TRY(lab_code, signed_lab(req));
               LW_API_TRY(body, json_body(req));
               LW_API_TRY(input, new_report(*body));
               const service::Caller caller = caller_of(req);
               std::string base = public_base(req, url);
               auto issued = co_await reports.issue(*lab_code, std::move(*input), caller, base);
               co_return respond(
                   req, std::move(issued), [&](const service::Receipted<reports::ReportView>& m) {
                     return created(report_view_json(m.record, base), m.leaf,
                                    "/api/v1/reports/" + std::to_string(m.record.report.id));
                   });
             });

  router.add("POST", "/api/v1/lab-api/reports/{id}/revocation",
             [&reports, &url](http::Request& req) -> Task<http::Response> {
               LW_API_TRY(lab_code, signed_lab(req));
               LW_API_TRY(id, id_param(req, "id"));
               LW_API_TRY(body, json_body(req));
               LW_API_TRY(input, revocation_of(*body));
               const service::Caller caller = caller_of(req);
               const auto scope = domain::Scope::of_lab(*lab_code);
               auto done = co_await reports.revoke(scope, *id, std::move(*input), true, caller);
               co_return respond(req, std::move(done), [&](const auto& m) {
                 return report_changed(m, public_base(req, url));
               });
             });

  router.add("GET", "/api/v1/reports", [&reports](http::Request& req) -> Task<http::Response> {
    LW_API_TRY(scope, data_scope_of(req));
    LW_API_TRY(q, list_query(req));
    LW_API_TRY(project, id_query(req, "project_id"));
    storage::ReportFilter filter;
    filter.q = q->q;
    filter.project_id = *project;
    LW_API_TRY(status, token_query(req, "status", {"valid", "revoked", "superseded"}));
    LW_API_TRY(conclusion, token_query(req, "conclusion", {"pass", "fail"}));
    LW_API_TRY(kind, token_query(req, "kind", {"lab", "onsite"}));
    filter.status = *status;
    filter.conclusion = *conclusion;
    filter.kind = *kind;
    filter.lab_code = std::string(req.query_param("lab_code").value_or("")).substr(0, 32);
    co_return respond(req, reports.list(*scope, filter, q->page),
                      [&](const storage::Paged<storage::Report>& found) {
                        boost::json::array items;
                        for (const auto& r : found.items) {
                          items.push_back(report_json(r));
                        }
                        return http::Response::json(
                            200, page_json(std::move(items), found.total, q->page));
                      });
  });

  router.add("GET", "/api/v1/reports/{id}",
             [&reports, &url](http::Request& req) -> Task<http::Response> {
               LW_API_TRY(scope, data_scope_of(req));
               LW_API_TRY(id, id_param(req, "id"));
               co_return respond(req, reports.get(*scope, *id), [&](const reports::ReportView& v) {
                 return http::Response::json(200, report_view_json(v, public_base(req, url)));
               });
             });

  router.add("GET", "/api/v1/reports/{id}/qr.png",
             [&reports, &url](http::Request& req) -> Task<http::Response> {
               LW_API_TRY(scope, data_scope_of(req));
               LW_API_TRY(id, id_param(req, "id"));
               LW_API_TRY(view, reports.get(*scope, *id));
               LW_API_TRY(qr, print::QrMatrix::encode(
                                  seal::seal_url(public_base(req, url), view->report.seal),
                                  print::QrLevel::M));
               auto res = http::Response::text(200, print::qr_png(*qr), "image/png");
               res.set_header("Cache-Control", "private, max-age=86400, immutable");
               co_return res;
             });

  router.add("GET", "/api/v1/reports/{id}/pdf",
             [&reports, &url](http::Request& req) -> Task<http::Response> {
               LW_API_TRY(scope, data_scope_of(req));
               LW_API_TRY(id, id_param(req, "id"));
               LW_API_TRY(original, original_query(req));
               LW_API_TRY(view, reports.get(*scope, *id));
               const std::string number = view->report.number;
               std::string base = public_base(req, url);
               auto path = co_await reports.pdf_file(number, *original, base);
               co_return respond(req, std::move(path), [&](const std::filesystem::path& p) {
                 return pdf_response(p, number);
               });
             });

  router.add("POST", "/api/v1/reports/{id}/revocation",
             [&reports, &url](http::Request& req) -> Task<http::Response> {
               LW_API_TRY(p, require_user(req));
               LW_API_TRY(allowed, identity::require(*p, identity::Permission::revoke_reports));
               LW_API_TRY(id, id_param(req, "id"));
               LW_API_TRY(body, json_body(req));
               LW_API_TRY(input, revocation_of(*body));
               const service::Caller caller = caller_of(req);
               const auto scope = identity::data_scope(*p);
               auto done = co_await reports.revoke(scope, *id, std::move(*input), false, caller);
               co_return respond(req, std::move(done), [&](const auto& m) {
                 return report_changed(m, public_base(req, url));
               });
             });

  // JL-3.3: counts and pass rates within the caller's scope.
  const Clock& clock = services.clock;
  router.add(
      "GET", "/api/v1/report-stats",
      [&reports, &clock](http::Request& req) -> Task<http::Response> {
        LW_API_TRY(scope, data_scope_of(req));
        const auto group_name = req.query_param("group").value_or("region");
        const std::optional<storage::StatsGroup> group =
            group_name == "region"     ? std::optional(storage::StatsGroup::region)
            : group_name == "lab"      ? std::optional(storage::StatsGroup::lab)
            : group_name == "material" ? std::optional(storage::StatsGroup::material)
            : group_name == "month"    ? std::optional(storage::StatsGroup::month)
                                       : std::nullopt;
        if (!group) {
          co_return http::Response::error(req,
                                          field_error("group", "region, lab, material or month"));
        }
        LW_API_TRY(from_q, date_query(req, "from"));
        LW_API_TRY(to_q, date_query(req, "to"));
        const auto to = to_q->value_or(domain::shanghai_date(clock.now()));
        const auto from =
            from_q->value_or(domain::Date{std::chrono::sys_days(to) - std::chrono::days(365)});
        const std::string region(req.query_param("region_code").value_or("").substr(0, 12));
        if (!std::all_of(region.begin(), region.end(),
                         [](char c) { return c >= '0' && c <= '9'; })) {
          co_return http::Response::error(req, field_error("region_code", "digits"));
        }
        co_return respond(
            req, reports.stats(*scope, *group, from, to, region),
            [&](const std::vector<storage::StatsRow>& rows) {
              const auto rate = [](std::int64_t passed, std::int64_t failed) {
                return passed + failed == 0
                           ? boost::json::value(nullptr)
                           : boost::json::value(std::round(10000.0 * static_cast<double>(passed) /
                                                           static_cast<double>(passed + failed)) /
                                                10000.0);
              };
              boost::json::array items;
              storage::StatsRow total{"", 0, 0, 0, 0};
              for (const auto& r : rows) {
                items.push_back({{"key", r.key},
                                 {"issued", r.issued},
                                 {"passed", r.passed},
                                 {"failed", r.failed},
                                 {"revoked", r.revoked},
                                 {"pass_rate", rate(r.passed, r.failed)}});
                total.issued += r.issued;
                total.passed += r.passed;
                total.failed += r.failed;
                total.revoked += r.revoked;
              }
              return http::Response::json(
                  200, boost::json::object{{"group", group_name},
                                           {"from", domain::format_date(from)},
                                           {"to", domain::format_date(to)},
                                           {"items", std::move(items)},
                                           {"total",
                                            {{"issued", total.issued},
                                             {"passed", total.passed},
                                             {"failed", total.failed},
                                             {"revoked", total.revoked},
                                             {"pass_rate", rate(total.passed, total.failed)}}}});
            });
      });

  // Public verification: no sign-in (the anonymous rate limit applies).
  const auto published = std::make_shared<const PublishedKey>(reports.key());
  router.add("GET", "/api/v1/public/reports/{number}",
             [&reports, published](http::Request& req) -> Task<http::Response> {
               LW_API_TRY(facts, reports.public_facts(req.params.at("number")));
               const auto payload = req.query_param("seal").value_or("");
               if (payload.empty()) {
                 auto res = http::Response::text(200, std::move(*facts),
                                                 "application/json; charset=utf-8");
                 res.set_header("Cache-Control", "no-cache");
                 co_return res;
               }
               boost::system::error_code ec;
               auto parsed = boost::json::parse(*facts, ec);
               if (ec || !parsed.is_object()) {
                 co_return http::Response::error(
                     req, Error(std::string(errc::internal), "stored facts unreadable"));
               }
               auto& o = parsed.as_object();
               o["seal_check"] = seal_check(std::string(payload.substr(0, 1000)), o, *published);
               auto res = http::Response::json(200, parsed);
               res.set_header("Cache-Control", "no-cache");
               co_return res;
             });

  router.add("GET", "/api/v1/public/reports/{number}/pdf",
             [&reports, &url](http::Request& req) -> Task<http::Response> {
               LW_API_TRY(original, original_query(req));
               const std::string number = req.params.at("number");
               std::string base = public_base(req, url);
               auto path = co_await reports.pdf_file(number, *original, base);
               co_return respond(req, std::move(path), [&](const std::filesystem::path& p) {
                 return pdf_response(p, number);
               });
             });

  router.add(
      "POST", "/api/v1/public/reports/{number}/compare",
      [&reports](http::Request& req) -> Task<http::Response> {
        const std::string number = req.params.at("number");
        auto compared = co_await reports.compare(number, *req.body_stream);
        co_return respond(req, std::move(compared), [](const reports::Comparison& c) {
          return http::Response::json(
              200,
              boost::json::object{{"identical", c.identical},
                                  {"matches", c.matches.empty() ? boost::json::value(nullptr)
                                                                : boost::json::value(c.matches)}});
        });
      },
      http::BodyMode::streamed);

  router.add("GET", "/api/v1/public/report-keys",
             [published](http::Request&) -> Task<http::Response> {
               auto res = http::Response::json(200, published->listing);
               res.set_header("Cache-Control", "public, max-age=3600");
               co_return res;
             });
}

}  // namespace lw::api
