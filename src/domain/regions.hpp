#pragma once
// Administrative divisions (行政区划, GB/T 2260) as a tree: province → prefecture → county. The
// code says where a division sits (xx0000 province, xxxx00 prefecture, else county), so the
// data file lists only code and name and the parent is derived. A regulator's region scopes
// what it sees (domain/scope.hpp); the tree adds names and the lists of subordinate divisions.
// Rows come from reference/regions/gb2260.tsv (or an import of the same format); the caller reads
// the file, this module only parses text.
#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"

namespace lw::domain {

enum class RegionLevel { province, prefecture, county };

/// The level a six-digit code names: 360000 province, 360400 prefecture, 360403 county.
/// Precondition: valid_region_code(code).
RegionLevel region_level(std::string_view code);

/// The code of the division directly above by the code alone: 360403 → 360400, 360400 →
/// 360000, 360000 → "". The tree may attach higher when that division is absent.
std::string nominal_parent(std::string_view code);

/// One line of a region file. `line` is its 1-based line number (0 when not from a file), so
/// errors about the row can point at it.
struct RegionRow {
  std::string code;
  std::string name;
  std::size_t line = 0;
};

/// The rows of a region file: UTF-8 text, one division per line as `code<TAB>name`; blank lines
/// and lines starting with '#' are skipped, and so is a first line `code<TAB>name` (the header).
/// A malformed line is invalid_argument whose note and details {"line": n, "reason": …} name
/// it. Says nothing yet about how the rows fit together: RegionTree::build does.
Result<std::vector<RegionRow>> parse_region_rows(std::string_view text);

struct Region {
  std::string code;
  std::string name;
  std::string parent;  // "" for a province
  RegionLevel level = RegionLevel::county;
};

class RegionTree {
 public:
  /// The tree of `rows`. Refused (invalid_argument naming the row's line and code): a code that
  /// is not six digits, an empty or over-long name, a code given twice, a prefecture or county
  /// whose province is absent. A county whose prefecture is absent hangs from its province (a
  /// partial import stays usable).
  static Result<RegionTree> build(std::vector<RegionRow> rows);

  /// The division of `code`, or nullptr when the tree does not have it.
  const Region* find(std::string_view code) const;
  bool contains(std::string_view code) const { return find(code) != nullptr; }
  std::optional<std::string_view> name(std::string_view code) const;
  /// The parent in this tree; nullopt for a province or an unknown code.
  std::optional<std::string_view> parent(std::string_view code) const;
  /// Parent, grandparent, …: nearest first; empty for a province or an unknown code.
  std::vector<std::string> ancestors(std::string_view code) const;
  /// The divisions directly below `code`, in code order; empty for an unknown code.
  std::vector<std::string> children(std::string_view code) const;
  /// Both are in the tree and `code` lies in `ancestor`'s subtree (itself included): the same
  /// answer as domain::region_within, restricted to known divisions.
  bool within(std::string_view code, std::string_view ancestor) const;
  /// Every division, in code order.
  std::vector<const Region*> all() const;
  std::size_t size() const { return regions_.size(); }

 private:
  std::map<std::string, Region, std::less<>> regions_;
  std::map<std::string, std::vector<std::string>, std::less<>> children_;
};

}  // namespace lw::domain
