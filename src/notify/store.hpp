#pragma once
// Repository of notices, their readers, webhook endpoints and deliveries (migration 0022;
// docs/reports.md "Notifications and webhooks"). Who sees what is decided here, in SQL:
// an inbox by its Reader, endpoints by a WebhookScope.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "domain/scope.hpp"
#include "storage/paging.hpp"
#include "storage/sql.hpp"

namespace lw::notify {

/// A notice as stored.
struct StoredNotice {
  std::int64_t id = 0;
  std::string kind;
  std::string subject;
  std::string title_zh;
  std::string title_en;
  std::string body;  // JSON object
  std::string lab_code;
  bool sandbox = false;
  Instant created_at{};
  std::optional<Instant> read_at;  // by the reader who listed it
};

/// Inserts `n` (id and read_at ignored); the new id.
Result<std::int64_t> insert_notice(storage::Connection& conn, const StoredNotice& n);
/// Adds a recipient to notice `notice_id` (kept once when named twice).
Status insert_recipient(storage::Connection& conn, std::int64_t notice_id,
                        const std::string& recipient_kind, const std::string& recipient_id);

/// Whose inbox: the notices to regions `regions` covers (regulators and station staff: their
/// subtree; Scope::none() for others) and to `organisation_id` (the organisation of the
/// registry person the account is linked to, when any).
struct Reader {
  std::int64_t user_id = 0;
  domain::Scope regions;
  std::optional<std::int64_t> organisation_id;
};

/// The reader of `user_id` given its region scope: looks up the account's registry person and
/// that person's organisation (storage::person_of_account).
Result<Reader> reader_of(storage::Connection& conn, std::int64_t user_id,
                         const domain::Scope& regions);

struct InboxFilter {
  bool unread_only = false;
};
/// The reader's notices, newest first.
Result<storage::Paged<StoredNotice>> list_inbox(storage::Connection& conn, const Reader& reader,
                                                const InboxFilter& filter,
                                                const storage::Page& page);
/// How many of the reader's notices it has not read.
Result<std::int64_t> count_unread(storage::Connection& conn, const Reader& reader);
/// The notice when it is in the reader's inbox.
Result<std::optional<StoredNotice>> find_in_inbox(storage::Connection& conn, const Reader& reader,
                                                  std::int64_t notice_id);
/// Marks the notice read by the reader at `at` (kept when already read); false when it is not
/// in the reader's inbox.
Result<bool> mark_read(storage::Connection& conn, const Reader& reader, std::int64_t notice_id,
                       Instant at);
/// Marks every notice of the reader's inbox read; how many were unread.
Result<std::int64_t> mark_all_read(storage::Connection& conn, const Reader& reader, Instant at);

// Webhook endpoints.

/// Which endpoints a caller manages: those of regions `regions` covers and those of
/// organisations registered in regions `organisations` covers (by the endpoint's region_code).
struct WebhookScope {
  domain::Scope regions;
  domain::Scope organisations;
};

struct Endpoint {
  std::int64_t id = 0;
  std::string owner_kind;  // organisation, region
  std::string owner_id;
  std::string region_code;
  std::string url;
  std::string secret_sealed;
  bool active = true;
  std::string description;
  std::string created_by;
  Instant created_at{};
  std::string deactivated_by;
  std::optional<Instant> deactivated_at;
  // Counts of its deliveries (lists and look-ups fill them).
  std::int64_t pending = 0;
  std::int64_t delivered = 0;
  std::int64_t failed = 0;
};

/// Inserts `e` (id, active, deactivation and counts ignored); the new id.
Result<std::int64_t> insert_endpoint(storage::Connection& conn, const Endpoint& e);
/// Stores the sealed secret of endpoint `id`.
Status set_endpoint_secret(storage::Connection& conn, std::int64_t id, const std::string& sealed);
/// The endpoint when `scope` covers it.
Result<std::optional<Endpoint>> find_endpoint(storage::Connection& conn, const WebhookScope& scope,
                                              std::int64_t id);
struct EndpointFilter {
  std::optional<bool> active;
  std::string q;  // in the url and the description
};
/// The endpoints `scope` covers, newest first.
Result<storage::Paged<Endpoint>> list_endpoints(storage::Connection& conn,
                                                const WebhookScope& scope,
                                                const EndpointFilter& filter,
                                                const storage::Page& page);
/// Deactivates endpoint `id` and fails its pending deliveries ("endpoint_deactivated"); false
/// when it was not active.
Result<bool> deactivate_endpoint(storage::Connection& conn, std::int64_t id, const std::string& by,
                                 Instant at);
/// The active endpoints of one owner.
Result<std::vector<std::int64_t>> active_endpoints_of(storage::Connection& conn,
                                                      const std::string& owner_kind,
                                                      const std::string& owner_id);

// Deliveries.

struct Attempt {
  std::int64_t attempt = 0;
  Instant at{};
  std::optional<std::int64_t> status_code;
  std::string error;
  std::int64_t duration_ms = 0;
};

struct Delivery {
  std::int64_t id = 0;
  std::string delivery_key;
  std::int64_t endpoint_id = 0;
  std::int64_t notice_id = 0;
  std::string event;   // the notice's kind
  std::string status;  // pending, delivered, failed
  std::int64_t attempts = 0;
  std::optional<Instant> next_attempt_at;
  std::optional<std::int64_t> last_status_code;
  std::string last_error;
  Instant created_at{};
  std::optional<Instant> delivered_at;
  std::vector<Attempt> log;  // list_deliveries fills it
};

/// A new pending delivery of `notice_id` to `endpoint_id`, due at `now`; none when that
/// endpoint already has this notice.
Result<std::optional<std::int64_t>> insert_delivery(storage::Connection& conn,
                                                    std::int64_t endpoint_id,
                                                    std::int64_t notice_id, Instant now);
struct DeliveryFilter {
  std::string status;  // "" for any
};
/// The deliveries of one endpoint (the caller checked its scope), newest first, each with its
/// attempts.
Result<storage::Paged<Delivery>> list_deliveries(storage::Connection& conn,
                                                 std::int64_t endpoint_id,
                                                 const DeliveryFilter& filter,
                                                 const storage::Page& page);
Result<std::optional<Delivery>> find_delivery(storage::Connection& conn, std::int64_t id);

/// What the worker needs to send one delivery.
struct Due {
  std::int64_t delivery_id = 0;
  std::string delivery_key;
  std::int64_t attempts = 0;         // made so far
  std::int64_t next_attempt_at = 0;  // as read: the claim compares it (µs)
  std::string url;
  std::int64_t endpoint_id = 0;
  std::string secret_sealed;
  std::int64_t notice_id = 0;
  std::string kind;
  std::string body;      // JSON object
  Instant created_at{};  // the notice's
};
/// Pending deliveries due at `now` to active endpoints, oldest due first, at most `limit`.
Result<std::vector<Due>> due_deliveries(storage::Connection& conn, Instant now, std::int64_t limit);
/// When the next pending delivery to an active endpoint is due (a claim's end included); none
/// when nothing is pending.
Result<std::optional<Instant>> next_due(storage::Connection& conn);
/// Claims delivery `id` for one attempt: moves its next_attempt_at from `seen` (µs, as read) to
/// `lease_until`. False when another instance claimed it first or it is no longer pending: the
/// compare-and-set makes one instance the only sender of an attempt, on both engines.
Result<bool> claim_delivery(storage::Connection& conn, std::int64_t id, std::int64_t seen,
                            Instant lease_until);

/// The outcome of one attempt, recorded with record_attempt.
struct AttemptOutcome {
  std::int64_t delivery_id = 0;
  std::int64_t attempt = 0;  // its number, 1-based
  Instant at{};
  std::optional<std::int64_t> status_code;
  std::string error;  // '' when delivered
  std::int64_t duration_ms = 0;
  std::string status;                      // the delivery's new status
  std::optional<Instant> next_attempt_at;  // when pending again
};
/// Logs the attempt and moves the delivery on, as long as the claim `lease_until` is still
/// this instance's (false otherwise; the attempt is logged either way).
Result<bool> record_attempt(storage::Connection& conn, const AttemptOutcome& outcome,
                            Instant lease_until);

}  // namespace lw::notify
