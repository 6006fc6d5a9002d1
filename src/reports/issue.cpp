// Issuing a report (JJ-3.5, JJ-4.1, JL-1.3; docs/reports.md "Issuing a report"): the structured
// content checked against what the platform holds, then in one transaction the lock re-checked,
// the next number of the lab's year taken, the seal signed and the report recorded; the stamped
// PDF after the commit.
#include <algorithm>
#include <set>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "core/json_values.hpp"
#include "core/random.hpp"
#include "core/text.hpp"
#include "crypto/hash.hpp"
#include "domain/onsite.hpp"
#include "labtests/lab_checks.hpp"
#include "labtests/lab_tests.hpp"
#include "labtests/test_record.hpp"
#include "ledger/canonical_json.hpp"
#include "nonconforming/entries.hpp"
#include "print/report_stamp.hpp"
#include "reports/internal.hpp"
#include "seal/seal.hpp"
#include "service/commit.hpp"
#include "storage/blob_records.hpp"
#include "storage/equipment.hpp"
#include "storage/lab_tests.hpp"
#include "storage/labs.hpp"
#include "storage/onsite.hpp"
#include "storage/registry_versions.hpp"
#include "storage/specimens.hpp"

namespace lw::reports {
namespace {

constexpr std::size_t kMaxTests = 50;
constexpr int kMaxPages = 500;

// An instrument the report rests on, with the days it must have been calibrated.
struct Use {
  std::int64_t equipment_id;
  domain::Date from;
  domain::Date to;
};

// What the checks gather before the write.
struct Checked {
  std::vector<std::string> why;  // the refusal's reasons
  std::vector<Use> uses;
  std::vector<std::int64_t> testers;
  boost::json::array mismatches;
  storage::Report row;
  boost::json::array items;  // the public facts' items
  std::optional<storage::Report> superseded;
  std::string first_item;  // the first test's (or the batch's) item and grade
  std::string first_grade;
};

void refuse(Checked& c, std::string reason) {
  c.why.push_back(std::move(reason));
}

// The instant range a report's dates cover, whole Asia/Shanghai days.
Instant day_start(domain::Date d) {
  return domain::shanghai_start_of_day(d);
}

Status shape_errors(const NewReport& r, domain::Date today) {
  if (r.kind != "lab" && r.kind != "onsite") {
    return field_error("kind", "lab or onsite");
  }
  if (r.title.empty() || utf8_length(r.title) > 200) {
    return field_error("title", "1 to 200 characters");
  }
  if (r.kind == "lab") {
    if (r.tests.empty() || r.tests.size() > kMaxTests) {
      return field_error("tests", "1 to 50 test ids");
    }
    if (r.onsite_batch_id) {
      return field_error("onsite_batch_id", "only for an on-site report");
    }
    std::set<std::int64_t> tests(r.tests.begin(), r.tests.end());
    std::set<std::int64_t> printed;
    for (const auto& p : r.results) {
      printed.insert(p.test_id);
    }
    if (tests.size() != r.tests.size() || printed != tests || r.results.size() != tests.size()) {
      return field_error("results", "one entry per test");
    }
  } else {
    if (!r.onsite_batch_id) {
      return field_error("onsite_batch_id", "required");
    }
    if (!r.tests.empty() || !r.results.empty()) {
      return field_error("tests", "only for a lab report");
    }
  }
  if (r.equipment.size() > kMaxTests || r.unlabelled_receipts.size() > 500) {
    return field_error(r.equipment.size() > kMaxTests ? "equipment" : "unlabelled_receipts",
                       "too many");
  }
  if (r.tested_to < r.tested_from) {
    return field_error("tested_to", "before_tested_from");
  }
  if (r.tested_to > today) {
    return field_error("tested_to", "in_the_future");
  }
  if (!blobs::is_sha256_hex(r.pdf_sha256)) {
    return field_error("pdf_sha256", "required");
  }
  if (!r.supersedes.empty() && (r.reason.empty() || r.reason.size() > 500)) {
    return field_error("reason", "1 to 500 bytes with supersedes");
  }
  return {};
}

// One category per report: the first test's (or the batch's); another one is a field error.
Status note_category(Checked& c, std::string_view qualification_category, std::string material) {
  if (!c.row.category.empty() && c.row.category != qualification_category) {
    return field_error("tests", "mixed_categories");
  }
  c.row.category = std::string(qualification_category);
  c.row.material = std::move(material);
  return {};
}

// Whether a valid report other than `supersedes` covers the test: one valid report per test,
// a second one only as the correction of the first.
Result<bool> already_reported(storage::Connection& conn, std::int64_t test_id,
                              const std::string& supersedes) {
  auto covering = storage::reports_of_test(conn, test_id);
  if (!covering) {
    return std::move(covering).error();
  }
  for (auto report_id : *covering) {
    auto other = storage::find_report(conn, domain::Scope::all(), report_id);
    if (!other) {
      return std::move(other).error();
    }
    if (*other && (*other)->status == "valid" && (*other)->number != supersedes) {
      return true;
    }
  }
  return false;
}

// JJ-3.6: the entries of the report's failed tests name it; a failed report without one (an
// on-site report, or tests that passed) is an entry of its own.
Status enter_failed_report(storage::Connection& conn, const storage::Report& r,
                           const std::string& item, const std::string& grade,
                           service::Ledger& ledger, const service::Caller& caller, Instant now) {
  auto tests = storage::tests_of_report(conn, r.id);
  if (!tests) {
    return std::move(tests).error();
  }
  bool linked = false;
  for (auto test_id : *tests) {
    auto entry = storage::nonconforming_of_test(conn, test_id);
    if (!entry) {
      return std::move(entry).error();
    }
    if (*entry) {
      auto n = std::move(**entry);
      n.report_id = r.id;
      n.updated_at = now;
      if (auto st = storage::update_nonconforming(conn, n); !st) {
        return st;
      }
      linked = true;
    }
  }
  if (linked) {
    return {};
  }
  nonconforming::Failure f{
      r.lab_code,
      r.sandbox,
      r.region_code,
      r.project_id,
      r.material,
      item,
      grade,
      std::nullopt,
      r.id,
      "report",
      {{"number", r.number}, {"title", r.title}, {"conclusion", r.conclusion}}};
  auto entered = nonconforming::enter(conn, ledger, f, caller.actor, now);
  if (!entered) {
    return std::move(entered).error();
  }
  return {};
}

// The printed figures against the test's reviewed version; each difference a mismatch.
Status compare_with_reviewed(storage::Connection& conn, const storage::LabTest& t,
                             const domain::PrintedResults& printed, Checked& c) {
  auto version =
      storage::find_registry_version(conn, labtests::kTestType, std::to_string(t.id), t.version);
  if (!version) {
    return std::move(version).error();
  }
  boost::system::error_code ec;
  const auto record =
      *version ? boost::json::parse((*version)->record_json, ec) : boost::json::value();
  const auto recorded =
      record.is_object() ? recorded_results(record.as_object()) : domain::TestData{};
  for (const auto& m : domain::compare_results(printed, recorded)) {
    c.mismatches.push_back(
        {{"test_id", m.test_id},
         {"field", m.field},
         {"specimen", m.specimen ? boost::json::value(*m.specimen) : boost::json::value(nullptr)},
         {"printed", m.printed},
         {"recorded", m.recorded}});
  }
  return {};
}

// Lab reports: each test the lab's, of this project, reviewed, printed as reviewed, within the
// report's dates, not reported already, its specimens received by this lab (JJ-1.6, JJ-4.1).
Status check_tests(storage::Connection& conn, const std::string& lab_code, const NewReport& input,
                   Checked& c) {
  const auto lab_scope = domain::Scope::of_lab(lab_code);
  for (const auto& printed : input.results) {
    auto test = storage::find_test(conn, lab_scope, printed.test_id);
    if (!test) {
      return std::move(test).error();
    }
    if (!*test || (*test)->project_id != c.row.project_id) {
      refuse(c, "test_unknown");
      continue;
    }
    const auto& t = **test;
    const auto* item = domain::find_test_item(t.item);
    if (c.first_item.empty()) {
      c.first_item = t.item;
      c.first_grade = t.grade;
    }
    if (item) {
      if (auto st = note_category(c, item->qualification_category,
                                  std::string(domain::material_name(item->material)));
          !st) {
        return st;
      }
      c.items.push_back({{"item", t.item},
                         {"name_zh", item->name_zh},
                         {"name_en", item->name_en},
                         {"standard", t.standard},
                         {"grade", t.grade},
                         {"conclusion", t.conclusion}});
    }
    if (t.status != "reviewed") {
      refuse(c, "test_not_reviewed");
    } else if (auto st = compare_with_reviewed(conn, t, printed, c); !st) {
      return st;
    }
    const auto from = domain::shanghai_date(t.started_at);
    const auto to = domain::shanghai_date(t.finished_at.value_or(t.started_at));
    if (from < input.tested_from || to > input.tested_to) {
      refuse(c, "test_dates_outside");
    }
    c.uses.push_back({t.equipment_id, from, to});
    c.testers.push_back(t.tester_id);
    auto reported = already_reported(conn, t.id, input.supersedes);
    if (!reported) {
      return std::move(reported).error();
    }
    if (*reported) {
      refuse(c, "test_already_reported");
    }
    for (const auto& label : t.labels) {
      auto receipts = storage::receipts_of(conn, std::nullopt, label);
      if (!receipts) {
        return std::move(receipts).error();
      }
      const bool received = std::any_of(receipts->begin(), receipts->end(), [&](const auto& r) {
        return r.received && r.lab_code == lab_code;
      });
      if (!received) {
        refuse(c, "specimen_not_received");
      }
    }
  }
  if (!c.mismatches.empty()) {
    refuse(c, "result_mismatch");
  }
  return {};
}

// JJ-4.1: specimens that came without a QR label, judged by the policy's dates.
Status check_unlabelled(storage::Connection& conn, const std::string& lab_code,
                        const NewReport& input, const domain::PolicyVersion* policy,
                        domain::Date today, Checked& c) {
  for (auto id : input.unlabelled_receipts) {
    auto receipt = storage::find_receipt(conn, lab_code, id);
    if (!receipt) {
      return std::move(receipt).error();
    }
    if (!*receipt || !(*receipt)->received) {
      refuse(c, "specimen_not_received");
      continue;
    }
    const domain::SpecimenReceiptFacts facts{!(*receipt)->label_code.empty(),
                                             domain::shanghai_date((*receipt)->received_at)};
    if (policy && domain::specimen_lacks_qr(facts, today, policy->qr_label_required_from,
                                            policy->reports_invalid_from)) {
      refuse(c, "specimen_without_qr");
    }
  }
  return {};
}

// On-site reports: the batch of this project, not locked (judged again in the transaction),
// every test of it uploaded and within the report's dates.
Status check_batch(storage::Connection& conn, const std::string& lab_code, const NewReport& input,
                   Checked& c) {
  if (!input.onsite_batch_id) {
    return {};
  }
  const auto lab_scope = domain::Scope::of_lab(lab_code);
  auto batch = storage::find_batch(conn, lab_scope, *input.onsite_batch_id);
  if (!batch) {
    return std::move(batch).error();
  }
  if (!*batch || (*batch)->project_id != c.row.project_id) {
    return field_error("onsite_batch_id", "unknown_batch");
  }
  const auto& b = **batch;
  c.first_item = b.item;
  if (auto st = note_category(c, b.category, b.category); !st) {
    return st;
  }
  if (const auto* item = domain::find_onsite_item(b.item)) {
    c.items.push_back({{"item", b.item},
                       {"name_zh", item->name_zh},
                       {"name_en", item->name_en},
                       {"standard", item->standard},
                       {"grade", ""},
                       {"conclusion", domain::report_conclusion_name(input.conclusion)}});
  }
  if (b.lock) {
    refuse(c, "batch_locked");
  }
  storage::OnsiteTestFilter filter;
  filter.batch_id = b.id;
  auto tests = storage::list_onsite_tests(conn, lab_scope, filter, storage::Page{0, 500});
  if (!tests) {
    return std::move(tests).error();
  }
  if (tests->items.empty()) {
    refuse(c, "batch_incomplete");
  }
  for (const auto& t : tests->items) {
    if (t.upload_status == "open" || t.upload_status == "awaiting") {
      refuse(c, "batch_incomplete");
    }
    const auto from = domain::shanghai_date(t.started_at);
    const auto to = domain::shanghai_date(t.finished_at.value_or(t.started_at));
    if (from < input.tested_from || to > input.tested_to) {
      refuse(c, "test_dates_outside");
    }
    c.uses.push_back({t.equipment_id, from, to});
  }
  return {};
}

// The instruments: the lab's, not rejected, calibrated on every day they served.
Status check_instruments(storage::Connection& conn, const std::string& lab_code, Checked& c) {
  const auto lab_scope = domain::Scope::of_lab(lab_code);
  for (const auto& use : c.uses) {
    auto equipment = storage::find_equipment(conn, lab_scope, lab_code, use.equipment_id);
    if (!equipment) {
      return std::move(equipment).error();
    }
    if (!*equipment) {
      refuse(c, "equipment_unknown");
      continue;
    }
    auto calibrations = storage::list_calibrations(conn, use.equipment_id);
    if (!calibrations) {
      return std::move(calibrations).error();
    }
    std::vector<domain::CalibrationSpan> spans;
    for (const auto& cal : *calibrations) {
      spans.push_back({cal.calibrated_on, cal.valid_until});
    }
    if ((*equipment)->verification == domain::Verification::rejected ||
        !domain::calibrated_throughout(spans, use.from, use.to)) {
      refuse(c, "equipment_expired");
    }
  }
  return {};
}

// The people (JL-2.3): tester(s) and reviewer may test on the first and the last test day; the
// approver is the lab's technical or quality lead.
Status check_people(storage::Connection& conn, const std::string& lab_code, const NewReport& input,
                    Checked& c) {
  auto checked = c.testers;
  checked.push_back(input.reviewer_id);
  for (auto id : checked) {
    auto person = labtests::lab_person(conn, lab_code, id);
    if (!person) {
      return std::move(person).error();
    }
    if (!*person || !labtests::may_test(**person, day_start(input.tested_from)) ||
        !labtests::may_test(**person, day_start(input.tested_to))) {
      refuse(c, "person_not_valid");
    }
  }
  auto approver = labtests::lab_person(conn, lab_code, input.approver_id);
  if (!approver) {
    return std::move(approver).error();
  }
  if (!*approver || !((*approver)->has_duty(domain::Duty::technical_lead) ||
                      (*approver)->has_duty(domain::Duty::quality_lead))) {
    refuse(c, "person_not_valid");
  }
  return {};
}

// A correction: the lab's own valid report.
Status check_supersedes(storage::Connection& conn, const std::string& lab_code,
                        const NewReport& input, Checked& c) {
  if (input.supersedes.empty()) {
    return {};
  }
  auto old = storage::find_report_by_number(conn, input.supersedes);
  if (!old) {
    return std::move(old).error();
  }
  if (!*old || (*old)->lab_code != lab_code || (*old)->status != "valid") {
    refuse(c, "supersedes_unknown");
  } else {
    c.superseded = std::move(**old);
  }
  return {};
}

// The refusal naming every reason once, with the mismatched figures.
Error refusal(Checked& c) {
  std::sort(c.why.begin(), c.why.end());
  c.why.erase(std::unique(c.why.begin(), c.why.end()), c.why.end());
  boost::json::array reasons;
  for (const auto& w : c.why) {
    reasons.emplace_back(w);
  }
  boost::json::object details{{"reasons", std::move(reasons)}};
  if (!c.mismatches.empty()) {
    details["mismatches"] = std::move(c.mismatches);
  }
  return Error(std::string(errc::report_refused), "the report was refused", std::move(details));
}

}  // namespace

boost::json::object content_json(const NewReport& r) {
  boost::json::array results;
  for (const auto& p : r.results) {
    boost::json::array specimens;
    for (const auto& s : p.specimens) {
      specimens.push_back(
          {{"label_code", s.label_code},
           {"strength_mpa", labtests::decimal_or_null(s.strength_mpa)},
           {"yield_strength_mpa", labtests::decimal_or_null(s.yield_strength_mpa)},
           {"elongation_percent", labtests::decimal_or_null(s.elongation_percent)}});
    }
    results.push_back(
        {{"test_id", p.test_id},
         {"specimens", std::move(specimens)},
         {"group_strength_mpa", labtests::decimal_or_null(p.group_strength_mpa)},
         {"conclusion", p.conclusion ? boost::json::value(domain::conclusion_name(*p.conclusion))
                                     : boost::json::value(nullptr)}});
  }
  boost::json::object o{{"kind", r.kind},
                        {"project_id", r.project_id},
                        {"title", r.title},
                        {"tests", ids_json(r.tests)},
                        {"onsite_batch_id", id_or_null(r.onsite_batch_id)},
                        {"unlabelled_receipts", ids_json(r.unlabelled_receipts)},
                        {"results", std::move(results)},
                        {"equipment", ids_json(r.equipment)},
                        {"conclusion", domain::report_conclusion_name(r.conclusion)},
                        {"tester_id", r.tester_id},
                        {"reviewer_id", r.reviewer_id},
                        {"approver_id", r.approver_id},
                        {"tested_from", domain::format_date(r.tested_from)},
                        {"tested_to", domain::format_date(r.tested_to)},
                        {"pdf_sha256", r.pdf_sha256},
                        {"supersedes", r.supersedes},
                        {"reason", r.reason}};
  return o;
}

Task<Result<service::Receipted<ReportView>>> Reports::issue(const std::string& lab_code,
                                                            NewReport input,
                                                            const service::Caller& caller,
                                                            std::string public_base) {
  const Instant now = clock_.now();
  const auto today = domain::shanghai_date(now);
  if (auto st = shape_errors(input, today); !st) {
    co_return std::move(st).error();
  }
  const auto lab_scope = domain::Scope::of_lab(lab_code);
  Checked c;
  auto& row = c.row;
  for (auto id : input.equipment) {
    c.uses.push_back({id, input.tested_from, input.tested_to});
  }
  c.testers.push_back(input.tester_id);
  std::filesystem::path pdf_path;
  std::string lab_name;
  std::string project_name;
  {
    auto lease = db_.acquire();
    if (!lease) {
      co_return std::move(lease).error();
    }
    auto& conn = **lease;
    auto lp = labtests::lab_project(conn, lab_code, input.project_id);
    if (!lp) {
      co_return std::move(lp).error();
    }
    auto lab = storage::find_lab(conn, domain::Scope::all(), lab_code);
    if (!lab) {
      co_return std::move(lab).error();
    }
    lab_name = *lab ? (*lab)->name : lab_code;
    row.sandbox = lp->sandbox;
    row.region_code = lp->project.region_code;
    row.project_id = lp->project.id;
    project_name = lp->project.name;

    if (auto st = check_tests(conn, lab_code, input, c); !st) {
      co_return std::move(st).error();
    }
    const auto policy = policies_.in_force(row.region_code, now);
    if (auto st =
            check_unlabelled(conn, lab_code, input, policy ? policy->version : nullptr, today, c);
        !st) {
      co_return std::move(st).error();
    }
    if (auto st = check_batch(conn, lab_code, input, c); !st) {
      co_return std::move(st).error();
    }
    if (auto st = check_instruments(conn, lab_code, c); !st) {
      co_return std::move(st).error();
    }
    if (auto st = check_people(conn, lab_code, input, c); !st) {
      co_return std::move(st).error();
    }
    // The PDF: sent by this lab, readable, unencrypted.
    auto held = storage::find_held_blob(conn, input.pdf_sha256, lab_scope, caller.actor);
    if (!held) {
      co_return std::move(held).error();
    }
    const auto path = *held ? setup_.store->local_path(input.pdf_sha256) : std::nullopt;
    if (!path) {
      co_return field_error("pdf_sha256", "not_uploaded");
    }
    pdf_path = *path;
    auto info = print::inspect_pdf(pdf_path);
    if (!info || info->encrypted || info->pages < 1 || info->pages > kMaxPages) {
      refuse(c, "pdf_invalid");
    }
    if (auto st = check_supersedes(conn, lab_code, input, c); !st) {
      co_return std::move(st).error();
    }
  }
  if (!c.why.empty()) {
    co_return refusal(c);
  }
  const auto code = domain::report_category_code(row.category);
  if (!code) {
    co_return field_error("tests", "unknown_category");
  }
  // The digests the seal vouches for.
  auto pdf_sm3 = file_sm3(pdf_path);
  if (!pdf_sm3) {
    co_return std::move(pdf_sm3).error();
  }
  const auto content = content_json(input);
  auto canonical = ledger::canonical_json(content);
  if (!canonical) {
    co_return std::move(canonical).error();
  }
  row.lab_code = lab_code;
  row.kind = input.kind;
  row.onsite_batch_id = input.onsite_batch_id;
  row.title = input.title;
  row.conclusion = std::string(domain::report_conclusion_name(input.conclusion));
  row.tested_from = domain::format_date(input.tested_from);
  row.tested_to = domain::format_date(input.tested_to);
  row.tester_id = input.tester_id;
  row.reviewer_id = input.reviewer_id;
  row.approver_id = input.approver_id;
  row.pdf_sha256 = input.pdf_sha256;
  row.pdf_sm3 = *pdf_sm3;
  row.content = *canonical;
  row.content_sm3 = to_hex(crypto::digest(crypto::HashAlg::sm3, *canonical));
  row.key_id = setup_.key->key_id();
  row.status = "valid";
  row.supersedes_id = c.superseded ? std::optional(c.superseded->id) : std::nullopt;
  row.issued_by = caller.actor;
  row.issued_at = std::chrono::time_point_cast<std::chrono::seconds>(now);
  row.updated_at = now;
  const boost::json::object facts{
      {"kind", row.kind},
      {"category", row.category},
      {"material", row.material},
      {"title", row.title},
      {"conclusion", row.conclusion},
      {"lab", {{"code", lab_code}, {"name", lab_name}}},
      {"project", {{"name", project_name}, {"region_code", row.region_code}}},
      {"items", c.items},
      {"tested_from", row.tested_from},
      {"tested_to", row.tested_to}};
  const int year = static_cast<int>(today.year());
  service::LeafRef leaf;
  storage::Writer::Job job = [&](storage::Connection& conn) -> Status {
    // JL-1.3: a lock taken since the checks still refuses.
    if (row.onsite_batch_id) {
      auto batch = storage::find_batch(conn, lab_scope, *row.onsite_batch_id);
      if (!batch) {
        return std::move(batch).error();
      }
      if (*batch && (*batch)->lock) {
        return Error(std::string(errc::report_refused), "the report was refused",
                     {{"reasons", {"batch_locked"}}});
      }
    }
    for (auto test_id : input.tests) {
      auto reported = already_reported(conn, test_id, input.supersedes);
      if (!reported) {
        return std::move(reported).error();
      }
      if (*reported) {
        return Error(std::string(errc::report_refused), "the report was refused",
                     {{"reasons", {"test_already_reported"}}});
      }
    }
    auto seq = storage::next_report_sequence(conn, lab_code, year);
    if (!seq) {
      return std::move(seq).error();
    }
    if (*seq > domain::kMaxReportSequence) {
      return Error(std::string(errc::conflict), "the lab's numbers of the year are used up");
    }
    row.number = domain::format_report_number({lab_code, year, std::string(*code), *seq});
    auto seal =
        seal::make_seal(*setup_.key, {row.number, row.issued_at, *crypto::from_hex(row.pdf_sm3),
                                      *crypto::from_hex(row.content_sm3)});
    if (!seal) {
      return std::move(seal).error();
    }
    row.seal = std::move(*seal);
    row.public_json = public_json(row, facts, input.supersedes);
    auto id = storage::insert_report(conn, row);
    if (!id) {
      return std::move(id).error();
    }
    row.id = *id;
    if (auto st = storage::insert_report_tests(conn, row.id, input.tests); !st) {
      return st;
    }
    if (c.superseded) {
      auto old = *c.superseded;
      auto changed = change_status(conn, ledger_, auditor_, caller, now, old,
                                   {"superseded", input.reason, input.approver_id, &row});
      if (!changed) {
        return std::move(changed).error();
      }
    }
    // JL-3.3: the day's statistics; JJ-3.6: a failed report in the non-conforming ledger.
    const bool failed = input.conclusion == domain::ReportConclusion::fail;
    if (auto st = storage::add_report_stats(
            conn, {domain::format_date(today), row.region_code, lab_code, row.material, row.sandbox,
                   1, failed ? 0 : 1, failed ? 1 : 0, 0});
        !st) {
      return st;
    }
    if (failed) {
      if (auto st =
              enter_failed_report(conn, row, c.first_item, c.first_grade, ledger_, caller, now);
          !st) {
        return st;
      }
    }
    auto version = record_version(conn, ledger_, auditor_, caller, now, row,
                                  {{"status", "valid"},
                                   {"number", row.number},
                                   {"content", content},
                                   {"pdf_sm3", row.pdf_sm3},
                                   {"content_sm3", row.content_sm3},
                                   {"key_id", row.key_id},
                                   {"seal", row.seal},
                                   {"issued_at", format_utc(row.issued_at)},
                                   {"reason", "report issued 报告签发"}},
                                  "report.issue");
    if (!version) {
      return std::move(version).error();
    }
    leaf = std::move(*version);
    return {};
  };
  if (auto st = co_await service::commit(writer_, std::move(job)); !st) {
    co_return std::move(st).error();
  }
  auto stamped = co_await stamp(row, std::move(public_base));
  if (stamped) {
    row = std::move(*stamped);
  }
  auto view = get(lab_scope, row.id);
  if (!view) {
    co_return std::move(view).error();
  }
  co_return service::Receipted<ReportView>{std::move(*view), std::move(leaf)};
}

}  // namespace lw::reports
