// The reference of bench/ingest-curves: the raw insert rate, on the engine's C API, of the rows
// one acknowledged lab test record is at the least — its lab_tests row, the compact encoded
// blobs of its curves (domain::encode_curve, 2,000-point curves from the realistic generator of
// domain/curve_samples.hpp, in the mix of the specimen groups the demo's Jiujiang centre has
// awaiting test: seven of three concrete cubes, two of three steel bars, one of a single bar)
// and its registry_versions record JSON (shaped as the server's finished version) — into a
// fresh database migrated like the server's (the same tables and indexes).
//
//   (r1) one transaction per record: the durable reference, each record committed before the
//        next, as bench/writes's (iii) does for one row;
//   (rB) B records per transaction: what group commit could at best make of B concurrent
//        clients (not durable per record until its batch commits).
//
// The two alternate in --rounds slices, each on a fresh database, after a sync(). With
// --compare URL it also reads the server's database of the same run and prints what the server
// stored (sizes of curves and records, rows per table) beside what this reference writes, so a
// reader can check the rows match; --server-rows URL prints only that, without the reference.
// Prints a summary on stderr and one JSON object on stdout (bench/ingest-curves/run reads it).
//
// SQLite in --dir; PostgreSQL with --engine postgresql on the admin URL in LABWATCH_BENCH_PG
// (scratch databases lw_bench_ingest_<pid>_<n>, dropped at exit).
#include <libpq-fe.h>
#include <sqlite3.h>

#include <algorithm>
#include <boost/json.hpp>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "core/random.hpp"
#include "crypto/hash.hpp"
#include "domain/curve.hpp"
#include "domain/curve_samples.hpp"
#include "storage/database.hpp"
#include "support/bench_support.hpp"

namespace {

using namespace lw;
using namespace lw::bench;
namespace fs = std::filesystem;
namespace json = boost::json;

struct Settings {
  std::string engine = "sqlite";
  double seconds = 10;  // per case, over all its slices
  int rounds = 2;
  int batch = 16;
  std::size_t points = 2000;
  std::size_t distinct = 60;           // records generated; the loop cycles through them
  std::int64_t max_records = 200'000;  // per slice: bounds the disk used
  std::string compare;                 // the server's database URL
  bool server_rows_only = false;
  fs::path dir = "/var/tmp";
};

// --- the records --------------------------------------------------------------------------------

/// As lw-sim sends a curve: at the machine's resolution (1 ms, 0.01 kN, 0.001 mm), as float32.
domain::Curve at_machine_resolution(domain::Curve c) {
  auto round = [](std::vector<double>& v, double q) {
    for (double& x : v) {
      x = static_cast<float>(std::round(x / q) * q);
    }
  };
  round(c.t_s, 1e-3);
  round(c.force_kn, 1e-2);
  round(c.disp_mm, 1e-3);
  return c;
}

/// About `points` points: the generated curve resampled at the rate that gives that many.
domain::Curve with_points(const domain::Curve& c, std::size_t points) {
  const double span = c.t_s.back() - c.t_s.front();
  return domain::samples::resampled(c, static_cast<double>(points - 1) / span);
}

struct Group {
  const char* item;
  const char* standard;
  const char* grade;
  int fcu_k;           // concrete
  double diameter_mm;  // steel
  std::size_t specimens;
};

// The specimen groups awaiting test at the demo's Jiujiang centre (samplings 1-2 of the
// specimen chain's demo, 4-11 of src/app/demo_labtests.cpp), which lw-sim tests in turns.
constexpr Group kGroups[] = {
    {"concrete_compression", "GB/T 50081-2019", "C30", 30, 0, 3},
    {"rebar_tension", "GB/T 228.1-2021", "HRB400", 0, 20, 1},
    {"concrete_compression", "GB/T 50081-2019", "C30", 30, 0, 3},
    {"concrete_compression", "GB/T 50081-2019", "C35", 35, 0, 3},
    {"concrete_compression", "GB/T 50081-2019", "C40", 40, 0, 3},
    {"concrete_compression", "GB/T 50081-2019", "C30", 30, 0, 3},
    {"rebar_tension", "GB/T 228.1-2021", "HRB400E", 0, 20, 3},
    {"concrete_compression", "GB/T 50081-2019", "C30", 30, 0, 3},
    {"concrete_compression", "GB/T 50081-2019", "C35", 35, 0, 3},
    {"rebar_tension", "GB/T 228.1-2021", "HRB400E", 0, 12, 3},
};

struct Record {
  const Group* group;
  std::vector<std::string> curves;  // encoded
  std::vector<std::string> sha256;  // hex of each
  std::string json;                 // the registry version's record
  std::size_t points = 0;           // all curves
};

std::string decimal(double v, int digits) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.*f", digits, v);
  return buf;
}

