// The specimen chain (issue 6, specimens/chain.hpp, docs/specimens.md): label batches and their
// sheets, the witness's sampling, commissions, the lab's receipts, the trace, the public check
// of a scanned label, and the same flows for a lab's system under /api/v1/lab-api/.
#include <boost/json.hpp>

#include "api/json_io.hpp"
#include "api/routes.hpp"
#include "core/json_values.hpp"
#include "domain/label_code.hpp"
#include "identity/access.hpp"
#include "print/label_sheet.hpp"
#include "specimens/chain.hpp"

namespace lw::api {
namespace {

using specimens::Chain;

boost::json::array tokens_json(const std::vector<std::string>& tokens) {
  boost::json::array out;
  for (const auto& t : tokens) {
    out.emplace_back(t);
  }
  return out;
}

boost::json::object project_ref_json(const specimens::ProjectRef& p) {
  return {{"id", p.id}, {"code", p.code}, {"name", p.name}};
}

boost::json::object person_json(const specimens::PersonRef& p) {
  return {{"id", p.id}, {"name", p.name}};
}

// The verification URL a label's QR encodes: the configured public address, else the address
// the caller reached the server by.
std::string label_url(const http::Request& req, const std::string& public_url,
                      const std::string& code) {
  return public_base(req, public_url) + "/q/" + code;
}

boost::json::object label_json(const storage::LabelRow& l, const std::string& url) {
  return {{"code", l.code},
          {"display", domain::display_label_code(l.code)},
          {"url", url},
          {"state", l.state},
          {"batch_id", l.batch_id},
          {"sampling_id", id_or_null(l.sampling_id)},
          {"ordinal", l.ordinal}};
}

// A label with its project, as the label and trace routes answer it.
boost::json::object label_view_json(const http::Request& req, const std::string& public_url,
                                    const specimens::LabelView& v) {
  auto out = label_json(v.label, label_url(req, public_url, v.label.code));
  out["project"] = project_ref_json(v.project);
  return out;
}

// The printable sheet of a batch: the project's name on top, each label's QR and code.
print::LabelSheet sheet_of(const http::Request& req, const std::string& public_url,
                           const specimens::BatchView& v) {
  print::LabelSheet sheet;
  sheet.title = v.project.name + " 见证取样二维码标签";
  sheet.subtitle = "项目 " + v.project.code + " · 批次 #" + std::to_string(v.batch.id) + " · " +
                   std::to_string(v.batch.quantity) + " 张 · 发放 " +
                   domain::format_date(domain::shanghai_date(v.batch.issued_at));
  for (const auto& l : v.labels) {
    sheet.labels.push_back(
        {domain::display_label_code(l.code), label_url(req, public_url, l.code)});
  }
  return sheet;
}

boost::json::object batch_json(const specimens::BatchView& v) {
  const auto& b = v.batch;
  return {{"id", b.id},
          {"project", project_ref_json(v.project)},
          {"quantity", b.quantity},
          {"requested_by", b.requested_by},
          {"note", b.note},
          {"issued_by", b.issued_by},
          {"issued_at", format_utc(b.issued_at)},
          {"bound", b.bound}};
}

boost::json::object commission_json(const specimens::CommissionView& v) {
  const auto& c = v.commission;
  return {{"id", c.id},
          {"sampling_id", c.sampling_id},
          {"lab", {{"code", c.lab_code}, {"name", v.lab_name}}},
          {"test_item", c.test_item},
          {"commissioned_by", c.commissioned_by},
          {"commissioned_at", format_utc(c.commissioned_at)}};
}

boost::json::object party_json(const domain::SpecimenParty& p) {
  return {{"kind", domain::party_kind_name(p.kind)}, {"name", p.name}};
}

boost::json::object sampling_json(const specimens::SamplingView& v) {
  const auto& s = v.sampling;
  const auto& g = s.group;
  boost::json::array specimens;
  for (const auto& l : v.specimens) {
    specimens.push_back({{"ordinal", l.ordinal},
                         {"label_code", l.code},
                         {"label_display", domain::display_label_code(l.code)},
                         {"state", l.state}});
  }
  boost::json::array commissions;
  for (const auto& c : v.commissions) {
    commissions.push_back(commission_json(c));
  }
  boost::json::value location = nullptr;
  if (!s.location.empty()) {
    boost::system::error_code ec;
    auto parsed = boost::json::parse(s.location, ec);
    if (!ec && parsed.is_object()) {
      boost::json::object o;
      for (const auto& [k, val] : parsed.as_object()) {
        o[k] = val.is_string() ? std::stod(std::string(val.as_string())) : 0.0;
      }
      location = std::move(o);
    }
  }
  return {{"id", s.id},
          {"project", project_ref_json(v.project)},
          {"part", g.part},
          {"material", domain::material_name(g.material)},
          {"concrete_group",
           g.concrete_group ? boost::json::value(domain::concrete_group_name(*g.concrete_group))
                            : boost::json::value(nullptr)},
          {"grade", g.grade},
          {"quantity", s.quantity},
          {"specimen_count", g.specimen_count},
          {"mould_count", g.mould_count},
          {"maker", party_json(g.maker)},
          {"curer", party_json(g.curer)},
          {"witness", person_json(v.witness)},
          {"sampler", person_json(v.sampler)},
          {"seal_number", g.seal_number},
          {"captured_at", format_utc(s.captured_at)},
          {"received_at", format_utc(s.received_at)},
          {"location", std::move(location)},
          {"placard_sha256", s.placard_sha256},
          {"recorded_by", s.recorded_by},
          {"specimens", std::move(specimens)},
          {"commissions", std::move(commissions)}};
}

boost::json::object receipt_json(const specimens::ReceiptView& v) {
  const auto& r = v.receipt;
  return {{"id", r.id},
          {"outcome", r.received ? "received" : "refused"},
          {"reasons", tokens_json(r.reasons)},
          {"warnings", tokens_json(r.warnings)},
          {"label_code", r.label_code},
          {"sampling_id", id_or_null(r.sampling_id)},
          {"project_id", id_or_null(r.project_id)},
          {"commission_id", id_or_null(r.commission_id)},
          {"lab_code", r.lab_code},
          {"lab_name", v.lab_name},
          {"witness",
           v.witness ? boost::json::value(person_json(*v.witness)) : boost::json::value(nullptr)},
          {"seal_intact", r.seal_intact},
          {"condition_ok", r.condition_ok},
          {"description", r.description},
          {"note", r.note},
          {"received_by", r.received_by},
          {"received_at", format_utc(r.received_at)}};
}

boost::json::object trace_json(const http::Request& req, const std::string& public_url,
                               const specimens::TraceView& t) {
  boost::json::array steps;
  for (const auto& s : t.steps) {
    boost::json::value receipt = nullptr;
    if (s.leaf) {
      receipt = pending_receipt(*s.leaf);
    }
    steps.push_back({{"step", s.step},
                     {"at", format_utc(s.at)},
                     {"by", s.by},
                     {"summary", s.summary},
                     {"details", s.details},
                     {"receipt", std::move(receipt)}});
  }
  boost::json::value label = nullptr;
  if (t.label) {
    label = label_view_json(req, public_url, *t.label);
  }
  return {{"label", std::move(label)},
          {"sampling", t.sampling ? boost::json::value(sampling_json(*t.sampling))
                                  : boost::json::value(nullptr)},
          {"steps", std::move(steps)}};
}

Result<domain::SpecimenParty> party_field(const boost::json::object& body, std::string_view name) {
  const auto* v = body.if_contains(name);
  if (v == nullptr || !v->is_object()) {
    return field_error(name, "an object {kind, name}");
  }
  const auto& o = v->as_object();
  const auto* kind = o.if_contains("kind");
  const auto parsed = kind && kind->is_string()
                          ? domain::parse_party_kind(std::string_view(kind->as_string()))
                          : std::nullopt;
  if (!parsed) {
    return field_error(std::string(name) + ".kind",
                       "contractor, ready_mix_plant, supervision_company, lab or other");
  }
  const auto* n = o.if_contains("name");
  if (n == nullptr || !n->is_string() || n->as_string().size() > 200) {
    return field_error(std::string(name) + ".name", "required");
  }
  return domain::SpecimenParty{*parsed, std::string(n->as_string())};
}

Result<specimens::NewSampling> new_sampling(const boost::json::object& body) {
  specimens::NewSampling in;
  auto& g = in.group;
  auto project = int_field(body, "project_id");
  if (!project) {
    return std::move(project).error();
  }
  if (!*project || **project <= 0) {
    return field_error("project_id", "required");
  }
  g.project_id = **project;
  LW_TRY_ASSIGN(g.part, text_field(body, "part", 600, true));
  auto material = string_field(body, "material", true);
  if (!material) {
    return std::move(material).error();
  }
  const auto m = domain::parse_material(*material);
  if (!m) {
    return field_error("material", "unknown_material");
  }
  g.material = *m;
  auto group = optional_string_field(body, "concrete_group");
  if (!group) {
    return std::move(group).error();
  }
  if (*group) {
    g.concrete_group = domain::parse_concrete_group(**group);
    if (!g.concrete_group) {
      return field_error("concrete_group",
                         "standard_cured, same_condition, formwork_removal or impermeability");
    }
  }
  LW_TRY_ASSIGN(g.grade, text_field(body, "grade", 200, true));
  LW_TRY_ASSIGN(in.quantity, text_field(body, "quantity", 100, false));
  for (auto [name, target] :
       {std::pair{"specimen_count", &g.specimen_count}, std::pair{"mould_count", &g.mould_count}}) {
    auto n = int_field(body, name);
    if (!n) {
      return std::move(n).error();
    }
    if (!*n || **n < 0 || **n > 1000) {
      return field_error(name, "range");
    }
    *target = static_cast<int>(**n);
  }
  LW_TRY_ASSIGN(g.maker, party_field(body, "maker"));
  LW_TRY_ASSIGN(g.curer, party_field(body, "curer"));
  LW_TRY_ASSIGN(g.seal_number, text_field(body, "seal_number", 200, true));
  auto sampler = int_field(body, "sampler_id");
  if (!sampler) {
    return std::move(sampler).error();
  }
  if (!*sampler) {
    return field_error("sampler_id", "required");
  }
  in.sampler_id = **sampler;
  auto captured = time_field(body, "captured_at");
  if (!captured) {
    return std::move(captured).error();
  }
  if (!*captured) {
    return field_error("captured_at", "required");
  }
  in.captured_at = **captured;
  if (const auto* loc = body.if_contains("location"); loc && !loc->is_null()) {
    if (!loc->is_object()) {
      return field_error("location", "an object {lat, lng, accuracy_m}");
    }
    specimens::Location at;
    for (auto [name, target] : {std::pair{"lat", &at.lat}, std::pair{"lng", &at.lng},
                                std::pair{"accuracy_m", &at.accuracy_m}}) {
      auto v = number_field(loc->as_object(), name);
      if (!v || !*v) {
        return field_error(std::string("location.") + name, "a number");
      }
      *target = **v;
    }
    in.location = at;
  }
  LW_TRY_ASSIGN(in.placard_sha256, text_field(body, "placard_sha256", 64, true));
  const auto* labels = body.if_contains("labels");
  if (labels == nullptr || !labels->is_array() || labels->as_array().size() > 1000) {
    return field_error("labels", "a list of label codes");
  }
  for (std::size_t i = 0; i < labels->as_array().size(); ++i) {
    const auto& l = labels->as_array()[i];
    if (!l.is_string() || l.as_string().size() > 64) {
      return field_error("labels[" + std::to_string(i) + "]", "a label code");
    }
    g.labels.emplace_back(l.as_string());
  }
  return in;
}

Result<specimens::NewReceipt> new_receipt(const boost::json::object& body) {
  specimens::NewReceipt in;
  LW_TRY_ASSIGN(in.label_code, text_field(body, "label_code", 64, false));
  if (const auto* u = body.if_contains("unlabelled"); u && !u->is_null()) {
    if (!u->is_object()) {
      return field_error("unlabelled", "an object {project_id, description}");
    }
    if (!in.label_code.empty()) {
      return field_error("unlabelled", "not with label_code");
    }
    LW_TRY_ASSIGN(in.project_id, int_field(u->as_object(), "project_id"));
    LW_TRY_ASSIGN(in.description, text_field(u->as_object(), "description", 500, true));
  } else {
    if (in.label_code.empty()) {
      return field_error("label_code", "required");
    }
    LW_TRY_ASSIGN(in.project_id, int_field(body, "project_id"));
  }
  LW_TRY_ASSIGN(in.witness_id, int_field(body, "witness_id"));
  for (auto [name, target] :
       {std::pair{"seal_intact", &in.seal_intact}, std::pair{"condition_ok", &in.condition_ok}}) {
    auto v = bool_field(body, name);
    if (!v) {
      return std::move(v).error();
    }
    if (!*v) {
      return field_error(name, "required");
    }
    *target = **v;
  }
  auto decision = string_field(body, "decision", true);
  if (!decision) {
    return std::move(decision).error();
  }
  if (*decision != "receive" && *decision != "refuse") {
    return field_error("decision", "receive or refuse");
  }
  in.refuse = *decision == "refuse";
  LW_TRY_ASSIGN(in.note, text_field(body, "note", 500, false));
  return in;
}

// The lab a signed-in clerk receives for.
Result<specimens::ReceivingLab> clerk_lab(const identity::Principal& p) {
  if (auto st = identity::require(p, identity::Permission::receive_specimens); !st) {
    return std::move(st).error();
  }
  if (!p.lab_code) {
    return Error(std::string(errc::forbidden), "the account belongs to no lab");
  }
  return specimens::ReceivingLab{*p.lab_code, p.login};
}

}  // namespace

void register_specimen_routes(http::Router& router, Services& services) {
  Chain& chain = services.specimens;
  const std::string& public_url = services.public_url;

  router.add("POST", "/api/v1/projects/{id}/label-batches",
             [&chain](http::Request& req) -> Task<http::Response> {
               LW_API_TRY(p, require_user(req));
               LW_API_TRY(allowed, identity::require(*p, identity::Permission::issue_labels));
               LW_API_TRY(id, id_param(req, "id"));
               LW_API_TRY(body, json_body(req));
               specimens::NewBatch in;
               LW_API_TRY(quantity, int_field(*body, "quantity"));
               in.quantity =
                   static_cast<int>(std::clamp<std::int64_t>(quantity->value_or(0), -1, 100000));
               LW_API_TRY(requested_by, string_field(*body, "requested_by", true));
               in.requested_by = std::move(*requested_by);
               LW_API_TRY(note, text_field(*body, "note", 500, false));
               in.note = std::move(*note);
               const service::Caller caller = caller_of(req);
               auto made = co_await chain.issue_batch(*p, *id, std::move(in), caller);
               co_return respond(
                   req, std::move(made), [](const service::Receipted<specimens::BatchView>& m) {
                     return created(batch_json(m.record), m.leaf,
                                    "/api/v1/label-batches/" + std::to_string(m.record.batch.id));
                   });
             });

  router.add(
      "GET", "/api/v1/projects/{id}/label-batches",
      [&chain](http::Request& req) -> Task<http::Response> {
        LW_API_TRY(p, require_user(req));
        LW_API_TRY(id, id_param(req, "id"));
        co_return respond(
            req, chain.list_batches(*p, *id), [](const std::vector<specimens::BatchView>& batches) {
              boost::json::array items;
              for (const auto& b : batches) {
                items.push_back(batch_json(b));
              }
              return http::Response::json(200, boost::json::object{{"items", std::move(items)}});
            });
      });

  router.add("GET", "/api/v1/label-batches/{id}",
             [&chain, &public_url](http::Request& req) -> Task<http::Response> {
               LW_API_TRY(p, require_user(req));
               LW_API_TRY(id, id_param(req, "id"));
               co_return respond(req, chain.get_batch(*p, *id), [&](const specimens::BatchView& v) {
                 auto out = batch_json(v);
                 boost::json::array labels;
                 for (const auto& l : v.labels) {
                   labels.push_back(label_json(l, label_url(req, public_url, l.code)));
                 }
                 out["labels"] = std::move(labels);
                 return http::Response::json(200, std::move(out));
               });
             });

  router.add("GET", "/api/v1/label-batches/{id}/sheet",
             [&chain, &public_url](http::Request& req) -> Task<http::Response> {
               LW_API_TRY(p, require_user(req));
               LW_API_TRY(id, id_param(req, "id"));
               LW_API_TRY(batch, chain.get_batch(*p, *id));
               co_return respond(
                   req, print::label_sheet_pdf(sheet_of(req, public_url, *batch)),
                   [&](const std::string& pdf) {
                     auto res = http::Response::text(200, pdf, "application/pdf");
                     res.set_header("Content-Disposition",
                                    "inline; filename=\"labels-" + std::to_string(*id) + ".pdf\"");
                     return res;
                   });
             });

  router.add("GET", "/api/v1/labels/{code}",
             [&chain, &public_url](http::Request& req) -> Task<http::Response> {
               LW_API_TRY(p, require_user(req));
               co_return respond(req, chain.get_label(*p, req.params.at("code")),
                                 [&](const specimens::LabelView& v) {
                                   return http::Response::json(200,
                                                               label_view_json(req, public_url, v));
                                 });
             });

  router.add(
      "GET", "/api/v1/public/labels/{code}", [&chain](http::Request& req) -> Task<http::Response> {
        co_return respond(
            req, chain.public_label(req.params.at("code")), [](const specimens::PublicLabel& l) {
              return http::Response::json(
                  200, boost::json::object{{"code", l.code},
                                           {"display", domain::display_label_code(l.code)},
                                           {"genuine", true},
                                           {"state", l.state},
                                           {"project_name", l.project_name},
                                           {"issued_at", format_utc(l.issued_at)},
                                           {"sampled_at", time_or_null(l.sampled_at)},
                                           {"received_at", time_or_null(l.received_at)},
                                           {"lab_name", l.lab_name}});
            });
      });

  router.add(
      "GET", "/api/v1/witness/projects", [&chain](http::Request& req) -> Task<http::Response> {
        LW_API_TRY(p, require_user(req));
        co_return respond(
            req, chain.witness_projects(*p),
            [](const std::vector<specimens::WitnessProject>& projects) {
              boost::json::array items;
              for (const auto& w : projects) {
                boost::json::array witnesses, samplers;
                for (const auto& x : w.witnesses) {
                  witnesses.push_back(person_json(x));
                }
                for (const auto& x : w.samplers) {
                  samplers.push_back(person_json(x));
                }
                items.push_back({{"id", w.project.id},
                                 {"code", w.project.code},
                                 {"name", w.project.name},
                                 {"address", w.project.address},
                                 {"assigned_as", tokens_json(w.assigned_as)},
                                 {"witnesses", std::move(witnesses)},
                                 {"samplers", std::move(samplers)}});
              }
              return http::Response::json(200, boost::json::object{{"items", std::move(items)}});
            });
      });

  router.add("POST", "/api/v1/samplings", [&chain](http::Request& req) -> Task<http::Response> {
    LW_API_TRY(p, require_user(req));
    LW_API_TRY(allowed, identity::require(*p, identity::Permission::record_sampling));
    LW_API_TRY(body, json_body(req));
    LW_API_TRY(input, new_sampling(*body));
    const service::Caller caller = caller_of(req);
    auto made = co_await chain.record_sampling(*p, std::move(*input), caller);
    co_return respond(req, std::move(made),
                      [](const service::Receipted<specimens::SamplingView>& m) {
                        return created(sampling_json(m.record), m.leaf,
                                       "/api/v1/samplings/" + std::to_string(m.record.sampling.id));
                      });
  });

  router.add("GET", "/api/v1/samplings", [&chain](http::Request& req) -> Task<http::Response> {
    LW_API_TRY(p, require_user(req));
    LW_API_TRY(query, list_query(req));
    storage::SamplingFilter filter;
    filter.q = query->q;
    if (req.query_param("project_id")) {
      LW_API_TRY(project, int_query(req, "project_id", 1, INT64_MAX, 0));
      filter.project_id = *project;
    }
    const storage::Page page = query->page;
    co_return respond(req, chain.list_samplings(*p, filter, page),
                      [&page](const storage::Paged<specimens::SamplingView>& found) {
                        boost::json::array items;
                        for (const auto& s : found.items) {
                          items.push_back(sampling_json(s));
                        }
                        return http::Response::json(200,
                                                    page_json(std::move(items), found.total, page));
                      });
  });

  router.add("GET", "/api/v1/samplings/{id}", [&chain](http::Request& req) -> Task<http::Response> {
    LW_API_TRY(p, require_user(req));
    LW_API_TRY(id, id_param(req, "id"));
    co_return respond(req, chain.get_sampling(*p, *id), [](const specimens::SamplingView& v) {
      return http::Response::json(200, sampling_json(v));
    });
  });

  router.add("GET", "/api/v1/samplings/{id}/placard",
             [&chain, &services](http::Request& req) -> Task<http::Response> {
               LW_API_TRY(p, require_user(req));
               LW_API_TRY(id, id_param(req, "id"));
               LW_API_TRY(sampling, chain.get_sampling(*p, *id));
               const std::string& hash = sampling->sampling.placard_sha256;
               auto conn = services.db.acquire();
               if (!conn) {
                 co_return http::Response::error(req, conn.error());
               }
               auto blob = storage::find_blob_record(**conn, hash);
               auto path = services.blobs.store().local_path(hash);
               if (!blob || !*blob || !path) {
                 co_return http::Response::error(
                     req, Error(std::string(errc::not_found), "the placard photo is missing"));
               }
               http::Response res;
               res.file_path = *path;
               res.set_header("Content-Type", (*blob)->media_type);
               res.set_header("X-Content-Type-Options", "nosniff");
               res.set_header("Cache-Control", "private, max-age=31536000, immutable");
               co_return res;
             });

  router.add(
      "POST", "/api/v1/samplings/{id}/commissions",
      [&chain](http::Request& req) -> Task<http::Response> {
        LW_API_TRY(p, require_user(req));
        LW_API_TRY(allowed, identity::require(*p, identity::Permission::commission_labs));
        LW_API_TRY(id, id_param(req, "id"));
        LW_API_TRY(body, json_body(req));
        LW_API_TRY(lab_code, string_field(*body, "lab_code", true));
        LW_API_TRY(test_item, string_field(*body, "test_item", true));
        const service::Caller caller = caller_of(req);
        auto made =
            co_await chain.commission(*p, *id, std::move(*lab_code), std::move(*test_item), caller);
        co_return respond(
            req, std::move(made), [](const service::Receipted<specimens::CommissionView>& m) {
              return created(
                  commission_json(m.record), m.leaf,
                  "/api/v1/samplings/" + std::to_string(m.record.commission.sampling_id));
            });
      });

  router.add("POST", "/api/v1/receipts", [&chain](http::Request& req) -> Task<http::Response> {
    LW_API_TRY(p, require_user(req));
    LW_API_TRY(lab, clerk_lab(*p));
    LW_API_TRY(body, json_body(req));
    LW_API_TRY(input, new_receipt(*body));
    const service::Caller caller = caller_of(req);
    auto made = co_await chain.receive(*lab, std::move(*input), caller);
    co_return respond(req, std::move(made),
                      [](const service::Receipted<specimens::ReceiptView>& m) {
                        return created(receipt_json(m.record), m.leaf, "/api/v1/receipts");
                      });
  });

  router.add("GET", "/api/v1/receipts", [&chain](http::Request& req) -> Task<http::Response> {
    LW_API_TRY(p, require_user(req));
    LW_API_TRY(query, list_query(req));
    storage::ReceiptFilter filter;
    if (auto outcome = req.query_param("outcome"); outcome && !outcome->empty()) {
      if (*outcome != "received" && *outcome != "refused") {
        co_return http::Response::error(req, field_error("outcome", "received or refused"));
      }
      filter.outcome = std::string(*outcome);
    }
    const storage::Page page = query->page;
    co_return respond(req, chain.list_receipts(*p, filter, page),
                      [&page](const storage::Paged<specimens::ReceiptView>& found) {
                        boost::json::array items;
                        for (const auto& r : found.items) {
                          items.push_back(receipt_json(r));
                        }
                        return http::Response::json(200,
                                                    page_json(std::move(items), found.total, page));
                      });
  });

  router.add("GET", "/api/v1/trace/labels/{code}",
             [&chain, &public_url](http::Request& req) -> Task<http::Response> {
               LW_API_TRY(p, require_user(req));
               co_return respond(req, chain.trace_label(*p, req.params.at("code")),
                                 [&](const specimens::TraceView& t) {
                                   return http::Response::json(200, trace_json(req, public_url, t));
                                 });
             });

  router.add("GET", "/api/v1/trace/samplings/{id}",
             [&chain, &public_url](http::Request& req) -> Task<http::Response> {
               LW_API_TRY(p, require_user(req));
               LW_API_TRY(id, id_param(req, "id"));
               co_return respond(req, chain.trace_sampling(*p, *id),
                                 [&](const specimens::TraceView& t) {
                                   return http::Response::json(200, trace_json(req, public_url, t));
                                 });
             });

  // A lab's system: the label of a specimen commissioned to it, recording a commission made to
  // it, and receipts (the clerk named in the body).
  router.add("GET", "/api/v1/lab-api/labels/{code}",
             [&chain, &public_url](http::Request& req) -> Task<http::Response> {
               LW_API_TRY(lab_code, signed_lab(req));
               co_return respond(req, chain.lab_label(*lab_code, req.params.at("code")),
                                 [&](const specimens::LabelView& v) {
                                   return http::Response::json(200,
                                                               label_view_json(req, public_url, v));
                                 });
             });

  router.add(
      "POST", "/api/v1/lab-api/commissions", [&chain](http::Request& req) -> Task<http::Response> {
        LW_API_TRY(lab_code, signed_lab(req));
        LW_API_TRY(body, json_body(req));
        LW_API_TRY(label_code, string_field(*body, "label_code", true));
        LW_API_TRY(test_item, string_field(*body, "test_item", true));
        const service::Caller caller = caller_of(req);
        auto made = co_await chain.commission_by_lab(std::move(*lab_code), std::move(*label_code),
                                                     std::move(*test_item), caller);
        co_return respond(
            req, std::move(made), [](const service::Receipted<specimens::CommissionView>& m) {
              return created(commission_json(m.record), m.leaf, "/api/v1/lab-api/commissions");
            });
      });

  router.add("POST", "/api/v1/lab-api/receipts",
             [&chain](http::Request& req) -> Task<http::Response> {
               LW_API_TRY(lab_code, signed_lab(req));
               LW_API_TRY(body, json_body(req));
               LW_API_TRY(clerk, text_field(*body, "received_by", 100, true));
               LW_API_TRY(input, new_receipt(*body));
               specimens::ReceivingLab lab{std::move(*lab_code), std::move(*clerk)};
               const service::Caller caller = caller_of(req);
               auto made = co_await chain.receive(lab, std::move(*input), caller);
               co_return respond(
                   req, std::move(made), [](const service::Receipted<specimens::ReceiptView>& m) {
                     return created(receipt_json(m.record), m.leaf, "/api/v1/lab-api/receipts");
                   });
             });
}

}  // namespace lw::api
