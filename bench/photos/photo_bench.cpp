// bench/photos: on-site photos screened per second (issue 8) — each a 12-megapixel camera JPEG
// with EXIF (photos/photo_samples.hpp) through what the server does with an upload:
// photos::screen_photo (exiv2 metadata, quantisation tables, one decode at 1/8 scale, the
// perceptual hashes, the thumbnail's distance, the page thumbnail), storage::find_similar_photos
// (the re-use look-up: the band probes of the 64-bit hash within kReuseMaxDistance bits, the
// candidates confirmed by their 256-bit detail hashes, against 1,000,000 stored photos) on a
// pooled connection and storage::insert_photo_hash through a storage::Writer (durable, group
// commit).
//
//   labwatch_bench_photos --generate DIR [--photos N]   writes N photos (photo_NN.jpg) to DIR
//   labwatch_bench_photos --measure DIR [--engine sqlite|postgresql] [--hashes N]
//                         [--seconds S] [--dir WORK]
//
// --measure fills a fresh database (migrated like the server's) with N random hashes in one
// transaction, then runs, S seconds each, over the photos of DIR in turn: screening alone on 1
// and 2 threads (and the metadata alone, exiftool's share of the work), the look-up alone, and
// the whole path on 1 and 2 threads. It prints a summary
// on stderr and one JSON object on stdout (bench/photos/run reads it and compares with exiftool
// reading the same files). PostgreSQL: the admin URL in LABWATCH_BENCH_PG (a scratch database
// lw_bench_photos_<pid>_<n>, dropped at exit).
#include <algorithm>
#include <array>
#include <atomic>
#include <boost/json.hpp>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <thread>
#include <vector>

#include "photos/photo.hpp"
#include "photos/photo_samples.hpp"
#include "storage/photo_hashes.hpp"
#include "support/bench_support.hpp"

namespace {

using namespace lw;
using namespace lw::bench;
namespace fs = std::filesystem;
namespace json = boost::json;

struct Settings {
  std::string generate;  // DIR
  std::string measure;   // DIR
  int photos = 16;
  std::string engine = "sqlite";
  std::int64_t hashes = 1'000'000;
  double seconds = 8;
  fs::path dir = "/var/tmp";
};

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
    if (a == "--generate") {
      s.generate = value();
    } else if (a == "--measure") {
      s.measure = value();
    } else if (a == "--photos") {
      s.photos = std::stoi(value());
    } else if (a == "--engine") {
      s.engine = value();
    } else if (a == "--hashes") {
      s.hashes = std::stoll(value());
    } else if (a == "--seconds") {
      s.seconds = std::stod(value());
    } else if (a == "--dir") {
      s.dir = value();
    } else {
      std::fprintf(stderr,
                   "usage: labwatch_bench_photos --generate DIR [--photos N]\n"
                   "       labwatch_bench_photos --measure DIR [--engine sqlite|postgresql]"
                   " [--hashes N] [--seconds S] [--dir WORK]\n");
      std::exit(a == "--help" || a == "-h" ? 0 : 2);
    }
  }
  if (s.generate.empty() == s.measure.empty()) {
    fail("one of --generate DIR and --measure DIR");
  }
  if (s.engine != "sqlite" && s.engine != "postgresql") {
    fail("--engine sqlite|postgresql");
  }
  return s;
}

// --- the photos ---------------------------------------------------------------------------------

