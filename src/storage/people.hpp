#pragma once
// Repository of people and their certificates (tables people, person_certificates; migration
// 0015). Reads take a Scope: a lab's users its own lab's people, a region scope the people of the
// labs registered in the region subtree now and of the organisations in it. The sealed columns
// are carried as they are stored: this layer neither seals nor opens.
#include <optional>
#include <string>
#include <vector>

#include "domain/person.hpp"
#include "domain/scope.hpp"
#include "storage/paging.hpp"
#include "storage/sql.hpp"

namespace lw::storage {

/// A person's row: the registered facts and the protected values as stored.
struct PersonRow {
  domain::Person person;
  std::string row_key;  // the AAD binding of the sealed values
  std::string id_number_sealed;
  std::string id_number_index;
  std::string phone_sealed;
  std::string phone_index;
  std::string created_by;
  Instant created_at{};
  Instant updated_at{};
};

/// A list's filter; empty members do not filter.
struct PeopleFilter {
  std::string name_contains;
  std::string id_number_index;  // exact, the blind index of a resident ID number
  std::optional<domain::Duty> duty;
  std::string lab_code;
  std::optional<std::int64_t> organisation_id;
  std::string region_code;  // a GB/T 2260 code: its subtree
};

/// Inserts the person and answers their id; nothing when the ID number's index is taken.
Result<std::optional<std::int64_t>> insert_person(Connection& conn, const PersonRow& row);
/// Writes every changeable column of an existing person (not the ID number).
Status update_person(Connection& conn, const PersonRow& row);
/// The person `id` with their certificates when `scope` covers them.
Result<std::optional<PersonRow>> find_person(Connection& conn, const domain::Scope& scope,
                                             std::int64_t id);
/// A page of the people `scope` covers that match `filter`, by id, with their certificates.
Result<Paged<PersonRow>> list_people(Connection& conn, const domain::Scope& scope,
                                     const PeopleFilter& filter, const Page& page);
/// Adds a certificate; answers its id.
Result<std::int64_t> insert_certificate(Connection& conn, std::int64_t person_id,
                                        const domain::PersonCertificate& cert,
                                        const std::string& added_by, Instant at);

}  // namespace lw::storage
