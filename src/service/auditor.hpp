#pragma once
// Who made a request, and the audit row every state change writes in its own transaction.
#include <string>

#include "core/clock.hpp"
#include "core/result.hpp"
#include "storage/sql.hpp"

namespace lw::service {

/// The caller of a use case as the audit trail records it. Until sign-in exists every caller
/// is anonymous; identity fills actor and role from the session or the lab's signed key.
struct Caller {
  std::string actor = "anonymous";
  std::string role = "public";
  std::string source_ip;
  std::string request_id;
};

class Auditor {
 public:
  /// `key`: the 32-byte secret chaining the trail (audit/audit_key.hpp).
  explicit Auditor(std::string key) : key_(std::move(key)) {}

  /// Appends the audit row of a state change (or of an attempt, with the error code answered
  /// as `outcome`); call it inside the write that makes the change.
  Status record(storage::Connection& conn, const Caller& caller, Instant at, std::string action,
                std::string target, std::string details = "{}", std::string outcome = "ok") const;
  const std::string& key() const { return key_; }

 private:
  std::string key_;
};

}  // namespace lw::service
