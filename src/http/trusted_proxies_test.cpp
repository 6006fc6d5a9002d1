// The client's address behind reverse proxies: X-Forwarded-For counts only from a trusted
// peer, is read from the right past trusted proxies, and a malformed or missing header leaves
// the peer.
#include "http/trusted_proxies.hpp"

#include <gtest/gtest.h>

namespace lw::http {
namespace {

TrustedProxies proxies(std::string_view spec) {
  TrustedProxies p;
  auto st = p.add(spec);
  EXPECT_TRUE(st) << st.error().note;
  return p;
}

TEST(TrustedProxies, NoneByDefault) {
  const TrustedProxies none;
  EXPECT_TRUE(none.empty());
  EXPECT_FALSE(none.trusts("127.0.0.1"));
  EXPECT_EQ(none.client_address("127.0.0.1", "203.0.113.7"), "127.0.0.1");
}

TEST(TrustedProxies, AddressesAndRangesOfBothFamilies) {
  const TrustedProxies p = proxies("127.0.0.1, 10.0.0.0/8,192.168.7.0/24 ,::1,fd00::/8");
  EXPECT_EQ(p.describe(), (std::vector<std::string>{"127.0.0.1/32", "10.0.0.0/8", "192.168.7.0/24",
                                                    "::1/128", "fd00::/8"}));
  EXPECT_TRUE(p.trusts("127.0.0.1"));
  EXPECT_FALSE(p.trusts("127.0.0.2"));
  EXPECT_TRUE(p.trusts("10.0.0.1"));
  EXPECT_TRUE(p.trusts("10.255.255.255"));
  EXPECT_FALSE(p.trusts("11.0.0.1"));
  EXPECT_TRUE(p.trusts("192.168.7.200"));
  EXPECT_FALSE(p.trusts("192.168.8.1"));
  EXPECT_TRUE(p.trusts("::1"));
  EXPECT_TRUE(p.trusts("fd12:3456::1"));
  EXPECT_FALSE(p.trusts("fe80::1"));
  EXPECT_FALSE(p.trusts("2001:db8::1"));
  EXPECT_FALSE(p.trusts("not-an-address"));
  EXPECT_FALSE(p.trusts(""));
  // A dual-stack listener sees an IPv4 peer as IPv4-mapped IPv6.
  EXPECT_TRUE(p.trusts("::ffff:127.0.0.1"));
  EXPECT_TRUE(p.trusts("::ffff:10.1.2.3"));
  EXPECT_FALSE(p.trusts("::ffff:11.1.2.3"));
}

TEST(TrustedProxies, PrefixesThatAreNotWholeBytes) {
  const TrustedProxies p = proxies("172.16.0.0/12,2001:db8:80::/41");
  EXPECT_TRUE(p.trusts("172.16.0.1"));
  EXPECT_TRUE(p.trusts("172.31.255.254"));
  EXPECT_FALSE(p.trusts("172.32.0.1"));
  EXPECT_FALSE(p.trusts("172.15.255.255"));
  EXPECT_TRUE(p.trusts("2001:db8:80::1"));
  EXPECT_TRUE(p.trusts("2001:db8:ff:ffff::1"));
  EXPECT_FALSE(p.trusts("2001:db8:7f::1"));
  // Host bits set in a range mean the network around them, as nginx reads them.
  EXPECT_EQ(proxies("10.1.2.3/8").describe(), std::vector<std::string>{"10.0.0.0/8"});
  EXPECT_TRUE(proxies("0.0.0.0/0").trusts("203.0.113.7"));
  EXPECT_FALSE(proxies("0.0.0.0/0").trusts("2001:db8::1")) << "IPv4 ranges hold IPv4 only";
}

TEST(TrustedProxies, AFlagThatIsNotAnAddressOrRangeIsRefusedWhole) {
  for (const char* bad :
       {"", "localhost", "10.0.0.0/33", "::/129", "10.0.0.0/", "/8", "10.0.0.0/8,",
        "10.0.0.1,,10.0.0.2", "1.2.3", "10.0.0.0/8/8", "10.0.0.0/-1", "127.0.0.1:8080"}) {
    TrustedProxies p;
    auto st = p.add(bad);
    ASSERT_FALSE(st) << bad;
    EXPECT_EQ(st.error().code, errc::invalid_argument);
    EXPECT_NE(st.error().note.find("ADDR/PREFIX"), std::string::npos) << st.error().note;
    EXPECT_TRUE(p.empty()) << bad;
  }
  TrustedProxies p;
  auto st = p.add("127.0.0.1,proxy.internal");
  ASSERT_FALSE(st);
  EXPECT_NE(st.error().note.find("'proxy.internal'"), std::string::npos) << st.error().note;
  EXPECT_TRUE(p.empty()) << "nothing of a refused flag is kept";
}

TEST(TrustedProxies, FromATrustedPeerTheForwardedClientCounts) {
  const TrustedProxies p = proxies("127.0.0.1");
  EXPECT_EQ(p.client_address("127.0.0.1", "203.0.113.7"), "203.0.113.7");
  EXPECT_EQ(p.client_address("127.0.0.1", " 203.0.113.7 "), "203.0.113.7");
  EXPECT_EQ(p.client_address("::ffff:127.0.0.1", "203.0.113.7"), "203.0.113.7");
}

TEST(TrustedProxies, FromAnyOtherPeerTheHeaderIsIgnored) {
  const TrustedProxies p = proxies("127.0.0.1,10.0.0.0/8");
  // A client talking to the server directly cannot choose its address.
  EXPECT_EQ(p.client_address("198.51.100.9", "203.0.113.7"), "198.51.100.9");
  EXPECT_EQ(p.client_address("198.51.100.9", "10.0.0.1"), "198.51.100.9");
  EXPECT_EQ(p.client_address("2001:db8::9", "203.0.113.7"), "2001:db8::9");
}

TEST(TrustedProxies, AChainIsReadFromTheRightPastTrustedProxies) {
  const TrustedProxies p = proxies("127.0.0.1,10.0.0.0/8");
  // client → 10.0.0.5 (edge proxy) → 127.0.0.1 (local nginx) → server
  EXPECT_EQ(p.client_address("127.0.0.1", "203.0.113.7, 10.0.0.5"), "203.0.113.7");
  EXPECT_EQ(p.client_address("127.0.0.1", "203.0.113.7,10.0.0.5,127.0.0.1"), "203.0.113.7");
  // Every hop a trusted proxy: the leftmost is where the request came from.
  EXPECT_EQ(p.client_address("127.0.0.1", "10.0.0.9, 10.0.0.5"), "10.0.0.9");
}

TEST(TrustedProxies, WhatTheClientWroteLeftOfItsAddressIsNeverRead) {
  const TrustedProxies p = proxies("127.0.0.1");
  // The client sent its own X-Forwarded-For; the proxy appended the address it saw.
  EXPECT_EQ(p.client_address("127.0.0.1", "127.0.0.1, 198.51.100.9"), "198.51.100.9")
      << "claiming to be a trusted proxy itself";
  EXPECT_EQ(p.client_address("127.0.0.1", "203.0.113.1, 198.51.100.9"), "198.51.100.9");
  EXPECT_EQ(p.client_address("127.0.0.1", "garbage, , 198.51.100.9"), "198.51.100.9");
}

TEST(TrustedProxies, IPv6ClientsAndProxies) {
  const TrustedProxies p = proxies("::1,fd00::/8");
  EXPECT_EQ(p.client_address("::1", "2001:db8::7"), "2001:db8::7");
  EXPECT_EQ(p.client_address("::1", "2001:DB8:0:0::7, fd00::2"), "2001:db8::7")
      << "written as the server writes addresses";
  EXPECT_EQ(p.client_address("fd00::1", "203.0.113.7"), "203.0.113.7");
  EXPECT_EQ(p.client_address("::1", "::ffff:203.0.113.7"), "::ffff:203.0.113.7");
}

TEST(TrustedProxies, AMissingOrMalformedHeaderLeavesThePeer) {
  const TrustedProxies p = proxies("127.0.0.1,10.0.0.0/8");
  EXPECT_EQ(p.client_address("127.0.0.1", ""), "127.0.0.1");
  EXPECT_EQ(p.client_address("127.0.0.1", "  "), "127.0.0.1");
  EXPECT_EQ(p.client_address("127.0.0.1", "unknown"), "127.0.0.1");
  EXPECT_EQ(p.client_address("127.0.0.1", "203.0.113.7:4711"), "127.0.0.1") << "no ports";
  EXPECT_EQ(p.client_address("127.0.0.1", "[2001:db8::7]"), "127.0.0.1");
  EXPECT_EQ(p.client_address("127.0.0.1", "203.0.113.7,"), "127.0.0.1");
  EXPECT_EQ(p.client_address("127.0.0.1", "203.0.113.7, 10.0.0.5, junk"), "127.0.0.1");
  EXPECT_EQ(p.client_address("127.0.0.1", "203.0.113.7, junk, 10.0.0.5"), "127.0.0.1")
      << "a trusted hop said something that is not an address";
  EXPECT_EQ(p.client_address("127.0.0.1", "203.0.113.7 198.51.100.9"), "127.0.0.1");
  EXPECT_FALSE(p.forwarded_client("").has_value());
  EXPECT_EQ(p.forwarded_client("198.51.100.9"), "198.51.100.9");
}

}  // namespace
}  // namespace lw::http
