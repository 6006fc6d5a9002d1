#include "storage/specimens.hpp"

#include "storage/projects.hpp"
#include "storage/rows.hpp"
#include "storage/scope_sql.hpp"

namespace lw::storage {
namespace {

// The rows of the chain `s` sees, for a row of project `project`, region `region` and sampling
// `sampling` (empty: the row has none, so a lab sees nothing of it).
std::string chain_condition(const SpecimenScope& s, const std::string& project,
                            std::string_view region, const std::string& sampling,
                            std::vector<Value>& p) {
  if (s.witness) {
    return "EXISTS (SELECT 1 FROM project_assignments a WHERE a.project_id = " + project +
           " AND a.person_id = " + param(p, *s.witness) + ")";
  }
  if (s.scope.kind == domain::Scope::Kind::lab) {
    if (sampling.empty()) {
      return "1 = 0";
    }
    return "EXISTS (SELECT 1 FROM commissions c WHERE c.sampling_id = " + sampling +
           " AND c.lab_code = " + param(p, s.scope.code) + ")";
  }
  return region_condition(s.scope, region, p);
}

constexpr std::string_view kBatchColumns =
    "b.id, b.project_id, b.region_code, b.quantity, b.requested_by, b.note, b.issued_by,"
    " b.issued_at, (SELECT COUNT(*) FROM labels l WHERE l.batch_id = b.id AND l.sampling_id IS NOT "
    "NULL)";

LabelBatch batch_of(const Row& r) {
  return {r.int64(0), r.int64(1), r.text(2), static_cast<int>(r.int64(3)),
          r.text(4),  r.text(5),  r.text(6), from_micros(r.int64(7)),
          r.int64(8)};
}

constexpr std::string_view kLabelColumns =
    "l.code, l.batch_id, l.project_id, l.sampling_id, l.ordinal,"
    " CASE WHEN l.sampling_id IS NULL THEN 'free' ELSE COALESCE((SELECT r.outcome FROM"
    " specimen_receipts r WHERE r.label_code = l.code ORDER BY r.id DESC LIMIT 1), 'bound') END";

LabelRow label_of(const Row& r) {
  return {r.text(0), r.int64(1), r.int64(2), id_or_none(r, 3), static_cast<int>(r.int64(4)),
          r.text(5)};
}

constexpr std::string_view kSamplingColumns =
    "s.id, s.project_id, s.region_code, s.part, s.material, s.concrete_group, s.grade, s.quantity,"
    " s.specimen_count, s.mould_count, s.maker_kind, s.maker_name, s.curer_kind, s.curer_name,"
    " s.witness_id, s.sampler_id, s.seal_number, s.captured_at, s.received_at, s.location,"
    " s.placard_sha256, s.recorded_by";

Sampling sampling_of(const Row& r) {
  Sampling s;
  s.id = r.int64(0);
  auto& g = s.group;
  g.project_id = r.int64(1);
  s.region_code = r.text(2);
  g.part = r.text(3);
  g.material = domain::parse_material(r.text(4)).value_or(domain::Material::other);
  g.concrete_group = domain::parse_concrete_group(r.text(5));
  g.grade = r.text(6);
  s.quantity = r.text(7);
  g.specimen_count = static_cast<int>(r.int64(8));
  g.mould_count = static_cast<int>(r.int64(9));
  using Kind = domain::SpecimenParty::Kind;
  g.maker = {domain::parse_party_kind(r.text(10)).value_or(Kind::other), r.text(11)};
  g.curer = {domain::parse_party_kind(r.text(12)).value_or(Kind::other), r.text(13)};
  s.witness_id = r.int64(14);
  s.sampler_id = r.int64(15);
  g.seal_number = r.text(16);
  s.captured_at = from_micros(r.int64(17));
  s.received_at = from_micros(r.int64(18));
  s.location = r.text(19);
  s.placard_sha256 = r.text(20);
  s.recorded_by = r.text(21);
  return s;
}

constexpr std::string_view kCommissionColumns =
    "id, sampling_id, lab_code, test_item, commissioned_by, commissioned_at";

Commission commission_of(const Row& r) {
  return {r.int64(0), r.int64(1), r.text(2), r.text(3), r.text(4), from_micros(r.int64(5))};
}

constexpr std::string_view kReceiptColumns =
    "r.id, r.lab_code, r.region_code, r.label_code, r.sampling_id, r.project_id, r.commission_id,"
    " r.outcome, r.reasons, r.warnings, r.witness_id, r.seal_intact, r.condition_ok,"
    " r.description, r.note, r.received_by, r.received_at";

SpecimenReceipt receipt_of(const Row& r) {
  SpecimenReceipt x;
  x.id = r.int64(0);
  x.lab_code = r.text(1);
  x.region_code = r.text(2);
  x.label_code = r.text(3);
  x.sampling_id = id_or_none(r, 4);
  x.project_id = id_or_none(r, 5);
  x.commission_id = id_or_none(r, 6);
  x.received = r.text(7) == "received";
  x.reasons = split(r.text(8));
  x.warnings = split(r.text(9));
  x.witness_id = id_or_none(r, 10);
  x.seal_intact = r.int64(11) != 0;
  x.condition_ok = r.int64(12) != 0;
  x.description = r.text(13);
  x.note = r.text(14);
  x.received_by = r.text(15);
  x.received_at = from_micros(r.int64(16));
  return x;
}

}  // namespace

Status link_account_person(Connection& conn, std::int64_t user_id, std::int64_t person_id,
                           const std::string& by, Instant at) {
  auto done = conn.exec(
      "INSERT INTO account_people (user_id, person_id, linked_by, linked_at) VALUES ($1, $2, $3,"
      " $4)",
      params({user_id, person_id, by, to_micros(at)}));
  if (!done) {
    return std::move(done).error();
  }
  return {};
}

Result<std::optional<std::int64_t>> person_of_account(Connection& conn, std::int64_t user_id) {
  auto rows =
      conn.query("SELECT person_id FROM account_people WHERE user_id = $1", params({user_id}));
  if (!rows) {
    return std::move(rows).error();
  }
  if (rows->empty()) {
    return std::optional<std::int64_t>{};
  }
  return std::optional(rows->front().int64(0));
}

Result<std::optional<std::int64_t>> user_of_person(Connection& conn, std::int64_t person_id) {
  auto rows =
      conn.query("SELECT user_id FROM account_people WHERE person_id = $1", params({person_id}));
  if (!rows) {
    return std::move(rows).error();
  }
  if (rows->empty()) {
    return std::optional<std::int64_t>{};
  }
  return std::optional(rows->front().int64(0));
}

Result<std::vector<domain::Project>> projects_of_person(Connection& conn, std::int64_t person_id,
                                                        Instant now) {
  auto rows = conn.query(
      "SELECT DISTINCT p.id FROM projects p JOIN project_assignments a ON a.project_id = p.id"
      " WHERE a.person_id = $1 AND a.starts_at <= $2 AND (a.ends_at IS NULL OR a.ends_at > $2)"
      " ORDER BY p.id DESC",
      params({person_id, to_micros(now)}));
  if (!rows) {
    return std::move(rows).error();
  }
  std::vector<domain::Project> out;
  for (const auto& r : *rows) {
    auto p = find_project(conn, domain::Scope::all(), r.int64(0));
    if (!p) {
      return std::move(p).error();
    }
    if (*p) {
      out.push_back(std::move(**p));
    }
  }
  return out;
}

Result<std::int64_t> insert_label_batch(Connection& conn, const LabelBatch& b) {
  auto rows = conn.query(
      "INSERT INTO label_batches (project_id, region_code, quantity, requested_by, note,"
      " issued_by, issued_at) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
      params({b.project_id, b.region_code, std::int64_t{b.quantity}, b.requested_by, b.note,
              b.issued_by, to_micros(b.issued_at)}));
  if (!rows) {
    return std::move(rows).error();
  }
  return rows->front().int64(0);
}

Result<bool> insert_label(Connection& conn, const std::string& code, std::int64_t batch_id,
                          std::int64_t project_id) {
  auto taken = conn.query("SELECT 1 FROM labels WHERE code = $1", params({code}));
  if (!taken) {
    return std::move(taken).error();
  }
  if (!taken->empty()) {
    return false;
  }
  auto done = conn.exec("INSERT INTO labels (code, batch_id, project_id) VALUES ($1, $2, $3)",
                        params({code, batch_id, project_id}));
  if (!done) {
    return std::move(done).error();
  }
  return true;
}

Result<std::optional<LabelBatch>> find_label_batch(Connection& conn, const SpecimenScope& scope,
                                                   std::int64_t id) {
  std::vector<Value> p{id};
  const std::string where = chain_condition(scope, "b.project_id", "b.region_code", "", p);
  return first_of(select_all<LabelBatch>(
      conn,
      "SELECT " + std::string(kBatchColumns) + " FROM label_batches b WHERE b.id = $1 AND " + where,
      p, batch_of));
}

Result<std::vector<LabelBatch>> list_label_batches(Connection& conn, const SpecimenScope& scope,
                                                   std::int64_t project_id) {
  std::vector<Value> p{project_id};
  const std::string where = chain_condition(scope, "b.project_id", "b.region_code", "", p);
  return select_all<LabelBatch>(conn,
                                "SELECT " + std::string(kBatchColumns) +
                                    " FROM label_batches b WHERE b.project_id = $1 AND " + where +
                                    " ORDER BY b.id DESC",
                                p, batch_of);
}

Result<std::vector<LabelRow>> list_batch_labels(Connection& conn, std::int64_t batch_id) {
  return select_all<LabelRow>(conn,
                              "SELECT " + std::string(kLabelColumns) +
                                  " FROM labels l WHERE l.batch_id = $1 ORDER BY l.code",
                              params({batch_id}), label_of);
}

Result<std::optional<LabelRow>> find_label(Connection& conn, const SpecimenScope& scope,
                                           const std::string& code) {
  std::vector<Value> p{code};
  const std::string where = chain_condition(
      scope, "l.project_id", "(SELECT b.region_code FROM label_batches b WHERE b.id = l.batch_id)",
      "l.sampling_id", p);
  return first_of(select_all<LabelRow>(
      conn,
      "SELECT " + std::string(kLabelColumns) + " FROM labels l WHERE l.code = $1 AND " + where, p,
      label_of));
}

Result<bool> bind_label(Connection& conn, const std::string& code, std::int64_t sampling_id,
                        int ordinal) {
  auto changed = conn.exec(
      "UPDATE labels SET sampling_id = $1, ordinal = $2 WHERE code = $3 AND sampling_id IS NULL",
      params({sampling_id, std::int64_t{ordinal}, code}));
  if (!changed) {
    return std::move(changed).error();
  }
  return *changed == 1;
}

Result<std::int64_t> insert_sampling(Connection& conn, const Sampling& s) {
  const auto& g = s.group;
  auto rows = conn.query(
      "INSERT INTO samplings (project_id, region_code, part, material, concrete_group, grade,"
      " quantity, specimen_count, mould_count, maker_kind, maker_name, curer_kind, curer_name,"
      " witness_id, sampler_id, seal_number, captured_at, received_at, location, placard_sha256,"
      " recorded_by) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15,"
      " $16, $17, $18, $19, $20, $21) RETURNING id",
      params({g.project_id,
              s.region_code,
              g.part,
              std::string(domain::material_name(g.material)),
              g.concrete_group ? std::string(domain::concrete_group_name(*g.concrete_group))
                               : std::string(),
              g.grade,
              s.quantity,
              std::int64_t{g.specimen_count},
              std::int64_t{g.mould_count},
              std::string(domain::party_kind_name(g.maker.kind)),
              g.maker.name,
              std::string(domain::party_kind_name(g.curer.kind)),
              g.curer.name,
              s.witness_id,
              s.sampler_id,
              g.seal_number,
              to_micros(s.captured_at),
              to_micros(s.received_at),
              s.location,
              s.placard_sha256,
              s.recorded_by}));
  if (!rows) {
    return std::move(rows).error();
  }
  return rows->front().int64(0);
}

Result<std::vector<LabelRow>> sampling_labels(Connection& conn, std::int64_t sampling_id) {
  return select_all<LabelRow>(conn,
                              "SELECT " + std::string(kLabelColumns) +
                                  " FROM labels l WHERE l.sampling_id = $1 ORDER BY l.ordinal",
                              params({sampling_id}), label_of);
}

namespace {

// The sampling with its label codes filled in.
Result<Sampling> with_labels(Connection& conn, Sampling s) {
  auto labels = sampling_labels(conn, s.id);
  if (!labels) {
    return std::move(labels).error();
  }
  for (const auto& l : *labels) {
    s.group.labels.push_back(l.code);
  }
  return s;
}

}  // namespace

Result<std::optional<Sampling>> find_sampling(Connection& conn, const SpecimenScope& scope,
                                              std::int64_t id) {
  std::vector<Value> p{id};
  const std::string where = chain_condition(scope, "s.project_id", "s.region_code", "s.id", p);
  auto found = first_of(select_all<Sampling>(
      conn,
      "SELECT " + std::string(kSamplingColumns) + " FROM samplings s WHERE s.id = $1 AND " + where,
      p, sampling_of));
  if (!found || !*found) {
    return found;
  }
  auto full = with_labels(conn, std::move(**found));
  if (!full) {
    return std::move(full).error();
  }
  return std::optional(std::move(*full));
}

Result<Paged<Sampling>> list_samplings(Connection& conn, const SpecimenScope& scope,
                                       const SamplingFilter& filter, const Page& page) {
  std::vector<Value> p;
  std::string where = chain_condition(scope, "s.project_id", "s.region_code", "s.id", p) + " AND " +
                      contains_condition(filter.q, {"s.part", "s.grade", "s.seal_number"}, p);
  if (filter.project_id) {
    where += " AND s.project_id = " + param(p, *filter.project_id);
  }
  auto count = conn.query("SELECT COUNT(*) FROM samplings s WHERE " + where, p);
  if (!count) {
    return std::move(count).error();
  }
  Paged<Sampling> out;
  out.total = count->front().int64(0);
  std::string sql = "SELECT " + std::string(kSamplingColumns) + " FROM samplings s WHERE " + where +
                    " ORDER BY s.id DESC" + page_clause(page, p);
  auto items = select_all<Sampling>(conn, sql, p, sampling_of);
  if (!items) {
    return std::move(items).error();
  }
  for (auto& s : *items) {
    auto full = with_labels(conn, std::move(s));
    if (!full) {
      return std::move(full).error();
    }
    out.items.push_back(std::move(*full));
  }
  return out;
}

Result<std::int64_t> insert_commission(Connection& conn, const Commission& c) {
  auto rows = conn.query(
      "INSERT INTO commissions (sampling_id, lab_code, test_item, commissioned_by,"
      " commissioned_at) VALUES ($1, $2, $3, $4, $5) RETURNING id",
      params({c.sampling_id, c.lab_code, c.test_item, c.commissioned_by,
              to_micros(c.commissioned_at)}));
  if (!rows) {
    return std::move(rows).error();
  }
  return rows->front().int64(0);
}

Result<std::vector<Commission>> list_commissions(Connection& conn, std::int64_t sampling_id) {
  return select_all<Commission>(conn,
                                "SELECT " + std::string(kCommissionColumns) +
                                    " FROM commissions WHERE sampling_id = $1 ORDER BY id",
                                params({sampling_id}), commission_of);
}

Result<std::int64_t> insert_receipt(Connection& conn, const SpecimenReceipt& r) {
  auto rows = conn.query(
      "INSERT INTO specimen_receipts (lab_code, region_code, label_code, sampling_id, project_id,"
      " commission_id, outcome, reasons, warnings, witness_id, seal_intact, condition_ok,"
      " description, note, received_by, received_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9,"
      " $10, $11, $12, $13, $14, $15, $16) RETURNING id",
      params({r.lab_code, r.region_code, r.label_code, optional_id(r.sampling_id),
              optional_id(r.project_id), optional_id(r.commission_id),
              std::string(r.received ? "received" : "refused"), joined(r.reasons),
              joined(r.warnings), optional_id(r.witness_id), std::int64_t{r.seal_intact},
              std::int64_t{r.condition_ok}, r.description, r.note, r.received_by,
              to_micros(r.received_at)}));
  if (!rows) {
    return std::move(rows).error();
  }
  return rows->front().int64(0);
}

Result<bool> label_received(Connection& conn, const std::string& label_code) {
  auto rows =
      conn.query("SELECT 1 FROM specimen_receipts WHERE label_code = $1 AND outcome = 'received'",
                 params({label_code}));
  if (!rows) {
    return std::move(rows).error();
  }
  return !rows->empty();
}

Result<std::optional<SpecimenReceipt>> find_receipt(Connection& conn, const std::string& lab_code,
                                                    std::int64_t id) {
  return first_of(select_all<SpecimenReceipt>(
      conn,
      "SELECT " + std::string(kReceiptColumns) +
          " FROM specimen_receipts r WHERE r.id = $1 AND r.lab_code = $2",
      params({id, lab_code}), receipt_of));
}

Result<std::vector<SpecimenReceipt>> receipts_of(Connection& conn,
                                                 std::optional<std::int64_t> sampling_id,
                                                 const std::string& label_code) {
  std::vector<Value> p;
  std::string where = "1 = 0";
  if (!label_code.empty()) {
    where += " OR r.label_code = " + param(p, label_code);
  }
  if (sampling_id) {
    where += " OR r.sampling_id = " + param(p, *sampling_id);
  }
  return select_all<SpecimenReceipt>(conn,
                                     "SELECT " + std::string(kReceiptColumns) +
                                         " FROM specimen_receipts r WHERE " + where +
                                         " ORDER BY r.id",
                                     p, receipt_of);
}

Result<Paged<SpecimenReceipt>> list_receipts(Connection& conn, const SpecimenScope& scope,
                                             const ReceiptFilter& filter, const Page& page) {
  std::vector<Value> p;
  std::string where;
  if (scope.witness) {
    where = chain_condition(scope, "r.project_id", "", "", p);
  } else if (scope.scope.kind == domain::Scope::Kind::lab) {
    where = "r.lab_code = " + param(p, scope.scope.code);
  } else {
    where = region_condition(scope.scope, "r.region_code", p);
  }
  if (!filter.outcome.empty()) {
    where += " AND r.outcome = " + param(p, filter.outcome);
  }
  auto count = conn.query("SELECT COUNT(*) FROM specimen_receipts r WHERE " + where, p);
  if (!count) {
    return std::move(count).error();
  }
  Paged<SpecimenReceipt> out;
  out.total = count->front().int64(0);
  std::string sql = "SELECT " + std::string(kReceiptColumns) + " FROM specimen_receipts r WHERE " +
                    where + " ORDER BY r.id DESC" + page_clause(page, p);
  auto items = select_all<SpecimenReceipt>(conn, sql, p, receipt_of);
  if (!items) {
    return std::move(items).error();
  }
  out.items = std::move(*items);
  return out;
}

}  // namespace lw::storage
