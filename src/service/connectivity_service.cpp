#include "service/connectivity_service.hpp"

#include "service/commit.hpp"
#include "service/ledger_records.hpp"
#include "storage/connectivity_checks.hpp"
#include "storage/labs.hpp"

namespace lw::service {

Task<Result<Receipted<domain::ConnectivityCheck>>> ConnectivityService::record(
    domain::ConnectivityCheck check, const Caller& caller) {
  check.received_at = clock_.now();
  if (auto st = domain::validate(check); !st) {
    co_return std::move(st).error();
  }
  LeafRef leaf;
  storage::Writer::Job insert = [&](storage::Connection& conn) -> Status {
    auto sandbox = storage::lab_in_sandbox(conn, check.lab_code);
    if (!sandbox) {
      return std::move(sandbox).error();
    }
    check.sandbox = *sandbox;
    LW_TRY(storage::insert_connectivity_check(conn, check));
    // The check's id was assigned just now: no earlier version to look up.
    auto appended = ledger_.append(conn, connectivity_entry(check, caller), check.lab_code,
                                   check.sandbox, Ledger::Previous::none);
    if (!appended) {
      return std::move(appended).error();
    }
    leaf = std::move(*appended);
    return auditor_.record(conn, caller, check.received_at, "connectivity_check.create",
                           "connectivity_check/" + std::to_string(check.id));
  };
  auto st = co_await commit(writer_, std::move(insert));
  if (!st) {
    co_return std::move(st).error();
  }
  co_return Receipted<domain::ConnectivityCheck>{std::move(check), std::move(leaf)};
}

Result<std::optional<domain::ConnectivityCheck>> ConnectivityService::find(
    const domain::Scope& scope, std::int64_t id) {
  auto conn = db_.acquire();
  if (!conn) {
    return std::move(conn).error();
  }
  return storage::find_connectivity_check(**conn, scope, id);
}

Result<std::vector<domain::ConnectivityCheck>> ConnectivityService::recent(
    const domain::Scope& scope, const std::string& lab_code, int limit) {
  auto conn = db_.acquire();
  if (!conn) {
    return std::move(conn).error();
  }
  return storage::recent_connectivity_checks(**conn, scope, lab_code, limit);
}

}  // namespace lw::service
