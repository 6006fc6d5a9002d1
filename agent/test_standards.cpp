#include "test_standards.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <numbers>

namespace lw::sim {
namespace {

constexpr double kSteelStressRateLow = 6.0;  // GB/T 228.1 method B, E ≥ 150 GPa, MPa/s
constexpr double kSteelStressRateHigh = 60.0;

constexpr SteelGrade kSteelGrades[] = {
    {"HPB300", 300, 420, 25, 10, false}, {"HRB400", 400, 540, 16, 7.5, false},
    {"HRB400E", 400, 540, 16, 9, true},  {"HRB500", 500, 630, 15, 7.5, false},
    {"HRB500E", 500, 630, 15, 9, true},  {"HRB600", 600, 730, 14, 7.5, false},
};

std::string upper(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'a' && c <= 'z') {
      c = static_cast<char>(c - 'a' + 'A');
    }
  }
  return out;
}

// The number right after `prefix` at the start of `s` ("C30" → 30, "M7.5" → 7.5).
std::optional<double> number_after(std::string_view s, std::size_t at) {
  double v = 0;
  const auto* begin = s.data() + at;
  const auto [end, ec] = std::from_chars(begin, s.data() + s.size(), v);
  if (ec != std::errc() || end == begin) {
    return std::nullopt;
  }
  return v;
}

// "Φ20", "φ20", "D20", "d=20", "20mm": the bar diameter in a grade text, if any.
std::optional<double> diameter_in(std::string_view text) {
  for (std::string_view mark : {"Φ", "φ", "Ф", "D", "d"}) {
    for (auto at = text.find(mark); at != std::string_view::npos;
         at = text.find(mark, at + mark.size())) {
      std::size_t p = at + mark.size();
      while (p < text.size() && (text[p] == ' ' || text[p] == '=')) {
        ++p;
      }
      if (auto v = number_after(text, p); v && *v >= 6 && *v <= 50) {
        return v;
      }
    }
  }
  if (auto mm = text.find("mm"); mm != std::string_view::npos) {
    std::size_t p = mm;
    while (p > 0 && ((text[p - 1] >= '0' && text[p - 1] <= '9') || text[p - 1] == '.')) {
      --p;
    }
    if (auto v = number_after(text, p); v && *v >= 6 && *v <= 50) {
      return v;
    }
  }
  return std::nullopt;
}

}  // namespace

// Half to even (GB/T 8170); dividing by the inverse keeps 812.4 from printing as 812.4000000000001.
double round_to(double value, double step) {
  if (step < 1) {
    const double inverse = std::nearbyint(1 / step);
    return std::nearbyint(value * inverse) / inverse;
  }
  return std::nearbyint(value / step) * step;
}

double bar_area_mm2(double d) {
  return round_to(std::numbers::pi * d * d / 4, 0.1);
}

std::string_view item_code(Item item) {
  switch (item) {
    case Item::concrete_compression:
      return "concrete_compression";
    case Item::mortar_compression:
      return "mortar_compression";
    case Item::rebar_tension:
      return "rebar_tension";
    case Item::weld_tension:
      return "weld_tension";
    case Item::splice_tension:
      return "splice_tension";
  }
  return "";
}

std::string_view item_standard(Item item) {
  switch (item) {
    case Item::concrete_compression:
      return "GB/T 50081-2019";
    case Item::mortar_compression:
      return "JGJ/T 70-2009";
    case Item::rebar_tension:
      return "GB/T 228.1-2021";
    case Item::weld_tension:
      return "JGJ 18-2012";
    case Item::splice_tension:
      return "JGJ 107-2016";
  }
  return "";
}

std::optional<Item> item_for_material(std::string_view material) {
  if (material == "concrete") {
    return Item::concrete_compression;
  }
  if (material == "mortar") {
    return Item::mortar_compression;
  }
  if (material == "rebar") {
    return Item::rebar_tension;
  }
  if (material == "welded_joint") {
    return Item::weld_tension;
  }
  if (material == "mechanical_splice") {
    return Item::splice_tension;
  }
  return std::nullopt;
}

bool is_steel(Item item) {
  return item == Item::rebar_tension || item == Item::weld_tension || item == Item::splice_tension;
}

const SteelGrade* find_steel_grade(std::string_view name) {
  for (const auto& g : kSteelGrades) {
    if (g.name == name) {
      return &g;
    }
  }
  return nullptr;
}

