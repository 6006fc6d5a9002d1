#include "notify/notifications.hpp"

#include <algorithm>

#include <boost/json.hpp>

#include "core/random.hpp"
#include "crypto/sm4.hpp"
#include "identity/access.hpp"
#include "notify/http_post.hpp"
#include "notify/notices.hpp"
#include "notify/webhooks.hpp"
#include "service/commit.hpp"
#include "storage/organisations.hpp"
#include "storage/regions.hpp"

namespace lw::notify {
namespace {

constexpr std::size_t kSecretBytes = 32;

Error no_endpoint(std::int64_t id) {
  return Error(std::string(errc::not_found),
               "no webhook endpoint " + std::to_string(id) + " in scope");
}

Error no_notice(std::int64_t id) {
  return Error(std::string(errc::not_found), "no notice " + std::to_string(id) + " in inbox");
}

std::optional<std::int64_t> positive_decimal(const std::string& text) {
  if (text.empty() || text.size() > 18 || text.front() == '0' ||
      !std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; })) {
    return std::nullopt;
  }
  return std::stoll(text);
}

}  // namespace

domain::Scope inbox_regions(const identity::Principal& p) {
  if ((p.role == identity::Role::regulator || p.role == identity::Role::station_staff) &&
      p.region_code) {
    return domain::Scope::of_region(*p.region_code);
  }
  return domain::Scope::none();
}

WebhookScope webhook_scope(const identity::Principal& p) {
  if (!identity::has_permission(p.role, identity::Permission::manage_webhooks)) {
    return {};
  }
  if (p.role == identity::Role::system_admin) {
    return {domain::Scope::none(), domain::Scope::all()};
  }
  const auto region = identity::data_scope(p);
  return {region, region};
}

Result<Reader> Notifications::reader(storage::Connection& conn, const identity::Principal& by) {
  return reader_of(conn, by.user_id, inbox_regions(by));
}

Result<storage::Paged<StoredNotice>> Notifications::inbox(const identity::Principal& by,
                                                          const InboxFilter& filter,
                                                          const storage::Page& page) {
  auto conn = db_.acquire();
  if (!conn) {
    return std::move(conn).error();
  }
  auto r = reader(**conn, by);
  if (!r) {
    return std::move(r).error();
  }
  return list_inbox(**conn, *r, filter, page);
}

Result<std::int64_t> Notifications::unread(const identity::Principal& by) {
  auto conn = db_.acquire();
  if (!conn) {
    return std::move(conn).error();
  }
  auto r = reader(**conn, by);
  if (!r) {
    return std::move(r).error();
  }
  return count_unread(**conn, *r);
}

Task<Result<StoredNotice>> Notifications::mark_read(const identity::Principal& by,
                                                    std::int64_t notice_id) {
  const Instant now = clock_.now();
  std::optional<StoredNotice> notice;
  storage::Writer::Job job = [&](storage::Connection& conn) -> Status {
    auto r = reader(conn, by);
    if (!r) {
      return std::move(r).error();
    }
    auto marked = notify::mark_read(conn, *r, notice_id, now);
    if (!marked) {
      return std::move(marked).error();
    }
    if (!*marked) {
      return no_notice(notice_id);
    }
    auto found = find_in_inbox(conn, *r, notice_id);
    if (!found) {
      return std::move(found).error();
    }
    notice = std::move(*found);
    return {};
  };
  auto st = co_await service::commit(writer_, std::move(job));
  if (!st) {
    co_return std::move(st).error();
  }
  if (!notice) {
    co_return no_notice(notice_id);
  }
  co_return std::move(*notice);
}

Task<Result<std::int64_t>> Notifications::mark_all_read(const identity::Principal& by) {
  const Instant now = clock_.now();
  std::int64_t marked = 0;
  storage::Writer::Job job = [&](storage::Connection& conn) -> Status {
    auto r = reader(conn, by);
    if (!r) {
      return std::move(r).error();
    }
    auto n = notify::mark_all_read(conn, *r, now);
    if (!n) {
      return std::move(n).error();
    }
    marked = *n;
    return {};
  };
  auto st = co_await service::commit(writer_, std::move(job));
  if (!st) {
    co_return std::move(st).error();
  }
  co_return marked;
}

Result<storage::Paged<Endpoint>> Notifications::endpoints(const identity::Principal& by,
                                                          const EndpointFilter& filter,
                                                          const storage::Page& page) {
  LW_TRY(identity::require(by, identity::Permission::manage_webhooks));
  auto conn = db_.acquire();
  if (!conn) {
    return std::move(conn).error();
  }
  return list_endpoints(**conn, webhook_scope(by), filter, page);
}

Result<Endpoint> Notifications::endpoint(const identity::Principal& by, std::int64_t id) {
  LW_TRY(identity::require(by, identity::Permission::manage_webhooks));
  auto conn = db_.acquire();
  if (!conn) {
    return std::move(conn).error();
  }
  auto found = find_endpoint(**conn, webhook_scope(by), id);
  if (!found) {
    return std::move(found).error();
  }
  if (!*found) {
    return no_endpoint(id);
  }
  return std::move(**found);
}

