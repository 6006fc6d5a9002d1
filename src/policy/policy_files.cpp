#include "policy/policy_files.hpp"

#include <algorithm>
#include <fstream>
#include <optional>
#include <set>
#include <sstream>
#include <string>
#include <system_error>
#include <vector>

// The only file that includes toml++ (Debian's libtomlplusplus-dev, compiled mode). It throws
// toml::parse_error on bad syntax; that is caught here and never leaves this file.
#include <toml++/toml.h>

namespace lw::policy {
namespace {

namespace fs = std::filesystem;
using domain::Date;

Error file_error(std::string_view file, std::string_view key, std::string_view reason,
                 std::optional<std::int64_t> line) {
  boost::json::object details{{"file", file}, {"key", key}, {"reason", reason}};
  std::string where(file);
  if (line) {
    details["line"] = *line;
    where += ":" + std::to_string(*line);
  }
  if (!key.empty()) {
    boost::json::object fields;
    fields[key] = reason;
    details["fields"] = std::move(fields);
    where += ": " + std::string(key);
  }
  return Error(std::string(errc::invalid_argument), where + ": " + std::string(reason),
               std::move(details));
}

std::optional<std::int64_t> line_of(const toml::node* node) {
  if (node != nullptr && node->source().begin.line > 0) {
    return static_cast<std::int64_t>(node->source().begin.line);
  }
  return std::nullopt;
}

// The first problem found in one file. Readers carry on after a problem with neutral values so
// that the parsing code reads straight through; only the first problem is reported.
class Problems {
 public:
  explicit Problems(std::string file) : file_(std::move(file)) {}

  void fail(std::string_view key, std::string_view reason, const toml::node* at) {
    fail_at(key, reason, line_of(at));
  }
  void fail_at(std::string_view key, std::string_view reason, std::optional<std::int64_t> line) {
    if (!first_) {
      first_ = file_error(file_, key, reason, line);
    }
  }
  bool failed() const { return first_.has_value(); }
  Error error() const { return *first_; }
  const std::string& file() const { return file_; }

 private:
  std::string file_;
  std::optional<Error> first_;
};

const toml::table& empty_table() {
  static const toml::table table;
  return table;
}

const toml::array& empty_array() {
  static const toml::array array;
  return array;
}

std::optional<Date> to_date(const toml::node& node) {
  if (const auto* d = node.as_date()) {
    const toml::date v = d->get();
    const Date date{std::chrono::year{v.year}, std::chrono::month{v.month},
                    std::chrono::day{v.day}};
    if (date.ok()) {
      return date;
    }
  }
  return std::nullopt;
}

constexpr std::string_view kDateRule = "a date like 2026-07-01 (no quotes, no time)";

// One TOML table being read: every key asked for is marked, and close() reports any key
// nothing asked for (a typing error would otherwise be ignored silently).
class Fields {
 public:
  Fields(const toml::table& table, std::string path, Problems& problems)
      : table_(&table), path_(std::move(path)), problems_(&problems) {}

  std::string key(std::string_view k) const { return path_ + std::string(k); }
  bool has(std::string_view k) const { return table_->contains(k); }
  void fail(std::string_view k, std::string_view reason, const toml::node* at) {
    problems_->fail(key(k), reason, at != nullptr ? at : table_);
  }

  const toml::node* need(std::string_view k) {
    read_.emplace(k);
    const toml::node* node = table_->get(k);
    if (node == nullptr) {
      fail(k, "required", nullptr);
    }
    return node;
  }

  std::string text(std::string_view k) {
    const toml::node* node = need(k);
    if (node == nullptr) {
      return {};
    }
    if (const auto* s = node->as_string()) {
      return s->get();
    }
    fail(k, "a string", node);
    return {};
  }

  int integer(std::string_view k) {
    const toml::node* node = need(k);
    if (node == nullptr) {
      return 0;
    }
    const auto* i = node->as_integer();
    if (i == nullptr) {
      fail(k, "an integer", node);
      return 0;
    }
    if (i->get() < -1'000'000 || i->get() > 1'000'000) {
      fail(k, "an integer of a sensible size", node);
      return 0;
    }
    return static_cast<int>(i->get());
  }

  bool boolean(std::string_view k) {
    const toml::node* node = need(k);
    if (node == nullptr) {
      return false;
    }
    if (const auto* b = node->as_boolean()) {
      return b->get();
    }
    fail(k, "true or false", node);
    return false;
  }

  // An optional flag: `fallback` when the key is absent.
  bool boolean_or(std::string_view k, bool fallback) { return has(k) ? boolean(k) : fallback; }

  // One of an enumeration's names (enum_names.hpp), through its parser.
  template <class E, class Parse>
  E one_of(std::string_view k, Parse parse, std::string_view rule) {
    const std::string name = text(k);
    if (auto v = parse(name)) {
      return *v;
    }
    if (has(k)) {
      fail(k, rule, table_->get(k));
    }
    return E{};
  }

