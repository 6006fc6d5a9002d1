#pragma once
// Use cases of the notification centre and of webhook endpoints (issue 9, JJ-3.6;
// docs/reports.md "Notifications and webhooks").
//
// Inbox: regulators and station staff read the notices to regions in their subtree; a user whose
// account is linked to a registry person reads the notices to that person's organisation. Each
// user marks notices read for themself.
//
// Endpoints: regulators and station staff manage the endpoints of regions in their subtree and
// of organisations registered there; the system admin those of any organisation (permission
// manage_webhooks). The secret is generated here and answered once, at creation.
#include <cstdint>
#include <functional>
#include <string>

#include "core/clock.hpp"
#include "core/task.hpp"
#include "identity/identity.hpp"
#include "notify/store.hpp"
#include "service/auditor.hpp"
#include "storage/database.hpp"
#include "storage/writer.hpp"

namespace lw::notify {

/// The regions whose notices `p` reads: its region subtree for regulators and station staff,
/// none for anyone else.
domain::Scope inbox_regions(const identity::Principal& p);
/// The endpoints `p` manages (none without manage_webhooks).
WebhookScope webhook_scope(const identity::Principal& p);

struct NewEndpoint {
  std::string owner_kind;  // region, organisation
  std::string owner_id;    // a GB/T 2260 code, or an organisation id in decimal
  std::string url;
  std::string description;
};

struct CreatedEndpoint {
  Endpoint endpoint;
  std::string secret;  // 64 hex characters: in this answer and nowhere else
};

class Notifications {
 public:
  /// `wake` is called after a commit that enqueued a delivery (the worker's Webhooks::wake).
  Notifications(storage::Database& db, storage::Writer& writer, const Clock& clock,
                const service::Auditor& auditor, std::string data_key, std::function<void()> wake)
      : db_(db),
        writer_(writer),
        clock_(clock),
        auditor_(auditor),
        data_key_(std::move(data_key)),
        wake_(std::move(wake)) {}

  // The notification centre.
  Result<storage::Paged<StoredNotice>> inbox(const identity::Principal& by,
                                             const InboxFilter& filter, const storage::Page& page);
  Result<std::int64_t> unread(const identity::Principal& by);
  /// Marks a notice of the caller's inbox read (not_found for any other); the notice.
  Task<Result<StoredNotice>> mark_read(const identity::Principal& by, std::int64_t notice_id);
  /// Marks every notice of the caller's inbox read; how many were unread.
  Task<Result<std::int64_t>> mark_all_read(const identity::Principal& by);

  // Webhook endpoints.
  Result<storage::Paged<Endpoint>> endpoints(const identity::Principal& by,
                                             const EndpointFilter& filter,
                                             const storage::Page& page);
  Result<Endpoint> endpoint(const identity::Principal& by, std::int64_t id);
  /// Registers an endpoint with a new secret, audited (webhook.create). invalid_argument naming
  /// the field for a bad owner kind or URL; not_found for an owner outside the caller's scope.
  Task<Result<CreatedEndpoint>> create_endpoint(const identity::Principal& by, NewEndpoint e,
                                                const service::Caller& caller);
  /// Deactivates an endpoint (its pending deliveries fail), audited (webhook.deactivate); an
  /// inactive one is answered as it is.
  Task<Result<Endpoint>> deactivate_endpoint(const identity::Principal& by, std::int64_t id,
                                             const service::Caller& caller);
  /// Sends a "ping" notice to this endpoint only, audited (webhook.test); the new delivery.
  /// conflict when the endpoint is inactive.
  Task<Result<Delivery>> test_endpoint(const identity::Principal& by, std::int64_t id,
                                       const service::Caller& caller);
  /// The delivery log of an endpoint, with each delivery's attempts.
  Result<storage::Paged<Delivery>> deliveries(const identity::Principal& by,
                                              std::int64_t endpoint_id,
                                              const DeliveryFilter& filter,
                                              const storage::Page& page);

 private:
  Result<Reader> reader(storage::Connection& conn, const identity::Principal& by);
  /// The owner's region, when `by` may register an endpoint for it.
  Result<std::string> owner_region(storage::Connection& conn, const identity::Principal& by,
                                   const NewEndpoint& e);

  storage::Database& db_;
  storage::Writer& writer_;
  const Clock& clock_;
  const service::Auditor& auditor_;
  std::string data_key_;
  std::function<void()> wake_;
};

}  // namespace lw::notify
