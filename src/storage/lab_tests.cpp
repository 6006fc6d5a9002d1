#include "storage/lab_tests.hpp"

#include <algorithm>

#include "storage/rows.hpp"
#include "storage/scope_sql.hpp"

namespace lw::storage {
namespace {

Value optional_date(const std::optional<domain::Date>& d) {
  return d ? Value(domain::format_date(*d)) : Value(std::string());
}

std::optional<domain::Date> date_or_none(const Row& r, std::size_t i) {
  return domain::parse_date(r.text(i));
}

domain::Date required_date(const Row& r, std::size_t i) {
  return domain::parse_date(r.text(i)).value_or(domain::Date{});
}

constexpr std::string_view kContractColumns =
    "id, lab_code, sandbox, region_code, project_id, contract_no, client, items, signed_on,"
    " amount_yuan, document_sha256, due_by, late, received_by, received_at";

TestContract contract_of(const Row& r) {
  TestContract c;
  c.id = r.int64(0);
  c.lab_code = r.text(1);
  c.sandbox = r.int64(2) != 0;
  c.region_code = r.text(3);
  c.project_id = r.int64(4);
  c.contract_no = r.text(5);
  c.client = r.text(6);
  c.items = split(r.text(7));
  c.signed_on = required_date(r, 8);
  c.amount_yuan = r.text(9);
  c.document_sha256 = r.text(10);
  c.due_by = date_or_none(r, 11);
  c.late = r.int64(12) != 0;
  c.received_by = r.text(13);
  c.received_at = from_micros(r.int64(14));
  return c;
}

constexpr std::string_view kPlanColumns =
    "id, lab_code, sandbox, region_code, project_id, contract_id, items, planned_start,"
    " planned_end, note, latest_on_time, late, received_by, received_at";

TestPlan plan_of(const Row& r) {
  TestPlan p;
  p.id = r.int64(0);
  p.lab_code = r.text(1);
  p.sandbox = r.int64(2) != 0;
  p.region_code = r.text(3);
  p.project_id = r.int64(4);
  p.contract_id = id_or_none(r, 5);
  p.items = split(r.text(6));
  p.planned_start = required_date(r, 7);
  p.planned_end = required_date(r, 8);
  p.note = r.text(9);
  p.latest_on_time = date_or_none(r, 10);
  p.late = r.int64(11) != 0;
  p.received_by = r.text(12);
  p.received_at = from_micros(r.int64(13));
  return p;
}

constexpr std::string_view kTestColumns =
    "t.id, t.lab_code, t.sandbox, t.region_code, t.project_id, t.sampling_id, t.item, t.standard,"
    " t.grade, t.equipment_id, t.tester_id, t.acquisition, t.manual_reason, t.environment,"
    " t.plan_id, t.retest_of, t.status, t.version, t.anomalies, t.conclusion, t.started_at,"
    " t.received_at, t.finished_at, t.updated_at, t.started_by";

LabTest test_of(const Row& r) {
  LabTest t;
  t.id = r.int64(0);
  t.lab_code = r.text(1);
  t.sandbox = r.int64(2) != 0;
  t.region_code = r.text(3);
  t.project_id = r.int64(4);
  t.sampling_id = r.int64(5);
  t.item = r.text(6);
  t.standard = r.text(7);
  t.grade = r.text(8);
  t.equipment_id = r.int64(9);
  t.tester_id = r.int64(10);
  t.acquisition = r.text(11);
  t.manual_reason = r.text(12);
  t.environment = r.text(13);
  t.plan_id = id_or_none(r, 14);
  t.retest_of = id_or_none(r, 15);
  t.status = r.text(16);
  t.version = r.int64(17);
  t.anomalies = r.int64(18);
  t.conclusion = r.text(19);
  t.started_at = from_micros(r.int64(20));
  t.received_at = from_micros(r.int64(21));
  if (!r.is_null(22)) {
    t.finished_at = from_micros(r.int64(22));
  }
  t.updated_at = from_micros(r.int64(23));
  t.started_by = r.text(24);
  return t;
}

Result<LabTest> with_labels(Connection& conn, LabTest t) {
  auto rows =
      conn.query("SELECT label_code FROM lab_test_specimens WHERE test_id = $1 ORDER BY ordinal",
                 params({t.id}));
  if (!rows) {
    return std::move(rows).error();
  }
  for (const auto& r : *rows) {
    t.labels.push_back(r.text(0));
  }
  return t;
}

// "$k, $k+1, …" for `values`, appended to `p`.
template <class T>
std::string value_list(const std::vector<T>& values, std::vector<Value>& p) {
  std::string out;
  for (const auto& v : values) {
    out += (out.empty() ? "" : ", ") + param(p, v);
  }
  return out;
}

}  // namespace

// Contracts.

Result<std::optional<std::int64_t>> insert_contract(Connection& conn, const TestContract& c) {
  auto rows = conn.query(
      "INSERT INTO test_contracts (lab_code, sandbox, region_code, project_id, contract_no, client,"
      " items, signed_on, amount_yuan, document_sha256, due_by, late, received_by, received_at)"
      " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)"
      " ON CONFLICT (lab_code, contract_no) DO NOTHING RETURNING id",
      params({c.lab_code, std::int64_t{c.sandbox}, c.region_code, c.project_id, c.contract_no,
              c.client, joined(c.items), domain::format_date(c.signed_on), c.amount_yuan,
              c.document_sha256, optional_date(c.due_by), std::int64_t{c.late}, c.received_by,
              to_micros(c.received_at)}));
  if (!rows) {
    return std::move(rows).error();
  }
  if (rows->empty()) {
    return std::optional<std::int64_t>{};
  }
  return std::optional(rows->front().int64(0));
}

Result<std::optional<TestContract>> find_contract(Connection& conn, const domain::Scope& scope,
                                                  std::int64_t id) {
  std::vector<Value> p{id};
  const std::string where = lab_or_region_condition(scope, "", p);
  return first_of(select_all<TestContract>(
      conn,
      "SELECT " + std::string(kContractColumns) + " FROM test_contracts WHERE id = $1 AND " + where,
      p, contract_of));
}

Result<std::optional<TestContract>> find_contract_by_no(Connection& conn,
                                                        const std::string& lab_code,
                                                        const std::string& contract_no) {
  return first_of(
      select_all<TestContract>(conn,
                               "SELECT " + std::string(kContractColumns) +
                                   " FROM test_contracts WHERE lab_code = $1 AND contract_no = $2",
                               params({lab_code, contract_no}), contract_of));
}

Result<Paged<TestContract>> list_contracts(Connection& conn, const domain::Scope& scope,
                                           const ContractFilter& filter, const Page& page) {
  std::vector<Value> p;
  std::string where = lab_or_region_condition(scope, "", p) + " AND " +
                      contains_condition(filter.q, {"contract_no", "client"}, p);
  if (filter.project_id) {
    where += " AND project_id = " + param(p, *filter.project_id);
  }
  if (filter.late) {
    where += " AND late = " + param(p, std::int64_t{*filter.late});
  }
  return select_page<TestContract>(conn, "test_contracts WHERE " + where,
                                   std::string(kContractColumns), "id DESC", std::move(p), page,
                                   contract_of);
}

// Plans.

Result<std::int64_t> insert_plan(Connection& conn, const TestPlan& t) {
  auto rows = conn.query(
      "INSERT INTO test_plans (lab_code, sandbox, region_code, project_id, contract_id, items,"
      " planned_start, planned_end, note, latest_on_time, late, received_by, received_at)"
      " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) RETURNING id",
      params({t.lab_code, std::int64_t{t.sandbox}, t.region_code, t.project_id,
              optional_id(t.contract_id), joined(t.items), domain::format_date(t.planned_start),
              domain::format_date(t.planned_end), t.note, optional_date(t.latest_on_time),
              std::int64_t{t.late}, t.received_by, to_micros(t.received_at)}));
  if (!rows) {
    return std::move(rows).error();
  }
  return rows->front().int64(0);
}

Result<std::vector<TestPlan>> plans_of(Connection& conn, const std::string& lab_code,
                                       std::int64_t project_id) {
  return select_all<TestPlan>(conn,
                              "SELECT " + std::string(kPlanColumns) +
                                  " FROM test_plans WHERE lab_code = $1 AND project_id = $2"
                                  " ORDER BY id",
                              params({lab_code, project_id}), plan_of);
}

Result<Paged<TestPlan>> list_plans(Connection& conn, const domain::Scope& scope,
                                   const PlanFilter& filter, const Page& page) {
  std::vector<Value> p;
  std::string where = lab_or_region_condition(scope, "", p);
  if (filter.project_id) {
    where += " AND project_id = " + param(p, *filter.project_id);
  }
  if (filter.late) {
    where += " AND late = " + param(p, std::int64_t{*filter.late});
  }
  return select_page<TestPlan>(conn, "test_plans WHERE " + where, std::string(kPlanColumns),
                               "id DESC", std::move(p), page, plan_of);
}

// Tests.

Result<std::int64_t> insert_test(Connection& conn, const LabTest& t) {
  auto rows = conn.query(
      "INSERT INTO lab_tests (lab_code, sandbox, region_code, project_id, sampling_id, item,"
      " standard, grade, equipment_id, tester_id, acquisition, manual_reason, environment, plan_id,"
      " retest_of, status, version, anomalies, conclusion, started_at, received_at, finished_at,"
      " updated_at, started_by) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13,"
      " $14, $15, $16, $17, $18, $19, $20, $21, $22, $23, $24) RETURNING id",
      params({t.lab_code,
              std::int64_t{t.sandbox},
              t.region_code,
              t.project_id,
              t.sampling_id,
              t.item,
              t.standard,
              t.grade,
              t.equipment_id,
              t.tester_id,
              t.acquisition,
              t.manual_reason,
              t.environment,
              optional_id(t.plan_id),
              optional_id(t.retest_of),
              t.status,
              t.version,
              t.anomalies,
              t.conclusion,
              to_micros(t.started_at),
              to_micros(t.received_at),
              t.finished_at ? Value(to_micros(*t.finished_at)) : Value(nullptr),
              to_micros(t.updated_at),
              t.started_by}));
  if (!rows) {
    return std::move(rows).error();
  }
  const std::int64_t id = rows->front().int64(0);
  for (std::size_t i = 0; i < t.labels.size(); ++i) {
    auto done = conn.exec(
        "INSERT INTO lab_test_specimens (test_id, ordinal, label_code) VALUES ($1, $2, $3)",
        params({id, static_cast<std::int64_t>(i), t.labels[i]}));
    if (!done) {
      return std::move(done).error();
    }
  }
  return id;
}

Result<std::optional<LabTest>> find_test(Connection& conn, const domain::Scope& scope,
                                         std::int64_t id) {
  std::vector<Value> p{id};
  const std::string where = lab_or_region_condition(scope, "t", p);
  auto found = first_of(select_all<LabTest>(
      conn,
      "SELECT " + std::string(kTestColumns) + " FROM lab_tests t WHERE t.id = $1 AND " + where, p,
      test_of));
  if (!found || !*found) {
    return found;
  }
  auto full = with_labels(conn, std::move(**found));
  if (!full) {
    return std::move(full).error();
  }
  return std::optional(std::move(*full));
}

Status update_test_state(Connection& conn, const LabTest& t) {
  auto done = conn.exec(
      "UPDATE lab_tests SET status = $2, version = $3, anomalies = $4, conclusion = $5,"
      " finished_at = $6, updated_at = $7 WHERE id = $1",
      params({t.id, t.status, t.version, t.anomalies, t.conclusion,
              t.finished_at ? Value(to_micros(*t.finished_at)) : Value(nullptr),
              to_micros(t.updated_at)}));
  if (!done) {
    return std::move(done).error();
  }
  return {};
}

Result<Paged<LabTest>> list_tests(Connection& conn, const domain::Scope& scope,
                                  const TestFilter& filter, const Page& page) {
  std::vector<Value> p;
  std::string where = lab_or_region_condition(scope, "t", p) + " AND " +
                      contains_condition(filter.q, {"t.item", "t.grade", "t.standard"}, p);
  if (!filter.status.empty()) {
    where += " AND t.status = " + param(p, filter.status);
  }
  if (!filter.item.empty()) {
    where += " AND t.item = " + param(p, filter.item);
  }
  if (!filter.lab_code.empty()) {
    where += " AND t.lab_code = " + param(p, filter.lab_code);
  }
  if (filter.project_id) {
    where += " AND t.project_id = " + param(p, *filter.project_id);
  }
  auto found = select_page<LabTest>(conn, "lab_tests t WHERE " + where, std::string(kTestColumns),
                                    "t.id DESC", std::move(p), page, test_of);
  if (!found) {
    return found;
  }
  for (auto& t : found->items) {
    auto full = with_labels(conn, std::move(t));
    if (!full) {
      return std::move(full).error();
    }
    t = std::move(*full);
  }
  return found;
}

Result<std::vector<std::string>> labels_under_test(Connection& conn,
                                                   const std::vector<std::string>& codes) {
  if (codes.empty()) {
    return std::vector<std::string>{};
  }
  std::vector<Value> p;
  const std::string list = value_list(codes, p);
  return select_all<std::string>(
      conn,
      "SELECT s.label_code FROM lab_test_specimens s JOIN lab_tests t ON t.id = s.test_id"
      " WHERE t.status <> 'voided' AND s.label_code IN (" +
          list + ")",
      p, [](const Row& r) { return r.text(0); });
}

Result<std::vector<AwaitingSpecimen>> awaiting_test(Connection& conn, const std::string& lab_code,
                                                    int limit) {
  return select_all<AwaitingSpecimen>(
      conn,
      "SELECT r.label_code, s.id, s.project_id, s.material, s.concrete_group, s.grade, l.ordinal,"
      " r.received_at FROM specimen_receipts r JOIN labels l ON l.code = r.label_code"
      " JOIN samplings s ON s.id = l.sampling_id"
      " WHERE r.lab_code = $1 AND r.outcome = 'received' AND NOT EXISTS (SELECT 1 FROM"
      " lab_test_specimens ts JOIN lab_tests t ON t.id = ts.test_id WHERE ts.label_code ="
      " r.label_code AND t.status <> 'voided') ORDER BY r.received_at, s.id, l.ordinal LIMIT $2",
      params({lab_code, std::int64_t{limit}}), [](const Row& r) {
        return AwaitingSpecimen{r.text(0),
                                r.int64(1),
                                r.int64(2),
                                r.text(3),
                                r.text(4),
                                r.text(5),
                                static_cast<int>(r.int64(6)),
                                from_micros(r.int64(7))};
      });
}

// Readings and curves.

Result<bool> insert_readings(Connection& conn, std::int64_t test_id, int ordinal, int seq,
                             int points, const std::string& data, Instant at) {
  auto done = conn.exec(
      "INSERT INTO lab_test_readings (test_id, ordinal, seq, points, data, received_at)"
      " VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (test_id, ordinal, seq) DO NOTHING",
      params({test_id, std::int64_t{ordinal}, std::int64_t{seq}, std::int64_t{points}, Bytes{data},
              to_micros(at)}));
  if (!done) {
    return std::move(done).error();
  }
  return *done > 0;
}

Result<int> next_readings_seq(Connection& conn, std::int64_t test_id, int ordinal) {
  auto rows =
      conn.query("SELECT COUNT(*) FROM lab_test_readings WHERE test_id = $1 AND ordinal = $2",
                 params({test_id, std::int64_t{ordinal}}));
  if (!rows) {
    return std::move(rows).error();
  }
  return static_cast<int>(rows->front().int64(0));
}

Result<std::string> readings_chunk(Connection& conn, std::int64_t test_id, int ordinal, int seq) {
  auto found = first_of(select_all<std::string>(
      conn, "SELECT data FROM lab_test_readings WHERE test_id = $1 AND ordinal = $2 AND seq = $3",
      params({test_id, std::int64_t{ordinal}, std::int64_t{seq}}),
      [](const Row& r) { return r.bytes(0); }));
  if (!found) {
    return std::move(found).error();
  }
  return found->value_or("");
}

Result<std::vector<std::string>> readings_of(Connection& conn, std::int64_t test_id, int ordinal) {
  return select_all<std::string>(
      conn, "SELECT data FROM lab_test_readings WHERE test_id = $1 AND ordinal = $2 ORDER BY seq",
      params({test_id, std::int64_t{ordinal}}), [](const Row& r) { return r.bytes(0); });
}

Status put_curve(Connection& conn, const std::string& sha256, int points, const std::string& data) {
  auto done = conn.exec(
      "INSERT INTO curves (sha256, points, data) VALUES ($1, $2, $3) ON CONFLICT (sha256) DO "
      "NOTHING",
      params({sha256, std::int64_t{points}, Bytes{data}}));
  if (!done) {
    return std::move(done).error();
  }
  return {};
}

Result<std::optional<std::string>> get_curve(Connection& conn, const std::string& sha256) {
  return first_of(select_all<std::string>(conn, "SELECT data FROM curves WHERE sha256 = $1",
                                          params({sha256}),
                                          [](const Row& r) { return r.bytes(0); }));
}

// Fingerprints.

Status put_fingerprint(Connection& conn, const CurveFingerprintRow& f,
                       const std::vector<std::int64_t>& buckets) {
  auto done = conn.exec(
      "INSERT INTO curve_fingerprints (test_id, ordinal, item, fingerprint, lab_code, created_at)"
      " VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (test_id, ordinal) DO UPDATE SET"
      " fingerprint = excluded.fingerprint, created_at = excluded.created_at",
      params({f.test_id, std::int64_t{f.ordinal}, f.item, Bytes{f.fingerprint}, f.lab_code,
              to_micros(f.created_at)}));
  if (!done) {
    return std::move(done).error();
  }
  if (buckets.empty()) {
    return {};
  }
  // One statement files the curve under every key.
  std::vector<Value> p{f.item, f.test_id, std::int64_t{f.ordinal}};
  std::string rows;
  for (const auto bucket : buckets) {
    rows += (rows.empty() ? "($1, " : ", ($1, ") + param(p, bucket) + ", $2, $3)";
  }
  auto filed = conn.exec("INSERT INTO curve_buckets (item, bucket, test_id, ordinal) VALUES " +
                             rows + " ON CONFLICT DO NOTHING",
                         p);
  if (!filed) {
    return std::move(filed).error();
  }
  return {};
}

Result<std::vector<CurveFingerprintRow>> fingerprint_candidates(
    Connection& conn, const std::string& item, const std::vector<std::int64_t>& buckets,
    std::int64_t test_id, int limit) {
  if (buckets.empty()) {
    return std::vector<CurveFingerprintRow>{};
  }
  // The newest few under each key (an index range scan each), so the cost stays bounded
  // however many curves the platform holds.
  const std::int64_t per_bucket =
      std::max<std::int64_t>(1, limit / static_cast<std::int64_t>(buckets.size()));
  std::vector<Value> p{item, test_id, per_bucket};
  std::string newest;
  for (std::size_t i = 0; i < buckets.size(); ++i) {
    const std::string b = "b" + std::to_string(i);
    newest += (i ? " UNION " : "") + std::string("SELECT test_id, ordinal FROM (SELECT test_id,") +
              " ordinal FROM curve_buckets WHERE item = $1 AND bucket = " + param(p, buckets[i]) +
              " AND test_id <> $2 ORDER BY test_id DESC, ordinal DESC LIMIT $3) " + b;
  }
  return select_all<CurveFingerprintRow>(
      conn,
      "SELECT f.test_id, f.ordinal, f.item, f.fingerprint, f.lab_code, f.created_at FROM"
      " curve_fingerprints f WHERE (f.test_id, f.ordinal) IN (" +
          newest + ")",
      p, [](const Row& r) {
        return CurveFingerprintRow{r.int64(0), static_cast<int>(r.int64(1)), r.text(2), r.bytes(3),
                                   r.text(4),  from_micros(r.int64(5))};
      });
}

// Reviews.

Result<std::int64_t> insert_review(Connection& conn, const TestReview& r) {
  auto rows = conn.query(
      "INSERT INTO lab_test_reviews (test_id, version, reviewer_id, verdict, note, reviewed_by,"
      " reviewed_at) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
      params({r.test_id, r.version, r.reviewer_id, r.verdict, r.note, r.reviewed_by,
              to_micros(r.reviewed_at)}));
  if (!rows) {
    return std::move(rows).error();
  }
  return rows->front().int64(0);
}

Result<std::vector<TestReview>> reviews_of(Connection& conn, std::int64_t test_id) {
  return select_all<TestReview>(
      conn,
      "SELECT id, test_id, version, reviewer_id, verdict, note, reviewed_by, reviewed_at FROM"
      " lab_test_reviews WHERE test_id = $1 ORDER BY id",
      params({test_id}), [](const Row& r) {
        return TestReview{r.int64(0), r.int64(1), r.int64(2), r.int64(3),
                          r.text(4),  r.text(5),  r.text(6),  from_micros(r.int64(7))};
      });
}

}  // namespace lw::storage
