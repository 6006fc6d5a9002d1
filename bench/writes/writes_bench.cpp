// Durable, acknowledged writes/s of a 2 KiB record, and how group commit compares with the raw
// engine in the same run. A write counts only once the caller has its acknowledgement, i.e.
// after the commit that made it durable: that is what a lab's upload waits for.
//
//   (i)   lw::storage::Writer (group commit), N submitter threads, each waiting for its ack
//   (ii)  the same Writer with max_batch = 1: one transaction and one fsync per write
//   (iii) raw engine loop, one transaction per insert: the durable reference for the ratios
//   (iv)  raw engine loop inside one transaction: the ceiling, no per-write commit at all
//
// SQLite always; PostgreSQL too when LABWATCH_BENCH_PG holds a postgresql:// URL (the bench
// creates and drops a table named bench_writes there).
//
// On a shared machine the fsync rate drifts by an order of magnitude within a minute, so one
// reference run per engine would make every ratio meaningless. Instead each case is paired with
// its own reference: the two alternate in short slices (reference, case, reference, case, …)
// and the ratio compares the pooled rates of the pair.
#include <fcntl.h>
#include <libpq-fe.h>
#include <sqlite3.h>
#include <sys/vfs.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <random>
#include <semaphore>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "core/metrics.hpp"
#include "storage/database.hpp"
#include "storage/writer.hpp"

