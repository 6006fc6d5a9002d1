#include "api/reports_json.hpp"

#include <boost/json/parse.hpp>

#include "api/json_io.hpp"
#include "api/routes.hpp"
#include "core/json_values.hpp"
#include "seal/seal.hpp"

namespace lw::api {
namespace {

using boost::json::array;
using boost::json::object;
using boost::json::value;

constexpr std::size_t kMaxTests = 50;
constexpr std::size_t kMaxSpecimens = 100;

Result<domain::PrintedResults> printed_of(const value& v, std::size_t i) {
  const std::string at = "results[" + std::to_string(i) + "].";
  if (!v.is_object()) {
    return field_error("results[" + std::to_string(i) + "]", "an object");
  }
  const auto& o = v.as_object();
  domain::PrintedResults p;
  auto test = positive_id(o, "test_id", true);
  if (!test) {
    return field_error(at + "test_id", "required");
  }
  p.test_id = *test;
  const auto* specimens = o.if_contains("specimens");
  if (!specimens || !specimens->is_array() || specimens->as_array().size() > kMaxSpecimens) {
    return field_error(at + "specimens", "an array of at most 100");
  }
  const auto& list = specimens->as_array();
  for (std::size_t k = 0; k < list.size(); ++k) {
    const std::string sat = at + "specimens[" + std::to_string(k) + "].";
    if (!list[k].is_object()) {
      return field_error(sat.substr(0, sat.size() - 1), "an object");
    }
    const auto& s = list[k].as_object();
    domain::PrintedSpecimen ps;
    auto code = text_field(s, "label_code", 64, true);
    if (!code) {
      return field_error(sat + "label_code", "required");
    }
    ps.label_code = std::move(*code);
    auto strength = measure(s, "strength_mpa", sat);
    auto yield = measure(s, "yield_strength_mpa", sat);
    auto elongation = measure(s, "elongation_percent", sat);
    for (auto* m : {&strength, &yield, &elongation}) {
      if (!*m) {
        return m->error();
      }
    }
    ps.strength_mpa = *strength;
    ps.yield_strength_mpa = *yield;
    ps.elongation_percent = *elongation;
    p.specimens.push_back(std::move(ps));
  }
  auto group = measure(o, "group_strength_mpa", at);
  if (!group) {
    return std::move(group).error();
  }
  p.group_strength_mpa = *group;
  auto conclusion = optional_string_field(o, "conclusion");
  if (!conclusion) {
    return field_error(at + "conclusion", "a string");
  }
  if (*conclusion) {
    p.conclusion = domain::parse_conclusion(**conclusion);
    if (!p.conclusion) {
      return field_error(at + "conclusion", "pass, fail, retest or invalid");
    }
  }
  return p;
}

}  // namespace

Result<reports::NewReport> new_report(const object& body) {
  reports::NewReport r;
  auto kind = string_field(body, "kind", true);
  auto project = positive_id(body, "project_id", true);
  auto title = text_field(body, "title", 800, true);
  auto tests = ids_field(body, "tests", kMaxTests);
  auto batch = positive_id(body, "onsite_batch_id", false);
  auto unlabelled = ids_field(body, "unlabelled_receipts", 500);
  auto equipment = ids_field(body, "equipment", kMaxTests);
  auto conclusion = string_field(body, "conclusion", true);
  auto tester = positive_id(body, "tester_id", true);
  auto reviewer = positive_id(body, "reviewer_id", true);
  auto approver = positive_id(body, "approver_id", true);
  auto from = date_field(body, "tested_from");
  auto to = date_field(body, "tested_to");
  auto pdf = string_field(body, "pdf_sha256", true);
  auto supersedes = text_field(body, "supersedes", 64, false);
  auto reason = text_field(body, "reason", 500, false);
  if (!kind)
    return std::move(kind).error();
  if (!project)
    return std::move(project).error();
  if (!title)
    return std::move(title).error();
  if (!tests)
    return std::move(tests).error();
  if (!batch)
    return std::move(batch).error();
  if (!unlabelled)
    return std::move(unlabelled).error();
  if (!equipment)
    return std::move(equipment).error();
  if (!conclusion)
    return std::move(conclusion).error();
  if (!tester)
    return std::move(tester).error();
  if (!reviewer)
    return std::move(reviewer).error();
  if (!approver)
    return std::move(approver).error();
  if (!from)
    return std::move(from).error();
  if (!to)
    return std::move(to).error();
  if (!pdf)
    return std::move(pdf).error();
  if (!supersedes)
    return std::move(supersedes).error();
  if (!reason)
    return std::move(reason).error();
  const auto parsed_conclusion = domain::parse_report_conclusion(*conclusion);
  if (!parsed_conclusion) {
    return field_error("conclusion", "pass or fail");
  }
  if (const auto* results = body.if_contains("results"); results && !results->is_null()) {
    if (!results->is_array() || results->as_array().size() > kMaxTests) {
      return field_error("results", "an array of at most 50");
    }
    for (std::size_t i = 0; i < results->as_array().size(); ++i) {
      auto p = printed_of(results->as_array()[i], i);
      if (!p) {
        return std::move(p).error();
      }
      r.results.push_back(std::move(*p));
    }
  }
  r.kind = std::move(*kind);
  r.project_id = *project;
  r.title = std::move(*title);
  r.tests = std::move(*tests);
  r.onsite_batch_id = *batch ? std::optional(*batch) : std::nullopt;
  r.unlabelled_receipts = std::move(*unlabelled);
  r.equipment = std::move(*equipment);
  r.conclusion = *parsed_conclusion;
  r.tester_id = *tester;
  r.reviewer_id = *reviewer;
  r.approver_id = *approver;
  r.tested_from = *from;
  r.tested_to = *to;
  r.pdf_sha256 = std::move(*pdf);
  r.supersedes = std::move(*supersedes);
  r.reason = std::move(*reason);
  return r;
}

Result<reports::Revocation> revocation_of(const object& body) {
  auto reason = text_field(body, "reason", 500, true);
  if (!reason) {
    return std::move(reason).error();
  }
  auto approver = positive_id(body, "approver_id", false);
  if (!approver) {
    return std::move(approver).error();
  }
  return reports::Revocation{std::move(*reason),
                             *approver ? std::optional(*approver) : std::nullopt};
}

object report_json(const storage::Report& r) {
  boost::system::error_code ec;
  auto facts = boost::json::parse(r.public_json, ec);
  return {{"id", r.id},
          {"number", r.number},
          {"lab_code", r.lab_code},
          {"sandbox", r.sandbox},
          {"region_code", r.region_code},
          {"project_id", r.project_id},
          {"kind", r.kind},
          {"category", r.category},
          {"material", r.material},
          {"onsite_batch_id", id_or_null(r.onsite_batch_id)},
          {"title", r.title},
          {"conclusion", r.conclusion},
          {"tested_from", r.tested_from},
          {"tested_to", r.tested_to},
          {"tester_id", r.tester_id},
          {"reviewer_id", r.reviewer_id},
          {"approver_id", r.approver_id},
          {"pdf_sha256", r.pdf_sha256},
          {"pdf_sm3", r.pdf_sm3},
          {"stamped_sha256", r.stamped_sha256},
          {"content_sm3", r.content_sm3},
          {"key_id", r.key_id},
          {"status", r.status},
          {"supersedes_id", id_or_null(r.supersedes_id)},
          {"superseded_by_id", id_or_null(r.superseded_by_id)},
          {"version", r.version},
          {"issued_by", r.issued_by},
          {"issued_at", format_utc(r.issued_at)},
          {"public", ec ? value(nullptr) : std::move(facts)}};
}

object report_view_json(const reports::ReportView& v, const std::string& public_base) {
  auto out = report_json(v.report);
  array tests;
  for (auto id : v.tests) {
    tests.emplace_back(id);
  }
  array changes;
  for (const auto& c : v.changes) {
    changes.push_back({{"status", c.status},
                       {"reason", c.reason},
                       {"approver_id", id_or_null(c.approver_id)},
                       {"new_report_id", id_or_null(c.new_report_id)},
                       {"changed_by", c.changed_by},
                       {"changed_at", format_utc(c.changed_at)}});
  }
  boost::system::error_code ec;
  out["tests"] = std::move(tests);
  out["changes"] = std::move(changes);
  out["content"] = boost::json::parse(v.report.content, ec);
  out["seal"] = v.report.seal;
  out["seal_url"] = seal::seal_url(public_base, v.report.seal);
  return out;
}

}  // namespace lw::api
