#pragma once
// Data scope (数据范围): which rows of lab-owned data a caller may see. A lab sees its own rows
// (its sandbox rows included); a regulator sees the real rows of the labs registered in its
// GB/T 2260 region subtree; everyone else sees none. Repositories turn a scope into a WHERE
// condition (storage/scope_sql.hpp), so a handler that forgets a check still cannot leak rows.
#include <string>
#include <string_view>

namespace lw::domain {

struct Scope {
  enum class Kind {
    nothing,     // no rows
    lab,         // the rows of one lab: `code` is its lab code
    region,      // the rows of labs in a region subtree: `code` is the region prefix
    everything,  // all rows (platform-wide administration)
  };
  Kind kind = Kind::nothing;
  std::string code;
  bool sandbox_visible = false;  // rows a lab sent in sandbox mode

  static Scope none() { return {}; }
  static Scope all() { return {Kind::everything, {}, false}; }
  /// A lab's own rows, sandbox rows included.
  static Scope of_lab(std::string lab_code) { return {Kind::lab, std::move(lab_code), true}; }
  /// The real rows of labs in the subtree of `region_code` (360400 covers 3604xx).
  static Scope of_region(std::string_view region_code);
};

/// A six-digit GB/T 2260 code: 2 digits province, 2 city, 2 county.
bool valid_region_code(std::string_view code);
/// The prefix that every code in the subtree shares: 360000 → "36", 360400 → "3604",
/// 360403 → "360403".
std::string region_prefix(std::string_view region_code);
/// `region_code` lies in the subtree of `ancestor` (itself included).
bool region_within(std::string_view region_code, std::string_view ancestor);

/// Whether a lab registered in `lab_region` falls in `scope` (for checks before a write; reads
/// filter in SQL).
bool covers_lab(const Scope& scope, std::string_view lab_code, std::string_view lab_region);
/// Whether a record bound to `region_code` rather than a lab (an organisation, a project) falls
/// in `scope`: everything covers all, a region scope its subtree, a lab or nothing scope none
/// (the write-side twin of storage::region_condition).
bool covers_region(const Scope& scope, std::string_view region_code);

}  // namespace lw::domain
