#include "api/json_io.hpp"

#include <boost/json/parse.hpp>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <limits>

#include "core/text.hpp"

namespace lw::api {
namespace {

std::optional<std::int64_t> parse_int(std::string_view s) {
  std::int64_t v = 0;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || p != s.data() + s.size()) {
    return std::nullopt;
  }
  return v;
}

}  // namespace

Result<boost::json::object> json_body(const http::Request& req) {
  const std::string_view ct = req.header("content-type");
  if (!ct.starts_with("application/json")) {
    return Error(std::string(errc::unsupported_media_type), "Content-Type must be application/json",
                 {{"expected", "application/json"}});
  }
  boost::system::error_code ec;
  boost::json::value v = boost::json::parse(req.body, ec);
  if (ec) {
    return Error(std::string(errc::invalid_json), ec.message(), {{"reason", ec.message()}});
  }
  if (!v.is_object()) {
    return Error(std::string(errc::invalid_json), "top level must be an object",
                 {{"reason", "top level must be an object"}});
  }
  return std::move(v.as_object());
}

Result<std::string> string_field(const boost::json::object& obj, std::string_view name,
                                 bool required) {
  const auto* v = obj.if_contains(name);
  if (v == nullptr || v->is_null()) {
    if (required) {
      return field_error(name, "required");
    }
    return std::string();
  }
  if (!v->is_string()) {
    return field_error(name, "must be a string");
  }
  return std::string(v->as_string());
}

Result<std::int64_t> positive_id(const boost::json::object& obj, std::string_view name,
                                 bool required) {
  auto v = int_field(obj, name);
  if (!v) {
    return std::move(v).error();
  }
  if (!*v) {
    if (required) {
      return field_error(name, "required");
    }
    return std::int64_t{0};
  }
  if (**v <= 0) {
    return field_error(name, "a positive id");
  }
  return **v;
}

Result<domain::Date> date_field(const boost::json::object& obj, std::string_view name) {
  auto s = string_field(obj, name, true);
  if (!s) {
    return std::move(s).error();
  }
  auto d = domain::parse_date(*s);
  if (!d) {
    return field_error(name, "a date YYYY-MM-DD");
  }
  return *d;
}

Result<std::optional<double>> measure(const boost::json::object& obj, std::string_view name,
                                      const std::string& at) {
  const auto* v = obj.if_contains(name);
  if (v == nullptr || v->is_null()) {
    return std::optional<double>{};
  }
  if (!v->is_number()) {
    return field_error(at + std::string(name), "a number");
  }
  const double d = v->to_number<double>();
  if (!std::isfinite(d) || d < 0 || d > 1e7) {
    return field_error(at + std::string(name), "range");
  }
  return std::optional(d);
}

Result<std::vector<std::int64_t>> ids_field(const boost::json::object& obj, std::string_view name,
                                            std::size_t max_items) {
  const auto* v = obj.if_contains(name);
  std::vector<std::int64_t> out;
  if (v == nullptr || v->is_null()) {
    return out;
  }
  if (!v->is_array()) {
    return field_error(name, "an array of ids");
  }
  const auto& a = v->as_array();
  if (a.size() > max_items) {
    return field_error(name, "too many");
  }
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (!a[i].is_int64() || a[i].as_int64() <= 0) {
      return field_error(std::string(name) + "[" + std::to_string(i) + "]", "a positive id");
    }
    if (std::find(out.begin(), out.end(), a[i].as_int64()) != out.end()) {
      return field_error(std::string(name) + "[" + std::to_string(i) + "]", "repeated");
    }
    out.push_back(a[i].as_int64());
  }
  return out;
}

Result<std::optional<Instant>> time_field(const boost::json::object& obj, std::string_view name) {
  auto s = string_field(obj, name, false);
  if (!s) {
    return std::move(s).error();
  }
  if (s->empty()) {
    return std::optional<Instant>{};
  }
  auto t = parse_rfc3339(*s);
  if (!t) {
    return field_error(name, "must be an RFC 3339 time, e.g. 2026-11-21T13:10:03+08:00");
  }
  return std::optional<Instant>(*t);
}

Result<std::int64_t> int_query(const http::Request& req, std::string_view name, std::int64_t min,
                               std::int64_t max, std::int64_t fallback) {
  auto raw = req.query_param(name);
  if (!raw) {
    return fallback;
  }
  auto v = parse_int(*raw);
  if (!v || *v < min || *v > max) {
    return field_error(
        name, "must be an integer from " + std::to_string(min) + " to " + std::to_string(max));
  }
  return *v;
}

