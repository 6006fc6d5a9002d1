#include "notify/store.hpp"

#include <map>

#include "core/random.hpp"
#include "storage/rows.hpp"
#include "storage/scope_sql.hpp"
#include "storage/specimens.hpp"

namespace lw::notify {
namespace {

using storage::param;
using storage::params;
using storage::Row;
using storage::Value;

constexpr std::string_view kNoticeColumns =
    "n.id, n.kind, n.subject, n.title_zh, n.title_en, n.body, n.lab_code, n.sandbox,"
    " n.created_at, rd.read_at";

StoredNotice notice_of(const Row& r) {
  StoredNotice n;
  n.id = r.int64(0);
  n.kind = r.text(1);
  n.subject = r.text(2);
  n.title_zh = r.text(3);
  n.title_en = r.text(4);
  n.body = r.text(5);
  n.lab_code = r.text(6);
  n.sandbox = r.int64(7) != 0;
  n.created_at = from_micros(r.int64(8));
  n.read_at = storage::instant_or_none(r, 9);
  return n;
}

// The notices of a reader's inbox joined with its reads: "notices n LEFT JOIN notice_reads rd
// WHERE <the notice has a recipient the reader stands for>". Appends its parameters.
std::string inbox_from_where(const Reader& reader, std::vector<Value>& p) {
  const std::string user = param(p, reader.user_id);
  std::string to_org = "1 = 0";
  if (reader.organisation_id) {
    to_org = "(r.recipient_kind = 'organisation' AND r.recipient_id = " +
             param(p, std::to_string(*reader.organisation_id)) + ")";
  }
  const std::string to_region = "(r.recipient_kind = 'region' AND " +
                                storage::region_condition(reader.regions, "r.recipient_id", p) +
                                ")";
  return "notices n LEFT JOIN notice_reads rd ON rd.notice_id = n.id AND rd.user_id = " + user +
         " WHERE EXISTS (SELECT 1 FROM notice_recipients r WHERE r.notice_id = n.id AND (" +
         to_region + " OR " + to_org + "))";
}

constexpr std::string_view kEndpointColumns =
    "e.id, e.owner_kind, e.owner_id, e.region_code, e.url, e.secret_sealed, e.active,"
    " e.description, e.created_by, e.created_at, e.deactivated_by, e.deactivated_at,"
    " (SELECT COUNT(*) FROM webhook_deliveries d WHERE d.endpoint_id = e.id"
    "   AND d.status = 'pending'),"
    " (SELECT COUNT(*) FROM webhook_deliveries d WHERE d.endpoint_id = e.id"
    "   AND d.status = 'delivered'),"
    " (SELECT COUNT(*) FROM webhook_deliveries d WHERE d.endpoint_id = e.id"
    "   AND d.status = 'failed')";

Endpoint endpoint_of(const Row& r) {
  Endpoint e;
  e.id = r.int64(0);
  e.owner_kind = r.text(1);
  e.owner_id = r.text(2);
  e.region_code = r.text(3);
  e.url = r.text(4);
  e.secret_sealed = r.bytes(5);
  e.active = r.int64(6) != 0;
  e.description = r.text(7);
  e.created_by = r.text(8);
  e.created_at = from_micros(r.int64(9));
  e.deactivated_by = r.text(10);
  e.deactivated_at = storage::instant_or_none(r, 11);
  e.pending = r.int64(12);
  e.delivered = r.int64(13);
  e.failed = r.int64(14);
  return e;
}

std::string endpoint_condition(const WebhookScope& scope, std::vector<Value>& p) {
  return "((e.owner_kind = 'region' AND " +
         storage::region_condition(scope.regions, "e.region_code", p) +
         ") OR (e.owner_kind = 'organisation' AND " +
         storage::region_condition(scope.organisations, "e.region_code", p) + "))";
}

constexpr std::string_view kDeliveryColumns =
    "d.id, d.delivery_key, d.endpoint_id, d.notice_id, n.kind, d.status, d.attempts,"
    " d.next_attempt_at, d.last_status_code, d.last_error, d.created_at, d.delivered_at";

Delivery delivery_of(const Row& r) {
  Delivery d;
  d.id = r.int64(0);
  d.delivery_key = r.text(1);
  d.endpoint_id = r.int64(2);
  d.notice_id = r.int64(3);
  d.event = r.text(4);
  d.status = r.text(5);
  d.attempts = r.int64(6);
  d.next_attempt_at = storage::instant_or_none(r, 7);
  d.last_status_code = storage::id_or_none(r, 8);
  d.last_error = r.text(9);
  d.created_at = from_micros(r.int64(10));
  d.delivered_at = storage::instant_or_none(r, 11);
  return d;
}

// Fills the attempts of `ds` in one query.
Status fill_logs(storage::Connection& conn, std::vector<Delivery>& ds) {
  if (ds.empty()) {
    return {};
  }
  std::vector<Value> p;
  std::string in;
  std::map<std::int64_t, Delivery*> by_id;
  for (auto& d : ds) {
    in += (in.empty() ? "" : ", ") + param(p, d.id);
    by_id[d.id] = &d;
  }
  auto rows = conn.query(
      "SELECT delivery_id, attempt, at, status_code, error, duration_ms FROM webhook_attempts"
      " WHERE delivery_id IN (" +
          in + ") ORDER BY delivery_id, attempt, id",
      p);
  if (!rows) {
    return std::move(rows).error();
  }
  for (const auto& r : *rows) {
    by_id[r.int64(0)]->log.push_back(
        {r.int64(1), from_micros(r.int64(2)), storage::id_or_none(r, 3), r.text(4), r.int64(5)});
  }
  return {};
}

}  // namespace

Result<std::int64_t> insert_notice(storage::Connection& conn, const StoredNotice& n) {
  auto rows = conn.query(
      "INSERT INTO notices (kind, subject, title_zh, title_en, body, lab_code, sandbox,"
      " created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
      params({n.kind, n.subject, n.title_zh, n.title_en, n.body, n.lab_code,
              std::int64_t{n.sandbox ? 1 : 0}, to_micros(n.created_at)}));
  if (!rows) {
    return std::move(rows).error();
  }
  return rows->front().int64(0);
}

Status insert_recipient(storage::Connection& conn, std::int64_t notice_id,
                        const std::string& recipient_kind, const std::string& recipient_id) {
  auto done = conn.exec(
      "INSERT INTO notice_recipients (notice_id, recipient_kind, recipient_id)"
      " VALUES ($1, $2, $3) ON CONFLICT (notice_id, recipient_kind, recipient_id) DO NOTHING",
      params({notice_id, recipient_kind, recipient_id}));
  if (!done) {
    return std::move(done).error();
  }
  return {};
}

Result<Reader> reader_of(storage::Connection& conn, std::int64_t user_id,
                         const domain::Scope& regions) {
  Reader reader{user_id, regions, std::nullopt};
  auto person = storage::person_of_account(conn, user_id);
  if (!person) {
    return std::move(person).error();
  }
  if (!*person) {
    return reader;
  }
  auto rows = conn.query("SELECT organisation_id FROM people WHERE id = $1", params({**person}));
  if (!rows) {
    return std::move(rows).error();
  }
  if (!rows->empty()) {
    reader.organisation_id = storage::id_or_none(rows->front(), 0);
  }
  return reader;
}

Result<storage::Paged<StoredNotice>> list_inbox(storage::Connection& conn, const Reader& reader,
                                                const InboxFilter& filter,
                                                const storage::Page& page) {
  std::vector<Value> p;
  std::string from_where = inbox_from_where(reader, p);
  if (filter.unread_only) {
    from_where += " AND rd.read_at IS NULL";
  }
  return storage::select_page<StoredNotice>(conn, from_where, std::string(kNoticeColumns),
                                            "n.id DESC", std::move(p), page, notice_of);
}

Result<std::int64_t> count_unread(storage::Connection& conn, const Reader& reader) {
  std::vector<Value> p;
  // Built before the call: the order in which a call's arguments are evaluated is unspecified.
  const std::string sql =
      "SELECT COUNT(*) FROM " + inbox_from_where(reader, p) + " AND rd.read_at IS NULL";
  auto rows = conn.query(sql, p);
  if (!rows) {
    return std::move(rows).error();
  }
  return rows->front().int64(0);
}

Result<std::optional<StoredNotice>> find_in_inbox(storage::Connection& conn, const Reader& reader,
                                                  std::int64_t notice_id) {
  std::vector<Value> p;
  std::string sql = "SELECT " + std::string(kNoticeColumns) + " FROM " +
                    inbox_from_where(reader, p) + " AND n.id = ";
  sql += param(p, notice_id);
  return storage::first_of(storage::select_all<StoredNotice>(conn, sql, p, notice_of));
}

Result<bool> mark_read(storage::Connection& conn, const Reader& reader, std::int64_t notice_id,
                       Instant at) {
  auto found = find_in_inbox(conn, reader, notice_id);
  if (!found) {
    return std::move(found).error();
  }
  if (!*found) {
    return false;
  }
  auto done = conn.exec(
      "INSERT INTO notice_reads (notice_id, user_id, read_at) VALUES ($1, $2, $3)"
      " ON CONFLICT (notice_id, user_id) DO NOTHING",
      params({notice_id, reader.user_id, to_micros(at)}));
  if (!done) {
    return std::move(done).error();
  }
  return true;
}

Result<std::int64_t> mark_all_read(storage::Connection& conn, const Reader& reader, Instant at) {
  std::vector<Value> p;
  const std::string from_where = inbox_from_where(reader, p);
  const std::string user = param(p, reader.user_id);
  const std::string when = param(p, to_micros(at));
  // Typed casts: PostgreSQL cannot tell a parameter's type from a select list.
  return conn.exec("INSERT INTO notice_reads (notice_id, user_id, read_at) SELECT n.id, CAST(" +
                       user + " AS BIGINT), CAST(" + when + " AS BIGINT) FROM " + from_where +
                       " AND rd.read_at IS NULL ON CONFLICT (notice_id, user_id) DO NOTHING",
                   p);
}

// Webhook endpoints.

Result<std::int64_t> insert_endpoint(storage::Connection& conn, const Endpoint& e) {
  auto rows = conn.query(
      "INSERT INTO webhook_endpoints (owner_kind, owner_id, region_code, url, secret_sealed,"
      " active, description, created_by, created_at) VALUES ($1, $2, $3, $4, $5, 1, $6, $7, $8)"
      " RETURNING id",
      params({e.owner_kind, e.owner_id, e.region_code, e.url, storage::Bytes{e.secret_sealed},
              e.description, e.created_by, to_micros(e.created_at)}));
  if (!rows) {
    return std::move(rows).error();
  }
  return rows->front().int64(0);
}

Status set_endpoint_secret(storage::Connection& conn, std::int64_t id, const std::string& sealed) {
  auto done = conn.exec("UPDATE webhook_endpoints SET secret_sealed = $1 WHERE id = $2",
                        params({storage::Bytes{sealed}, id}));
  if (!done) {
    return std::move(done).error();
  }
  return {};
}

Result<std::optional<Endpoint>> find_endpoint(storage::Connection& conn, const WebhookScope& scope,
                                              std::int64_t id) {
  std::vector<Value> p;
  std::string sql = "SELECT " + std::string(kEndpointColumns) + " FROM webhook_endpoints e WHERE " +
                    endpoint_condition(scope, p) + " AND e.id = ";
  sql += param(p, id);
  return storage::first_of(storage::select_all<Endpoint>(conn, sql, p, endpoint_of));
}

Result<storage::Paged<Endpoint>> list_endpoints(storage::Connection& conn,
                                                const WebhookScope& scope,
                                                const EndpointFilter& filter,
                                                const storage::Page& page) {
  std::vector<Value> p;
  std::string from_where = "webhook_endpoints e WHERE " + endpoint_condition(scope, p);
  if (filter.active) {
    from_where += " AND e.active = " + param(p, std::int64_t{*filter.active ? 1 : 0});
  }
  from_where += " AND " + storage::contains_condition(filter.q, {"e.url", "e.description"}, p);
  return storage::select_page<Endpoint>(conn, from_where, std::string(kEndpointColumns),
                                        "e.id DESC", std::move(p), page, endpoint_of);
}

Result<bool> deactivate_endpoint(storage::Connection& conn, std::int64_t id, const std::string& by,
                                 Instant at) {
  auto n = conn.exec(
      "UPDATE webhook_endpoints SET active = 0, deactivated_by = $2, deactivated_at = $3"
      " WHERE id = $1 AND active = 1",
      params({id, by, to_micros(at)}));
  if (!n) {
    return std::move(n).error();
  }
  if (*n == 0) {
    return false;
  }
  auto failed = conn.exec(
      "UPDATE webhook_deliveries SET status = 'failed', next_attempt_at = NULL,"
      " last_error = 'endpoint_deactivated' WHERE endpoint_id = $1 AND status = 'pending'",
      params({id}));
  if (!failed) {
    return std::move(failed).error();
  }
  return true;
}

Result<std::vector<std::int64_t>> active_endpoints_of(storage::Connection& conn,
                                                      const std::string& owner_kind,
                                                      const std::string& owner_id) {
  return storage::select_all<std::int64_t>(
      conn,
      "SELECT id FROM webhook_endpoints WHERE owner_kind = $1 AND owner_id = $2 AND active = 1"
      " ORDER BY id",
      params({owner_kind, owner_id}), [](const Row& r) { return r.int64(0); });
}

// Deliveries.

Result<std::optional<std::int64_t>> insert_delivery(storage::Connection& conn,
                                                    std::int64_t endpoint_id,
                                                    std::int64_t notice_id, Instant now) {
  auto rows = conn.query(
      "INSERT INTO webhook_deliveries (delivery_key, endpoint_id, notice_id, status, attempts,"
      " next_attempt_at, created_at) VALUES ($1, $2, $3, 'pending', 0, $4, $4)"
      " ON CONFLICT (endpoint_id, notice_id) DO NOTHING RETURNING id",
      params({random_hex(16), endpoint_id, notice_id, to_micros(now)}));
  if (!rows) {
    return std::move(rows).error();
  }
  if (rows->empty()) {
    return std::optional<std::int64_t>{};
  }
  return std::optional(rows->front().int64(0));
}

Result<storage::Paged<Delivery>> list_deliveries(storage::Connection& conn,
                                                 std::int64_t endpoint_id,
                                                 const DeliveryFilter& filter,
                                                 const storage::Page& page) {
  std::vector<Value> p;
  std::string from_where =
      "webhook_deliveries d JOIN notices n ON n.id = d.notice_id WHERE d.endpoint_id = " +
      param(p, endpoint_id);
  if (!filter.status.empty()) {
    from_where += " AND d.status = " + param(p, filter.status);
  }
  auto page_of = storage::select_page<Delivery>(conn, from_where, std::string(kDeliveryColumns),
                                                "d.id DESC", std::move(p), page, delivery_of);
  if (!page_of) {
    return std::move(page_of).error();
  }
  LW_TRY(fill_logs(conn, page_of->items));
  return page_of;
}

Result<std::optional<Delivery>> find_delivery(storage::Connection& conn, std::int64_t id) {
  auto found = storage::first_of(storage::select_all<Delivery>(
      conn,
      "SELECT " + std::string(kDeliveryColumns) +
          " FROM webhook_deliveries d JOIN notices n ON n.id = d.notice_id WHERE d.id = $1",
      params({id}), delivery_of));
  if (!found || !*found) {
    return found;
  }
  std::vector<Delivery> one{std::move(**found)};
  LW_TRY(fill_logs(conn, one));
  return std::optional(std::move(one.front()));
}

Result<std::vector<Due>> due_deliveries(storage::Connection& conn, Instant now,
                                        std::int64_t limit) {
  return storage::select_all<Due>(
      conn,
      "SELECT d.id, d.delivery_key, d.attempts, d.next_attempt_at, e.url, e.id, e.secret_sealed,"
      " n.id, n.kind, n.body, n.created_at FROM webhook_deliveries d"
      " JOIN webhook_endpoints e ON e.id = d.endpoint_id JOIN notices n ON n.id = d.notice_id"
      " WHERE d.status = 'pending' AND d.next_attempt_at <= $1 AND e.active = 1"
      " ORDER BY d.next_attempt_at, d.id LIMIT $2",
      params({to_micros(now), limit}), [](const Row& r) {
        Due d;
        d.delivery_id = r.int64(0);
        d.delivery_key = r.text(1);
        d.attempts = r.int64(2);
        d.next_attempt_at = r.int64(3);
        d.url = r.text(4);
        d.endpoint_id = r.int64(5);
        d.secret_sealed = r.bytes(6);
        d.notice_id = r.int64(7);
        d.kind = r.text(8);
        d.body = r.text(9);
        d.created_at = from_micros(r.int64(10));
        return d;
      });
}

Result<std::optional<Instant>> next_due(storage::Connection& conn) {
  auto rows = conn.query(
      "SELECT MIN(d.next_attempt_at) FROM webhook_deliveries d"
      " JOIN webhook_endpoints e ON e.id = d.endpoint_id"
      " WHERE d.status = 'pending' AND e.active = 1");
  if (!rows) {
    return std::move(rows).error();
  }
  return storage::instant_or_none(rows->front(), 0);
}

Result<bool> claim_delivery(storage::Connection& conn, std::int64_t id, std::int64_t seen,
                            Instant lease_until) {
  auto n = conn.exec(
      "UPDATE webhook_deliveries SET next_attempt_at = $3"
      " WHERE id = $1 AND next_attempt_at = $2 AND status = 'pending'",
      params({id, seen, to_micros(lease_until)}));
  if (!n) {
    return std::move(n).error();
  }
  return *n == 1;
}

Result<bool> record_attempt(storage::Connection& conn, const AttemptOutcome& o,
                            Instant lease_until) {
  auto logged = conn.exec(
      "INSERT INTO webhook_attempts (delivery_id, attempt, at, status_code, error, duration_ms)"
      " VALUES ($1, $2, $3, $4, $5, $6)",
      params({o.delivery_id, o.attempt, to_micros(o.at), storage::optional_id(o.status_code),
              o.error, o.duration_ms}));
  if (!logged) {
    return std::move(logged).error();
  }
  Value delivered_at = nullptr;
  if (o.status == "delivered") {
    delivered_at = to_micros(o.at);
  }
  auto n = conn.exec(
      "UPDATE webhook_deliveries SET attempts = $2, status = $3, next_attempt_at = $4,"
      " last_status_code = $5, last_error = $6, delivered_at = $7"
      " WHERE id = $1 AND status = 'pending' AND next_attempt_at = $8",
      params({o.delivery_id, o.attempt, o.status, storage::instant_or_null(o.next_attempt_at),
              storage::optional_id(o.status_code), o.error, delivered_at, to_micros(lease_until)}));
  if (!n) {
    return std::move(n).error();
  }
  return *n == 1;
}

}  // namespace lw::notify
