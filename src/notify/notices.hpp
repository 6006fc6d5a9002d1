#pragma once
// Notices (issue 9, JJ-3.6; docs/reports.md "Notifications and webhooks"): what the platform
// tells an organisation or a supervision region at once — in the in-app notification centre
// and, where the recipient registered one, by a signed webhook retried with backoff.
//
// A use case enqueues a notice inside its own transaction, so the notice is durable exactly
// when the fact it tells is; the webhook worker (notify/webhooks.hpp) delivers it afterwards.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <boost/json/object.hpp>

#include "core/clock.hpp"
#include "core/result.hpp"
#include "storage/sql.hpp"

namespace lw::notify {

/// Who a notice is for: an organisation of the registry (the project's client, 建设单位) or a
/// region (its supervision station, 质量监督机构: regulators and station staff whose region
/// subtree holds it).
struct Recipient {
  enum class Kind { organisation, region };
  Kind kind = Kind::region;
  std::string id;  // organisations.id in decimal, or a GB/T 2260 region code
};

struct Notice {
  std::string kind;     // stable token: nonconforming, report_revoked (also ping, announcement)
  std::string subject;  // "<record type> <id>", e.g. "nonconforming 12"
  std::string title_zh;
  std::string title_en;
  boost::json::object body;  // the facts, also the webhook's "data"
  std::string lab_code;      // the lab the notice is about ("" when none)
  bool sandbox = false;      // a sandbox lab's notices reach no webhook
  std::vector<Recipient> recipients;
};

/// Records `notice` for each recipient and one pending delivery per active webhook endpoint of
/// each recipient, inside the caller's transaction on `conn`. The notice's id.
/// Sandbox notices (of a lab in sandbox mode) reach the inbox, never a webhook. invalid_argument
/// for a notice without kind or titles, or a recipient whose id is not an organisation id (a
/// positive decimal) or a GB/T 2260 code.
Result<std::int64_t> enqueue(storage::Connection& conn, const Notice& notice, Instant now);

/// The webhook test (POST /api/v1/webhooks/{id}/test): a "ping" notice with no recipient (so in
/// no inbox) and one pending delivery of it to endpoint `endpoint_id` only; the delivery's id.
Result<std::int64_t> enqueue_ping(storage::Connection& conn, std::int64_t endpoint_id,
                                  const std::string& requested_by, Instant now);

/// "organisation" or "region", as stored and as the API names them.
std::string_view recipient_kind_name(Recipient::Kind kind);

}  // namespace lw::notify
