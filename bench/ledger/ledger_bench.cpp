// In-memory cost of the ledger's Merkle tree at ~1 M leaves: appends through CompactRange,
// inclusion and consistency proofs built from perfect nodes (ledger/proof.hpp), their
// verification, and their sizes. Every time is also given as a ratio against references
// measured in the same run:
//   - one node hash, H(0x01 ‖ left ‖ right): the unit every tree operation is made of;
//   - the RFC 9162 recursion (PATH / PROOF over the list of leaf hashes, rfc_reference.hpp),
//     which rehashes O(n) leaves per proof: what building proofs from stored perfect nodes saves.
// The storage-backed append benchmark is separate (it needs the ledger store).
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <random>
#include <string>
#include <vector>

#include "ledger/memory_tree.hpp"
#include "ledger/proof.hpp"
#include "ledger/rfc_reference.hpp"

namespace {

using namespace lw;
using namespace lw::ledger;
using Clock = std::chrono::steady_clock;

struct Settings {
  std::uint64_t leaves = 1'000'000;
  int proofs = 20'000;       // random proofs of each kind
  int reference_proofs = 3;  // RFC recursions of each kind (O(n) hashes each)
  crypto::HashAlg alg = crypto::HashAlg::sm3;
  std::uint64_t seed = 1;
};

double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

// Keeps results alive so the optimiser cannot drop the work.
std::size_t g_sink = 0;

// Seconds per node hash, over enough hashes to last ~0.3 s.
double node_hash_seconds(crypto::HashAlg alg) {
  std::string left = leaf_hash(alg, "left");
  const std::string right = leaf_hash(alg, "right");
  const auto start = Clock::now();
  std::uint64_t n = 0;
  while (seconds_since(start) < 0.3) {
    for (int i = 0; i < 1000; ++i, ++n) {
      left = node_hash(alg, left, right);
    }
  }
  g_sink += static_cast<unsigned char>(left[0]);
  return seconds_since(start) / static_cast<double>(n);
}

struct Sizes {
  std::size_t count = 0, elements = 0, max_elements = 0, ids = 0, max_ids = 0, ephemeral = 0;
  void add(const std::vector<ProofElement>& proof) {
    ++count;
    const std::size_t n = node_ids(proof).size();
    elements += proof.size();
    max_elements = std::max(max_elements, proof.size());
    ids += n;
    max_ids = std::max(max_ids, n);
    ephemeral += static_cast<std::size_t>(std::count_if(
        proof.begin(), proof.end(), [](const auto& e) { return e.nodes.size() > 1; }));
  }
  double mean(std::size_t total) const {
    return count == 0 ? 0 : static_cast<double>(total) / static_cast<double>(count);
  }
};

void usage() {
  std::fprintf(stderr,
               "usage: labwatch_bench_ledger [--leaves N] [--proofs N] [--reference-proofs N]\n"
               "                             [--alg sm3|sha256] [--seed S]\n");
}

bool parse(int argc, char** argv, Settings& s) {
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    if (a == "--help" || a == "-h" || i + 1 >= argc) {
      return false;
    }
    const char* v = argv[++i];
    if (a == "--leaves") {
      s.leaves = std::strtoull(v, nullptr, 10);
    } else if (a == "--proofs") {
      s.proofs = std::atoi(v);
    } else if (a == "--reference-proofs") {
      s.reference_proofs = std::atoi(v);
    } else if (a == "--seed") {
      s.seed = std::strtoull(v, nullptr, 10);
    } else if (a == "--alg" && std::strcmp(v, "sm3") == 0) {
      s.alg = crypto::HashAlg::sm3;
    } else if (a == "--alg" && std::strcmp(v, "sha256") == 0) {
      s.alg = crypto::HashAlg::sha256;
    } else {
      return false;
    }
  }
  return s.leaves >= 2 && s.proofs > 0 && s.reference_proofs >= 0;
}

void row(const char* what, double seconds_each, double hash_s, double reference_each) {
  std::printf("| %-40s | %10.2f | %11.1f |", what, seconds_each * 1e6, seconds_each / hash_s);
  if (reference_each > 0) {
    std::printf(" %15.0fx |\n", reference_each / seconds_each);
  } else {
    std::printf(" %16s |\n", "");
  }
}

}  // namespace

