#pragma once
// Repository of administrative divisions (migration 0013, regions): the GB/T 2260 tree the
// server loads at start from reference/regions/gb2260.tsv and extends by import. Rows are only
// ever added: records keep naming a division after it is abolished.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/regions.hpp"
#include "storage/paging.hpp"
#include "storage/sql.hpp"

namespace lw::storage {

/// "province", "prefecture" or "county", as stored and as the API answers.
std::string_view region_level_name(domain::RegionLevel level);

/// Every stored division as file rows (code order), to merge with a file before building a tree.
Result<std::vector<domain::RegionRow>> all_region_rows(Connection& conn);
/// Inserts the divisions of `tree` not stored yet; how many were added.
Result<std::int64_t> insert_missing_regions(Connection& conn, const domain::RegionTree& tree);

Result<std::optional<domain::Region>> find_region(Connection& conn, std::string_view code);

struct RegionFilter {
  std::optional<std::string> parent;  // only the divisions directly below (""= provinces)
  std::string q;                      // in the code or the name
};
/// The divisions matching `filter`, in code order.
Result<Paged<domain::Region>> list_regions(Connection& conn, const RegionFilter& filter,
                                           const Page& page);

}  // namespace lw::storage