Result<std::optional<std::int64_t>> id_query(const http::Request& req, std::string_view name) {
  auto v = int_query(req, name, 0, std::numeric_limits<std::int64_t>::max(), 0);
  if (!v) {
    return std::move(v).error();
  }
  return *v ? std::optional(*v) : std::nullopt;
}

Result<std::optional<domain::Date>> date_query(const http::Request& req, std::string_view name,
                                               bool required) {
  const auto text = req.query_param(name).value_or("");
  if (text.empty() && !required) {
    return std::optional<domain::Date>{};
  }
  const auto d = domain::parse_date(text);
  if (!d) {
    return field_error(name, "a date YYYY-MM-DD");
  }
  return std::optional(*d);
}

Result<std::string> token_query(const http::Request& req, std::string_view name,
                                std::initializer_list<std::string_view> allowed) {
  const auto v = req.query_param(name).value_or("");
  if (v.empty()) {
    return std::string();
  }
  for (auto a : allowed) {
    if (v == a) {
      return std::string(a);
    }
  }
  return field_error(name, "unknown value");
}

Result<std::optional<bool>> flag_query(const http::Request& req, std::string_view name) {
  auto v = req.query_param(name);
  if (!v || v->empty()) {
    return std::optional<bool>{};
  }
  if (*v != "true" && *v != "false") {
    return field_error(name, "true or false");
  }
  return std::optional(*v == "true");
}

Result<ListQuery> list_query(const http::Request& req) {
  ListQuery out;
  const auto q = req.query_param("q");
  out.q = std::string(trim_blanks(q ? *q : std::string_view()));
  if (!valid_utf8(out.q) || utf8_length(out.q) > 100) {
    return field_error("q", "at most 100 characters");
  }
  auto offset = int_query(req, "offset", 0, 1'000'000'000, 0);
  if (!offset) {
    return std::move(offset).error();
  }
  auto limit = int_query(req, "limit", 1, 500, 50);
  if (!limit) {
    return std::move(limit).error();
  }
  out.page = {.offset = *offset, .limit = *limit};
  return out;
}

boost::json::object page_json(boost::json::array items, std::int64_t total,
                              const storage::Page& page) {
  return {{"items", std::move(items)},
          {"total", total},
          {"offset", page.offset},
          {"limit", page.limit}};
}

Result<std::int64_t> id_param(const http::Request& req, std::string_view name) {
  auto it = req.params.find(name);
  auto v = it == req.params.end() ? std::nullopt : parse_int(it->second);
  if (!v || *v <= 0) {
    return field_error(name, "must be a positive integer");
  }
  return *v;
}

Result<std::string> text_field(const boost::json::object& body, std::string_view name,
                               std::size_t max_bytes, bool required) {
  auto v = string_field(body, name, required);
  if (v && v->size() > max_bytes) {
    return field_error(name, "too long");
  }
  return v;
}

Result<std::optional<std::string>> optional_string_field(const boost::json::object& obj,
                                                         std::string_view name) {
  const auto* v = obj.if_contains(name);
  if (v == nullptr || v->is_null()) {
    return std::optional<std::string>{};
  }
  auto s = string_field(obj, name, true);
  if (!s) {
    return std::move(s).error();
  }
  return std::optional(std::move(*s));
}

Result<std::optional<bool>> bool_field(const boost::json::object& obj, std::string_view name) {
  const auto* v = obj.if_contains(name);
  if (v == nullptr || v->is_null()) {
    return std::optional<bool>{};
  }
  if (!v->is_bool()) {
    return field_error(name, "true or false");
  }
  return std::optional(v->as_bool());
}

boost::json::value optional_json(const std::optional<std::string>& s) {
  return s ? boost::json::value(*s) : boost::json::value(nullptr);
}

boost::json::value date_or_null(const std::optional<domain::Date>& d) {
  return d ? boost::json::value(domain::format_date(*d)) : boost::json::value(nullptr);
}

http::Response no_content() {
  http::Response res;
  res.status = 204;
  return res;
}

Result<std::optional<std::int64_t>> int_field(const boost::json::object& obj,
                                              std::string_view name) {
  const auto* v = obj.if_contains(name);
  if (v == nullptr || v->is_null()) {
    return std::optional<std::int64_t>{};
  }
  if (!v->is_int64() && !v->is_uint64()) {
    return field_error(name, "must be an integer");
  }
  return std::optional(v->to_number<std::int64_t>());
}

Result<std::optional<double>> number_field(const boost::json::object& obj, std::string_view name) {
  const auto* v = obj.if_contains(name);
  if (v == nullptr || v->is_null()) {
    return std::optional<double>{};
  }
  if (!v->is_number()) {
    return field_error(name, "must be a number");
  }
  return std::optional(v->to_number<double>());
}

}  // namespace lw::api