Result<std::string> Notifications::owner_region(storage::Connection& conn,
                                                const identity::Principal& by,
                                                const NewEndpoint& e) {
  const WebhookScope scope = webhook_scope(by);
  if (e.owner_kind == "region") {
    if (!domain::valid_region_code(e.owner_id)) {
      return field_error("owner_id", "a six-digit GB/T 2260 code");
    }
    auto region = storage::find_region(conn, e.owner_id);
    if (!region) {
      return std::move(region).error();
    }
    if (!*region || !domain::covers_region(scope.regions, e.owner_id)) {
      return Error(std::string(errc::not_found), "no region " + e.owner_id + " in scope");
    }
    return e.owner_id;
  }
  if (e.owner_kind == "organisation") {
    const auto id = positive_decimal(e.owner_id);
    if (!id) {
      return field_error("owner_id", "an organisation id");
    }
    auto org = storage::find_organisation(conn, scope.organisations, *id);
    if (!org) {
      return std::move(org).error();
    }
    if (!*org) {
      return Error(std::string(errc::not_found), "no organisation " + e.owner_id + " in scope");
    }
    return (*org)->region_code;
  }
  return field_error("owner_kind", "region or organisation");
}

Task<Result<CreatedEndpoint>> Notifications::create_endpoint(const identity::Principal& by,
                                                             NewEndpoint e,
                                                             const service::Caller& caller) {
  if (auto st = identity::require(by, identity::Permission::manage_webhooks); !st) {
    co_return std::move(st).error();
  }
  if (auto url = parse_webhook_url(e.url); !url) {
    co_return std::move(url).error();
  }
  Endpoint row;
  row.owner_kind = e.owner_kind;
  row.owner_id = e.owner_id;
  row.url = e.url;
  row.description = e.description;
  row.created_by = caller.actor;
  row.created_at = clock_.now();
  {
    auto conn = db_.acquire();
    if (!conn) {
      co_return std::move(conn).error();
    }
    auto region = owner_region(**conn, by, e);
    if (!region) {
      co_return std::move(region).error();
    }
    row.region_code = std::move(*region);
  }
  const std::string secret = random_hex(kSecretBytes);
  storage::Writer::Job job = [&](storage::Connection& conn) -> Status {
    auto id = insert_endpoint(conn, row);
    if (!id) {
      return std::move(id).error();
    }
    row.id = *id;
    LW_TRY(set_endpoint_secret(
        conn, row.id, crypto::sm4_gcm_seal(data_key_, secret, endpoint_secret_aad(row.id))));
    return auditor_.record(
        conn, caller, row.created_at, "webhook.create",
        "webhook_endpoint/" + std::to_string(row.id),
        boost::json::serialize(boost::json::object{
            {"owner_kind", row.owner_kind}, {"owner_id", row.owner_id}, {"url", row.url}}));
  };
  auto st = co_await service::commit(writer_, std::move(job));
  if (!st) {
    co_return std::move(st).error();
  }
  auto made = endpoint(by, row.id);
  if (!made) {
    co_return std::move(made).error();
  }
  co_return CreatedEndpoint{std::move(*made), secret};
}

Task<Result<Endpoint>> Notifications::deactivate_endpoint(const identity::Principal& by,
                                                          std::int64_t id,
                                                          const service::Caller& caller) {
  auto found = endpoint(by, id);
  if (!found) {
    co_return std::move(found).error();
  }
  if (!found->active) {
    co_return std::move(*found);
  }
  const Instant now = clock_.now();
  storage::Writer::Job job = [&](storage::Connection& conn) -> Status {
    auto done = notify::deactivate_endpoint(conn, id, caller.actor, now);
    if (!done) {
      return std::move(done).error();
    }
    if (!*done) {
      return {};  // deactivated meanwhile by someone else, who was audited
    }
    return auditor_.record(conn, caller, now, "webhook.deactivate",
                           "webhook_endpoint/" + std::to_string(id));
  };
  auto st = co_await service::commit(writer_, std::move(job));
  if (!st) {
    co_return std::move(st).error();
  }
  co_return endpoint(by, id);
}

Task<Result<Delivery>> Notifications::test_endpoint(const identity::Principal& by, std::int64_t id,
                                                    const service::Caller& caller) {
  auto found = endpoint(by, id);
  if (!found) {
    co_return std::move(found).error();
  }
  if (!found->active) {
    co_return Error(std::string(errc::conflict),
                    "webhook endpoint " + std::to_string(id) + " is deactivated");
  }
  const Instant now = clock_.now();
  std::int64_t delivery_id = 0;
  storage::Writer::Job job = [&](storage::Connection& conn) -> Status {
    auto made = enqueue_ping(conn, id, caller.actor, now);
    if (!made) {
      return std::move(made).error();
    }
    delivery_id = *made;
    return auditor_.record(conn, caller, now, "webhook.test",
                           "webhook_endpoint/" + std::to_string(id),
                           boost::json::serialize(boost::json::object{{"delivery", delivery_id}}));
  };
  auto st = co_await service::commit(writer_, std::move(job));
  if (!st) {
    co_return std::move(st).error();
  }
  if (wake_) {
    wake_();
  }
  auto conn = db_.acquire();
  if (!conn) {
    co_return std::move(conn).error();
  }
  auto delivery = find_delivery(**conn, delivery_id);
  if (!delivery) {
    co_return std::move(delivery).error();
  }
  if (!*delivery) {
    co_return Error(std::string(errc::internal), "the ping's delivery is gone");
  }
  co_return std::move(**delivery);
}

Result<storage::Paged<Delivery>> Notifications::deliveries(const identity::Principal& by,
                                                           std::int64_t endpoint_id,
                                                           const DeliveryFilter& filter,
                                                           const storage::Page& page) {
  auto found = endpoint(by, endpoint_id);
  if (!found) {
    return std::move(found).error();
  }
  auto conn = db_.acquire();
  if (!conn) {
    return std::move(conn).error();
  }
  return list_deliveries(**conn, endpoint_id, filter, page);
}

}  // namespace lw::notify
