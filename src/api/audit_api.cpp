// The audit trail for the audit administrator (审计管理员) — the only role that may read or
// export it (三权分立): the rows in order, and a CSV export Excel opens as it is.
#include <boost/json.hpp>

#include <algorithm>

#include "api/json_io.hpp"
#include "api/routes.hpp"
#include "audit/audit_log.hpp"
#include "core/text.hpp"
#include "identity/access.hpp"

namespace lw::api {
namespace {

constexpr std::int64_t kMaxPage = 1000;
constexpr std::int64_t kMaxExport = 100'000;

// 401 without a session, 403 for every role without read_audit (the audit administrator's).
Status may_read_audit(const http::Request& req) {
  auto p = require_user(req);
  if (!p) {
    return std::move(p).error();
  }
  return identity::require(*p, identity::Permission::read_audit);
}

boost::json::object to_json(const audit::AuditEntry& e) {
  return {{"seq", e.seq},
          {"at", format_utc(e.at)},
          {"at_local", format_shanghai(e.at)},
          {"actor", e.actor},
          {"role", e.role},
          {"source_ip", e.source_ip},
          {"request_id", e.request_id},
          {"action", e.action},
          {"target", e.target},
          {"outcome", e.outcome},
          {"details", e.details}};
}

// RFC 4180 field: quoted when it holds a quote, comma or line break; a leading =+-@ is
// prefixed with ' so a spreadsheet does not run it as a formula.
std::string csv_field(std::string_view v) {
  std::string s(v);
  if (!s.empty() && std::string_view("=+-@").find(s.front()) != std::string_view::npos) {
    s.insert(s.begin(), '\'');
  }
  if (s.find_first_of("\",\r\n") == std::string::npos) {
    return s;
  }
  std::string out = "\"";
  for (char c : s) {
    out += c == '"' ? std::string("\"\"") : std::string(1, c);
  }
  return out + "\"";
}

constexpr std::size_t kMaxFilterBytes = 200;

// A text filter: absent or empty does not filter; at most 200 bytes of valid UTF-8 without
// control characters (no NUL reaches the database).
Result<std::string> text_filter(const http::Request& req, std::string_view name) {
  const auto raw = req.query_param(name);
  if (!raw) {
    return std::string();
  }
  if (raw->size() > kMaxFilterBytes) {
    return field_error(name, "at most 200 bytes");
  }
  if (!valid_utf8(*raw) || std::any_of(raw->begin(), raw->end(), [](char c) {
        return static_cast<unsigned char>(c) < 0x20 || c == 0x7f;
      })) {
    return field_error(name, "must be UTF-8 text without control characters");
  }
  return std::string(*raw);
}

Result<std::optional<Instant>> time_filter(const http::Request& req, std::string_view name) {
  const auto raw = req.query_param(name);
  if (!raw || raw->empty()) {
    return std::optional<Instant>{};
  }
  auto t = parse_rfc3339(*raw);
  if (!t) {
    return field_error(name, "must be an RFC 3339 time, e.g. 2026-11-21T13:10:03+08:00");
  }
  return std::optional<Instant>(*t);
}

// actor, action, outcome (or not_ok), target (substring), from and to (RFC 3339, inclusive).
Result<audit::Filter> filter_of(const http::Request& req) {
  audit::Filter f;
  for (auto [name, member] :
       {std::pair{"actor", &audit::Filter::actor}, std::pair{"action", &audit::Filter::action},
        std::pair{"outcome", &audit::Filter::outcome},
        std::pair{"target", &audit::Filter::target}}) {
    auto v = text_filter(req, name);
    if (!v) {
      return std::move(v).error();
    }
    f.*member = std::move(*v);
  }
  auto from = time_filter(req, "from");
  if (!from) {
    return std::move(from).error();
  }
  auto to = time_filter(req, "to");
  if (!to) {
    return std::move(to).error();
  }
  if (*from && *to && **to < **from) {
    return field_error("to", "must not be before from");
  }
  f.from = *from;
  f.to = *to;
  return f;
}

Result<std::vector<audit::AuditEntry>> page_of(Services& services, const http::Request& req,
                                               std::int64_t max, std::int64_t fallback) {
  auto after = int_query(req, "after_seq", 0, INT64_MAX, 0);
  if (!after) {
    return std::move(after).error();
  }
  auto limit = int_query(req, "limit", 1, max, fallback);
  if (!limit) {
    return std::move(limit).error();
  }
  auto filter = filter_of(req);
  if (!filter) {
    return std::move(filter).error();
  }
  auto conn = services.db.acquire();
  if (!conn) {
    return std::move(conn).error();
  }
  return audit::read(**conn, *after, static_cast<int>(*limit), *filter);
}

}  // namespace

void register_audit_routes(http::Router& router, Services& services) {
  router.add("GET", "/api/v1/audit-log", [&services](http::Request& req) -> Task<http::Response> {
    if (auto st = may_read_audit(req); !st) {
      co_return http::Response::error(req, st.error());
    }
    auto rows = page_of(services, req, kMaxPage, 100);
    co_return respond(req, std::move(rows), [](const std::vector<audit::AuditEntry>& items) {
      boost::json::array arr;
      for (const auto& e : items) {
        arr.push_back(to_json(e));
      }
      boost::json::object body{{"items", std::move(arr)}};
      body["next_after_seq"] = items.empty() ? nullptr : boost::json::value(items.back().seq);
      return http::Response::json(200, body);
    });
  });

  router.add(
      "GET", "/api/v1/audit-log/export.csv",
      [&services](http::Request& req) -> Task<http::Response> {
        if (auto st = may_read_audit(req); !st) {
          co_return http::Response::error(req, st.error());
        }
        auto rows = page_of(services, req, kMaxExport, kMaxExport);
        co_return respond(req, std::move(rows), [](const std::vector<audit::AuditEntry>& items) {
          std::string csv = "\xEF\xBB\xBF";  // BOM: Excel then reads UTF-8 Chinese correctly
          csv +=
              "序号 seq,时间 time (UTC+8),操作人 actor,角色 role,来源 IP,请求号 request id,"
              "操作 action,对象 target,结果 outcome,详情 details\r\n";
          for (const auto& e : items) {
            for (const std::string& f :
                 {std::to_string(e.seq), format_shanghai(e.at), e.actor, e.role, e.source_ip,
                  e.request_id, e.action, e.target, e.outcome}) {
              csv += csv_field(f) + ",";
            }
            csv += csv_field(e.details) + "\r\n";
          }
          auto res = http::Response::text(200, std::move(csv), "text/csv; charset=utf-8");
          res.set_header("Content-Disposition", "attachment; filename=\"labwatch-audit-log.csv\"");
          return res;
        });
      });
}

}  // namespace lw::api
