#include "service/auditor.hpp"

#include "audit/audit_log.hpp"

namespace lw::service {

Status Auditor::record(storage::Connection& conn, const Caller& caller, Instant at,
                       std::string action, std::string target, std::string details,
                       std::string outcome) const {
  audit::AuditEntry e;
  e.at = at;
  e.actor = caller.actor;
  e.role = caller.role;
  e.source_ip = caller.source_ip;
  e.request_id = caller.request_id;
  e.action = std::move(action);
  e.target = std::move(target);
  e.outcome = std::move(outcome);
  e.details = std::move(details);
  return audit::append(conn, key_, e);
}

}  // namespace lw::service
