#pragma once
// Registry lists (issue 5) share one shape: an optional search text, a page by offset and
// limit, and the total the filter matches, so that every list page can search, page and export
// the same way. Repositories build their SQL with these helpers.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "storage/sql.hpp"

namespace lw::storage {

/// One page of a list.
struct Page {
  std::int64_t offset = 0;
  std::int64_t limit = 50;
};

/// A page of rows and how many rows the filter matches in all.
template <class T>
struct Paged {
  std::vector<T> items;
  std::int64_t total = 0;
};

/// " LIMIT $n OFFSET $m" with its two parameters appended to `params`.
std::string page_clause(const Page& page, std::vector<Value>& params);

/// A condition that `text` occurs in any of `columns` (case as stored; LIKE's % and _ in the
/// text match themselves). Appends one parameter. Empty text: "1 = 1", no parameter.
std::string contains_condition(std::string_view text, std::vector<std::string_view> columns,
                               std::vector<Value>& params);

}  // namespace lw::storage
