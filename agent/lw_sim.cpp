// lw-sim: plays a lab's testing machines against labwatch (试验机模拟器, issue 7 item 9).
//
// For each lab key it reads the lab's equipment, staff and the specimens the lab received that
// await a test (the signed lab API), groups them by sampling and tests each group as a lab
// would: it picks a machine of the right range and a certified tester, starts the test, streams
// the machine's readings at the machine's pace (faster with --speed), finishes it with the raw
// values and results, and has a second certified person of the lab review it. The curves and
// values come from machine_curves.hpp; the request bodies are docs/lab-tests.md's
// (test_requests.hpp); signing and HTTP are lab_client.hpp's. Faults can be injected for the
// demo (--faults), and --one-shot --count --report turns it into a load benchmark (with
// --retest, which tests the lab's groups again and again as retests, each with fresh curves).
#include <sys/resource.h>

#include <csignal>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <fstream>
#include <iostream>
#include <iterator>
#include <map>
#include <memory>
#include <mutex>
#include <numbers>
#include <optional>
#include <random>
#include <set>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "lab_client.hpp"
#include "lab_roster.hpp"
#include "machine_curves.hpp"
#include "onsite_visits.hpp"
#include "photos/photo_samples.hpp"
#include "test_requests.hpp"

namespace {

namespace json = boost::json;
using lw::agent::Answer;
using lw::agent::ClientOptions;
using lw::agent::LabClient;
using namespace lw::sim;
using Clock = std::chrono::steady_clock;

constexpr const char* kUsage = R"(usage: lw-sim [options]

Plays the testing machines of one or more labs: for each lab, tests the specimens it received
that await a test (concrete and mortar cubes, steel bars, welded joints, mechanical splices),
streaming each machine's curve while the test runs, then has a second certified person review.

labs (one of):
  --lab KEY_ID:SECRET     a lab key (repeat for more labs); or LW_KEY_ID and LW_SECRET
  --keys FILE             a JSON file [{"lab_code": "...", "key_id": "...", "secret": "..."}]
  --url URL               the platform, http://HOST[:PORT] (or LW_URL)

what to do:
  --once                  test what is waiting and exit (default: keep polling)
  --interval S            seconds between two tests of a lab, and between polls (default 5)
  --speed N               play the machines N times faster than real time (default 1)
  --faults P              probability of one injected fault per test, 0..1 (default 0):
                          peak_mismatch, rate_out_of_band, curve_reused, manual_on_auto
  --seed N                seed of every random draw (default: random, printed)
  --concurrency N         threads (default: one per lab; more than the labs splits each lab's
                          samplings among several clients)
  --no-review             leave the results unreviewed
  --rate HZ               the machines' sampling rate (default 50 Hz for cubes; 20, 50 or
                          100 Hz for a lab's tension machine)
  --points N              instead, about N points per curve
  --chunk S               seconds of readings per /readings request (default 1)
  --readings-form F       points | csv | f32le for streamed readings (default points)

benchmark:
  --one-shot              start and finish each test in one request, the curves inline, no
                          pacing (the load-benchmark mode)
  --inline-form F         f32le | points | csv for the inline curves (default f32le)
  --count N               stop after N tests in all
  --retest                once a group is tested, keep testing it again as a retest
                          ("retest_of" the group's latest test), each time with freshly drawn
                          curves, until --count (required); every client of a lab takes the
                          lab's tested groups in turns, so more clients than groups share them
  --report                print acknowledged tests per second and request latencies (JSON on
                          stdout, a summary on stderr)
  --warmup N              the first N acknowledged tests (of --count) are a warm-up: --report
                          counts from the moment the N-th is acknowledged

on-site tests (issue 8):
  --onsite                instead of the machines, play the lab's on-site testers: each pass
                          opens a batch and does 4 tests one after the other (rebound hardness,
                          else rebar cover): the column marked, the test started, two photos
                          during it (1600 x 1200, EXIF by exiv2), finished, the data uploaded.
                          A test lasts 20-45 min, paced by --speed; --interval between tests.
                          --faults P: late_upload, missed_upload, reused_photo, edited_photo,
                          off_site_photo, in turns
  --project ID            the project tested at; --witness ID its witness; --site LAT,LNG
                          its site (default: from the lab's latest on-site test with a genuine
                          photo, as the demo has)

other:
  --dry-run               send nothing: print every request as a JSON line on stdout, reading
                          the lab from --fixture FILE ({"equipment", "staff", "specimens"} as
                          the GETs answer them) or from a built-in example lab
  --timeout S             per request (default 30); --retries N on network errors (default 6)
  --quiet                 no line per test on stderr

Every POST carries an Idempotency-Key; a request that got no answer is sent again with the
same key. Exit status: 0 when every test that started was acknowledged and every lab could be
read, 1 otherwise, 2 for a usage error.
)";

// The lab of --dry-run without --fixture: three machines, three people, five samplings.
constexpr const char* kExampleLab = R"({
 "equipment": {"items": [
  {"id": 101, "name": "微机控制电液伺服压力试验机", "model": "YAW-2000", "measuring_range": "0-2000 kN",
   "auto_collect": true, "verification_state": "verified", "usable": true},
  {"id": 102, "name": "微机控制电液伺服万能试验机", "model": "WAW-1000B", "measuring_range": "0-1000 kN",
   "auto_collect": true, "verification_state": "verified", "usable": true},
  {"id": 103, "name": "电子万能试验机", "model": "WDW-100", "measuring_range": "0-100 kN",
   "auto_collect": true, "verification_state": "verified", "usable": true}], "total": 3},
 "staff": {"items": [
  {"id": 31, "name": "张**", "duties": ["tester"], "exam": {"state": "passed"},
   "certificates": [{"valid_today": true}]},
  {"id": 32, "name": "李**", "duties": ["tester", "technical_lead"], "exam": {"state": "passed"},
   "certificates": [{"valid_today": true}]},
  {"id": 33, "name": "王**", "duties": ["witness"], "exam": {"state": "passed"},
   "certificates": [{"valid_today": true}]}], "total": 3},
 "specimens": {"items": [
  {"label_code": "7KQ2M9XD4TRBT", "sampling_id": 1, "material": "concrete", "grade": "C30",
   "concrete_group": "standard_cured", "specimen_ordinal": 1, "received_at": "2026-11-21T08:30:00Z"},
  {"label_code": "7KQ2M9XD4TRC2", "sampling_id": 1, "material": "concrete", "grade": "C30",
   "concrete_group": "standard_cured", "specimen_ordinal": 2, "received_at": "2026-11-21T08:30:00Z"},
  {"label_code": "7KQ2M9XD4TRD5", "sampling_id": 1, "material": "concrete", "grade": "C30",
   "concrete_group": "standard_cured", "specimen_ordinal": 3, "received_at": "2026-11-21T08:30:00Z"},
  {"label_code": "9HF3A2WE6PQR1", "sampling_id": 2, "material": "rebar", "grade": "HRB400 Φ20",
   "concrete_group": null, "specimen_ordinal": 1, "received_at": "2026-11-21T08:31:00Z"},
  {"label_code": "9HF3A2WE6PQS4", "sampling_id": 2, "material": "rebar", "grade": "HRB400 Φ20",
   "concrete_group": null, "specimen_ordinal": 2, "received_at": "2026-11-21T08:31:00Z"},
  {"label_code": "4MN8B5ZT2KVW3", "sampling_id": 3, "material": "welded_joint", "grade": "HRB400E Φ25",
   "concrete_group": null, "specimen_ordinal": 1, "received_at": "2026-11-21T08:32:00Z"},
  {"label_code": "4MN8B5ZT2KVX6", "sampling_id": 3, "material": "welded_joint", "grade": "HRB400E Φ25",
   "concrete_group": null, "specimen_ordinal": 2, "received_at": "2026-11-21T08:32:00Z"},
  {"label_code": "4MN8B5ZT2KVY9", "sampling_id": 3, "material": "welded_joint", "grade": "HRB400E Φ25",
   "concrete_group": null, "specimen_ordinal": 3, "received_at": "2026-11-21T08:32:00Z"},
  {"label_code": "6RS1C8GH3JDE7", "sampling_id": 4, "material": "mechanical_splice",
   "grade": "HRB400E Φ28 I级", "concrete_group": null, "specimen_ordinal": 1, "received_at": "2026-11-21T08:33:00Z"},
  {"label_code": "6RS1C8GH3JDF0", "sampling_id": 4, "material": "mechanical_splice",
   "grade": "HRB400E Φ28 I级", "concrete_group": null, "specimen_ordinal": 2, "received_at": "2026-11-21T08:33:00Z"},
  {"label_code": "6RS1C8GH3JDG3", "sampling_id": 4, "material": "mechanical_splice",
   "grade": "HRB400E Φ28 I级", "concrete_group": null, "specimen_ordinal": 3, "received_at": "2026-11-21T08:33:00Z"},
  {"label_code": "2TV5D7NP9XAB8", "sampling_id": 5, "material": "mortar", "grade": "M10",
   "concrete_group": null, "specimen_ordinal": 1, "received_at": "2026-11-21T08:34:00Z"},
  {"label_code": "2TV5D7NP9XAC1", "sampling_id": 5, "material": "mortar", "grade": "M10",
   "concrete_group": null, "specimen_ordinal": 2, "received_at": "2026-11-21T08:34:00Z"},
  {"label_code": "2TV5D7NP9XAD4", "sampling_id": 5, "material": "mortar", "grade": "M10",
   "concrete_group": null, "specimen_ordinal": 3, "received_at": "2026-11-21T08:34:00Z"}], "total": 14}
})";