namespace {

using namespace lw;
using namespace lw::storage;
using Clock = std::chrono::steady_clock;

constexpr std::size_t kRecordBytes = 2048;
constexpr const char* kInsert = "INSERT INTO bench_writes (created_at, payload) VALUES ($1, $2)";

struct Settings {
  double seconds = 2;                // per case, and as much again for its paired reference
  int rounds = 4;                    // slices the case and its reference alternate in
  std::int64_t max_writes = 50'000;  // per slice: bounds the disk used (100 MiB of records)
  std::vector<int> submitters{1, 8, 64};
  std::filesystem::path dir = "/var/tmp";  // /tmp is often tmpfs, where fsync costs nothing
};

/// How long one slice may run.
struct Limit {
  double seconds;
  std::int64_t writes;
};

struct Outcome {
  std::int64_t writes = 0;
  double seconds = 0;
  std::int64_t commits = 0;  // 0 when not counted (raw loops)
  double rate() const { return seconds > 0 ? static_cast<double>(writes) / seconds : 0; }
  Outcome& operator+=(const Outcome& o) {
    writes += o.writes;
    seconds += o.seconds;
    commits += o.commits;
    return *this;
  }
};

std::filesystem::path g_work_dir;  // removed on every exit, failures included

void remove_work_dir() {
  std::error_code ec;
  std::filesystem::remove_all(g_work_dir, ec);
}

[[noreturn]] void fail(const std::string& what) {
  std::fprintf(stderr, "labwatch_bench_writes: %s\n", what.c_str());
  remove_work_dir();
  std::exit(1);
}

std::string random_payload() {
  std::mt19937_64 rng(std::random_device{}());
  std::string out(kRecordBytes, '\0');
  for (auto& c : out) {
    c = static_cast<char>(rng());
  }
  return out;
}

// Other work on the machine skews every figure; print the load so a reader can judge.
std::string load_average() {
  std::FILE* f = std::fopen("/proc/loadavg", "r");
  char buf[64] = "?";
  if (f) {
    if (!std::fgets(buf, sizeof buf, f)) {
      buf[0] = '\0';
    }
    std::fclose(f);
  }
  std::istringstream in(buf);
  std::string one, five, fifteen;
  in >> one >> five >> fifteen;
  return one + " " + five + " " + fifteen;
}

std::int64_t now_ns() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

// Milliseconds one 4 KiB write + fdatasync takes in `dir`: what a durable commit costs at
// least on this disk, so a reader can tell a flush-bound figure from a CPU-bound one.
double fsync_ms(const std::filesystem::path& dir) {
  const std::string path = (dir / "fsync-probe").string();
  const int fd = ::open(path.c_str(), O_CREAT | O_WRONLY | O_TRUNC, 0600);
  if (fd < 0) {
    return 0;
  }
  const std::string block(4096, 'x');
  int n = 0;
  const auto start = Clock::now();
  for (; n < 500 && seconds_since(start) < 0.5; ++n) {
    if (::pwrite(fd, block.data(), block.size(), 0) < 0 || ::fdatasync(fd) != 0) {
      break;
    }
  }
  const double ms = n > 0 ? seconds_since(start) * 1000 / n : 0;
  ::close(fd);
  std::filesystem::remove(path);
  return ms;
}

void create_table(Database& db) {
  auto conn = db.connect();
  if (!conn) {
    fail(conn.error().note);
  }
  const bool pg = db.engine() == Engine::postgresql;
  const Status st = (*conn)->exec_script(
      pg ? "DROP TABLE IF EXISTS bench_writes;"
           "CREATE TABLE bench_writes (id BIGSERIAL PRIMARY KEY, created_at BIGINT NOT NULL,"
           " payload BYTEA NOT NULL)"
         : "DROP TABLE IF EXISTS bench_writes;"
           "CREATE TABLE bench_writes (id INTEGER PRIMARY KEY, created_at INTEGER NOT NULL,"
           " payload BLOB NOT NULL)");
  if (!st) {
    fail("create table: " + st.error().note);
  }
}

// --- through lw::storage::Writer ---------------------------------------------------------------

// Writer::submit is callback-based; a submitter thread blocks here like a request coroutine
// suspends in service::commit.
Status submit_and_wait(Writer& writer, Writer::Job job) {
  std::binary_semaphore acked{0};
  Status outcome;
  writer.submit(std::move(job), [&](Status st) {
    outcome = std::move(st);
    acked.release();
  });
  acked.acquire();
  return outcome;
}

// Checks the writer's own connection has the durability settings the ratios assume; also opens
// that connection before the clock starts.
void check_writer_durability(Writer& writer, Engine engine) {
  const Status st = submit_and_wait(writer, [engine](Connection& c) -> Status {
    if (engine == Engine::postgresql) {
      auto rows = c.query("SHOW synchronous_commit");
      if (!rows || rows->empty() || rows->front().text(0) != "on") {
        return Error("internal", "synchronous_commit is not on");
      }
      return {};
    }
    auto sync = c.query("PRAGMA synchronous");
    auto mode = c.query("PRAGMA journal_mode");
    if (!sync || sync->empty() || sync->front().int64(0) != 2 || !mode || mode->empty() ||
        mode->front().text(0) != "wal") {
      return Error("internal", "expected journal_mode=wal and synchronous=FULL (2)");
    }
    return {};
  });
  if (!st) {
    fail("writer connection: " + st.error().note);
  }
}

// Commits so far, read back from the commit_batch histogram's rendering.
std::int64_t commits(const Metrics& metrics) {
  std::string text;
  metrics.commit_batch.render(text);
  const std::string key = "labwatch_commit_batch_size_count ";
  const auto at = text.find(key);
  return at == std::string::npos ? 0 : std::stoll(text.substr(at + key.size()));
}

Outcome through_writer(Database& db, std::size_t max_batch, int submitters, Limit limit) {
  Metrics metrics;
  Writer writer(db, &metrics, Writer::Options{.max_batch = max_batch});
  check_writer_durability(writer, db.engine());
  const std::int64_t commits_before = commits(metrics);  // the check above was a batch too
  std::atomic<bool> stop{false};
  std::atomic<std::int64_t> acked{0};
  std::atomic<bool> failed{false};
  std::string failure;

  const auto start = Clock::now();
  std::vector<std::thread> threads;
  threads.reserve(static_cast<std::size_t>(submitters));
  for (int t = 0; t < submitters; ++t) {
    threads.emplace_back([&] {
      const std::string payload = random_payload();
      while (!stop.load(std::memory_order_relaxed)) {
        const Status st = submit_and_wait(writer, [&payload](Connection& c) -> Status {
          auto r = c.exec(kInsert, params({now_ns(), Bytes{payload}}));
          return r ? Status{} : Status(std::move(r).error());
        });
        if (!st) {
          if (!failed.exchange(true)) {
            failure = st.error().note;
          }
          stop = true;
        } else if (++acked >= limit.writes) {
          stop = true;
        }
      }
    });
  }
  while (!stop && seconds_since(start) < limit.seconds) {
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  stop = true;
  for (auto& t : threads) {
    t.join();  // each thread finishes its write in flight: it is acknowledged and counted
  }
  Outcome out{acked.load(), seconds_since(start), commits(metrics) - commits_before};
  writer.stop();
  if (failed) {
    fail("write through Writer: " + failure);
  }
  return out;
}

// --- raw SQLite: the sqlite3 C API, the same file settings as the adapter ---------------------

void sqlite_ok(sqlite3* db, int rc, const char* what) {
  if (rc != SQLITE_OK && rc != SQLITE_DONE && rc != SQLITE_ROW) {
    fail(std::string(what) + ": " + sqlite3_errmsg(db));
  }
}

Outcome raw_sqlite(const std::string& path, bool one_transaction, Limit limit) {
  sqlite3* db = nullptr;
  sqlite_ok(
      db, sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, nullptr),
      "open");
  // As storage/sqlite/sqlite_connection.cpp sets them.
  sqlite_ok(
      db,
      sqlite3_exec(db, "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON;",
                   nullptr, nullptr, nullptr),
      "pragmas");
  sqlite3_stmt* ins = nullptr;
  sqlite_ok(db,
            sqlite3_prepare_v2(db, "INSERT INTO bench_writes (created_at, payload) VALUES (?1, ?2)",
                               -1, &ins, nullptr),
            "prepare");
  const std::string payload = random_payload();

  Outcome out;
  const auto start = Clock::now();
  if (one_transaction) {
    sqlite_ok(db, sqlite3_exec(db, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr), "begin");
  }
  while (out.writes < limit.writes && seconds_since(start) < limit.seconds) {
    sqlite3_bind_int64(ins, 1, now_ns());
    sqlite3_bind_blob(ins, 2, payload.data(), static_cast<int>(payload.size()), SQLITE_STATIC);
    sqlite_ok(db, sqlite3_step(ins), "insert");
    sqlite3_reset(ins);
    ++out.writes;
  }
  if (one_transaction) {
    sqlite_ok(db, sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr), "commit");
  }
  out.seconds = seconds_since(start);
  sqlite3_finalize(ins);
  sqlite3_close_v2(db);
  return out;
}

