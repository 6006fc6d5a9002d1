#include "storage/people.hpp"

#include <map>

#include "storage/scope_sql.hpp"

namespace lw::storage {
namespace {

constexpr std::string_view kPersonColumns =
    "p.id, p.row_key, p.name, p.id_number_sealed, p.id_number_index, p.phone_sealed,"
    " p.phone_index, p.lab_code, p.organisation_id, p.region_code, p.duties, p.trained_on,"
    " p.exam_state, p.exam_on, p.exam_score, p.verified_by, p.verified_at,"
    " p.authorisation_sha256, p.authorisation_media_type, p.authorisation_valid_until,"
    " p.authorised_by, p.authorised_at, p.created_by, p.created_at, p.updated_at";

std::optional<domain::Date> iso_date_or_none(const Row& r, std::size_t i) {
  return r.is_null(i) ? std::nullopt : domain::parse_iso_date(r.text(i));
}

Value date_value(const std::optional<domain::Date>& d) {
  return d ? Value(domain::format_date(*d)) : Value(nullptr);
}

PersonRow person_from_row(const Row& r) {
  PersonRow row;
  domain::Person& p = row.person;
  p.id = r.int64(0);
  row.row_key = r.text(1);
  p.name = r.text(2);
  row.id_number_sealed = r.bytes(3);
  row.id_number_index = r.text(4);
  row.phone_sealed = r.bytes(5);
  row.phone_index = r.text(6);
  p.lab_code = r.text(7);
  if (!r.is_null(8)) {
    p.organisation_id = r.int64(8);
  }
  p.region_code = r.text(9);
  p.duties = domain::parse_duties_column(r.text(10));
  p.trained_on = iso_date_or_none(r, 11);
  p.exam.state = domain::parse_exam_state(r.text(12)).value_or(domain::ExamState::none);
  p.exam.taken_on = iso_date_or_none(r, 13);
  if (!r.is_null(14)) {
    p.exam.score = static_cast<int>(r.int64(14));
  }
  if (!r.is_null(15)) {
    p.verification = domain::IdentityVerification{r.text(15), from_micros(r.int64(16))};
  }
  if (!r.is_null(17)) {
    p.authorisation = domain::Authorisation{r.text(17), r.text(18), iso_date_or_none(r, 19),
                                            r.text(20), from_micros(r.int64(21))};
  }
  row.created_by = r.text(22);
  row.created_at = from_micros(r.int64(23));
  row.updated_at = from_micros(r.int64(24));
  return row;
}

// Lab users see their lab's people; a region scope the people of the labs registered in it now
// (so a lab that moves takes its people along) and the people of organisations in it.
std::string people_condition(const domain::Scope& scope, std::vector<Value>& params) {
  if (scope.kind != domain::Scope::Kind::region) {
    return scope_condition(scope, "p.lab_code", "", params);
  }
  const std::string labs = scope_condition(scope, "p.lab_code", "", params);
  const std::string orgs = region_condition(scope, "p.region_code", params);
  return "((p.lab_code <> '' AND " + labs + ") OR (p.lab_code = '' AND " + orgs + "))";
}

std::string next(std::vector<Value>& params, Value v) {
  params.push_back(std::move(v));
  return "$" + std::to_string(params.size());
}

// Fills in the certificates of `rows`.
Status attach_certificates(Connection& conn, std::vector<PersonRow>& rows) {
  if (rows.empty()) {
    return {};
  }
  std::vector<Value> p;
  std::string in;
  std::map<std::int64_t, PersonRow*> by_id;
  for (auto& row : rows) {
    in += (in.empty() ? "" : ", ") + next(p, row.person.id);
    by_id[row.person.id] = &row;
  }
  auto certs = conn.query(
      "SELECT id, person_id, kind, number, issuer, valid_from, valid_until"
      " FROM person_certificates WHERE person_id IN (" +
          in + ") ORDER BY id",
      p);
  if (!certs) {
    return std::move(certs).error();
  }
  for (const auto& c : *certs) {
    by_id[c.int64(1)]->person.certificates.push_back({c.int64(0), c.text(2), c.text(3), c.text(4),
                                                      *domain::parse_iso_date(c.text(5)),
                                                      *domain::parse_iso_date(c.text(6))});
  }
  return {};
}

}  // namespace

Result<std::optional<std::int64_t>> insert_person(Connection& conn, const PersonRow& row) {
  const domain::Person& p = row.person;
  auto rows = conn.query(
      "INSERT INTO people (row_key, name, id_number_sealed, id_number_index, phone_sealed,"
      " phone_index, lab_code, organisation_id, region_code, duties, trained_on, exam_state,"
      " exam_on, exam_score, created_by, created_at, updated_at)"
      " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17)"
      " ON CONFLICT (id_number_index) DO NOTHING RETURNING id",
      params({row.row_key, p.name, Bytes{row.id_number_sealed}, row.id_number_index,
              Bytes{row.phone_sealed}, row.phone_index, p.lab_code,
              p.organisation_id ? Value(*p.organisation_id) : Value(nullptr), p.region_code,
              domain::duties_column(p.duties), date_value(p.trained_on),
              std::string(domain::exam_state_name(p.exam.state)), date_value(p.exam.taken_on),
              p.exam.score ? Value(std::int64_t{*p.exam.score}) : Value(nullptr), row.created_by,
              to_micros(row.created_at), to_micros(row.updated_at)}));
  if (!rows) {
    return std::move(rows).error();
  }
  if (rows->empty()) {
    return std::optional<std::int64_t>{};
  }
  return std::optional(rows->front().int64(0));
}

Status update_person(Connection& conn, const PersonRow& row) {
  const domain::Person& p = row.person;
  const auto& v = p.verification;
  const auto& a = p.authorisation;
  LW_TRY(conn.exec(
      "UPDATE people SET name = $2, phone_sealed = $3, phone_index = $4, lab_code = $5,"
      " organisation_id = $6, region_code = $7, duties = $8, trained_on = $9, exam_state = $10,"
      " exam_on = $11, exam_score = $12, verified_by = $13, verified_at = $14,"
      " authorisation_sha256 = $15, authorisation_media_type = $16,"
      " authorisation_valid_until = $17, authorised_by = $18, authorised_at = $19,"
      " updated_at = $20 WHERE id = $1",
      params({p.id,
              p.name,
              Bytes{row.phone_sealed},
              row.phone_index,
              p.lab_code,
              p.organisation_id ? Value(*p.organisation_id) : Value(nullptr),
              p.region_code,
              domain::duties_column(p.duties),
              date_value(p.trained_on),
              std::string(domain::exam_state_name(p.exam.state)),
              date_value(p.exam.taken_on),
              p.exam.score ? Value(std::int64_t{*p.exam.score}) : Value(nullptr),
              v ? Value(v->verified_by) : Value(nullptr),
              v ? Value(to_micros(v->verified_at)) : Value(nullptr),
              a ? Value(a->sha256) : Value(nullptr),
              a ? Value(a->media_type) : Value(nullptr),
              a ? date_value(a->valid_until) : Value(nullptr),
              a ? Value(a->recorded_by) : Value(nullptr),
              a ? Value(to_micros(a->recorded_at)) : Value(nullptr),
              to_micros(row.updated_at)})));
  return {};
}

Result<std::optional<PersonRow>> find_person(Connection& conn, const domain::Scope& scope,
                                             std::int64_t id) {
  std::vector<Value> p{id};
  const std::string where = people_condition(scope, p);
  auto rows = conn.query(std::string("SELECT ") + std::string(kPersonColumns) +
                             " FROM people p WHERE p.id = $1 AND " + where,
                         p);
  if (!rows) {
    return std::move(rows).error();
  }
  if (rows->empty()) {
    return std::optional<PersonRow>{};
  }
  std::vector<PersonRow> out{person_from_row(rows->front())};
  LW_TRY(attach_certificates(conn, out));
  return std::optional(std::move(out.front()));
}

Result<Paged<PersonRow>> list_people(Connection& conn, const domain::Scope& scope,
                                     const PeopleFilter& filter, const Page& page) {
  std::vector<Value> p;
  std::string where = people_condition(scope, p);
  where += " AND " + contains_condition(filter.name_contains, {"p.name"}, p);
  if (!filter.id_number_index.empty()) {
    where += " AND p.id_number_index = " + next(p, filter.id_number_index);
  }
  if (filter.duty) {
    where +=
        " AND p.duties LIKE " + next(p, "%," + std::string(domain::duty_name(*filter.duty)) + ",%");
  }
  if (!filter.lab_code.empty()) {
    where += " AND p.lab_code = " + next(p, filter.lab_code);
  }
  if (filter.organisation_id) {
    where += " AND p.organisation_id = " + next(p, *filter.organisation_id);
  }
  if (!filter.region_code.empty()) {
    where += " AND p.region_code LIKE " + next(p, domain::region_prefix(filter.region_code) + "%");
  }
  auto count = conn.query("SELECT COUNT(*) FROM people p WHERE " + where, p);
  if (!count) {
    return std::move(count).error();
  }
  Paged<PersonRow> out;
  out.total = count->front().int64(0);
  const std::string limit = page_clause(page, p);
  auto rows = conn.query(std::string("SELECT ") + std::string(kPersonColumns) +
                             " FROM people p WHERE " + where + " ORDER BY p.id" + limit,
                         p);
  if (!rows) {
    return std::move(rows).error();
  }
  for (const auto& r : *rows) {
    out.items.push_back(person_from_row(r));
  }
  LW_TRY(attach_certificates(conn, out.items));
  return out;
}

Result<std::int64_t> insert_certificate(Connection& conn, std::int64_t person_id,
                                        const domain::PersonCertificate& c,
                                        const std::string& added_by, Instant at) {
  auto rows = conn.query(
      "INSERT INTO person_certificates (person_id, kind, number, issuer, valid_from,"
      " valid_until, added_by, added_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
      params({person_id, c.kind, c.number, c.issuer, domain::format_date(c.valid_from),
              domain::format_date(c.valid_until), added_by, to_micros(at)}));
  if (!rows) {
    return std::move(rows).error();
  }
  return rows->front().int64(0);
}

}  // namespace lw::storage
