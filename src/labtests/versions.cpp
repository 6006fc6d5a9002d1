// The write path every version of a test takes (JJ-3.4: append-only versions in the ledger),
// and the recomputation of results shared by the finish and every change.
#include <algorithm>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "core/random.hpp"
#include "crypto/hash.hpp"
#include "domain/curve.hpp"
#include "domain/curve_fingerprint.hpp"
#include "domain/label_code.hpp"
#include "domain/violation_kinds.hpp"
#include "labtests/internal.hpp"
#include "labtests/test_record.hpp"
#include "nonconforming/entries.hpp"
#include "service/commit.hpp"
#include "service/ledger_records.hpp"
#include "storage/people.hpp"

namespace lw::labtests {
namespace {

constexpr int kFingerprintCandidates = 200;

// A curve ready to store: its compact form, reference and fingerprint.
struct StoredCurve {
  std::size_t ordinal = 0;
  std::string bytes;
  CurveRef ref;
  std::optional<domain::CurveFingerprint> fingerprint;  // none for a curve without a rise
};

std::optional<double> env_number(const boost::json::object& env, std::string_view name) {
  const auto* v = env.if_contains(name);
  return v && v->is_number() ? std::optional(v->to_number<double>()) : std::nullopt;
}

// The specimens' data checked against the test's labels, curves from readings filled in.
Status complete_results(storage::Connection& conn, const storage::LabTest& test, Results& results) {
  auto& specimens = results.data.specimens;
  if (specimens.size() != test.labels.size()) {
    return field_error("results.specimens", "one_per_label");
  }
  for (std::size_t i = 0; i < specimens.size(); ++i) {
    auto& s = specimens[i];
    if (s.label_code.empty()) {
      s.label_code = test.labels[i];
    } else if (domain::parse_label_code(s.label_code).value_or("") != test.labels[i]) {
      return field_error("results.specimens[" + std::to_string(i) + "].label_code",
                         "not_the_test_label");
    }
    if (i < results.curve_from_readings.size() && results.curve_from_readings[i]) {
      auto curve = curve_from_readings(conn, test.id, static_cast<int>(i));
      if (!curve) {
        return std::move(curve).error();
      }
      if (curve->size() == 0) {
        return field_error("results.specimens[" + std::to_string(i) + "].curve", "no_readings");
      }
      s.curve = std::move(*curve);
    }
  }
  return {};
}

// Whether the person may test or review on `day`.
bool certified_on(const domain::Person& p, domain::Date day) {
  if (!p.has_duty(domain::Duty::tester) && !p.has_duty(domain::Duty::technical_lead)) {
    return false;
  }
  if (p.exam.state != domain::ExamState::passed) {
    return false;
  }
  return std::any_of(p.certificates.begin(), p.certificates.end(),
                     [&](const auto& c) { return c.valid_on(day); });
}

}  // namespace

Result<domain::Curve> curve_from_readings(storage::Connection& conn, std::int64_t test_id,
                                          int ordinal) {
  auto chunks = storage::readings_of(conn, test_id, ordinal);
  if (!chunks) {
    return std::move(chunks).error();
  }
  domain::Curve curve;
  for (const auto& c : *chunks) {
    auto part = domain::decode_curve(c);
    if (!part) {
      return std::move(part).error();
    }
    if (auto st = domain::append_curve(curve, *part); !st) {
      return std::move(st).error();
    }
  }
  return curve;
}

Result<std::optional<domain::Person>> lab_person(storage::Connection& conn,
                                                 const std::string& lab_code, std::int64_t id) {
  auto row = storage::find_person(conn, domain::Scope::of_lab(lab_code), id);
  if (!row) {
    return std::move(row).error();
  }
  if (!*row || (*row)->person.lab_code != lab_code) {
    return std::optional<domain::Person>{};
  }
  return std::optional((*row)->person);
}

bool may_test(const domain::Person& p, Instant at) {
  return certified_on(p, domain::shanghai_date(at));
}

Result<storage::LabTest> LabTests::find_for_lab(const SendingLab& lab, std::int64_t id) {
  auto conn = db_.acquire();
  if (!conn) {
    return std::move(conn).error();
  }
  auto found = storage::find_test(**conn, domain::Scope::of_lab(lab.lab_code), id);
  if (!found) {
    return std::move(found).error();
  }
  if (!*found) {
    return Error(std::string(errc::not_found), "no test " + std::to_string(id));
  }
  return std::move(**found);
}

void LabTests::publish(const storage::LabTest& test, std::string kind, std::string json) const {
  if (live_) {
    live_(
        LiveEvent{std::move(kind), test.lab_code, test.region_code, test.sandbox, std::move(json)});
  }
}

Task<Result<service::Receipted<TestView>>> LabTests::write_version(storage::LabTest test,
                                                                   boost::json::object record,
                                                                   const service::Caller& caller,
                                                                   std::string action,
                                                                   const Step& step) {
  const Instant now = clock_.now();
  std::vector<storage::Violation> found;
  service::LeafRef leaf;
  storage::Writer::Job job = [&](storage::Connection& conn) -> Status {
    found.clear();
    if (auto st = step(conn, test, found); !st) {
      return st;
    }
    const std::string record_id = std::to_string(test.id);
    auto version = service::record_registry_version(
        conn, ledger_, {kTestType, record_id, test.lab_code, record, caller.actor, now});
    if (!version) {
      return std::move(version).error();
    }
    leaf = std::move(*version);
    test.version = leaf.entry.version;
    if (auto st = storage::update_test_state(conn, test); !st) {
      return st;
    }
    boost::json::array kinds;
    for (auto& v : found) {
      auto id = storage::insert_violation(conn, v);
      if (!id) {
        return std::move(id).error();
      }
      v.id = *id;
      kinds.emplace_back(v.kind);
    }
    return auditor_.record(
        conn, caller, now, action, std::string(kTestType) + "/" + record_id,
        boost::json::serialize(boost::json::object{
            {"version", test.version}, {"status", test.status}, {"violations", std::move(kinds)}}));
  };
  if (auto st = co_await service::commit(writer_, std::move(job)); !st) {
    co_return std::move(st).error();
  }
  publish(test, "test",
          boost::json::serialize(boost::json::object{{"test_id", test.id},
                                                     {"lab_code", test.lab_code},
                                                     {"project_id", test.project_id},
                                                     {"item", test.item},
                                                     {"grade", test.grade},
                                                     {"status", test.status},
                                                     {"version", test.version},
                                                     {"anomalies", test.anomalies},
                                                     {"specimens", test.labels.size()},
                                                     {"action", action}}));
  TestView view;
  view.test = std::move(test);
  view.data = std::move(record);
  view.violations = std::move(found);
  co_return service::Receipted<TestView>{std::move(view), std::move(leaf)};
}

Task<Result<service::Receipted<TestView>>> LabTests::record_results(storage::LabTest test,
                                                                    Results results,
                                                                    boost::json::object record,
                                                                    const service::Caller& caller,
                                                                    std::string action) {
  const Instant now = clock_.now();
  {
    auto conn = db_.acquire();
    if (!conn) {
      co_return std::move(conn).error();
    }
    if (auto st = complete_results(**conn, test, results); !st) {
      co_return std::move(st).error();
    }
  }
  auto& data = results.data;
  data.item = domain::find_test_item(test.item)->item;
  data.grade = test.grade;
  if (!test.environment.empty() && !data.temperature_c) {
    const auto env = boost::json::parse(test.environment).as_object();
    data.temperature_c = env_number(env, "temperature_c");
    data.humidity_percent = env_number(env, "humidity_percent");
  }
  const auto evaluation = domain::evaluate_test(data);
  const auto& anomalies = evaluation.anomalies;
  std::vector<StoredCurve> stored;
  std::vector<std::optional<CurveRef>> refs(data.specimens.size());
  for (std::size_t i = 0; i < data.specimens.size(); ++i) {
    const auto& c = data.specimens[i].curve;
    if (!c) {
      continue;
    }
    StoredCurve sc;
    sc.ordinal = i;
    sc.bytes = domain::encode_curve(*c);
    sc.ref = {to_hex(crypto::digest(crypto::HashAlg::sha256, sc.bytes)), c->size()};
    sc.fingerprint = domain::fingerprint_curve(*c);
    refs[i] = sc.ref;
    stored.push_back(std::move(sc));
  }
  test.status = "finished";
  test.anomalies = static_cast<std::int64_t>(anomalies.size());
  test.conclusion = data.conclusion ? std::string(domain::conclusion_name(*data.conclusion)) : "";
  if (!test.finished_at) {
    test.finished_at = results.finished_at.value_or(now);
  }
  test.updated_at = now;
  record["status"] = "finished";
  record["results"] = results_json(data, refs);
  record["anomalies"] = anomalies_json(anomalies);
  record["finished_at"] = format_utc(*test.finished_at);
  const auto policy = policies_.in_force(test.region_code, now);
  // near_same is a lead for a person to review, identical strong evidence (the same run).
  const auto reused = [&](const storage::LabTest& row, std::size_t ordinal,
                          domain::CurveEvidence evidence, std::int64_t other_test,
                          int other_ordinal, const std::string& other_lab) {
    return violation_of(
        policy, domain::violation_kinds::kCurveReused, subject_of(kTestType, row.id), row,
        {{"specimen", ordinal},
         {"label_code", row.labels[ordinal]},
         {"evidence", domain::curve_evidence_name(evidence)},
         {"other",
          {{"test_id", other_test}, {"specimen", other_ordinal}, {"lab_code", other_lab}}}},
        now);
  };
  const Step step = [&](storage::Connection& conn, storage::LabTest& row,
                        std::vector<storage::Violation>& found) -> Status {
    const auto subject = subject_of(kTestType, row.id);
    if (!anomalies.empty()) {
      found.push_back(violation_of(policy, domain::violation_kinds::kDataAnomaly, subject, row,
                                   {{"anomalies", anomalies_json(anomalies)}}, now));
    }
    for (const auto& sc : stored) {
      if (auto st =
              storage::put_curve(conn, sc.ref.sha256, static_cast<int>(sc.ref.points), sc.bytes);
          !st) {
        return st;
      }
      if (!sc.fingerprint) {
        continue;
      }
      // The same or a near-same curve for another specimen anywhere on the platform (checked
      // inside the write, so two copies sent at once still meet), or in this test.
      const auto buckets = domain::fingerprint_buckets(*sc.fingerprint);
      auto candidates =
          storage::fingerprint_candidates(conn, row.item, buckets, row.id, kFingerprintCandidates);
      if (!candidates) {
        return std::move(candidates).error();
      }
      for (const auto& other : *candidates) {
        const auto theirs = domain::parse_fingerprint(other.fingerprint);
        if (!theirs) {
          continue;
        }
        const auto c = domain::compare_fingerprints(*sc.fingerprint, *theirs);
        if (c.evidence != domain::CurveEvidence::none) {
          found.push_back(
              reused(row, sc.ordinal, c.evidence, other.test_id, other.ordinal, other.lab_code));
        }
      }
      for (const auto& earlier : stored) {
        if (earlier.ordinal >= sc.ordinal || !earlier.fingerprint) {
          continue;
        }
        // Specimens of one group come from one batch and one machine: alike by nature, so
        // only the same run (identical) counts within a test.
        const auto c = domain::compare_fingerprints(*sc.fingerprint, *earlier.fingerprint);
        if (c.evidence == domain::CurveEvidence::identical) {
          found.push_back(reused(row, sc.ordinal, c.evidence, row.id,
                                 static_cast<int>(earlier.ordinal), row.lab_code));
        }
      }
      const storage::CurveFingerprintRow fp{
          row.id, static_cast<int>(sc.ordinal), row.item, sc.fingerprint->bytes, row.lab_code, now};
      if (auto st = storage::put_fingerprint(conn, fp, buckets); !st) {
        return st;
      }
    }
    // JJ-3.6: a failed result enters the non-conforming ledger by itself, whatever the lab
    // reports: its own conclusion, or the standard's on the platform's recomputation.
    const bool reported_fail = data.conclusion == domain::Conclusion::fail;
    if (reported_fail || evaluation.conclusion == domain::Conclusion::fail) {
      const auto& info = domain::test_item_info(data.item);
      nonconforming::Failure failure{
          row.lab_code,
          row.sandbox,
          row.region_code,
          row.project_id,
          std::string(domain::material_name(info.material)),
          row.item,
          row.grade,
          row.id,
          std::nullopt,
          reported_fail ? "test_reported" : "test_recomputed",
          {{"reported_conclusion", row.conclusion},
           {"recomputed_conclusion",
            evaluation.conclusion ? domain::conclusion_name(*evaluation.conclusion) : ""},
           {"group_strength_mpa", decimal_or_null(data.group_strength_mpa)},
           {"recomputed_group_strength_mpa", decimal_or_null(evaluation.group_strength_mpa)}}};
      if (auto entered = nonconforming::enter(conn, ledger_, failure, caller.actor, now);
          !entered) {
        return std::move(entered).error();
      }
    }
    return {};
  };
  co_return co_await write_version(std::move(test), std::move(record), caller, std::move(action),
                                   step);
}

}  // namespace lw::labtests
