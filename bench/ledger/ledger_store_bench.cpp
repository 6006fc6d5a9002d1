// The ledger on the write path, measured from the database (issue 4): what appending a
// record's leaf inside the group-commit writer costs, how long an on-demand signed checkpoint
// takes (and so how long a write waits to be in one), and inclusion proofs read from the
// stored nodes at ~1 M leaves, with their size. Every figure has a reference measured in the
// same run:
//   appends      (b) the same Writer and the same record job without the ledger append: the
//                ratio (a)/(b) is the ledger's cost; (c) the raw insert loop of bench/writes on
//                the same record, one transaction per insert: the durable reference. The three
//                alternate in short slices, each on a fresh database, so disk drift hits all;
//   checkpoints  one durable write of the record without the ledger through the same Writer,
//                interleaved with the measured ones;
//   proofs       one point lookup of a leaf by index on a pooled connection, interleaved.
// SQLite always; PostgreSQL too when LABWATCH_BENCH_PG holds an admin postgresql:// URL (the
// bench creates and drops databases named lw_bench_ledger_<pid>_<n> there, bench_support's
// scratch databases).
#include <sqlite3.h>

#include <algorithm>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/json/serialize.hpp>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <memory>
#include <optional>
#include <random>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "core/clock.hpp"
#include "core/random.hpp"
#include "domain/connectivity.hpp"
#include "ledger/checkpoint.hpp"
#include "ledger/proof.hpp"
#include "service/auditor.hpp"
#include "service/ledger.hpp"
#include "service/ledger_records.hpp"
#include "storage/connectivity_checks.hpp"
#include "support/bench_support.hpp"

