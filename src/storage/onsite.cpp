#include "storage/onsite.hpp"

#include "storage/rows.hpp"
#include "storage/scope_sql.hpp"

namespace lw::storage {
namespace {

Value real_or_null(const std::optional<double>& v) {
  return v ? Value(*v) : Value(nullptr);
}

std::optional<double> real_or_none(const Row& r, std::size_t i) {
  return r.is_null(i) ? std::nullopt : std::optional(r.real(i));
}

std::string ids_joined(const std::vector<std::int64_t>& ids) {
  std::vector<std::string> tokens;
  for (auto id : ids) {
    tokens.push_back(std::to_string(id));
  }
  return joined(tokens);
}

std::vector<std::int64_t> ids_of(const std::string& text) {
  std::vector<std::int64_t> out;
  for (const auto& t : split(text)) {
    out.push_back(std::stoll(t));
  }
  return out;
}

// Components.

constexpr std::string_view kComponentColumns =
    "id, project_id, code, name, part, created_by, created_at";

Component component_of(const Row& r) {
  return {
      r.int64(0), r.int64(1), r.text(2), r.text(3), r.text(4), r.text(5), from_micros(r.int64(6))};
}

// Batches.

constexpr std::string_view kLockColumns =
    "l.id, l.batch_id, l.reason, l.test_id, l.locked_at, l.unlocked_by, l.unlocked_at,"
    " l.unlock_reason";

BatchLock lock_of(const Row& r, std::size_t o = 0) {
  BatchLock l;
  l.id = r.int64(o + 0);
  l.batch_id = r.int64(o + 1);
  l.reason = r.text(o + 2);
  l.test_id = r.int64(o + 3);
  l.locked_at = from_micros(r.int64(o + 4));
  l.unlocked_by = r.text(o + 5);
  l.unlocked_at = instant_or_none(r, o + 6);
  l.unlock_reason = r.text(o + 7);
  return l;
}

// The batch and its open lock (the lock's columns null when none).
const std::string kBatchColumns =
    "b.id, b.lab_code, b.sandbox, b.region_code, b.project_id, b.item, b.category, b.batch_no,"
    " b.created_by, b.created_at, " +
    std::string(kLockColumns);
constexpr std::string_view kBatchFrom =
    "onsite_batches b LEFT JOIN onsite_batch_locks l ON l.id = b.lock_id";

OnsiteBatch batch_of(const Row& r) {
  OnsiteBatch b;
  b.id = r.int64(0);
  b.lab_code = r.text(1);
  b.sandbox = r.int64(2) != 0;
  b.region_code = r.text(3);
  b.project_id = r.int64(4);
  b.item = r.text(5);
  b.category = r.text(6);
  b.batch_no = r.text(7);
  b.created_by = r.text(8);
  b.created_at = from_micros(r.int64(9));
  if (!r.is_null(10)) {
    b.lock = lock_of(r, 10);
  }
  return b;
}

// Tests.

constexpr std::string_view kTestColumns =
    "t.id, t.batch_id, t.lab_code, t.sandbox, t.region_code, t.project_id, t.item, t.component_id,"
    " t.component_code, t.equipment_id, t.tester_ids, t.witness_id, t.started_at, t.finished_at,"
    " t.finish_source, t.due_at, t.force_majeure_id, t.data_received_at, t.first_photo_at,"
    " t.photos, t.flagged_photos, t.upload_status, t.version, t.received_at, t.updated_at,"
    " t.created_by";

OnsiteTest test_of(const Row& r) {
  OnsiteTest t;
  t.id = r.int64(0);
  t.batch_id = r.int64(1);
  t.lab_code = r.text(2);
  t.sandbox = r.int64(3) != 0;
  t.region_code = r.text(4);
  t.project_id = r.int64(5);
  t.item = r.text(6);
  t.component_id = r.int64(7);
  t.component_code = r.text(8);
  t.equipment_id = r.int64(9);
  t.tester_ids = ids_of(r.text(10));
  t.witness_id = r.int64(11);
  t.started_at = from_micros(r.int64(12));
  t.finished_at = instant_or_none(r, 13);
  t.finish_source = r.text(14);
  t.due_at = instant_or_none(r, 15);
  t.force_majeure_id = id_or_none(r, 16);
  t.data_received_at = instant_or_none(r, 17);
  t.first_photo_at = instant_or_none(r, 18);
  t.photos = r.int64(19);
  t.flagged_photos = r.int64(20);
  t.upload_status = r.text(21);
  t.version = r.int64(22);
  t.received_at = from_micros(r.int64(23));
  t.updated_at = from_micros(r.int64(24));
  t.created_by = r.text(25);
  return t;
}

// Photos.

constexpr std::string_view kPhotoColumns =
    "id, test_id, sha256, thumb_sha256, received_at, received_by, on_time, captured_at,"
    " captured_at_source, lat, lng, location_source, tester_id, equipment_id, component_code,"
    " device, quant_fingerprint, phash, stamp, metadata, findings, flagged";

OnsitePhoto photo_of(const Row& r) {
  OnsitePhoto p;
  p.id = r.int64(0);
  p.test_id = r.int64(1);
  p.sha256 = r.text(2);
  p.thumb_sha256 = r.text(3);
  p.received_at = from_micros(r.int64(4));
  p.received_by = r.text(5);
  p.on_time = r.int64(6) != 0;
  p.captured_at = instant_or_none(r, 7);
  p.captured_at_source = r.text(8);
  p.lat = real_or_none(r, 9);
  p.lng = real_or_none(r, 10);
  p.location_source = r.text(11);
  p.tester_id = id_or_none(r, 12);
  p.equipment_id = id_or_none(r, 13);
  p.component_code = r.text(14);
  p.device = r.text(15);
  p.quant_fingerprint = r.text(16);
  p.phash = r.int64(17);
  p.stamp = r.text(18);
  p.metadata = r.text(19);
  p.findings = r.text(20);
  p.flagged = r.int64(21) != 0;
  return p;
}

// Force majeure.

constexpr std::string_view kFilingColumns =
    "f.id, f.test_id, f.lab_code, f.sandbox, f.region_code, f.project_id, f.reason,"
    " f.evidence_sha256, f.filed_by, f.filed_at, f.in_time, f.cleared_at, f.cleared_reported_at,"
    " f.status, f.decided_by, f.decided_at, f.decision_reason";

ForceMajeure filing_of(const Row& r) {
  ForceMajeure f;
  f.id = r.int64(0);
  f.test_id = r.int64(1);
  f.lab_code = r.text(2);
  f.sandbox = r.int64(3) != 0;
  f.region_code = r.text(4);
  f.project_id = r.int64(5);
  f.reason = r.text(6);
  f.evidence_sha256 = r.text(7);
  f.filed_by = r.text(8);
  f.filed_at = from_micros(r.int64(9));
  f.in_time = r.int64(10) != 0;
  f.cleared_at = instant_or_none(r, 11);
  f.cleared_reported_at = instant_or_none(r, 12);
  f.status = r.text(13);
  f.decided_by = r.text(14);
  f.decided_at = instant_or_none(r, 15);
  f.decision_reason = r.text(16);
  return f;
}

Result<std::int64_t> returned_id(Result<Rows> rows) {
  if (!rows) {
    return std::move(rows).error();
  }
  return rows->front().int64(0);
}

// The id of a row inserted unless its key exists (ON CONFLICT DO NOTHING RETURNING id).
Result<std::optional<std::int64_t>> id_unless_exists(Result<Rows> rows) {
  if (!rows) {
    return std::move(rows).error();
  }
  return rows->empty() ? std::nullopt : std::optional(rows->front().int64(0));
}

Status done(Result<std::int64_t> changed) {
  if (!changed) {
    return std::move(changed).error();
  }
  return {};
}

}  // namespace

// Components.

Result<std::optional<std::int64_t>> insert_component(Connection& conn, const Component& c) {
  return id_unless_exists(conn.query(
      "INSERT INTO components (project_id, code, name, part, created_by, created_at)"
      " VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (project_id, code) DO NOTHING RETURNING id",
      params({c.project_id, c.code, c.name, c.part, c.created_by, to_micros(c.created_at)})));
}

Result<std::optional<Component>> find_component(Connection& conn, std::int64_t project_id,
                                                const std::string& code) {
  return first_of(select_all<Component>(conn,
                                        "SELECT " + std::string(kComponentColumns) +
                                            " FROM components WHERE project_id = $1 AND code = $2",
                                        params({project_id, code}), component_of));
}

Result<Paged<Component>> list_components(Connection& conn, std::int64_t project_id,
                                         const std::string& q, const Page& page) {
  std::vector<Value> p{project_id};
  const std::string where =
      "project_id = $1 AND " + contains_condition(q, {"code", "name", "part"}, p);
  return select_page<Component>(conn, "components WHERE " + where, std::string(kComponentColumns),
                                "code", std::move(p), page, component_of);
}

// Batches and locks.

Result<std::optional<std::int64_t>> insert_batch(Connection& conn, const OnsiteBatch& b) {
  return id_unless_exists(conn.query(
      "INSERT INTO onsite_batches (lab_code, sandbox, region_code, project_id, item, category,"
      " batch_no, created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)"
      " ON CONFLICT (lab_code, batch_no) DO NOTHING RETURNING id",
      params({b.lab_code, std::int64_t{b.sandbox}, b.region_code, b.project_id, b.item, b.category,
              b.batch_no, b.created_by, to_micros(b.created_at)})));
}

Result<std::optional<OnsiteBatch>> find_batch(Connection& conn, const domain::Scope& scope,
                                              std::int64_t id) {
  std::vector<Value> p{id};
  const std::string where = lab_or_region_condition(scope, "b", p);
  return first_of(select_all<OnsiteBatch>(conn,
                                          "SELECT " + kBatchColumns + " FROM " +
                                              std::string(kBatchFrom) + " WHERE b.id = $1 AND " +
                                              where,
                                          p, batch_of));
}

Result<Paged<OnsiteBatch>> list_batches(Connection& conn, const domain::Scope& scope,
                                        const BatchFilter& filter, const Page& page) {
  std::vector<Value> p;
  std::string where = lab_or_region_condition(scope, "b", p) + " AND " +
                      contains_condition(filter.q, {"b.batch_no", "b.item"}, p);
  if (filter.project_id) {
    where += " AND b.project_id = " + param(p, *filter.project_id);
  }
  if (!filter.lab_code.empty()) {
    where += " AND b.lab_code = " + param(p, filter.lab_code);
  }
  if (filter.locked) {
    where += *filter.locked ? " AND b.lock_id IS NOT NULL" : " AND b.lock_id IS NULL";
  }
  return select_page<OnsiteBatch>(conn, std::string(kBatchFrom) + " WHERE " + where, kBatchColumns,
                                  "CASE WHEN b.lock_id IS NULL THEN 1 ELSE 0 END, b.id DESC",
                                  std::move(p), page, batch_of);
}

Result<std::optional<std::int64_t>> lock_batch(Connection& conn, std::int64_t batch_id,
                                               const std::string& reason, std::int64_t test_id,
                                               Instant at) {
  auto open = conn.query("SELECT lock_id FROM onsite_batches WHERE id = $1", params({batch_id}));
  if (!open) {
    return std::move(open).error();
  }
  if (open->empty() || !open->front().is_null(0)) {
    return std::optional<std::int64_t>{};
  }
  auto id =
      returned_id(conn.query("INSERT INTO onsite_batch_locks (batch_id, reason, test_id, locked_at)"
                             " VALUES ($1, $2, $3, $4) RETURNING id",
                             params({batch_id, reason, test_id, to_micros(at)})));
  if (!id) {
    return std::move(id).error();
  }
  auto set =
      conn.exec("UPDATE onsite_batches SET lock_id = $2 WHERE id = $1", params({batch_id, *id}));
  if (!set) {
    return std::move(set).error();
  }
  return std::optional(*id);
}

Status unlock_batch(Connection& conn, const BatchLock& closed) {
  if (auto st = done(conn.exec(
          "UPDATE onsite_batch_locks SET unlocked_by = $2, unlocked_at = $3, unlock_reason = $4"
          " WHERE id = $1",
          params({closed.id, closed.unlocked_by, instant_or_null(closed.unlocked_at),
                  closed.unlock_reason})));
      !st) {
    return st;
  }
  return done(conn.exec("UPDATE onsite_batches SET lock_id = NULL WHERE id = $1 AND lock_id = $2",
                        params({closed.batch_id, closed.id})));
}

Result<std::vector<BatchLock>> locks_of(Connection& conn, std::int64_t batch_id) {
  return select_all<BatchLock>(conn,
                               "SELECT " + std::string(kLockColumns) +
                                   " FROM onsite_batch_locks l WHERE l.batch_id = $1 ORDER BY l.id",
                               params({batch_id}), [](const Row& r) { return lock_of(r); });
}

// Tests.

Result<std::int64_t> insert_onsite_test(Connection& conn, const OnsiteTest& t) {
  return returned_id(conn.query(
      "INSERT INTO onsite_tests (batch_id, lab_code, sandbox, region_code, project_id, item,"
      " component_id, component_code, equipment_id, tester_ids, witness_id, started_at,"
      " upload_status, received_at, updated_at, created_by)"
      " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)"
      " RETURNING id",
      params({t.batch_id, t.lab_code, std::int64_t{t.sandbox}, t.region_code, t.project_id, t.item,
              t.component_id, t.component_code, t.equipment_id, ids_joined(t.tester_ids),
              t.witness_id, to_micros(t.started_at), t.upload_status, to_micros(t.received_at),
              to_micros(t.updated_at), t.created_by})));
}

Status update_onsite_test(Connection& conn, const OnsiteTest& t) {
  return done(conn.exec(
      "UPDATE onsite_tests SET finished_at = $2, finish_source = $3, due_at = $4,"
      " force_majeure_id = $5, data_received_at = $6, first_photo_at = $7, photos = $8,"
      " flagged_photos = $9, upload_status = $10, version = $11, updated_at = $12 WHERE id = $1",
      params({t.id, instant_or_null(t.finished_at), t.finish_source, instant_or_null(t.due_at),
              optional_id(t.force_majeure_id), instant_or_null(t.data_received_at),
              instant_or_null(t.first_photo_at), t.photos, t.flagged_photos, t.upload_status,
              t.version, to_micros(t.updated_at)})));
}

Result<std::optional<OnsiteTest>> find_onsite_test(Connection& conn, const domain::Scope& scope,
                                                   std::int64_t id) {
  std::vector<Value> p{id};
  const std::string where = lab_or_region_condition(scope, "t", p);
  return first_of(select_all<OnsiteTest>(
      conn,
      "SELECT " + std::string(kTestColumns) + " FROM onsite_tests t WHERE t.id = $1 AND " + where,
      p, test_of));
}

Result<Paged<OnsiteTest>> list_onsite_tests(Connection& conn, const domain::Scope& scope,
                                            const OnsiteTestFilter& filter, const Page& page) {
  std::vector<Value> p;
  std::string where = lab_or_region_condition(scope, "t", p) + " AND " +
                      contains_condition(filter.q, {"t.item", "t.component_code"}, p);
  if (filter.batch_id) {
    where += " AND t.batch_id = " + param(p, *filter.batch_id);
  }
  if (filter.project_id) {
    where += " AND t.project_id = " + param(p, *filter.project_id);
  }
  if (!filter.lab_code.empty()) {
    where += " AND t.lab_code = " + param(p, filter.lab_code);
  }
  if (!filter.upload_status.empty()) {
    where += " AND t.upload_status = " + param(p, filter.upload_status);
  }
  if (filter.flagged) {
    where += *filter.flagged ? " AND t.flagged_photos > 0" : " AND t.flagged_photos = 0";
  }
  return select_page<OnsiteTest>(conn, "onsite_tests t WHERE " + where, std::string(kTestColumns),
                                 "t.id DESC", std::move(p), page, test_of);
}

Result<std::vector<OnsiteTest>> overdue_tests(Connection& conn, Instant now, int limit) {
  return select_all<OnsiteTest>(
      conn,
      "SELECT " + std::string(kTestColumns) +
          " FROM onsite_tests t WHERE t.upload_status = 'awaiting' AND t.due_at < $1"
          " ORDER BY t.due_at LIMIT $2",
      params({to_micros(now), std::int64_t{limit}}), test_of);
}

// Photos.

Result<std::int64_t> insert_photo(Connection& conn, const OnsitePhoto& p) {
  return returned_id(conn.query(
      "INSERT INTO onsite_photos (test_id, sha256, thumb_sha256, received_at, received_by,"
      " on_time, captured_at, captured_at_source, lat, lng, location_source, tester_id,"
      " equipment_id, component_code, device, quant_fingerprint, phash, stamp, metadata, findings,"
      " flagged) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16,"
      " $17, $18, $19, $20, $21) RETURNING id",
      params({p.test_id,
              p.sha256,
              p.thumb_sha256,
              to_micros(p.received_at),
              p.received_by,
              std::int64_t{p.on_time},
              instant_or_null(p.captured_at),
              p.captured_at_source,
              real_or_null(p.lat),
              real_or_null(p.lng),
              p.location_source,
              optional_id(p.tester_id),
              optional_id(p.equipment_id),
              p.component_code,
              p.device,
              p.quant_fingerprint,
              p.phash,
              p.stamp,
              p.metadata,
              p.findings,
              std::int64_t{p.flagged}})));
}

Result<std::vector<OnsitePhoto>> photos_of(Connection& conn, std::int64_t test_id) {
  return select_all<OnsitePhoto>(
      conn,
      "SELECT " + std::string(kPhotoColumns) + " FROM onsite_photos WHERE test_id = $1 ORDER BY id",
      params({test_id}), photo_of);
}

Result<std::optional<OnsitePhoto>> find_photo(Connection& conn, std::int64_t id) {
  return first_of(select_all<OnsitePhoto>(
      conn, "SELECT " + std::string(kPhotoColumns) + " FROM onsite_photos WHERE id = $1",
      params({id}), photo_of));
}

Result<std::vector<OnsitePhoto>> photos_with_sha(Connection& conn, const std::string& sha256) {
  return select_all<OnsitePhoto>(conn,
                                 "SELECT " + std::string(kPhotoColumns) +
                                     " FROM onsite_photos WHERE sha256 = $1 ORDER BY id LIMIT 20",
                                 params({sha256}), photo_of);
}

Result<std::vector<std::string>> other_fingerprints(Connection& conn, const std::string& device,
                                                    const std::string& fingerprint) {
  return select_all<std::string>(
      conn,
      "SELECT DISTINCT quant_fingerprint FROM onsite_photos WHERE device = $1 AND flagged = 0"
      " AND quant_fingerprint <> $2 AND quant_fingerprint <> '' ORDER BY quant_fingerprint"
      " LIMIT 10",
      params({device, fingerprint}), [](const Row& r) { return r.text(0); });
}

// Force majeure.

Result<std::int64_t> insert_force_majeure(Connection& conn, const ForceMajeure& f) {
  return returned_id(conn.query(
      "INSERT INTO force_majeure_filings (test_id, lab_code, sandbox, region_code, project_id,"
      " reason, evidence_sha256, filed_by, filed_at, in_time, status)"
      " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id",
      params({f.test_id, f.lab_code, std::int64_t{f.sandbox}, f.region_code, f.project_id, f.reason,
              f.evidence_sha256, f.filed_by, to_micros(f.filed_at), std::int64_t{f.in_time},
              f.status})));
}

Status update_force_majeure(Connection& conn, const ForceMajeure& f) {
  return done(conn.exec(
      "UPDATE force_majeure_filings SET cleared_at = $2, cleared_reported_at = $3, status = $4,"
      " decided_by = $5, decided_at = $6, decision_reason = $7 WHERE id = $1",
      params({f.id, instant_or_null(f.cleared_at), instant_or_null(f.cleared_reported_at), f.status,
              f.decided_by, instant_or_null(f.decided_at), f.decision_reason})));
}

Result<std::optional<ForceMajeure>> find_force_majeure(Connection& conn, const domain::Scope& scope,
                                                       std::int64_t id) {
  std::vector<Value> p{id};
  const std::string where = lab_or_region_condition(scope, "f", p);
  return first_of(select_all<ForceMajeure>(conn,
                                           "SELECT " + std::string(kFilingColumns) +
                                               " FROM force_majeure_filings f WHERE f.id = $1"
                                               " AND " +
                                               where,
                                           p, filing_of));
}

Result<std::vector<ForceMajeure>> filings_of(Connection& conn, std::int64_t test_id) {
  return select_all<ForceMajeure>(conn,
                                  "SELECT " + std::string(kFilingColumns) +
                                      " FROM force_majeure_filings f WHERE f.test_id = $1"
                                      " ORDER BY f.id",
                                  params({test_id}), filing_of);
}

Result<Paged<ForceMajeure>> list_force_majeure(Connection& conn, const domain::Scope& scope,
                                               const std::string& status, const std::string& q,
                                               const Page& page) {
  std::vector<Value> p;
  std::string where =
      lab_or_region_condition(scope, "f", p) + " AND " + contains_condition(q, {"f.reason"}, p);
  if (!status.empty()) {
    where += " AND f.status = " + param(p, status);
  }
  return select_page<ForceMajeure>(conn, "force_majeure_filings f WHERE " + where,
                                   std::string(kFilingColumns), "f.id DESC", std::move(p), page,
                                   filing_of);
}

}  // namespace lw::storage
