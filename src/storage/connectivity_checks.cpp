#include "storage/connectivity_checks.hpp"

#include "storage/scope_sql.hpp"

namespace lw::storage {
namespace {

constexpr std::string_view kConnectivityCheckColumns =
    "id, lab_code, client_time, received_at, message, sandbox";

domain::ConnectivityCheck connectivity_check_from_row(const Row& r) {
  domain::ConnectivityCheck c;
  c.id = r.int64(0);
  c.lab_code = r.text(1);
  if (!r.is_null(2)) {
    c.client_time = from_micros(r.int64(2));
  }
  c.received_at = from_micros(r.int64(3));
  c.message = r.text(4);
  c.sandbox = r.int64(5) != 0;
  return c;
}

}  // namespace

Status insert_connectivity_check(Connection& conn, domain::ConnectivityCheck& check) {
  Value client_time = nullptr;
  if (check.client_time) {
    client_time = to_micros(*check.client_time);
  }
  auto rows = conn.query(
      "INSERT INTO connectivity_checks (lab_code, client_time, received_at, message, sandbox)"
      " VALUES ($1, $2, $3, $4, $5) RETURNING id",
      params({check.lab_code, client_time, to_micros(check.received_at), check.message,
              std::int64_t{check.sandbox ? 1 : 0}}));
  if (!rows) {
    return std::move(rows).error();
  }
  check.id = rows->at(0).int64(0);
  return {};
}

Result<std::optional<domain::ConnectivityCheck>> find_connectivity_check(Connection& conn,
                                                                         const domain::Scope& scope,
                                                                         std::int64_t id) {
  std::vector<Value> p{id};
  const std::string where = scope_condition(scope, "lab_code", "sandbox", p);
  auto rows = conn.query(std::string("SELECT ") + std::string(kConnectivityCheckColumns) +
                             " FROM connectivity_checks WHERE id = $1 AND " + where,
                         p);
  if (!rows) {
    return std::move(rows).error();
  }
  if (rows->empty()) {
    return std::optional<domain::ConnectivityCheck>{};
  }
  return std::optional(connectivity_check_from_row(rows->front()));
}

Result<std::vector<domain::ConnectivityCheck>> recent_connectivity_checks(
    Connection& conn, const domain::Scope& scope, const std::string& lab_code, int limit) {
  std::vector<Value> p{lab_code, std::int64_t{limit}};
  const std::string where = scope_condition(scope, "lab_code", "sandbox", p);
  auto rows = conn.query(std::string("SELECT ") + std::string(kConnectivityCheckColumns) +
                             " FROM connectivity_checks WHERE ($1 = '' OR lab_code = $1) AND " +
                             where + " ORDER BY received_at DESC, id DESC LIMIT $2",
                         p);
  if (!rows) {
    return std::move(rows).error();
  }
  std::vector<domain::ConnectivityCheck> out;
  out.reserve(rows->size());
  for (const auto& r : *rows) {
    out.push_back(connectivity_check_from_row(r));
  }
  return out;
}

}  // namespace lw::storage
