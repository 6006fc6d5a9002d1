#pragma once
// Loading administrative divisions (issue 5 item 1): the shipped GB/T 2260 file at every start,
// and more files of the same format by `labwatch regions import FILE`. A file's rows are merged
// with the divisions already stored (a stored division is kept as it is, never renamed or
// removed), the whole is built as one tree (domain::RegionTree: every province present, no code
// twice) and the new divisions are inserted.
#include <cstdint>
#include <filesystem>

#include "core/result.hpp"
#include "storage/sql.hpp"

namespace lw::registry {

struct RegionImport {
  std::int64_t added = 0;    // divisions new to the table
  std::int64_t present = 0;  // rows of the file already stored
};

/// Imports the rows of `text`, in the caller's transaction. Errors name `file` and the line.
Result<RegionImport> import_regions(storage::Connection& conn, std::string_view text,
                                    std::string_view file);

/// The whole of a text file; storage_unavailable naming it when it cannot be read.
Result<std::string> read_text_file(const std::filesystem::path& path);

}  // namespace lw::registry
