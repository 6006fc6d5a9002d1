#pragma once
// Repository of labs (access-control view; see domain/lab.hpp). Reads take a Scope: a lab sees
// itself, a regulator the labs of its region subtree.
#include <optional>
#include <vector>

#include "domain/change_request.hpp"
#include "domain/lab.hpp"
#include "domain/scope.hpp"
#include "storage/paging.hpp"
#include "storage/sql.hpp"

namespace lw::storage {

struct LabListing {
  domain::Lab lab;
  std::int64_t active_keys = 0;        // API keys in force at the time asked
  std::optional<Instant> last_sent{};  // latest record under its keys or connectivity check
};

/// Which labs a list shows: `q` in code, name or credit code; `region` a GB/T 2260 subtree;
/// `status` a connection status (domain::connection_status) at the time asked.
struct LabFilter {
  std::string q{};
  std::string region{};
  std::string status{};
  Page page{};
};

/// One version of a lab's registry entry: its state after a change, who made it, when, why,
/// and the approval of a change that needed one.
struct LabVersion {
  domain::Lab lab;
  std::int64_t version = 1;
  std::string changed_by;
  Instant changed_at{};
  std::string reason;
  std::optional<domain::Approval> approval;
  int entry_format = 2;  // 1: written before the registered facts (issue 5) joined the entry
};

Status insert_lab_version(Connection& conn, const LabVersion& v);
Result<std::optional<LabVersion>> find_lab_version(Connection& conn, const std::string& lab_code,
                                                   std::int64_t version);

/// Inserts `lab`; false when its code is taken.
Result<bool> insert_lab(Connection& conn, const domain::Lab& lab);
/// The lab of `lab_code` when `scope` covers it.
Result<std::optional<domain::Lab>> find_lab(Connection& conn, const domain::Scope& scope,
                                            const std::string& lab_code);
/// The labs `scope` covers that match `filter`, by code, with how many API keys each has in
/// force at `now` and when it last sent anything.
Result<Paged<LabListing>> list_labs(Connection& conn, const domain::Scope& scope,
                                    const LabFilter& filter, Instant now);
/// The listing of one lab `scope` covers.
Result<std::optional<LabListing>> find_lab_listing(Connection& conn, const domain::Scope& scope,
                                                   const std::string& lab_code, Instant now);
/// The next unified lab code of `region_code` (JJ-3.5): the region's counter moves on, past any
/// code already taken, in the caller's transaction. conflict when the region has used 9999.
Result<std::string> allocate_lab_code(Connection& conn, const std::string& region_code);
/// Sets the registered facts (name, region, credit code, seat, contacts) of an existing lab.
Status update_lab(Connection& conn, const domain::Lab& lab);
/// Switches sandbox mode; false when there is no such lab.
Result<bool> set_lab_sandbox(Connection& conn, const std::string& lab_code, bool sandbox);
/// Whether the lab is in sandbox mode (unregistered labs are not).
Result<bool> lab_in_sandbox(Connection& conn, const std::string& lab_code);

}  // namespace lw::storage
