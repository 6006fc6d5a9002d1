#pragma once
// Repository of labs' qualification certificates (domain/qualification.hpp). Reads take a Scope:
// a certificate is its lab's row.
#include <optional>
#include <vector>

#include "domain/qualification.hpp"
#include "domain/scope.hpp"
#include "storage/sql.hpp"

namespace lw::storage {

/// Inserts `q` (its id is ignored); returns the new id.
Result<std::int64_t> insert_qualification(Connection& conn, const domain::Qualification& q);
/// Replaces the facts of certificate `q.id` (number, issuer, categories, parameters, validity).
Status update_qualification(Connection& conn, const domain::Qualification& q);
/// Marks certificate `id` withdrawn at `at`; false when it already was.
Result<bool> withdraw_qualification(Connection& conn, std::int64_t id, Instant at);
/// Certificate `id` of lab `lab_code` when `scope` covers the lab.
Result<std::optional<domain::Qualification>> find_qualification(Connection& conn,
                                                                const domain::Scope& scope,
                                                                const std::string& lab_code,
                                                                std::int64_t id);
/// Every certificate (withdrawn ones too) of lab `lab_code` when `scope` covers it, newest
/// valid_until first.
Result<std::vector<domain::Qualification>> list_qualifications(Connection& conn,
                                                               const domain::Scope& scope,
                                                               const std::string& lab_code);

/// Whether the lab holds a certificate in force at `at` covering `category` (any category when
/// empty).
Result<bool> lab_qualified(Connection& conn, const std::string& lab_code,
                           const std::string& category, Instant at);

}  // namespace lw::storage
