#include "api/lab_tests_json.hpp"

#include <algorithm>
#include <cmath>

#include <boost/json/parse.hpp>

#include "api/json_io.hpp"
#include "api/routes.hpp"
#include "core/json_values.hpp"
#include "core/random.hpp"
#include "domain/curve.hpp"
#include "domain/label_code.hpp"
#include "domain/person.hpp"
#include "ledger/base64.hpp"

namespace lw::api {
namespace {

using boost::json::array;
using boost::json::object;
using boost::json::value;

Result<std::vector<std::string>> strings_field(const object& o, std::string_view name,
                                               std::size_t max_items, std::size_t max_bytes) {
  const auto* v = o.if_contains(name);
  if (v == nullptr || !v->is_array()) {
    return field_error(name, "an array of strings");
  }
  const auto& a = v->as_array();
  if (a.size() > max_items) {
    return field_error(name, "too many");
  }
  std::vector<std::string> out;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (!a[i].is_string() || a[i].as_string().size() > max_bytes) {
      return field_error(std::string(name) + "[" + std::to_string(i) + "]", "a short string");
    }
    out.emplace_back(a[i].as_string());
  }
  return out;
}

template <class T, class Parse>
Result<std::optional<T>> token_field(const object& o, std::string_view name, const std::string& at,
                                     Parse parse) {
  auto s = optional_string_field(o, name);
  if (!s) {
    return field_error(at + std::string(name), "a string");
  }
  if (!*s) {
    return std::optional<T>{};
  }
  auto t = parse(**s);
  if (!t) {
    return field_error(at + std::string(name), "unknown");
  }
  return std::optional<T>(*t);
}

// One specimen of `results.specimens[i]`; `from_readings` set when its curve is "readings".
Result<domain::SpecimenData> specimen_of(const value& v, std::size_t i, bool& from_readings) {
  const std::string at = "results.specimens[" + std::to_string(i) + "].";
  if (!v.is_object()) {
    return field_error(at.substr(0, at.size() - 1), "an object");
  }
  const auto& o = v.as_object();
  domain::SpecimenData s;
  LW_TRY_ASSIGN(s.label_code, text_field(o, "label_code", 64, false));
  LW_TRY_ASSIGN(s.length_mm, measure(o, "length_mm", at));
  LW_TRY_ASSIGN(s.width_mm, measure(o, "width_mm", at));
  LW_TRY_ASSIGN(s.height_mm, measure(o, "height_mm", at));
  LW_TRY_ASSIGN(s.diameter_mm, measure(o, "diameter_mm", at));
  LW_TRY_ASSIGN(s.gauge_length_mm, measure(o, "gauge_length_mm", at));
  LW_TRY_ASSIGN(s.final_length_mm, measure(o, "final_length_mm", at));
  LW_TRY_ASSIGN(s.peak_load_kn, measure(o, "peak_load_kn", at));
  LW_TRY_ASSIGN(s.yield_load_kn, measure(o, "yield_load_kn", at));
  LW_TRY_ASSIGN(s.agt_percent, measure(o, "agt_percent", at));
  LW_TRY_ASSIGN(s.strength_mpa, measure(o, "strength_mpa", at));
  LW_TRY_ASSIGN(s.yield_strength_mpa, measure(o, "yield_strength_mpa", at));
  LW_TRY_ASSIGN(s.elongation_percent, measure(o, "elongation_percent", at));
  LW_TRY_ASSIGN(s.fracture_position,
                token_field<domain::FracturePosition>(o, "fracture_position", at,
                                                      domain::parse_fracture_position));
  LW_TRY_ASSIGN(s.fracture_mode, token_field<domain::FractureMode>(o, "fracture_mode", at,
                                                                   domain::parse_fracture_mode));
  from_readings = false;
  if (const auto* c = o.if_contains("curve"); c && !c->is_null()) {
    if (c->is_string() && c->as_string() == "readings") {
      from_readings = true;
    } else {
      auto curve = curve_of(*c, at + "curve");
      if (!curve) {
        return std::move(curve).error();
      }
      s.curve = std::move(*curve);
    }
  }
  return s;
}

array strings_json(const std::vector<std::string>& v) {
  array out;
  for (const auto& s : v) {
    out.emplace_back(s);
  }
  return out;
}

value parsed_or_null(const std::string& json) {
  if (json.empty()) {
    return nullptr;
  }
  boost::system::error_code ec;
  auto v = boost::json::parse(json, ec);
  return ec ? value(nullptr) : v;
}

}  // namespace

