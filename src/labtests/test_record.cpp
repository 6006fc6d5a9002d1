#include "labtests/test_record.hpp"

#include <charconv>

namespace lw::labtests {
namespace {

void put(boost::json::object& o, std::string_view name, const std::optional<double>& v) {
  if (v) {
    o[name] = decimal(*v);
  }
}

}  // namespace

std::string decimal(double v) {
  char buf[32];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v);
  return ec == std::errc() ? std::string(buf, end) : std::string("0");
}

boost::json::value decimal_or_null(const std::optional<double>& v) {
  return v ? boost::json::value(decimal(*v)) : boost::json::value(nullptr);
}

boost::json::object specimen_json(const domain::SpecimenData& s,
                                  const std::optional<CurveRef>& curve) {
  boost::json::object o{{"label_code", s.label_code}};
  put(o, "length_mm", s.length_mm);
  put(o, "width_mm", s.width_mm);
  put(o, "height_mm", s.height_mm);
  put(o, "diameter_mm", s.diameter_mm);
  put(o, "gauge_length_mm", s.gauge_length_mm);
  put(o, "final_length_mm", s.final_length_mm);
  put(o, "peak_load_kn", s.peak_load_kn);
  put(o, "yield_load_kn", s.yield_load_kn);
  put(o, "agt_percent", s.agt_percent);
  if (s.fracture_position) {
    o["fracture_position"] = domain::fracture_position_name(*s.fracture_position);
  }
  if (s.fracture_mode) {
    o["fracture_mode"] = domain::fracture_mode_name(*s.fracture_mode);
  }
  put(o, "strength_mpa", s.strength_mpa);
  put(o, "yield_strength_mpa", s.yield_strength_mpa);
  put(o, "elongation_percent", s.elongation_percent);
  if (curve) {
    o["curve"] = {{"sha256", curve->sha256}, {"points", curve->points}};
  }
  return o;
}

boost::json::object results_json(const domain::TestData& data,
                                 const std::vector<std::optional<CurveRef>>& curves) {
  boost::json::array specimens;
  for (std::size_t i = 0; i < data.specimens.size(); ++i) {
    specimens.push_back(
        specimen_json(data.specimens[i], i < curves.size() ? curves[i] : std::nullopt));
  }
  boost::json::object o{{"specimens", std::move(specimens)},
                        {"group_strength_mpa", decimal_or_null(data.group_strength_mpa)}};
  o["conclusion"] = data.conclusion ? boost::json::value(domain::conclusion_name(*data.conclusion))
                                    : boost::json::value(nullptr);
  if (!data.joint_grade.empty()) {
    o["joint_grade"] = data.joint_grade;
  }
  if (data.temperature_c || data.humidity_percent) {
    o["environment"] = {{"temperature_c", decimal_or_null(data.temperature_c)},
                        {"humidity_percent", decimal_or_null(data.humidity_percent)}};
  }
  return o;
}

boost::json::array anomalies_json(const std::vector<domain::Anomaly>& anomalies) {
  boost::json::array out;
  for (const auto& a : anomalies) {
    boost::json::object o{{"kind", a.kind},
                          {"clause", a.clause},
                          {"field", a.field},
                          {"reported", decimal_or_null(a.reported)},
                          {"recomputed", decimal_or_null(a.recomputed)},
                          {"message_zh", a.message_zh},
                          {"message_en", a.message_en}};
    o["specimen"] = a.specimen ? boost::json::value(*a.specimen) : boost::json::value(nullptr);
    out.push_back(std::move(o));
  }
  return out;
}

}  // namespace lw::labtests