struct LabKey {
  std::string lab_code;  // for the log; may be empty
  std::string key_id;
  std::string secret_hex;
  std::string name() const { return lab_code.empty() ? key_id : lab_code; }
};

struct Options {
  std::string url;
  std::vector<LabKey> labs;
  bool once = false;
  double interval_s = 5;
  double speed = 1;
  double faults = 0;
  std::uint64_t seed = 0;
  bool seed_given = false;
  unsigned concurrency = 0;
  bool review = true;
  double rate_hz = 0;
  std::size_t points = 0;
  double chunk_s = 1;
  CurveForm readings_form = CurveForm::points;
  bool one_shot = false;
  CurveForm inline_form = CurveForm::f32le;
  long long count = 0;
  bool retest = false;
  bool report = false;
  long long warmup = 0;
  bool dry_run = false;
  std::string fixture_file;
  double timeout_s = 30;
  int retries = 6;
  bool quiet = false;
  // --onsite
  bool onsite = false;
  std::int64_t project_id = 0;
  std::int64_t witness_id = 0;
  std::optional<GeoPoint> site;
};

// ---------------------------------------------------------------------------------------------
// Time, stopping, the log
// ---------------------------------------------------------------------------------------------

std::atomic<bool> g_stop{false};
std::mutex g_log_mutex;

extern "C" void on_signal(int /*signal*/) {
  g_stop = true;
}

// Waits until `when`, waking early when stopped; false when stopped.
bool pause_until(Clock::time_point when) {
  while (!g_stop) {
    const auto now = Clock::now();
    if (now >= when) {
      return true;
    }
    std::this_thread::sleep_for(
        std::min<Clock::duration>(when - now, std::chrono::milliseconds(200)));
  }
  return false;
}

bool pause_for(double seconds) {
  return pause_until(Clock::now() + std::chrono::duration_cast<Clock::duration>(
                                        std::chrono::duration<double>(std::max(0.0, seconds))));
}

