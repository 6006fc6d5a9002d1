#include "audit/audit_entry.hpp"

#include "core/random.hpp"
#include "crypto/hmac.hpp"

namespace lw::audit {
namespace {

void field(std::string& out, std::string_view value) {
  out += std::to_string(value.size());
  out += ':';
  out += value;
}

}  // namespace

std::string canonical(const AuditEntry& e) {
  std::string out;
  field(out, std::to_string(e.seq));
  field(out, std::to_string(to_micros(e.at)));
  for (const std::string* s : {&e.actor, &e.role, &e.source_ip, &e.request_id, &e.action, &e.target,
                               &e.outcome, &e.details}) {
    field(out, *s);
  }
  return out;
}

std::string chain_mac(std::string_view key, std::string_view previous_mac,
                      const AuditEntry& entry) {
  std::string data(previous_mac);
  data += canonical(entry);
  return to_hex(crypto::hmac(crypto::MacAlg::sm3, key, data));
}

}  // namespace lw::audit
