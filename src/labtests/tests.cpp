// A test's life at the lab's machine (JJ-3.4, JL-2.3): started on specimens the lab received,
// readings streamed while it runs, finished with the raw values and reported results, which the
// platform recomputes and compares, and whose curves it looks for elsewhere.
#include <algorithm>

#include <boost/json/serialize.hpp>

#include "core/json_values.hpp"
#include "core/random.hpp"
#include "crypto/hash.hpp"
#include "domain/curve.hpp"
#include "domain/curve_fingerprint.hpp"
#include "domain/equipment.hpp"
#include "domain/label_code.hpp"
#include "domain/violation_kinds.hpp"
#include "identity/access.hpp"
#include "labtests/internal.hpp"
#include "labtests/test_record.hpp"
#include "nonconforming/entries.hpp"
#include "service/commit.hpp"
#include "service/ledger_records.hpp"
#include "storage/equipment.hpp"
#include "storage/lab_qualifications.hpp"
#include "storage/people.hpp"
#include "storage/specimens.hpp"

namespace lw::labtests {
namespace {

const storage::SpecimenScope kAllSpecimens{domain::Scope::all(), std::nullopt};

boost::json::value optional_number(const std::optional<double>& v) {
  return v ? boost::json::value(*v) : boost::json::value(nullptr);
}

Status validate_new_test(const NewTest& t, Instant now) {
  if (!domain::find_test_item(t.item)) {
    return field_error("item", "unknown_item");
  }
  if (t.standard.empty() || t.standard.size() > 100) {
    return field_error("standard", "1 to 100 bytes");
  }
  if (t.grade.size() > 20) {
    return field_error("grade", "at most 20 bytes");
  }
  if (t.label_codes.empty() || t.label_codes.size() > 50) {
    return field_error("label_codes", "1 to 50 labels");
  }
  if (t.manual_reason.size() > 500) {
    return field_error("manual_reason", "at most 500 bytes");
  }
  if (t.started_at && *t.started_at > now + std::chrono::minutes(5)) {
    return field_error("started_at", "in_the_future");
  }
  if (t.temperature_c && (*t.temperature_c < -50 || *t.temperature_c > 80)) {
    return field_error("environment.temperature_c", "range");
  }
  if (t.humidity_percent && (*t.humidity_percent < 0 || *t.humidity_percent > 100)) {
    return field_error("environment.humidity_percent", "range");
  }
  // JJ-3.4: a manual item records its environment.
  if (t.acquisition == domain::Acquisition::manual && (!t.temperature_c || !t.humidity_percent)) {
    return field_error("environment", "required_for_manual");
  }
  return {};
}

boost::json::array strings_json(const std::vector<std::string>& v) {
  boost::json::array out;
  for (const auto& s : v) {
    out.emplace_back(s);
  }
  return out;
}

// What start() looks up before it writes: the specimens, their sampling, and what fails.
struct Prepared {
  storage::LabTest test;
  std::vector<std::string> refusals;
  std::vector<storage::Violation> violations;
  std::optional<domain::PolicyInForce> policy;
};

}  // namespace

Task<Result<service::Receipted<TestView>>> LabTests::start(const SendingLab& lab, NewTest input,
                                                           const service::Caller& caller) {
  const Instant now = clock_.now();
  if (auto st = validate_new_test(input, now); !st) {
    co_return std::move(st).error();
  }
  std::vector<std::string> codes;
  for (std::size_t i = 0; i < input.label_codes.size(); ++i) {
    auto code = domain::parse_label_code(input.label_codes[i]);
    if (!code) {
      co_return field_error("label_codes[" + std::to_string(i) + "]", "label_invalid");
    }
    if (std::find(codes.begin(), codes.end(), *code) != codes.end()) {
      co_return field_error("label_codes[" + std::to_string(i) + "]", "duplicate");
    }
    codes.push_back(*code);
  }
  const auto& item = *domain::find_test_item(input.item);
  Prepared prep;
  auto& t = prep.test;
  std::vector<std::string>& why = prep.refusals;
  boost::json::object manual_details;
  bool without_plan = false;
  {
    auto lease = db_.acquire();
    if (!lease) {
      co_return std::move(lease).error();
    }
    auto& conn = **lease;
    // The specimens: received here, of one sampling whose material the item tests.
    std::optional<storage::Sampling> sampling;
    for (const auto& code : codes) {
      auto receipts = storage::receipts_of(conn, std::nullopt, code);
      if (!receipts) {
        co_return std::move(receipts).error();
      }
      const bool received =
          std::any_of(receipts->begin(), receipts->end(), [&](const storage::SpecimenReceipt& r) {
            return r.lab_code == lab.lab_code && r.received && r.label_code == code;
          });
      if (!received) {
        why.push_back("label_not_received");
        continue;
      }
      auto label = storage::find_label(conn, kAllSpecimens, code);
      if (!label) {
        co_return std::move(label).error();
      }
      if (!*label || !(*label)->sampling_id) {
        why.push_back("label_not_received");
        continue;
      }
      if (!sampling) {
        auto s = storage::find_sampling(conn, kAllSpecimens, *(*label)->sampling_id);
        if (!s) {
          co_return std::move(s).error();
        }
        sampling = std::move(*s);
      } else if (sampling->id != *(*label)->sampling_id) {
        why.push_back("labels_of_several_samplings");
      }
    }
    if (sampling && sampling->group.material != item.material) {
      why.push_back("material_mismatch");
    }
    // A specimen is tested once; a retest names the test it repeats and may take its
    // specimens again.
    std::vector<std::string> retested;
    if (input.retest_of) {
      auto original =
          storage::find_test(conn, domain::Scope::of_lab(lab.lab_code), *input.retest_of);
      if (!original) {
        co_return std::move(original).error();
      }
      if (!*original) {
        co_return field_error("retest_of", "unknown_test");
      }
      if ((*original)->status == "running") {
        co_return field_error("retest_of", "still_running");
      }
      retested = (*original)->labels;
    }
    auto tested = storage::labels_under_test(conn, codes);
    if (!tested) {
      co_return std::move(tested).error();
    }
    for (const auto& code : *tested) {
      if (std::find(retested.begin(), retested.end(), code) == retested.end()) {
        why.push_back("label_already_tested");
        break;
      }
    }
    // The lab, the tester and the machine.
    auto qualified =
        storage::lab_qualified(conn, lab.lab_code, std::string(item.qualification_category), now);
    if (!qualified) {
      co_return std::move(qualified).error();
    }
    if (!*qualified) {
      why.push_back("lab_not_qualified");
    }
    auto tester = lab_person(conn, lab.lab_code, input.tester_id);
    if (!tester) {
      co_return std::move(tester).error();
    }
    if (!*tester) {
      why.push_back("tester_unknown");
    } else if (!may_test(**tester, now)) {
      why.push_back("tester_not_certified");
    }
    auto equipment = storage::find_equipment(conn, domain::Scope::of_lab(lab.lab_code),
                                             lab.lab_code, input.equipment_id);
    if (!equipment) {
      co_return std::move(equipment).error();
    }
    if (!*equipment) {
      why.push_back("equipment_unknown");
    } else {
      if (!domain::equipment_usable_at(**equipment, now)) {
        why.push_back("equipment_not_usable");
      }
      // JL-2.3: manual entry must not replace auto-collection.
      if (input.acquisition == domain::Acquisition::manual && (*equipment)->auto_collect) {
        if (input.manual_reason.empty()) {
          why.push_back("manual_replaces_auto");
        } else {
          manual_details = {{"equipment_id", input.equipment_id},
                            {"manual_reason", input.manual_reason}};
        }
      }
    }
    if (!sampling) {
      co_return Error(std::string(errc::test_refused), "the test was refused",
                      {{"reasons", strings_json(why)}});
    }
    auto lp = lab_project(conn, lab.lab_code, sampling->group.project_id);
    if (!lp) {
      co_return std::move(lp).error();
    }
    t.sandbox = lp->sandbox;
    t.region_code = lp->project.region_code;
    t.project_id = lp->project.id;
    t.sampling_id = sampling->id;
    t.grade = input.grade.empty() ? sampling->group.grade : input.grade;
    // JJ-3.3: a plan of the lab for the project covering the item and today (a plan sent late
    // is its own violation, plan_late).
    prep.policy = policies_.in_force(t.region_code, now);
    auto plans = storage::plans_of(conn, lab.lab_code, t.project_id);
    if (!plans) {
      co_return std::move(plans).error();
    }
    const auto today = domain::shanghai_date(now);
    for (const auto& p : *plans) {
      if (p.planned_start <= today && today <= p.planned_end &&
          std::find(p.items.begin(), p.items.end(), input.item) != p.items.end()) {
        t.plan_id = p.id;
      }
    }
    without_plan = !t.plan_id && prep.policy;
  }
  if (!why.empty()) {
    std::sort(why.begin(), why.end());
    why.erase(std::unique(why.begin(), why.end()), why.end());
    co_return Error(std::string(errc::test_refused), "the test was refused",
                    {{"reasons", strings_json(why)}});
  }
  t.lab_code = lab.lab_code;
  t.item = input.item;
  t.standard = input.standard;
  t.equipment_id = input.equipment_id;
  t.tester_id = input.tester_id;
  t.acquisition = std::string(domain::acquisition_name(input.acquisition));
  t.manual_reason = input.manual_reason;
  if (input.temperature_c) {
    t.environment = boost::json::serialize(
        boost::json::object{{"temperature_c", optional_number(input.temperature_c)},
                            {"humidity_percent", optional_number(input.humidity_percent)}});
  }
  t.retest_of = input.retest_of;
  t.status = "running";
  t.started_at = input.started_at.value_or(now);
  t.received_at = now;
  t.updated_at = now;
  t.started_by = caller.actor;
  t.labels = codes;
  boost::json::object record{{"status", "running"},
                             {"item", t.item},
                             {"standard", t.standard},
                             {"grade", t.grade},
                             {"project_id", t.project_id},
                             {"sampling_id", t.sampling_id},
                             {"labels", strings_json(t.labels)},
                             {"equipment_id", t.equipment_id},
                             {"tester_id", t.tester_id},
                             {"acquisition", t.acquisition},
                             {"manual_reason", t.manual_reason},
                             {"environment",
                              {{"temperature_c", decimal_or_null(input.temperature_c)},
                               {"humidity_percent", decimal_or_null(input.humidity_percent)}}},
                             {"plan_id", id_or_null(t.plan_id)},
                             {"retest_of", id_or_null(t.retest_of)},
                             {"started_at", format_utc(t.started_at)},
                             {"reason", "test started 开始检测"}};
  const Step insert = [&](storage::Connection& conn, storage::LabTest& row,
                          std::vector<storage::Violation>& found) -> Status {
    auto id = storage::insert_test(conn, row);
    if (!id) {
      return std::move(id).error();
    }
    row.id = *id;
    const auto subject = subject_of(kTestType, row.id);
    // JJ-3.6: a retest follows up the failed test's non-conforming entry.
    if (row.retest_of) {
      if (auto st =
              nonconforming::note_retest(conn, ledger_, *row.retest_of, row.id, caller.actor, now);
          !st) {
        return st;
      }
    }
    if (!manual_details.empty()) {
      found.push_back(violation_of(prep.policy, domain::violation_kinds::kManualReplacesAuto,
                                   subject, row, manual_details, now));
    }
    if (without_plan) {
      found.push_back(violation_of(prep.policy, domain::violation_kinds::kTestWithoutPlan, subject,
                                   row, {{"item", row.item}, {"started_at", format_utc(now)}},
                                   now));
    }
    return {};
  };
  auto first =
      co_await write_version(std::move(t), std::move(record), caller, "lab_test.start", insert);
  if (!first || !input.results) {
    co_return first;
  }
  co_return co_await finish(lab, first->record.test.id, std::move(*input.results), caller);
}

Task<Result<bool>> LabTests::add_readings(const SendingLab& lab, std::int64_t test_id,
                                          ReadingsChunk chunk, const service::Caller& caller) {
  (void)caller;
  if (chunk.ordinal < 0 || chunk.seq < 0) {
    co_return field_error(chunk.ordinal < 0 ? "specimen" : "seq", "range");
  }
  if (auto st = domain::validate_curve(chunk.points); !st) {
    co_return std::move(st).error();
  }
  auto found = find_for_lab(lab, test_id);
  if (!found) {
    co_return std::move(found).error();
  }
  const storage::LabTest test = std::move(*found);
  if (static_cast<std::size_t>(chunk.ordinal) >= test.labels.size()) {
    co_return field_error("specimen", "range");
  }
  if (test.status != "running") {
    co_return Error(std::string(errc::conflict), "the test is " + test.status,
                    {{"status", test.status}});
  }
  const std::string data = domain::encode_curve(chunk.points);
  const Instant now = clock_.now();
  bool stored = false;
  storage::Writer::Job job = [&](storage::Connection& conn) -> Status {
    // Chunks come in order: a gap is refused, a repeat answered as before.
    auto next = storage::next_readings_seq(conn, test.id, chunk.ordinal);
    if (!next) {
      return std::move(next).error();
    }
    if (chunk.seq > *next) {
      return Error(std::string(errc::conflict), "chunk " + std::to_string(*next) + " is missing",
                   {{"fields", {{"seq", "gap"}}}, {"expected_seq", *next}});
    }
    // A new chunk continues the curve: same channels, time not going back.
    if (chunk.seq == *next && *next > 0) {
      auto last = storage::readings_chunk(conn, test.id, chunk.ordinal, *next - 1);
      if (!last) {
        return std::move(last).error();
      }
      auto before = domain::decode_curve(*last);
      if (!before) {
        return std::move(before).error();
      }
      if (auto st = domain::append_curve(*before, chunk.points); !st) {
        return st;
      }
    }
    auto added = storage::insert_readings(conn, test.id, chunk.ordinal, chunk.seq,
                                          static_cast<int>(chunk.points.size()), data, now);
    if (!added) {
      return std::move(added).error();
    }
    stored = *added;
    return {};
  };
  if (auto st = co_await service::commit(writer_, std::move(job)); !st) {
    co_return std::move(st).error();
  }
  if (stored) {
    boost::json::array points;
    for (std::size_t i = 0; i < chunk.points.size(); ++i) {
      points.push_back(boost::json::array{chunk.points.t_s[i], chunk.points.force_kn[i]});
    }
    publish(test, "readings",
            boost::json::serialize(boost::json::object{{"test_id", test.id},
                                                       {"specimen", chunk.ordinal},
                                                       {"seq", chunk.seq},
                                                       {"points", std::move(points)}}));
  }
  co_return stored;
}

Task<Result<service::Receipted<TestView>>> LabTests::finish(const SendingLab& lab,
                                                            std::int64_t test_id, Results results,
                                                            const service::Caller& caller) {
  auto test = find_for_lab(lab, test_id);
  if (!test) {
    co_return std::move(test).error();
  }
  if (test->status != "running") {
    co_return Error(std::string(errc::conflict), "the test is " + test->status,
                    {{"status", test->status}});
  }
  boost::json::object record{{"reason", "test finished 检测完成"}};
  co_return co_await record_results(std::move(*test), std::move(results), std::move(record), caller,
                                    "lab_test.finish");
}

}  // namespace lw::labtests