// RFC 3339 UTC to the second, `offset_s` from now.
std::string utc_text(double offset_s = 0) {
  const auto t = std::chrono::system_clock::now() +
                 std::chrono::duration_cast<std::chrono::system_clock::duration>(
                     std::chrono::duration<double>(offset_s));
  const std::time_t secs = std::chrono::system_clock::to_time_t(t);
  std::tm tm{};
  gmtime_r(&secs, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

void log_line(const Options& o, const std::string& lab, const std::string& text,
              bool always = false) {
  if (o.quiet && !always) {
    return;
  }
  const std::lock_guard lock(g_log_mutex);
  std::cerr << "[" << lab << "] " << text << "\n";
}

std::string fixed(double v, int decimals) {
  std::ostringstream out;
  out.setf(std::ios::fixed);
  out.precision(decimals);
  out << v;
  return out.str();
}

std::uint64_t fnv1a(std::string_view s) {
  std::uint64_t h = 0xcbf29ce484222325ULL;
  for (char c : s) {
    h = (h ^ static_cast<unsigned char>(c)) * 0x100000001b3ULL;
  }
  return h;
}

std::uint64_t mix(std::uint64_t a, std::uint64_t b) {
  std::uint64_t z = a + 0x9e3779b97f4a7c15ULL * (b + 1);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

// ---------------------------------------------------------------------------------------------
// Statistics for --report
// ---------------------------------------------------------------------------------------------

// CPU seconds this process has used (user + system), to set the client's cost beside the
// server's when both share a machine.
double cpu_seconds() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  auto s = [](const timeval& t) { return static_cast<double>(t.tv_sec) + t.tv_usec / 1e6; };
  return s(u.ru_utime) + s(u.ru_stime);
}

class Stats {
 public:
  explicit Stats(long long warmup) : warmup_(warmup) {}

  void request(const std::string& kind, double ms, bool ok) {
    const std::lock_guard lock(mutex_);
    if (warming_up()) {
      return;
    }
    auto& k = kinds_[kind];
    k.ms.push_back(ms);
    k.errors += ok ? 0 : 1;
  }
  void retry() { ++retries_; }
  void started() {
    const std::lock_guard lock(mutex_);
    if (!first_ && !warming_up()) {
      first_ = Clock::now();
      cpu_at_first_ = cpu_seconds();
    }
  }
  void acknowledged(std::size_t points) {
    const std::lock_guard lock(mutex_);
    if (warming_up()) {
      if (++warmed_ == warmup_) {
        first_ = Clock::now();  // the measured part starts here
        cpu_at_first_ = cpu_seconds();
      }
      return;
    }
    ++acknowledged_;
    points_ += points;
    last_ = Clock::now();
  }
  void failed() { ++failed_; }
  void unreadable() { ++unreadable_; }  // a lab's equipment, staff or specimens not read
  long long failures() const { return failed_ + unreadable_; }

  // JSON on stdout, a summary on stderr.
  void print(std::size_t labs, unsigned threads) {
    const std::lock_guard lock(mutex_);
    const double elapsed =
        first_ && last_ ? std::chrono::duration<double>(*last_ - *first_).count() : 0.0;
    json::object requests;
    std::ostringstream summary;
    summary.setf(std::ios::fixed);
    summary.precision(1);
    for (auto& entry : kinds_) {
      const std::string& kind = entry.first;
      Kind& k = entry.second;
      std::sort(k.ms.begin(), k.ms.end());
      auto pct = [&](double p) {
        return k.ms.empty()
                   ? 0.0
                   : k.ms[std::min(k.ms.size() - 1,
                                   static_cast<std::size_t>(p * static_cast<double>(k.ms.size())))];
      };
      requests[kind] = {{"count", k.ms.size()}, {"errors", k.errors},  {"p50_ms", pct(0.5)},
                        {"p90_ms", pct(0.9)},   {"p99_ms", pct(0.99)}, {"max_ms", k.ms.back()}};
      summary << "  " << kind << ": " << k.ms.size() << " requests, " << k.errors << " errors; p50 "
              << pct(0.5) << " ms, p90 " << pct(0.9) << " ms, p99 " << pct(0.99) << " ms, max "
              << k.ms.back() << " ms\n";
    }
    const double rate = elapsed > 0 ? static_cast<double>(acknowledged_) / elapsed : 0.0;
    json::object out{
        {"labs", labs},
        {"threads", threads},
        {"warmup_tests", warmed_},
        {"tests_acknowledged", acknowledged_},
        {"tests_failed", failed_.load()},
        {"lab_reads_failed", unreadable_.load()},
        {"elapsed_s", elapsed},
        {"tests_per_s", rate},
        {"points_per_test",
         acknowledged_ ? static_cast<double>(points_) / static_cast<double>(acknowledged_) : 0.0},
        {"retries", retries_.load()},
        {"client_cpu_s", first_ ? cpu_seconds() - cpu_at_first_ : 0.0},
        {"requests", std::move(requests)}};
    std::cout << json_text(out) << "\n";
    std::cerr << "lw-sim: " << acknowledged_ << " tests acknowledged in " << fixed(elapsed, 2)
              << " s: " << fixed(rate, 1) << " tests/s (" << failed_ << " failed, " << retries_
              << " retries)\n"
              << summary.str();
  }

 private:
  struct Kind {
    std::vector<double> ms;
    long long errors = 0;
  };
  bool warming_up() const { return warmed_ < warmup_; }

  const long long warmup_;
  long long warmed_ = 0;
  double cpu_at_first_ = 0;
  std::mutex mutex_;
  std::map<std::string, Kind> kinds_;
  std::optional<Clock::time_point> first_, last_;
  long long acknowledged_ = 0;
  std::size_t points_ = 0;
  std::atomic<long long> failed_{0};
  std::atomic<long long> unreadable_{0};
  std::atomic<long long> retries_{0};
};

// ---------------------------------------------------------------------------------------------
// One lab's API: the signed client, or with --dry-run a stand-in that prints each request
// ---------------------------------------------------------------------------------------------

struct Reply {
  int status = 0;  // 0: no answer
  json::value body;
  std::string error;  // why there is no answer, or the error envelope's code and message
  bool ok() const { return status / 100 == 2; }
};

std::atomic<std::int64_t> g_dry_run_ids{1};

class LabLink {
 public:
  LabLink(const Options& o, const LabKey& lab, Stats& stats, const json::object* fixture)
      : o_(o), lab_(lab), stats_(stats), fixture_(fixture) {
    if (!o.dry_run) {
      ClientOptions c;
      c.user_agent = "lw-sim/1";
      c.timeout = std::chrono::milliseconds(static_cast<long long>(o.timeout_s * 1000));
      std::string problem;
      client_ = LabClient::make(o.url, lab.key_id, lab.secret_hex, std::move(c), &problem);
    }
  }

  bool ready() const { return o_.dry_run || client_.has_value(); }

  // Every page of a list (`path` may carry a query): the items, or none when a GET failed.
  std::optional<json::array> get_all(const std::string& path, const std::string& fixture_key) {
    if (o_.dry_run) {
      print("GET", path + (path.find('?') == std::string::npos ? "?" : "&") + "limit=500&offset=0",
            "", nullptr);
      const auto* page = fixture_->if_contains(fixture_key);
      const auto* items =
          page && page->is_object() ? page->get_object().if_contains("items") : nullptr;
      return items && items->is_array() ? items->get_array() : json::array{};
    }
    json::array all;
    for (std::size_t offset = 0;;) {
      const std::string target = path + (path.find('?') == std::string::npos ? "?" : "&") +
                                 "limit=500&offset=" + std::to_string(offset);
      const Reply r = send("get", [&] { return client_->get(target); });
      if (!r.ok() || !r.body.is_object()) {
        log_line(o_, lab_.name(), "GET " + target + " failed: " + describe(r), true);
        stats_.unreadable();
        return std::nullopt;
      }
      const auto& page = r.body.get_object();
      const auto* items = page.if_contains("items");
      if (!items || !items->is_array()) {
        return all;
      }
      for (const auto& v : items->get_array()) {
        all.push_back(v);
      }
      offset += items->get_array().size();
      const auto* total = page.if_contains("total");
      if (items->get_array().empty() || !total || !total->is_number() ||
          static_cast<double>(offset) >= total->to_number<double>()) {
        return all;
      }
    }
  }

  // A POST with a fresh Idempotency-Key, sent again with the same key while no answer comes.
  Reply post(const std::string& kind, const std::string& path, const json::object& body) {
    const std::string key = lw::agent::random_hex(16);
    if (o_.dry_run) {
      print("POST", path, key, &body);
      return dry_answer(path, body);
    }
    const std::string text = json_text(body);
    return send(kind, [&] { return client_->post_json(path, text, key); });
  }

  // One signed GET of a JSON answer.
  Reply get(const std::string& path) {
    if (o_.dry_run) {
      print("GET", path, "", nullptr);
      return Reply{200, json::object{}, {}};
    }
    return send("get", [&] { return client_->get(path); });
  }

  // A signed upload of bytes in memory to /api/v1/blobs (its sha256 in the answer).
  Reply upload(const std::string& bytes, const std::string& media_type) {
    if (o_.dry_run) {
      const json::object body{{"media_type", media_type}, {"bytes", bytes.size()}};
      print("POST", "/api/v1/blobs", "", &body);
      return Reply{201, json::object{{"sha256", lw::agent::sm3_hex(bytes)}}, {}};
    }
    return send("blob", [&] { return client_->upload_bytes(bytes, media_type); });
  }

  // The bytes of a signed GET (a photo of the lab's); none when refused.
  std::optional<std::string> download(const std::string& path) {
    if (o_.dry_run) {
      return std::nullopt;
    }
    const Answer a = client_->get(path);
    if (!a.ok()) {
      return std::nullopt;
    }
    return a.body;
  }

  static std::string describe(const Reply& r) {
    return r.status == 0 ? r.error : "HTTP " + std::to_string(r.status) + " " + r.error;
  }

 private:
  template <class Call>
  Reply send(const std::string& kind, const Call& call) {
    Reply r;
    for (int attempt = 0;; ++attempt) {
      const auto begin = Clock::now();
      const Answer a = call();
      const double ms = std::chrono::duration<double, std::milli>(Clock::now() - begin).count();
      r = Reply{};
      r.status = a.answered() ? a.status : 0;
      if (r.status != 0) {
        boost::system::error_code ec;
        r.body = json::parse(a.body, ec);
        if (!r.ok() && r.body.is_object()) {
          const auto& e = r.body.get_object();
          const auto* code = e.if_contains("code");
          const auto* message = e.if_contains("message");
          const auto* details = e.if_contains("details");
          r.error = (code && code->is_string() ? std::string(code->get_string()) : "") + ": " +
                    (message && message->is_string() ? std::string(message->get_string()) : "") +
                    (details && !details->is_null() ? " " + json_text(*details) : "");
        }
      } else {
        r.error = a.error;
      }
      const bool transient = r.status == 0 || r.status == 429 || r.status == 502 ||
                             r.status == 503 || r.status == 504 ||
                             (r.status == 409 && r.error.find("in flight") != std::string::npos);
      stats_.request(kind, ms, r.ok());
      if (!transient || attempt >= o_.retries || g_stop) {
        return r;
      }
      stats_.retry();
      log_line(o_, lab_.name(), kind + ": " + describe(r) + "; again with the same key");
      pause_for(std::min(8.0, 0.25 * std::pow(2.0, attempt)));
    }
  }

  void print(const std::string& method, const std::string& path, const std::string& key,
             const json::object* body) {
    json::object line{{"lab", lab_.name()}, {"method", method}, {"path", path}};
    if (!key.empty()) {
      line["idempotency_key"] = key;
    }
    if (body) {
      line["body"] = *body;
    }
    const std::lock_guard lock(g_log_mutex);
    std::cout << json_text(line) << "\n";
  }

  // What the server would answer, as far as the simulator reads it.
  static Reply dry_answer(const std::string& path, const json::object& body) {
    Reply r;
    if (path.starts_with("/api/v1/lab-api/onsite-") || path.ends_with("/components")) {
      r.status = path.ends_with("/finish") ? 200 : 201;
      r.body = {{"id", g_dry_run_ids++}, {"upload_status", "on_time"}, {"findings", json::array{}}};
      return r;
    }
    if (path == "/api/v1/lab-api/tests") {
      r.status = 201;
      r.body = {{"id", g_dry_run_ids++},
                {"status", body.contains("results") ? "finished" : "running"},
                {"anomalies", json::array{}}};
    } else if (path.ends_with("/readings")) {
      r.status = 202;
      r.body = {{"accepted", 0}};
    } else {
      r.status = 200;
      r.body = {{"status", path.ends_with("/reviews") ? "reviewed" : "finished"},
                {"anomalies", json::array{}}};
    }
    return r;
  }

  const Options& o_;
  const LabKey& lab_;
  Stats& stats_;
  const json::object* fixture_;
  std::optional<LabClient> client_;
};

// ---------------------------------------------------------------------------------------------
// Testing a group
// ---------------------------------------------------------------------------------------------

// A lab's state between tests (one per worker).
struct LabMemory {
  std::map<std::string, SpecimenResult> last_of_kind;  // for curve_reused across tests
  std::set<std::int64_t> done;                         // samplings tested or refused
  std::size_t tests = 0;
  bool first_pass_over = false;  // --retest: this client has tested its share of new groups
  std::size_t next_pick = 0;     // --retest: the next of the lab's tested groups to take
};

// --retest: the groups a lab's clients have tested, each with its latest acknowledged test.
struct TestedGroup {
  SpecimenGroup group;
  std::int64_t last_test = 0;
  std::uint64_t round = 0;  // tests of the group drawn so far; each retest draws anew
};
struct RetestPool {
  std::mutex mutex;
  std::vector<TestedGroup> groups;
  std::size_t first_passes = 0;  // the lab's clients still testing their share of new groups
};

struct Shared {
  const Options& o;
  Stats& stats;
  const json::object* fixture;
  std::atomic<long long> claimed{0};
  bool claim() { return o.count <= 0 || claimed++ < o.count; }
  bool count_reached() const { return o.count > 0 && claimed >= o.count; }
  std::map<std::string, std::unique_ptr<RetestPool>> pools;  // --retest, by key id
};

std::string kind_key(Item item, const Grade& g) {
  return std::string(item_code(item)) + "/" + g.name + "/" +
         (g.diameter_mm ? fixed(*g.diameter_mm, 0) : std::string("?"));
}

// The anomalies the platform found: data.anomalies of the test it answers.
std::string anomalies_text(const json::value& body) {
  const auto* data = body.is_object() ? body.get_object().if_contains("data") : nullptr;
  const auto* a = data && data->is_object() ? data->get_object().if_contains("anomalies") : nullptr;
  if (!a || !a->is_array() || a->get_array().empty()) {
    return "no anomalies";
  }
  std::string out = std::to_string(a->get_array().size()) + " anomalies:";
  for (const auto& x : a->get_array()) {
    const auto* kind = x.is_object() ? x.get_object().if_contains("kind") : nullptr;
    out += " " + (kind && kind->is_string() ? std::string(kind->get_string()) : "?");
  }
  return out;
}

std::int64_t id_of(const json::value& body) {
  const auto* id = body.is_object() ? body.get_object().if_contains("id") : nullptr;
  return id && id->is_number() ? id->to_number<std::int64_t>() : 0;
}

// Sends the readings of every specimen at the machine's pace (scaled by --speed); false when
// a chunk was refused or the run stopped.
bool stream_readings(LabLink& link, const Options& o, const std::string& lab, std::int64_t id,
                     const GroupResult& r, std::mt19937_64& rng) {
  const std::string path = "/api/v1/lab-api/tests/" + std::to_string(id) + "/readings";
  for (std::size_t i = 0; i < r.specimens.size(); ++i) {
    const Curve& c = r.specimens[i].curve;
    const auto per_chunk =
        std::max<std::size_t>(1, static_cast<std::size_t>(std::lround(o.chunk_s * c.rate_hz)));
    const auto t0 = Clock::now();
    for (std::size_t begin = 0, seq = 0; begin < c.size(); begin += per_chunk, ++seq) {
      const std::size_t end = std::min(c.size(), begin + per_chunk);
      if (!o.dry_run &&
          !pause_until(t0 + std::chrono::duration_cast<Clock::duration>(
                                std::chrono::duration<double>(c.t_s[end - 1] / o.speed)))) {
        return false;
      }
      const Reply reply =
          link.post("readings", path, readings_body(c, i, seq, begin, end, o.readings_form));
      if (!reply.ok()) {
        log_line(o, lab,
                 "test " + std::to_string(id) + " readings of specimen " + std::to_string(i) +
                     " refused: " + LabLink::describe(reply),
                 true);
        return false;
      }
    }
    // The next specimen goes in: 10-30 s at a real machine.
    if (i + 1 < r.specimens.size() && !o.dry_run &&
        !pause_for(std::uniform_real_distribution<double>(10, 30)(rng) / o.speed)) {
      return false;
    }
  }
  return true;
}

// Tests the group (again, as a retest of `retest_of`, when that is not 0; `round` > 0 draws
// other curves than the group's first test); the id of the acknowledged test, or 0.
std::int64_t test_group(LabLink& link, Shared& shared, const LabKey& lab, LabMemory& memory,
                        const SpecimenGroup& g, const std::vector<Machine>& machines,
                        const std::vector<Person>& people, std::int64_t retest_of = 0,
                        std::uint64_t round = 0) {
  const Options& o = shared.o;
  const std::string name = lab.name();
  const std::string what = "sampling " + std::to_string(g.sampling_id) + " (" + g.material + " " +
                           g.grade + ", " + std::to_string(g.label_codes.size()) + " specimens" +
                           (retest_of ? ", retest of test " + std::to_string(retest_of) : "") + ")";
  const auto item = item_for_material(g.material);
  if (!item) {
    log_line(o, name, what + ": no machine for " + g.material + ", left for the lab");
    return 0;
  }
  std::uint64_t seed =
      mix(mix(o.seed, fnv1a(lab.key_id)), static_cast<std::uint64_t>(g.sampling_id));
  if (round > 0) {
    seed = mix(seed, round);
  }
  std::mt19937_64 rng(seed);
  std::uniform_real_distribution<double> unit(0, 1);

  GroupSpec spec;
  spec.item = *item;
  spec.grade = g.grade;
  spec.concrete_group = g.concrete_group;
  spec.label_codes = g.label_codes;
  spec.points = o.points;
  spec.rate_hz = o.rate_hz > 0     ? o.rate_hz
                 : is_steel(*item) ? std::array{20.0, 50.0, 100.0}[fnv1a(lab.key_id) % 3]
                                   : 50.0;
  if (unit(rng) < o.faults) {
    const auto faults = applicable_faults(*item, true);
    spec.fault = faults[static_cast<std::size_t>(unit(rng) * static_cast<double>(faults.size()))];
  }
  const auto grade = parse_grade(*item, g.grade);
  const std::string kind = grade ? kind_key(*item, *grade) : "";
  if (spec.fault == Fault::curve_reused && grade && (!is_steel(*item) || grade->diameter_mm) &&
      memory.last_of_kind.contains(kind) && unit(rng) < 0.5) {
    spec.reuse = &memory.last_of_kind[kind];
  }
  std::string problem;
  auto result = simulate_group(spec, rng(), &problem);
  if (!result) {
    log_line(o, name, what + ": " + problem + ", left for the lab");
    return 0;
  }
  GroupResult& r = *result;
  const Machine* machine = choose_machine(machines, is_steel(*item), r.max_load_kn());
  if (!machine) {
    log_line(o, name, what + ": no usable machine for " + fixed(r.max_load_kn(), 1) + " kN", true);
    return 0;
  }
  if (!machine->auto_collect) {
    r.manual = true;  // a machine without auto-collection: entered by hand, no reason needed
    if (r.fault == Fault::manual_on_auto) {
      r.fault = Fault::none;
      r.fault_note.clear();
    }
  }
  const Crew crew = choose_crew(people, memory.tests++);
  if (!crew.tester) {
    log_line(o, name, what + ": no certified tester", true);
    return 0;
  }
  if (!shared.claim()) {
    return 0;
  }

  StartInfo info;
  info.equipment_id = machine->id;
  info.tester_id = crew.tester->id;
  info.temperature_c = lw::sim::round_to(std::uniform_real_distribution<double>(18, 24)(rng), 0.1);
  info.humidity_percent = lw::sim::round_to(std::uniform_real_distribution<double>(50, 68)(rng), 1);
  info.retest_of = retest_of;
  if (r.fault == Fault::manual_on_auto) {
    info.manual_reason = "数据采集接口故障，人工录入 / acquisition link down, entered by hand";
  }
  double duration = 0;
  std::size_t points = 0;
  for (const auto& s : r.specimens) {
    duration += s.curve.duration_s() + 20;
    points += s.curve.size();
  }
  std::string head = what + " on " + machine->model + " #" + std::to_string(machine->id) +
                     ", tester #" + std::to_string(crew.tester->id) +
                     (r.fault != Fault::none ? " [fault " + std::string(fault_name(r.fault)) +
                                                   ": " + r.fault_note + "]"
                                             : "");
  shared.stats.started();

  std::int64_t id = 0;
  Reply done;
  if (o.one_shot) {
    info.started_at = utc_text(-duration);
    done = link.post("one_shot", "/api/v1/lab-api/tests",
                     one_shot_body(r, info, utc_text(), o.inline_form));
    id = id_of(done.body);
    if (!done.ok()) {
      shared.stats.failed();
      log_line(o, name, head + ": refused: " + LabLink::describe(done), true);
      return 0;
    }
  } else {
    info.started_at = utc_text();
    const Reply started = link.post("start", "/api/v1/lab-api/tests", start_body(r, info));
    id = id_of(started.body);
    if (!started.ok() || id == 0) {
      shared.stats.failed();
      log_line(o, name, head + ": start refused: " + LabLink::describe(started), true);
      return 0;
    }
    log_line(o, name, "test " + std::to_string(id) + " started: " + head);
    const bool streamed = r.manual ? (o.dry_run || pause_for(duration / o.speed))
                                   : stream_readings(link, o, name, id, r, rng);
    if (!streamed) {
      shared.stats.failed();
      return 0;
    }
    done = link.post("finish", "/api/v1/lab-api/tests/" + std::to_string(id) + "/finish",
                     finish_body(r, utc_text()));
    if (!done.ok()) {
      shared.stats.failed();
      log_line(o, name,
               "test " + std::to_string(id) + " finish refused: " + LabLink::describe(done), true);
      return 0;
    }
  }
  shared.stats.acknowledged(points);
  log_line(
      o, name,
      "test " + std::to_string(id) +
          " finished: " + (r.group_strength_mpa ? fixed(*r.group_strength_mpa, 1) + " MPa, " : "") +
          r.conclusion + (o.one_shot ? " (" + head + ")" : "") + "; " + anomalies_text(done.body));
  if (grade) {
    memory.last_of_kind[kind] = r.specimens.front();
  }

  if (!o.review) {
    return id;
  }
  if (!crew.reviewer) {
    log_line(o, name, "test " + std::to_string(id) + ": no second certified person to review it",
             true);
    return id;
  }
  if (!o.one_shot && !o.dry_run &&
      !pause_for(std::uniform_real_distribution<double>(5, 20)(rng) / o.speed)) {
    return id;
  }
  const Reply reviewed =
      link.post("review", "/api/v1/lab-api/tests/" + std::to_string(id) + "/reviews",
                review_body(crew.reviewer->id, true, "复核无误 / checked"));
  log_line(o, name,
           "test " + std::to_string(id) +
               (reviewed.ok() ? " reviewed by #" + std::to_string(crew.reviewer->id)
                              : " review refused: " + LabLink::describe(reviewed)),
           !reviewed.ok());
  return id;
}

// ---------------------------------------------------------------------------------------------
// On-site tests (--onsite)
// ---------------------------------------------------------------------------------------------

// What a lab's system knows of the project it tests at. Learnt from the lab's latest on-site
// test with a photo the platform did not flag (on the demo, the Jilin institute's tests of
// 220102-2026-0001): its project and witness, and the site from that photo's GPS; or given
// with --project, --witness and --site.
struct SiteFacts {
  std::int64_t project_id = 0;
  std::int64_t witness_id = 0;
  GeoPoint site;
  std::int64_t photo_id = 0;  // a genuine photo of the lab's: re-used when the run has none yet
};

// A lab's on-site state between tests (one per worker).
struct OnsiteMemory {
  std::optional<SiteFacts> facts;
  std::string last_photo;  // the run's latest genuine photo, for reused_photo
  std::uint64_t tests = 0;
  std::uint64_t batches = 0;
  std::uint64_t faults = 0;
  bool told = false;  // why the site is unknown: said once
};

constexpr int kTestsPerBatch = 4;

const json::value* member(const json::value& v, std::string_view name) {
  const auto* o = v.if_object();
  return o ? o->if_contains(name) : nullptr;
}

std::int64_t int_of(const json::value* v) {
  return v && v->is_number() ? v->to_number<std::int64_t>() : 0;
}

std::string text_of(const json::value* v) {
  return v && v->is_string() ? std::string(v->get_string()) : std::string();
}

bool pause_until_wall(WallClock::time_point t) {
  return pause_for(std::chrono::duration<double>(t - WallClock::now()).count());
}

std::optional<SiteFacts> learn_site(LabLink& link, const Options& o, const std::string& lab,
                                    bool tell) {
  SiteFacts f{o.project_id, o.witness_id, o.site.value_or(GeoPoint{}), 0};
  if (o.dry_run) {
    f.project_id = f.project_id ? f.project_id : 1;
    f.witness_id = f.witness_id ? f.witness_id : 1;
    f.site = o.site.value_or(GeoPoint{43.8612, 125.3267});
    return f;
  }
  if (f.project_id && f.witness_id && o.site) {
    return f;
  }
  const std::string path = "/api/v1/onsite-tests?limit=100" +
                           (f.project_id ? "&project_id=" + std::to_string(f.project_id) : "");
  const Reply list = link.get(path);
  const auto* items = member(list.body, "items");
  if (!list.ok() || !items || !items->is_array()) {
    log_line(o, lab, "GET " + path + " failed: " + LabLink::describe(list), true);
    return std::nullopt;
  }
  for (const auto& t : items->get_array()) {  // newest first
    if (int_of(member(t, "photo_count")) <= int_of(member(t, "flagged_photos"))) {
      continue;
    }
    const Reply one = link.get("/api/v1/onsite-tests/" + std::to_string(int_of(member(t, "id"))));
    const auto* photos = member(one.body, "photos");
    if (!one.ok() || !photos || !photos->is_array()) {
      continue;
    }
    for (const auto& p : photos->get_array()) {
      const auto* at = member(p, "location");
      const auto* flagged = member(p, "flagged");
      if (!at || !at->is_object() || !flagged || !flagged->is_bool() || flagged->get_bool()) {
        continue;
      }
      const auto* lat = member(*at, "lat");
      const auto* lng = member(*at, "lng");
      if (!lat || !lng || !lat->is_number() || !lng->is_number()) {
        continue;
      }
      f.project_id = int_of(member(t, "project_id"));
      f.witness_id = o.witness_id ? o.witness_id : int_of(member(t, "witness_id"));
      f.site = o.site.value_or(GeoPoint{lat->to_number<double>(), lng->to_number<double>()});
      f.photo_id = int_of(member(p, "id"));
      log_line(o, lab,
               "on-site: project #" + std::to_string(f.project_id) + ", witness #" +
                   std::to_string(f.witness_id) + ", site " + fixed(f.site.lat, 5) + "," +
                   fixed(f.site.lng, 5) + " (from on-site test #" +
                   std::to_string(int_of(member(t, "id"))) + ")");
      return f;
    }
  }
  if (tell) {
    log_line(o, lab,
             "on-site: no test of the lab with a genuine photo to learn the project, witness and "
             "site from; give --project, --witness and --site",
             true);
  }
  return std::nullopt;
}

// The photo's stamp (JL-1.3): time, place, tester, instrument, component, device — what the
// tablet's capture app knew when the photo was taken.
json::object photo_stamp(WallClock::time_point taken, GeoPoint at, std::int64_t tester,
                         std::int64_t equipment, const std::string& component,
                         const std::string& device) {
  json::object stamp{{"captured_at", utc_rfc3339(taken)},
                     {"lat", std::round(at.lat * 1e6) / 1e6},
                     {"lng", std::round(at.lng * 1e6) / 1e6},
                     {"tester_id", tester},
                     {"equipment_id", equipment},
                     {"component_code", component}};
  if (!device.empty()) {
    stamp["device"] = device;
  }
  return stamp;
}

// Uploads the photo as a blob, then adds it to the test; the answer, with its findings.
Reply send_photo(LabLink& link, std::int64_t test, const std::string& jpeg, json::object stamp) {
  Reply stored = link.upload(jpeg, "image/jpeg");
  const std::string sha = text_of(member(stored.body, "sha256"));
  if (!stored.ok() || sha.empty()) {
    return stored;
  }
  return link.post("photo", "/api/v1/lab-api/onsite-tests/" + std::to_string(test) + "/photos",
                   {{"sha256", sha}, {"stamp", std::move(stamp)}});
}

std::string findings_text(const Reply& r) {
  std::string out;
  const auto* findings = member(r.body, "findings");
  if (findings && findings->is_array()) {
    for (const auto& f : findings->get_array()) {
      out += (out.empty() ? "" : ",") + text_of(member(f, "kind"));
    }
  }
  return out;
}

// One test at the site, in batch `batch`: the component marked, the test started, two photos
// during it, the finish and the data (a late or missed upload: reported afterwards). False when
// a request was refused.
bool onsite_visit(LabLink& link, Shared& shared, const LabKey& lab, OnsiteMemory& m,
                  const SiteFacts& f, std::int64_t batch, const std::string& item,
                  const Machine& machine, const std::vector<const Person*>& testers) {
  const Options& o = shared.o;
  const std::string name = lab.name();
  const std::uint64_t serial = m.tests++;
  const std::uint64_t lab_seed = mix(o.seed, fnv1a(name));  // the lab's code: the same on
                                                            // every server for a seed
  std::mt19937_64 rng(mix(lab_seed, serial));
  std::uniform_real_distribution<double> unit(0, 1);
  OnsiteFault fault = OnsiteFault::none;
  if (unit(rng) < o.faults) {
    fault = nth_onsite_fault(lab_seed, m.faults++);
    if (fault == OnsiteFault::reused_photo && m.last_photo.empty() && !f.photo_id) {
      fault = OnsiteFault::edited_photo;
    }
  }
  const ComponentMark mark = column_mark(serial);
  const Reply marked = link.post(
      "component", "/api/v1/lab-api/projects/" + std::to_string(f.project_id) + "/components",
      {{"code", mark.code}, {"name", mark.name}, {"part", mark.part}});
  if (!marked.ok() && marked.status != 409) {  // 409: marked on an earlier run
    log_line(o, name, mark.code + ": component refused: " + LabLink::describe(marked), true);
    shared.stats.failed();
    return false;
  }
  if (!shared.claim()) {
    return false;
  }
  json::array tester_ids{testers[serial % testers.size()]->id};
  if (testers.size() > 1) {
    tester_ids.push_back(testers[(serial + 1) % testers.size()]->id);
  }
  const std::int64_t tester = tester_ids.front().as_int64();
  const std::string device = "SIM-PAD-" + std::to_string(tester);
  const std::string source = machine.auto_collect ? "instrument" : "lab";
  auto minutes = [&rng](double from, double to) {
    return std::chrono::duration_cast<WallClock::duration>(
        std::chrono::duration<double>(std::uniform_real_distribution<double>(from, to)(rng) * 60));
  };
  const auto duration = minutes(20, 45);
  const bool reported_late =
      fault == OnsiteFault::late_upload || fault == OnsiteFault::missed_upload;
  const auto now = WallClock::now();
  // Live: the test ends when the paced visit does. Reported late: it ended 2 h+ ago.
  const auto finished =
      fault == OnsiteFault::late_upload ? now - minutes(125, 160)
      : fault == OnsiteFault::missed_upload
          ? now - minutes(121, 130)
          : now + std::chrono::duration_cast<WallClock::duration>(duration / o.speed);
  const auto started = finished - duration;
  json::object start{{"batch_id", batch},          {"component_code", mark.code},
                     {"equipment_id", machine.id}, {"tester_ids", tester_ids},
                     {"witness_id", f.witness_id}, {"started_at", utc_rfc3339(started)}};
  if (reported_late) {
    start["finished_at"] = utc_rfc3339(finished);
    start["finish_source"] = source;
  }
  shared.stats.started();
  const Reply begun = link.post("onsite_start", "/api/v1/lab-api/onsite-tests", start);
  const std::int64_t id = id_of(begun.body);
  const std::string what =
      "on-site test of " + mark.code + " (" + item + ", " + machine.model + " #" +
      std::to_string(machine.id) + ", tester #" + std::to_string(tester) +
      (fault != OnsiteFault::none ? ", fault " + std::string(onsite_fault_name(fault)) : "") + ")";
  if (!begun.ok() || id == 0) {
    shared.stats.failed();
    log_line(o, name, what + ": start refused: " + LabLink::describe(begun), true);
    return false;
  }
  log_line(o, name, "test " + std::to_string(id) + " started: " + what);
  if (fault == OnsiteFault::missed_upload) {
    shared.stats.acknowledged(0);
    log_line(o, name,
             "test " + std::to_string(id) + " finished at " + utc_rfc3339(finished) +
                 ", nothing uploaded: the platform's deadline scan will find it missed");
    return true;
  }
  const std::string path = "/api/v1/lab-api/onsite-tests/" + std::to_string(id);
  const std::uint64_t scene = mix(lab_seed, serial + 0x51E);
  std::normal_distribution<double> jitter(0, 12);
  std::string findings;
  const std::string previous = m.last_photo;  // an earlier test's, before this test's own
  auto photo = [&](int shot, double at) -> bool {
    const auto taken = started + std::chrono::duration_cast<WallClock::duration>(duration * at);
    if (!reported_late && !o.dry_run && !pause_until_wall(taken)) {
      return false;
    }
    auto here = moved(f.site, jitter(rng), jitter(rng));
    std::string jpeg;
    std::string by = device;
    const bool faulty =
        shot == 1 && (fault == OnsiteFault::reused_photo || fault == OnsiteFault::edited_photo ||
                      fault == OnsiteFault::off_site_photo);
    if (faulty && fault == OnsiteFault::reused_photo) {
      std::string earlier = previous;
      if (earlier.empty()) {
        earlier = link.download("/api/v1/onsite-photos/" + std::to_string(f.photo_id) +
                                "/image?size=full")
                      .value_or("");
      }
      // Passed off from elsewhere: not from the tester's tablet (its JPEG tables stay its own).
      jpeg = earlier.empty() ? site_photo(scene, shot, taken, here, mark.code)
                             : lw::photos::samples::resize_jpeg(earlier, 0.5);
      by.clear();
    } else if (faulty && fault == OnsiteFault::off_site_photo) {
      const double bearing = unit(rng) * 2 * std::numbers::pi;
      const double km = 2 + 3 * unit(rng);
      here = moved(f.site, km * 1000 * std::cos(bearing), km * 1000 * std::sin(bearing));
      jpeg = site_photo(scene, shot, taken, here, mark.code);
    } else {
      jpeg = site_photo(scene, shot, taken, here, mark.code);
      if (faulty) {  // edited_photo
        jpeg = lw::photos::samples::edit_photo(jpeg, mix(scene, 0xED17));
        by.clear();
      } else if (shot == 0) {
        m.last_photo = jpeg;
      }
    }
    const Reply sent =
        send_photo(link, id, jpeg, photo_stamp(taken, here, tester, machine.id, mark.code, by));
    if (!sent.ok()) {
      log_line(o, name, "test " + std::to_string(id) + " photo refused: " + LabLink::describe(sent),
               true);
      return false;
    }
    const std::string found = findings_text(sent);
    findings += found.empty() ? "" : (findings.empty() ? "" : ",") + found;
    return true;
  };
  if (!photo(0, 0.3) || !photo(1, 0.7)) {
    shared.stats.failed();
    return false;
  }
  if (!reported_late) {
    if (!o.dry_run && !pause_until_wall(finished)) {
      shared.stats.failed();
      return false;
    }
    const Reply done =
        link.post("onsite_finish", path + "/finish",
                  {{"finished_at", utc_rfc3339(finished)}, {"finish_source", source}});
    if (!done.ok()) {
      shared.stats.failed();
      log_line(o, name,
               "test " + std::to_string(id) + " finish refused: " + LabLink::describe(done), true);
      return false;
    }
  }
  const Reply data = link.post("onsite_data", path + "/data", onsite_data_body(item, rng));
  if (!data.ok()) {
    shared.stats.failed();
    log_line(o, name, "test " + std::to_string(id) + " data refused: " + LabLink::describe(data),
             true);
    return false;
  }
  shared.stats.acknowledged(0);
  log_line(o, name,
           "test " + std::to_string(id) +
               " finished, uploaded: " + text_of(member(data.body, "upload_status")) +
               (findings.empty() ? "; photos without findings" : "; photo findings: " + findings));
  return true;
}

// One batch of tests at the site: the project learnt (once), an instrument and two certified
// testers chosen, the batch opened, its tests done one after the other. The tests tried.
std::size_t onsite_pass(LabLink& link, Shared& shared, const LabKey& lab, OnsiteMemory& m) {
  const Options& o = shared.o;
  const std::string name = lab.name();
  if (!m.facts) {
    m.facts = learn_site(link, o, name, !m.told);
    m.told = true;
    if (!m.facts) {
      return 0;
    }
  }
  auto equipment = link.get_all("/api/v1/lab-api/equipment", "equipment");
  auto staff = link.get_all("/api/v1/lab-api/staff", "staff");
  if (!equipment || !staff) {
    return 0;
  }
  const auto machines = parse_machines(*equipment);
  const auto people = parse_people(*staff);
  std::vector<const Person*> testers;
  for (const auto& p : people) {
    if (p.tester) {
      testers.push_back(&p);
    }
  }
  const Machine* machine = nullptr;
  std::string item;
  for (std::size_t k = 0; k < std::size(kOnsiteItems) && !machine; ++k) {
    const OnsiteItem& it = kOnsiteItems[(m.batches + k) % std::size(kOnsiteItems)];
    for (const auto& mc : machines) {
      if (mc.usable && mc.name.find(it.instrument) != std::string::npos) {
        machine = &mc;
        item = it.code;
        break;
      }
    }
  }
  if (!machine && o.dry_run && !machines.empty()) {
    machine = &machines.front();
    item = kOnsiteItems[0].code;
  }
  if (!machine || testers.empty()) {
    log_line(o, name, "on-site: no usable rebound hammer or rebar scanner, or no certified tester",
             true);
    return 0;
  }
  const std::string batch_no =
      "SIM-" + utc_rfc3339(WallClock::now()).substr(0, 19) + "-" + std::to_string(m.batches++);
  std::string clean_no;
  for (char c : batch_no) {
    if (c != ':') {
      clean_no += c == 'T' ? '-' : c;
    }
  }
  const Reply opened =
      link.post("onsite_batch", "/api/v1/lab-api/onsite-batches",
                {{"project_id", m.facts->project_id}, {"item", item}, {"batch_no", clean_no}});
  const std::int64_t batch = id_of(opened.body);
  if (!opened.ok() || batch == 0) {
    shared.stats.failed();
    log_line(o, name, "on-site batch " + clean_no + " refused: " + LabLink::describe(opened), true);
    return 0;
  }
  log_line(o, name, "on-site batch " + clean_no + " (#" + std::to_string(batch) + ") opened");
  std::size_t tried = 0;
  for (int k = 0; k < kTestsPerBatch && !g_stop && !shared.count_reached(); ++k) {
    if (k > 0 && !o.dry_run && !pause_for(o.interval_s)) {
      break;
    }
    onsite_visit(link, shared, lab, m, *m.facts, batch, item, *machine, testers);
    ++tried;
  }
  return tried;
}

// ---------------------------------------------------------------------------------------------
// Workers: one client per lab (or per share of a lab's samplings)
// ---------------------------------------------------------------------------------------------

struct Worker {
  Worker(const LabKey& lab, std::size_t slot, std::size_t slots, Shared& shared)
      : lab(lab), slot(slot), slots(slots), link(shared.o, lab, shared.stats, shared.fixture) {
    memory.next_pick = slot;
  }
  const LabKey& lab;
  std::size_t slot;  // this worker tests the samplings whose id % slots == slot
  std::size_t slots;
  LabLink link;
  LabMemory memory;
  OnsiteMemory onsite;
};

// --retest: a group's test was acknowledged; it may be retested from now on.
void note_tested(Shared& shared, const Worker& w, const SpecimenGroup& g, std::int64_t id) {
  RetestPool& pool = *shared.pools.at(w.lab.key_id);
  const std::lock_guard lock(pool.mutex);
  for (auto& t : pool.groups) {
    if (t.group.sampling_id == g.sampling_id) {
      t.last_test = std::max(t.last_test, id);
      return;
    }
  }
  pool.groups.push_back({g, id, 0});
}

// --retest: this client has tested its share of the lab's new groups (or could not read the lab).
void first_pass_over(Shared& shared, Worker& w) {
  if (!shared.o.retest || w.memory.first_pass_over) {
    return;
  }
  w.memory.first_pass_over = true;
  RetestPool& pool = *shared.pools.at(w.lab.key_id);
  const std::lock_guard lock(pool.mutex);
  --pool.first_passes;
}

// --retest: tests the lab's tested groups again, in turns, each as a retest of the group's
// latest test, until --count is reached or the run stops. While no group has been tested yet,
// waits for the lab's other clients to finish their first tests. The number of tests tried.
std::size_t retest_groups(Worker& w, Shared& shared, const std::vector<Machine>& machines,
                          const std::vector<Person>& people, std::size_t tried) {
  const Options& o = shared.o;
  RetestPool& pool = *shared.pools.at(w.lab.key_id);
  std::size_t retested = 0;
  while (!g_stop && !shared.count_reached()) {
    std::optional<TestedGroup> pick;
    bool others_first = false;
    {
      const std::lock_guard lock(pool.mutex);
      if (!pool.groups.empty()) {
        TestedGroup& t = pool.groups[w.memory.next_pick % pool.groups.size()];
        w.memory.next_pick += w.slots;
        pick = TestedGroup{t.group, t.last_test, ++t.round};
      }
      others_first = pool.first_passes > 0;
    }
    if (!pick) {
      if (!others_first || !pause_for(0.05)) {
        break;
      }
      continue;
    }
    if (tried + retested > 0 && !o.dry_run && !pause_for(o.interval_s)) {
      break;
    }
    const auto id = test_group(w.link, shared, w.lab, w.memory, pick->group, machines, people,
                               pick->last_test, pick->round);
    if (id) {
      note_tested(shared, w, pick->group, id);
    }
    ++retested;
  }
  return retested;
}

// One pass over a lab: read its equipment, staff and waiting specimens, test every group not
// tested yet (with --retest, then retest the lab's tested groups until --count). The number of
// tests tried.
std::size_t one_pass(Worker& w, Shared& shared) {
  const Options& o = shared.o;
  const std::string name = w.lab.name();
  auto equipment = w.link.get_all("/api/v1/lab-api/equipment", "equipment");
  auto staff = w.link.get_all("/api/v1/lab-api/staff", "staff");
  auto awaiting = w.link.get_all("/api/v1/lab-api/specimens?state=awaiting_test", "specimens");
  if (!equipment || !staff || !awaiting) {
    first_pass_over(shared, w);
    return 0;
  }
  const auto machines = parse_machines(*equipment);
  const auto people = parse_people(*staff);
  std::vector<SpecimenGroup> groups;
  for (auto& g : group_by_sampling(parse_awaiting(*awaiting))) {
    if (static_cast<std::size_t>(g.sampling_id) % w.slots == w.slot &&
        !w.memory.done.contains(g.sampling_id)) {
      groups.push_back(std::move(g));
    }
  }
  if (groups.empty() && o.once) {
    log_line(o, name, "nothing awaits a test");
  }
  std::size_t tried = 0;
  for (auto& g : groups) {
    if (g_stop || shared.count_reached()) {
      break;
    }
    if (tried > 0 && !o.dry_run && !pause_for(o.interval_s)) {
      break;
    }
    w.memory.done.insert(g.sampling_id);  // tested or refused: not again in this run
    const auto id = test_group(w.link, shared, w.lab, w.memory, g, machines, people);
    if (id && o.retest) {
      note_tested(shared, w, g, id);
    }
    ++tried;
  }
  if (o.retest) {
    first_pass_over(shared, w);
    tried += retest_groups(w, shared, machines, people, tried);
  }
  return tried;
}

// A thread's share of the workers, in turns: with --once (or --dry-run) one pass each;
// otherwise until stopped or --count is reached, pausing when no lab had anything to test.
void run_workers(const std::vector<Worker*>& mine, Shared& shared) {
  const Options& o = shared.o;
  while (!g_stop && !shared.count_reached()) {
    std::size_t tried = 0;
    for (Worker* w : mine) {
      if (g_stop || shared.count_reached()) {
        return;
      }
      tried += o.onsite ? onsite_pass(w->link, shared, w->lab, w->onsite) : one_pass(*w, shared);
    }
    if (o.once || o.dry_run) {
      return;
    }
    if (!pause_for(tried == 0 ? std::max(o.interval_s, 1.0) : o.interval_s)) {
      return;
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Options
// ---------------------------------------------------------------------------------------------

std::optional<std::string> read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return std::nullopt;
  }
  return std::string(std::istreambuf_iterator<char>(in), {});
}

int usage(const std::string& problem) {
  if (!problem.empty()) {
    std::cerr << "lw-sim: " << problem << "\n";
  }
  std::cerr << kUsage;
  return 2;
}

std::optional<std::vector<LabKey>> read_keys(const std::string& file, std::string* problem) {
  const auto text = read_file(file);
  if (!text) {
    *problem = "cannot read " + file;
    return std::nullopt;
  }
  boost::system::error_code ec;
  const json::value v = json::parse(*text, ec);
  if (ec || !v.is_array()) {
    *problem = file + ": a JSON array of {\"lab_code\", \"key_id\", \"secret\"} expected";
    return std::nullopt;
  }
  std::vector<LabKey> out;
  for (const auto& x : v.get_array()) {
    const auto* o = x.if_object();
    auto str = [&](std::string_view name) {
      const auto* s = o ? o->if_contains(name) : nullptr;
      return s && s->is_string() ? std::string(s->get_string()) : std::string();
    };
    LabKey k{str("lab_code"), str("key_id"), str("secret")};
    if (k.key_id.empty() || k.secret_hex.empty()) {
      *problem = file + ": every entry needs key_id and secret";
      return std::nullopt;
    }
    out.push_back(std::move(k));
  }
  return out;
}

std::string env_or_empty(const char* name) {
  const char* v = std::getenv(name);
  return v ? v : "";
}

template <class T>
bool parse_number(const std::string& text, T& into) {
  std::istringstream in(text);
  in >> into;
  return !in.fail() && in.eof();
}

}  // namespace

int main(int argc, char** argv) {
  Options o;
  o.url = env_or_empty("LW_URL");
  std::vector<std::string> keys_files;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    std::string v;
    auto value = [&]() {
      if (i + 1 >= argc) {
        return false;
      }
      v = argv[++i];
      return true;
    };
    auto number = [&](auto& into) { return value() && parse_number(v, into); };
    bool ok = true;
    if (a == "--url") {
      ok = value();
      o.url = v;
    } else if (a == "--lab") {
      ok = value();
      const auto colon = v.find(':');
      if (!ok || colon == std::string::npos) {
        return usage("--lab needs KEY_ID:SECRET");
      }
      o.labs.push_back({"", v.substr(0, colon), v.substr(colon + 1)});
    } else if (a == "--keys") {
      ok = value();
      keys_files.push_back(v);
    } else if (a == "--once") {
      o.once = true;
    } else if (a == "--interval") {
      ok = number(o.interval_s) && o.interval_s >= 0;
    } else if (a == "--speed") {
      ok = number(o.speed) && o.speed > 0;
    } else if (a == "--faults") {
      ok = number(o.faults) && o.faults >= 0 && o.faults <= 1;
    } else if (a == "--seed") {
      ok = number(o.seed);
      o.seed_given = true;
    } else if (a == "--concurrency") {
      ok = number(o.concurrency) && o.concurrency > 0;
    } else if (a == "--no-review") {
      o.review = false;
    } else if (a == "--rate") {
      ok = number(o.rate_hz) && o.rate_hz >= 1 && o.rate_hz <= 10000;
    } else if (a == "--points") {
      ok = number(o.points) && o.points >= 10;
    } else if (a == "--chunk") {
      ok = number(o.chunk_s) && o.chunk_s > 0;
    } else if (a == "--readings-form" || a == "--inline-form") {
      ok = value();
      const auto form = parse_curve_form(v);
      ok = ok && form && *form != CurveForm::readings;
      (a == "--inline-form" ? o.inline_form : o.readings_form) = form.value_or(CurveForm::points);
    } else if (a == "--one-shot") {
      o.one_shot = true;
    } else if (a == "--count") {
      ok = number(o.count) && o.count > 0;
    } else if (a == "--warmup") {
      ok = number(o.warmup) && o.warmup >= 0;
    } else if (a == "--retest") {
      o.retest = true;
    } else if (a == "--report") {
      o.report = true;
    } else if (a == "--dry-run") {
      o.dry_run = true;
    } else if (a == "--fixture") {
      ok = value();
      o.fixture_file = v;
    } else if (a == "--timeout") {
      ok = number(o.timeout_s) && o.timeout_s > 0;
    } else if (a == "--retries") {
      ok = number(o.retries) && o.retries >= 0;
    } else if (a == "--quiet") {
      o.quiet = true;
    } else if (a == "--onsite") {
      o.onsite = true;
    } else if (a == "--project") {
      ok = number(o.project_id) && o.project_id > 0;
    } else if (a == "--witness") {
      ok = number(o.witness_id) && o.witness_id > 0;
    } else if (a == "--site") {
      ok = value();
      const auto comma = v.find(',');
      GeoPoint p;
      ok = ok && comma != std::string::npos && parse_number(v.substr(0, comma), p.lat) &&
           parse_number(v.substr(comma + 1), p.lng) && std::abs(p.lat) <= 90 &&
           std::abs(p.lng) <= 180;
      o.site = p;
    } else if (a == "-h" || a == "--help") {
      std::cout << kUsage;
      return 0;
    } else {
      return usage("unknown option " + a);
    }
    if (!ok) {
      return usage(a + " needs a valid value");
    }
  }
  for (const auto& file : keys_files) {
    std::string problem;
    auto keys = read_keys(file, &problem);
    if (!keys) {
      return usage(problem);
    }
    o.labs.insert(o.labs.end(), keys->begin(), keys->end());
  }
  if (o.labs.empty() && !env_or_empty("LW_KEY_ID").empty()) {
    o.labs.push_back({"", env_or_empty("LW_KEY_ID"), env_or_empty("LW_SECRET")});
  }
  if (o.labs.empty() && o.dry_run) {
    o.labs.push_back({"example-lab", "lk_0123456789abcdef",
                      "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f"});
  }
  if (o.labs.empty()) {
    return usage("no lab: --lab KEY_ID:SECRET, --keys FILE, or LW_KEY_ID and LW_SECRET");
  }
  if (o.onsite && (o.one_shot || o.retest)) {
    return usage("--onsite does not go with --one-shot or --retest");
  }
  if (o.retest && o.count <= 0) {
    return usage("--retest needs --count N");
  }
  if (o.warmup > 0 && o.count > 0 && o.warmup >= o.count) {
    return usage("--warmup must be less than --count");
  }
  if (!o.dry_run) {
    if (!lw::agent::parse_url(o.url)) {
      return usage("--url must be http://HOST[:PORT], got '" + o.url + "'");
    }
    for (const auto& lab : o.labs) {
      const auto secret = lw::agent::from_hex(lab.secret_hex);
      if (!secret || secret->size() != 32) {
        return usage("the secret of " + lab.key_id + " is not 64 hex digits");
      }
    }
  }
  json::object fixture;
  if (o.dry_run) {
    const auto text = o.fixture_file.empty() ? std::optional<std::string>(kExampleLab)
                                             : read_file(o.fixture_file);
    boost::system::error_code ec;
    const json::value v = text ? json::parse(*text, ec) : json::value();
    if (!text || ec || !v.is_object()) {
      return usage("--fixture: cannot read a JSON object from " + o.fixture_file);
    }
    fixture = v.get_object();
  }
  if (!o.seed_given) {
    o.seed = (static_cast<std::uint64_t>(std::random_device{}()) << 32) ^ std::random_device{}();
  }
  std::cerr << "lw-sim: seed " << o.seed << "\n";

  std::signal(SIGINT, on_signal);
  std::signal(SIGTERM, on_signal);

  // Workers: every lab at least one; with more threads than labs, a lab's samplings are shared
  // among several clients by sampling id.
  const unsigned threads = o.concurrency
                               ? o.concurrency
                               : static_cast<unsigned>(std::min<std::size_t>(o.labs.size(), 64));
  const std::size_t per_lab = std::max<std::size_t>(1, threads / o.labs.size());
  Stats stats(o.warmup);
  Shared shared{o, stats, &fixture, {}, {}};
  std::vector<std::unique_ptr<Worker>> workers;
  for (const auto& lab : o.labs) {
    for (std::size_t s = 0; s < per_lab; ++s) {
      workers.push_back(std::make_unique<Worker>(lab, s, per_lab, shared));
    }
  }
  for (const auto& w : workers) {
    auto& pool = shared.pools[w->lab.key_id];
    if (!pool) {
      pool = std::make_unique<RetestPool>();
    }
    ++pool->first_passes;
    if (!w->link.ready()) {
      return usage("the key of " + w->lab.name() + " cannot sign");
    }
  }
  std::vector<std::thread> pool;
  for (unsigned t = 0; t < threads && t < workers.size(); ++t) {
    std::vector<Worker*> mine;
    for (std::size_t k = t; k < workers.size(); k += threads) {
      mine.push_back(workers[k].get());
    }
    pool.emplace_back([mine, &shared] { run_workers(mine, shared); });
  }
  for (auto& th : pool) {
    th.join();
  }
  if (o.report) {
    stats.print(o.labs.size(), threads);
  }
  return stats.failures() == 0 ? 0 : 1;
}
