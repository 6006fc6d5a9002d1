// bench/verify: fills a fresh database with N issued reports for the public verification bench
// (GET /api/v1/public/reports/{number}, docs/reports.md "Public verification"), without going
// through N signed issue requests (each needs its reviewed tests, received specimens, a PDF
// upload: hours for 100,000 on this machine).
//
//   labwatch_bench_verify_fill --db URL --data DIR [--reports N] [--labs L] [--seed S]
//                              [--numbers FILE]
//
// The database is migrated like the server's (storage::migrate). The rows go in through the
// server's own repository function (storage::insert_report), 1,000 per transaction, and their
// public facts are made by the server's own code: reports::public_json, with_status and
// with_stamp (reports/internal.hpp), the seal by seal::make_seal with the platform's report key
// (crypto::load_or_create_sm2_key(DIR/keys/report.pem), the file `labwatch serve --data DIR`
// then loads), so every seal verifies and `?seal=` runs the full SM2 check. What the issuing
// coroutine assembles inline — the facts object (kind, category, material, title, conclusion,
// lab, items, tested dates) and the structured content — is rebuilt here with the same keys
// (reports/issue.cpp); items come from the test catalogue (domain::test_items()).
//
// The mix: L labs (codes like 360402-0007, Chinese names), reports spread over 2025 and 2026,
// numbered 1, 2, 3, … per lab and year as the counters would give them (report_number_counters
// is filled to match); items weighted like a county's traffic (concrete cubes most); one to
// three tests per report; 3 % failed, 2 % revoked, 1 % superseded by the lab's next report
// (which names it in `supersedes`); every report stamped (stamped_sha256 set, as after its first
// download).
//
// Writes FILE with one line per report, "<number> <seal payload>" (the wrk script picks lines at
// random), and one JSON object on stdout: counts, the fill time, sizes of the public facts, and
// `typical`, the number of a report whose public facts have the median size (the bench takes
// that report's answer as nginx's file).
#include <algorithm>
#include <boost/json.hpp>
#include <cstdio>
#include <fstream>
#include <map>
#include <random>
#include <string>
#include <vector>

#include "core/random.hpp"
#include "crypto/hash.hpp"
#include "crypto/sm2.hpp"
#include "domain/calendar.hpp"
#include "domain/lab_test.hpp"
#include "domain/report.hpp"
#include "domain/sampling.hpp"
#include "ledger/canonical_json.hpp"
#include "reports/internal.hpp"
#include "seal/seal.hpp"
#include "storage/reports.hpp"
#include "support/bench_support.hpp"

namespace {

using namespace lw;
using namespace lw::bench;
namespace fs = std::filesystem;
namespace json = boost::json;

struct Settings {
  std::string db;
  fs::path data;
  std::int64_t reports = 100'000;
  int labs = 100;
  std::uint64_t seed = 2026;
  fs::path numbers = "numbers.txt";
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
    if (a == "--db") {
      s.db = value();
    } else if (a == "--data") {
      s.data = value();
    } else if (a == "--reports") {
      s.reports = std::stoll(value());
    } else if (a == "--labs") {
      s.labs = std::stoi(value());
    } else if (a == "--seed") {
      s.seed = std::stoull(value());
    } else if (a == "--numbers") {
      s.numbers = value();
    } else {
      std::fprintf(stderr,
                   "usage: labwatch_bench_verify_fill --db URL --data DIR [--reports N] "
                   "[--labs L] [--seed S] [--numbers FILE]\n");
      std::exit(a == "--help" || a == "-h" ? 0 : 2);
    }
  }
  if (s.db.empty() || s.data.empty() || s.reports < 1 || s.labs < 1) {
    fail("--db and --data are required; --reports and --labs at least 1");
  }
  return s;
}

void check(const Status& st, const std::string& what) {
  if (!st) {
    fail(what + ": " + st.error().note);
  }
}

void exec(storage::Connection& c, const std::string& sql) {
  auto done = c.exec(sql);
  if (!done) {
    fail(sql + ": " + done.error().note);
  }
}

