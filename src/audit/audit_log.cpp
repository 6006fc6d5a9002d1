#include "audit/audit_log.hpp"

#include "crypto/hmac.hpp"

namespace lw::audit {
namespace {

using storage::params;

constexpr int kVerifyPage = 1000;

AuditEntry from_row(const storage::Row& r) {
  AuditEntry e;
  e.seq = r.int64(0);
  e.at = from_micros(r.int64(1));
  e.actor = r.text(2);
  e.role = r.text(3);
  e.source_ip = r.text(4);
  e.request_id = r.text(5);
  e.action = r.text(6);
  e.target = r.text(7);
  e.outcome = r.text(8);
  e.details = r.text(9);
  e.mac = r.text(10);
  return e;
}

}  // namespace

Status append(storage::Connection& conn, std::string_view key, AuditEntry& entry) {
  // Taking the next number locks the head row until commit.
  auto head = conn.query("UPDATE audit_head SET seq = seq + 1 WHERE id = 1 RETURNING seq, mac");
  if (!head) {
    return std::move(head).error();
  }
  if (head->empty()) {
    return Error(std::string(errc::internal), "audit_head row missing");
  }
  entry.seq = head->front().int64(0);
  entry.mac = chain_mac(key, head->front().text(1), entry);
  LW_TRY(conn.exec(
      "INSERT INTO audit_log (seq, at, actor, role, source_ip, request_id, action, target,"
      " outcome, details, mac) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
      params({entry.seq, to_micros(entry.at), entry.actor, entry.role, entry.source_ip,
              entry.request_id, entry.action, entry.target, entry.outcome, entry.details,
              entry.mac})));
  LW_TRY(conn.exec("UPDATE audit_head SET mac = $1 WHERE id = 1", params({entry.mac})));
  return {};
}

Result<std::vector<AuditEntry>> read(storage::Connection& conn, std::int64_t after_seq, int limit,
                                     const Filter& filter) {
  std::string sql =
      "SELECT seq, at, actor, role, source_ip, request_id, action, target, outcome, details, mac"
      " FROM audit_log WHERE seq > $1";
  std::vector<storage::Value> args{after_seq};
  // Appends "AND <column> <op> $n" with the value as the next parameter.
  const auto where = [&](std::string_view condition, storage::Value value) {
    args.push_back(std::move(value));
    const std::string placeholder = "$" + std::to_string(args.size());
    std::string clause(condition);
    clause.replace(clause.find('?'), 1, placeholder);
    sql += " AND ";
    sql += clause;
  };
  if (!filter.actor.empty()) {
    where("actor = ?", filter.actor);
  }
  if (!filter.action.empty()) {
    where("action = ?", filter.action);
  }
  if (filter.outcome == kOutcomeNotOk) {
    where("outcome <> ?", std::string("ok"));
  } else if (!filter.outcome.empty()) {
    where("outcome = ?", filter.outcome);
  }
  if (!filter.target.empty()) {
    // Case-sensitive substring on both engines, with no LIKE wildcards to escape.
    where(conn.engine() == storage::Engine::postgresql ? "strpos(target, ?) > 0"
                                                       : "instr(target, ?) > 0",
          filter.target);
  }
  if (filter.from) {
    where("at >= ?", to_micros(*filter.from));
  }
  if (filter.to) {
    where("at <= ?", to_micros(*filter.to));
  }
  args.push_back(std::int64_t{limit});
  sql += " ORDER BY seq LIMIT $" + std::to_string(args.size());

  auto rows = conn.query(sql, args);
  if (!rows) {
    return std::move(rows).error();
  }
  std::vector<AuditEntry> out;
  out.reserve(rows->size());
  for (const auto& r : *rows) {
    out.push_back(from_row(r));
  }
  return out;
}

Result<std::vector<Finding>> verify(storage::Connection& conn, std::string_view key) {
  auto head = conn.query("SELECT seq, mac FROM audit_head WHERE id = 1");
  if (!head) {
    return std::move(head).error();
  }
  const std::int64_t head_seq = head->empty() ? 0 : head->front().int64(0);
  const std::string head_mac = head->empty() ? "" : head->front().text(1);

  std::vector<Finding> findings;
  std::int64_t last_seq = 0;
  std::string last_mac;
  for (;;) {
    auto page = read(conn, last_seq, kVerifyPage);
    if (!page) {
      return std::move(page).error();
    }
    for (const auto& e : *page) {
      const bool after_gap = e.seq != last_seq + 1;
      if (after_gap) {
        findings.push_back({last_seq + 1, e.seq - 1, "removed"});
      }
      if (e.seq > head_seq) {
        findings.push_back({e.seq, e.seq, "inserted"});
      } else if (!crypto::equal_constant_time(chain_mac(key, last_mac, e), e.mac)) {
        // After a removed row the previous mac is unknown: the row cannot be checked.
        findings.push_back({e.seq, e.seq, after_gap ? "unverifiable" : "changed"});
      }
      last_seq = e.seq;
      last_mac = e.mac;
    }
    if (page->size() < static_cast<std::size_t>(kVerifyPage)) {
      break;
    }
  }
  if (last_seq < head_seq) {
    findings.push_back({last_seq + 1, head_seq, "removed"});
  } else if (last_seq == head_seq && last_mac != head_mac) {
    findings.push_back({head_seq, head_seq, "head_mismatch"});
  }
  return findings;
}

}  // namespace lw::audit
