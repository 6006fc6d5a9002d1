#pragma once
// What a version of a test commits to in the ledger (record type lab_test): the test's facts,
// the raw values and reported results per specimen, each curve by the SHA-256 of its stored
// form, and the anomalies the platform found. The history API answers these records as they
// are; docs/lab-tests.md names the members. Measurements are decimal strings.
#include <optional>
#include <string>
#include <vector>

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

#include "domain/lab_test.hpp"

namespace lw::labtests {

/// A curve as stored: the SHA-256 (hex) of its compact form and its number of points.
struct CurveRef {
  std::string sha256;
  std::size_t points = 0;
};

/// A measurement as the ledger takes it: a decimal string, shortest form that reads back the
/// same double ("812.4"); the ledger's canonical JSON has integers only.
std::string decimal(double v);
boost::json::value decimal_or_null(const std::optional<double>& v);

/// The raw values and reported results of a specimen; `curve` when it has one.
boost::json::object specimen_json(const domain::SpecimenData& s,
                                  const std::optional<CurveRef>& curve);
/// The specimens, group results and environment of `data`.
boost::json::object results_json(const domain::TestData& data,
                                 const std::vector<std::optional<CurveRef>>& curves);
boost::json::array anomalies_json(const std::vector<domain::Anomaly>& anomalies);

}  // namespace lw::labtests
