#pragma once
// The request bodies of a lab test as docs/lab-tests.md defines them (issue 7): start, readings,
// finish, one-shot (start and results in one request), review. Built from a simulated group
// (machine_curves.hpp); serialised with numbers as plain decimals.
#include <boost/json.hpp>

#include <cstddef>
#include <cstdint>
#include <string>

#include "machine_curves.hpp"

namespace lw::sim {

/// How a curve travels: streamed before (`"readings"`), or inline as JSON points, CSV or
/// base64 little-endian float32 (t, force, displacement interleaved per point).
enum class CurveForm { readings, points, csv, f32le };
std::optional<CurveForm> parse_curve_form(std::string_view name);

/// What the lab's system says when it starts a test besides the specimens.
struct StartInfo {
  std::int64_t equipment_id = 0;
  std::int64_t tester_id = 0;
  std::string started_at;  // RFC 3339 UTC
  double temperature_c = 20;
  double humidity_percent = 55;
  std::string manual_reason;   // with a manual entry on an auto-collecting machine
  std::int64_t retest_of = 0;  // the test this one repeats on the same specimens; 0: none
};

/// POST /api/v1/lab-api/tests: the start of a test of the group.
boost::json::object start_body(const GroupResult& group, const StartInfo& info);
/// The `results` object: every specimen's raw and reported values, the group's value and the
/// conclusion. A manual entry carries no curves.
boost::json::object results_json(const GroupResult& group, CurveForm form);
/// POST /api/v1/lab-api/tests/{id}/readings: points [begin, end) of specimen `specimen`'s
/// curve as chunk `seq`.
boost::json::object readings_body(const Curve& curve, std::size_t specimen, std::size_t seq,
                                  std::size_t begin, std::size_t end, CurveForm form);
/// POST /api/v1/lab-api/tests/{id}/finish with the streamed curves.
boost::json::object finish_body(const GroupResult& group, const std::string& finished_at);
/// POST /api/v1/lab-api/tests started and finished at once, the curves inline (f32le).
boost::json::object one_shot_body(const GroupResult& group, const StartInfo& info,
                                  const std::string& finished_at, CurveForm form);
/// POST /api/v1/lab-api/tests/{id}/reviews.
boost::json::object review_body(std::int64_t reviewer_id, bool confirm, const std::string& note);

/// Points [begin, end) as base64 of little-endian float32, three channels per point.
std::string f32le_base64(const Curve& curve, std::size_t begin, std::size_t end);
/// Points [begin, end) as CSV with the header "t_s,force_kn,disp_mm".
std::string curve_csv(const Curve& curve, std::size_t begin, std::size_t end);

/// JSON text with numbers as the shortest decimal that reads back the same ("812.4", "150.0"
/// for a double that is whole), not Boost.JSON's exponent form.
std::string json_text(const boost::json::value& v);

}  // namespace lw::sim