// --- raw PostgreSQL: libpq, a prepared insert, the same session settings as the adapter -------

void pg_ok(PGconn* c, PGresult* r, const char* what) {
  const auto st = PQresultStatus(r);
  PQclear(r);
  if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK) {
    fail(std::string(what) + ": " + PQerrorMessage(c));
  }
}

Outcome raw_postgres(const std::string& url, bool one_transaction, Limit limit) {
  PGconn* c = PQconnectdb(url.c_str());
  if (PQstatus(c) != CONNECTION_OK) {
    fail(std::string("connect: ") + PQerrorMessage(c));
  }
  pg_ok(c, PQexec(c, "SET synchronous_commit = on"), "set");
  const Oid types[2] = {20 /* int8 */, 17 /* bytea */};
  pg_ok(c, PQprepare(c, "ins", kInsert, 2, types), "prepare");
  const std::string payload = random_payload();
  const int formats[2] = {0, 1};  // text integer, binary bytea: as the adapter sends them
  const int lengths[2] = {0, static_cast<int>(payload.size())};

  Outcome out;
  const auto start = Clock::now();
  if (one_transaction) {
    pg_ok(c, PQexec(c, "BEGIN"), "begin");
  }
  while (out.writes < limit.writes && seconds_since(start) < limit.seconds) {
    const std::string created = std::to_string(now_ns());
    const char* values[2] = {created.c_str(), payload.data()};
    pg_ok(c, PQexecPrepared(c, "ins", 2, values, lengths, formats, 0), "insert");
    ++out.writes;
  }
  if (one_transaction) {
    pg_ok(c, PQexec(c, "COMMIT"), "commit");
  }
  out.seconds = seconds_since(start);
  PQfinish(c);
  return out;
}

// --- one engine, every case -------------------------------------------------------------------

// Writes back what earlier slices left dirty (a fast slice leaves 100 MiB), so that a slice's
// fsyncs do not wait for its predecessor's data: ext4 may flush it with the next journal commit.
void settle() {
  ::sync();
}

/// What differs between engines: a Database with an empty bench table, and the raw loop.
struct Target {
  std::function<std::unique_ptr<Database>()> fresh;
  std::function<Outcome(bool one_transaction, Limit)> raw;
};

struct Case {
  std::string name;
  int submitters;
  std::function<Outcome(Database&, Limit)> run;
};

void run_engine(const std::string& title, const Target& target, const Settings& s) {
  std::printf("\n%s\n%-34s %10s %10s %11s %11s %9s\n", title.c_str(), "case", "submitters",
              "writes/s", "writes/txn", "(iii) w/s", "vs (iii)");
  const std::size_t default_batch = Writer::Options{}.max_batch;  // what the server runs with
  std::vector<Case> cases;
  for (int n : s.submitters) {
    cases.push_back({"(i)   Writer, group commit", n, [=](Database& db, Limit l) {
                       return through_writer(db, default_batch, n, l);
                     }});
  }
  for (int n : s.submitters) {
    cases.push_back({"(ii)  Writer, max_batch=1", n,
                     [=](Database& db, Limit l) { return through_writer(db, 1, n, l); }});
  }
  cases.push_back(
      {"(iv)  raw, all in one txn", 1, [&](Database&, Limit l) { return target.raw(true, l); }});

  const Limit slice{s.seconds / s.rounds, s.max_writes};
  for (const Case& c : cases) {
    Outcome mine, reference;
    for (int r = 0; r < s.rounds; ++r) {
      target.fresh();  // an empty table; the raw loop opens its own connection
      settle();
      reference += target.raw(false, slice);
      auto db = target.fresh();
      settle();
      mine += c.run(*db, slice);
    }
    char batch[16] = "-";
    if (mine.commits > 0) {
      std::snprintf(batch, sizeof batch, "%.1f",
                    static_cast<double>(mine.writes) / static_cast<double>(mine.commits));
    }
    std::printf("%-34s %10d %10.0f %11s %11.0f %8.2fx\n", c.name.c_str(), c.submitters, mine.rate(),
                batch, reference.rate(), mine.rate() / reference.rate());
    std::fflush(stdout);
  }
  std::printf("load average after: %s\n", load_average().c_str());
}