namespace {

using namespace lw;
using namespace lw::bench;
using storage::Connection;
using storage::Database;
using storage::Writer;
namespace asio = boost::asio;
namespace fs = std::filesystem;

constexpr char kLab[] = "LAB-BENCH";
constexpr char kOrigin[] = "bench.labwatch.example";
// A connectivity check as integrators send them: a short message, partly Chinese.
constexpr char kMessage[] = "联调自检：LIMS 到平台链路正常 / connectivity check from the LIMS";
// (c): the same row as storage::insert_connectivity_check writes, without its RETURNING id: the
// loop needs no id back, and on SQLite an autocommit insert with RETURNING is measurably slower,
// which would flatter the Writer cases.
constexpr char kRawInsert[] =
    "INSERT INTO connectivity_checks (lab_code, client_time, received_at, message, sandbox)"
    " VALUES ('LAB-BENCH', NULL, $1, $2, 0)";

// The synthetic records of the tree's leaves are numbered from here.
constexpr std::int64_t kFillIds = 1'000'000'000'000;

struct Settings {
  double seconds = 10;  // per append case, split into `rounds` slices
  int rounds = 10;      // 1 s slices by default: a burst of disk or CPU contention hits every case
  std::vector<int> submitters{1, 64};
  std::int64_t max_writes = 200'000;  // per slice: bounds the disk used
  std::uint64_t leaves = 1'000'000;   // the tree for proofs and checkpoints
  // Leaves appended per writer job while filling: the Writer's default max_batch, the most the
  // server appends in one transaction. Larger jobs slow down on PostgreSQL, where each append
  // updates the one ledger_head row and a transaction's row versions pile up.
  std::uint64_t fill_job = Writer::Options{}.max_batch;
  double fill_seconds = 900;  // the fill stops here, with a note, if not done
  int proofs = 5'000;
  int checkpoints = 30;
  crypto::HashAlg alg = crypto::HashAlg::sm3;
  std::uint64_t seed = 1;
  bool appends = true;  // --parts appends
  bool tree = true;     // --parts tree: fill, proofs, checkpoints
  fs::path dir = "/var/tmp";
};

const SystemClock g_clock;

const service::Caller& bench_caller() {
  static const service::Caller caller{"lk_bench00000001", "lab", "127.0.0.1", ""};
  return caller;
}

// --- statistics --------------------------------------------------------------------------------

struct Stats {
  std::vector<double> values;
  void add(double v) { values.push_back(v); }
  double mean() const {
    double sum = 0;
    for (double v : values) {
      sum += v;
    }
    return values.empty() ? 0 : sum / static_cast<double>(values.size());
  }
  // The q-quantile (0 ≤ q ≤ 1), nearest rank.
  double quantile(double q) const {
    if (values.empty()) {
      return 0;
    }
    std::vector<double> sorted = values;
    std::sort(sorted.begin(), sorted.end());
    const auto at =
        static_cast<std::size_t>(std::lround(q * static_cast<double>(sorted.size() - 1)));
    return sorted[std::min(at, sorted.size() - 1)];
  }
};

double ms_since(SteadyClock::time_point start) {
  return seconds_since(start) * 1e3;
}

// --- databases ----------------------------------------------------------------------------------

/// One engine: fresh, migrated databases and the raw reference loop on the latest of them.
struct Target {
  std::string title;
  std::function<std::unique_ptr<Database>()> fresh;
  std::function<Outcome(Limit)> raw;
};

Target sqlite_target(const fs::path& dir) {
  const fs::path path = dir / "ledger.db";
  const RawInsert raw{kRawInsert, kMessage, true};
  return {
      "SQLite " + std::string(sqlite3_libversion()) + " (WAL, synchronous=FULL), file in " +
          dir.string(),
      [path] {
        // A new file every time: none inherits another's WAL or size.
        for (const char* suffix : {"", "-wal", "-shm"}) {
          fs::remove(path.string() + suffix);
        }
        auto db = open_migrated("sqlite:" + path.string());
        // Every case starts from an empty WAL, whether it keeps this Database (the Writer
        // cases) or closes it first (the raw loop; the last close checkpoints the WAL away).
        auto conn = db->acquire();
        if (!conn || !(*conn)->query("PRAGMA wal_checkpoint(TRUNCATE)")) {
          fail("checkpoint after migrations");
        }
        return db;
      },
      [path, raw](Limit l) { return raw_sqlite(path.string(), raw, false, l); },
  };
}

Target pg_target(const std::string& admin) {
  set_pg_admin(admin, "lw_bench_ledger");
  auto url = std::make_shared<std::string>();
  std::string version = "?";
  std::string where;
  {
    auto db = Database::open(admin);
    if (!db) {
      fail("open: " + db.error().note);
    }
    where = (*db)->description();
    if (auto conn = (*db)->acquire(); conn) {
      if (auto rows = (*conn)->query("SHOW server_version"); rows && !rows->empty()) {
        version = rows->front().text(0);
      }
    }
  }
  const RawInsert raw{kRawInsert, kMessage, true};
  return {
      "PostgreSQL " + version + " (synchronous_commit=on), " + where,
      [url] {
        *url = new_pg_scratch();
        return open_migrated(*url);
      },
      [url, raw](Limit l) { return raw_postgres(*url, raw, false, l); },
  };
}

// --- the record and its leaf --------------------------------------------------------------------

domain::ConnectivityCheck new_check() {
  domain::ConnectivityCheck c;
  c.lab_code = kLab;
  c.message = kMessage;
  c.received_at = g_clock.now();
  return c;
}

std::unique_ptr<service::Ledger> open_ledger(Database& db, crypto::HashAlg alg) {
  auto ledger = std::make_unique<service::Ledger>(
      service::LedgerIdentity{alg, kOrigin, crypto::Sm2KeyPair::generate()}, g_clock);
  auto conn = db.acquire();
  if (!conn) {
    fail("connect: " + conn.error().note);
  }
  if (const Status st = ledger->open(**conn); !st) {
    fail("ledger open: " + st.error().note);
  }
  return ledger;
}

/// What the server's connectivity write does minus its lab lookup and audit row: the check,
/// and its leaf when `ledger` is given. `index` receives the leaf's index.
Writer::Job check_job(service::Ledger* ledger, std::uint64_t* index = nullptr) {
  return [ledger, index](Connection& c) -> Status {
    auto check = new_check();
    LW_TRY(storage::insert_connectivity_check(c, check));
    if (ledger != nullptr) {
      auto leaf = ledger->append(c, service::connectivity_entry(check, bench_caller()),
                                 check.lab_code, check.sandbox, service::Ledger::Previous::none);
      if (!leaf) {
        return std::move(leaf).error();
      }
      if (index != nullptr) {
        *index = leaf->index;
      }
    }
    return {};
  };
}

storage::LedgerHead head_of(Database& db) {
  auto conn = db.acquire();
  if (!conn) {
    fail("connect: " + conn.error().note);
  }
  auto head = storage::read_ledger_head(**conn);
  if (!head) {
    fail("ledger head: " + head.error().note);
  }
  return *head;
}

// --- 1. durable appends/s -----------------------------------------------------------------------

void appends(const Target& target, const Settings& s) {
  std::printf(
      "\n1. durable writes/s, each a connectivity check (%zu-byte message); %.1f s per case in %d"
      " slices, the three cases alternating, each slice on a fresh database\n\n",
      std::strlen(kMessage), s.seconds, s.rounds);
  std::printf("| %-38s | %10s | %10s | %10s | %8s | %8s |\n", "case", "submitters", "writes/s",
              "writes/txn", "vs (b)", "vs (c)");
  std::printf("|%s|%s|%s|%s|%s|%s|\n", std::string(40, '-').c_str(), std::string(12, '-').c_str(),
              std::string(12, '-').c_str(), std::string(12, '-').c_str(),
              std::string(10, '-').c_str(), std::string(10, '-').c_str());
  const Limit slice{s.seconds / s.rounds, s.max_writes};
  for (const int n : s.submitters) {
    Outcome with_leaf, without, raw;
    for (int r = 0; r < s.rounds; ++r) {
      for (int k = 0; k < 3; ++k) {
        auto db = target.fresh();
        const int which = (r + k) % 3;
        if (which == 0) {
          db.reset();  // the raw loop opens its own connection
        }
        settle();
        switch (which) {
          case 0:
            raw += target.raw(slice);
            break;
          case 1:
            without += through_writer(*db, {}, n, slice, [] { return check_job(nullptr); });
            break;
          default: {
            auto ledger = open_ledger(*db, s.alg);
            const Outcome o =
                through_writer(*db, {}, n, slice, [&] { return check_job(ledger.get()); });
            // Every acknowledged write left exactly one leaf.
            const auto head = head_of(*db);
            if (head.size != static_cast<std::uint64_t>(o.writes)) {
              fail("the ledger has " + std::to_string(head.size) + " leaves after " +
                   std::to_string(o.writes) + " acknowledged writes");
            }
            with_leaf += o;
          }
        }
      }
    }
    auto row = [&](const char* name, const Outcome& o, bool vs_b) {
      char batch[16] = "-";
      if (o.commits > 0) {
        std::snprintf(batch, sizeof batch, "%.1f", o.per_commit());
      }
      char b[16] = "";
      if (vs_b) {
        std::snprintf(b, sizeof b, "%.2fx", o.rate() / without.rate());
      }
      std::printf("| %-38s | %10d | %10.0f | %10s | %8s | %7.2fx |\n", name, n, o.rate(), batch, b,
                  o.rate() / raw.rate());
    };
    row("(c) raw insert, txn per write", raw, false);
    row("(b) Writer: check, no ledger", without, false);
    row("(a) Writer: check + ledger leaf", with_leaf, true);
    std::fflush(stdout);
  }
}

// --- 2 and 3. a tree of `leaves`: proofs from the store, checkpoints ----------------------------

struct Tree {
  std::unique_ptr<Database> db;
  std::unique_ptr<service::Ledger> ledger;
  std::uint64_t size = 0;
  std::string root;
};

// Appends `s.leaves` leaves through Ledger::append in writer jobs of `s.fill_job` leaves each
// (the real nodes, one transaction per job), within `s.fill_seconds`.
Tree fill(const Target& target, const Settings& s) {
  Tree t;
  t.db = target.fresh();
  t.ledger = open_ledger(*t.db, s.alg);
  Metrics metrics;
  Writer writer(*t.db, &metrics);
  if (const Status st = check_writer_durability(writer, t.db->engine()); !st) {
    fail("writer connection: " + st.error().note);
  }
  std::uint64_t appended = 0;
  std::uint64_t next_report = s.leaves / 10;
  const auto start = SteadyClock::now();
  bool out_of_time = false;
  while (appended < s.leaves) {
    if (seconds_since(start) > s.fill_seconds) {
      out_of_time = true;
      break;
    }
    const std::uint64_t first = appended;
    const std::uint64_t count = std::min(s.fill_job, s.leaves - appended);
    service::Ledger& ledger = *t.ledger;
    const Status st = submit_and_wait(writer, [&ledger, first, count](Connection& c) -> Status {
      for (std::uint64_t i = 0; i < count; ++i) {
        auto check = new_check();
        // Leaves only, no record rows; ids above any the table assigns in this run, so that
        // the checks part 2 writes are new records.
        check.id = kFillIds + static_cast<std::int64_t>(first + i);
        auto leaf = ledger.append(c, service::connectivity_entry(check, bench_caller()), kLab,
                                  false, service::Ledger::Previous::none);
        if (!leaf) {
          return std::move(leaf).error();
        }
      }
      return {};
    });
    if (!st) {
      fail("fill: " + st.error().note);
    }
    appended += count;
    if (appended >= next_report) {
      std::fprintf(stderr, "  filled %llu leaves in %.0f s\n",
                   static_cast<unsigned long long>(appended), seconds_since(start));
      next_report += s.leaves / 10;
    }
  }
  const double took = seconds_since(start);
  writer.stop();
  const auto head = head_of(*t.db);
  t.size = head.size;
  t.root = head.root;
  std::printf(
      "\ntree: %llu leaves appended by Ledger::append in writer jobs of %llu leaves (one"
      " transaction each; leaves of synthetic connectivity checks, no record rows) in %.1f s ="
      " %.0f appends/s\n",
      static_cast<unsigned long long>(t.size), static_cast<unsigned long long>(s.fill_job), took,
      static_cast<double>(t.size) / took);
  if (out_of_time) {
    std::printf("NOTE: the fill stopped at %llu of %llu leaves after --fill-seconds %.0f\n",
                static_cast<unsigned long long>(t.size), static_cast<unsigned long long>(s.leaves),
                s.fill_seconds);
  }
  return t;
}

void proofs(Tree& t, const Settings& s) {
  if (t.size < 2) {
    return;
  }
  service::LedgerReader reader(*t.db, s.alg);
  std::mt19937_64 rng(s.seed);
  auto lookup = [&](std::uint64_t index) {
    auto conn = t.db->acquire();
    if (!conn) {
      fail("connect: " + conn.error().note);
    }
    auto rows = (*conn)->query("SELECT leaf_hash FROM ledger_leaves WHERE idx = $1",
                               storage::params({static_cast<std::int64_t>(index)}));
    if (!rows || rows->size() != 1) {
      fail("leaf lookup failed");
    }
    return rows->front().bytes(0);
  };
  // Warm-up: statements prepared, pages in the cache, as on a server that has been answering.
  for (int i = 0; i < 200; ++i) {
    (void)lookup(rng() % t.size);
    (void)reader.inclusion_proof(rng() % t.size, t.size);
  }

  Stats proof_us, lookup_us;
  std::vector<std::pair<std::uint64_t, std::vector<std::string>>> made;
  made.reserve(static_cast<std::size_t>(s.proofs));
  for (int i = 0; i < s.proofs; ++i) {
    auto start = SteadyClock::now();
    (void)lookup(rng() % t.size);
    lookup_us.add(seconds_since(start) * 1e6);
    const std::uint64_t index = rng() % t.size;
    start = SteadyClock::now();
    auto proof = reader.inclusion_proof(index, t.size);
    proof_us.add(seconds_since(start) * 1e6);
    if (!proof) {
      fail("inclusion proof: " + proof.error().note);
    }
    made.emplace_back(index, std::move(*proof));
  }

  // Every proof verifies against the stored root; sizes as stored hashes and as the API's body.
  int failures = 0;
  Stats hashes, json_bytes, nodes;
  for (const auto& [index, proof] : made) {
    failures +=
        ledger::verify_inclusion(s.alg, lookup(index), index, t.size, proof, t.root).ok() ? 0 : 1;
    hashes.add(static_cast<double>(proof.size()));
    boost::json::array hex;
    for (const auto& h : proof) {
      hex.emplace_back(to_hex(h));
    }
    json_bytes.add(static_cast<double>(
        boost::json::serialize(
            boost::json::object{{"index", index}, {"size", t.size}, {"proof", std::move(hex)}})
            .size()));
    nodes.add(
        static_cast<double>(ledger::node_ids(*ledger::inclusion_nodes(index, t.size)).size()));
  }
  if (failures != 0) {
    fail(std::to_string(failures) + " inclusion proofs from the store did not verify");
  }
  const double digest = static_cast<double>(crypto::digest_size(s.alg));
  std::printf(
      "\n3. inclusion proofs from the database at %llu leaves: %d random leaves, each"
      " interleaved with one reference lookup; all verified against the stored root\n\n",
      static_cast<unsigned long long>(t.size), s.proofs);
  std::printf("| %-44s | %9s | %9s | %9s | %11s |\n", "operation", "mean µs", "p50 µs", "p99 µs",
              "vs lookup");
  std::printf("|%s|%s|%s|%s|%s|\n", std::string(46, '-').c_str(), std::string(11, '-').c_str(),
              std::string(11, '-').c_str(), std::string(11, '-').c_str(),
              std::string(13, '-').c_str());
  std::printf("| %-44s | %9.1f | %9.1f | %9.1f | %10.2fx |\n",
              "reference: one leaf by index (pooled conn)", lookup_us.mean(),
              lookup_us.quantile(0.5), lookup_us.quantile(0.99), 1.0);
  std::printf("| %-44s | %9.1f | %9.1f | %9.1f | %10.2fx |\n",
              "LedgerReader::inclusion_proof(index, size)", proof_us.mean(), proof_us.quantile(0.5),
              proof_us.quantile(0.99), proof_us.mean() / lookup_us.mean());
  std::printf(
      "\nproof size: %.1f hashes mean, %.0f max = %.0f / %.0f bytes raw; the API's JSON body"
      " (hex) %.0f / %.0f bytes; %.1f stored nodes fetched per proof (mean) in one batch\n",
      hashes.mean(), hashes.quantile(1), hashes.mean() * digest, hashes.quantile(1) * digest,
      json_bytes.mean(), json_bytes.quantile(1), nodes.mean());
  std::fflush(stdout);
}

// Runs `task` on `ioc` to its end; its value.
template <class T>
T run_task(asio::io_context& ioc, Task<T> task) {
  std::optional<T> out;
  std::exception_ptr failure;
  auto store = [](Task<T> inner, std::optional<T>& into) -> Task<void> {
    into.emplace(co_await std::move(inner));
  };
  asio::co_spawn(ioc, store(std::move(task), out),
                 [&failure](const std::exception_ptr& e) { failure = e; });
  ioc.run();
  ioc.restart();
  if (failure) {
    std::rethrow_exception(failure);
  }
  return std::move(*out);
}

void checkpoints(Tree& t, const Settings& s) {
  if (s.checkpoints <= 0) {
    return;
  }
  Metrics metrics;
  Writer writer(*t.db, &metrics);
  if (const Status st = check_writer_durability(writer, t.db->engine()); !st) {
    fail("writer connection: " + st.error().note);
  }
  asio::io_context ioc;
  Stats reference_ms, append_ms, checkpoint_ms, integration_ms, sign_ms;
  const auto key = crypto::Sm2KeyPair::generate();
  for (int i = 0; i < s.checkpoints; ++i) {
    // The reference: one durable write of the same record without its leaf.
    auto start = SteadyClock::now();
    if (const Status st = submit_and_wait(writer, check_job(nullptr)); !st) {
      fail("write: " + st.error().note);
    }
    reference_ms.add(ms_since(start));

    // The on-demand path: the write with its leaf, acknowledged; then a checkpoint that
    // includes it, signed and stored through the writer.
    std::uint64_t index = 0;
    start = SteadyClock::now();
    if (const Status st = submit_and_wait(writer, check_job(t.ledger.get(), &index)); !st) {
      fail("write: " + st.error().note);
    }
    const double acked = ms_since(start);
    const auto acked_at = SteadyClock::now();
    auto cp = run_task(ioc, t.ledger->issue_checkpoint(writer));
    checkpoint_ms.add(ms_since(acked_at));
    integration_ms.add(ms_since(start));
    append_ms.add(acked);
    if (!cp || !*cp || (*cp)->checkpoint.size <= index) {
      fail("issue_checkpoint did not return a checkpoint that includes leaf " +
           std::to_string(index));
    }
    if (!ledger::verify(**cp, t.ledger->public_key())) {
      fail("a checkpoint's signature does not verify");
    }

    // The signature alone (CPU), on a checkpoint of the same shape.
    const ledger::Checkpoint body{kOrigin, (*cp)->checkpoint.size, (*cp)->checkpoint.root,
                                  g_clock.now(), s.alg};
    start = SteadyClock::now();
    auto signed_cp = ledger::sign(body, key);
    sign_ms.add(ms_since(start));
    if (!signed_cp) {
      fail("sign: " + signed_cp.error().note);
    }
  }
  writer.stop();
  const auto head = head_of(*t.db);  // the writes above are leaves too
  t.size = head.size;
  t.root = head.root;
  std::printf(
      "\n2. checkpoints on demand at ~%llu leaves, %d times, one at a time (a quiet writer):"
      " write + leaf acknowledged, then Ledger::issue_checkpoint through the writer\n\n",
      static_cast<unsigned long long>(t.size), s.checkpoints);
  std::printf("| %-50s | %8s | %8s | %8s | %9s |\n", "step", "mean ms", "p50 ms", "max ms",
              "vs (ref)");
  std::printf("|%s|%s|%s|%s|%s|\n", std::string(52, '-').c_str(), std::string(10, '-').c_str(),
              std::string(10, '-').c_str(), std::string(10, '-').c_str(),
              std::string(11, '-').c_str());
  auto row = [&](const char* name, const Stats& st) {
    std::printf("| %-50s | %8.3f | %8.3f | %8.3f | %8.2fx |\n", name, st.mean(), st.quantile(0.5),
                st.quantile(1), st.mean() / reference_ms.mean());
  };
  row("(ref) one durable write of the check, no ledger", reference_ms);
  row("write of the check + its leaf, acknowledged", append_ms);
  row("issue_checkpoint after it (sign, store, commit)", checkpoint_ms);
  row("integration on demand: write to including checkpoint", integration_ms);
  row("SM2 signature of a checkpoint note alone (CPU)", sign_ms);
  std::printf(
      "\nwith the server's timer (--checkpoint-seconds, default 5) instead: a write waits for"
      " the next tick, up to 5 s (2.5 s on average), plus the issue_checkpoint time above\n");
  std::fflush(stdout);
}

// --- driver -----------------------------------------------------------------------------------

void run_engine(const Target& target, const Settings& s) {
  std::printf("\n## %s\n", target.title.c_str());
  if (s.appends) {
    appends(target, s);
  }
  if (s.tree) {
    Tree t = fill(target, s);
    checkpoints(t, s);
    proofs(t, s);
  }
  std::printf("\nload average after: %s\n", load_average().c_str());
  std::fflush(stdout);
}

std::vector<int> parse_list(const std::string& v) {
  std::vector<int> out;
  std::istringstream in(v);
  for (std::string item; std::getline(in, item, ',');) {
    out.push_back(std::stoi(item));
  }
  return out;
}

[[noreturn]] void usage(int code) {
  std::printf(
      "usage: labwatch_bench_ledger_store [--seconds S] [--rounds R] [--submitters 1,64]\n"
      "         [--max-writes N] [--leaves N] [--fill-job N] [--fill-seconds S] [--proofs N]\n"
      "         [--checkpoints N] [--alg sm3|sha256] [--seed S] [--parts appends,tree]\n"
      "         [--dir DIR]\n"
      "  env LABWATCH_BENCH_PG=postgresql://… (an admin URL) adds PostgreSQL\n");
  std::exit(code);
}

Settings parse_args(int argc, char** argv) {
  Settings s;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    if (a == "--help" || a == "-h") {
      usage(0);
    }
    if (i + 1 >= argc) {
      usage(2);
    }
    const std::string v = argv[++i];
    if (a == "--seconds") {
      s.seconds = std::stod(v);
    } else if (a == "--rounds") {
      s.rounds = std::max(1, std::stoi(v));
    } else if (a == "--submitters") {
      s.submitters = parse_list(v);
    } else if (a == "--max-writes") {
      s.max_writes = std::stoll(v);
    } else if (a == "--leaves") {
      s.leaves = std::stoull(v);
    } else if (a == "--fill-job") {
      s.fill_job = std::max<std::uint64_t>(1, std::stoull(v));
    } else if (a == "--fill-seconds") {
      s.fill_seconds = std::stod(v);
    } else if (a == "--proofs") {
      s.proofs = std::stoi(v);
    } else if (a == "--checkpoints") {
      s.checkpoints = std::stoi(v);
    } else if (a == "--alg" && (v == "sm3" || v == "sha256")) {
      s.alg = v == "sm3" ? crypto::HashAlg::sm3 : crypto::HashAlg::sha256;
    } else if (a == "--seed") {
      s.seed = std::stoull(v);
    } else if (a == "--parts") {
      s.appends = v.find("appends") != std::string::npos;
      s.tree = v.find("tree") != std::string::npos;
    } else if (a == "--dir") {
      s.dir = v;
    } else {
      usage(2);
    }
  }
  if (s.leaves < 2 || s.proofs < 0 || s.submitters.empty()) {
    usage(2);
  }
  return s;
}

}  // namespace

int main(int argc, char** argv) {
  const Settings s = parse_args(argc, argv);
  set_program_name("labwatch_bench_ledger_store");
  const fs::path dir = make_work_dir(s.dir, "labwatch-bench-ledger");
  if (on_tmpfs(dir)) {
    std::printf("warning: %s is tmpfs: fsync is free there, durable figures mean nothing\n",
                dir.c_str());
  }
  std::printf(
      "the ledger on the write path (%s); %u cores; load average %s\n"
      "4 KiB write + fdatasync in %s: %.3f ms\n",
      s.alg == crypto::HashAlg::sm3 ? "SM3" : "SHA-256", std::thread::hardware_concurrency(),
      load_average().c_str(), dir.c_str(), fsync_ms(dir));

  run_engine(sqlite_target(dir), s);
  if (const char* env = std::getenv("LABWATCH_BENCH_PG"); env && *env) {
    run_engine(pg_target(env), s);
    drop_pg_scratch();
  }
  return 0;
}