int generate(const Settings& s) {
  fs::create_directories(s.generate);
  const auto start = SteadyClock::now();
  std::size_t bytes = 0;
  for (int i = 0; i < s.photos; ++i) {
    // Phones of a few makes, some held upright (orientation 6), some second shots.
    photos::samples::SitePhotoSpec spec;
    spec.scene_seed = 100 + static_cast<std::uint64_t>(i / 2);
    spec.shot = i % 2;
    spec.orientation = i % 3 == 2 ? 6 : 1;
    spec.make = i % 4 < 2 ? "HUAWEI" : "Xiaomi";
    spec.model = i % 4 < 2 ? "ELS-AN00" : "2211133C";
    spec.gps = domain::GeoPoint{29.70 + 0.001 * i, 115.99 + 0.001 * i};
    const std::string jpeg = photos::samples::generate_site_photo(spec);
    char name[32];
    std::snprintf(name, sizeof name, "photo_%02d.jpg", i);
    std::ofstream(fs::path(s.generate) / name, std::ios::binary) << jpeg;
    bytes += jpeg.size();
  }
  const double seconds = seconds_since(start);
  std::fprintf(stderr,
               "generated %d photos of 12 megapixels (%.0f KB each) in %.1f s (%.2f s each)\n",
               s.photos, static_cast<double>(bytes) / 1024 / s.photos, seconds, seconds / s.photos);
  std::printf(
      "%s\n",
      json::serialize(json::object{{"photos", s.photos}, {"seconds", seconds}, {"bytes", bytes}})
          .c_str());
  return 0;
}

std::vector<std::string> load_photos(const fs::path& dir) {
  std::vector<fs::path> files;
  for (const auto& e : fs::directory_iterator(dir)) {
    if (e.path().extension() == ".jpg") {
      files.push_back(e.path());
    }
  }
  std::sort(files.begin(), files.end());
  std::vector<std::string> out;
  for (const auto& f : files) {
    std::ifstream in(f, std::ios::binary);
    std::ostringstream b;
    b << in.rdbuf();
    out.push_back(b.str());
  }
  if (out.empty()) {
    fail("no .jpg in " + dir.string());
  }
  return out;
}

// --- the stored hashes --------------------------------------------------------------------------

// Hashes as screen_photo makes them: half the bits set.
template <std::size_t N>
std::array<std::uint64_t, N / 64> random_bits(std::mt19937_64& rng) {
  std::array<int, N> bits;
  for (std::size_t i = 0; i < N; ++i) {
    bits[i] = static_cast<int>(i);
  }
  std::array<std::uint64_t, N / 64> out{};
  for (std::size_t i = 0; i < N / 2; ++i) {
    std::swap(bits[i], bits[i + rng() % (N - i)]);
    out[static_cast<std::size_t>(bits[i]) / 64] |= std::uint64_t{1} << (bits[i] % 64);
  }
  return out;
}

photos::PerceptualHash random_hash(std::mt19937_64& rng) {
  return random_bits<64>(rng)[0];
}

photos::DetailHash random_detail(std::mt19937_64& rng) {
  return random_bits<256>(rng);
}

std::string hex_of(const photos::DetailHash& d) {
  char buf[65];
  std::snprintf(buf, sizeof buf, "%016llx%016llx%016llx%016llx",
                static_cast<unsigned long long>(d[0]), static_cast<unsigned long long>(d[1]),
                static_cast<unsigned long long>(d[2]), static_cast<unsigned long long>(d[3]));
  return buf;
}

std::string bytes_of(const photos::DetailHash& d) {
  std::string out;
  for (const auto word : d) {
    for (int shift = 56; shift >= 0; shift -= 8) {
      out += static_cast<char>((word >> shift) & 0xFF);
    }
  }
  return out;
}

void check(const Status& st, const std::string& what) {
  if (!st) {
    fail(what + ": " + st.error().note);
  }
}

// What `sql` answers, one text per row.
std::vector<std::string> texts(storage::Connection& c, const std::string& sql) {
  auto rows = c.query(sql);
  if (!rows) {
    fail(sql + ": " + rows.error().note);
  }
  std::vector<std::string> out;
  for (const auto& r : *rows) {
    out.push_back(r.text(0));
  }
  return out;
}

void exec_params(storage::Connection& c, const std::string& sql,
                 const std::vector<storage::Value>& p) {
  if (auto done = c.exec(sql, p); !done) {
    fail(sql.substr(0, 80) + ": " + done.error().note);
  }
}

void exec(storage::Connection& c, const std::string& sql) {
  exec_params(c, sql, {});
}