Result<domain::Curve> curve_of(const value& v, const std::string& field) {
  if (!v.is_object()) {
    return field_error(field, "an object with points, csv or f32le");
  }
  const auto& o = v.as_object();
  auto rate = measure(o, "rate_hz", field + ".");
  if (!rate) {
    return std::move(rate).error();
  }
  const double hz = rate->value_or(0);
  Result<domain::Curve> curve = field_error(field, "points, csv or f32le");
  if (const auto* p = o.if_contains("points")) {
    if (!p->is_array()) {
      return field_error(field + ".points", "an array of [t_s, force_kn, disp_mm?]");
    }
    std::vector<std::vector<double>> rows;
    rows.reserve(p->as_array().size());
    for (std::size_t i = 0; i < p->as_array().size(); ++i) {
      const auto& row = p->as_array()[i];
      if (!row.is_array()) {
        return field_error(field + ".points[" + std::to_string(i) + "]", "an array of numbers");
      }
      std::vector<double> r;
      for (const auto& x : row.as_array()) {
        if (!x.is_number()) {
          return field_error(field + ".points[" + std::to_string(i) + "]", "an array of numbers");
        }
        r.push_back(x.to_number<double>());
      }
      rows.push_back(std::move(r));
    }
    curve = domain::curve_from_points(rows, hz, field + ".points");
  } else if (const auto* c = o.if_contains("csv"); c && c->is_string()) {
    curve = domain::curve_from_csv(c->as_string(), hz);
  } else if (const auto* f = o.if_contains("f32le"); f && f->is_string()) {
    auto bytes = ledger::from_base64(f->as_string());
    if (!bytes) {
      return field_error(field + ".f32le", "base64");
    }
    auto channels = int_field(o, "channels");
    if (!channels || !*channels) {
      return field_error(field + ".channels", "2 or 3");
    }
    curve = domain::curve_from_f32le(*bytes, static_cast<int>(**channels), hz);
  }
  return curve;
}

Result<labtests::NewContract> new_contract(const object& body) {
  labtests::NewContract c;
  LW_TRY_ASSIGN(c.contract_no, text_field(body, "contract_no", 64, true));
  LW_TRY_ASSIGN(c.project_id, positive_id(body, "project_id", true));
  LW_TRY_ASSIGN(c.client, text_field(body, "client", 200, true));
  LW_TRY_ASSIGN(c.items, strings_field(body, "items", 50, 40));
  LW_TRY_ASSIGN(c.signed_on, date_field(body, "signed_on"));
  LW_TRY_ASSIGN(c.document_sha256, text_field(body, "document_sha256", 64, true));
  // A decimal string, so that money never passes through a binary float: "12000" or "12000.50".
  LW_TRY_ASSIGN(c.amount_yuan, text_field(body, "amount_yuan", 20, false));
  const auto dot = c.amount_yuan.find('.');
  const bool digits_ok = std::all_of(c.amount_yuan.begin(), c.amount_yuan.end(),
                                     [](char ch) { return (ch >= '0' && ch <= '9') || ch == '.'; });
  if (!digits_ok ||
      c.amount_yuan.find('.', dot == std::string::npos ? 0 : dot + 1) != std::string::npos ||
      (dot != std::string::npos && (dot == 0 || c.amount_yuan.size() - dot > 3))) {
    return field_error("amount_yuan", "a decimal string like 12000.50");
  }
  return c;
}

