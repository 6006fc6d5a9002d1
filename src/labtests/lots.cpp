// Lot evaluation of concrete strength (GB/T 50107-2010; issue 7 item 4): the reviewed
// concrete groups of one grade at a project, judged by the statistical, known-σ or
// non-statistical method (domain/concrete.hpp).
#include <boost/json/parse.hpp>

#include "domain/concrete.hpp"
#include "labtests/internal.hpp"
#include "storage/registry_versions.hpp"

namespace lw::labtests {

Result<ConcreteLot> LabTests::concrete_lot(const domain::Scope& scope, std::int64_t project_id,
                                           const std::string& grade,
                                           std::optional<domain::LotMethod> method,
                                           std::optional<double> sigma0) {
  const auto fcu_k = domain::parse_concrete_grade(grade);
  if (!fcu_k) {
    return field_error("grade", "a concrete grade C15-C80");
  }
  auto lease = db_.acquire();
  if (!lease) {
    return std::move(lease).error();
  }
  auto& conn = **lease;
  storage::TestFilter filter;
  filter.status = "reviewed";
  filter.item = "concrete_compression";
  filter.project_id = project_id;
  auto tests = storage::list_tests(conn, scope, filter, storage::Page{0, 1000});
  if (!tests) {
    return std::move(tests).error();
  }
  ConcreteLot lot;
  for (auto it = tests->items.rbegin(); it != tests->items.rend(); ++it) {
    if (it->grade != grade) {
      continue;
    }
    auto version =
        storage::find_registry_version(conn, kTestType, std::to_string(it->id), it->version);
    if (!version) {
      return std::move(version).error();
    }
    if (!*version) {
      continue;
    }
    boost::system::error_code ec;
    const auto record = boost::json::parse((*version)->record_json, ec);
    const auto* results = ec ? nullptr : record.as_object().if_contains("results");
    const auto* value = results && results->is_object()
                            ? results->as_object().if_contains("group_strength_mpa")
                            : nullptr;
    if (value && value->is_string()) {
      lot.tests.push_back(it->id);
      lot.groups.push_back(std::stod(std::string(value->as_string())));
    }
  }
  if (lot.groups.empty()) {
    return lot;
  }
  const auto m = method.value_or(domain::default_lot_method(lot.groups.size(), sigma0.has_value()));
  auto evaluation = domain::evaluate_lot(m, *fcu_k, lot.groups, sigma0);
  if (!evaluation) {
    return std::move(evaluation).error();
  }
  lot.evaluation = std::move(*evaluation);
  return lot;
}

}  // namespace lw::labtests
