#include "storage/scope_sql.hpp"

namespace lw::storage {
namespace {

std::string next_param(std::vector<Value>& params, Value v) {
  params.push_back(std::move(v));
  return "$" + std::to_string(params.size());
}

std::string with_alias(const std::string& alias, std::string_view column) {
  return alias.empty() ? std::string(column) : alias + "." + std::string(column);
}

}  // namespace

std::string scope_condition(const domain::Scope& scope, std::string_view lab_column,
                            std::string_view sandbox_column, std::vector<Value>& params) {
  std::string cond;
  switch (scope.kind) {
    case domain::Scope::Kind::nothing:
      return "1 = 0";
    case domain::Scope::Kind::everything:
      cond = "1 = 1";
      break;
    case domain::Scope::Kind::lab:
      cond = std::string(lab_column) + " = " + next_param(params, scope.code);
      break;
    case domain::Scope::Kind::region:
      // Region codes are digits only, so the prefix needs no LIKE escaping.
      cond = std::string(lab_column) + " IN (SELECT lab_code FROM labs WHERE region_code LIKE " +
             next_param(params, scope.code + "%") + ")";
      break;
  }
  if (!scope.sandbox_visible && !sandbox_column.empty()) {
    cond = "(" + cond + " AND " + std::string(sandbox_column) + " = 0)";
  }
  return cond;
}

std::string region_condition(const domain::Scope& scope, std::string_view region_column,
                             std::vector<Value>& params) {
  switch (scope.kind) {
    case domain::Scope::Kind::everything:
      return "1 = 1";
    case domain::Scope::Kind::region:
      return std::string(region_column) + " LIKE " + next_param(params, scope.code + "%");
    case domain::Scope::Kind::lab:
    case domain::Scope::Kind::nothing:
      break;
  }
  return "1 = 0";
}

std::string lab_or_region_condition(const domain::Scope& scope, const std::string& alias,
                                    std::vector<Value>& params) {
  const std::string lab = with_alias(alias, "lab_code");
  const std::string sandbox = with_alias(alias, "sandbox");
  if (scope.kind == domain::Scope::Kind::region) {
    const std::string prefix = next_param(params, scope.code + "%");
    std::string cond = "(" + with_alias(alias, "region_code") + " LIKE " + prefix + " OR " + lab +
                       " IN (SELECT lab_code FROM labs WHERE region_code LIKE " + prefix + "))";
    return scope.sandbox_visible ? cond : "(" + cond + " AND " + sandbox + " = 0)";
  }
  return scope_condition(scope, lab, sandbox, params);
}

}  // namespace lw::storage
