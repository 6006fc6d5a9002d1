#include "storage/organisations.hpp"

#include "domain/scope.hpp"
#include "storage/scope_sql.hpp"

namespace lw::storage {
namespace {

constexpr std::string_view kOrganisationColumns =
    "id, kind, name, credit_code, credit_override, region_code, address, contact_name,"
    " contact_phone, created_by, created_at, updated_at";

domain::Organisation organisation_from_row(const Row& r) {
  domain::Organisation o;
  o.id = r.int64(0);
  o.kind = domain::parse_organisation_kind(r.text(1)).value_or(
      domain::OrganisationKind::construction_unit);
  o.name = r.text(2);
  o.credit_code = r.text(3);
  if (!r.is_null(4)) {
    o.credit_override = r.text(4);
  }
  o.region_code = r.text(5);
  o.address = r.text(6);
  o.contact_name = r.text(7);
  o.contact_phone = r.text(8);
  o.created_by = r.text(9);
  o.created_at = from_micros(r.int64(10));
  o.updated_at = from_micros(r.int64(11));
  return o;
}

}  // namespace

Result<std::optional<std::int64_t>> insert_organisation(Connection& conn,
                                                        const domain::Organisation& org) {
  Value override_reason = nullptr;
  if (org.credit_override) {
    override_reason = *org.credit_override;
  }
  auto rows = conn.query(
      "INSERT INTO organisations (kind, name, credit_code, credit_override, region_code, address,"
      " contact_name, contact_phone, created_by, created_at, updated_at)"
      " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)"
      " ON CONFLICT (credit_code) DO NOTHING RETURNING id",
      params({std::string(domain::kind_name(org.kind)), org.name, org.credit_code, override_reason,
              org.region_code, org.address, org.contact_name, org.contact_phone, org.created_by,
              to_micros(org.created_at), to_micros(org.updated_at)}));
  if (!rows) {
    return std::move(rows).error();
  }
  if (rows->empty()) {
    return std::optional<std::int64_t>{};
  }
  return std::optional(rows->front().int64(0));
}

Result<std::optional<domain::Organisation>> find_organisation(Connection& conn,
                                                              const domain::Scope& scope,
                                                              std::int64_t id) {
  std::vector<Value> p{id};
  const std::string where = region_condition(scope, "region_code", p);
  auto rows = conn.query("SELECT " + std::string(kOrganisationColumns) +
                             " FROM organisations WHERE id = $1 AND " + where,
                         p);
  if (!rows) {
    return std::move(rows).error();
  }
  if (rows->empty()) {
    return std::optional<domain::Organisation>{};
  }
  return std::optional(organisation_from_row(rows->front()));
}

Result<Paged<domain::Organisation>> list_organisations(Connection& conn, const domain::Scope& scope,
                                                       const OrganisationFilter& filter,
                                                       const Page& page) {
  std::vector<Value> p;
  std::string where = region_condition(scope, "region_code", p);
  where += " AND " + contains_condition(filter.q, {"name", "credit_code"}, p);
  if (filter.kind) {
    p.emplace_back(std::string(domain::kind_name(*filter.kind)));
    where += " AND kind = $" + std::to_string(p.size());
  }
  if (!filter.region_code.empty()) {
    // Region codes are digits only (checked by the caller): no LIKE escaping needed.
    p.emplace_back(domain::region_prefix(filter.region_code) + "%");
    where += " AND region_code LIKE $" + std::to_string(p.size());
  }
  auto total = conn.query("SELECT COUNT(*) FROM organisations WHERE " + where, p);
  if (!total) {
    return std::move(total).error();
  }
  // The clause first: it appends the page's parameters.
  const std::string sql = "SELECT " + std::string(kOrganisationColumns) +
                          " FROM organisations WHERE " + where + " ORDER BY name, id" +
                          page_clause(page, p);
  auto rows = conn.query(sql, p);
  if (!rows) {
    return std::move(rows).error();
  }
  Paged<domain::Organisation> out;
  out.total = total->front().int64(0);
  for (const auto& r : *rows) {
    out.items.push_back(organisation_from_row(r));
  }
  return out;
}

Status update_organisation(Connection& conn, const domain::Organisation& org) {
  LW_TRY(conn.exec(
      "UPDATE organisations SET name = $1, address = $2, contact_name = $3, contact_phone = $4,"
      " updated_at = $5 WHERE id = $6",
      params({org.name, org.address, org.contact_name, org.contact_phone, to_micros(org.updated_at),
              org.id})));
  return {};
}

}  // namespace lw::storage