Result<labtests::NewPlan> new_plan(const object& body) {
  labtests::NewPlan p;
  LW_TRY_ASSIGN(p.project_id, positive_id(body, "project_id", true));
  auto contract = positive_id(body, "contract_id", false);
  if (!contract) {
    return std::move(contract).error();
  }
  if (*contract) {
    p.contract_id = *contract;
  }
  LW_TRY_ASSIGN(p.items, strings_field(body, "items", 50, 40));
  LW_TRY_ASSIGN(p.planned_start, date_field(body, "planned_start"));
  LW_TRY_ASSIGN(p.planned_end, date_field(body, "planned_end"));
  LW_TRY_ASSIGN(p.note, text_field(body, "note", 1000, false));
  return p;
}

Result<labtests::Results> results_of(const object& body) {
  const auto* r = body.if_contains("results");
  if (r == nullptr || !r->is_object()) {
    return field_error("results", "required");
  }
  const auto& o = r->as_object();
  labtests::Results out;
  const auto* specimens = o.if_contains("specimens");
  if (specimens == nullptr || !specimens->is_array() || specimens->as_array().empty() ||
      specimens->as_array().size() > 50) {
    return field_error("results.specimens", "an array of 1 to 50 specimens");
  }
  for (std::size_t i = 0; i < specimens->as_array().size(); ++i) {
    bool from_readings = false;
    auto s = specimen_of(specimens->as_array()[i], i, from_readings);
    if (!s) {
      return std::move(s).error();
    }
    out.data.specimens.push_back(std::move(*s));
    out.curve_from_readings.push_back(from_readings);
  }
  LW_TRY_ASSIGN(out.data.group_strength_mpa, measure(o, "group_strength_mpa", "results."));
  // Mechanical splices: the joint's grade (JGJ 107-2016 I, II, III); `grade` is the bar's.
  LW_TRY_ASSIGN(out.data.joint_grade, text_field(o, "joint_grade", 3, false));
  LW_TRY_ASSIGN(out.data.conclusion, token_field<domain::Conclusion>(o, "conclusion", "results.",
                                                                     domain::parse_conclusion));
  LW_TRY_ASSIGN(out.finished_at, time_field(body, "finished_at"));
  return out;
}

Result<labtests::NewTest> new_test(const object& body) {
  labtests::NewTest t;
  LW_TRY_ASSIGN(t.item, text_field(body, "item", 40, true));
  LW_TRY_ASSIGN(t.standard, text_field(body, "standard", 100, true));
  LW_TRY_ASSIGN(t.grade, text_field(body, "grade", 20, false));
  LW_TRY_ASSIGN(t.label_codes, strings_field(body, "label_codes", 50, 64));
  LW_TRY_ASSIGN(t.equipment_id, positive_id(body, "equipment_id", true));
  LW_TRY_ASSIGN(t.tester_id, positive_id(body, "tester_id", true));
  auto acquisition = text_field(body, "acquisition", 10, true);
  if (!acquisition) {
    return std::move(acquisition).error();
  }
  auto a = domain::parse_acquisition(*acquisition);
  if (!a) {
    return field_error("acquisition", "auto or manual");
  }
  t.acquisition = *a;
  LW_TRY_ASSIGN(t.manual_reason, text_field(body, "manual_reason", 500, false));
  LW_TRY_ASSIGN(t.started_at, time_field(body, "started_at"));
  if (const auto* env = body.if_contains("environment"); env && !env->is_null()) {
    if (!env->is_object()) {
      return field_error("environment", "an object");
    }
    const auto& e = env->as_object();
    auto temperature = number_field(e, "temperature_c");
    if (!temperature) {
      return field_error("environment.temperature_c", "a number");
    }
    t.temperature_c = *temperature;
    LW_TRY_ASSIGN(t.humidity_percent, measure(e, "humidity_percent", "environment."));
  }
  auto retest = positive_id(body, "retest_of", false);
  if (!retest) {
    return std::move(retest).error();
  }
  if (*retest) {
    t.retest_of = *retest;
  }
  if (body.contains("results")) {
    auto r = results_of(body);
    if (!r) {
      return std::move(r).error();
    }
    t.results = std::move(*r);
  }
  return t;
}

