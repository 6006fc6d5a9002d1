// Two-person review (双人复核, JL-2.3) and changes after upload (JJ-3.4): a result is final
// only when a second certified person of the lab confirms it; data changes only as a new
// version with a reason and an approver of the lab's quality role; nothing is deleted — a void
// is a version too.
#include <boost/json/serialize.hpp>

#include "identity/access.hpp"
#include "labtests/internal.hpp"
#include "service/commit.hpp"
#include "service/ledger_records.hpp"
#include "storage/specimens.hpp"

namespace lw::labtests {

Task<Result<service::Receipted<TestView>>> LabTests::review(const SendingLab& lab,
                                                            std::int64_t test_id, Review input,
                                                            const service::Caller& caller) {
  if (input.note.size() > 500) {
    co_return field_error("note", "at most 500 bytes");
  }
  if (!input.confirm && input.note.empty()) {
    co_return field_error("note", "required");
  }
  auto found = find_for_lab(lab, test_id);
  if (!found) {
    co_return std::move(found).error();
  }
  storage::LabTest test = std::move(*found);
  if (test.status != "finished") {
    co_return Error(std::string(errc::conflict),
                    "the test is " + test.status + ", not awaiting review",
                    {{"status", test.status}});
  }
  const Instant now = clock_.now();
  {
    auto conn = db_.acquire();
    if (!conn) {
      co_return std::move(conn).error();
    }
    auto reviewer = lab_person(**conn, lab.lab_code, input.reviewer_id);
    if (!reviewer) {
      co_return std::move(reviewer).error();
    }
    if (!*reviewer) {
      co_return field_error("reviewer_id", "unknown_person");
    }
    // JL-2.3: the second person is not the tester (self-verification disabled) and is
    // certified.
    if (input.reviewer_id == test.tester_id) {
      co_return Error(std::string(errc::self_review), "the tester cannot review their own result",
                      {{"fields", {{"reviewer_id", "self_review"}}}});
    }
    if (!may_test(**reviewer, now)) {
      co_return Error(std::string(errc::reviewer_not_certified),
                      "the reviewer holds no certificate valid today",
                      {{"fields", {{"reviewer_id", "not_certified"}}}});
    }
  }
  storage::TestReview r;
  r.test_id = test.id;
  r.version = test.version;
  r.reviewer_id = input.reviewer_id;
  r.verdict = input.confirm ? "confirm" : "reject";
  r.note = std::move(input.note);
  r.reviewed_by = caller.actor;
  r.reviewed_at = now;
  test.status = input.confirm ? "reviewed" : "rejected";
  test.updated_at = now;
  service::LeafRef leaf;
  storage::Writer::Job job = [&](storage::Connection& conn) -> Status {
    auto id = storage::insert_review(conn, r);
    if (!id) {
      return std::move(id).error();
    }
    r.id = *id;
    if (auto st = storage::update_test_state(conn, test); !st) {
      return st;
    }
    const std::string record_id = std::to_string(r.id);
    auto version = service::record_registry_version(conn, ledger_,
                                                    {kReviewType,
                                                     record_id,
                                                     test.lab_code,
                                                     {{"test_id", r.test_id},
                                                      {"version", r.version},
                                                      {"reviewer_id", r.reviewer_id},
                                                      {"verdict", r.verdict},
                                                      {"note", r.note},
                                                      {"reason", "reviewed 复核"}},
                                                     caller.actor,
                                                     now});
    if (!version) {
      return std::move(version).error();
    }
    leaf = std::move(*version);
    return auditor_.record(conn, caller, now, "lab_test.review",
                           std::string(kTestType) + "/" + std::to_string(test.id),
                           boost::json::serialize(boost::json::object{
                               {"review", r.id}, {"verdict", r.verdict}, {"version", r.version}}));
  };
  if (auto st = co_await service::commit(writer_, std::move(job)); !st) {
    co_return std::move(st).error();
  }
  publish(test, "test",
          boost::json::serialize(boost::json::object{{"test_id", test.id},
                                                     {"lab_code", test.lab_code},
                                                     {"status", test.status},
                                                     {"version", test.version},
                                                     {"action", "lab_test.review"}}));
  TestView view;
  view.test = std::move(test);
  view.reviews.push_back(std::move(r));
  co_return service::Receipted<TestView>{std::move(view), std::move(leaf)};
}

Task<Result<service::Receipted<TestView>>> LabTests::review_as(const identity::Principal& by,
                                                               std::int64_t test_id, Review input,
                                                               const service::Caller& caller) {
  if (auto st = identity::require(by, identity::Permission::submit_lab_data); !st) {
    co_return std::move(st).error();
  }
  {
    auto conn = db_.acquire();
    if (!conn) {
      co_return std::move(conn).error();
    }
    auto person = storage::person_of_account(**conn, by.user_id);
    if (!person) {
      co_return std::move(person).error();
    }
    if (!*person) {
      co_return Error(std::string(errc::forbidden),
                      "the account is not linked to a registry person of the lab",
                      {{"fields", {{"reviewer_id", "no_person"}}}});
    }
    input.reviewer_id = **person;
  }
  const SendingLab lab{by.lab_code.value_or("")};
  co_return co_await review(lab, test_id, std::move(input), caller);
}

Task<Result<service::Receipted<TestView>>> LabTests::change(const SendingLab& lab,
                                                            std::int64_t test_id, Change input,
                                                            const service::Caller& caller) {
  if (input.reason.empty()) {
    co_return field_error("reason", "required");
  }
  if (input.reason.size() > 500) {
    co_return field_error("reason", "at most 500 bytes");
  }
  if (input.approver_id <= 0) {
    co_return field_error("approver_id", "required");
  }
  auto found = find_for_lab(lab, test_id);
  if (!found) {
    co_return std::move(found).error();
  }
  storage::LabTest test = std::move(*found);
  // A running test may be voided (an aborted run); its data change only once it finished.
  if (test.status == "voided" || (test.status == "running" && input.results)) {
    co_return Error(std::string(errc::conflict), "the test is " + test.status,
                    {{"status", test.status}});
  }
  {
    auto conn = db_.acquire();
    if (!conn) {
      co_return std::move(conn).error();
    }
    auto approver = lab_person(**conn, lab.lab_code, input.approver_id);
    if (!approver) {
      co_return std::move(approver).error();
    }
    if (!*approver) {
      co_return field_error("approver_id", "unknown_person");
    }
    // JJ-3.4: the approver is of the lab's quality role (质量负责人).
    if (!(*approver)->has_duty(domain::Duty::quality_lead) || input.approver_id == test.tester_id) {
      co_return Error(std::string(errc::approver_not_quality),
                      "the approver is not the lab's quality lead, or is the tester",
                      {{"fields", {{"approver_id", "not_quality_lead"}}}});
    }
  }
  boost::json::object record{{"reason", input.reason}, {"approver_id", input.approver_id}};
  if (input.results) {
    co_return co_await record_results(std::move(test), std::move(*input.results), std::move(record),
                                      caller, "lab_test.change");
  }
  test.status = "voided";
  test.updated_at = clock_.now();
  record["status"] = "voided";
  const Step nothing = [](storage::Connection&, storage::LabTest&,
                          std::vector<storage::Violation>&) -> Status { return {}; };
  co_return co_await write_version(std::move(test), std::move(record), caller, "lab_test.void",
                                   nothing);
}

}  // namespace lw::labtests
