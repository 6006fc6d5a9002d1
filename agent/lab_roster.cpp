#include "lab_roster.hpp"

#include <algorithm>
#include <charconv>
#include <map>
#include <tuple>

namespace lw::sim {
namespace json = boost::json;
namespace {

std::string text(const json::object& o, std::string_view name) {
  const auto* v = o.if_contains(name);
  return v && v->is_string() ? std::string(v->get_string()) : std::string();
}

std::int64_t integer(const json::object& o, std::string_view name) {
  const auto* v = o.if_contains(name);
  if (v && v->is_int64()) {
    return v->get_int64();
  }
  if (v && v->is_uint64()) {
    return static_cast<std::int64_t>(v->get_uint64());
  }
  if (v && v->is_double()) {
    return static_cast<std::int64_t>(v->get_double());
  }
  return 0;
}

bool flag(const json::object& o, std::string_view name) {
  const auto* v = o.if_contains(name);
  return v && v->is_bool() && v->get_bool();
}

bool has_string(const json::object& o, std::string_view name, std::string_view value) {
  const auto* v = o.if_contains(name);
  if (!v || !v->is_array()) {
    return false;
  }
  return std::any_of(v->get_array().begin(), v->get_array().end(), [&](const json::value& x) {
    return x.is_string() && x.get_string() == value;
  });
}

bool contains(std::string_view haystack, std::initializer_list<std::string_view> needles) {
  return std::any_of(needles.begin(), needles.end(), [&](std::string_view n) {
    return haystack.find(n) != std::string_view::npos;
  });
}

// A machine that can pull (a universal or tensile testing machine), judged by its name.
bool pulls(const Machine& m) {
  return contains(m.name, {"万能", "拉力", "拉伸", "Universal", "universal", "Tensile", "tensile"});
}
bool presses_only(const Machine& m) {
  return !pulls(m) && contains(m.name, {"压力", "Compression", "compression"});
}
bool testing_machine(const Machine& m) {
  return contains(m.name, {"试验机", "esting machine"});
}

}  // namespace

std::optional<double> capacity_kn(std::string_view range) {
  const auto unit = range.find("kN");
  if (unit == std::string_view::npos) {
    return std::nullopt;
  }
  std::size_t end = unit;
  while (end > 0 && range[end - 1] == ' ') {
    --end;
  }
  std::size_t begin = end;
  while (begin > 0 &&
         ((range[begin - 1] >= '0' && range[begin - 1] <= '9') || range[begin - 1] == '.')) {
    --begin;
  }
  double v = 0;
  const auto [p, ec] = std::from_chars(range.data() + begin, range.data() + end, v);
  if (ec != std::errc() || p == range.data() + begin || v <= 0) {
    return std::nullopt;
  }
  return v;
}

std::vector<Machine> parse_machines(const json::array& items) {
  std::vector<Machine> out;
  for (const auto& v : items) {
    if (!v.is_object()) {
      continue;
    }
    const auto& o = v.get_object();
    Machine m;
    m.id = integer(o, "id");
    m.name = text(o, "name");
    m.model = text(o, "model");
    m.capacity_kn = capacity_kn(text(o, "measuring_range")).value_or(0);
    m.auto_collect = flag(o, "auto_collect");
    m.usable = flag(o, "usable") && text(o, "verification_state") != "rejected";
    out.push_back(std::move(m));
  }
  return out;
}

std::vector<Person> parse_people(const json::array& items) {
  std::vector<Person> out;
  for (const auto& v : items) {
    if (!v.is_object()) {
      continue;
    }
    const auto& o = v.get_object();
    bool certified = false;
    if (const auto* certs = o.if_contains("certificates"); certs && certs->is_array()) {
      for (const auto& c : certs->get_array()) {
        certified = certified || (c.is_object() && flag(c.get_object(), "valid_today"));
      }
    }
    bool exam_passed = false;
    if (const auto* exam = o.if_contains("exam"); exam && exam->is_object()) {
      exam_passed = text(exam->get_object(), "state") == "passed";
    }
    Person p;
    p.id = integer(o, "id");
    p.name = text(o, "name");
    const bool tester_duty = has_string(o, "duties", "tester");
    p.tester = tester_duty && exam_passed && certified;
    // The contract asks the tester or technical-lead duty and a valid certificate; a tester
    // who has not passed the exam is not asked to confirm someone else's result either.
    p.may_review = certified && (p.tester || has_string(o, "duties", "technical_lead"));
    out.push_back(std::move(p));
  }
  return out;
}

std::vector<AwaitingSpecimen> parse_awaiting(const json::array& items) {
  std::vector<AwaitingSpecimen> out;
  for (const auto& v : items) {
    if (!v.is_object()) {
      continue;
    }
    const auto& o = v.get_object();
    AwaitingSpecimen s;
    s.label_code = text(o, "label_code");
    s.sampling_id = integer(o, "sampling_id");
    s.material = text(o, "material");
    s.grade = text(o, "grade");
    s.concrete_group = text(o, "concrete_group");
    s.ordinal = static_cast<int>(integer(o, "specimen_ordinal"));
    if (!s.label_code.empty()) {
      out.push_back(std::move(s));
    }
  }
  return out;
}

std::vector<SpecimenGroup> group_by_sampling(std::vector<AwaitingSpecimen> specimens) {
  std::sort(specimens.begin(), specimens.end(), [](const auto& a, const auto& b) {
    return std::tie(a.sampling_id, a.ordinal, a.label_code) <
           std::tie(b.sampling_id, b.ordinal, b.label_code);
  });
  std::vector<SpecimenGroup> out;
  for (auto& s : specimens) {
    if (out.empty() || out.back().sampling_id != s.sampling_id) {
      out.push_back({s.sampling_id, s.material, s.grade, s.concrete_group, {}});
    }
    out.back().label_codes.push_back(std::move(s.label_code));
  }
  return out;
}

const Machine* choose_machine(const std::vector<Machine>& machines, bool tension,
                              double max_load_kn) {
  const bool any_named = std::any_of(machines.begin(), machines.end(), [](const Machine& m) {
    return m.usable && m.capacity_kn > 0 && testing_machine(m);
  });
  const Machine* best = nullptr;
  auto rank = [&](const Machine& m) {
    const bool in_band = max_load_kn >= 0.2 * m.capacity_kn && max_load_kn <= 0.8 * m.capacity_kn;
    const bool kind = tension ? pulls(m) : presses_only(m);
    return std::tuple(!in_band, !m.auto_collect, !kind, m.capacity_kn, m.id);
  };
  for (const auto& m : machines) {
    if (!m.usable || m.capacity_kn < max_load_kn || (any_named && !testing_machine(m)) ||
        (tension && presses_only(m))) {
      continue;
    }
    if (!best || rank(m) < rank(*best)) {
      best = &m;
    }
  }
  return best;
}

Crew choose_crew(const std::vector<Person>& people, std::size_t n) {
  std::vector<const Person*> testers;
  for (const auto& p : people) {
    if (p.tester) {
      testers.push_back(&p);
    }
  }
  Crew crew;
  if (testers.empty()) {
    return crew;
  }
  crew.tester = testers[n % testers.size()];
  std::vector<const Person*> reviewers;
  for (const auto& p : people) {
    if (p.may_review && p.id != crew.tester->id) {
      reviewers.push_back(&p);
    }
  }
  if (!reviewers.empty()) {
    crew.reviewer = reviewers[n % reviewers.size()];
  }
  return crew;
}

}  // namespace lw::sim