Result<labtests::ReadingsChunk> readings_chunk(const object& body) {
  labtests::ReadingsChunk c;
  auto specimen = int_field(body, "specimen");
  auto seq = int_field(body, "seq");
  if (!specimen || !*specimen || **specimen < 0 || **specimen > 49) {
    return field_error("specimen", "0 to 49");
  }
  if (!seq || !*seq || **seq < 0 || **seq > 1000000) {
    return field_error("seq", "0 to 1000000");
  }
  c.ordinal = static_cast<int>(**specimen);
  c.seq = static_cast<int>(**seq);
  LW_TRY_ASSIGN(c.points, curve_of(body, "readings"));
  return c;
}

Result<labtests::Review> review_of(const object& body) {
  labtests::Review r;
  LW_TRY_ASSIGN(r.reviewer_id, positive_id(body, "reviewer_id", true));
  auto verdict = text_field(body, "verdict", 10, true);
  if (!verdict) {
    return std::move(verdict).error();
  }
  if (*verdict != "confirm" && *verdict != "reject") {
    return field_error("verdict", "confirm or reject");
  }
  r.confirm = *verdict == "confirm";
  LW_TRY_ASSIGN(r.note, text_field(body, "note", 500, false));
  return r;
}

Result<labtests::Change> change_of(const object& body, bool void_only) {
  labtests::Change c;
  LW_TRY_ASSIGN(c.reason, text_field(body, "reason", 500, false));
  LW_TRY_ASSIGN(c.approver_id, positive_id(body, "approver_id", false));
  if (!void_only) {
    auto r = results_of(body);
    if (!r) {
      return std::move(r).error();
    }
    c.results = std::move(*r);
  }
  return c;
}

object contract_json(const storage::TestContract& c) {
  return {{"id", c.id},
          {"lab_code", c.lab_code},
          {"project_id", c.project_id},
          {"contract_no", c.contract_no},
          {"client", c.client},
          {"items", strings_json(c.items)},
          {"signed_on", domain::format_date(c.signed_on)},
          {"amount_yuan", c.amount_yuan},
          {"document_sha256", c.document_sha256},
          {"due_by", date_or_null(c.due_by)},
          {"late", c.late},
          {"received_by", c.received_by},
          {"received_at", format_utc(c.received_at)}};
}

object plan_json(const storage::TestPlan& p) {
  return {{"id", p.id},
          {"lab_code", p.lab_code},
          {"project_id", p.project_id},
          {"contract_id", id_or_null(p.contract_id)},
          {"items", strings_json(p.items)},
          {"planned_start", domain::format_date(p.planned_start)},
          {"planned_end", domain::format_date(p.planned_end)},
          {"note", p.note},
          {"latest_on_time", date_or_null(p.latest_on_time)},
          {"late", p.late},
          {"received_by", p.received_by},
          {"received_at", format_utc(p.received_at)}};
}

object test_row_json(const storage::LabTest& t) {
  const auto* item = domain::find_test_item(t.item);
  array labels;
  for (const auto& l : t.labels) {
    labels.emplace_back(l);
  }
  return {{"id", t.id},
          {"lab_code", t.lab_code},
          {"project_id", t.project_id},
          {"sampling_id", t.sampling_id},
          {"item", t.item},
          {"item_name", item ? value(std::string(item->name_zh) + " " + std::string(item->name_en))
                             : value(t.item)},
          {"standard", t.standard},
          {"grade", t.grade},
          {"labels", std::move(labels)},
          {"equipment_id", t.equipment_id},
          {"tester_id", t.tester_id},
          {"acquisition", t.acquisition},
          {"manual_reason", t.manual_reason},
          {"environment", parsed_or_null(t.environment)},
          {"plan_id", id_or_null(t.plan_id)},
          {"retest_of", id_or_null(t.retest_of)},
          {"status", t.status},
          {"version", t.version},
          {"anomalies", t.anomalies},
          {"conclusion", t.conclusion},
          {"started_at", format_utc(t.started_at)},
          {"received_at", format_utc(t.received_at)},
          {"finished_at", t.finished_at ? value(format_utc(*t.finished_at)) : value(nullptr)},
          {"updated_at", format_utc(t.updated_at)},
          {"sandbox", t.sandbox}};
}

