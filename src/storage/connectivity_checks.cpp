#include "storage/connectivity_checks.hpp"

namespace lw::storage {
namespace {

constexpr std::string_view kColumns = "id, lab_code, client_time, received_at, message";

domain::ConnectivityCheck from_row(const Row& r) {
  domain::ConnectivityCheck c;
  c.id = r.int64(0);
  c.lab_code = r.text(1);
  if (!r.is_null(2)) {
    c.client_time = from_micros(r.int64(2));
  }
  c.received_at = from_micros(r.int64(3));
  c.message = r.text(4);
  return c;
}

}  // namespace

Status insert_connectivity_check(Connection& conn, domain::ConnectivityCheck& check) {
  Value client_time = nullptr;
  if (check.client_time) {
    client_time = to_micros(*check.client_time);
  }
  auto rows = conn.query(
      "INSERT INTO connectivity_checks (lab_code, client_time, received_at, message)"
      " VALUES ($1, $2, $3, $4) RETURNING id",
      params({check.lab_code, client_time, to_micros(check.received_at), check.message}));
  if (!rows) {
    return std::move(rows).error();
  }
  check.id = rows->at(0).int64(0);
  return {};
}

Result<std::optional<domain::ConnectivityCheck>> find_connectivity_check(Connection& conn,
                                                                         std::int64_t id) {
  auto rows = conn.query(
      std::string("SELECT ") + std::string(kColumns) + " FROM connectivity_checks WHERE id = $1",
      params({id}));
  if (!rows) {
    return std::move(rows).error();
  }
  if (rows->empty()) {
    return std::optional<domain::ConnectivityCheck>{};
  }
  return std::optional(from_row(rows->front()));
}

Result<std::vector<domain::ConnectivityCheck>> recent_connectivity_checks(
    Connection& conn, const std::string& lab_code, int limit) {
  auto rows = conn.query(std::string("SELECT ") + std::string(kColumns) +
                             " FROM connectivity_checks WHERE ($1 = '' OR lab_code = $1)"
                             " ORDER BY received_at DESC, id DESC LIMIT $2",
                         params({lab_code, std::int64_t{limit}}));
  if (!rows) {
    return std::move(rows).error();
  }
  std::vector<domain::ConnectivityCheck> out;
  out.reserve(rows->size());
  for (const auto& r : *rows) {
    out.push_back(from_row(r));
  }
  return out;
}

}  // namespace lw::storage