std::optional<Grade> parse_grade(Item item, std::string_view text) {
  const std::string up = upper(text);
  Grade g;
  if (!is_steel(item)) {
    const char letter = item == Item::concrete_compression ? 'C' : 'M';
    const auto at = up.find(letter);
    if (at == std::string::npos) {
      return std::nullopt;
    }
    auto v = number_after(up, at + 1);
    if (!v || *v < 5 || *v > 100) {
      return std::nullopt;
    }
    g.nominal = *v;
    const auto end = up.find_first_not_of("0123456789.", at + 1);
    g.name = up.substr(at, end == std::string::npos ? std::string::npos : end - at);
    return g;
  }
  // The longest grade name the text contains ("HRB400E" before "HRB400").
  for (const auto& s : kSteelGrades) {
    if (up.find(s.name) != std::string::npos &&
        (!g.steel || s.name.size() > g.steel->name.size())) {
      g.steel = &s;
    }
  }
  if (!g.steel) {
    return std::nullopt;
  }
  g.name = std::string(g.steel->name);
  g.nominal = g.steel->rel_min_mpa;
  g.diameter_mm = diameter_in(text);
  // A splice's grade: "III" before "II" before "I", as a word of its own or before 级.
  const std::string rest = up.substr(up.find(g.name) + g.name.size());
  for (std::string_view roman : {"III", "II", "I"}) {
    const auto at = rest.find(roman);
    if (at != std::string::npos && (at == 0 || rest[at - 1] == ' ' || rest[at - 1] == '-')) {
      g.splice_grade = std::string(roman);
      break;
    }
  }
  return g;
}

LoadingBand loading_band(Item item, const Grade& grade) {
  switch (item) {
    case Item::concrete_compression:
      if (grade.nominal < 30) {
        return {0.3, 0.5, "MPa/s", "GB/T 50081-2019 §5.0.4"};
      }
      if (grade.nominal < 60) {
        return {0.5, 0.8, "MPa/s", "GB/T 50081-2019 §5.0.4"};
      }
      return {0.8, 1.0, "MPa/s", "GB/T 50081-2019 §5.0.4"};
    case Item::mortar_compression:
      return {0.25, 1.5, "kN/s", "JGJ/T 70-2009 §9.0.4"};
    case Item::rebar_tension:
    case Item::weld_tension:
    case Item::splice_tension:
      return {kSteelStressRateLow, kSteelStressRateHigh, "MPa/s", "GB/T 228.1-2021 Table 4"};
  }
  return {};
}

std::optional<double> group_value(std::vector<double> v) {
  if (v.empty()) {
    return std::nullopt;
  }
  if (v.size() != 3) {
    double sum = 0;
    for (double x : v) {
      sum += x;
    }
    return round_to(sum / static_cast<double>(v.size()), 0.1);
  }
  std::sort(v.begin(), v.end());
  const double mid = v[1];
  const bool low = mid - v[0] > 0.15 * mid;
  const bool high = v[2] - mid > 0.15 * mid;
  if (low && high) {
    return std::nullopt;
  }
  if (low || high) {
    return mid;
  }
  return round_to((v[0] + v[1] + v[2]) / 3, 0.1);
}

bool bar_meets(const SteelGrade& g, double rel, double rm, double a_percent, double agt_percent) {
  bool ok = rel >= g.rel_min_mpa && rm >= g.rm_min_mpa && a_percent >= g.a_min_percent &&
            agt_percent >= g.agt_min_percent;
  if (g.seismic) {
    ok = ok && rel > 0 && rm / rel >= 1.25 && rel / g.rel_min_mpa <= 1.30;
  }
  return ok;
}

std::string weld_conclusion(const SteelGrade& g, const std::vector<JointBreak>& breaks) {
  int good = 0, brittle = 0, brittle_strong = 0;
  for (const auto& s : breaks) {
    const bool ductile = s.ductile;
    if (ductile && s.strength_mpa < g.rm_min_mpa) {
      return "fail";
    }
    if (ductile) {
      ++good;
    } else {
      ++brittle;
      brittle_strong += s.strength_mpa >= g.rm_min_mpa ? 1 : 0;
    }
  }
  const int n = static_cast<int>(breaks.size());
  if (good == n || (good == n - 1 && brittle == 1 && brittle_strong == 1)) {
    return "pass";
  }
  if ((good == n - 1 && brittle == 1) || (good == 1 && brittle == 2) ||
      (brittle == n && brittle_strong == n)) {
    return "retest";
  }
  return "fail";
}

// One short: six more are tested (JGJ 107-2016 §7.0.7).
std::string splice_conclusion(const Grade& g, const std::vector<JointBreak>& breaks) {
  int short_of = 0;
  for (const auto& s : breaks) {
    const bool connector = s.connector;
    double need = g.steel->rm_min_mpa;
    if (g.splice_grade == "I" && connector) {
      need = 1.10 * g.steel->rm_min_mpa;
    } else if (g.splice_grade == "III") {
      need = 1.25 * g.steel->rel_min_mpa;
    }
    short_of += s.strength_mpa < need ? 1 : 0;
  }
  return short_of == 0 ? "pass" : short_of == 1 ? "retest" : "fail";
}

}  // namespace lw::sim
