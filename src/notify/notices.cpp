#include "notify/notices.hpp"

#include <algorithm>

#include <boost/json/serialize.hpp>

#include "domain/scope.hpp"
#include "notify/store.hpp"

namespace lw::notify {
namespace {

bool organisation_id(const std::string& id) {
  return !id.empty() && id.size() <= 18 && id.front() != '0' &&
         std::all_of(id.begin(), id.end(), [](char c) { return c >= '0' && c <= '9'; });
}

Status check(const Notice& n) {
  if (n.kind.empty() || n.kind.size() > 40) {
    return Error(std::string(errc::invalid_argument), "a notice needs a kind (1-40 bytes)");
  }
  if (n.title_zh.empty() || n.title_en.empty()) {
    return Error(std::string(errc::invalid_argument), "a notice needs both titles");
  }
  for (const auto& r : n.recipients) {
    const bool ok = r.kind == Recipient::Kind::organisation ? organisation_id(r.id)
                                                            : domain::valid_region_code(r.id);
    if (!ok) {
      return Error(std::string(errc::invalid_argument),
                   "notice recipient " + std::string(recipient_kind_name(r.kind)) + " '" + r.id +
                       "' is not an organisation id or a region code");
    }
  }
  return {};
}

}  // namespace

std::string_view recipient_kind_name(Recipient::Kind kind) {
  return kind == Recipient::Kind::organisation ? "organisation" : "region";
}

Result<std::int64_t> enqueue(storage::Connection& conn, const Notice& notice, Instant now) {
  LW_TRY(check(notice));
  auto id = insert_notice(conn, {0, notice.kind, notice.subject, notice.title_zh, notice.title_en,
                                 boost::json::serialize(notice.body), notice.lab_code,
                                 notice.sandbox, now, std::nullopt});
  if (!id) {
    return std::move(id).error();
  }
  for (const auto& r : notice.recipients) {
    const std::string kind(recipient_kind_name(r.kind));
    LW_TRY(insert_recipient(conn, *id, kind, r.id));
    if (notice.sandbox) {
      continue;  // a sandbox lab's notices are for trying the inbox, never for a receiver
    }
    auto endpoints = active_endpoints_of(conn, kind, r.id);
    if (!endpoints) {
      return std::move(endpoints).error();
    }
    for (auto endpoint : *endpoints) {
      auto added = insert_delivery(conn, endpoint, *id, now);
      if (!added) {
        return std::move(added).error();
      }
    }
  }
  return *id;
}

Result<std::int64_t> enqueue_ping(storage::Connection& conn, std::int64_t endpoint_id,
                                  const std::string& requested_by, Instant now) {
  boost::json::object body{{"endpoint_id", endpoint_id}, {"requested_by", requested_by}};
  auto id = insert_notice(
      conn, {0, "ping", "webhook_endpoint " + std::to_string(endpoint_id), "Webhook 测试",
             "Webhook test", boost::json::serialize(body), "", false, now, std::nullopt});
  if (!id) {
    return std::move(id).error();
  }
  auto delivery = insert_delivery(conn, endpoint_id, *id, now);
  if (!delivery) {
    return std::move(delivery).error();
  }
  if (!*delivery) {
    return Error(std::string(errc::internal), "a new ping notice already had a delivery");
  }
  return **delivery;
}

}  // namespace lw::notify
