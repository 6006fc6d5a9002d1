#pragma once
// What the durable-write benchmarks share (bench/writes, bench/ledger): the machine's state
// (load, flush cost, tmpfs), a work folder removed on every exit, jobs submitted to a
// storage::Writer from N blocking submitter threads with the commits counted, and the raw
// engine insert loops that are their durable reference. Not part of the server.
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>

#include "core/metrics.hpp"
#include "storage/database.hpp"
#include "storage/writer.hpp"

namespace lw::bench {

using SteadyClock = std::chrono::steady_clock;

double seconds_since(SteadyClock::time_point start);
/// Wall-clock time, µs since the epoch (for timestamps in inserted rows).
std::int64_t now_micros();

/// The name fail() prints (the program's).
void set_program_name(std::string name);
/// Prints "<program>: what" to stderr and exits 1; the work folder goes with it.
[[noreturn]] void fail(const std::string& what);

/// A new folder `<parent>/<prefix>.XXXXXX`, removed when the program exits (fail() included).
std::filesystem::path make_work_dir(const std::filesystem::path& parent, const std::string& prefix);
/// True when `dir` is on tmpfs, where fsync is free and durable figures mean nothing.
bool on_tmpfs(const std::filesystem::path& dir);
/// The 1, 5 and 15 minute load averages: other work on the machine skews every figure.
std::string load_average();
/// Milliseconds one 4 KiB write + fdatasync takes in `dir`: the least a durable commit costs on
/// this disk, so a reader can tell a flush-bound figure from a CPU-bound one.
double fsync_ms(const std::filesystem::path& dir);
/// Writes back what earlier slices left dirty, so that a slice's fsyncs do not wait for its
/// predecessor's data (ext4 may flush it with the next journal commit).
void settle();

/// A Database on `url` with every migration applied (the server's tables and indexes).
std::unique_ptr<storage::Database> open_migrated(const std::string& url);

/// PostgreSQL scratch databases, made from an admin URL: `new_pg_scratch` drops the previous one
/// and creates `<prefix>_<pid>_<n>`, returning its URL; the last one is dropped at exit (also
/// after fail()) or by `drop_pg_scratch`.
void set_pg_admin(std::string admin_url, std::string prefix);
std::string new_pg_scratch();
void drop_pg_scratch();
/// Runs `sql` on the admin URL; the error, or empty.
std::string pg_admin(const std::string& sql);
/// postgresql://user@host:port/postgres?x -> postgresql://user@host:port/NAME?x
std::string with_database(const std::string& url, const std::string& name);

/// How long one slice may run.
struct Limit {
  double seconds;
  std::int64_t writes;
};

/// Acknowledged writes over a time; the commits (batches) when counted.
struct Outcome {
  std::int64_t writes = 0;
  double seconds = 0;
  std::int64_t commits = 0;  // 0 when not counted (raw loops)
  double rate() const { return seconds > 0 ? static_cast<double>(writes) / seconds : 0; }
  /// Mean writes per commit, or 0 when commits were not counted.
  double per_commit() const {
    return commits > 0 ? static_cast<double>(writes) / static_cast<double>(commits) : 0;
  }
  Outcome& operator+=(const Outcome& o) {
    writes += o.writes;
    seconds += o.seconds;
    commits += o.commits;
    return *this;
  }
};

/// Submits `job` and blocks until its batch is durable (or failed), like a request coroutine
/// suspended in service::commit.
Status submit_and_wait(storage::Writer& writer, storage::Writer::Job job);
/// Checks the writer's own connection has the durability settings the ratios assume
/// (SQLite journal_mode=wal, synchronous=FULL; PostgreSQL synchronous_commit=on); also opens
/// that connection, so call it before the clock starts.
Status check_writer_durability(storage::Writer& writer, storage::Engine engine);
/// Commits so far, read back from the Writer's commit_batch histogram.
std::int64_t commits(const Metrics& metrics);

/// Makes the job one submitter sends again and again; called once, on that submitter's thread.
/// The job may run twice (storage::Writer::Job), so it must rebuild whatever it writes.
using JobFactory = std::function<storage::Writer::Job()>;

/// `submitters` threads, each submitting its job and waiting for the acknowledgement before the
/// next, through a new Writer on `db` with `options`, until `limit`. A write counts once acked;
/// a failed write ends the program.
Outcome through_writer(storage::Database& db, storage::Writer::Options options, int submitters,
                       Limit limit, const JobFactory& make_job);

/// The raw reference's insert: `sql` with $1 = now in µs (integer) and $2 = `payload`, bound as
/// text or as a blob; the same text for both engines (SQLite numbers `$1`, `$2` in order).
struct RawInsert {
  std::string sql;
  std::string payload;
  bool payload_is_text = false;
};

/// The insert in a loop on the sqlite3 C API, prepared once, with exactly the pragmas the
/// adapter sets; one transaction per insert, or all of them in one.
Outcome raw_sqlite(const std::string& path, const RawInsert& insert, bool one_transaction,
                   Limit limit);
/// The same on libpq, prepared once, synchronous_commit=on; autocommit per insert, or one
/// transaction.
Outcome raw_postgres(const std::string& url, const RawInsert& insert, bool one_transaction,
                     Limit limit);

}  // namespace lw::bench
