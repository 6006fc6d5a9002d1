// What people read of on-site tests: a test with its latest data, photos, filings and
// violations; the lists. Scope applies in SQL: outside it a test is not found.
#include <boost/json/parse.hpp>

#include "onsite/internal.hpp"
#include "storage/registry_versions.hpp"

namespace lw::onsite {
namespace {

// The latest data version's record of a test (its readings and files); empty before any.
Result<boost::json::object> latest_data(storage::Connection& conn, const storage::OnsiteTest& t) {
  for (std::int64_t v = t.version; v > 0; --v) {
    auto version = storage::find_registry_version(conn, kTestType, std::to_string(t.id), v);
    if (!version) {
      return std::move(version).error();
    }
    if (!*version) {
      continue;
    }
    auto parsed = boost::json::parse((*version)->record_json);
    if (parsed.is_object()) {
      const auto* status = parsed.as_object().if_contains("status");
      if (status && status->is_string() && status->as_string() == "data") {
        return std::move(parsed.as_object());
      }
    }
  }
  return boost::json::object{};
}

}  // namespace

Result<TestView> OnsiteTests::get_test(const domain::Scope& scope, std::int64_t id) {
  auto lease = db_.acquire();
  if (!lease) {
    return std::move(lease).error();
  }
  auto& conn = **lease;
  auto found = storage::find_onsite_test(conn, scope, id);
  if (!found) {
    return std::move(found).error();
  }
  if (!*found) {
    return Error(std::string(errc::not_found), "no on-site test " + std::to_string(id));
  }
  TestView v;
  v.test = std::move(**found);
  auto data = latest_data(conn, v.test);
  if (!data) {
    return std::move(data).error();
  }
  v.data = std::move(*data);
  auto photos = storage::photos_of(conn, id);
  if (!photos) {
    return std::move(photos).error();
  }
  v.photos = std::move(*photos);
  auto filed = storage::filings_of(conn, id);
  if (!filed) {
    return std::move(filed).error();
  }
  v.filings = std::move(*filed);
  storage::ViolationFilter filter;
  filter.subject = std::string(kTestType) + " " + std::to_string(id);
  auto violations = storage::list_violations(conn, scope, filter, storage::Page{0, 200});
  if (!violations) {
    return std::move(violations).error();
  }
  v.violations = std::move(violations->items);
  auto batch = storage::find_batch(conn, scope, v.test.batch_id);
  if (!batch) {
    return std::move(batch).error();
  }
  v.batch = std::move(*batch);
  return v;
}

Result<storage::Paged<storage::OnsiteTest>> OnsiteTests::list_tests(
    const domain::Scope& scope, const storage::OnsiteTestFilter& filter,
    const storage::Page& page) {
  auto conn = db_.acquire();
  if (!conn) {
    return std::move(conn).error();
  }
  return storage::list_onsite_tests(**conn, scope, filter, page);
}

}  // namespace lw::onsite
