#include "domain/violation_catalogue.hpp"

#include <algorithm>
#include <set>

#include "core/enum_names.hpp"

namespace lw::domain {
namespace {

constexpr EnumNames<Severity, 3> kSeverities{{
    {Severity::minor, "minor"},
    {Severity::general, "general"},
    {Severity::serious, "serious"},
}};

constexpr EnumNames<Party, 5> kParties{{
    {Party::lab, "lab"},
    {Party::supervision_company, "supervision_company"},
    {Party::contractor, "contractor"},
    {Party::client, "client"},
    {Party::person, "person"},
}};

constexpr EnumNames<Detection, 3> kDetections{{
    {Detection::at_upload, "at_upload"},
    {Detection::scheduled_scan, "scheduled_scan"},
    {Detection::inspection, "inspection"},
}};

bool is_kind_id(std::string_view id) {
  return !id.empty() && id.size() <= 64 && std::all_of(id.begin(), id.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
  });
}

// "JJ-3.3", "JL-1.3", "JL-5": the notice, a dash, then numbers separated by dots.
bool is_requirement_id(std::string_view id) {
  if (id.size() < 4 || (!id.starts_with("JJ-") && !id.starts_with("JL-"))) {
    return false;
  }
  bool digit_before = false;
  for (char c : id.substr(3)) {
    if (c >= '0' && c <= '9') {
      digit_before = true;
    } else if (c == '.' && digit_before) {
      digit_before = false;
    } else {
      return false;
    }
  }
  return digit_before;
}

Error kind_error(std::size_t i, std::string_view key, std::string reason) {
  return field_error("kinds[" + std::to_string(i) + "]." + std::string(key), std::move(reason));
}

}  // namespace

std::string_view severity_name(Severity s) {
  return name_from(kSeverities, s);
}
std::optional<Severity> parse_severity(std::string_view name) {
  return parse_from(kSeverities, name);
}
std::string_view party_name(Party p) {
  return name_from(kParties, p);
}
std::optional<Party> parse_party(std::string_view name) {
  return parse_from(kParties, name);
}
std::string_view detection_name(Detection d) {
  return name_from(kDetections, d);
}
std::optional<Detection> parse_detection(std::string_view name) {
  return parse_from(kDetections, name);
}

Result<ViolationCatalogue> ViolationCatalogue::make(std::vector<ViolationKind> kinds) {
  std::set<std::string_view> ids;
  for (std::size_t i = 0; i < kinds.size(); ++i) {
    const ViolationKind& k = kinds[i];
    if (!is_kind_id(k.id)) {
      return kind_error(i, "id", "lower-case letters, digits and '_', at most 64");
    }
    if (!ids.insert(k.id).second) {
      return kind_error(i, "id", "duplicate");
    }
    if (k.name.zh.empty() || k.name.en.empty()) {
      return kind_error(i, "name", "required in Chinese and English");
    }
    if (k.requirements.empty()) {
      return kind_error(i, "requirements", "at least one requirement id");
    }
    for (const auto& r : k.requirements) {
      if (!is_requirement_id(r)) {
        return kind_error(i, "requirements", "ids like JJ-3.3 or JL-1.3");
      }
    }
    if (k.parties.empty()) {
      return kind_error(i, "parties", "at least one party");
    }
    if (std::set<Party>(k.parties.begin(), k.parties.end()).size() != k.parties.size()) {
      return kind_error(i, "parties", "duplicate");
    }
  }
  ViolationCatalogue c;
  c.kinds_ = std::move(kinds);
  return c;
}

const ViolationKind* ViolationCatalogue::find(std::string_view id) const {
  for (const auto& k : kinds_) {
    if (k.id == id) {
      return &k;
    }
  }
  return nullptr;
}

}  // namespace lw::domain
