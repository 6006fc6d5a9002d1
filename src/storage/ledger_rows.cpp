#include "storage/ledger_rows.hpp"

#include <map>

#include "storage/scope_sql.hpp"

namespace lw::storage {
namespace {

std::int64_t i64(std::uint64_t v) {
  return static_cast<std::int64_t>(v);
}
std::uint64_t u64(std::int64_t v) {
  return static_cast<std::uint64_t>(v);
}

constexpr char kLeafColumns[] =
    "idx, leaf_hash, record_type, record_id, version, prev_idx, uploader, received_at, lab_code,"
    " sandbox";

LedgerLeaf leaf_of(const Row& r) {
  LedgerLeaf l;
  l.index = u64(r.int64(0));
  l.leaf_hash = r.bytes(1);
  l.record_type = r.text(2);
  l.record_id = r.text(3);
  l.version = r.int64(4);
  if (!r.is_null(5)) {
    l.prev = u64(r.int64(5));
  }
  l.uploader = r.text(6);
  l.received_at = from_micros(r.int64(7));
  l.lab_code = r.text(8);
  l.sandbox = r.int64(9) != 0;
  return l;
}

Result<std::vector<LedgerLeaf>> leaves_of(Result<Rows> rows) {
  if (!rows) {
    return std::move(rows).error();
  }
  std::vector<LedgerLeaf> out;
  out.reserve(rows->size());
  for (const Row& r : *rows) {
    out.push_back(leaf_of(r));
  }
  return out;
}

Result<std::optional<LedgerLeaf>> first_leaf(Result<Rows> rows) {
  auto leaves = leaves_of(std::move(rows));
  if (!leaves) {
    return std::move(leaves).error();
  }
  if (leaves->empty()) {
    return std::optional<LedgerLeaf>{};
  }
  return std::optional(std::move(leaves->front()));
}

constexpr char kCheckpointColumns[] =
    "size, root, issued_at, origin, hash_alg, key_id, signature FROM ledger_checkpoints";

Result<std::vector<CheckpointRow>> checkpoints_of(Result<Rows> rows) {
  if (!rows) {
    return std::move(rows).error();
  }
  std::vector<CheckpointRow> out;
  for (const Row& r : *rows) {
    out.push_back({u64(r.int64(0)), r.bytes(1), from_micros(r.int64(2)), r.text(3), r.text(4),
                   r.text(5), r.bytes(6)});
  }
  return out;
}

Result<std::optional<CheckpointRow>> first_checkpoint(Result<Rows> rows) {
  auto all = checkpoints_of(std::move(rows));
  if (!all) {
    return std::move(all).error();
  }
  if (all->empty()) {
    return std::optional<CheckpointRow>{};
  }
  return std::optional(std::move(all->front()));
}

Result<LedgerHead> head_of(Result<Rows> rows) {
  if (!rows) {
    return std::move(rows).error();
  }
  if (rows->empty()) {
    return Error(std::string(errc::internal), "ledger_head row missing");
  }
  const Row& r = rows->front();
  return LedgerHead{u64(r.int64(0)), r.bytes(1), r.text(2)};
}

// "scope covers the leaf's lab, or the caller sent it", numbered after `params`.
std::string readable(const domain::Scope& scope, const std::string& uploader,
                     std::vector<Value>& params) {
  params.emplace_back(uploader);
  const std::string mine = "uploader = $" + std::to_string(params.size());
  return "(" + mine + " OR " + scope_condition(scope, "lab_code", "sandbox", params) + ")";
}

}  // namespace

Result<LedgerHead> read_ledger_head(Connection& conn) {
  return head_of(conn.query("SELECT size, root, hash_alg FROM ledger_head WHERE id = 1"));
}

Status fix_ledger_hash_alg(Connection& conn, const std::string& hash_alg) {
  LW_TRY(conn.exec("UPDATE ledger_head SET hash_alg = $1 WHERE id = 1 AND hash_alg = ''",
                   params({hash_alg})));
  auto head = read_ledger_head(conn);
  if (!head) {
    return std::move(head).error();
  }
  if (head->hash_alg != hash_alg) {
    return Error(std::string(errc::invalid_argument),
                 "the ledger was started with hash " + head->hash_alg + ", not " + hash_alg +
                     ": a ledger's hash cannot change",
                 {{"ledger_hash", head->hash_alg}});
  }
  return {};
}

Result<bool> advance_ledger_head(Connection& conn, std::uint64_t size, const std::string& root,
                                 const std::string& new_root) {
  // The root in the condition too: after a rollback, another instance may have brought the
  // head back to the cached size with other leaves.
  auto n = conn.exec(
      "UPDATE ledger_head SET size = size + 1, root = $3 WHERE id = 1 AND size = $1 AND root = $2",
      params({i64(size), Bytes{root}, Bytes{new_root}}));
  if (!n) {
    return std::move(n).error();
  }
  return *n == 1;
}

Status insert_ledger_leaf(Connection& conn, const LedgerLeaf& l) {
  const Value prev = l.prev ? Value(i64(*l.prev)) : Value(nullptr);
  LW_TRY(conn.exec(
      std::string("INSERT INTO ledger_leaves (") + kLeafColumns +
          ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
      params({i64(l.index), Bytes{l.leaf_hash}, l.record_type, l.record_id, l.version, prev,
              l.uploader, to_micros(l.received_at), l.lab_code, std::int64_t{l.sandbox ? 1 : 0}})));
  return {};
}

Status insert_ledger_nodes(Connection& conn, std::span<const ledger::Node> nodes) {
  if (nodes.empty()) {
    return {};
  }
  // One statement: an append completes one node on average, none half the time and two or
  // more a quarter of the time.
  std::string sql = "INSERT INTO ledger_nodes (level, idx, hash) VALUES ";
  std::vector<Value> p;
  p.reserve(nodes.size() * 3);
  for (const ledger::Node& n : nodes) {
    sql += p.empty() ? "($" : ", ($";
    sql += std::to_string(p.size() + 1) + ", $" + std::to_string(p.size() + 2) + ", $" +
           std::to_string(p.size() + 3) + ")";
    p.emplace_back(std::int64_t{n.id.level});
    p.emplace_back(i64(n.id.index));
    p.emplace_back(Bytes{n.hash});
  }
  LW_TRY(conn.exec(sql, p));
  return {};
}

Result<std::optional<LedgerLeaf>> find_ledger_leaf(Connection& conn, const domain::Scope& scope,
                                                   const std::string& uploader,
                                                   std::uint64_t index) {
  std::vector<Value> p{i64(index)};
  const std::string cond = readable(scope, uploader, p);
  return first_leaf(conn.query(
      std::string("SELECT ") + kLeafColumns + " FROM ledger_leaves WHERE idx = $1 AND " + cond, p));
}

Result<std::optional<LedgerLeaf>> latest_ledger_leaf(Connection& conn,
                                                     const std::string& record_type,
                                                     const std::string& record_id) {
  return first_leaf(conn.query(std::string("SELECT ") + kLeafColumns +
                                   " FROM ledger_leaves WHERE record_type = $1 AND record_id = $2"
                                   " ORDER BY version DESC LIMIT 1",
                               params({record_type, record_id})));
}

Result<std::vector<LedgerLeaf>> record_history(Connection& conn, const domain::Scope& scope,
                                               const std::string& uploader,
                                               const std::string& record_type,
                                               const std::string& record_id) {
  std::vector<Value> p{record_type, record_id};
  const std::string cond = readable(scope, uploader, p);
  return leaves_of(conn.query(std::string("SELECT ") + kLeafColumns +
                                  " FROM ledger_leaves WHERE record_type = $1 AND record_id = $2"
                                  " AND " +
                                  cond + " ORDER BY version",
                              p));
}

Result<std::vector<LedgerLeaf>> ledger_leaves_from(Connection& conn, std::uint64_t index,
                                                   int limit) {
  return leaves_of(conn.query(std::string("SELECT ") + kLeafColumns +
                                  " FROM ledger_leaves WHERE idx >= $1 ORDER BY idx LIMIT $2",
                              params({i64(index), std::int64_t{limit}})));
}

Result<std::vector<ledger::Node>> ledger_nodes_from(Connection& conn, std::uint32_t level,
                                                    std::uint64_t index, int limit) {
  auto rows = conn.query(
      "SELECT idx, hash FROM ledger_nodes WHERE level = $1 AND idx >= $2 ORDER BY idx LIMIT $3",
      params({std::int64_t{level}, i64(index), std::int64_t{limit}}));
  if (!rows) {
    return std::move(rows).error();
  }
  std::vector<ledger::Node> out;
  for (const Row& r : *rows) {
    out.push_back({{level, u64(r.int64(0))}, r.bytes(1)});
  }
  return out;
}

Result<std::vector<std::string>> LedgerNodeReader::nodes(std::span<const ledger::NodeId> ids) {
  std::string leaves;
  std::string inner;
  std::vector<Value> leaf_params;
  std::vector<Value> inner_params;
  for (const ledger::NodeId& id : ids) {
    if (id.level == 0) {
      leaf_params.emplace_back(i64(id.index));
      leaves += (leaves.empty() ? "$" : ", $") + std::to_string(leaf_params.size());
    } else {
      inner_params.emplace_back(std::int64_t{id.level});
      inner_params.emplace_back(i64(id.index));
      inner += (inner.empty() ? "($" : " OR ($") + std::to_string(inner_params.size() - 1) +
               " = level AND idx = $" + std::to_string(inner_params.size()) + ")";
    }
  }
  std::map<std::pair<std::uint32_t, std::uint64_t>, std::string> found;
  if (!leaves.empty()) {
    auto rows = conn_.query(
        "SELECT idx, leaf_hash FROM ledger_leaves WHERE idx IN (" + leaves + ")", leaf_params);
    if (!rows) {
      return std::move(rows).error();
    }
    for (const Row& r : *rows) {
      found[{0, u64(r.int64(0))}] = r.bytes(1);
    }
  }
  if (!inner.empty()) {
    auto rows =
        conn_.query("SELECT level, idx, hash FROM ledger_nodes WHERE " + inner, inner_params);
    if (!rows) {
      return std::move(rows).error();
    }
    for (const Row& r : *rows) {
      found[{static_cast<std::uint32_t>(r.int64(0)), u64(r.int64(1))}] = r.bytes(2);
    }
  }
  std::vector<std::string> out;
  out.reserve(ids.size());
  for (const ledger::NodeId& id : ids) {
    auto it = found.find({id.level, id.index});
    if (it == found.end()) {
      return Error(std::string(errc::not_found), "ledger node (" + std::to_string(id.level) + ", " +
                                                     std::to_string(id.index) + ") not stored");
    }
    out.push_back(it->second);
  }
  return out;
}

Result<bool> insert_checkpoint(Connection& conn, const CheckpointRow& c) {
  auto n = conn.exec(
      "INSERT INTO ledger_checkpoints (size, root, issued_at, origin, hash_alg, key_id, signature)"
      " VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (size) DO NOTHING",
      params({i64(c.size), Bytes{c.root}, to_micros(c.issued_at), c.origin, c.hash_alg, c.key_id,
              Bytes{c.signature}}));
  if (!n) {
    return std::move(n).error();
  }
  return *n > 0;
}

Result<std::optional<CheckpointRow>> latest_checkpoint(Connection& conn) {
  return first_checkpoint(
      conn.query(std::string("SELECT ") + kCheckpointColumns + " ORDER BY size DESC LIMIT 1"));
}

Result<std::optional<CheckpointRow>> checkpoint_of_size(Connection& conn, std::uint64_t size) {
  return first_checkpoint(conn.query(
      std::string("SELECT ") + kCheckpointColumns + " WHERE size = $1", params({i64(size)})));
}

Result<std::optional<CheckpointRow>> first_checkpoint_including(Connection& conn,
                                                                std::uint64_t index) {
  return first_checkpoint(conn.query(
      std::string("SELECT ") + kCheckpointColumns + " WHERE size > $1 ORDER BY size LIMIT 1",
      params({i64(index)})));
}

Result<std::vector<CheckpointRow>> checkpoints_from(Connection& conn, std::uint64_t size,
                                                    int limit) {
  return checkpoints_of(conn.query(
      std::string("SELECT ") + kCheckpointColumns + " WHERE size >= $1 ORDER BY size LIMIT $2",
      params({i64(size), std::int64_t{limit}})));
}

}  // namespace lw::storage
