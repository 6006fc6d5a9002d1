// People of the registry (人员, issue 5 item 4): registration and changes by the regulator or
// station of the employer's region, masked reads, the audited unmask, certificates, identity
// verification, the witness's written authorisation; and the lab-side read model of a lab's
// own staff (issue 5 item 9). registry/people.hpp has the rules.
#include <boost/json.hpp>

#include "api/json_io.hpp"
#include "api/routes.hpp"
#include "domain/scope.hpp"

namespace lw::api {
namespace {

using domain::Date;

boost::json::object person_json(const registry::PersonView& v, Date today) {
  const domain::Person& p = v.person;
  boost::json::array duties;
  for (domain::Duty d : p.duties) {
    duties.emplace_back(domain::duty_name(d));
  }
  boost::json::array certs;
  for (const auto& c : p.certificates) {
    certs.push_back({{"id", c.id},
                     {"kind", c.kind},
                     {"number", c.number},
                     {"issuer", c.issuer},
                     {"valid_from", domain::format_date(c.valid_from)},
                     {"valid_until", domain::format_date(c.valid_until)},
                     {"valid_today", c.valid_on(today)}});
  }
  boost::json::value verification = nullptr;
  if (p.verification) {
    verification = {{"verified_by", p.verification->verified_by},
                    {"verified_at", format_utc(p.verification->verified_at)}};
  }
  boost::json::value authorisation = nullptr;
  if (p.authorisation) {
    authorisation = {{"sha256", p.authorisation->sha256},
                     {"media_type", p.authorisation->media_type},
                     {"valid_until", date_or_null(p.authorisation->valid_until)},
                     {"recorded_by", p.authorisation->recorded_by},
                     {"recorded_at", format_utc(p.authorisation->recorded_at)}};
  }
  const auto witness = domain::assignable_as_witness(p, today);
  boost::json::array reasons;
  for (const auto& r : witness.reasons) {
    reasons.emplace_back(r);
  }
  return {
      {"id", p.id},
      {"name", p.name},
      {"id_number", v.id_number},
      {"phone", v.phone},
      {"masked", true},
      {"lab_code",
       p.lab_code.empty() ? boost::json::value(nullptr) : boost::json::value(p.lab_code)},
      {"organisation_id",
       p.organisation_id ? boost::json::value(*p.organisation_id) : boost::json::value(nullptr)},
      {"region_code", p.region_code},
      {"duties", std::move(duties)},
      {"trained_on", date_or_null(p.trained_on)},
      {"exam",
       {{"state", domain::exam_state_name(p.exam.state)},
        {"taken_on", date_or_null(p.exam.taken_on)},
        {"score", p.exam.score ? boost::json::value(*p.exam.score) : boost::json::value(nullptr)}}},
      {"verification", std::move(verification)},
      {"authorisation", std::move(authorisation)},
      {"certificates", std::move(certs)},
      {"witness", {{"assignable", witness.assignable}, {"reasons", std::move(reasons)}}},
  };
}

// A date member that may be absent or empty (nullopt).
Result<std::optional<Date>> optional_date_field(const boost::json::object& obj,
                                                std::string_view name) {
  auto s = string_field(obj, name, false);
  if (!s) {
    return std::move(s).error();
  }
  if (s->empty()) {
    return std::optional<Date>{};
  }
  auto d = domain::parse_iso_date(*s);
  if (!d) {
    return field_error(name, "a date YYYY-MM-DD");
  }
  return std::optional(*d);
}

Result<std::vector<domain::Duty>> duties_field(const boost::json::object& obj) {
  const auto* v = obj.if_contains("duties");
  if (v == nullptr || !v->is_array()) {
    return field_error("duties",
                       "an array of tester, witness, sampler, technical_lead, quality_lead");
  }
  std::vector<domain::Duty> out;
  for (const auto& d : v->as_array()) {
    const auto duty = d.is_string() ? domain::parse_duty(d.as_string()) : std::nullopt;
    if (!duty) {
      return field_error("duties",
                         "an array of tester, witness, sampler, technical_lead, quality_lead");
    }
    out.push_back(*duty);
  }
  return out;
}

Result<domain::Exam> exam_field(const boost::json::object& obj) {
  const auto* v = obj.if_contains("exam");
  if (v == nullptr || v->is_null()) {
    return domain::Exam{};
  }
  if (!v->is_object()) {
    return field_error("exam", "an object {state, taken_on, score}");
  }
  const auto& e = v->as_object();
  auto state_text = string_field(e, "state", true);
  if (!state_text) {
    return field_error("exam.state", "none, passed or failed");
  }
  const auto state = domain::parse_exam_state(*state_text);
  if (!state) {
    return field_error("exam.state", "none, passed or failed");
  }
  auto taken_on = optional_date_field(e, "taken_on");
  if (!taken_on) {
    return field_error("exam.taken_on", "a date YYYY-MM-DD");
  }
  auto score = int_field(e, "score");
  if (!score) {
    return field_error("exam.score", "an integer 0-100");
  }
  domain::Exam exam{*state, *taken_on, std::nullopt};
  if (*score) {
    if (**score < 0 || **score > 100) {
      return field_error("exam.score", "an integer 0-100");
    }
    exam.score = static_cast<int>(**score);
  }
  return exam;
}

// The employer members: lab_code or organisation_id (the domain checks that exactly one is set).
Status employer_fields(const boost::json::object& body, std::optional<std::string>& lab_code,
                       std::optional<std::int64_t>& organisation_id) {
  auto lab = optional_string_field(body, "lab_code");
  if (!lab) {
    return std::move(lab).error();
  }
  auto org = int_field(body, "organisation_id");
  if (!org) {
    return std::move(org).error();
  }
  lab_code = std::move(*lab);
  organisation_id = *org;
  return {};
}

Result<registry::NewPerson> new_person(const boost::json::object& body) {
  registry::NewPerson in;
  for (auto [field, out] : {std::pair{"name", &in.person.name},
                            std::pair{"id_number", &in.id_number}, std::pair{"phone", &in.phone}}) {
    auto v = string_field(body, field, true);
    if (!v) {
      return std::move(v).error();
    }
    *out = std::move(*v);
  }
  std::optional<std::string> lab;
  LW_TRY(employer_fields(body, lab, in.person.organisation_id));
  in.person.lab_code = lab.value_or("");
  auto duties = duties_field(body);
  if (!duties) {
    return std::move(duties).error();
  }
  in.person.duties = std::move(*duties);
  auto trained = optional_date_field(body, "trained_on");
  if (!trained) {
    return std::move(trained).error();
  }
  in.person.trained_on = *trained;
  auto exam = exam_field(body);
  if (!exam) {
    return std::move(exam).error();
  }
  in.person.exam = *exam;
  return in;
}

Result<registry::PersonPatch> person_patch(const boost::json::object& body) {
  registry::PersonPatch patch;
  auto reason = string_field(body, "reason", true);
  if (!reason) {
    return std::move(reason).error();
  }
  patch.reason = std::move(*reason);
  auto name = optional_string_field(body, "name");
  if (!name) {
    return std::move(name).error();
  }
  patch.name = std::move(*name);
  auto phone = optional_string_field(body, "phone");
  if (!phone) {
    return std::move(phone).error();
  }
  patch.phone = std::move(*phone);
  LW_TRY(employer_fields(body, patch.lab_code, patch.organisation_id));
  if (body.contains("duties")) {
    auto duties = duties_field(body);
    if (!duties) {
      return std::move(duties).error();
    }
    patch.duties = std::move(*duties);
  }
  if (body.contains("trained_on")) {
    auto trained = optional_date_field(body, "trained_on");
    if (!trained) {
      return std::move(trained).error();
    }
    patch.trained_on = *trained;
  }
  if (body.contains("exam")) {
    auto exam = exam_field(body);
    if (!exam) {
      return std::move(exam).error();
    }
    patch.exam = *exam;
  }
  if (body.contains("id_number")) {
    return field_error("id_number", "cannot change: register the person anew");
  }
  return patch;
}

Result<storage::PeopleFilter> people_filter(const http::Request& req, const ListQuery& q) {
  storage::PeopleFilter f;
  f.name_contains = q.q;
  if (auto duty = req.query_param("duty"); duty && !duty->empty()) {
    const auto d = domain::parse_duty(*duty);
    if (!d) {
      return field_error("duty", "tester, witness, sampler, technical_lead or quality_lead");
    }
    f.duty = *d;
  }
  if (auto lab = req.query_param("lab"); lab) {
    f.lab_code = std::string(*lab);
  }
  if (auto org = req.query_param("organisation"); org && !org->empty()) {
    auto id = int_query(req, "organisation", 1, INT64_MAX, 0);
    if (!id) {
      return std::move(id).error();
    }
    f.organisation_id = *id;
  }
  if (auto region = req.query_param("region"); region && !region->empty()) {
    if (!domain::valid_region_code(*region)) {
      return field_error("region", "a six-digit GB/T 2260 code");
    }
    f.region_code = std::string(*region);
  }
  return f;
}

http::Response person_answer(const service::Receipted<registry::PersonView>& done, Date today,
                             int status) {
  auto body = person_json(done.record, today);
  body["receipt"] = pending_receipt(done.leaf);
  auto res = http::Response::json(status, std::move(body));
  if (status == 201) {
    res.set_header("Location", "/api/v1/people/" + std::to_string(done.record.person.id));
  }
  return res;
}

// Runs `use` with the signed-in user and the {id} path parameter, or answers the error.
template <class F>
Task<http::Response> with_person(http::Request& req, F& use) {
  LW_API_TRY(p, require_user(req));
  LW_API_TRY(id, id_param(req, "id"));
  co_return co_await use(*p, *id);
}

// Runs `use` with the signed-in user, the {id} and the JSON body.
template <class F>
Task<http::Response> with_person_body(http::Request& req, F& use) {
  LW_API_TRY(body, json_body(req));
  auto with_body = [&](const identity::Principal& p, std::int64_t id) -> Task<http::Response> {
    co_return co_await use(p, id, *body);
  };
  co_return co_await with_person(req, with_body);
}

}  // namespace

void register_people_routes(http::Router& router, Services& services) {
  auto& people = services.people;
  const Clock& clock = services.clock;

  router.add(
      "POST", "/api/v1/people", [&people, &clock](http::Request& req) -> Task<http::Response> {
        LW_API_TRY(p, require_user(req));
        LW_API_TRY(body, json_body(req));
        LW_API_TRY(in, new_person(*body));
        const service::Caller caller = caller_of(req);
        auto made = co_await people.register_person(*p, std::move(*in), caller);
        const Date today = domain::shanghai_date(clock.now());
        co_return respond(req, std::move(made),
                          [today](const auto& made) { return person_answer(made, today, 201); });
      });

  router.add("GET", "/api/v1/people",
             [&people, &clock](http::Request& req) -> Task<http::Response> {
               LW_API_TRY(p, require_user(req));
               LW_API_TRY(q, list_query(req));
               LW_API_TRY(filter, people_filter(req, *q));
               const std::string id_number(req.query_param("id_number").value_or(""));
               const Date today = domain::shanghai_date(clock.now());
               const storage::Page page = q->page;
               co_return respond(req, people.list(*p, std::move(*filter), id_number, page),
                                 [today, page](const storage::Paged<registry::PersonView>& found) {
                                   boost::json::array items;
                                   for (const auto& v : found.items) {
                                     items.push_back(person_json(v, today));
                                   }
                                   return http::Response::json(
                                       200, page_json(std::move(items), found.total, page));
                                 });
             });

  router.add(
      "GET", "/api/v1/people/{id}", [&people, &clock](http::Request& req) -> Task<http::Response> {
        auto use = [&](const identity::Principal& p, std::int64_t id) -> Task<http::Response> {
          const Date today = domain::shanghai_date(clock.now());
          const auto unmask = req.query_param("unmask").value_or("false");
          if (unmask != "true" && unmask != "false") {
            co_return http::Response::error(req, field_error("unmask", "true or false"));
          }
          if (unmask == "false") {
            co_return respond(req, people.get(p, id), [today](const auto& v) {
              return http::Response::json(200, person_json(v, today));
            });
          }
          const service::Caller caller = caller_of(req);
          auto clear = co_await people.unmask(p, id, caller);
          co_return respond(req, std::move(clear), [today](const registry::UnmaskedPerson& u) {
            auto body = person_json(u.view, today);
            body["id_number"] = u.id_number;
            body["phone"] = u.phone;
            body["masked"] = false;
            auto res = http::Response::json(200, std::move(body));
            res.set_header("Cache-Control", "no-store");
            return res;
          });
        };
        co_return co_await with_person(req, use);
      });

  router.add("PATCH", "/api/v1/people/{id}",
             [&people, &clock](http::Request& req) -> Task<http::Response> {
               auto use = [&](const identity::Principal& p, std::int64_t id,
                              const boost::json::object& body) -> Task<http::Response> {
                 LW_API_TRY(patch, person_patch(body));
                 const service::Caller caller = caller_of(req);
                 auto done = co_await people.change(p, id, std::move(*patch), caller);
                 const Date today = domain::shanghai_date(clock.now());
                 co_return respond(req, std::move(done), [today](const auto& done) {
                   return person_answer(done, today, 200);
                 });
               };
               co_return co_await with_person_body(req, use);
             });

  router.add("POST", "/api/v1/people/{id}/certificates",
             [&people, &clock](http::Request& req) -> Task<http::Response> {
               auto use = [&](const identity::Principal& p, std::int64_t id,
                              const boost::json::object& body) -> Task<http::Response> {
                 domain::PersonCertificate cert;
                 for (auto [field, out] :
                      {std::pair{"kind", &cert.kind}, std::pair{"number", &cert.number},
                       std::pair{"issuer", &cert.issuer}}) {
                   LW_API_TRY(v, string_field(body, field, true));
                   *out = std::move(*v);
                 }
                 for (auto [field, out] : {std::pair{"valid_from", &cert.valid_from},
                                           std::pair{"valid_until", &cert.valid_until}}) {
                   auto d = optional_date_field(body, field);
                   if (!d || !*d) {
                     co_return http::Response::error(req, field_error(field, "a date YYYY-MM-DD"));
                   }
                   *out = **d;
                 }
                 const service::Caller caller = caller_of(req);
                 auto done = co_await people.add_certificate(p, id, std::move(cert), caller);
                 const Date today = domain::shanghai_date(clock.now());
                 co_return respond(req, std::move(done), [today](const auto& done) {
                   return person_answer(done, today, 201);
                 });
               };
               co_return co_await with_person_body(req, use);
             });

  router.add("POST", "/api/v1/people/{id}/verification",
             [&people, &clock](http::Request& req) -> Task<http::Response> {
               auto use = [&](const identity::Principal& p, std::int64_t id,
                              const boost::json::object& body) -> Task<http::Response> {
                 LW_API_TRY(note, string_field(body, "note", false));
                 const service::Caller caller = caller_of(req);
                 auto done = co_await people.verify_identity(p, id, std::move(*note), caller);
                 const Date today = domain::shanghai_date(clock.now());
                 co_return respond(req, std::move(done), [today](const auto& done) {
                   return person_answer(done, today, 200);
                 });
               };
               co_return co_await with_person_body(req, use);
             });

  router.add(
      "POST", "/api/v1/people/{id}/authorisation",
      [&people, &clock](http::Request& req) -> Task<http::Response> {
        auto use = [&](const identity::Principal& p, std::int64_t id,
                       const boost::json::object& body) -> Task<http::Response> {
          registry::AuthorisationInput in;
          LW_API_TRY(sha, string_field(body, "sha256", true));
          if (!blobs::is_sha256_hex(*sha)) {
            co_return http::Response::error(req, field_error("sha256", "64 lower-case hex digits"));
          }
          in.sha256 = std::move(*sha);
          LW_API_TRY(until, optional_date_field(body, "valid_until"));
          in.valid_until = *until;
          const service::Caller caller = caller_of(req);
          auto done = co_await people.authorise(p, id, std::move(in), caller);
          const Date today = domain::shanghai_date(clock.now());
          co_return respond(req, std::move(done),
                            [today](const auto& done) { return person_answer(done, today, 200); });
        };
        co_return co_await with_person_body(req, use);
      });

  router.add("GET", "/api/v1/lab-api/staff",
             [&people, &clock](http::Request& req) -> Task<http::Response> {
               const auto lab = lab_client(req);
               if (!lab) {
                 co_return http::Response::error(req, Error(std::string(errc::signature_invalid),
                                                            "no LW-HMAC-SM3 Authorization header"));
               }
               LW_API_TRY(q, list_query(req));
               const Date today = domain::shanghai_date(clock.now());
               const storage::Page page = q->page;
               co_return respond(req, people.lab_staff(lab->lab_code, page),
                                 [today, page](const storage::Paged<registry::PersonView>& found) {
                                   boost::json::array items;
                                   for (const auto& v : found.items) {
                                     items.push_back(person_json(v, today));
                                   }
                                   return http::Response::json(
                                       200, page_json(std::move(items), found.total, page));
                                 });
             });
}

}  // namespace lw::api