  Date date(std::string_view k) {
    const toml::node* node = need(k);
    if (node == nullptr) {
      return {};
    }
    if (auto d = to_date(*node)) {
      return *d;
    }
    fail(k, kDateRule, node);
    return {};
  }

  // A date, or "none" where the profile sets no such date.
  std::optional<Date> date_or_none(std::string_view k) {
    const toml::node* node = need(k);
    if (node == nullptr) {
      return std::nullopt;
    }
    if (const auto* s = node->as_string(); s != nullptr && s->get() == "none") {
      return std::nullopt;
    }
    if (auto d = to_date(*node)) {
      return d;
    }
    fail(k, std::string(kDateRule) + ", or \"none\"", node);
    return std::nullopt;
  }

  std::vector<Date> dates(std::string_view k) {
    std::vector<Date> out;
    const toml::array& list = array(k);
    for (std::size_t i = 0; i < list.size(); ++i) {
      if (auto d = to_date(list[i])) {
        out.push_back(*d);
      } else {
        fail(std::string(k) + "[" + std::to_string(i) + "]", kDateRule, &list[i]);
      }
    }
    return out;
  }

  std::vector<std::string> strings(std::string_view k) {
    std::vector<std::string> out;
    const toml::array& list = array(k);
    for (std::size_t i = 0; i < list.size(); ++i) {
      if (const auto* s = list[i].as_string()) {
        out.push_back(s->get());
      } else {
        fail(std::string(k) + "[" + std::to_string(i) + "]", "a string", &list[i]);
      }
    }
    return out;
  }

  const toml::array& array(std::string_view k) {
    const toml::node* node = need(k);
    if (node == nullptr) {
      return empty_array();
    }
    if (const auto* a = node->as_array()) {
      return *a;
    }
    fail(k, "an array [...]", node);
    return empty_array();
  }

  Fields table(std::string_view k) {
    const toml::node* node = need(k);
    if (node != nullptr) {
      if (const auto* t = node->as_table()) {
        return Fields(*t, key(k) + ".", *problems_);
      }
      fail(k, "a table", node);
    }
    return Fields(empty_table(), key(k) + ".", *problems_);
  }

  domain::LocalizedName name(std::string_view k) {
    Fields t = table(k);
    domain::LocalizedName out{t.text("zh"), t.text("en")};
    t.close();
    return out;
  }

  // { hours = N } or { working_days = N }.
  domain::Period period(std::string_view k) {
    Fields t = table(k);
    if (t.has("hours") == t.has("working_days")) {
      fail(k, "{ hours = N } or { working_days = N }", table_->get(k));
      return {};
    }
    const domain::Period out = t.has("hours")
                                   ? domain::Period::hours(t.integer("hours"))
                                   : domain::Period::working_days(t.integer("working_days"));
    t.close();
    return out;
  }

  void close() {
    for (auto&& [k, node] : *table_) {
      if (!read_.contains(k.str())) {
        fail(k.str(), "unknown key", &node);
        return;
      }
    }
  }

  // The tables of an array of tables, each with its path ("versions[1].").
  std::vector<Fields> tables(std::string_view k) {
    std::vector<Fields> out;
    const toml::array& list = array(k);
    for (std::size_t i = 0; i < list.size(); ++i) {
      const std::string at = std::string(k) + "[" + std::to_string(i) + "]";
      if (const auto* t = list[i].as_table()) {
        out.emplace_back(*t, key(at) + ".", *problems_);
      } else {
        fail(at, "a table", &list[i]);
      }
    }
    return out;
  }