int main(int argc, char** argv) {
  Settings s;
  if (!parse(argc, argv, s)) {
    usage();
    return 2;
  }
  const char* alg_name = s.alg == crypto::HashAlg::sm3 ? "SM3" : "SHA-256";
  std::mt19937_64 rng(s.seed);
  const double hash_s = node_hash_seconds(s.alg);

  // Leaf hashes first, so the append figure is the tree's own cost.
  std::vector<std::string> leaves;
  leaves.reserve(s.leaves);
  for (std::uint64_t i = 0; i < s.leaves; ++i) {
    leaves.push_back(leaf_hash(s.alg, std::to_string(rng())));
  }
  MemoryTree tree(s.alg);
  auto start = Clock::now();
  for (const auto& l : leaves) {
    tree.append(l);
  }
  const double append_each = seconds_since(start) / static_cast<double>(s.leaves);
  const std::string root = tree.root();
  const std::uint64_t n = s.leaves;

  // Random proofs against the full tree; consistency from a random earlier size.
  std::vector<std::pair<std::uint64_t, std::uint64_t>> inclusion_args;
  std::vector<std::uint64_t> old_sizes;
  for (int i = 0; i < s.proofs; ++i) {
    inclusion_args.emplace_back(rng() % n, n);
    old_sizes.push_back(1 + rng() % (n - 1));
  }
  Sizes inclusion_sizes;
  Sizes consistency_sizes;
  for (int i = 0; i < s.proofs; ++i) {
    inclusion_sizes.add(*inclusion_nodes(inclusion_args[i].first, n));
    consistency_sizes.add(*consistency_nodes(old_sizes[i], n));
  }

  std::vector<std::vector<std::string>> paths(s.proofs);
  start = Clock::now();
  for (int i = 0; i < s.proofs; ++i) {
    paths[i] = *inclusion_proof(s.alg, tree, inclusion_args[i].first, n);
  }
  const double inclusion_each = seconds_since(start) / s.proofs;

  std::vector<std::vector<std::string>> proofs(s.proofs);
  start = Clock::now();
  for (int i = 0; i < s.proofs; ++i) {
    proofs[i] = *consistency_proof(s.alg, tree, old_sizes[i], n);
  }
  const double consistency_each = seconds_since(start) / s.proofs;

  std::vector<std::string> old_roots(s.proofs);
  start = Clock::now();
  for (int i = 0; i < s.proofs; ++i) {
    old_roots[i] = *root_at(s.alg, tree, old_sizes[i]);
  }
  const double root_each = seconds_since(start) / s.proofs;

  int failures = 0;
  start = Clock::now();
  for (int i = 0; i < s.proofs; ++i) {
    const auto index = inclusion_args[i].first;
    failures += verify_inclusion(s.alg, leaves[index], index, n, paths[i], root).ok() ? 0 : 1;
  }
  const double verify_inclusion_each = seconds_since(start) / s.proofs;
  start = Clock::now();
  for (int i = 0; i < s.proofs; ++i) {
    failures +=
        verify_consistency(s.alg, old_sizes[i], n, proofs[i], old_roots[i], root).ok() ? 0 : 1;
  }
  const double verify_consistency_each = seconds_since(start) / s.proofs;

  // The RFC recursions over the leaf list, on the first few of the same arguments; their
  // answers must equal the node-built proofs.
  double reference_path_each = 0;
  double reference_proof_each = 0;
  if (s.reference_proofs > 0) {
    const std::span<const std::string> all(leaves);
    start = Clock::now();
    for (int i = 0; i < s.reference_proofs; ++i) {
      failures += reference::path(s.alg, inclusion_args[i].first, all) == paths[i] ? 0 : 1;
    }
    reference_path_each = seconds_since(start) / s.reference_proofs;
    start = Clock::now();
    for (int i = 0; i < s.reference_proofs; ++i) {
      failures += reference::proof(s.alg, old_sizes[i], all) == proofs[i] ? 0 : 1;
    }
    reference_proof_each = seconds_since(start) / s.reference_proofs;
  }

  std::printf(
      "ledger Merkle tree in memory: %llu leaves, %s, %d random proofs of each kind, "
      "seed %llu\n\n",
      static_cast<unsigned long long>(n), alg_name, s.proofs,
      static_cast<unsigned long long>(s.seed));
  std::printf("| %-40s | %10s | %11s | %16s |\n", "operation", "us each", "node hashes",
              "vs RFC recursion");
  std::printf("|%s|%s|%s|%s|\n", std::string(42, '-').c_str(), std::string(12, '-').c_str(),
              std::string(13, '-').c_str(), std::string(18, '-').c_str());
  row("node hash H(0x01|l|r) (the unit)", hash_s, hash_s, 0);
  row("append (CompactRange + store nodes)", append_each, hash_s, 0);
  row("inclusion proof (plan, 1 batch, fold)", inclusion_each, hash_s, reference_path_each);
  row("consistency proof (plan, 1 batch, fold)", consistency_each, hash_s, reference_proof_each);
  row("root at an earlier size (root_at)", root_each, hash_s, 0);
  row("verify inclusion", verify_inclusion_each, hash_s, 0);
  row("verify consistency", verify_consistency_each, hash_s, 0);
  if (s.reference_proofs > 0) {
    row("RFC PATH recursion (reference)", reference_path_each, hash_s, 0);
    row("RFC PROOF recursion (reference)", reference_proof_each, hash_s, 0);
  }

  const std::size_t hash_bytes = crypto::digest_size(s.alg);
  std::printf("\n| %-12s | %-22s | %-22s | %-26s |\n", "proof", "hashes (mean / max)",
              "bytes (mean / max)", "nodes fetched (mean / max)");
  std::printf("|%s|%s|%s|%s|\n", std::string(14, '-').c_str(), std::string(24, '-').c_str(),
              std::string(24, '-').c_str(), std::string(28, '-').c_str());
  for (const auto& [name, z] :
       {std::pair{"inclusion", inclusion_sizes}, std::pair{"consistency", consistency_sizes}}) {
    std::printf("| %-12s | %10.1f / %-9zu | %10.0f / %-9zu | %12.1f / %-11zu |\n", name,
                z.mean(z.elements), z.max_elements,
                z.mean(z.elements) * static_cast<double>(hash_bytes), z.max_elements * hash_bytes,
                z.mean(z.ids), z.max_ids);
  }
  std::printf("\nephemeral (folded) elements per proof: inclusion %.2f, consistency %.2f\n",
              inclusion_sizes.mean(inclusion_sizes.ephemeral),
              consistency_sizes.mean(consistency_sizes.ephemeral));
  if (failures != 0) {
    std::printf("FAILED: %d proofs did not verify or differ from the RFC recursion\n", failures);
    return 1;
  }
  return g_sink == 0xffffffff ? 3 : 0;
}
