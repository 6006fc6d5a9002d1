#pragma once
// Every route of the platform, registered in one place so that the API manual can be checked
// against it.
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

#include "core/metrics.hpp"
#include "domain/policy.hpp"
#include "domain/scope.hpp"
#include "http/router.hpp"
#include "identity/access.hpp"
#include "identity/account_admin.hpp"
#include "identity/auth_service.hpp"
#include "identity/lab_connections.hpp"
#include "identity/registry_changes.hpp"
#include "registry/equipment_registry.hpp"
#include "registry/lab_registry.hpp"
#include "registry/organisations.hpp"
#include "registry/people.hpp"
#include "registry/projects.hpp"
#include "service/blob_intake.hpp"
#include "service/connectivity_service.hpp"
#include "service/ledger.hpp"
#include "service/rate_limiter.hpp"
#include "storage/violations.hpp"
#include "storage/writer.hpp"

namespace lw::specimens {
class Chain;
}  // namespace lw::specimens
namespace lw::labtests {
class LabTests;
}  // namespace lw::labtests
namespace lw::onsite {
class OnsiteTests;
}  // namespace lw::onsite
namespace lw::reports {
class Reports;
}  // namespace lw::reports
namespace lw::nonconforming {
class Entries;
}  // namespace lw::nonconforming
namespace lw::notify {
class Notifications;
}  // namespace lw::notify
namespace lw::supervision {
class Cases;
}  // namespace lw::supervision

