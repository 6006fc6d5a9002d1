#include "storage/scope_sql.hpp"

namespace lw::storage {
namespace {

std::string next_param(std::vector<Value>& params, Value v) {
  params.push_back(std::move(v));
  return "$" + std::to_string(params.size());
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

}  // namespace lw::storage
