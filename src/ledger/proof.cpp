#include "ledger/proof.hpp"

#include <algorithm>
#include <bit>
#include <utility>

namespace lw::ledger {
namespace {

using crypto::HashAlg;

std::string num(std::uint64_t v) {
  return std::to_string(v);
}

// Levels below which the paths from leaf `index` and from the last leaf (size - 1) to the root
// run through different nodes. Above them the path of `index` is on the right edge.
std::uint32_t inner_levels(std::uint64_t index, std::uint64_t size) {
  return static_cast<std::uint32_t>(std::bit_width(index ^ (size - 1)));
}

// The siblings on the path from node (from_level, index >> from_level) up to the root of the
// tree of `size` leaves, lowest first: RFC 9162's PATH, started at `from_level`.
// - Below inner_levels the sibling is a perfect node, except possibly the highest one: the
//   sibling holding the last leaf, which is the ephemeral subtree [its begin, size).
// - From there up the path follows the right edge: a node that is a right child has a perfect
//   left sibling; a left child on the edge has no sibling and is carried up unchanged.
void append_path(std::uint64_t index, std::uint64_t size, std::uint32_t from_level,
                 std::vector<ProofElement>& out) {
  const std::uint64_t last = size - 1;
  const std::uint32_t inner = inner_levels(index, size);
  for (std::uint32_t level = from_level; level < inner; ++level) {
    const NodeId sibling{level, (index >> level) ^ 1};
    const bool partial =
        sibling.index == (last >> level) && (size & ((std::uint64_t{1} << level) - 1)) != 0;
    if (partial) {
      out.push_back(ProofElement{perfect_cover(sibling.begin(), size)});
    } else {
      out.push_back(ProofElement{{sibling}});
    }
  }
  for (std::uint32_t level = std::max(inner, from_level); level < 64 && (index >> level) != 0;
       ++level) {
    if (((index >> level) & 1) != 0) {
      out.push_back(ProofElement{{NodeId{level, (index >> level) - 1}}});
    }
  }
}

// The number of elements append_path produces, without building them.
std::size_t path_length(std::uint64_t index, std::uint64_t size, std::uint32_t from_level) {
  const std::uint32_t inner = inner_levels(index, size);
  const std::uint32_t upper = std::max(inner, from_level);
  const std::size_t border = upper >= 64 ? 0 : std::popcount(index >> upper);
  return (inner > from_level ? inner - from_level : 0) + border;
}

// Requires index < size.
Status check_index(std::uint64_t index, std::uint64_t size) {
  if (index >= size) {
    return field_error("index",
                       "leaf " + num(index) + " is not in a tree of " + num(size) + " leaves");
  }
  return {};
}

// Requires 0 < size1 <= size2.
Status check_sizes(std::uint64_t size1, std::uint64_t size2) {
  if (size1 > size2) {
    return field_error("size1", "size1 " + num(size1) + " is larger than size2 " + num(size2));
  }
  if (size1 == 0) {
    return field_error("size1", "a consistency proof from the empty tree proves nothing");
  }
  return {};
}

// Every proof hash is one digest long.
Status check_hash_sizes(HashAlg alg, std::span<const std::string> proof) {
  const std::size_t want = crypto::digest_size(alg);
  for (std::size_t i = 0; i < proof.size(); ++i) {
    if (proof[i].size() != want) {
      return field_error("proof", "element " + num(i) + " has " + num(proof[i].size()) +
                                      " bytes, want " + num(want));
    }
  }
  return {};
}

// fn and sn shifted right together until fn's lowest bit is set or fn is 0 (RFC 9162 wording).
void shift_until_odd(std::uint64_t& fn, std::uint64_t& sn) {
  while ((fn & 1) == 0 && fn != 0) {
    fn >>= 1;
    sn >>= 1;
  }
}

}  // namespace

Result<std::vector<ProofElement>> inclusion_nodes(std::uint64_t index, std::uint64_t size) {
  LW_TRY(check_index(index, size));
  std::vector<ProofElement> out;
  append_path(index, size, 0, out);
  return out;
}

Result<std::vector<ProofElement>> consistency_nodes(std::uint64_t size1, std::uint64_t size2) {
  LW_TRY(check_sizes(size1, size2));
  std::vector<ProofElement> out;
  if (size1 == size2) {
    return out;
  }
  // RFC 9162 §2.1.4.1 walks down to the largest perfect subtree ending at size1: level
  // countr_zero(size1), index (size1 >> level) - 1. Its hash starts the proof unless it is the
  // whole old tree (size1 a power of two), whose root the verifier already has. The rest is the
  // path from that subtree up to the root of the new tree.
  const auto level = static_cast<std::uint32_t>(std::countr_zero(size1));
  if (!std::has_single_bit(size1)) {
    out.push_back(ProofElement{{NodeId{level, (size1 >> level) - 1}}});
  }
  append_path(size1 - 1, size2, level, out);
  return out;
}

std::vector<NodeId> node_ids(std::span<const ProofElement> elements) {
  std::vector<NodeId> ids;
  for (const auto& e : elements) {
    ids.insert(ids.end(), e.nodes.begin(), e.nodes.end());
  }
  return ids;
}

Result<std::vector<std::string>> assemble(HashAlg alg, NodeReader& reader,
                                          std::span<const ProofElement> elements) {
  const std::vector<NodeId> ids = node_ids(elements);
  std::vector<std::string> proof;
  if (ids.empty()) {
    return proof;
  }
  auto fetched = reader.nodes(ids);
  if (!fetched) {
    return std::move(fetched).error();
  }
  std::vector<std::string>& hashes = *fetched;
  if (hashes.size() != ids.size()) {
    return Error(std::string(errc::internal), "NodeReader answered " + num(hashes.size()) +
                                                  " hashes for " + num(ids.size()) + " ids");
  }
  proof.reserve(elements.size());
  std::size_t at = 0;
  for (const auto& e : elements) {
    const auto part = std::span<const std::string>(hashes).subspan(at, e.nodes.size());
    proof.push_back(part.size() == 1 ? std::move(hashes[at]) : fold_right(alg, part));
    at += e.nodes.size();
  }
  return proof;
}

Result<std::vector<std::string>> inclusion_proof(HashAlg alg, NodeReader& reader,
                                                 std::uint64_t index, std::uint64_t size) {
  auto elements = inclusion_nodes(index, size);
  if (!elements) {
    return std::move(elements).error();
  }
  return assemble(alg, reader, *elements);
}

Result<std::vector<std::string>> consistency_proof(HashAlg alg, NodeReader& reader,
                                                   std::uint64_t size1, std::uint64_t size2) {
  auto elements = consistency_nodes(size1, size2);
  if (!elements) {
    return std::move(elements).error();
  }
  return assemble(alg, reader, *elements);
}

Result<std::string> root_at(HashAlg alg, NodeReader& reader, std::uint64_t size) {
  if (size == 0) {
    return empty_root(alg);
  }
  const std::vector<ProofElement> whole{ProofElement{CompactRange::frontier_ids(size)}};
  auto root = assemble(alg, reader, whole);
  if (!root) {
    return std::move(root).error();
  }
  return std::move(root->front());
}

Status verify_inclusion(HashAlg alg, std::string_view leaf_hash, std::uint64_t index,
                        std::uint64_t size, std::span<const std::string> proof,
                        std::string_view root) {
  LW_TRY(check_index(index, size));
  if (leaf_hash.size() != crypto::digest_size(alg)) {
    return field_error("leaf_hash", "has " + num(leaf_hash.size()) + " bytes, want " +
                                        num(crypto::digest_size(alg)));
  }
  if (const std::size_t want = path_length(index, size, 0); proof.size() != want) {
    return field_error("proof", "has " + num(proof.size()) + " hashes, leaf " + num(index) +
                                    " in a tree of " + num(size) + " needs " + num(want));
  }
  LW_TRY(check_hash_sizes(alg, proof));

  // RFC 9162 §2.1.3.2, step by step.
  std::uint64_t fn = index;
  std::uint64_t sn = size - 1;
  std::string r(leaf_hash);
  for (const auto& p : proof) {
    if (sn == 0) {
      return field_error("proof", "longer than the path to the root");
    }
    if ((fn & 1) != 0 || fn == sn) {
      r = node_hash(alg, p, r);
      shift_until_odd(fn, sn);
    } else {
      r = node_hash(alg, r, p);
    }
    fn >>= 1;
    sn >>= 1;
  }
  if (sn != 0) {
    return field_error("proof", "shorter than the path to the root");
  }
  if (r != root) {
    return field_error("root", "the proof leads to a different root");
  }
  return {};
}

Status verify_consistency(HashAlg alg, std::uint64_t size1, std::uint64_t size2,
                          std::span<const std::string> proof, std::string_view root1,
                          std::string_view root2) {
  LW_TRY(check_sizes(size1, size2));
  if (size1 == size2) {
    if (!proof.empty()) {
      return field_error("proof",
                         "must be empty for equal sizes, has " + num(proof.size()) + " hashes");
    }
    if (root1 != root2) {
      return field_error("root2", "differs from root1 for the same size");
    }
    return {};
  }
  if (proof.empty()) {
    return field_error("proof", "empty for different sizes");
  }
  const auto level = static_cast<std::uint32_t>(std::countr_zero(size1));
  const bool whole_old_tree = std::has_single_bit(size1);
  if (const std::size_t want = (whole_old_tree ? 0 : 1) + path_length(size1 - 1, size2, level);
      proof.size() != want) {
    return field_error("proof", "has " + num(proof.size()) + " hashes, sizes " + num(size1) +
                                    " and " + num(size2) + " need " + num(want));
  }
  LW_TRY(check_hash_sizes(alg, proof));

  // RFC 9162 §2.1.4.2, step by step; step 2 prepends root1 when size1 is a power of two.
  std::span<const std::string> rest = proof;
  std::string fr;
  if (whole_old_tree) {
    fr = std::string(root1);
  } else {
    fr = rest.front();
    rest = rest.subspan(1);
  }
  std::string sr = fr;
  std::uint64_t fn = size1 - 1;
  std::uint64_t sn = size2 - 1;
  while ((fn & 1) != 0) {
    fn >>= 1;
    sn >>= 1;
  }
  for (const auto& c : rest) {
    if (sn == 0) {
      return field_error("proof", "longer than the path to the root");
    }
    if ((fn & 1) != 0 || fn == sn) {
      fr = node_hash(alg, c, fr);
      sr = node_hash(alg, c, sr);
      shift_until_odd(fn, sn);
    } else {
      sr = node_hash(alg, sr, c);
    }
    fn >>= 1;
    sn >>= 1;
  }
  if (sn != 0) {
    return field_error("proof", "shorter than the path to the root");
  }
  if (fr != root1) {
    return field_error("root1", "the proof leads to a different old root");
  }
  if (sr != root2) {
    return field_error("root2", "the proof leads to a different new root");
  }
  return {};
}

}  // namespace lw::ledger
