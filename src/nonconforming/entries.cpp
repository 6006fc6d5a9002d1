#include "nonconforming/entries.hpp"

#include <boost/json/serialize.hpp>

#include "core/json_values.hpp"
#include "domain/lab_test.hpp"
#include "domain/onsite.hpp"
#include "notify/notices.hpp"
#include "service/commit.hpp"
#include "service/ledger_records.hpp"
#include "storage/projects.hpp"

namespace lw::nonconforming {
namespace {

// The entry as its ledger versions commit to it.
boost::json::object record_of(const storage::Nonconforming& n, std::string reason) {
  return {{"status", n.status},
          {"lab_code", n.lab_code},
          {"project_id", n.project_id},
          {"material", n.material},
          {"item", n.item},
          {"grade", n.grade},
          {"test_id", id_or_null(n.test_id)},
          {"report_id", id_or_null(n.report_id)},
          {"retest_id", id_or_null(n.retest_id)},
          {"source", n.source},
          {"handling", n.handling},
          {"reason", std::move(reason)}};
}

Result<service::LeafRef> record(storage::Connection& conn, service::Ledger& ledger,
                                const storage::Nonconforming& n, std::string reason,
                                const std::string& actor, Instant now) {
  return service::record_registry_version(
      conn, ledger,
      {kEntryType, std::to_string(n.id), n.lab_code, record_of(n, std::move(reason)), actor, now});
}

// The item's name for people: a lab test item's or an on-site item's, else its code.
std::pair<std::string, std::string> item_names(const std::string& code) {
  if (const auto* t = domain::find_test_item(code)) {
    return {std::string(t->name_zh), std::string(t->name_en)};
  }
  if (const auto* o = domain::find_onsite_item(code)) {
    return {std::string(o->name_zh), std::string(o->name_en)};
  }
  return {code, code};
}

}  // namespace

Result<std::optional<std::int64_t>> enter(storage::Connection& conn, service::Ledger& ledger,
                                          const Failure& f, const std::string& actor, Instant now) {
  auto project = storage::find_project(conn, domain::Scope::all(), f.project_id);
  if (!project) {
    return std::move(project).error();
  }
  storage::Nonconforming n;
  n.lab_code = f.lab_code;
  n.sandbox = f.sandbox;
  n.region_code = f.region_code;
  n.project_id = f.project_id;
  n.material = f.material;
  n.item = f.item;
  n.grade = f.grade;
  n.test_id = f.test_id;
  n.report_id = f.report_id;
  n.source = f.source;
  n.detail = boost::json::serialize(f.detail);
  n.found_at = now;
  n.status = "open";
  n.updated_at = now;
  auto id = storage::insert_nonconforming(conn, n);
  if (!id || !*id) {
    return id;
  }
  n.id = **id;
  // JJ-3.6: the client and the project's supervision station, at once.
  notify::Notice notice;
  notice.kind = "nonconforming";
  notice.subject = std::string(kEntryType) + " " + std::to_string(n.id);
  const std::string project_name = *project ? (*project)->name : "";
  const auto [item_zh, item_en] = item_names(n.item);
  notice.title_zh = "不合格检测结果：" + project_name + " " + item_zh + " " + n.grade;
  notice.title_en = "Non-conforming result: " + project_name + " " + item_en + " " + n.grade;
  notice.body = {{"nonconforming_id", n.id},
                 {"lab_code", n.lab_code},
                 {"project", {{"id", n.project_id}, {"name", project_name}}},
                 {"material", n.material},
                 {"item", n.item},
                 {"grade", n.grade},
                 {"test_id", id_or_null(n.test_id)},
                 {"report_id", id_or_null(n.report_id)},
                 {"source", n.source},
                 {"detail", f.detail},
                 {"found_at", format_utc(now)}};
  notice.lab_code = n.lab_code;
  notice.sandbox = n.sandbox;
  if (*project && (*project)->client_id > 0) {
    notice.recipients.push_back(
        {notify::Recipient::Kind::organisation, std::to_string((*project)->client_id)});
  }
  notice.recipients.push_back({notify::Recipient::Kind::region, n.region_code});
  auto notice_id = notify::enqueue(conn, notice, now);
  if (!notice_id) {
    return std::move(notice_id).error();
  }
  n.notice_id = *notice_id;
  if (auto st = storage::update_nonconforming(conn, n); !st) {
    return std::move(st).error();
  }
  if (auto leaf = record(conn, ledger, n, "entered 不合格自动入账", actor, now); !leaf) {
    return std::move(leaf).error();
  }
  return std::optional(n.id);
}

Status note_retest(storage::Connection& conn, service::Ledger& ledger, std::int64_t original_test,
                   std::int64_t retest_id, const std::string& actor, Instant now) {
  auto found = storage::nonconforming_of_test(conn, original_test);
  if (!found) {
    return std::move(found).error();
  }
  if (!*found || (*found)->status != "open") {
    return {};
  }
  auto n = std::move(**found);
  n.status = "retest";
  n.retest_id = retest_id;
  n.updated_at = now;
  if (auto st = storage::update_nonconforming(conn, n); !st) {
    return st;
  }
  if (auto leaf = record(conn, ledger, n, "retest started 复检", actor, now); !leaf) {
    return std::move(leaf).error();
  }
  return {};
}

Result<storage::Paged<storage::Nonconforming>> Entries::list(
    const domain::Scope& scope, const storage::NonconformingFilter& filter,
    const storage::Page& page) {
  auto lease = db_.acquire();
  if (!lease) {
    return std::move(lease).error();
  }
  return storage::list_nonconforming(**lease, scope, filter, page);
}

Result<storage::Nonconforming> Entries::get(const domain::Scope& scope, std::int64_t id) {
  auto lease = db_.acquire();
  if (!lease) {
    return std::move(lease).error();
  }
  auto found = storage::find_nonconforming(**lease, scope, id);
  if (!found) {
    return std::move(found).error();
  }
  if (!*found) {
    return Error(std::string(errc::not_found), "no entry " + std::to_string(id));
  }
  return std::move(**found);
}

Task<Result<service::Receipted<storage::Nonconforming>>> Entries::handle(
    const domain::Scope& scope, std::int64_t id, FollowUp input, const service::Caller& caller) {
  if (input.handling.empty() || input.handling.size() > 1000) {
    co_return field_error("handling", "1 to 1000 bytes");
  }
  auto found = get(scope, id);
  if (!found) {
    co_return std::move(found).error();
  }
  const Instant now = clock_.now();
  storage::Nonconforming n;
  service::LeafRef leaf;
  storage::Writer::Job job = [&](storage::Connection& conn) -> Status {
    auto current = storage::find_nonconforming(conn, scope, id);
    if (!current) {
      return std::move(current).error();
    }
    if (!*current) {
      return Error(std::string(errc::not_found), "no entry " + std::to_string(id));
    }
    n = std::move(**current);
    if (n.status == "handled") {
      return Error(std::string(errc::conflict), "the entry is handled already",
                   {{"fields", {{"status", "handled"}}}});
    }
    n.status = "handled";
    n.handling = input.handling;
    n.handled_by = caller.actor;
    n.handled_at = now;
    n.updated_at = now;
    if (auto st = storage::update_nonconforming(conn, n); !st) {
      return st;
    }
    auto version = record(conn, ledger_, n, "handled 已处理", caller.actor, now);
    if (!version) {
      return std::move(version).error();
    }
    leaf = std::move(*version);
    return auditor_.record(conn, caller, now, "nonconforming.handle",
                           std::string(kEntryType) + "/" + std::to_string(id),
                           boost::json::serialize(boost::json::object{{"status", n.status}}));
  };
  if (auto st = co_await service::commit(writer_, std::move(job)); !st) {
    co_return std::move(st).error();
  }
  co_return service::Receipted<storage::Nonconforming>{std::move(n), std::move(leaf)};
}

}  // namespace lw::nonconforming