// n hashes (photo ids 1 … n) in one transaction. The band indexes are
// dropped first and made again after, from their own definitions (the migration's), in the
// same transaction: building an index from sorted keys is much faster than a million random
// insertions into four.
double fill(storage::Database& db, std::int64_t n) {
  const auto start = SteadyClock::now();
  auto conn = db.connect();
  if (!conn) {
    fail("connect: " + conn.error().note);
  }
  auto& c = **conn;
  const bool lite = c.engine() == storage::Engine::sqlite;
  exec(c, "BEGIN");
  const auto indexes = texts(
      c, lite ? "SELECT sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'photo_hashes'"
                " AND sql IS NOT NULL"
              : "SELECT indexdef FROM pg_indexes WHERE tablename = 'photo_hashes'"
                " AND indexname <> 'photo_hashes_pkey'");
  if (indexes.size() != 4) {
    fail("expected the four band indexes of migration 0020");
  }
  for (int b = 0; b < 4; ++b) {
    exec(c, "DROP INDEX photo_hashes_band" + std::to_string(b));
  }
  std::mt19937_64 rng(2026);
  if (lite) {
    // The adapter binds by name, so one row per prepared statement is the quick way.
    for (std::int64_t id = 1; id <= n; ++id) {
      const auto h = random_hash(rng);
      const auto bands = photos::hash_bands(h);
      auto done = c.exec(
          "INSERT INTO photo_hashes (photo_id, phash, band0, band1, band2, band3, detail)"
          " VALUES ($1, $2, $3, $4, $5, $6, $7)",
          storage::params({id, static_cast<std::int64_t>(h), std::int64_t{bands[0].key},
                           std::int64_t{bands[1].key}, std::int64_t{bands[2].key},
                           std::int64_t{bands[3].key},
                           storage::Bytes{bytes_of(random_detail(rng))}}));
      if (!done) {
        fail("fill: " + done.error().note);
      }
    }
  } else {
    // PostgreSQL: a round trip each would take minutes; 10,000 rows a statement, as arrays.
    constexpr std::int64_t kRows = 10'000;
    for (std::int64_t first = 1; first <= n; first += kRows) {
      std::array<std::string, 7> columns;
      for (std::int64_t id = first; id < std::min(n + 1, first + kRows); ++id) {
        const auto h = random_hash(rng);
        const auto bands = photos::hash_bands(h);
        const std::int64_t values[6] = {id,           static_cast<std::int64_t>(h),
                                        bands[0].key, bands[1].key,
                                        bands[2].key, bands[3].key};
        const char* sep = id == first ? "{" : ",";
        for (std::size_t k = 0; k < 6; ++k) {
          columns[k] += sep + std::to_string(values[k]);
        }
        columns[6] += sep + hex_of(random_detail(rng));
      }
      std::vector<storage::Value> p;
      for (auto& column : columns) {
        p.emplace_back(column + "}");
      }
      exec_params(c,
                  "INSERT INTO photo_hashes (photo_id, phash, band0, band1, band2, band3, detail)"
                  " SELECT a, b, c, d, e, f, decode(g, 'hex') FROM unnest($1::bigint[],"
                  " $2::bigint[], $3::int[], $4::int[], $5::int[], $6::int[], $7::text[])"
                  " AS t(a, b, c, d, e, f, g)",
                  p);
    }
  }
  for (const auto& index : indexes) {
    exec(c, index);
  }
  exec(c, "COMMIT");
  if (!lite) {
    // As autovacuum would after a bulk load: statistics, and the visibility map that lets the
    // look-up read the covering indexes only. SQLite plans without statistics.
    exec(c, "VACUUM ANALYZE photo_hashes");
  }
  return seconds_since(start);
}

