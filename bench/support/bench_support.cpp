#include "bench_support.hpp"

#include <fcntl.h>
#include <libpq-fe.h>
#include <sqlite3.h>
#include <sys/vfs.h>
#include <unistd.h>

#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <semaphore>
#include <sstream>
#include <thread>
#include <utility>
#include <vector>

#include "storage/migrations.hpp"

namespace lw::bench {
namespace {

using storage::Connection;
using storage::Engine;
using storage::Writer;

std::string g_program;             // empty: "labwatch_bench"
std::filesystem::path g_work_dir;  // removed on every exit, failures included

void remove_work_dir() {
  if (!g_work_dir.empty()) {
    std::error_code ec;
    std::filesystem::remove_all(g_work_dir, ec);
  }
}

}  // namespace

double seconds_since(SteadyClock::time_point start) {
  return std::chrono::duration<double>(SteadyClock::now() - start).count();
}

std::int64_t now_micros() {
  return std::chrono::duration_cast<std::chrono::microseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

void set_program_name(std::string name) {
  g_program = std::move(name);
}

void fail(const std::string& what) {
  std::fprintf(stderr, "%s: %s\n", g_program.empty() ? "labwatch_bench" : g_program.c_str(),
               what.c_str());
  std::exit(1);  // runs remove_work_dir
}

std::filesystem::path make_work_dir(const std::filesystem::path& parent,
                                    const std::string& prefix) {
  std::string tmpl = (parent / (prefix + ".XXXXXX")).string();
  if (!mkdtemp(tmpl.data())) {
    fail("cannot create a folder in " + parent.string());
  }
  g_work_dir = tmpl;
  static const bool registered = [] { return std::atexit(remove_work_dir) == 0; }();
  (void)registered;
  return g_work_dir;
}

bool on_tmpfs(const std::filesystem::path& dir) {
  struct statfs info {};
  return statfs(dir.c_str(), &info) == 0 && info.f_type == 0x01021994;  // TMPFS_MAGIC
}

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

double fsync_ms(const std::filesystem::path& dir) {
  const std::string path = (dir / "fsync-probe").string();
  const int fd = ::open(path.c_str(), O_CREAT | O_WRONLY | O_TRUNC, 0600);
  if (fd < 0) {
    return 0;
  }
  const std::string block(4096, 'x');
  int n = 0;
  const auto start = SteadyClock::now();
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

void settle() {
  ::sync();
}

// --- databases ----------------------------------------------------------------------------------

std::unique_ptr<storage::Database> open_migrated(const std::string& url) {
  auto db = storage::Database::open(url);
  if (!db) {
    fail("open: " + db.error().note);
  }
  auto conn = (*db)->acquire();
  if (!conn) {
    fail("connect: " + conn.error().note);
  }
  auto state = storage::migrate(**conn);
  if (!state) {
    fail("migrate: " + state.error().note);
  }
  return std::move(*db);
}

namespace {
std::string g_pg_admin;
std::string g_pg_prefix;
std::string g_pg_scratch;
}  // namespace

void set_pg_admin(std::string admin_url, std::string prefix) {
  g_pg_admin = std::move(admin_url);
  g_pg_prefix = std::move(prefix);
  static const bool registered = [] { return std::atexit(drop_pg_scratch) == 0; }();
  (void)registered;
}

std::string pg_admin(const std::string& sql) {
  PGconn* c = PQconnectdb(g_pg_admin.c_str());
  PGresult* r = PQstatus(c) == CONNECTION_OK ? PQexec(c, sql.c_str()) : nullptr;
  std::string error;
  if (PQresultStatus(r) != PGRES_COMMAND_OK) {
    error = sql + ": " + PQerrorMessage(c);
  }
  PQclear(r);
  PQfinish(c);
  return error;
}

// Also an atexit handler: it must not fail() (exit from inside exit).
void drop_pg_scratch() {
  if (!g_pg_scratch.empty()) {
    const std::string name = std::exchange(g_pg_scratch, {});
    if (const std::string error = pg_admin("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
        !error.empty()) {
      std::fprintf(stderr, "%s: %s\n", g_program.empty() ? "labwatch_bench" : g_program.c_str(),
                   error.c_str());
    }
  }
}

std::string new_pg_scratch() {
  static int n = 0;
  drop_pg_scratch();
  const std::string name =
      g_pg_prefix + "_" + std::to_string(::getpid()) + "_" + std::to_string(++n);
  if (const std::string error = pg_admin("CREATE DATABASE " + name); !error.empty()) {
    fail(error);
  }
  g_pg_scratch = name;
  return with_database(g_pg_admin, name);
}

std::string with_database(const std::string& url, const std::string& name) {
  const auto slash = url.find('/', url.find("://") + 3);
  const auto query = url.find('?');
  const std::string base = slash == std::string::npos ? url : url.substr(0, slash);
  const std::string tail = query == std::string::npos ? "" : url.substr(query);
  return base + "/" + name + tail;
}

// --- through lw::storage::Writer ---------------------------------------------------------------

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

Status check_writer_durability(Writer& writer, Engine engine) {
  return submit_and_wait(writer, [engine](Connection& c) -> Status {
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
}

std::int64_t commits(const Metrics& metrics) {
  std::string text;
  metrics.commit_batch.render(text);
  const std::string key = "labwatch_commit_batch_size_count ";
  const auto at = text.find(key);
  return at == std::string::npos ? 0 : std::stoll(text.substr(at + key.size()));
}

Outcome through_writer(storage::Database& db, Writer::Options options, int submitters, Limit limit,
                       const JobFactory& make_job) {
  Metrics metrics;
  Writer writer(db, &metrics, options);
  if (const Status st = check_writer_durability(writer, db.engine()); !st) {
    fail("writer connection: " + st.error().note);
  }
  const std::int64_t commits_before = commits(metrics);  // the check above was a batch too
  std::atomic<bool> stop{false};
  std::atomic<std::int64_t> acked{0};
  std::atomic<bool> failed{false};
  std::string failure;

  const auto start = SteadyClock::now();
  std::vector<std::thread> threads;
  threads.reserve(static_cast<std::size_t>(submitters));
  for (int t = 0; t < submitters; ++t) {
    threads.emplace_back([&] {
      const Writer::Job job = make_job();
      while (!stop.load(std::memory_order_relaxed)) {
        const Status st = submit_and_wait(writer, job);
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

namespace {

void sqlite_ok(sqlite3* db, int rc, const char* what) {
  if (rc != SQLITE_OK && rc != SQLITE_DONE && rc != SQLITE_ROW) {
    fail(std::string(what) + ": " + sqlite3_errmsg(db));
  }
}

void pg_ok(PGconn* c, PGresult* r, const char* what) {
  const auto st = PQresultStatus(r);
  PQclear(r);
  if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK) {
    fail(std::string(what) + ": " + PQerrorMessage(c));
  }
}

}  // namespace

Outcome raw_sqlite(const std::string& path, const RawInsert& insert, bool one_transaction,
                   Limit limit) {
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
  sqlite_ok(db, sqlite3_prepare_v2(db, insert.sql.c_str(), -1, &ins, nullptr), "prepare");
  const std::string& payload = insert.payload;

  Outcome out;
  const auto start = SteadyClock::now();
  if (one_transaction) {
    sqlite_ok(db, sqlite3_exec(db, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr), "begin");
  }
  while (out.writes < limit.writes && seconds_since(start) < limit.seconds) {
    sqlite3_bind_int64(ins, 1, now_micros());
    if (insert.payload_is_text) {
      sqlite3_bind_text(ins, 2, payload.data(), static_cast<int>(payload.size()), SQLITE_STATIC);
    } else {
      sqlite3_bind_blob(ins, 2, payload.data(), static_cast<int>(payload.size()), SQLITE_STATIC);
    }
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

Outcome raw_postgres(const std::string& url, const RawInsert& insert, bool one_transaction,
                     Limit limit) {
  PGconn* c = PQconnectdb(url.c_str());
  if (PQstatus(c) != CONNECTION_OK) {
    fail(std::string("connect: ") + PQerrorMessage(c));
  }
  pg_ok(c, PQexec(c, "SET synchronous_commit = on"), "set");
  const Oid types[2] = {20 /* int8 */, insert.payload_is_text ? Oid{25} /* text */
                                                              : Oid{17} /* bytea */};
  pg_ok(c, PQprepare(c, "ins", insert.sql.c_str(), 2, types), "prepare");
  const std::string& payload = insert.payload;
  // Text integer; the payload as text, or binary bytea: as the adapter sends them.
  const int formats[2] = {0, insert.payload_is_text ? 0 : 1};
  const int lengths[2] = {0, static_cast<int>(payload.size())};

  Outcome out;
  const auto start = SteadyClock::now();
  if (one_transaction) {
    pg_ok(c, PQexec(c, "BEGIN"), "begin");
  }
  while (out.writes < limit.writes && seconds_since(start) < limit.seconds) {
    const std::string created = std::to_string(now_micros());
    const char* values[2] = {created.c_str(), payload.c_str()};
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

}  // namespace lw::bench
