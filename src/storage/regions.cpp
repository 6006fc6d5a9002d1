#include "storage/regions.hpp"

namespace lw::storage {
namespace {

domain::RegionLevel level_of(std::string_view name) {
  if (name == "province") {
    return domain::RegionLevel::province;
  }
  return name == "prefecture" ? domain::RegionLevel::prefecture : domain::RegionLevel::county;
}

domain::Region region_from_row(const Row& r) {
  return {r.text(0), r.text(1), r.text(2), level_of(r.text(3))};
}

}  // namespace

std::string_view region_level_name(domain::RegionLevel level) {
  switch (level) {
    case domain::RegionLevel::province:
      return "province";
    case domain::RegionLevel::prefecture:
      return "prefecture";
    case domain::RegionLevel::county:
      return "county";
  }
  return "county";
}

Result<std::vector<domain::RegionRow>> all_region_rows(Connection& conn) {
  auto rows = conn.query("SELECT code, name FROM regions ORDER BY code");
  if (!rows) {
    return std::move(rows).error();
  }
  std::vector<domain::RegionRow> out;
  out.reserve(rows->size());
  for (const auto& r : *rows) {
    out.push_back({r.text(0), r.text(1), 0});
  }
  return out;
}

Result<std::int64_t> insert_missing_regions(Connection& conn, const domain::RegionTree& tree) {
  std::int64_t added = 0;
  for (const domain::Region* region : tree.all()) {
    auto n = conn.exec(
        "INSERT INTO regions (code, name, parent, level) VALUES ($1, $2, $3, $4)"
        " ON CONFLICT (code) DO NOTHING",
        params({region->code, region->name, region->parent,
                std::string(region_level_name(region->level))}));
    if (!n) {
      return std::move(n).error();
    }
    added += *n;
  }
  return added;
}

Result<std::optional<domain::Region>> find_region(Connection& conn, std::string_view code) {
  auto rows = conn.query("SELECT code, name, parent, level FROM regions WHERE code = $1",
                         params({std::string(code)}));
  if (!rows) {
    return std::move(rows).error();
  }
  if (rows->empty()) {
    return std::optional<domain::Region>{};
  }
  return std::optional(region_from_row(rows->front()));
}

Result<Paged<domain::Region>> list_regions(Connection& conn, const RegionFilter& filter,
                                           const Page& page) {
  std::vector<Value> p;
  std::string where = contains_condition(filter.q, {"code", "name"}, p);
  if (filter.parent) {
    p.emplace_back(*filter.parent);
    where += " AND parent = $" + std::to_string(p.size());
  }
  auto total = conn.query("SELECT COUNT(*) FROM regions WHERE " + where, p);
  if (!total) {
    return std::move(total).error();
  }
  // The clause first: it appends the page's parameters.
  const std::string sql = "SELECT code, name, parent, level FROM regions WHERE " + where +
                          " ORDER BY code" + page_clause(page, p);
  auto rows = conn.query(sql, p);
  if (!rows) {
    return std::move(rows).error();
  }
  Paged<domain::Region> out;
  out.total = total->front().int64(0);
  for (const auto& r : *rows) {
    out.items.push_back(region_from_row(r));
  }
  return out;
}

}  // namespace lw::storage
