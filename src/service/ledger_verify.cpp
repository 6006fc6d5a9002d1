#include "service/ledger_verify.hpp"

#include <map>

#include "ledger/checkpoint.hpp"
#include "ledger/merkle.hpp"
#include "service/ledger.hpp"
#include "service/ledger_records.hpp"
#include "storage/ledger_rows.hpp"

namespace lw::service {
namespace {

constexpr int kPage = 1000;

std::string subject_of(const storage::LedgerLeaf& leaf) {
  return leaf.record_type + " " + leaf.record_id + " v" + std::to_string(leaf.version);
}

// Every checkpoint's root by size, each signature checked on the way.
Result<std::map<std::uint64_t, std::string>> checkpoint_roots(storage::Connection& conn,
                                                              crypto::HashAlg alg,
                                                              const crypto::Sm2PublicKey& key,
                                                              LedgerReport& report) {
  std::map<std::uint64_t, std::string> roots;
  std::uint64_t from = 0;
  for (;;) {
    auto page = storage::checkpoints_from(conn, from, kPage);
    if (!page) {
      return std::move(page).error();
    }
    for (auto& c : *page) {
      from = c.size + 1;
      if (auto st = ledger::verify(signed_checkpoint_of(c, alg), key); !st) {
        report.findings.push_back(
            {std::nullopt, "checkpoint " + std::to_string(c.size), "signature invalid"});
      }
      roots.emplace(c.size, std::move(c.root));
    }
    if (page->size() < static_cast<std::size_t>(kPage)) {
      return roots;
    }
  }
}

// Compares the nodes the rebuilt tree completed with the stored ones.
Status check_nodes(storage::Connection& conn, const std::vector<ledger::Node>& completed,
                   LedgerReport& report) {
  if (completed.empty()) {
    return {};
  }
  std::vector<ledger::NodeId> ids;
  ids.reserve(completed.size());
  for (const auto& n : completed) {
    ids.push_back(n.id);
  }
  storage::LedgerNodeReader reader(conn);
  auto stored = reader.nodes(ids);
  if (!stored) {
    if (stored.error().code != errc::not_found) {
      return std::move(stored).error();
    }
    report.findings.push_back({std::nullopt, "ledger nodes", "a perfect node is missing"});
    return {};
  }
  for (std::size_t i = 0; i < completed.size(); ++i) {
    if ((*stored)[i] != completed[i].hash) {
      report.findings.push_back({std::nullopt,
                                 "ledger node (" + std::to_string(ids[i].level) + ", " +
                                     std::to_string(ids[i].index) + ")",
                                 "node changed"});
    }
  }
  return {};
}

}  // namespace

Result<LedgerReport> verify_ledger(storage::Connection& conn, crypto::HashAlg alg,
                                   const crypto::Sm2PublicKey& key) {
  LedgerReport report;
  auto roots = checkpoint_roots(conn, alg, key, report);
  if (!roots) {
    return std::move(roots).error();
  }
  report.checkpoints = roots->size();
  ledger::CompactRange tree(alg);
  std::uint64_t next = 0;
  for (;;) {
    auto page = storage::ledger_leaves_from(conn, next, kPage);
    if (!page) {
      return std::move(page).error();
    }
    std::vector<ledger::Node> completed;
    for (const auto& leaf : *page) {
      if (leaf.index != next) {
        report.findings.push_back(
            {next, "leaves " + std::to_string(next) + "…" + std::to_string(leaf.index - 1),
             "leaves missing"});
        return report;  // the tree cannot be rebuilt past a gap
      }
      auto entry = rebuild_entry(conn, leaf);
      if (!entry) {
        return std::move(entry).error();
      }
      if (!*entry) {
        report.findings.push_back({leaf.index, subject_of(leaf), "record missing"});
      } else {
        auto hash = ledger::leaf_of(alg, **entry);
        if (!hash || *hash != leaf.leaf_hash) {
          report.findings.push_back({leaf.index, subject_of(leaf), "record changed"});
        }
      }
      if (leaf.leaf_hash.size() != crypto::digest_size(alg)) {
        report.findings.push_back({leaf.index, subject_of(leaf), "leaf hash malformed"});
        return report;
      }
      auto nodes = tree.append(leaf.leaf_hash);
      completed.insert(completed.end(), nodes.begin(), nodes.end());
      ++next;
      if (auto it = roots->find(next); it != roots->end() && it->second != tree.root()) {
        report.findings.push_back(
            {std::nullopt, "checkpoint " + std::to_string(next), "root differs from the leaves"});
      }
    }
    LW_TRY(check_nodes(conn, completed, report));
    if (page->size() < static_cast<std::size_t>(kPage)) {
      break;
    }
  }
  report.leaves = next;
  auto head = storage::read_ledger_head(conn);
  if (!head) {
    return std::move(head).error();
  }
  if (head->size != next) {
    report.findings.push_back(
        {std::nullopt, "ledger head",
         "says " + std::to_string(head->size) + " leaves, " + std::to_string(next) + " stored"});
  } else if (next > 0 && head->root != tree.root()) {
    report.findings.push_back({std::nullopt, "ledger head", "root differs from the leaves"});
  }
  for (const auto& [size, root] : *roots) {
    if (size > next) {
      report.findings.push_back(
          {std::nullopt, "checkpoint " + std::to_string(size), "covers leaves not stored"});
    }
  }
  return report;
}

}  // namespace lw::service
