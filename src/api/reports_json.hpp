#pragma once
// Reports in JSON (issue 9, docs/reports.md): the issue request decoded and checked field by
// field, a report and its view as the API answers them.
#include <boost/json/object.hpp>

#include "reports/reports.hpp"

namespace lw::api {

Result<reports::NewReport> new_report(const boost::json::object& body);
Result<reports::Revocation> revocation_of(const boost::json::object& body);
boost::json::object report_json(const storage::Report& r);
/// With the URL its QR encodes, at `public_base`.
boost::json::object report_view_json(const reports::ReportView& v, const std::string& public_base);

}  // namespace lw::api
