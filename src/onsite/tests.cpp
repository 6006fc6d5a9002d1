// An on-site test's life (JL-1.2, JL-1.3, JL-2.2, JL-2.4): started on a registered component by
// certified testers with usable equipment under a registered witness, finished at the
// instrument's or the lab's time (the upload deadline starts), its data uploaded as versions
// and judged against the deadline.
#include <algorithm>

#include <boost/json/serialize.hpp>

#include "domain/equipment.hpp"
#include "labtests/lab_checks.hpp"
#include "onsite/internal.hpp"
#include "service/commit.hpp"
#include "storage/blob_records.hpp"
#include "storage/equipment.hpp"
#include "storage/lab_qualifications.hpp"
#include "storage/projects.hpp"

namespace lw::onsite {
namespace {

constexpr auto kClockSlack = std::chrono::minutes(5);

Status validate_finish(const Finish& f, Instant started_at, Instant now) {
  if (f.finished_at > now + kClockSlack) {
    return field_error("finished_at", "in_the_future");
  }
  if (f.finished_at < started_at) {
    return field_error("finished_at", "before_start");
  }
  if (f.source != "instrument" && f.source != "lab") {
    return field_error("finish_source", "instrument or lab");
  }
  return {};
}

Status validate_new_test(const NewTest& t, Instant now) {
  if (!valid_component_code(t.component_code)) {
    return field_error("component_code", "1-64 of A-Z a-z 0-9 - _ / .");
  }
  if (t.tester_ids.empty() || t.tester_ids.size() > 5) {
    return field_error("tester_ids", "1 to 5 people");
  }
  for (std::size_t i = 0; i < t.tester_ids.size(); ++i) {
    if (std::count(t.tester_ids.begin(), t.tester_ids.end(), t.tester_ids[i]) > 1) {
      return field_error("tester_ids[" + std::to_string(i) + "]", "duplicate");
    }
  }
  if (t.started_at > now + kClockSlack) {
    return field_error("started_at", "in_the_future");
  }
  if (t.finish) {
    return validate_finish(*t.finish, t.started_at, now);
  }
  return {};
}

// Whether `person_id` witnesses the project at `at` (JL-2.2: registered, authorised, assigned).
Result<bool> witnessing(storage::Connection& conn, std::int64_t project_id, std::int64_t person_id,
                        Instant at) {
  auto assignments = storage::list_assignments(conn, project_id);
  if (!assignments) {
    return std::move(assignments).error();
  }
  return std::any_of(assignments->begin(), assignments->end(), [&](const domain::Assignment& a) {
    return a.person_id == person_id && a.duty == domain::AssignmentDuty::witness && a.active_at(at);
  });
}

Status validate_data(const Data& d) {
  if (d.readings.empty() && d.files.empty()) {
    return field_error("readings", "readings or files required");
  }
  if (d.readings.size() > 2000) {
    return field_error("readings", "at most 2000");
  }
  for (std::size_t i = 0; i < d.readings.size(); ++i) {
    const auto& r = d.readings[i];
    const std::string at = "readings[" + std::to_string(i) + "]";
    if (r.name.empty() || r.name.size() > 100) {
      return field_error(at + ".name", "1 to 100 bytes");
    }
    if (r.unit.size() > 20) {
      return field_error(at + ".unit", "at most 20 bytes");
    }
  }
  if (d.files.size() > 50) {
    return field_error("files", "at most 50");
  }
  for (std::size_t i = 0; i < d.files.size(); ++i) {
    if (!blobs::is_sha256_hex(d.files[i].sha256)) {
      return field_error("files[" + std::to_string(i) + "].sha256", "required");
    }
    if (d.files[i].name.empty() || d.files[i].name.size() > 200) {
      return field_error("files[" + std::to_string(i) + "].name", "1 to 200 bytes");
    }
  }
  if (!d.conclusion.empty() && d.conclusion != "pass" && d.conclusion != "fail") {
    return field_error("conclusion", "pass or fail");
  }
  if (d.note.size() > 2000) {
    return field_error("note", "at most 2000 bytes");
  }
  return {};
}

}  // namespace

Task<Result<service::Receipted<TestView>>> OnsiteTests::write_test(storage::OnsiteTest test,
                                                                   boost::json::object record,
                                                                   const service::Caller& caller,
                                                                   std::string action,
                                                                   const Step& step) {
  const Instant now = clock_.now();
  Judgement judged;
  service::LeafRef leaf;
  storage::Writer::Job job = [&](storage::Connection& conn) -> Status {
    judged = {};
    if (test.id != 0) {
      // The row as it is now: another upload to the same test may have committed since it
      // was read.
      auto fresh = storage::find_onsite_test(conn, domain::Scope::all(), test.id);
      if (!fresh) {
        return std::move(fresh).error();
      }
      if (*fresh) {
        test = std::move(**fresh);
      }
    }
    if (auto st = step(conn, test, judged); !st) {
      return st;
    }
    if (auto st = apply_lock(conn, ledger_, test, judged, caller, now); !st) {
      return st;
    }
    auto version = record_version(conn, ledger_, auditor_, caller, now, kTestType, test.id,
                                  test.lab_code, record, action, judged.violations);
    if (!version) {
      return std::move(version).error();
    }
    leaf = std::move(*version);
    test.version = leaf.entry.version;
    test.updated_at = now;
    return storage::update_onsite_test(conn, test);
  };
  if (auto st = co_await service::commit(writer_, std::move(job)); !st) {
    co_return std::move(st).error();
  }
  TestView view;
  view.test = std::move(test);
  view.data = std::move(record);
  view.violations = std::move(judged.violations);
  co_return service::Receipted<TestView>{std::move(view), std::move(leaf)};
}

Task<Result<service::Receipted<TestView>>> OnsiteTests::start(const std::string& lab_code,
                                                              NewTest input,
                                                              const service::Caller& caller) {
  const Instant now = clock_.now();
  if (auto st = validate_new_test(input, now); !st) {
    co_return std::move(st).error();
  }
  std::vector<std::string> why;
  storage::OnsiteTest t;
  {
    auto lease = db_.acquire();
    if (!lease) {
      co_return std::move(lease).error();
    }
    auto& conn = **lease;
    auto batch = storage::find_batch(conn, domain::Scope::of_lab(lab_code), input.batch_id);
    if (!batch) {
      co_return std::move(batch).error();
    }
    if (!*batch) {
      co_return Error(std::string(errc::onsite_refused), "the on-site test was refused",
                      {{"reasons", {"batch_unknown"}}});
    }
    const auto& b = **batch;
    auto component = storage::find_component(conn, b.project_id, input.component_code);
    if (!component) {
      co_return std::move(component).error();
    }
    if (!*component) {
      why.push_back("component_unknown");  // JL-2.4
    } else {
      t.component_id = (*component)->id;
    }
    auto qualified = storage::lab_qualified(conn, lab_code, b.category, input.started_at);
    if (!qualified) {
      co_return std::move(qualified).error();
    }
    if (!*qualified) {
      why.push_back("lab_not_qualified");
    }
    for (auto id : input.tester_ids) {
      auto tester = labtests::lab_person(conn, lab_code, id);
      if (!tester) {
        co_return std::move(tester).error();
      }
      if (!*tester) {
        why.push_back("tester_unknown");
      } else if (!labtests::may_test(**tester, input.started_at)) {
        why.push_back("tester_not_certified");
      }
    }
    auto equipment = storage::find_equipment(conn, domain::Scope::of_lab(lab_code), lab_code,
                                             input.equipment_id);
    if (!equipment) {
      co_return std::move(equipment).error();
    }
    if (!*equipment) {
      why.push_back("equipment_unknown");
    } else if (!domain::equipment_usable_at(**equipment, input.started_at)) {
      why.push_back("equipment_not_usable");
    }
    auto witness = witnessing(conn, b.project_id, input.witness_id, input.started_at);
    if (!witness) {
      co_return std::move(witness).error();
    }
    if (!*witness) {
      why.push_back("witness_not_registered");  // JL-2.2
    }
    t.batch_id = b.id;
    t.sandbox = b.sandbox;
    t.region_code = b.region_code;
    t.project_id = b.project_id;
    t.item = b.item;
  }
  if (!why.empty()) {
    std::sort(why.begin(), why.end());
    why.erase(std::unique(why.begin(), why.end()), why.end());
    boost::json::array reasons(why.begin(), why.end());
    co_return Error(std::string(errc::onsite_refused), "the on-site test was refused",
                    {{"reasons", std::move(reasons)}});
  }
  t.lab_code = lab_code;
  t.component_code = input.component_code;
  t.equipment_id = input.equipment_id;
  t.tester_ids = input.tester_ids;
  t.witness_id = input.witness_id;
  t.started_at = input.started_at;
  t.upload_status = "open";
  t.received_at = now;
  t.updated_at = now;
  t.created_by = caller.actor;
  boost::json::object record{{"status", "running"},
                             {"batch_id", t.batch_id},
                             {"project_id", t.project_id},
                             {"item", t.item},
                             {"component_id", t.component_id},
                             {"component_code", t.component_code},
                             {"equipment_id", t.equipment_id},
                             {"tester_ids", ids_json(t.tester_ids)},
                             {"witness_id", t.witness_id},
                             {"started_at", format_utc(t.started_at)},
                             {"reason", "on-site test started 现场检测开始"}};
  const Step insert = [](storage::Connection& conn, storage::OnsiteTest& row,
                         Judgement&) -> Status {
    auto id = storage::insert_onsite_test(conn, row);
    if (!id) {
      return std::move(id).error();
    }
    row.id = *id;
    return {};
  };
  auto started =
      co_await write_test(std::move(t), std::move(record), caller, "onsite_test.start", insert);
  if (!started || !input.finish) {
    co_return started;
  }
  co_return co_await finish(lab_code, started->record.test.id, *input.finish, caller);
}

Task<Result<service::Receipted<TestView>>> OnsiteTests::finish(const std::string& lab_code,
                                                               std::int64_t test_id, Finish input,
                                                               const service::Caller& caller) {
  const Instant now = clock_.now();
  storage::OnsiteTest t;
  std::vector<storage::ForceMajeure> filed;
  {
    auto conn = db_.acquire();
    if (!conn) {
      co_return std::move(conn).error();
    }
    auto found = lab_test_of(**conn, lab_code, test_id);
    if (!found) {
      co_return std::move(found).error();
    }
    t = std::move(*found);
    auto f = storage::filings_of(**conn, test_id);
    if (!f) {
      co_return std::move(f).error();
    }
    filed = std::move(*f);
  }
  if (t.finished_at) {
    co_return Error(std::string(errc::conflict), "the test was finished before",
                    {{"status", t.upload_status}});
  }
  if (auto st = validate_finish(input, t.started_at, now); !st) {
    co_return std::move(st).error();
  }
  const auto end = [&](storage::OnsiteTest& row, const std::vector<storage::ForceMajeure>& f) {
    row.finished_at = input.finished_at;
    row.finish_source = input.source;
    row.upload_status = "awaiting";
    settle_deadline(row, policies_, f);
    if (row.data_received_at && row.first_photo_at) {
      row.upload_status = "on_time";  // everything arrived while the test ran
    }
  };
  end(t, filed);
  boost::json::object record{{"status", "finished"},
                             {"finished_at", format_utc(input.finished_at)},
                             {"finish_source", input.source},
                             {"due_at", time_or_null(t.due_at)},
                             {"reason", "on-site test finished 现场检测结束"}};
  const Step ends = [&](storage::Connection& conn, storage::OnsiteTest& row, Judgement&) -> Status {
    if (row.finished_at) {
      return Error(std::string(errc::conflict), "the test was finished before",
                   {{"status", row.upload_status}});
    }
    auto f = storage::filings_of(conn, row.id);
    if (!f) {
      return std::move(f).error();
    }
    end(row, *f);
    return {};
  };
  co_return co_await write_test(std::move(t), std::move(record), caller, "onsite_test.finish",
                                ends);
}

Task<Result<service::Receipted<TestView>>> OnsiteTests::upload_data(const std::string& lab_code,
                                                                    std::int64_t test_id,
                                                                    Data input,
                                                                    const service::Caller& caller) {
  if (auto st = validate_data(input); !st) {
    co_return std::move(st).error();
  }
  storage::OnsiteTest t;
  {
    auto conn = db_.acquire();
    if (!conn) {
      co_return std::move(conn).error();
    }
    auto found = lab_test_of(**conn, lab_code, test_id);
    if (!found) {
      co_return std::move(found).error();
    }
    t = std::move(*found);
    for (std::size_t i = 0; i < input.files.size(); ++i) {
      auto held = storage::find_held_blob(**conn, input.files[i].sha256,
                                          domain::Scope::of_lab(lab_code), caller.actor);
      if (!held) {
        co_return std::move(held).error();
      }
      if (!*held) {
        co_return field_error("files[" + std::to_string(i) + "].sha256", "not_uploaded");
      }
    }
  }
  boost::json::array readings;
  for (const auto& r : input.readings) {
    readings.push_back({{"name", r.name}, {"value", r.value}, {"unit", r.unit}});
  }
  boost::json::array files;
  for (const auto& f : input.files) {
    files.push_back({{"sha256", f.sha256}, {"name", f.name}});
  }
  const Instant now = clock_.now();
  boost::json::object record{{"status", "data"},
                             {"readings", std::move(readings)},
                             {"files", std::move(files)},
                             {"conclusion", input.conclusion},
                             {"note", input.note},
                             {"received_at", format_utc(now)},
                             {"reason", "data uploaded 检测数据上传"}};
  const Step arrive = [this, now](storage::Connection&, storage::OnsiteTest& row,
                                  Judgement& judged) -> Status {
    judged = judge_arrival(row, "data", now, policies_);
    return {};
  };
  co_return co_await write_test(std::move(t), std::move(record), caller, "onsite_test.data",
                                arrive);
}

}  // namespace lw::onsite