object test_view_json(const labtests::TestView& v) {
  object out = test_row_json(v.test);
  out["data"] = v.data;
  array reviews;
  for (const auto& r : v.reviews) {
    reviews.push_back(object{{"id", r.id},
                             {"version", r.version},
                             {"reviewer_id", r.reviewer_id},
                             {"verdict", r.verdict},
                             {"note", r.note},
                             {"reviewed_by", r.reviewed_by},
                             {"reviewed_at", format_utc(r.reviewed_at)}});
  }
  out["reviews"] = std::move(reviews);
  array violations;
  for (const auto& x : v.violations) {
    violations.push_back(violation_json(x));
  }
  out["violations"] = std::move(violations);
  out["lab_name"] = v.lab_name;
  out["project_name"] = v.project_name;
  out["tester_name"] = v.tester_name;
  return out;
}

object version_json(const labtests::TestVersion& v) {
  object out{{"version", v.version},
             {"record", v.record},
             {"changed_by", v.changed_by},
             {"changed_at", format_utc(v.changed_at)}};
  out["receipt"] = v.leaf_index
                       ? value(object{{"index", *v.leaf_index}, {"leaf_hash", to_hex(v.leaf_hash)}})
                       : value(nullptr);
  return out;
}

object curve_json(const domain::Curve& c) {
  array t, f, d;
  for (std::size_t i = 0; i < c.size(); ++i) {
    t.emplace_back(c.t_s[i]);
    f.emplace_back(c.force_kn[i]);
    if (!c.disp_mm.empty()) {
      d.emplace_back(c.disp_mm[i]);
    }
  }
  return {{"rate_hz", c.rate_hz},
          {"points", c.size()},
          {"t_s", std::move(t)},
          {"force_kn", std::move(f)},
          {"disp_mm", std::move(d)}};
}

object concrete_lot_json(const labtests::ConcreteLot& lot) {
  array tests, groups;
  for (std::size_t i = 0; i < lot.tests.size(); ++i) {
    tests.emplace_back(lot.tests[i]);
    groups.emplace_back(lot.groups[i]);
  }
  object out{{"tests", std::move(tests)}, {"groups_mpa", std::move(groups)}};
  if (!lot.evaluation) {
    out["evaluation"] = nullptr;
    return out;
  }
  const auto& e = *lot.evaluation;
  array criteria, coefficients;
  for (const auto& c : e.criteria) {
    criteria.push_back(object{{"name", c.name},
                              {"formula", c.formula},
                              {"value", c.value},
                              {"limit", c.limit},
                              {"pass", c.pass},
                              {"clause", c.clause}});
  }
  for (const auto& c : e.coefficients) {
    coefficients.push_back(object{{"name", c.name}, {"value", c.value}});
  }
  out["evaluation"] = object{{"method", domain::lot_method_name(e.method)},
                             {"fcu_k", e.fcu_k},
                             {"n", e.n},
                             {"mean_mpa", e.mean_mpa},
                             {"min_mpa", e.min_mpa},
                             {"sd_mpa", e.sd_mpa ? value(*e.sd_mpa) : value(nullptr)},
                             {"sigma0_mpa", e.sigma0_mpa ? value(*e.sigma0_mpa) : value(nullptr)},
                             {"coefficients", std::move(coefficients)},
                             {"criteria", std::move(criteria)},
                             {"pass", e.pass}};
  return out;
}

}  // namespace lw::api
