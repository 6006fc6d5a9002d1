#pragma once
// Decoding request bodies and query strings into checked values: every failure is an Error
// naming the field, never an exception through the server loop.
#include <initializer_list>
#include <optional>
#include <string>
#include <vector>

#include <boost/json/object.hpp>

#include "domain/calendar.hpp"
#include "http/message.hpp"
#include "storage/paging.hpp"

namespace lw::api {

/// The body as a JSON object; requires Content-Type application/json.
Result<boost::json::object> json_body(const http::Request& req);

/// A string member; absent is an error when `required`, else "".
Result<std::string> string_field(const boost::json::object& obj, std::string_view name,
                                 bool required);
/// A string member of at most `max_bytes` ("too long" otherwise).
Result<std::string> text_field(const boost::json::object& obj, std::string_view name,
                               std::size_t max_bytes, bool required);
/// A string member that may be absent or null (both nullopt).
Result<std::optional<std::string>> optional_string_field(const boost::json::object& obj,
                                                         std::string_view name);
/// A boolean member that may be absent.
Result<std::optional<bool>> bool_field(const boost::json::object& obj, std::string_view name);
/// An integer member that may be absent or null (both nullopt).
Result<std::optional<std::int64_t>> int_field(const boost::json::object& obj,
                                              std::string_view name);
/// A number member that may be absent or null (both nullopt).
Result<std::optional<double>> number_field(const boost::json::object& obj, std::string_view name);
/// null for an absent value.
boost::json::value optional_json(const std::optional<std::string>& s);
/// The date as YYYY-MM-DD, or null.
boost::json::value date_or_null(const std::optional<domain::Date>& d);
/// 204 without a body.
http::Response no_content();
/// A positive integer id member; absent or null is 0 unless `required` ("required").
Result<std::int64_t> positive_id(const boost::json::object& obj, std::string_view name,
                                 bool required);
/// A required date member, YYYY-MM-DD ("a date YYYY-MM-DD" otherwise).
Result<domain::Date> date_field(const boost::json::object& obj, std::string_view name);
/// A measurement: a finite number from 0 to 1e7, or absent or null (nullopt). Errors name
/// `at` + `name` (e.g. "results.specimens[2]." + "strength_mpa").
Result<std::optional<double>> measure(const boost::json::object& obj, std::string_view name,
                                      const std::string& at = "");
/// An array of positive integer ids, absent meaning empty; at most `max_items`, no repeats.
Result<std::vector<std::int64_t>> ids_field(const boost::json::object& obj, std::string_view name,
                                            std::size_t max_items);
/// An optional RFC 3339 time member.
Result<std::optional<Instant>> time_field(const boost::json::object& obj, std::string_view name);
/// An integer query parameter within [min, max], or `fallback` when absent.
Result<std::int64_t> int_query(const http::Request& req, std::string_view name, std::int64_t min,
                               std::int64_t max, std::int64_t fallback);
/// A positive id query parameter; none when absent or 0.
Result<std::optional<std::int64_t>> id_query(const http::Request& req, std::string_view name);
/// A YYYY-MM-DD query parameter; none when absent or empty, unless `required`.
Result<std::optional<domain::Date>> date_query(const http::Request& req, std::string_view name,
                                               bool required = false);
/// A query parameter that must be one of `allowed`; empty when absent or empty.
Result<std::string> token_query(const http::Request& req, std::string_view name,
                                std::initializer_list<std::string_view> allowed);
/// A query parameter "true" or "false"; none when absent or empty.
Result<std::optional<bool>> flag_query(const http::Request& req, std::string_view name);
/// A registry list's query: `q` (search text, at most 100 characters), `offset` (from 0) and
/// `limit` (1-500, default 50).
struct ListQuery {
  std::string q;
  storage::Page page;
};
Result<ListQuery> list_query(const http::Request& req);
/// A list page as every registry list answers it: {"items", "total", "offset", "limit"}.
boost::json::object page_json(boost::json::array items, std::int64_t total,
                              const storage::Page& page);
/// A positive integer path parameter (ids).
Result<std::int64_t> id_param(const http::Request& req, std::string_view name);

/// In a handler coroutine whose request is named `req`: declares `auto var = (expr);` and
/// answers its error in the envelope when it failed. Then use `*var`:
///   LW_API_TRY(body, json_body(req));
#define LW_API_TRY(var, expr) \
  auto var = (expr);          \
  if (!var)                   \
  co_return ::lw::http::Response::error(req, var.error())

/// Answers `err` in the envelope, or `ok` built from the value.
template <class T, class F>
http::Response respond(const http::Request& req, Result<T> r, F ok) {
  if (!r) {
    return http::Response::error(req, r.error());
  }
  return ok(*r);
}

}  // namespace lw::api