// The finished version's record as labtests::record_results writes it (values as decimal
// strings, each curve as {sha256, points}).
std::string record_json(const Group& g, const std::vector<domain::Curve>& curves,
                        const std::vector<std::string>& sha, domain::samples::SampleRng& rng) {
  const bool steel = g.fcu_k == 0;
  json::array specimens;
  for (std::size_t i = 0; i < curves.size(); ++i) {
    const auto peak = domain::curve_peak(curves[i]);
    const double fm = peak ? peak->force_kn : 0;
    json::object s{{"label_code", "7KQ2M9XD4TR" + std::string(1, static_cast<char>('B' + i)) +
                                      std::string(1, static_cast<char>('T' + i))}};
    if (steel) {
      const double area = M_PI * g.diameter_mm * g.diameter_mm / 4;
      s["diameter_mm"] = decimal(g.diameter_mm, 0);
      s["gauge_length_mm"] = decimal(5 * g.diameter_mm, 0);
      s["final_length_mm"] = decimal(5 * g.diameter_mm * rng.uniform(1.2, 1.3), 1);
      s["peak_load_kn"] = decimal(fm, 2);
      s["yield_load_kn"] = decimal(fm * rng.uniform(0.72, 0.78), 2);
      s["agt_percent"] = decimal(rng.uniform(10, 14), 1);
      s["fracture_position"] = "base_metal";
      s["fracture_mode"] = "ductile";
      s["strength_mpa"] = decimal(fm * 1000 / area, 0);
      s["yield_strength_mpa"] = decimal(fm * 750 / area, 0);
      s["elongation_percent"] = decimal(rng.uniform(20, 30), 1);
    } else {
      s["length_mm"] = decimal(150 + rng.uniform(-0.5, 0.5), 1);
      s["width_mm"] = decimal(150 + rng.uniform(-0.5, 0.5), 1);
      s["height_mm"] = decimal(150 + rng.uniform(-0.5, 0.5), 1);
      s["peak_load_kn"] = decimal(fm, 2);
      s["strength_mpa"] = decimal(fm / 22.5, 1);
    }
    s["curve"] = {{"sha256", sha[i]}, {"points", curves[i].size()}};
    specimens.push_back(std::move(s));
  }
  json::object results{
      {"specimens", std::move(specimens)},
      {"group_strength_mpa", steel ? json::value(nullptr) : json::value(decimal(g.fcu_k * 1.2, 1))},
      {"conclusion", "pass"},
      {"environment",
       {{"temperature_c", decimal(rng.uniform(18, 24), 1)},
        {"humidity_percent", decimal(rng.uniform(50, 68), 0)}}}};
  json::object record{{"reason", "test finished 检测完成"},
                      {"status", "finished"},
                      {"results", std::move(results)},
                      {"anomalies", json::array{}},
                      {"finished_at", "2026-11-21T08:40:00Z"}};
  return json::serialize(record);
}

