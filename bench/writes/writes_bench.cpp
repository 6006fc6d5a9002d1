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
#include <sqlite3.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <memory>
#include <random>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "storage/database.hpp"
#include "storage/writer.hpp"
#include "support/bench_support.hpp"

namespace {

using namespace lw;
using namespace lw::storage;
using namespace lw::bench;

constexpr std::size_t kRecordBytes = 2048;
constexpr const char* kInsert = "INSERT INTO bench_writes (created_at, payload) VALUES ($1, $2)";

struct Settings {
  double seconds = 2;                // per case, and as much again for its paired reference
  int rounds = 4;                    // slices the case and its reference alternate in
  std::int64_t max_writes = 50'000;  // per slice: bounds the disk used (100 MiB of records)
  std::vector<int> submitters{1, 8, 64};
  std::filesystem::path dir = "/var/tmp";  // /tmp is often tmpfs, where fsync costs nothing
};

std::string random_payload() {
  std::mt19937_64 rng(std::random_device{}());
  std::string out(kRecordBytes, '\0');
  for (auto& c : out) {
    c = static_cast<char>(rng());
  }
  return out;
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

// One submitter's write: its own random 2 KiB record, inserted again and again.
Writer::Job insert_job() {
  auto payload = std::make_shared<const std::string>(random_payload());
  return [payload](Connection& c) -> Status {
    auto r = c.exec(kInsert, params({now_micros(), Bytes{*payload}}));
    return r ? Status{} : Status(std::move(r).error());
  };
}

Outcome writes_through_writer(Database& db, std::size_t max_batch, int submitters, Limit limit) {
  return through_writer(db, Writer::Options{.max_batch = max_batch}, submitters, limit, insert_job);
}

// --- one engine, every case -------------------------------------------------------------------

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
                       return writes_through_writer(db, default_batch, n, l);
                     }});
  }
  for (int n : s.submitters) {
    cases.push_back({"(ii)  Writer, max_batch=1", n,
                     [=](Database& db, Limit l) { return writes_through_writer(db, 1, n, l); }});
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

  set_program_name("labwatch_bench_writes");
  const fs::path dir = make_work_dir(s.dir, "labwatch-bench-writes");
  if (on_tmpfs(dir)) {
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
  const RawInsert raw_insert{kInsert, random_payload(), false};
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
      .raw = [&](bool one_txn,
                 Limit l) { return raw_sqlite(db_path.string(), raw_insert, one_txn, l); },
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
        .raw = [&](bool one_txn, Limit l) { return raw_postgres(url, raw_insert, one_txn, l); },
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
