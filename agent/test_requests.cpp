#include "test_requests.hpp"

#include <openssl/evp.h>

#include <charconv>
#include <cmath>
#include <cstring>
#include <vector>

namespace lw::sim {
namespace json = boost::json;
namespace {

void put(json::object& o, std::string_view name, const std::optional<double>& v) {
  if (v) {
    o[name] = *v;
  }
}

void put(json::object& o, std::string_view name, const std::optional<std::string>& v) {
  if (v) {
    o[name] = *v;
  }
}

json::value curve_json(const Curve& c, CurveForm form) {
  switch (form) {
    case CurveForm::readings:
      return "readings";
    case CurveForm::points: {
      json::array points;
      points.reserve(c.size());
      for (std::size_t i = 0; i < c.size(); ++i) {
        points.push_back(json::array{c.t_s[i], c.force_kn[i], c.disp_mm[i]});
      }
      return json::object{{"rate_hz", c.rate_hz}, {"points", std::move(points)}};
    }
    case CurveForm::csv:
      return json::object{{"rate_hz", c.rate_hz}, {"csv", curve_csv(c, 0, c.size())}};
    case CurveForm::f32le:
      return json::object{
          {"rate_hz", c.rate_hz}, {"channels", 3}, {"f32le", f32le_base64(c, 0, c.size())}};
  }
  return nullptr;
}

json::object specimen_json(Item item, const SpecimenResult& s, std::optional<CurveForm> form) {
  json::object o;
  o["label_code"] = s.label_code;
  if (is_steel(item)) {
    put(o, "diameter_mm", s.diameter_mm);
    put(o, "gauge_length_mm", s.gauge_length_mm);
    put(o, "final_length_mm", s.final_length_mm);
    put(o, "yield_load_kn", s.yield_load_kn);
    o["peak_load_kn"] = s.peak_load_kn;
    put(o, "agt_percent", s.agt_percent);
    put(o, "fracture_position", s.fracture_position);
    put(o, "fracture_mode", s.fracture_mode);
    put(o, "yield_strength_mpa", s.yield_strength_mpa);
    o["strength_mpa"] = s.strength_mpa;
    put(o, "elongation_percent", s.elongation_percent);
  } else {
    put(o, "length_mm", s.length_mm);
    put(o, "width_mm", s.width_mm);
    put(o, "height_mm", s.height_mm);
    o["peak_load_kn"] = s.peak_load_kn;
    o["strength_mpa"] = s.strength_mpa;
  }
  if (form) {
    o["curve"] = curve_json(s.curve, *form);
  }
  return o;
}

void number_text(double d, std::string& out) {
  if (!std::isfinite(d)) {
    out += "null";
    return;
  }
  char buf[32];
  const auto [end, ec] = std::to_chars(buf, buf + sizeof buf, d);
  const std::string_view text(buf, ec == std::errc() ? static_cast<std::size_t>(end - buf) : 0);
  out += text;
  if (text.find_first_of(".e") == std::string_view::npos) {
    out += ".0";
  }
}

void write(const json::value& v, std::string& out) {
  switch (v.kind()) {
    case json::kind::null:
      out += "null";
      return;
    case json::kind::bool_:
      out += v.get_bool() ? "true" : "false";
      return;
    case json::kind::int64:
      out += std::to_string(v.get_int64());
      return;
    case json::kind::uint64:
      out += std::to_string(v.get_uint64());
      return;
    case json::kind::double_:
      number_text(v.get_double(), out);
      return;
    case json::kind::string:
      out += json::serialize(v.get_string());
      return;
    case json::kind::array: {
      out += '[';
      bool first = true;
      for (const auto& item : v.get_array()) {
        if (!first) {
          out += ',';
        }
        first = false;
        write(item, out);
      }
      out += ']';
      return;
    }
    case json::kind::object: {
      out += '{';
      bool first = true;
      for (const auto& [key, item] : v.get_object()) {
        if (!first) {
          out += ',';
        }
        first = false;
        out += json::serialize(json::string_view(key));
        out += ':';
        write(item, out);
      }
      out += '}';
      return;
    }
  }
}

}  // namespace

std::optional<CurveForm> parse_curve_form(std::string_view name) {
  if (name == "readings") {
    return CurveForm::readings;
  }
  if (name == "points" || name == "json") {
    return CurveForm::points;
  }
  if (name == "csv") {
    return CurveForm::csv;
  }
  if (name == "f32le") {
    return CurveForm::f32le;
  }
  return std::nullopt;
}

json::object start_body(const GroupResult& group, const StartInfo& info) {
  json::array labels;
  for (const auto& s : group.specimens) {
    labels.emplace_back(s.label_code);
  }
  json::object o{{"item", item_code(group.item)},
                 {"standard", item_standard(group.item)},
                 {"grade", group.grade.name},
                 {"label_codes", std::move(labels)},
                 {"equipment_id", info.equipment_id},
                 {"tester_id", info.tester_id},
                 {"acquisition", group.manual ? "manual" : "auto"}};
  if (group.manual && !info.manual_reason.empty()) {
    o["manual_reason"] = info.manual_reason;
  }
  o["started_at"] = info.started_at;
  o["environment"] = {{"temperature_c", info.temperature_c},
                      {"humidity_percent", info.humidity_percent}};
  if (info.retest_of > 0) {
    o["retest_of"] = info.retest_of;
  }
  return o;
}

json::object results_json(const GroupResult& group, CurveForm form) {
  json::array specimens;
  for (const auto& s : group.specimens) {
    specimens.push_back(
        specimen_json(group.item, s, group.manual ? std::nullopt : std::optional(form)));
  }
  json::object o{{"specimens", std::move(specimens)}};
  if (!is_steel(group.item)) {
    o["group_strength_mpa"] =
        group.group_strength_mpa ? json::value(*group.group_strength_mpa) : json::value(nullptr);
  }
  if (group.item == Item::splice_tension) {
    o["joint_grade"] = group.grade.splice_grade;  // JGJ 107-2016 I, II or III
  }
  o["conclusion"] = group.conclusion;
  return o;
}

json::object readings_body(const Curve& curve, std::size_t specimen, std::size_t seq,
                           std::size_t begin, std::size_t end, CurveForm form) {
  json::object o{{"specimen", static_cast<std::int64_t>(specimen)},
                 {"seq", static_cast<std::int64_t>(seq)}};
  switch (form) {
    case CurveForm::csv:
      o["csv"] = curve_csv(curve, begin, end);
      break;
    case CurveForm::f32le:
      o["f32le"] = f32le_base64(curve, begin, end);
      o["channels"] = 3;
      break;
    default: {
      json::array points;
      points.reserve(end - begin);
      for (std::size_t i = begin; i < end; ++i) {
        points.push_back(json::array{curve.t_s[i], curve.force_kn[i], curve.disp_mm[i]});
      }
      o["points"] = std::move(points);
    }
  }
  return o;
}

json::object finish_body(const GroupResult& group, const std::string& finished_at) {
  return {{"finished_at", finished_at}, {"results", results_json(group, CurveForm::readings)}};
}

json::object one_shot_body(const GroupResult& group, const StartInfo& info,
                           const std::string& finished_at, CurveForm form) {
  json::object o = start_body(group, info);
  o["finished_at"] = finished_at;
  o["results"] = results_json(group, form == CurveForm::readings ? CurveForm::f32le : form);
  return o;
}

json::object review_body(std::int64_t reviewer_id, bool confirm, const std::string& note) {
  json::object o{{"reviewer_id", reviewer_id}, {"verdict", confirm ? "confirm" : "reject"}};
  if (!note.empty()) {
    o["note"] = note;
  }
  return o;
}

std::string f32le_base64(const Curve& curve, std::size_t begin, std::size_t end) {
  std::vector<unsigned char> bytes;
  bytes.reserve((end - begin) * 12);
  auto push = [&bytes](double v) {
    const auto f = static_cast<float>(v);
    std::uint32_t bits = 0;
    std::memcpy(&bits, &f, sizeof bits);
    for (int k = 0; k < 4; ++k) {
      bytes.push_back(static_cast<unsigned char>(bits >> (8 * k)));
    }
  };
  for (std::size_t i = begin; i < end; ++i) {
    push(curve.t_s[i]);
    push(curve.force_kn[i]);
    push(curve.disp_mm[i]);
  }
  std::string out(4 * ((bytes.size() + 2) / 3), '\0');
  const int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()), bytes.data(),
                                static_cast<int>(bytes.size()));
  out.resize(static_cast<std::size_t>(std::max(n, 0)));
  return out;
}

std::string curve_csv(const Curve& curve, std::size_t begin, std::size_t end) {
  std::string out = "t_s,force_kn,disp_mm\n";
  out.reserve(out.size() + (end - begin) * 24);
  for (std::size_t i = begin; i < end; ++i) {
    number_text(curve.t_s[i], out);
    out += ',';
    number_text(curve.force_kn[i], out);
    out += ',';
    number_text(curve.disp_mm[i], out);
    out += '\n';
  }
  return out;
}

std::string json_text(const json::value& v) {
  std::string out;
  write(v, out);
  return out;
}

}  // namespace lw::sim
