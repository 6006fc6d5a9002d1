#include "registry/regions.hpp"

#include <fstream>
#include <set>
#include <sstream>

#include "domain/regions.hpp"
#include "storage/regions.hpp"

namespace lw::registry {
namespace {

Error in_file(Error e, std::string_view file) {
  e.note = std::string(file) + ": " + e.note;
  e.details["file"] = std::string(file);
  return e;
}

}  // namespace

Result<RegionImport> import_regions(storage::Connection& conn, std::string_view text,
                                    std::string_view file) {
  auto rows = domain::parse_region_rows(text);
  if (!rows) {
    return in_file(std::move(rows).error(), file);
  }
  auto stored = storage::all_region_rows(conn);
  if (!stored) {
    return std::move(stored).error();
  }
  std::set<std::string, std::less<>> known;
  for (const auto& r : *stored) {
    known.insert(r.code);
  }
  RegionImport out;
  std::vector<domain::RegionRow> merged = std::move(*stored);
  for (auto& r : *rows) {
    if (known.contains(r.code)) {
      ++out.present;
      continue;
    }
    known.insert(r.code);
    merged.push_back(std::move(r));
  }
  auto tree = domain::RegionTree::build(std::move(merged));
  if (!tree) {
    return in_file(std::move(tree).error(), file);
  }
  auto added = storage::insert_missing_regions(conn, *tree);
  if (!added) {
    return std::move(added).error();
  }
  out.added = *added;
  return out;
}

Result<std::string> read_text_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return Error(std::string(errc::storage_unavailable), "cannot read " + path.string(),
                 {{"file", path.string()}});
  }
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

}  // namespace lw::registry
