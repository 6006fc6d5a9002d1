#pragma once
// Test-only: RFC 9162 §2.1.1, §2.1.3.1 and §2.1.4.1 (MTH, PATH, PROOF/SUBPROOF) written out
// literally as recursions over a list of leaf hashes, O(n) per call. The ledger tests check the
// compact range and the node-id proofs against it (so does bench/ledger); production code never
// includes it. Also the RFC 6962 test leaves.
#include <bit>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "ledger/merkle.hpp"

namespace lw::ledger::reference {

using Leaves = std::span<const std::string>;

/// The eight leaf entries of the RFC 6962 reference tests, behind the public vectors in
/// ../shared/testdata/merkle.
inline std::vector<std::string> rfc6962_entries() {
  return {"",
          std::string(1, '\x00'),
          "\x10",
          "\x20\x21",
          "\x30\x31",
          "\x40\x41\x42\x43",
          "\x50\x51\x52\x53\x54\x55\x56\x57",
          "\x60\x61\x62\x63\x64\x65\x66\x67\x68\x69\x6a\x6b\x6c\x6d\x6e\x6f"};
}

/// The largest power of two smaller than n (n > 1).
inline std::size_t split(std::size_t n) {
  return std::bit_floor(n - 1);
}

/// MTH(D[n]) where `leaves` are the leaf hashes of D.
inline std::string mth(crypto::HashAlg alg, Leaves leaves) {
  if (leaves.empty()) {
    return empty_root(alg);
  }
  if (leaves.size() == 1) {
    return leaves[0];
  }
  const std::size_t k = split(leaves.size());
  return node_hash(alg, mth(alg, leaves.first(k)), mth(alg, leaves.subspan(k)));
}

/// PATH(m, D[n]), lowest element first.
inline std::vector<std::string> path(crypto::HashAlg alg, std::size_t m, Leaves leaves) {
  if (leaves.size() <= 1) {
    return {};
  }
  const std::size_t k = split(leaves.size());
  std::vector<std::string> out;
  if (m < k) {
    out = path(alg, m, leaves.first(k));
    out.push_back(mth(alg, leaves.subspan(k)));
  } else {
    out = path(alg, m - k, leaves.subspan(k));
    out.push_back(mth(alg, leaves.first(k)));
  }
  return out;
}

/// SUBPROOF(m, D[n], b).
inline std::vector<std::string> subproof(crypto::HashAlg alg, std::size_t m, Leaves leaves,
                                         bool b) {
  if (m == leaves.size()) {
    if (b) {
      return {};
    }
    return {mth(alg, leaves)};
  }
  const std::size_t k = split(leaves.size());
  std::vector<std::string> out;
  if (m <= k) {
    out = subproof(alg, m, leaves.first(k), b);
    out.push_back(mth(alg, leaves.subspan(k)));
  } else {
    out = subproof(alg, m - k, leaves.subspan(k), false);
    out.push_back(mth(alg, leaves.first(k)));
  }
  return out;
}

/// PROOF(m, D[n]) = SUBPROOF(m, D[n], true), for 0 < m ≤ n.
inline std::vector<std::string> proof(crypto::HashAlg alg, std::size_t m, Leaves leaves) {
  return subproof(alg, m, leaves, true);
}

}  // namespace lw::ledger::reference
