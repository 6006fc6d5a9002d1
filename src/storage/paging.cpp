#include "storage/paging.hpp"

namespace lw::storage {

std::string page_clause(const Page& page, std::vector<Value>& params) {
  params.emplace_back(page.limit);
  std::string out = " LIMIT $" + std::to_string(params.size());
  params.emplace_back(page.offset);
  return out + " OFFSET $" + std::to_string(params.size());
}

std::string contains_condition(std::string_view text, std::vector<std::string_view> columns,
                               std::vector<Value>& params) {
  if (text.empty() || columns.empty()) {
    return "1 = 1";
  }
  std::string pattern = "%";
  for (char c : text) {
    if (c == '%' || c == '_' || c == '\\') {
      pattern.push_back('\\');
    }
    pattern.push_back(c);
  }
  pattern.push_back('%');
  params.emplace_back(std::move(pattern));
  const std::string p = "$" + std::to_string(params.size());
  std::string out = "(";
  for (std::size_t i = 0; i < columns.size(); ++i) {
    out += (i ? " OR " : "") + std::string(columns[i]) + " LIKE " + p + " ESCAPE '\\'";
  }
  return out + ")";
}

}  // namespace lw::storage
