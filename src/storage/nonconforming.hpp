#pragma once
// Repository of the non-conforming ledger (不合格台账, migration 0021; docs/reports.md): one entry
// per failed test, or per failed report that covers no failed test, with its follow-up.
//
// Who sees an entry: storage/scope_sql.hpp's lab_or_region_condition.
#include <cstdint>
#include <optional>
#include <string>

#include "core/clock.hpp"
#include "domain/scope.hpp"
#include "storage/paging.hpp"
#include "storage/sql.hpp"

namespace lw::storage {

struct Nonconforming {
  std::int64_t id = 0;
  std::string lab_code;
  bool sandbox = false;
  std::string region_code;
  std::int64_t project_id = 0;
  std::string material;
  std::string item;
  std::string grade;
  std::optional<std::int64_t> test_id;
  std::optional<std::int64_t> report_id;
  std::string source;  // test_reported, test_recomputed, report
  std::string detail;  // JSON
  Instant found_at{};
  std::string status;  // open, retest, handled
  std::optional<std::int64_t> retest_id;
  std::string handling;
  std::string handled_by;
  std::optional<Instant> handled_at;
  std::optional<std::int64_t> notice_id;
  Instant updated_at{};
};

/// The new entry's id, or nothing when the test has an entry already.
Result<std::optional<std::int64_t>> insert_nonconforming(Connection& conn, const Nonconforming& n);
Result<std::optional<Nonconforming>> find_nonconforming(Connection& conn,
                                                        const domain::Scope& scope,
                                                        std::int64_t id);
Result<std::optional<Nonconforming>> nonconforming_of_test(Connection& conn, std::int64_t test_id);
/// Stores status, retest_id, report_id, handling, handled_by, handled_at, notice_id and
/// updated_at.
Status update_nonconforming(Connection& conn, const Nonconforming& n);

struct NonconformingFilter {
  std::string q;            // in item, grade or lab code
  std::string region_code;  // this region and below
  std::string lab_code;
  std::string material;
  std::string status;
  std::optional<Instant> from;  // found at or after
  std::optional<Instant> to;    // found before
};
/// Newest first.
Result<Paged<Nonconforming>> list_nonconforming(Connection& conn, const domain::Scope& scope,
                                                const NonconformingFilter& filter,
                                                const Page& page);

}  // namespace lw::storage