std::vector<Record> make_records(const Settings& s) {
  std::vector<Record> out;
  domain::samples::SampleRng rng((static_cast<std::uint64_t>(std::random_device{}()) << 32) ^
                                 std::random_device{}());
  for (std::size_t k = 0; k < s.distinct; ++k) {
    const Group& g = kGroups[k % std::size(kGroups)];
    std::vector<domain::Curve> curves;
    Record r{&g, {}, {}, {}, 0};
    for (std::size_t i = 0; i < g.specimens; ++i) {
      const std::uint64_t seed = rng.next();
      domain::Curve c =
          g.fcu_k > 0 ? domain::samples::concrete_curve(
                            domain::samples::draw_concrete(seed, g.fcu_k), rng.next())
                      : domain::samples::steel_curve(
                            domain::samples::draw_steel(seed, 400, 540, g.diameter_mm), rng.next());
      c = at_machine_resolution(with_points(c, s.points));
      r.curves.push_back(domain::encode_curve(c));
      r.sha256.push_back(to_hex(crypto::digest(crypto::HashAlg::sha256, r.curves.back())));
      r.points += c.size();
      curves.push_back(std::move(c));
    }
    r.json = record_json(g, curves, r.sha256, rng);
    out.push_back(std::move(r));
  }
  return out;
}

// --- the raw loops ------------------------------------------------------------------------------

// The same text for both engines ($n in order of appearance, as SQLite numbers them).
constexpr const char* kInsertTest =
    "INSERT INTO lab_tests (id, lab_code, sandbox, region_code, project_id, sampling_id, item,"
    " standard, grade, equipment_id, tester_id, acquisition, manual_reason, environment, plan_id,"
    " retest_of, status, version, anomalies, conclusion, started_at, received_at, finished_at,"
    " updated_at, started_by) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13,"
    " $14, $15, $16, $17, $18, $19, $20, $21, $22, $23, $24, $25)";
constexpr const char* kInsertCurve =
    "INSERT INTO curves (sha256, points, data) VALUES ($1, $2, $3)";
constexpr const char* kInsertVersion =
    "INSERT INTO registry_versions (record_type, record_id, version, lab_code, record, changed_by,"
    " changed_at) VALUES ($1, $2, $3, $4, $5, $6, $7)";

/// One statement's parameters, bound by kind.
struct Param {
  enum Kind { null, integer, text, blob } kind = null;
  std::int64_t i = 0;
  std::string s;
};
Param integer(std::int64_t v) {
  return {Param::integer, v, {}};
}
Param text(std::string v) {
  return {Param::text, 0, std::move(v)};
}
Param blob(std::string v) {
  return {Param::blob, 0, std::move(v)};
}
Param none() {
  return {};
}

/// The statements of record number `n` (from 0): its test row, its curves, its version.
struct Statements {
  std::vector<Param> test;
  std::vector<std::vector<Param>> curves;
  std::vector<Param> version;
};

Statements statements_of(const Record& r, std::int64_t n) {
  const std::int64_t id = n + 1;
  const std::int64_t now = now_micros();
  char prefix[17];
  std::snprintf(prefix, sizeof prefix, "%016llx", static_cast<unsigned long long>(n));
  Statements st;
  st.test = {integer(id),
             text("360402-0001"),
             integer(0),
             text("360402"),
             integer(1),
             integer(1 + n % static_cast<std::int64_t>(std::size(kGroups))),
             text(r.group->item),
             text(r.group->standard),
             text(r.group->grade),
             integer(3),
             integer(5),
             text("auto"),
             text(""),
             text(R"({"temperature_c":20.5,"humidity_percent":55})"),
             none(),
             n >= 10 ? integer(id - 10) : none(),
             text("finished"),
             integer(2),
             integer(0),
             text("pass"),
             integer(now - 60'000'000),
             integer(now),
             integer(now),
             integer(now),
             text("lab_key:lk_0123456789abcdef")};
  for (std::size_t i = 0; i < r.curves.size(); ++i) {
    // Content-addressed: a record the loop writes again gets keys of its own.
    std::string key = r.sha256[i];
    key.replace(0, 16, prefix);
    st.curves.push_back({text(std::move(key)),
                         integer(static_cast<std::int64_t>(r.points / r.curves.size())),
                         blob(r.curves[i])});
  }
  st.version = {text("lab_test"), text(std::to_string(id)),
                integer(2),       text("360402-0001"),
                text(r.json),     text("lab_key:lk_0123456789abcdef"),
                integer(now)};
  return st;
}

