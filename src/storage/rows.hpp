#pragma once
// Small helpers the repositories share to build statements and read rows.
#include <optional>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "storage/paging.hpp"
#include "storage/sql.hpp"

namespace lw::storage {

/// Every row of `sql`, each turned into a T by `of(row)`.
template <class T, class F>
Result<std::vector<T>> select_all(Connection& conn, const std::string& sql,
                                  const std::vector<Value>& p, F of) {
  auto rows = conn.query(sql, p);
  if (!rows) {
    return std::move(rows).error();
  }
  std::vector<T> out;
  out.reserve(rows->size());
  for (const auto& r : *rows) {
    out.push_back(of(r));
  }
  return out;
}

/// The first of `rows`, or nothing.
template <class T>
Result<std::optional<T>> first_of(Result<std::vector<T>> rows) {
  if (!rows) {
    return std::move(rows).error();
  }
  if (rows->empty()) {
    return std::optional<T>{};
  }
  return std::optional<T>(std::move(rows->front()));
}

/// One page of `SELECT columns FROM from_where ORDER BY order` and the count of all its rows.
template <class T, class F>
Result<Paged<T>> select_page(Connection& conn, const std::string& from_where,
                             const std::string& columns, const std::string& order,
                             std::vector<Value> p, const Page& page, F of) {
  auto count = conn.query("SELECT COUNT(*) FROM " + from_where, p);
  if (!count) {
    return std::move(count).error();
  }
  Paged<T> out;
  out.total = count->front().int64(0);
  auto items = select_all<T>(
      conn,
      "SELECT " + columns + " FROM " + from_where + " ORDER BY " + order + page_clause(page, p), p,
      of);
  if (!items) {
    return std::move(items).error();
  }
  out.items = std::move(*items);
  return out;
}

/// Appends `v` to `p` and returns its placeholder ("$n").
std::string param(std::vector<Value>& p, Value v);
Value optional_id(const std::optional<std::int64_t>& id);
std::optional<std::int64_t> id_or_none(const Row& r, std::size_t i);
/// An optional instant as its column value (microseconds, or NULL), and back.
Value instant_or_null(const std::optional<Instant>& t);
std::optional<Instant> instant_or_none(const Row& r, std::size_t i);
/// Tokens as one comma-separated column, and back.
std::string joined(const std::vector<std::string>& tokens);
std::vector<std::string> split(const std::string& text);

}  // namespace lw::storage
