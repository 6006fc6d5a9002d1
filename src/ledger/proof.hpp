#pragma once
// Inclusion and consistency proofs, RFC 9162 §2.1.3 and §2.1.4, over perfect subtrees.
//
// A proof is built in three steps so that a store answers it with one batch lookup of
// O(log n) nodes: inclusion_nodes / consistency_nodes say which perfect nodes each proof
// element needs (pure arithmetic on the sizes), a NodeReader fetches them all at once, and the
// elements are assembled (an element on the tree's right edge that is no perfect subtree is
// folded from its perfect cover). Verification needs no reader.
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "crypto/hash.hpp"
#include "ledger/merkle.hpp"

namespace lw::ledger {

/// Where a tree's perfect nodes live (a database, or MemoryTree). Level-0 ids are the leaf
/// hashes. Perfect nodes never change, so a reader holding a larger tree answers for any
/// smaller one.
class NodeReader {
 public:
  virtual ~NodeReader() = default;
  /// The hashes of `ids`, in the same order. An error (not_found for a node the store lacks,
  /// storage_unavailable, …) fails the whole proof.
  virtual Result<std::vector<std::string>> nodes(std::span<const NodeId> ids) = 0;
};

/// One element of a proof: a perfect node (one id), or an ephemeral subtree on the right edge
/// of the tree whose hash is fold_right of these perfect nodes' hashes (left to right).
struct ProofElement {
  std::vector<NodeId> nodes;
  bool operator==(const ProofElement&) const = default;
};

/// The elements of the inclusion proof (audit path) of leaf `index` in the tree of `size`
/// leaves, lowest first. invalid_argument unless index < size.
Result<std::vector<ProofElement>> inclusion_nodes(std::uint64_t index, std::uint64_t size);

/// The elements of the consistency proof between the trees of `size1` and `size2` leaves.
/// invalid_argument unless 0 < size1 ≤ size2 (RFC 9162 defines no proof from the empty tree);
/// empty for size1 == size2.
Result<std::vector<ProofElement>> consistency_nodes(std::uint64_t size1, std::uint64_t size2);

/// Every node id the elements need, in order: the batch to fetch.
std::vector<NodeId> node_ids(std::span<const ProofElement> elements);

/// The proof hashes of `elements` from `reader`, fetched in one call of NodeReader::nodes.
Result<std::vector<std::string>> assemble(crypto::HashAlg alg, NodeReader& reader,
                                          std::span<const ProofElement> elements);

/// PATH(index, D[0:size]) from `reader`.
Result<std::vector<std::string>> inclusion_proof(crypto::HashAlg alg, NodeReader& reader,
                                                 std::uint64_t index, std::uint64_t size);

/// PROOF(size1, D[0:size2]) from `reader`.
Result<std::vector<std::string>> consistency_proof(crypto::HashAlg alg, NodeReader& reader,
                                                   std::uint64_t size1, std::uint64_t size2);

/// MTH(D[0:size]) from `reader`: any past root, from the frontier of that size.
Result<std::string> root_at(crypto::HashAlg alg, NodeReader& reader, std::uint64_t size);

// Verification (RFC 9162 §2.1.3.2, §2.1.4.2), with the argument checks of transparency-dev's
// proof/verify.go. A refusal is invalid_argument whose details name the field at fault
// ("index", "size1", "leaf_hash", "proof", "root", "root1", "root2") and the reason.

/// Checks that `proof` proves leaf hash `leaf_hash` at `index` in the tree of `size` leaves with
/// root `root`. Refused: index ≥ size, a leaf hash or proof hash not one digest long, a proof of
/// the wrong length, or a root that does not match.
Status verify_inclusion(crypto::HashAlg alg, std::string_view leaf_hash, std::uint64_t index,
                        std::uint64_t size, std::span<const std::string> proof,
                        std::string_view root);

/// Checks that `proof` proves the tree of `size2` leaves with root `root2` extends the tree of
/// `size1` leaves with root `root1`. Refused: size1 > size2; size1 == 0 (always: a proof from
/// the empty tree means nothing); size1 == size2 with a non-empty proof or different roots; an
/// empty proof otherwise; a proof of the wrong length or with a hash not one digest long; a
/// root that does not match.
Status verify_consistency(crypto::HashAlg alg, std::uint64_t size1, std::uint64_t size2,
                          std::span<const std::string> proof, std::string_view root1,
                          std::string_view root2);

}  // namespace lw::ledger