/// A raw connection: prepared statements, a transaction around `records` records.
class RawLoop {
 public:
  virtual ~RawLoop() = default;
  virtual void begin() = 0;
  virtual void commit() = 0;
  virtual void insert(int statement,
                      const std::vector<Param>& p) = 0;  // 0 test, 1 curve, 2 version
};

void sqlite_ok(sqlite3* db, int rc, const char* what) {
  if (rc != SQLITE_OK && rc != SQLITE_DONE && rc != SQLITE_ROW) {
    fail(std::string(what) + ": " + sqlite3_errmsg(db));
  }
}

class SqliteLoop final : public RawLoop {
 public:
  explicit SqliteLoop(const std::string& path) {
    sqlite_ok(
        db_,
        sqlite3_open_v2(path.c_str(), &db_, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, nullptr),
        "open");
    // As storage/sqlite/sqlite_connection.cpp sets them.
    sqlite_ok(db_,
              sqlite3_exec(db_,
                           "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA "
                           "foreign_keys=ON;",
                           nullptr, nullptr, nullptr),
              "pragmas");
    for (const char* sql :
         {kInsertTest, kInsertCurve, kInsertVersion, "BEGIN IMMEDIATE", "COMMIT"}) {
      sqlite3_stmt* st = nullptr;
      sqlite_ok(db_, sqlite3_prepare_v2(db_, sql, -1, &st, nullptr), "prepare");
      stmts_.push_back(st);
    }
  }
  ~SqliteLoop() override {
    for (auto* st : stmts_) {
      sqlite3_finalize(st);
    }
    sqlite3_close_v2(db_);
  }
  void begin() override { step(stmts_[3], "begin"); }
  void commit() override { step(stmts_[4], "commit"); }
  void insert(int statement, const std::vector<Param>& p) override {
    sqlite3_stmt* st = stmts_[static_cast<std::size_t>(statement)];
    for (std::size_t i = 0; i < p.size(); ++i) {
      const int at = static_cast<int>(i) + 1;
      switch (p[i].kind) {
        case Param::null:
          sqlite3_bind_null(st, at);
          break;
        case Param::integer:
          sqlite3_bind_int64(st, at, p[i].i);
          break;
        case Param::text:
          sqlite3_bind_text(st, at, p[i].s.data(), static_cast<int>(p[i].s.size()), SQLITE_STATIC);
          break;
        case Param::blob:
          sqlite3_bind_blob(st, at, p[i].s.data(), static_cast<int>(p[i].s.size()), SQLITE_STATIC);
          break;
      }
    }
    step(st, "insert");
  }

 private:
  void step(sqlite3_stmt* st, const char* what) {
    sqlite_ok(db_, sqlite3_step(st), what);
    sqlite3_reset(st);
  }
  sqlite3* db_ = nullptr;
  std::vector<sqlite3_stmt*> stmts_;
};

class PostgresLoop final : public RawLoop {
 public:
  explicit PostgresLoop(const std::string& url) : c_(PQconnectdb(url.c_str())) {
    if (PQstatus(c_) != CONNECTION_OK) {
      fail(std::string("connect: ") + PQerrorMessage(c_));
    }
    ok(PQexec(c_, "SET synchronous_commit = on"), "set");
    ok(PQprepare(c_, "test", kInsertTest, 0, nullptr), "prepare");
    ok(PQprepare(c_, "curve", kInsertCurve, 0, nullptr), "prepare");
    ok(PQprepare(c_, "version", kInsertVersion, 0, nullptr), "prepare");
  }
  ~PostgresLoop() override { PQfinish(c_); }
  void begin() override { ok(PQexec(c_, "BEGIN"), "begin"); }
  void commit() override { ok(PQexec(c_, "COMMIT"), "commit"); }
  void insert(int statement, const std::vector<Param>& p) override {
    static const char* const names[] = {"test", "curve", "version"};
    std::vector<std::string> ints(p.size());
    std::vector<const char*> values(p.size());
    std::vector<int> lengths(p.size()), formats(p.size());
    for (std::size_t i = 0; i < p.size(); ++i) {
      switch (p[i].kind) {
        case Param::null:
          values[i] = nullptr;
          break;
        case Param::integer:
          ints[i] = std::to_string(p[i].i);
          values[i] = ints[i].c_str();
          break;
        case Param::text:
          values[i] = p[i].s.c_str();
          break;
        case Param::blob:  // binary bytea, as the adapter sends it
          values[i] = p[i].s.data();
          lengths[i] = static_cast<int>(p[i].s.size());
          formats[i] = 1;
          break;
      }
    }
    ok(PQexecPrepared(c_, names[statement], static_cast<int>(p.size()), values.data(),
                      lengths.data(), formats.data(), 0),
       "insert");
  }

