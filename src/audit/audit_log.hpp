#pragma once
// The audit trail in the database: append inside a write's own transaction (so the record and
// its audit row commit together), and verify the whole chain.
#include <optional>
#include <vector>

#include "audit/audit_entry.hpp"
#include "storage/sql.hpp"

namespace lw::audit {

/// Appends `entry` within the caller's transaction: assigns its seq and mac. The chain's head
/// row is locked until the transaction ends, so appends from several instances are serialised.
Status append(storage::Connection& conn, std::string_view key, AuditEntry& entry);

struct Finding {
  std::int64_t seq_from = 0;  // the rows concerned, seq_from..seq_to
  std::int64_t seq_to = 0;
  std::string problem;  // changed | removed | inserted | unverifiable | head_mismatch
};

/// Recomputes the chain over every row; an intact trail gives no findings.
Result<std::vector<Finding>> verify(storage::Connection& conn, std::string_view key);

/// What the audit administrator narrows the trail to; empty members do not filter.
struct Filter {
  std::string actor{};            // exact
  std::string action{};           // exact
  std::string outcome{};          // exact, or kOutcomeNotOk for every outcome but "ok"
  std::string target{};           // substring, case-sensitive
  std::optional<Instant> from{};  // at >= from
  std::optional<Instant> to{};    // at <= to
};

/// The outcome filter that matches every failed or refused action.
inline constexpr std::string_view kOutcomeNotOk = "not_ok";

/// Rows after `after_seq` in order that match `filter`, at most `limit` (for reading and
/// export). The filter is bound as parameters, never spliced into the SQL.
Result<std::vector<AuditEntry>> read(storage::Connection& conn, std::int64_t after_seq, int limit,
                                     const Filter& filter = {});

}  // namespace lw::audit
