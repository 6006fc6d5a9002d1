#include "storage/lab_qualifications.hpp"

#include <boost/json.hpp>

#include "storage/scope_sql.hpp"

namespace lw::storage {
namespace {

constexpr std::string_view kQualificationColumns =
    "id, lab_code, number, issuer, categories, parameters, valid_from, valid_until, withdrawn_at,"
    " updated_at";

std::string list_text(const std::vector<std::string>& items) {
  boost::json::array a;
  for (const auto& i : items) {
    a.emplace_back(i);
  }
  return boost::json::serialize(a);
}

std::vector<std::string> list_of(const std::string& text) {
  std::vector<std::string> out;
  boost::system::error_code ec;
  const auto v = boost::json::parse(text, ec);
  if (!ec && v.is_array()) {
    for (const auto& i : v.get_array()) {
      if (i.is_string()) {
        out.emplace_back(i.get_string());
      }
    }
  }
  return out;
}

domain::Qualification qualification_from_row(const Row& r) {
  domain::Qualification q;
  q.id = r.int64(0);
  q.lab_code = r.text(1);
  q.number = r.text(2);
  q.issuer = r.text(3);
  q.categories = list_of(r.text(4));
  q.parameters = list_of(r.text(5));
  q.valid_from = domain::parse_date(r.text(6)).value_or(domain::Date{});
  q.valid_until = domain::parse_date(r.text(7)).value_or(domain::Date{});
  if (!r.is_null(8)) {
    q.withdrawn_at = from_micros(r.int64(8));
  }
  q.updated_at = from_micros(r.int64(9));
  return q;
}

}  // namespace

Result<std::int64_t> insert_qualification(Connection& conn, const domain::Qualification& q) {
  auto rows = conn.query(
      "INSERT INTO lab_qualifications (lab_code, number, issuer, categories, parameters,"
      " valid_from, valid_until, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
      params({q.lab_code, q.number, q.issuer, list_text(q.categories), list_text(q.parameters),
              domain::format_date(q.valid_from), domain::format_date(q.valid_until),
              to_micros(q.updated_at)}));
  if (!rows) {
    return std::move(rows).error();
  }
  return rows->front().int64(0);
}

Status update_qualification(Connection& conn, const domain::Qualification& q) {
  LW_TRY(conn.exec(
      "UPDATE lab_qualifications SET number = $2, issuer = $3, categories = $4, parameters = $5,"
      " valid_from = $6, valid_until = $7, updated_at = $8 WHERE id = $1",
      params({q.id, q.number, q.issuer, list_text(q.categories), list_text(q.parameters),
              domain::format_date(q.valid_from), domain::format_date(q.valid_until),
              to_micros(q.updated_at)})));
  return {};
}

Result<bool> withdraw_qualification(Connection& conn, std::int64_t id, Instant at) {
  auto n = conn.exec(
      "UPDATE lab_qualifications SET withdrawn_at = $2, updated_at = $2"
      " WHERE id = $1 AND withdrawn_at IS NULL",
      params({id, to_micros(at)}));
  if (!n) {
    return std::move(n).error();
  }
  return *n == 1;
}

Result<std::optional<domain::Qualification>> find_qualification(Connection& conn,
                                                                const domain::Scope& scope,
                                                                const std::string& lab_code,
                                                                std::int64_t id) {
  std::vector<Value> p{id, lab_code};
  const std::string where = scope_condition(scope, "lab_code", "", p);
  auto rows =
      conn.query("SELECT " + std::string(kQualificationColumns) +
                     " FROM lab_qualifications WHERE id = $1 AND lab_code = $2 AND " + where,
                 p);
  if (!rows) {
    return std::move(rows).error();
  }
  if (rows->empty()) {
    return std::optional<domain::Qualification>{};
  }
  return std::optional(qualification_from_row(rows->front()));
}

Result<std::vector<domain::Qualification>> list_qualifications(Connection& conn,
                                                               const domain::Scope& scope,
                                                               const std::string& lab_code) {
  std::vector<Value> p{lab_code};
  const std::string where = scope_condition(scope, "lab_code", "", p);
  auto rows = conn.query("SELECT " + std::string(kQualificationColumns) +
                             " FROM lab_qualifications WHERE lab_code = $1 AND " + where +
                             " ORDER BY valid_until DESC, id DESC",
                         p);
  if (!rows) {
    return std::move(rows).error();
  }
  std::vector<domain::Qualification> out;
  for (const auto& r : *rows) {
    out.push_back(qualification_from_row(r));
  }
  return out;
}

Result<bool> lab_qualified(storage::Connection& conn, const std::string& lab_code,
                           const std::string& category, Instant at) {
  auto certificates = list_qualifications(conn, domain::Scope::all(), lab_code);
  if (!certificates) {
    return std::move(certificates).error();
  }
  for (const auto& q : *certificates) {
    if (!domain::qualification_in_force(q, at)) {
      continue;
    }
    for (const auto& c : q.categories) {
      if (category.empty() || c == category) {
        return true;
      }
    }
  }
  return false;
}

}  // namespace lw::storage
