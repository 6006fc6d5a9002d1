#pragma once
// Use case: a lab system records a connectivity check and reads its checks back.
#include <vector>

#include "core/clock.hpp"
#include "core/task.hpp"
#include "domain/connectivity.hpp"
#include "domain/scope.hpp"
#include "service/auditor.hpp"
#include "service/ledger.hpp"
#include "storage/database.hpp"
#include "storage/writer.hpp"

namespace lw::service {

class ConnectivityService {
 public:
  ConnectivityService(storage::Database& db, storage::Writer& writer, const Clock& clock,
                      const Auditor& auditor, Ledger& ledger)
      : db_(db), writer_(writer), clock_(clock), auditor_(auditor), ledger_(ledger) {}

  /// Validates, stamps the server receive time and the lab's sandbox mode, stores durably with
  /// its audit row and ledger leaf; returns the stored check with its leaf.
  Task<Result<Receipted<domain::ConnectivityCheck>>> record(domain::ConnectivityCheck check,
                                                            const Caller& caller);
  Result<std::optional<domain::ConnectivityCheck>> find(const domain::Scope& scope,
                                                        std::int64_t id);
  Result<std::vector<domain::ConnectivityCheck>> recent(const domain::Scope& scope,
                                                        const std::string& lab_code, int limit);

 private:
  storage::Database& db_;
  storage::Writer& writer_;
  const Clock& clock_;
  const Auditor& auditor_;
  Ledger& ledger_;
};

}  // namespace lw::service