 private:
  void ok(PGresult* r, const char* what) {
    const auto st = PQresultStatus(r);
    PQclear(r);
    if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK) {
      fail(std::string(what) + ": " + PQerrorMessage(c_));
    }
  }
  PGconn* c_;
};

/// Records in transactions of `batch` until the limit; only committed records count.
Outcome run_loop(RawLoop& loop, const std::vector<Record>& records, int batch, Limit limit) {
  Outcome out;
  const auto start = SteadyClock::now();
  std::int64_t n = 0;
  while (n < limit.writes && seconds_since(start) < limit.seconds) {
    loop.begin();
    for (int b = 0; b < batch; ++b, ++n) {
      const Statements st = statements_of(records[static_cast<std::size_t>(n) % records.size()], n);
      loop.insert(0, st.test);
      for (const auto& c : st.curves) {
        loop.insert(1, c);
      }
      loop.insert(2, st.version);
    }
    loop.commit();
    out.writes = n;
  }
  out.seconds = seconds_since(start);
  return out;
}

// --- the engines --------------------------------------------------------------------------------

struct Target {
  std::string title;
  std::function<std::unique_ptr<RawLoop>()> fresh;  // on a new, migrated database
};

Target sqlite_target(const fs::path& dir) {
  const fs::path path = dir / "ingest.db";
  return {"SQLite " + std::string(sqlite3_libversion()) + " (WAL, synchronous=FULL)",
          [path]() -> std::unique_ptr<RawLoop> {
            for (const char* suffix : {"", "-wal", "-shm"}) {
              fs::remove(path.string() + suffix);
            }
            {
              auto db = open_migrated("sqlite:" + path.string());
              auto conn = db->acquire();
              if (!conn || !(*conn)->query("PRAGMA wal_checkpoint(TRUNCATE)")) {
                fail("checkpoint after migrations");
              }
            }
            return std::make_unique<SqliteLoop>(path.string());
          }};
}

Target pg_target(const std::string& admin) {
  set_pg_admin(admin, "lw_bench_ingest");
  std::string version = "?";
  if (auto db = storage::Database::open(admin); db) {
    if (auto conn = (*db)->acquire(); conn) {
      if (auto rows = (*conn)->query("SHOW server_version"); rows && !rows->empty()) {
        version = rows->front().text(0);
      }
    }
  }
  return {"PostgreSQL " + version + " (synchronous_commit=on)", []() -> std::unique_ptr<RawLoop> {
            const std::string url = new_pg_scratch();
            open_migrated(url);
            return std::make_unique<PostgresLoop>(url);
          }};
}

// --- what the server stored ---------------------------------------------------------------------

