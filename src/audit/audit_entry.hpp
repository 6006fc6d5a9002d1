#pragma once
// One row of the audit trail (审计日志) and how rows are chained: each row's mac is
// HMAC-SM3(key, previous row's mac ‖ this row's canonical bytes), so changing, removing or
// inserting a row breaks the chain at that row.
#include <cstdint>
#include <string>
#include <string_view>

#include "core/clock.hpp"

namespace lw::audit {

struct AuditEntry {
  std::int64_t seq = 0;  // 1, 2, 3, … without gaps
  Instant at{};          // server time
  std::string actor;     // login, lab key id, or "anonymous"
  std::string role;
  std::string source_ip;
  std::string request_id;
  std::string action;   // e.g. connectivity_check.create
  std::string target;   // e.g. connectivity_check/42
  std::string outcome;  // ok, or the error code
  std::string details;  // JSON text
  std::string mac;      // lower-case hex
};

/// The bytes a mac covers: every field but the mac, each written as <length>:<bytes>, in
/// declaration order (seq and time as decimal integers). Unambiguous for any field contents.
std::string canonical(const AuditEntry& entry);

/// Lower-case hex of HMAC-SM3(key, previous_mac ‖ canonical(entry)); previous_mac is "" for
/// the first row.
std::string chain_mac(std::string_view key, std::string_view previous_mac, const AuditEntry& entry);

}  // namespace lw::audit
