// What people and labs read of tests: a test with its current data, reviews and violations;
// its versions with their ledger leaves; a specimen's curve; the lists.
#include <boost/json/parse.hpp>

#include "domain/curve.hpp"
#include "labtests/internal.hpp"
#include "storage/labs.hpp"
#include "storage/ledger_rows.hpp"
#include "storage/people.hpp"
#include "storage/projects.hpp"
#include "storage/registry_versions.hpp"

namespace lw::labtests {
namespace {

Error no_test(std::int64_t id) {
  return Error(std::string(errc::not_found), "no test " + std::to_string(id));
}

boost::json::object parsed_record(const std::string& json) {
  auto v = boost::json::parse(json);
  return v.is_object() ? v.as_object() : boost::json::object{};
}

// The test `scope` sees, with its current version's record (the ledger's).
Result<TestView> current_version(storage::Connection& conn, const domain::Scope& scope,
                                 std::int64_t id) {
  auto found = storage::find_test(conn, scope, id);
  if (!found) {
    return std::move(found).error();
  }
  if (!*found) {
    return no_test(id);
  }
  TestView v;
  v.test = std::move(**found);
  auto version =
      storage::find_registry_version(conn, kTestType, std::to_string(id), v.test.version);
  if (!version) {
    return std::move(version).error();
  }
  if (*version) {
    v.data = parsed_record((*version)->record_json);
  }
  return v;
}

}  // namespace

Result<TestView> LabTests::get_test(const domain::Scope& scope, std::int64_t id) {
  auto lease = db_.acquire();
  if (!lease) {
    return std::move(lease).error();
  }
  auto& conn = **lease;
  auto current = current_version(conn, scope, id);
  if (!current) {
    return current;
  }
  TestView v = std::move(*current);
  auto reviews = storage::reviews_of(conn, id);
  if (!reviews) {
    return std::move(reviews).error();
  }
  v.reviews = std::move(*reviews);
  storage::ViolationFilter filter;
  filter.subject = subject_of(kTestType, id);
  auto violations = storage::list_violations(conn, scope, filter, storage::Page{0, 200});
  if (!violations) {
    return std::move(violations).error();
  }
  v.violations = std::move(violations->items);
  auto lab = storage::find_lab(conn, domain::Scope::all(), v.test.lab_code);
  if (!lab) {
    return std::move(lab).error();
  }
  v.lab_name = *lab ? (*lab)->name : "";
  auto project = storage::find_project(conn, domain::Scope::all(), v.test.project_id);
  if (!project) {
    return std::move(project).error();
  }
  v.project_name = *project ? (*project)->name : "";
  auto tester = storage::find_person(conn, domain::Scope::all(), v.test.tester_id);
  if (!tester) {
    return std::move(tester).error();
  }
  v.tester_name = *tester ? (*tester)->person.name : "";
  return v;
}

Result<storage::Paged<storage::LabTest>> LabTests::list_tests(const domain::Scope& scope,
                                                              const storage::TestFilter& filter,
                                                              const storage::Page& page) {
  auto conn = db_.acquire();
  if (!conn) {
    return std::move(conn).error();
  }
  return storage::list_tests(**conn, scope, filter, page);
}

Result<std::vector<TestVersion>> LabTests::versions(const domain::Scope& scope, std::int64_t id) {
  auto lease = db_.acquire();
  if (!lease) {
    return std::move(lease).error();
  }
  auto& conn = **lease;
  auto found = storage::find_test(conn, scope, id);
  if (!found) {
    return std::move(found).error();
  }
  if (!*found) {
    return no_test(id);
  }
  const std::string record_id = std::to_string(id);
  auto rows = storage::list_registry_versions(conn, kTestType, record_id);
  if (!rows) {
    return std::move(rows).error();
  }
  auto leaves = storage::record_history(conn, domain::Scope::all(), "", kTestType, record_id);
  if (!leaves) {
    return std::move(leaves).error();
  }
  std::vector<TestVersion> out;
  for (auto& r : *rows) {
    TestVersion v{r.version, parsed_record(r.record_json), r.changed_by, r.changed_at, {}, {}};
    for (const auto& l : *leaves) {
      if (l.version == r.version) {
        v.leaf_index = l.index;
        v.leaf_hash = l.leaf_hash;
      }
    }
    out.push_back(std::move(v));
  }
  return out;
}

Result<domain::Curve> LabTests::curve(const domain::Scope& scope, std::int64_t id, int ordinal) {
  auto lease = db_.acquire();
  if (!lease) {
    return std::move(lease).error();
  }
  auto test = current_version(**lease, scope, id);
  if (!test) {
    return std::move(test).error();
  }
  if (ordinal < 0 || static_cast<std::size_t>(ordinal) >= test->test.labels.size()) {
    return Error(std::string(errc::not_found), "no specimen " + std::to_string(ordinal));
  }
  // A finished test's curve is in its current version; a running test has its readings.
  const auto* results = test->data.if_contains("results");
  if (results && results->is_object()) {
    const auto& specimens = results->as_object().at("specimens").as_array();
    const auto* curve = specimens.at(ordinal).as_object().if_contains("curve");
    if (!curve) {
      return Error(std::string(errc::not_found), "the specimen has no curve");
    }
    const std::string sha(curve->as_object().at("sha256").as_string());
    auto bytes = storage::get_curve(**lease, sha);
    if (!bytes) {
      return std::move(bytes).error();
    }
    if (!*bytes) {
      return Error(std::string(errc::internal), "curve " + sha + " is missing");
    }
    return domain::decode_curve(**bytes);
  }
  return curve_from_readings(**lease, id, ordinal);
}

Result<storage::Paged<storage::Violation>> LabTests::list_violations(
    const domain::Scope& scope, const storage::ViolationFilter& filter, const storage::Page& page) {
  auto conn = db_.acquire();
  if (!conn) {
    return std::move(conn).error();
  }
  return storage::list_violations(**conn, scope, filter, page);
}

Result<std::vector<storage::AwaitingSpecimen>> LabTests::awaiting(const SendingLab& lab) {
  auto conn = db_.acquire();
  if (!conn) {
    return std::move(conn).error();
  }
  return storage::awaiting_test(**conn, lab.lab_code, 500);
}

}  // namespace lw::labtests