// Per acknowledged test, from the server's database of the same run: its rows, table by table,
// and the sizes of its curves and finished records.
json::object server_side(const std::string& url) {
  auto db = storage::Database::open(url);
  if (!db) {
    fail("--compare: " + db.error().note);
  }
  auto conn = (*db)->acquire();
  if (!conn) {
    fail("--compare: " + conn.error().note);
  }
  const bool pg = (*db)->engine() == storage::Engine::postgresql;
  auto number = [&](const std::string& sql) {
    auto rows = (*conn)->query(sql);
    if (!rows) {
      fail("--compare: " + sql + ": " + rows.error().note);
    }
    return rows->empty() || rows->front().is_null(0) ? 0.0 : std::stod(rows->front().text(0));
  };
  // Bytes, not characters (the records hold Chinese): octet_length, or length of a BLOB.
  const std::string record_bytes = pg ? "octet_length(record)" : "length(CAST(record AS BLOB))";
  const std::string bytes = pg ? "octet_length" : "length";
  const double tests =
      number("SELECT CAST(count(*) AS TEXT) FROM lab_tests WHERE status <> 'running'");
  json::object out{
      {"tests", tests},
      {"curve_bytes", number("SELECT CAST(avg(" + bytes + "(data)) AS TEXT) FROM curves")},
      {"points_per_curve", number("SELECT CAST(avg(points) AS TEXT) FROM curves")},
      {"record_bytes",
       number("SELECT CAST(avg(" + record_bytes +
              ") AS TEXT) FROM registry_versions WHERE record_type = 'lab_test' AND version = 2")},
      {"start_record_bytes",
       number("SELECT CAST(avg(" + record_bytes +
              ") AS TEXT) FROM registry_versions WHERE record_type = 'lab_test' AND version = 1")},
      {"curve_reused_violations",
       number("SELECT CAST(count(*) AS TEXT) FROM violations WHERE kind = 'curve_reused'")}};
  // Acknowledged tests per second in fifths of the run (by id, from the server's receive
  // times): how the rate moves as the store fills.
  json::array fifths;
  if (tests >= 10) {
    const std::string w = std::to_string(static_cast<std::int64_t>(std::ceil(tests / 5)));
    auto rows = (*conn)->query(
        "SELECT count(*), min(received_at), max(received_at) FROM lab_tests"
        " WHERE status <> 'running' GROUP BY (id - 1) / " +
        w + " ORDER BY (id - 1) / " + w);
    if (!rows) {
      fail("--compare: " + rows.error().note);
    }
    for (const auto& r : *rows) {
      const double span = static_cast<double>(r.int64(2) - r.int64(1)) / 1e6;
      fifths.emplace_back(span > 0 ? static_cast<double>(r.int64(0) - 1) / span : 0.0);
    }
  }
  out["tests_per_s_by_fifth"] = std::move(fifths);
  json::object rows;  // absolute counts: the caller subtracts what was there before the run
  for (const char* table :
       {"lab_tests", "lab_test_specimens", "curves", "curve_fingerprints", "curve_buckets",
        "registry_versions", "ledger_leaves", "ledger_nodes", "audit_log", "idempotency_keys",
        "request_nonces", "violations", "lab_test_reviews"}) {
    auto n = (*conn)->query(std::string("SELECT CAST(count(*) AS TEXT) FROM ") + table);
    if (n && !n->empty()) {
      rows[table] = std::stod(n->front().text(0));
    }
  }
  out["rows"] = std::move(rows);
  return out;
}

// --- main ---------------------------------------------------------------------------------------

Settings parse_args(int argc, char** argv) {
  Settings s;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    auto value = [&]() -> std::string {
      if (i + 1 >= argc) {
        fail(a + " needs a value");
      }
      return argv[++i];
    };
    if (a == "--engine") {
      s.engine = value();
    } else if (a == "--seconds") {
      s.seconds = std::stod(value());
    } else if (a == "--rounds") {
      s.rounds = std::max(1, std::stoi(value()));
    } else if (a == "--batch") {
      s.batch = std::max(1, std::stoi(value()));
    } else if (a == "--points") {
      s.points = std::max<std::size_t>(10, std::stoul(value()));
    } else if (a == "--distinct") {
      s.distinct = std::max<std::size_t>(1, std::stoul(value()));
    } else if (a == "--max-records") {
      s.max_records = std::stoll(value());
    } else if (a == "--compare") {
      s.compare = value();
    } else if (a == "--server-rows") {
      s.compare = value();
      s.server_rows_only = true;
    } else if (a == "--dir") {
      s.dir = value();
    } else {
      std::fprintf(
          stderr,
          "usage: labwatch_bench_ingest [--engine sqlite|postgresql] [--seconds S] [--rounds R]\n"
          "         [--batch B] [--points N] [--distinct N] [--max-records N]\n"
          "         [--compare DB_URL] [--dir DIR]\n"
          "       labwatch_bench_ingest --server-rows DB_URL\n"
          "  postgresql: the admin URL in LABWATCH_BENCH_PG\n");
      std::exit(a == "--help" || a == "-h" ? 0 : 2);
    }
  }
  if (s.engine != "sqlite" && s.engine != "postgresql") {
    fail("--engine sqlite|postgresql");
  }
  return s;
}

