#include "http/message.hpp"

#include <boost/json.hpp>

#include "core/text.hpp"

namespace lw::http {
std::string_view Request::header(std::string_view name) const {
  for (const auto& [k, v] : headers) {
    if (k == name) {
      return v;
    }
  }
  return {};
}

std::optional<std::string_view> Request::query_param(std::string_view name) const {
  for (const auto& [k, v] : query) {
    if (k == name) {
      return std::string_view(v);
    }
  }
  return std::nullopt;
}

bool Request::prefers_english() const {
  // The first language listed wins; Chinese is the default for anything else.
  const std::string_view al = trim_blanks(header("accept-language"));
  return al.size() >= 2 && iequals_ascii(al.substr(0, 2), "en");
}

void Response::set_header(std::string name, std::string value) {
  for (auto& [k, v] : headers) {
    if (iequals_ascii(k, name)) {
      v = std::move(value);
      return;
    }
  }
  headers.emplace_back(std::move(name), std::move(value));
}

std::string_view Response::header(std::string_view name) const {
  for (const auto& [k, v] : headers) {
    if (iequals_ascii(k, name)) {
      return v;
    }
  }
  return {};
}

Response Response::json(int status, const boost::json::value& body) {
  return text(status, boost::json::serialize(body), "application/json; charset=utf-8");
}

Response Response::text(int status, std::string body, std::string content_type) {
  Response r;
  r.status = status;
  r.body = std::move(body);
  r.set_header("Content-Type", std::move(content_type));
  return r;
}

Response Response::error(const Request& req, const Error& err) {
  const ErrorKind& kind = error_kind(err.code);
  boost::json::object env;
  env["code"] = kind.code;
  env["message"] = req.prefers_english() ? kind.message_en : kind.message_zh;
  env["details"] = err.details;
  env["request_id"] = req.request_id;
  Response r = json(kind.http_status, env);
  r.set_header("Content-Language", req.prefers_english() ? "en" : "zh-CN");
  return r;
}

}  // namespace lw::http