// A lab of the mix: its code, name and county.
struct Lab {
  std::string code;
  std::string name;
  std::string region;
};

std::vector<Lab> make_labs(int n) {
  // Counties of Jiangxi and Jilin (GB/T 2260), as the demo's labs.
  static const std::pair<const char*, const char*> kCounties[] = {
      {"360402", "九江市浔阳区"}, {"360403", "九江市濂溪区"},   {"360404", "九江市柴桑区"},
      {"360430", "彭泽县"},       {"360481", "瑞昌市"},         {"360482", "共青城市"},
      {"360102", "南昌市东湖区"}, {"360111", "南昌市青山湖区"}, {"360702", "赣州市章贡区"},
      {"361102", "上饶市信州区"}, {"220102", "长春市南关区"},   {"220104", "长春市朝阳区"},
      {"220202", "吉林市昌邑区"}, {"220302", "四平市铁西区"}};
  static const char* kKinds[] = {"建设工程质量检测中心", "建科检测有限公司", "建工检测有限公司",
                                 "华正检测技术有限公司", "建设工程质量检测站"};
  std::vector<Lab> labs;
  constexpr std::size_t kCountyCount = std::size(kCounties);
  for (int i = 0; i < n; ++i) {
    const auto& [region, place] = kCounties[static_cast<std::size_t>(i) % kCountyCount];
    char code[32];
    std::snprintf(code, sizeof code, "%s-%04d", region,
                  static_cast<int>(static_cast<std::size_t>(i) / kCountyCount) + 1);
    labs.push_back({code,
                    std::string(place) + kKinds[static_cast<std::size_t>(i) % std::size(kKinds)],
                    region});
  }
  return labs;
}

// The items a county's reports are of, weighted (concrete cubes are most of the traffic).
struct ItemMix {
  std::string_view code;
  int weight;
  std::vector<std::string_view> grades;
};
const std::vector<ItemMix>& item_mix() {
  static const std::vector<ItemMix> kMix{
      {"concrete_compression", 55, {"C25", "C30", "C30", "C35", "C40", "C50"}},
      {"rebar_tension", 18, {"HRB400E", "HRB400E", "HRB500E", "HPB300"}},
      {"mortar_compression", 10, {"M7.5", "M10", "M15"}},
      {"weld_tension", 6, {"HRB400E"}},
      {"splice_tension", 5, {"HRB400E", "HRB500E"}},
      {"cement_strength", 3, {"P·O 42.5", "P·O 52.5"}},
      {"block_compression", 2, {"MU10", "MU15"}},
      {"rock_compression", 1, {""}}};
  return kMix;
}

std::string decimal(double v, int places) {
  char out[32];
  std::snprintf(out, sizeof out, "%.*f", places, v);
  return out;
}

// The structured content, with the keys of reports/issue.cpp's content_json.
json::object content_of(const storage::Report& r, const std::vector<std::int64_t>& tests,
                        std::mt19937_64& rng, const std::string& supersedes,
                        const std::string& reason) {
  std::uniform_real_distribution<double> strength(28.0, 48.0);
  json::array results;
  json::array test_ids;
  for (auto id : tests) {
    test_ids.emplace_back(id);
    json::array specimens;
    double sum = 0;
    for (int s = 0; s < 3; ++s) {
      const double v = strength(rng);
      sum += v;
      specimens.push_back({{"label_code", to_hex(random_bytes(6))},
                           {"strength_mpa", decimal(v, 1)},
                           {"yield_strength_mpa", nullptr},
                           {"elongation_percent", nullptr}});
    }
    results.push_back({{"test_id", id},
                       {"specimens", std::move(specimens)},
                       {"group_strength_mpa", decimal(sum / 3, 1)},
                       {"conclusion", r.conclusion}});
  }
  return {{"kind", r.kind},
          {"project_id", r.project_id},
          {"title", r.title},
          {"tests", std::move(test_ids)},
          {"onsite_batch_id", nullptr},
          {"unlabelled_receipts", json::array{}},
          {"results", std::move(results)},
          {"equipment", json::array{r.tester_id % 97 + 1, r.tester_id % 89 + 100}},
          {"conclusion", r.conclusion},
          {"tester_id", r.tester_id},
          {"reviewer_id", r.reviewer_id},
          {"approver_id", r.approver_id},
          {"tested_from", r.tested_from},
          {"tested_to", r.tested_to},
          {"pdf_sha256", r.pdf_sha256},
          {"supersedes", supersedes},
          {"reason", reason}};
}