// How the engine runs the look-up, one line per plan row.
std::string plan_of(storage::Database& db) {
  auto lease = db.acquire();
  if (!lease) {
    fail("acquire: " + lease.error().note);
  }
  std::mt19937_64 rng(7);
  const auto q = storage::similar_photos_query(random_hash(rng));
  const bool lite = (*lease)->engine() == storage::Engine::sqlite;
  auto rows =
      (*lease)->query((lite ? "EXPLAIN QUERY PLAN " : "EXPLAIN (COSTS OFF) ") + q.sql, q.params);
  if (!rows) {
    fail("explain: " + rows.error().note);
  }
  std::string plan;
  for (const auto& r : *rows) {
    std::string line = r.text(lite ? 3 : 0);
    if (line.find("Cond:") != std::string::npos) {
      continue;  // PostgreSQL's conditions repeat the 548 keys
    }
    line.erase(0, line.find_first_not_of(" ->"));
    plan += (plan.empty() ? "" : " | ") + line;
  }
  return plan;
}

// Rows the probes read (before the exact distance), per look-up.
double candidates_per_lookup(storage::Database& db) {
  auto lease = db.acquire();
  std::mt19937_64 rng(11);
  double rows = 0;
  for (int i = 0; i < 100; ++i) {
    const auto q = storage::similar_photos_query(random_hash(rng));
    auto r = (*lease)->query(q.sql, q.params);
    if (!r) {
      fail("look-up: " + r.error().note);
    }
    rows += static_cast<double>(r->size());
  }
  return rows / 100;
}

// --- the cases ----------------------------------------------------------------------------------

struct Run {
  std::int64_t photos = 0;
  double seconds = 0;
  std::int64_t reused = 0;  // look-ups that found a stored hash within the distance
  double rate() const { return seconds > 0 ? static_cast<double>(photos) / seconds : 0; }
};

// `threads` threads each doing `step(i)` for i = 0, 1, … (shared) until `seconds` pass.
template <class Step>
Run run_for(int threads, double seconds, Step step) {
  std::atomic<std::int64_t> next{0};
  std::atomic<std::int64_t> reused{0};
  std::atomic<bool> stop{false};
  const auto start = SteadyClock::now();
  std::vector<std::thread> pool;
  for (int t = 0; t < threads; ++t) {
    pool.emplace_back([&] {
      while (!stop.load()) {
        reused += step(next++);
      }
    });
  }
  std::this_thread::sleep_for(std::chrono::duration<double>(seconds));
  stop = true;
  for (auto& t : pool) {
    t.join();
  }
  return {next.load(), seconds_since(start), reused.load()};
}

json::object run_json(const Run& r) {
  return {{"photos", r.photos}, {"seconds", r.seconds}, {"per_s", r.rate()}, {"reused", r.reused}};
}

