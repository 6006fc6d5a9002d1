#include "http/trusted_proxies.hpp"

#include <boost/asio/ip/address.hpp>
#include <boost/asio/ip/network_v4.hpp>
#include <boost/asio/ip/network_v6.hpp>

#include "core/text.hpp"

namespace lw::http {
namespace ip = boost::asio::ip;
namespace {

using Bytes = std::array<unsigned char, 16>;

// IPv6 bytes of `address`; an IPv4 address as IPv4-mapped IPv6.
Bytes bytes_of(const ip::address& address) {
  if (address.is_v4()) {
    return ip::make_address_v6(ip::v4_mapped, address.to_v4()).to_bytes();
  }
  return address.to_v6().to_bytes();
}

std::optional<ip::address> parse_address(std::string_view text) {
  boost::system::error_code ec;
  auto address = ip::make_address(std::string(text), ec);
  if (ec) {
    return std::nullopt;
  }
  return address;
}

Error bad_proxy(std::string_view part, std::string_view why) {
  return Error(std::string(errc::invalid_argument),
               "'" + std::string(part) + "' " + std::string(why) +
                   " (expected ADDR or ADDR/PREFIX, IPv4 or IPv6, e.g. 10.0.0.0/8)");
}

}  // namespace

Status TrustedProxies::add(std::string_view spec) {
  std::vector<Range> added;
  for (;;) {
    const auto comma = spec.find(',');
    const std::string_view part = trim_blanks(spec.substr(0, comma));
    if (part.empty()) {
      return bad_proxy(part, "is empty");
    }
    Range r;
    if (part.find('/') == std::string_view::npos) {
      auto address = parse_address(part);
      if (!address) {
        return bad_proxy(part, "is not an IP address");
      }
      r.bytes = bytes_of(*address);
      r.prefix = 128;
    } else {
      boost::system::error_code ec;
      auto v4 = ip::make_network_v4(std::string(part), ec);
      if (!ec) {
        r.bytes = bytes_of(v4.network());
        r.prefix = 96 + v4.prefix_length();
      } else {
        auto v6 = ip::make_network_v6(std::string(part), ec);
        if (ec) {
          return bad_proxy(part, "is not an address range");
        }
        r.bytes = v6.network().to_bytes();
        r.prefix = v6.prefix_length();
      }
    }
    added.push_back(r);
    if (comma == std::string_view::npos) {
      break;
    }
    spec.remove_prefix(comma + 1);
  }
  ranges_.insert(ranges_.end(), added.begin(), added.end());
  return {};
}

std::vector<std::string> TrustedProxies::describe() const {
  std::vector<std::string> out;
  for (const Range& r : ranges_) {
    const auto v6 = ip::make_address_v6(r.bytes);
    if (v6.is_v4_mapped() && r.prefix >= 96) {
      out.push_back(ip::make_address_v4(ip::v4_mapped, v6).to_string() + "/" +
                    std::to_string(r.prefix - 96));
    } else {
      out.push_back(v6.to_string() + "/" + std::to_string(r.prefix));
    }
  }
  return out;
}

bool TrustedProxies::contains(const Range& range, const Bytes& address) {
  const unsigned whole = range.prefix / 8;
  for (unsigned i = 0; i < whole; ++i) {
    if (range.bytes[i] != address[i]) {
      return false;
    }
  }
  const unsigned rest = range.prefix % 8;
  if (rest == 0) {
    return true;
  }
  const auto mask = static_cast<unsigned char>(0xff << (8 - rest));
  return (range.bytes[whole] & mask) == (address[whole] & mask);
}

bool TrustedProxies::trusts_bytes(const Bytes& address) const {
  for (const Range& r : ranges_) {
    if (contains(r, address)) {
      return true;
    }
  }
  return false;
}

bool TrustedProxies::trusts(std::string_view address) const {
  if (ranges_.empty()) {
    return false;
  }
  auto parsed = parse_address(address);
  return parsed && trusts_bytes(bytes_of(*parsed));
}

std::optional<std::string> TrustedProxies::forwarded_client(std::string_view forwarded_for) const {
  if (trim_blanks(forwarded_for).empty()) {
    return std::nullopt;
  }
  std::optional<std::string> leftmost;
  for (;;) {
    const auto comma = forwarded_for.rfind(',');
    const std::string_view part = trim_blanks(
        comma == std::string_view::npos ? forwarded_for : forwarded_for.substr(comma + 1));
    auto address = parse_address(part);
    if (!address) {
      return std::nullopt;  // not what a proxy writes: trust none of it
    }
    if (!trusts_bytes(bytes_of(*address))) {
      return address->to_string();
    }
    leftmost = address->to_string();
    if (comma == std::string_view::npos) {
      return leftmost;  // a chain of trusted proxies only
    }
    forwarded_for = forwarded_for.substr(0, comma);
  }
}

std::string TrustedProxies::client_address(std::string_view peer,
                                           std::string_view forwarded_for) const {
  if (!trusts(peer)) {
    return std::string(peer);
  }
  auto client = forwarded_client(forwarded_for);
  return client ? std::move(*client) : std::string(peer);
}

}  // namespace lw::http
