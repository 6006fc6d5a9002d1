// Reading reports: a report with the tests it covers and its status changes, and the lists.
#include "reports/internal.hpp"

namespace lw::reports {

Result<ReportView> Reports::get(const domain::Scope& scope, std::int64_t id) {
  auto lease = db_.acquire();
  if (!lease) {
    return std::move(lease).error();
  }
  auto& conn = **lease;
  auto found = storage::find_report(conn, scope, id);
  if (!found) {
    return std::move(found).error();
  }
  if (!*found) {
    return Error(std::string(errc::not_found), "no report " + std::to_string(id));
  }
  ReportView view;
  view.report = std::move(**found);
  auto tests = storage::tests_of_report(conn, id);
  if (!tests) {
    return std::move(tests).error();
  }
  view.tests = std::move(*tests);
  auto changes = storage::status_changes_of(conn, id);
  if (!changes) {
    return std::move(changes).error();
  }
  view.changes = std::move(*changes);
  return view;
}

Result<storage::Paged<storage::Report>> Reports::list(const domain::Scope& scope,
                                                      const storage::ReportFilter& filter,
                                                      const storage::Page& page) {
  auto lease = db_.acquire();
  if (!lease) {
    return std::move(lease).error();
  }
  return storage::list_reports(**lease, scope, filter, page);
}

Result<std::vector<storage::StatsRow>> Reports::stats(const domain::Scope& scope,
                                                      storage::StatsGroup group, domain::Date from,
                                                      domain::Date to,
                                                      const std::string& region_code) {
  if (to < from) {
    return field_error("to", "before_from");
  }
  auto lease = db_.acquire();
  if (!lease) {
    return std::move(lease).error();
  }
  return storage::report_stats(**lease, scope, group, domain::format_date(from),
                               domain::format_date(to), region_code);
}

}  // namespace lw::reports
