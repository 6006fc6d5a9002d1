#pragma once
// A data scope (domain/scope.hpp) as SQL: the one place where "which rows may this caller see"
// becomes a WHERE condition. Repositories of lab-owned rows take a Scope and add this.
#include <string>
#include <string_view>
#include <vector>

#include "domain/scope.hpp"
#include "storage/sql.hpp"

namespace lw::storage {

/// A condition limiting rows to `scope`. `lab_column` names the row's lab code; `sandbox_column`
/// its sandbox flag, or empty for tables without one. Parameters are appended to `params`,
/// numbered after those already there.
std::string scope_condition(const domain::Scope& scope, std::string_view lab_column,
                            std::string_view sandbox_column, std::vector<Value>& params);

/// A condition limiting rows bound to a region rather than a lab (organisations, projects) to
/// `scope`: everything all, a region scope its subtree, a lab or nothing scope none.
/// `region_column` names the row's GB/T 2260 code.
std::string region_condition(const domain::Scope& scope, std::string_view region_column,
                             std::vector<Value>& params);

/// A condition limiting rows that belong to a lab and happen in a region (tests, contracts,
/// violations: columns lab_code, region_code and sandbox, prefixed with `alias.` when given):
/// a lab its own rows, sandbox included; a region the rows of its subtree or of labs registered
/// in it, real rows only; everything all; nothing none.
std::string lab_or_region_condition(const domain::Scope& scope, const std::string& alias,
                                    std::vector<Value>& params);

}  // namespace lw::storage
