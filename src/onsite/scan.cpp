// The deadline scan (漏传, JL-1.3): finished tests whose deadline passed with their data or
// photos missing are recorded missed and their batches locked, without waiting for an upload.
// It runs on the server's timer every minute; a test is judged in its own
// transaction, so a long backlog never holds other writes up.
#include "onsite/internal.hpp"
#include "service/commit.hpp"

namespace lw::onsite {
namespace {

constexpr int kScanBatch = 200;
const service::Caller kScanner{"system:onsite-scan", "system", "", ""};

}  // namespace

Task<Result<ScanCounts>> OnsiteTests::scan_deadlines() {
  ScanCounts counts;
  for (;;) {
    const Instant now = clock_.now();
    std::vector<storage::OnsiteTest> due;
    {
      auto conn = db_.acquire();
      if (!conn) {
        co_return std::move(conn).error();
      }
      auto found = storage::overdue_tests(**conn, now, kScanBatch);
      if (!found) {
        co_return std::move(found).error();
      }
      due = std::move(*found);
    }
    for (const auto& overdue : due) {
      bool missed = false;
      bool locked = false;
      storage::Writer::Job job = [&](storage::Connection& conn) -> Status {
        auto fresh = storage::find_onsite_test(conn, domain::Scope::all(), overdue.id);
        if (!fresh) {
          return std::move(fresh).error();
        }
        if (!*fresh || (*fresh)->upload_status != "awaiting" || !(*fresh)->due_at ||
            *(*fresh)->due_at >= now) {
          return {};  // judged meanwhile
        }
        auto& t = **fresh;
        Judgement judged = judge_overdue(t, now, policies_);
        missed = t.upload_status == "missed";
        locked = !judged.lock_reason.empty();
        if (auto st = apply_lock(conn, ledger_, t, judged, kScanner, now); !st) {
          return st;
        }
        if (missed) {
          auto version =
              record_version(conn, ledger_, auditor_, kScanner, now, kTestType, t.id, t.lab_code,
                             {{"status", "missed"},
                              {"due_at", time_or_null(t.due_at)},
                              {"reason", "nothing uploaded by the deadline 逾期未上传"}},
                             "onsite_test.missed", judged.violations);
          if (!version) {
            return std::move(version).error();
          }
          t.version = version->entry.version;
        }
        t.updated_at = now;
        return storage::update_onsite_test(conn, t);
      };
      if (auto st = co_await service::commit(writer_, std::move(job)); !st) {
        co_return std::move(st).error();
      }
      counts.missed += missed ? 1 : 0;
      counts.locked += locked ? 1 : 0;
    }
    if (due.size() < static_cast<std::size_t>(kScanBatch)) {
      co_return counts;
    }
  }
}

}  // namespace lw::onsite
