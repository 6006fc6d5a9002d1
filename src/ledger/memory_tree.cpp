#include "ledger/memory_tree.hpp"

namespace lw::ledger {

void MemoryTree::append(const std::string& leaf_hash) {
  const std::vector<Node> completed = range_.append(leaf_hash);  // checks the length
  if (levels_.empty()) {
    levels_.emplace_back();
  }
  levels_[0] += leaf_hash;
  for (const Node& n : completed) {
    if (levels_.size() <= n.id.level) {
      levels_.emplace_back();
    }
    levels_[n.id.level] += n.hash;
  }
}

Result<std::vector<std::string>> MemoryTree::nodes(std::span<const NodeId> ids) {
  const std::size_t hash_size = crypto::digest_size(range_.alg());
  std::vector<std::string> out;
  out.reserve(ids.size());
  for (const NodeId& id : ids) {
    if (id.level >= levels_.size() || id.index >= levels_[id.level].size() / hash_size) {
      return Error(std::string(errc::not_found), "no node (" + std::to_string(id.level) + ", " +
                                                     std::to_string(id.index) + ") in a tree of " +
                                                     std::to_string(size()) + " leaves");
    }
    out.push_back(levels_[id.level].substr(id.index * hash_size, hash_size));
  }
  return out;
}

}  // namespace lw::ledger
