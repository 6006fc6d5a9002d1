#include "domain/qualification.hpp"

#include <algorithm>
#include <array>

#include "core/text.hpp"

namespace lw::domain {
namespace {

constexpr std::array<QualificationCategory, 9> kCategories{{
    {"building_materials", "建筑材料及构配件", "Building materials and components", true},
    {"main_structure", "主体结构及装饰装修", "Main structure and decoration", false},
    {"steel_structure", "钢结构", "Steel structure", false},
    {"foundation", "地基基础", "Foundation", false},
    {"building_energy", "建筑节能", "Building energy efficiency", false},
    {"curtain_wall", "建筑幕墙", "Curtain wall", false},
    {"municipal_materials", "市政工程材料", "Municipal engineering materials", true},
    {"road", "道路工程", "Road engineering", false},
    {"bridge_underground", "桥梁及地下工程", "Bridge and underground engineering", false},
}};

bool text_ok(std::string_view s, std::size_t max) {
  return !s.empty() && valid_utf8(s) && utf8_length(s) <= max;
}

}  // namespace

std::span<const QualificationCategory> qualification_categories() {
  return kCategories;
}

const QualificationCategory* find_qualification_category(std::string_view code) {
  for (const auto& c : kCategories) {
    if (c.code == code) {
      return &c;
    }
  }
  return nullptr;
}

bool qualification_in_force(const Qualification& q, Instant at) {
  if (q.withdrawn_at && *q.withdrawn_at <= at) {
    return false;
  }
  const auto day = std::chrono::sys_days{shanghai_date(at)};
  return std::chrono::sys_days{q.valid_from} <= day && day <= std::chrono::sys_days{q.valid_until};
}

Status validate(const Qualification& q) {
  if (!text_ok(q.number, 100)) {
    return field_error("number", "1-100 characters");
  }
  if (!text_ok(q.issuer, 100)) {
    return field_error("issuer", "1-100 characters");
  }
  if (q.categories.empty()) {
    return field_error("categories", "at least one category");
  }
  for (std::size_t i = 0; i < q.categories.size(); ++i) {
    if (!find_qualification_category(q.categories[i])) {
      return field_error("categories", "unknown category " + q.categories[i]);
    }
    if (std::find(q.categories.begin(), q.categories.begin() + static_cast<std::ptrdiff_t>(i),
                  q.categories[i]) != q.categories.begin() + static_cast<std::ptrdiff_t>(i)) {
      return field_error("categories", "category " + q.categories[i] + " given twice");
    }
  }
  if (q.parameters.size() > 500) {
    return field_error("parameters", "at most 500 parameters");
  }
  for (const auto& p : q.parameters) {
    if (!text_ok(p, 100)) {
      return field_error("parameters", "each parameter 1-100 characters");
    }
  }
  if (!q.valid_from.ok() || !q.valid_until.ok()) {
    return field_error("valid_from", "a date YYYY-MM-DD");
  }
  if (std::chrono::sys_days{q.valid_until} < std::chrono::sys_days{q.valid_from}) {
    return field_error("valid_until", "on or after valid_from");
  }
  return {};
}

}  // namespace lw::domain
