#include "domain/regions.hpp"

#include <algorithm>

#include "core/text.hpp"
#include "domain/scope.hpp"

namespace lw::domain {
namespace {

constexpr std::size_t kMaxNameLength = 100;

Error row_error(std::size_t line, std::string_view reason) {
  boost::json::object details;
  details["line"] = line;
  details["reason"] = reason;
  return Error(std::string(errc::invalid_argument),
               "line " + std::to_string(line) + ": " + std::string(reason), std::move(details));
}

bool has_control_character(std::string_view s) {
  return std::any_of(s.begin(), s.end(),
                     [](char c) { return static_cast<unsigned char>(c) < 0x20 || c == 0x7f; });
}

}  // namespace

RegionLevel region_level(std::string_view code) {
  if (code.substr(2) == "0000") {
    return RegionLevel::province;
  }
  return code.substr(4) == "00" ? RegionLevel::prefecture : RegionLevel::county;
}

std::string nominal_parent(std::string_view code) {
  switch (region_level(code)) {
    case RegionLevel::province:
      return {};
    case RegionLevel::prefecture:
      return std::string(code.substr(0, 2)) + "0000";
    case RegionLevel::county:
      return std::string(code.substr(0, 4)) + "00";
  }
  return {};
}

Result<std::vector<RegionRow>> parse_region_rows(std::string_view text) {
  if (text.starts_with("\xEF\xBB\xBF")) {  // a BOM left by a spreadsheet export
    text.remove_prefix(3);
  }
  std::vector<RegionRow> rows;
  bool seen_data = false;
  std::size_t line_no = 0;
  while (!text.empty()) {
    const auto end = text.find('\n');
    std::string_view line = text.substr(0, end);
    text.remove_prefix(end == std::string_view::npos ? text.size() : end + 1);
    ++line_no;
    if (line.ends_with('\r')) {
      line.remove_suffix(1);
    }
    if (trim_blanks(line).empty() || line.starts_with('#')) {
      continue;
    }
    const auto tab = line.find('\t');
    if (tab == std::string_view::npos || line.find('\t', tab + 1) != std::string_view::npos) {
      return row_error(line_no, "expected two fields: code<TAB>name");
    }
    const std::string_view code = trim_blanks(line.substr(0, tab));
    const std::string_view name = trim_blanks(line.substr(tab + 1));
    if (!seen_data && code == "code" && name == "name") {
      seen_data = true;
      continue;
    }
    seen_data = true;
    if (!valid_region_code(code)) {
      return row_error(line_no, "the code must be six digits (GB/T 2260)");
    }
    if (!valid_utf8(name) || name.empty() || utf8_length(name) > kMaxNameLength ||
        has_control_character(name)) {
      return row_error(line_no, "the name must be 1-100 characters of UTF-8 text");
    }
    rows.push_back(RegionRow{std::string(code), std::string(name), line_no});
  }
  return rows;
}

Result<RegionTree> RegionTree::build(std::vector<RegionRow> rows) {
  RegionTree tree;
  for (auto& row : rows) {
    if (!valid_region_code(row.code)) {
      return row_error(row.line, "the code " + row.code + " is not six digits (GB/T 2260)");
    }
    if (!valid_utf8(row.name) || row.name.empty() || utf8_length(row.name) > kMaxNameLength) {
      return row_error(row.line, "the name of " + row.code + " must be 1-100 characters");
    }
    if (auto it = tree.regions_.find(row.code); it != tree.regions_.end()) {
      return row_error(row.line, "the code " + row.code + " is given twice");
    }
    const RegionLevel level = region_level(row.code);
    tree.regions_.emplace(row.code, Region{row.code, std::move(row.name), {}, level});
  }
  // Parents once every row is in: a file need not list a division before its subordinates.
  for (const auto& row : rows) {
    Region& region = tree.regions_.at(row.code);
    if (region.level == RegionLevel::province) {
      continue;
    }
    const std::string province = region.code.substr(0, 2) + "0000";
    std::string parent = nominal_parent(region.code);
    if (!tree.regions_.contains(parent)) {
      parent = province;  // a county whose prefecture is absent hangs from its province
    }
    if (!tree.regions_.contains(parent)) {
      return row_error(row.line, "the province " + province + " of " + row.code + " is absent");
    }
    region.parent = parent;
    tree.children_[parent].push_back(region.code);
  }
  for (auto& [code, kids] : tree.children_) {
    std::sort(kids.begin(), kids.end());
  }
  return tree;
}

const Region* RegionTree::find(std::string_view code) const {
  const auto it = regions_.find(code);
  return it == regions_.end() ? nullptr : &it->second;
}

std::optional<std::string_view> RegionTree::name(std::string_view code) const {
  const Region* r = find(code);
  return r == nullptr ? std::nullopt : std::optional<std::string_view>(r->name);
}

std::optional<std::string_view> RegionTree::parent(std::string_view code) const {
  const Region* r = find(code);
  if (r == nullptr || r->parent.empty()) {
    return std::nullopt;
  }
  return r->parent;
}

std::vector<std::string> RegionTree::ancestors(std::string_view code) const {
  std::vector<std::string> out;
  for (auto p = parent(code); p; p = parent(*p)) {
    out.emplace_back(*p);
  }
  return out;
}

std::vector<std::string> RegionTree::children(std::string_view code) const {
  const auto it = children_.find(code);
  return it == children_.end() ? std::vector<std::string>{} : it->second;
}

bool RegionTree::within(std::string_view code, std::string_view ancestor) const {
  // In a tree built from derived parents, the ancestors of a division are exactly the known
  // divisions whose code prefix it shares: the prefix rule of scope.hpp decides.
  return contains(code) && contains(ancestor) && region_within(code, ancestor);
}

std::vector<const Region*> RegionTree::all() const {
  std::vector<const Region*> out;
  out.reserve(regions_.size());
  for (const auto& [code, region] : regions_) {
    out.push_back(&region);
  }
  return out;
}

}  // namespace lw::domain
