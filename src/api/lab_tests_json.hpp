#pragma once
// Lab tests in JSON (docs/lab-tests.md): request bodies decoded into the use cases' inputs, with
// every failure naming its field; records and views encoded for answers.
#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

#include "labtests/lab_tests.hpp"

namespace lw::api {

// Requests.
Result<labtests::NewContract> new_contract(const boost::json::object& body);
Result<labtests::NewPlan> new_plan(const boost::json::object& body);
Result<labtests::NewTest> new_test(const boost::json::object& body);
/// `body["results"]`, with the lab's finished_at.
Result<labtests::Results> results_of(const boost::json::object& body);
Result<labtests::ReadingsChunk> readings_chunk(const boost::json::object& body);
Result<labtests::Review> review_of(const boost::json::object& body);
/// A change (`results` present) or a void (absent).
Result<labtests::Change> change_of(const boost::json::object& body, bool void_only);
/// A curve as a lab sends it: {"points": [[t, F, d?], …]} | {"csv": "…"} |
/// {"f32le": "<base64>", "channels": 2|3}, each with an optional "rate_hz".
Result<domain::Curve> curve_of(const boost::json::value& v, const std::string& field);

// Answers.
boost::json::object contract_json(const storage::TestContract& c);
boost::json::object plan_json(const storage::TestPlan& p);
boost::json::object test_row_json(const storage::LabTest& t);
boost::json::object test_view_json(const labtests::TestView& v);
boost::json::object version_json(const labtests::TestVersion& v);
boost::json::object curve_json(const domain::Curve& c);
boost::json::object concrete_lot_json(const labtests::ConcreteLot& lot);

}  // namespace lw::api
