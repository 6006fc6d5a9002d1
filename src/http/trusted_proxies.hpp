#pragma once
// The client's address behind reverse proxies (`--trusted-proxy`). Behind nginx every
// connection comes from the proxy; the proxy says whom it serves in X-Forwarded-For, appending
// the address it saw to what the request already carried. Only a proxy's word counts: from a
// peer that is not a trusted proxy the header is ignored, or any client could choose its
// address (and its rate-limit bucket, and what the audit trail records).
//
// From a trusted peer the header is read from the right: addresses of trusted proxies are
// skipped (a chain of them), the first other address is the client. Anything further left was
// written by that client and is never looked at. A value that is not an IP address where the
// walk needs one (a proxy that writes something else) leaves the peer as the client; so does a
// missing header. When every address is a trusted proxy, the leftmost is the client.
//
// Only X-Forwarded-For with bare addresses (what nginx's $proxy_add_x_forwarded_for writes):
// no ports, no RFC 7239 `Forwarded`.
#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"

namespace lw::http {

class TrustedProxies {
 public:
  /// Adds the proxies of `spec`: ADDR or ADDR/PREFIX, IPv4 or IPv6, several separated by
  /// commas (e.g. "127.0.0.1,10.0.0.0/8,fd00::/8"). Error invalid_argument naming the part
  /// that is neither; nothing of `spec` is added then.
  Status add(std::string_view spec);
  bool empty() const { return ranges_.empty(); }
  /// The ranges as ADDR/PREFIX, for the logs.
  std::vector<std::string> describe() const;

  /// True when `address` (an IP address as text) is a trusted proxy. An IPv4-mapped IPv6
  /// address (a dual-stack listener's view of an IPv4 peer) counts as its IPv4 address.
  bool trusts(std::string_view address) const;
  /// The client named by `forwarded_for` (X-Forwarded-For; several header lines joined by
  /// commas, in order) of a request whose TCP peer is a trusted proxy; nullopt when the header
  /// is empty or malformed where it is read.
  std::optional<std::string> forwarded_client(std::string_view forwarded_for) const;
  /// The client's address of a request from TCP peer `peer` carrying `forwarded_for`:
  /// forwarded_client() when `peer` is trusted and the header names a client, else `peer`.
  std::string client_address(std::string_view peer, std::string_view forwarded_for) const;

 private:
  struct Range {
    std::array<unsigned char, 16> bytes{};  // IPv4 as IPv4-mapped IPv6 (::ffff:a.b.c.d)
    unsigned prefix = 0;                    // leading bits of bytes that must match
  };
  static bool contains(const Range& range, const std::array<unsigned char, 16>& address);
  bool trusts_bytes(const std::array<unsigned char, 16>& address) const;

  std::vector<Range> ranges_;
};

}  // namespace lw::http