int measure(const Settings& s) {
  const auto photos = load_photos(s.measure);
  std::string url;
  fs::path work;
  if (s.engine == "sqlite") {
    work = make_work_dir(s.dir, "labwatch-bench-photos");
    url = "sqlite:" + (work / "labwatch.db").string();
  } else {
    const char* admin = std::getenv("LABWATCH_BENCH_PG");
    if (!admin || !*admin) {
      fail("--engine postgresql needs LABWATCH_BENCH_PG (an admin postgresql:// URL)");
    }
    set_pg_admin(admin, "lw_bench_photos");
    url = new_pg_scratch();
  }
  auto db = open_migrated(url);
  const double fill_seconds = fill(*db, s.hashes);
  const std::string plan = plan_of(*db);
  const double candidates = candidates_per_lookup(*db);
  std::fprintf(stderr, "%s: %lld hashes stored in %.1f s; a look-up reads %.0f candidate rows\n",
               s.engine.c_str(), static_cast<long long>(s.hashes), fill_seconds, candidates);

  // The metadata alone (exiv2, the segments, the end-of-image check): what exiftool does.
  auto metadata = [&](std::int64_t i) {
    auto r = photos::read_metadata(photos[static_cast<std::size_t>(i) % photos.size()]);
    if (!r) {
      fail("read_metadata: " + r.error().note);
    }
    return 0;
  };
  // Screening alone, from the bytes in memory.
  auto screen = [&](std::int64_t i) {
    auto r = photos::screen_photo(photos[static_cast<std::size_t>(i) % photos.size()]);
    if (!r) {
      fail("screen_photo: " + r.error().note);
    }
    return 0;
  };
  // The look-up alone, for random hashes (the 64-bit one finds thousands of candidates and,
  // among a million random hashes, one within the distance 2 % of the time; the detail hash
  // rejects it).
  auto lookup = [&](std::int64_t i) {
    std::mt19937_64 rng(static_cast<std::uint64_t>(i) * 7919 + 1);
    auto lease = db->acquire();
    const auto h = random_hash(rng);
    auto found =
        storage::find_similar_photos(**lease, h, random_detail(rng), photos::kReuseMaxDistance, 10);
    if (!found) {
      fail("find_similar_photos: " + found.error().note);
    }
    return found->empty() ? 0 : 1;
  };
  // The whole path: screen, look up on a pooled connection, file the hash through the Writer.
  Metrics metrics;
  storage::Writer writer(*db, &metrics);
  check(check_writer_durability(writer, db->engine()), "durability");
  std::atomic<std::int64_t> next_id{s.hashes + 1};
  auto whole = [&](std::int64_t i) {
    auto r = photos::screen_photo(photos[static_cast<std::size_t>(i) % photos.size()]);
    if (!r) {
      fail("screen_photo: " + r.error().note);
    }
    const auto h = r->phash;
    const auto detail = r->detail;
    int hit = 0;
    {
      auto lease = db->acquire();
      auto found = storage::find_similar_photos(**lease, h, detail, photos::kReuseMaxDistance, 10);
      if (!found) {
        fail("find_similar_photos: " + found.error().note);
      }
      hit = found->empty() ? 0 : 1;
    }
    const std::int64_t id = next_id++;
    check(submit_and_wait(writer,
                          [id, h, detail](storage::Connection& c) {
                            return storage::insert_photo_hash(c, id, h, detail);
                          }),
          "insert_photo_hash");
    return hit;
  };

  const Run metadata1 = run_for(1, s.seconds / 2, metadata);
  const Run screen1 = run_for(1, s.seconds, screen);
  const Run screen2 = run_for(2, s.seconds, screen);
  const Run lookup1 = run_for(1, s.seconds, lookup);
  const Run whole1 = run_for(1, s.seconds, whole);
  const Run whole2 = run_for(2, s.seconds, whole);
  drop_pg_scratch();

  std::fprintf(stderr,
               "  read_metadata alone      1 thread %.1f photos/s\n"
               "  screen_photo alone       1 thread %.1f photos/s, 2 threads %.1f photos/s\n"
               "  look-up alone            1 thread %.1f look-ups/s (%.2f ms each)\n"
               "  screen + look-up + file  1 thread %.1f photos/s, 2 threads %.1f photos/s\n",
               metadata1.rate(), screen1.rate(), screen2.rate(), lookup1.rate(),
               1000 / lookup1.rate(), whole1.rate(), whole2.rate());
  std::size_t bytes = 0;
  for (const auto& p : photos) {
    bytes += p.size();
  }
  json::object out{{"engine", s.engine},
                   {"photos", photos.size()},
                   {"photo_bytes", static_cast<double>(bytes) / static_cast<double>(photos.size())},
                   {"hashes", s.hashes},
                   {"fill_seconds", fill_seconds},
                   {"candidates_per_lookup", candidates},
                   {"max_distance", photos::kReuseMaxDistance},
                   {"probes", photos::hash_probes(0).size()},
                   {"plan", plan},
                   {"metadata_1", run_json(metadata1)},
                   {"screen_1", run_json(screen1)},
                   {"screen_2", run_json(screen2)},
                   {"lookup_1", run_json(lookup1)},
                   {"whole_1", run_json(whole1)},
                   {"whole_2", run_json(whole2)},
                   {"load_average", load_average()}};
  std::printf("%s\n", json::serialize(out).c_str());
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  set_program_name("labwatch_bench_photos");
  const Settings s = parse_args(argc, argv);
  return s.generate.empty() ? measure(s) : generate(s);
}
