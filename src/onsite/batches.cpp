// Batches of on-site tests (检测批次): opened by the lab's system; locked for report generation
// when a test of theirs is uploaded late or missed (JL-1.3, uploads.cpp); unlocked only by a
// regulator, with a reason. Every lock and unlock is a version of the batch in the ledger.
#include <algorithm>

#include "labtests/lab_checks.hpp"
#include "onsite/internal.hpp"
#include "service/commit.hpp"

namespace lw::onsite {
namespace {

bool batch_no_char(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
         c == '_' || c == '/';
}

}  // namespace

Task<Result<service::Receipted<storage::OnsiteBatch>>> OnsiteTests::open_batch(
    const std::string& lab_code, NewBatch input, const service::Caller& caller) {
  const auto* item = domain::find_onsite_item(input.item);
  if (!item) {
    co_return field_error("item", "unknown_item");
  }
  if (input.batch_no.empty() || input.batch_no.size() > 64 ||
      !std::all_of(input.batch_no.begin(), input.batch_no.end(),
                   [](char c) { return batch_no_char(c); })) {
    co_return field_error("batch_no", "1-64 of A-Z a-z 0-9 - _ /");
  }
  const Instant now = clock_.now();
  storage::OnsiteBatch b;
  {
    auto conn = db_.acquire();
    if (!conn) {
      co_return std::move(conn).error();
    }
    auto lp = labtests::lab_project(**conn, lab_code, input.project_id);
    if (!lp) {
      co_return std::move(lp).error();
    }
    b.sandbox = lp->sandbox;
    b.region_code = lp->project.region_code;
  }
  b.lab_code = lab_code;
  b.project_id = input.project_id;
  b.item = input.item;
  b.category = std::string(domain::onsite_category_code(item->category));
  b.batch_no = std::move(input.batch_no);
  b.created_by = caller.actor;
  b.created_at = now;
  service::LeafRef leaf;
  storage::Writer::Job job = [&](storage::Connection& conn) -> Status {
    auto id = storage::insert_batch(conn, b);
    if (!id) {
      return std::move(id).error();
    }
    if (!*id) {
      return Error(std::string(errc::conflict), "batch " + b.batch_no + " exists",
                   {{"fields", {{"batch_no", "exists"}}}});
    }
    b.id = **id;
    std::vector<storage::Violation> none;
    auto version =
        record_version(conn, ledger_, auditor_, caller, now, kBatchType, b.id, b.lab_code,
                       {{"status", "open"},
                        {"project_id", b.project_id},
                        {"item", b.item},
                        {"category", b.category},
                        {"batch_no", b.batch_no},
                        {"reason", "batch opened 检测批次建立"}},
                       "onsite_batch.open", none);
    if (!version) {
      return std::move(version).error();
    }
    leaf = std::move(*version);
    return {};
  };
  if (auto st = co_await service::commit(writer_, std::move(job)); !st) {
    co_return std::move(st).error();
  }
  co_return service::Receipted<storage::OnsiteBatch>{std::move(b), std::move(leaf)};
}

Task<Result<service::Receipted<BatchView>>> OnsiteTests::unlock(const domain::Scope& scope,
                                                                std::int64_t batch_id,
                                                                std::string reason,
                                                                const service::Caller& caller) {
  if (reason.empty() || reason.size() > 500) {
    co_return field_error("reason", "1 to 500 bytes");
  }
  auto found = get_batch(scope, batch_id);
  if (!found) {
    co_return std::move(found).error();
  }
  if (!found->batch.lock) {
    co_return Error(std::string(errc::conflict), "the batch is not locked",
                    {{"fields", {{"batch_id", "not_locked"}}}});
  }
  const Instant now = clock_.now();
  storage::BatchLock closed = *found->batch.lock;
  closed.unlocked_by = caller.actor;
  closed.unlocked_at = now;
  closed.unlock_reason = std::move(reason);
  service::LeafRef leaf;
  storage::Writer::Job job = [&](storage::Connection& conn) -> Status {
    if (auto st = storage::unlock_batch(conn, closed); !st) {
      return st;
    }
    std::vector<storage::Violation> none;
    auto version = record_version(conn, ledger_, auditor_, caller, now, kBatchType, batch_id,
                                  found->batch.lab_code,
                                  {{"status", "unlocked"},
                                   {"lock_id", closed.id},
                                   {"unlocked_at", format_utc(now)},
                                   {"reason", closed.unlock_reason}},
                                  "onsite_batch.unlock", none);
    if (!version) {
      return std::move(version).error();
    }
    leaf = std::move(*version);
    return {};
  };
  if (auto st = co_await service::commit(writer_, std::move(job)); !st) {
    co_return std::move(st).error();
  }
  auto view = get_batch(scope, batch_id);
  if (!view) {
    co_return std::move(view).error();
  }
  co_return service::Receipted<BatchView>{std::move(*view), std::move(leaf)};
}

Result<BatchView> OnsiteTests::get_batch(const domain::Scope& scope, std::int64_t id) {
  auto conn = db_.acquire();
  if (!conn) {
    return std::move(conn).error();
  }
  auto batch = storage::find_batch(**conn, scope, id);
  if (!batch) {
    return std::move(batch).error();
  }
  if (!*batch) {
    return Error(std::string(errc::not_found), "no batch " + std::to_string(id));
  }
  BatchView view{std::move(**batch), {}, {}};
  storage::OnsiteTestFilter filter;
  filter.batch_id = id;
  auto tests = storage::list_onsite_tests(**conn, scope, filter, storage::Page{0, 500});
  if (!tests) {
    return std::move(tests).error();
  }
  view.tests = std::move(tests->items);
  auto locks = storage::locks_of(**conn, id);
  if (!locks) {
    return std::move(locks).error();
  }
  view.locks = std::move(*locks);
  return view;
}

Result<storage::Paged<storage::OnsiteBatch>> OnsiteTests::list_batches(
    const domain::Scope& scope, const storage::BatchFilter& filter, const storage::Page& page) {
  auto conn = db_.acquire();
  if (!conn) {
    return std::move(conn).error();
  }
  return storage::list_batches(**conn, scope, filter, page);
}

}  // namespace lw::onsite