namespace lw::api {

class LiveHub;

/// What the handlers need, owned by the application. Built with designated initializers, so
/// a member added in one place and not the other does not compile.
struct Services {
  storage::Database& db;
  Metrics& metrics;
  const Clock& clock;  // the server's: decides every time the API answers with
  service::ConnectivityService& connectivity;
  service::BlobIntake& blobs;
  identity::AuthService& auth;
  identity::AccountAdmin& accounts;
  identity::LabConnections& labs;
  identity::RegistryChanges& changes;
  storage::Writer& writer;
  service::Ledger& ledger;
  service::LedgerReader& ledger_reader;
  // The registry (issue 5).
  registry::LabRegistry& lab_registry;  // labs' certificates
  registry::EquipmentRegistry& equipment;
  registry::People& people;
  const domain::PolicyBook& policies;  // loaded at start from the policies directory
  registry::Organisations& organisations;
  registry::Projects& projects;           // issue 5 item 6
  specimens::Chain& specimens;            // issue 6: labels, samplings, receipts, trace
  labtests::LabTests& lab_tests;          // issue 7: contracts, plans, tests, reviews, versions
  LiveHub& live;                          // issue 7: the live feed of tests in progress
  onsite::OnsiteTests& onsite;            // issue 8: on-site tests, photos, locks, force majeure
  reports::Reports& reports;              // issue 9: report numbers, seals, verification
  nonconforming::Entries& nonconforming;  // issue 9: the non-conforming ledger
  supervision::Cases& cases;              // issue 10: violation cases
  std::string public_url;                 // base of label URLs; empty: the request's Host
  std::filesystem::path web_root;         // built web pages; may be absent
  // Issue 9: the notification centre and webhook endpoints.
  notify::Notifications& notifications;
};

void register_routes(http::Router& router, Services& services);

/// The address QR codes point at: the configured public address, else the address the caller
/// reached the server by; no trailing slash.
std::string public_base(const http::Request& req, const std::string& public_url);

/// Who is calling, for the audit trail: the lab key (actor = key id, role lab_system) of a
/// request lab_signature verified, else the signed-in user (actor = login, role) when
/// session_middleware found a live session, else anonymous.
service::Caller caller_of(const http::Request& req);

/// A lab system whose request carried a valid LW-HMAC-SM3 signature.
struct LabClient {
  std::string key_id;
  std::string lab_code;
  std::string canonical_request;  // as the server computed it
};
/// The lab system of the request, as lab_signature verified it.
std::optional<LabClient> lab_client(const http::Request& req);
/// The lab of a request signed with a lab key, or unauthenticated.
Result<std::string> signed_lab(const http::Request& req);
/// Verifies requests carrying `Authorization: LW-HMAC-SM3 KeyId=…, Signature=…` (unknown or
/// revoked key, X-Timestamp off by more than 300 s, wrong signature, reused X-Nonce: 401 with
/// its own code) and attaches the lab client; requests without that scheme pass untouched.
/// `data_key` opens the stored secrets (identity/lab_keys.hpp).
http::Middleware lab_signature(storage::Database& db, storage::Writer& writer, const Clock& clock,
                               std::string data_key);

/// The signed-in user of the request, as session_middleware resolved it.
std::optional<identity::Principal> signed_in(const http::Request& req);
/// The signed-in user, or the error to answer (unauthenticated).
Result<identity::Principal> require_user(const http::Request& req);
/// The caller's scope over lab-owned rows (identity/access.hpp): a signed lab system its own
/// lab, a signed-in user by role; unauthenticated when the caller is anonymous.
Result<domain::Scope> data_scope_of(const http::Request& req);
/// The lab a caller sends data for: a signed lab system's, else the signed-in user's (empty
/// when the user belongs to no lab) if its role has `permission`; unauthenticated for the
/// public, forbidden for a role without the permission.
Result<std::string> sending_lab(const http::Request& req, identity::Permission permission);
/// The value of the request's session cookie (lw_session), or empty.
std::string session_token(const http::Request& req);
/// Resolves the session cookie of each /api/ request in one indexed query (refreshing the
/// session's last_seen at most once a minute) and refuses a state-changing call of a live
/// session without its X-CSRF-Token (403 csrf_mismatch). Handlers then read signed_in().
http::Middleware session_middleware(identity::AuthService& auth);

/// Rate limits (issue 3 item 7): POST /api/v1/auth/login counts against the sign-in limits per
/// account and per client address before the handler runs; any other /api/ request that is
/// neither signed in nor lab-signed counts against the public limit per address. Over a limit:
/// 429 rate_limited with Retry-After. Put it after session_middleware and lab_signature.
http::Middleware rate_limit(service::RateLimiter& limiter);

/// The receipt of a record just appended to the ledger, before a checkpoint covers it
/// (ledger/receipt.hpp; the complete one comes from GET /api/v1/ledger/receipts/{index}).
boost::json::object pending_receipt(const service::LeafRef& leaf);
/// 201 with `body`, its pending receipt under "receipt", and Location.
http::Response created(boost::json::object body, const service::LeafRef& leaf,
                       const std::string& location);

/// A violation the platform detected, as every list shows it.
boost::json::object violation_json(const storage::Violation& v);
/// A kind of the violation catalogue as GET /api/v1/violation-kinds lists it.
boost::json::object violation_kind_json(const domain::ViolationKind& k);
/// A lab as the API shows it.
boost::json::object lab_json(const domain::Lab& lab);
/// A lab with its connection facts (API keys in force, last sent, status at `now`).
boost::json::object lab_listing_json(const storage::LabListing& listing, Instant now);

/// The API manual (docs/api/openapi.yaml), embedded at build time.
std::string_view openapi_spec();

// Each file's share of the routes.
void register_ops_routes(http::Router& router, Services& services);
void register_connectivity_routes(http::Router& router, Services& services);
void register_blob_routes(http::Router& router, Services& services);
void register_auth_routes(http::Router& router, Services& services);
void register_audit_routes(http::Router& router, Services& services);
void register_lab_api_routes(http::Router& router, Services& services);
void register_user_routes(http::Router& router, Services& services);
void register_lab_routes(http::Router& router, Services& services);
void register_ledger_routes(http::Router& router, Services& services);
void register_change_routes(http::Router& router, Services& services);
void register_lab_registry_routes(http::Router& router, Services& services);
void register_people_routes(http::Router& router, Services& services);
void register_region_routes(http::Router& router, Services& services);
void register_policy_routes(http::Router& router, Services& services);
void register_organisation_routes(http::Router& router, Services& services);
void register_project_routes(http::Router& router, Services& services);
void register_specimen_routes(http::Router& router, Services& services);
void register_lab_test_routes(http::Router& router, Services& services);
void register_onsite_routes(http::Router& router, Services& services);
void register_report_routes(http::Router& router, Services& services);
void register_nonconforming_routes(http::Router& router, Services& services);
void register_case_routes(http::Router& router, Services& services);          // issue 10
void register_notification_routes(http::Router& router, Services& services);  // issue 9
http::Handler web_static(std::filesystem::path web_root);

}  // namespace lw::api