std::vector<int> parse_list(const std::string& v) {
  std::vector<int> out;
  std::istringstream in(v);
  for (std::string item; std::getline(in, item, ',');) {
    out.push_back(std::stoi(item));
  }
  return out;
}

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
    if (a == "--seconds") {
      s.seconds = std::stod(value());
    } else if (a == "--rounds") {
      s.rounds = std::max(1, std::stoi(value()));
    } else if (a == "--max-writes") {
      s.max_writes = std::stoll(value());
    } else if (a == "--submitters") {
      s.submitters = parse_list(value());
    } else if (a == "--dir") {
      s.dir = value();
    } else {
      std::printf(
          "usage: labwatch_bench_writes [--seconds S] [--rounds R] [--submitters 1,8,64]"
          " [--max-writes N] [--dir DIR]\n"
          "  env LABWATCH_BENCH_PG=postgresql://… adds the PostgreSQL cases\n");
      std::exit(a == "--help" || a == "-h" ? 0 : 2);
    }
  }
  return s;
}

}  // namespace

int main(int argc, char** argv) {
  const Settings s = parse_args(argc, argv);
  namespace fs = std::filesystem;

  std::string tmpl = (s.dir / "labwatch-bench-writes.XXXXXX").string();
  if (!mkdtemp(tmpl.data())) {
    fail("cannot create a folder in " + s.dir.string());
  }
  const fs::path dir = tmpl;
  g_work_dir = dir;
  std::atexit(remove_work_dir);

  struct statfs info {};
  if (statfs(dir.c_str(), &info) == 0 && info.f_type == 0x01021994 /* TMPFS_MAGIC */) {
    std::printf("warning: %s is tmpfs: fsync is free there, durable figures mean nothing\n",
                dir.c_str());
  }
  std::printf(
      "2 KiB records; per case %.1f s in %d slices alternating with as long a (iii) reference"
      " (at most %lld writes a slice); %u cores; load average %s\n"
      "4 KiB write + fdatasync in %s: %.3f ms\n",
      s.seconds, s.rounds, static_cast<long long>(s.max_writes),
      std::thread::hardware_concurrency(), load_average().c_str(), dir.c_str(), fsync_ms(dir));

  const fs::path db_path = dir / "bench.db";
  const Target sqlite{
      .fresh =
          [&] {
            // A new file for every slice: none inherits another's WAL or file size.
            for (const char* suffix : {"", "-wal", "-shm"}) {
              fs::remove(db_path.string() + suffix);
            }
            auto db = Database::open("sqlite:" + db_path.string());
            if (!db) {
              fail(db.error().note);
            }
            create_table(**db);
            return std::move(*db);
          },
      .raw = [&](bool one_txn, Limit l) { return raw_sqlite(db_path.string(), one_txn, l); },
  };
  run_engine("SQLite " + std::string(sqlite3_libversion()) + " (WAL, synchronous=FULL), file in " +
                 dir.string(),
             sqlite, s);

  if (const char* env = std::getenv("LABWATCH_BENCH_PG"); env && *env) {
    const std::string url = env;
    const Target pg{
        .fresh =
            [&] {
              auto db = Database::open(url);
              if (!db) {
                fail(db.error().note);
              }
              create_table(**db);
              return std::move(*db);
            },
        .raw = [&](bool one_txn, Limit l) { return raw_postgres(url, one_txn, l); },
    };
    auto db = pg.fresh();
    auto conn = db->connect();
    if (!conn) {
      fail(conn.error().note);
    }
    auto version = (*conn)->query("SHOW server_version");
    run_engine("PostgreSQL " + (version && !version->empty() ? version->front().text(0) : "?") +
                   " (synchronous_commit=on), " + db->description(),
               pg, s);
    (void)(*conn)->exec_script("DROP TABLE IF EXISTS bench_writes");
  }
  return 0;
}