struct Totals {
  std::int64_t valid = 0, revoked = 0, superseded = 0, failed = 0, items = 0;
  std::vector<std::pair<std::size_t, std::string>> sizes;  // public facts' size, number
};

}  // namespace

int main(int argc, char** argv) {
  set_program_name("labwatch_bench_verify_fill");
  const Settings s = parse_args(argc, argv);
  const auto start = SteadyClock::now();

  auto key = crypto::load_or_create_sm2_key(s.data / "keys" / "report.pem", "LABWATCH_REPORT_KEY");
  if (!key) {
    fail("report key: " + key.error().note);
  }
  auto db = open_migrated(s.db);
  auto conn = db->connect();
  if (!conn) {
    fail("connect: " + conn.error().note);
  }
  auto& c = **conn;
  const bool lite = c.engine() == storage::Engine::sqlite;

  std::ofstream numbers(s.numbers);
  if (!numbers) {
    fail("cannot write " + s.numbers.string());
  }
  std::mt19937_64 rng(s.seed);
  const auto labs = make_labs(s.labs);
  const auto& mix = item_mix();
  int total_weight = 0;
  for (const auto& m : mix) {
    total_weight += m.weight;
  }
  std::uniform_real_distribution<double> unit(0.0, 1.0);
  // Issue times: 2025-01-02 to 2026-11-20 (Asia/Shanghai noon-ish), growing with the sequence.
  const std::int64_t first_day = 1735776000;  // 2025-01-02T00:00:00Z
  const std::int64_t last_day = 1795132800;   // 2026-11-21T00:00:00Z
  const std::int64_t span = last_day - first_day;

  Totals totals;
  std::map<std::pair<std::string, int>, int> counters;
  std::int64_t next_test = 1;

  // One report of `lab` issued at `at` (Unix seconds) of item `m`, numbered as the counters
  // would; `supersedes`: the number (and id) of the lab's report it corrects, or "".
  struct Made {
    storage::Report row;
    std::vector<std::int64_t> tests;
    std::string category_code;
  };
  auto build = [&](const Lab& lab, std::int64_t at, const ItemMix& m, const std::string& supersedes,
                   std::int64_t supersedes_id) {
    const auto* item = domain::find_test_item(m.code);
    if (!item) {
      fail("unknown item " + std::string(m.code));
    }
    const auto category_code = domain::report_category_code(item->qualification_category);
    if (!category_code) {
      fail("no report category for " + std::string(item->qualification_category));
    }
    const Instant issued = from_micros(at * 1'000'000);
    const auto day = domain::shanghai_date(issued);
    const int year = static_cast<int>(day.year());
    const int seq = ++counters[{lab.code, year}];
    Made made;
    made.category_code = std::string(*category_code);
    storage::Report& r = made.row;
    r.number = domain::format_report_number({lab.code, year, made.category_code, seq});
    r.lab_code = lab.code;
    r.region_code = lab.region;
    r.project_id = 1 + static_cast<std::int64_t>(unit(rng) * 5000);
    r.kind = "lab";
    r.category = std::string(item->qualification_category);
    r.material = std::string(domain::material_name(item->material));
    r.title = std::string(item->name_zh) + "检测报告";
    const bool failed = unit(rng) < 0.03;
    r.conclusion = failed ? "fail" : "pass";
    const auto tested_to = domain::Date{std::chrono::sys_days(day) - std::chrono::days(1)};
    const auto tested_from = domain::Date{std::chrono::sys_days(tested_to) -
                                          std::chrono::days(static_cast<int>(unit(rng) * 3))};
    r.tested_from = domain::format_date(tested_from);
    r.tested_to = domain::format_date(tested_to);
    r.tester_id = 1 + static_cast<std::int64_t>(unit(rng) * 3000);
    r.reviewer_id = r.tester_id + 1;
    r.approver_id = r.tester_id + 2;
    r.pdf_sha256 = to_hex(random_bytes(32));
    const std::string pdf_sm3 = random_bytes(32);
    r.pdf_sm3 = to_hex(pdf_sm3);
    r.key_id = key->key_id();
    r.status = "valid";
    r.issued_by = "lab:" + lab.code;
    r.issued_at = issued;
    r.updated_at = issued;
    if (!supersedes.empty()) {
      r.supersedes_id = supersedes_id;
    }
    const double tests_roll = unit(rng);
    const int test_count = tests_roll < 0.80 ? 1 : tests_roll < 0.95 ? 2 : 3;
    json::array items;
    for (int t = 0; t < test_count; ++t) {
      made.tests.push_back(next_test++);
      const auto grade =
          m.grades[static_cast<std::size_t>(unit(rng) * static_cast<double>(m.grades.size()))];
      items.push_back({{"item", item->code},
                       {"name_zh", item->name_zh},
                       {"name_en", item->name_en},
                       {"standard", item->standard},
                       {"grade", grade},
                       {"conclusion", failed && t == 0 ? "fail" : "pass"}});
    }
    totals.items += test_count;
    totals.failed += failed ? 1 : 0;
    const std::string reason = supersedes.empty() ? "" : "更正笔误 a typing error corrected";
    auto canonical = ledger::canonical_json(content_of(r, made.tests, rng, supersedes, reason));
    if (!canonical) {
      fail("canonical_json: " + canonical.error().note);
    }
    r.content = std::move(*canonical);
    const std::string content_sm3 = crypto::digest(crypto::HashAlg::sm3, r.content);
    r.content_sm3 = to_hex(content_sm3);
    auto seal = seal::make_seal(*key, {r.number, r.issued_at, pdf_sm3, content_sm3});
    if (!seal) {
      fail("make_seal: " + seal.error().note);
    }
    r.seal = std::move(*seal);
    // The facts as reports/issue.cpp assembles them.
    const json::object facts{{"kind", r.kind},
                             {"category", r.category},
                             {"material", r.material},
                             {"title", r.title},
                             {"conclusion", r.conclusion},
                             {"lab", {{"code", lab.code}, {"name", lab.name}}},
                             {"items", std::move(items)},
                             {"tested_from", r.tested_from},
                             {"tested_to", r.tested_to}};
    r.public_json = reports::public_json(r, facts, supersedes);
    // Stamped at once (the copy is made after the issuing transaction).
    r.stamped_sha256 = to_hex(random_bytes(32));
    r.public_json = reports::with_stamp(r.public_json, r.stamped_sha256);
    return made;
  };

  std::int64_t next_id = 1;
  std::int64_t in_txn = 0;
  std::int64_t made_count = 0;
  constexpr std::int64_t kPerTxn = 1000;
  auto insert = [&](const Made& m) {
    auto id = storage::insert_report(c, m.row);
    if (!id) {
      fail("insert_report: " + id.error().note);
    }
    if (*id != next_id) {
      fail("ids are not sequential: got " + std::to_string(*id) + ", expected " +
           std::to_string(next_id));
    }
    ++next_id;
    check(storage::insert_report_tests(c, *id, m.tests), "insert_report_tests");
    totals.sizes.emplace_back(m.row.public_json.size(), m.row.number);
    numbers << m.row.number << ' ' << m.row.seal << '\n';
    ++made_count;
    if (++in_txn == kPerTxn) {
      exec(c, "COMMIT");
      exec(c, "BEGIN");
      in_txn = 0;
    }
  };

  exec(c, "BEGIN");
  // Per lab, its reports in order of issue; the labs take turns, so ids interleave as they
  // would on a platform where many labs issue every day.
  const std::int64_t per_lab = (s.reports + s.labs - 1) / s.labs;
  for (std::int64_t k = 0; made_count < s.reports; ++k) {
    for (std::size_t l = 0; l < labs.size() && made_count < s.reports; ++l) {
      const Lab& lab = labs[l];
      const std::int64_t at = first_day + span * k / per_lab +
                              static_cast<std::int64_t>(unit(rng) * static_cast<double>(span) /
                                                        static_cast<double>(per_lab));
      int pick = static_cast<int>(unit(rng) * total_weight);
      const ItemMix* m = &mix.front();
      for (const auto& candidate : mix) {
        if (pick < candidate.weight) {
          m = &candidate;
          break;
        }
        pick -= candidate.weight;
      }
      Made report = build(lab, at, *m, "", 0);
      // What became of it since: revoked a week later, or superseded within the hour by the
      // lab's next report, which corrects it.
      const double fate = unit(rng);
      if (fate < 0.02) {
        const Instant later = report.row.issued_at + std::chrono::hours(24 * 7);
        report.row.status = "revoked";
        report.row.version = 2;
        report.row.updated_at = later;
        report.row.public_json =
            reports::with_status(report.row.public_json, "revoked", "",
                                 "检测报告信息有误，撤回 withdrawn: wrong details", later);
        ++totals.revoked;
        insert(report);
      } else if (fate < 0.03 && made_count + 2 <= s.reports) {
        Made correction = build(lab, at + 3600, *m, report.row.number, next_id);
        const Instant later = correction.row.issued_at;
        report.row.status = "superseded";
        report.row.version = 2;
        report.row.updated_at = later;
        report.row.superseded_by_id = next_id + 1;
        report.row.public_json =
            reports::with_status(report.row.public_json, "superseded", correction.row.number,
                                 "更正笔误 a typing error corrected", later);
        ++totals.superseded;
        ++totals.valid;
        insert(report);
        insert(correction);
      } else {
        ++totals.valid;
        insert(report);
      }
    }
  }
  for (const auto& [lab_year, last] : counters) {
    auto done = c.exec(
        "INSERT INTO report_number_counters (lab_code, year, last_seq) VALUES ($1, $2, $3)",
        storage::params({lab_year.first, std::int64_t{lab_year.second}, std::int64_t{last}}));
    if (!done) {
      fail("report_number_counters: " + done.error().note);
    }
  }
  exec(c, "COMMIT");
  if (lite) {
    exec(c, "PRAGMA wal_checkpoint(TRUNCATE)");
  } else {
    exec(c, "VACUUM ANALYZE reports");  // as autovacuum would after a bulk load
  }
  numbers.close();
  if (!numbers) {
    fail("cannot write " + s.numbers.string());
  }
  const double seconds = seconds_since(start);

  auto& sizes = totals.sizes;
  std::sort(sizes.begin(), sizes.end());
  std::size_t sum = 0;
  for (const auto& [n, _] : sizes) {
    sum += n;
  }
  const auto& median = sizes[sizes.size() / 2];
  json::object out{
      {"engine", lite ? "sqlite" : "postgresql"},
      {"reports", made_count},
      {"labs", s.labs},
      {"valid", totals.valid},
      {"revoked", totals.revoked},
      {"superseded", totals.superseded},
      {"failed", totals.failed},
      {"items", totals.items},
      {"seconds", seconds},
      {"facts_bytes_min", sizes.front().first},
      {"facts_bytes_median", median.first},
      {"facts_bytes_mean", static_cast<double>(sum) / static_cast<double>(sizes.size())},
      {"facts_bytes_max", sizes.back().first},
      {"typical", median.second},
      {"key_id", key->key_id()}};
  std::printf("%s\n", json::serialize(out).c_str());
  std::fprintf(stderr, "%s: %lld reports of %d labs stored in %.1f s\n",
               lite ? "sqlite" : "postgresql", static_cast<long long>(made_count), s.labs, seconds);
  return 0;
}