json::object rate_json(const Outcome& o, std::size_t points_per_record) {
  return {{"records", o.writes},
          {"seconds", o.seconds},
          {"records_per_s", o.rate()},
          {"points_per_s", o.rate() * static_cast<double>(points_per_record)}};
}

}  // namespace

int main(int argc, char** argv) {
  set_program_name("labwatch_bench_ingest");
  const Settings s = parse_args(argc, argv);
  if (s.server_rows_only) {
    std::printf("%s\n", json::serialize(server_side(s.compare)).c_str());
    return 0;
  }
  const fs::path dir = make_work_dir(s.dir, "labwatch-bench-ingest");
  if (on_tmpfs(dir)) {
    std::fprintf(stderr,
                 "warning: %s is tmpfs: fsync is free there, durable figures mean nothing\n",
                 dir.c_str());
  }
  Target target;
  if (s.engine == "sqlite") {
    target = sqlite_target(dir);
  } else {
    const char* admin = std::getenv("LABWATCH_BENCH_PG");
    if (!admin || !*admin) {
      fail("--engine postgresql needs LABWATCH_BENCH_PG (an admin postgresql:// URL)");
    }
    target = pg_target(admin);
  }

  const auto records = make_records(s);
  double curve_bytes = 0, record_bytes = 0, points = 0, curves = 0;
  for (const auto& r : records) {
    for (const auto& c : r.curves) {
      curve_bytes += static_cast<double>(c.size());
      curves += 1;
    }
    record_bytes += static_cast<double>(r.json.size());
    points += static_cast<double>(r.points);
  }
  const double n = static_cast<double>(records.size());
  const auto points_per_record = static_cast<std::size_t>(std::lround(points / n));

  // The two cases alternate, each slice on a fresh database after a sync().
  const Limit slice{s.seconds / s.rounds, s.max_records};
  Outcome per_record, batched;
  for (int round = 0; round < s.rounds; ++round) {
    {
      auto loop = target.fresh();
      settle();
      per_record += run_loop(*loop, records, 1, slice);
    }
    {
      auto loop = target.fresh();
      settle();
      batched += run_loop(*loop, records, s.batch, slice);
    }
  }
  drop_pg_scratch();

  json::object out{{"engine", s.engine},
                   {"title", target.title},
                   {"curves_per_record", curves / n},
                   {"points_per_record", points_per_record},
                   {"curve_bytes", curve_bytes / curves},
                   {"record_bytes", record_bytes / n},
                   {"per_record", rate_json(per_record, points_per_record)},
                   {"batched", rate_json(batched, points_per_record)},
                   {"batch", s.batch},
                   {"load_average", load_average()},
                   {"fsync_ms", fsync_ms(dir)}};
  std::fprintf(stderr,
               "%s: raw inserts of a test row, %.1f curves (%.0f B each, %zu points in all) and a "
               "%.0f B record:\n"
               "  (r1) one transaction per record: %.1f records/s (%lld in %.1f s)\n"
               "  (rB) %d records per transaction: %.1f records/s (%lld in %.1f s)\n",
               target.title.c_str(), curves / n, curve_bytes / curves, points_per_record,
               record_bytes / n, per_record.rate(), static_cast<long long>(per_record.writes),
               per_record.seconds, s.batch, batched.rate(), static_cast<long long>(batched.writes),
               batched.seconds);
  if (!s.compare.empty()) {
    out["server"] = server_side(s.compare);
  }
  std::printf("%s\n", json::serialize(out).c_str());
  return 0;
}