 private:
  const toml::table* table_;
  std::string path_;  // "versions[1].uploads."
  Problems* problems_;
  std::set<std::string, std::less<>> read_;
};

std::optional<toml::table> parse_toml(std::string_view text, Problems& problems) {
  try {
    return toml::parse(text, problems.file());
  } catch (const toml::parse_error& e) {
    problems.fail_at("",
                     "TOML syntax: " + std::string(e.description()) + " (column " +
                         std::to_string(e.source().begin.column) + ")",
                     static_cast<std::int64_t>(e.source().begin.line));
    return std::nullopt;
  }
}

// A domain validation error, retold with the file and the line of the key it names.
Error in_file(Error e, const toml::table& root, const Problems& problems) {
  std::string key;
  std::string reason = e.note;
  if (auto* fields = e.details.if_contains("fields");
      fields != nullptr && fields->is_object() && !fields->as_object().empty()) {
    const auto& first = *fields->as_object().begin();
    key = first.key();
    if (first.value().is_string()) {
      reason = first.value().as_string().c_str();
    }
  }
  const toml::node* at = key.empty() ? nullptr : root.at_path(key).node();
  return file_error(problems.file(), key, reason, line_of(at));
}

domain::PolicyVersion read_version(Fields& v) {
  domain::PolicyVersion out;
  out.effective_from = v.date("effective_from");
  out.label = v.name("label");
  out.defaults = v.strings("defaults");

  Fields dates = v.table("dates");
  out.qr_label_required_from = dates.date_or_none("qr_label_required_from");
  out.reports_invalid_from = dates.date_or_none("reports_invalid_from");
  out.cameras_installed_by = dates.date_or_none("cameras_installed_by");
  dates.close();

  Fields uploads = v.table("uploads");
  out.contract_upload = uploads.period("contract_within");
  out.plan_upload = uploads.period("plan_before");
  out.onsite_upload = uploads.period("onsite_within");
  out.late_onsite_upload_locks_batch = uploads.boolean("late_onsite_upload_locks_batch");
  uploads.close();

  Fields force_majeure = v.table("force_majeure");
  out.force_majeure_report = force_majeure.period("report_within");
  out.force_majeure_upload = force_majeure.period("upload_within_after_clearance");
  force_majeure.close();

  Fields photos = v.table("photos");
  out.photo_capture_tolerance_minutes = photos.integer("capture_tolerance_minutes");
  photos.close();

  Fields witness = v.table("witness_change");
  const std::string timing = witness.text("timing");
  if (auto t = domain::parse_timing(timing)) {
    out.witness_change.timing = *t;
  } else if (witness.has("timing")) {
    witness.fail("timing", "\"in_advance\" or \"after\"", nullptr);
  }
  out.witness_change.working_days = witness.integer("working_days");
  witness.close();

  Fields trial = v.table("trial");
  out.trial.until = trial.date_or_none("until");
  out.trial.credit_exempt_if_rectified = trial.boolean("credit_exempt_if_rectified");
  trial.close();

  Fields video = v.table("video");
  out.video_retention_months = video.integer("retention_months");
  for (Fields& c : video.tables("camera_categories")) {
    out.camera_categories.push_back({c.text("id"), c.text("zh")});
    c.close();
  }
  video.close();

  Fields s = v.table("sanctions");
  out.sanctions.warning_at_violations = s.integer("warning_at_violations");
  out.sanctions.rectification_at_violations = s.integer("rectification_at_violations");
  out.sanctions.rectification_at_late_reuploads = s.integer("rectification_at_late_reuploads");
  out.sanctions.penalty_at_violations = s.integer("penalty_at_violations");
  out.sanctions.penalty_on_failed_rectification = s.boolean("penalty_on_failed_rectification");
  out.sanctions.count_window_months = s.integer("count_window_months");
  s.close();

  Fields credit = v.table("credit");
  out.credit.clean_year_bonus_points = credit.integer("clean_year_bonus_points");
  out.credit.bad_record_points = credit.integer("bad_record_points");
  out.credit.serious_violation_downgrade = credit.boolean("serious_violation_downgrade");
  credit.close();

  v.close();
  return out;
}

Result<std::string> read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  if (!in) {
    return file_error(path.string(), "", "cannot be read", std::nullopt);
  }
  return text.str();
}

// The *.toml files directly in `dir`, by name.
Result<std::vector<fs::path>> toml_files(const fs::path& dir) {
  std::vector<fs::path> out;
  std::error_code ec;
  for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    if (it->path().extension() == ".toml" && it->is_regular_file(ec)) {
      out.push_back(it->path());
    }
  }
  if (ec) {
    return file_error(dir.string(), "", "cannot be listed: " + ec.message(), std::nullopt);
  }
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace

Result<domain::CalendarYear> parse_calendar_year(std::string_view text, std::string_view file) {
  Problems problems{std::string(file)};
  auto root = parse_toml(text, problems);
  if (!root) {
    return problems.error();
  }
  Fields fields(*root, "", problems);
  domain::CalendarYear year;
  year.year = fields.integer("year");
  year.source = fields.text("source");
  for (Fields& h : fields.tables("holidays")) {
    domain::Holiday holiday;
    const auto name = h.name("name");
    holiday.name_zh = name.zh;
    holiday.name_en = name.en;
    const auto off = h.dates("off");
    if (off.size() == 2) {
      holiday.first_off = off[0];
      holiday.last_off = off[1];
    } else if (h.has("off")) {
      h.fail("off", "[first day off, last day off]", nullptr);
    }
    holiday.makeup_workdays = h.dates("makeup_workdays");
    h.close();
    year.holidays.push_back(std::move(holiday));
  }
  fields.close();
  if (problems.failed()) {
    return problems.error();
  }
  if (auto st = domain::validate_calendar_year(year); !st) {
    return in_file(std::move(st).error(), *root, problems);
  }
  return year;
}

Result<domain::PolicyProfile> parse_profile(std::string_view text, std::string_view file) {
  Problems problems{std::string(file)};
  auto root = parse_toml(text, problems);
  if (!root) {
    return problems.error();
  }
  Fields fields(*root, "", problems);
  domain::PolicyProfile profile;
  profile.id = fields.text("id");
  profile.name = fields.name("name");
  profile.document = fields.text("document");
  profile.regions = fields.strings("regions");
  for (Fields& v : fields.tables("versions")) {
    profile.versions.push_back(read_version(v));
  }
  fields.close();
  if (problems.failed()) {
    return problems.error();
  }
  if (auto st = domain::validate_profile(profile); !st) {
    return in_file(std::move(st).error(), *root, problems);
  }
  return profile;
}

Result<domain::ViolationCatalogue> parse_violation_catalogue(std::string_view text,
                                                             std::string_view file) {
  Problems problems{std::string(file)};
  auto root = parse_toml(text, problems);
  if (!root) {
    return problems.error();
  }
  Fields fields(*root, "", problems);
  std::vector<domain::ViolationKind> kinds;
  for (Fields& f : fields.tables("kinds")) {
    domain::ViolationKind k;
    k.id = f.text("id");
    k.name = f.name("name");
    k.requirements = f.strings("requirements");
    k.severity =
        f.one_of<domain::Severity>("severity", domain::parse_severity, "minor, general or serious");
    for (const auto& p : f.strings("parties")) {
      if (auto party = domain::parse_party(p)) {
        k.parties.push_back(*party);
      } else {
        f.fail("parties", "lab, supervision_company, contractor, client or person", nullptr);
      }
    }
    k.detection = f.one_of<domain::Detection>("detection", domain::parse_detection,
                                              "at_upload, scheduled_scan or inspection");
    k.late_reupload = f.boolean_or("late_reupload", false);
    k.unintentional_miss = f.boolean_or("unintentional_miss", false);
    f.close();
    kinds.push_back(std::move(k));
  }
  fields.close();
  if (problems.failed()) {
    return problems.error();
  }
  auto catalogue = domain::ViolationCatalogue::make(std::move(kinds));
  if (!catalogue) {
    return in_file(std::move(catalogue).error(), *root, problems);
  }
  return catalogue;
}

Result<domain::PolicyBook> load_policy_dir(const fs::path& dir) {
  const fs::path calendar_dir = dir / "calendar";
  auto calendar_files = toml_files(calendar_dir);
  if (!calendar_files) {
    return std::move(calendar_files).error();
  }
  if (calendar_files->empty()) {
    return file_error(calendar_dir.string(), "", "holds no calendar file (cn-YYYY.toml)",
                      std::nullopt);
  }
  std::vector<domain::CalendarYear> years;
  for (const fs::path& path : *calendar_files) {
    auto text = read_file(path);
    if (!text) {
      return std::move(text).error();
    }
    auto year = parse_calendar_year(*text, path.string());
    if (!year) {
      return std::move(year).error();
    }
    const std::string suffix = "-" + std::to_string(year->year);
    if (!path.stem().string().ends_with(suffix) && path.stem().string() != suffix.substr(1)) {
      return file_error(path.string(), "year", "the file name ends with the year it holds",
                        std::nullopt);
    }
    years.push_back(std::move(year).value());
  }
  auto calendar = domain::WorkCalendar::make(std::move(years));
  if (!calendar) {
    const Error& e = calendar.error();
    return file_error(calendar_dir.string(), "", e.note, std::nullopt);
  }

  auto profile_files = toml_files(dir);
  if (!profile_files) {
    return std::move(profile_files).error();
  }
  std::vector<domain::PolicyProfile> profiles;
  for (const fs::path& path : *profile_files) {
    auto text = read_file(path);
    if (!text) {
      return std::move(text).error();
    }
    auto profile = parse_profile(*text, path.string());
    if (!profile) {
      return std::move(profile).error();
    }
    if (profile->id != path.stem().string()) {
      return file_error(path.string(), "id", "the file name is the profile's id + .toml",
                        std::nullopt);
    }
    profiles.push_back(std::move(profile).value());
  }
  const fs::path catalogue_path = dir / "catalogue" / "violations.toml";
  auto catalogue_text = read_file(catalogue_path);
  if (!catalogue_text) {
    return std::move(catalogue_text).error();
  }
  auto catalogue = parse_violation_catalogue(*catalogue_text, catalogue_path.string());
  if (!catalogue) {
    return std::move(catalogue).error();
  }
  auto book = domain::PolicyBook::make(std::move(calendar).value(), std::move(profiles),
                                       std::move(catalogue).value());
  if (!book) {
    return file_error(dir.string(), "", book.error().note, std::nullopt);
  }
  return book;
}

}  // namespace lw::policy
