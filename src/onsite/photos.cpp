// Photos of on-site tests (JL-1.3): each stored as a blob by its sender first, then screened —
// metadata (exiv2), editing traces, thumbnail, quantisation tables, perceptual hash — judged
// against the test record and compared with every photo of the platform through the hash index.
// A photo with findings is accepted and flagged for the regulator, never dropped.
#include <cstdio>
#include <fstream>
#include <iterator>

#include <boost/json/serialize.hpp>

#include "core/json_values.hpp"
#include "domain/violation_kinds.hpp"
#include "identity/access.hpp"
#include "labtests/lab_checks.hpp"
#include "labtests/test_record.hpp"
#include "onsite/internal.hpp"
#include "photos/photo.hpp"
#include "service/commit.hpp"
#include "storage/blob_records.hpp"
#include "storage/photo_hashes.hpp"
#include "storage/projects.hpp"
#include "storage/specimens.hpp"

namespace lw::onsite {
namespace {

constexpr std::uint64_t kMaxPhotoBytes = 40 * 1024 * 1024;
constexpr int kReuseCandidates = 5;

Status validate_stamp(const Stamp& s, Instant now) {
  if (s.captured_at && *s.captured_at > now + std::chrono::minutes(5)) {
    return field_error("stamp.captured_at", "in_the_future");
  }
  if (s.location && (s.location->lat < -90 || s.location->lat > 90)) {
    return field_error("stamp.lat", "range");
  }
  if (s.location && (s.location->lng < -180 || s.location->lng > 180)) {
    return field_error("stamp.lng", "range");
  }
  if (s.component_code && !valid_component_code(*s.component_code)) {
    return field_error("stamp.component_code", "1-64 of A-Z a-z 0-9 - _ / .");
  }
  if (s.device.size() > 64) {
    return field_error("stamp.device", "at most 64 bytes");
  }
  return {};
}

Result<std::string> read_blob(const blobs::BlobStore& store, const std::string& sha256) {
  const auto path = store.local_path(sha256);
  if (!path) {
    return Error(std::string(errc::not_found), "the photo's bytes are missing");
  }
  std::ifstream in(*path, std::ios::binary);
  std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (!in.good() && !in.eof()) {
    return Error(std::string(errc::internal), "the photo could not be read");
  }
  return bytes;
}

Result<std::string> store_blob(blobs::BlobStore& store, const std::string& bytes) {
  auto writer = store.begin();
  if (!writer) {
    return std::move(writer).error();
  }
  if (auto st = (*writer)->write(bytes); !st) {
    return std::move(st).error();
  }
  auto ref = (*writer)->commit();
  if (!ref) {
    return std::move(ref).error();
  }
  return ref->sha256;
}

std::string hex64(std::uint64_t v) {
  char buf[17];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(v));
  return buf;
}

boost::json::object metadata_json(const photos::Screening& s) {
  const auto& m = s.metadata;
  boost::json::array traces(m.edit_traces.begin(), m.edit_traces.end());
  boost::json::value gps = nullptr;
  if (m.gps) {
    gps = boost::json::object{{"lat", m.gps->lat}, {"lng", m.gps->lng}};
  }
  boost::json::value ijg = nullptr;
  if (m.quantisation.ijg_quality) {
    ijg = *m.quantisation.ijg_quality;
  }
  return {{"make", m.make},
          {"model", m.model},
          {"software", m.software},
          {"orientation", m.orientation ? boost::json::value(*m.orientation) : nullptr},
          {"width", m.width},
          {"height", m.height},
          {"date_time_original", m.date_time_original},
          {"offset_time_original", m.offset_time_original},
          {"gps", std::move(gps)},
          {"edit_traces", std::move(traces)},
          {"quantisation", {{"fingerprint", m.quantisation.fingerprint}, {"ijg_quality", ijg}}},
          {"phash", hex64(s.phash)},
          {"has_thumbnail", !m.thumbnail.empty()},
          {"thumbnail_distance",
           s.thumbnail_distance ? boost::json::value(*s.thumbnail_distance) : nullptr}};
}

boost::json::object stamp_json(const Stamp& s) {
  boost::json::object o;
  o["captured_at"] = time_or_null(s.captured_at);
  o["lat"] = s.location ? boost::json::value(s.location->lat) : nullptr;
  o["lng"] = s.location ? boost::json::value(s.location->lng) : nullptr;
  o["tester_id"] = id_or_null(s.tester_id);
  o["equipment_id"] = id_or_null(s.equipment_id);
  o["component_code"] = s.component_code ? boost::json::value(*s.component_code) : nullptr;
  o["device"] = s.device;
  return o;
}

// The stamp as the ledger keeps it: positions as decimal strings (canonical JSON has integers
// only).
boost::json::object ledger_stamp_json(const Stamp& s) {
  auto o = stamp_json(s);
  o["lat"] = s.location ? boost::json::value(labtests::decimal(s.location->lat)) : nullptr;
  o["lng"] = s.location ? boost::json::value(labtests::decimal(s.location->lng)) : nullptr;
  return o;
}

boost::json::array findings_json(const std::vector<domain::PhotoFinding>& findings) {
  boost::json::array out;
  for (const auto& f : findings) {
    out.push_back({{"kind", f.kind},
                   {"message_zh", f.message_zh},
                   {"message_en", f.message_en},
                   {"evidence", f.evidence}});
  }
  return out;
}

// The photos on the platform this one repeats, on other tests: the same bytes, or a hash
// within the re-use distance.
Status find_reuse(storage::Connection& conn, const storage::OnsitePhoto& photo,
                  const photos::DetailHash& detail, std::vector<domain::PhotoFinding>& findings) {
  std::vector<std::pair<std::int64_t, int>> seen;  // photo id, distance
  auto same = storage::photos_with_sha(conn, photo.sha256);
  if (!same) {
    return std::move(same).error();
  }
  for (const auto& p : *same) {
    seen.emplace_back(p.id, 0);
  }
  auto near = storage::find_similar_photos(conn, static_cast<std::uint64_t>(photo.phash), detail,
                                           photos::kReuseMaxDistance, kReuseCandidates);
  if (!near) {
    return std::move(near).error();
  }
  for (const auto& n : *near) {
    seen.emplace_back(n.photo_id, n.distance);
  }
  std::vector<std::int64_t> reported;
  for (const auto& [id, distance] : seen) {
    if (std::find(reported.begin(), reported.end(), id) != reported.end()) {
      continue;
    }
    auto other = storage::find_photo(conn, id);
    if (!other) {
      return std::move(other).error();
    }
    if (!*other || (*other)->test_id == photo.test_id) {
      continue;  // the same test's photo sent again is no re-use
    }
    auto test = storage::find_onsite_test(conn, domain::Scope::all(), (*other)->test_id);
    if (!test) {
      return std::move(test).error();
    }
    if (!*test) {
      continue;
    }
    reported.push_back(id);
    findings.push_back(
        domain::reused_finding({id, (*test)->id, (*test)->project_id, (*test)->lab_code, distance,
                                (*other)->sha256 == photo.sha256}));
  }
  return {};
}

}  // namespace

Task<Result<service::Receipted<PhotoView>>> OnsiteTests::add_photo(const std::string& lab_code,
                                                                   std::int64_t test_id,
                                                                   NewPhoto input,
                                                                   const service::Caller& caller) {
  if (!blobs::is_sha256_hex(input.sha256)) {
    co_return field_error("sha256", "required");
  }
  const Instant now = clock_.now();
  if (input.stamp) {
    if (auto st = validate_stamp(*input.stamp, now); !st) {
      co_return std::move(st).error();
    }
  }
  storage::OnsiteTest t;
  domain::Project project;
  {
    auto conn = db_.acquire();
    if (!conn) {
      co_return std::move(conn).error();
    }
    auto found = lab_test_of(**conn, lab_code, test_id);
    if (!found) {
      co_return std::move(found).error();
    }
    t = std::move(*found);
    auto held = storage::find_held_blob(**conn, input.sha256, domain::Scope::of_lab(lab_code),
                                        caller.actor);
    if (!held) {
      co_return std::move(held).error();
    }
    if (!*held) {
      co_return field_error("sha256", "not_uploaded");
    }
    if ((*held)->media_type != "image/jpeg" || (*held)->size > std::int64_t{kMaxPhotoBytes}) {
      co_return field_error("sha256", "not_a_jpeg");
    }
    auto p = storage::find_project(**conn, domain::Scope::all(), t.project_id);
    if (!p) {
      co_return std::move(p).error();
    }
    if (*p) {
      project = std::move(**p);
    }
  }
  auto bytes = read_blob(blobs_, input.sha256);
  if (!bytes) {
    co_return std::move(bytes).error();
  }
  auto screened = photos::screen_photo(*bytes);
  if (!screened) {
    co_return field_error("sha256", "not_a_jpeg");
  }
  storage::OnsitePhoto photo;
  if (!screened->thumb_jpeg.empty()) {
    auto thumb = store_blob(blobs_, screened->thumb_jpeg);
    if (!thumb) {
      co_return std::move(thumb).error();
    }
    photo.thumb_sha256 = std::move(*thumb);
  }
  // The facts of the photo and of the record (JL-1.3).
  const Stamp stamp = input.stamp.value_or(Stamp{});
  domain::PhotoFacts facts;
  facts.exif_time = photos::capture_instant(screened->metadata);
  facts.stamp_time = stamp.captured_at;
  facts.exif_location = screened->metadata.gps;
  facts.stamp_location = stamp.location;
  facts.tester_id = stamp.tester_id;
  facts.equipment_id = stamp.equipment_id;
  facts.component_code = stamp.component_code;
  facts.edit_traces = screened->metadata.edit_traces;
  facts.thumbnail_distance = screened->thumbnail_distance;
  const domain::OnsiteRecordFacts record{t.started_at,   t.finished_at,    t.tester_ids,
                                         t.equipment_id, t.component_code, project.site};
  domain::PhotoRules rules;
  if (const auto policy = policy_of(policies_, t)) {
    rules = domain::photo_rules(*policy->version);
  }
  std::vector<domain::PhotoFinding> findings = domain::judge_photo(facts, record, rules);

  photo.test_id = t.id;
  photo.sha256 = input.sha256;
  photo.received_at = now;
  photo.received_by = caller.actor;
  photo.captured_at = domain::photo_time(facts);
  photo.captured_at_source = facts.exif_time ? "exif" : (facts.stamp_time ? "stamp" : "");
  if (const auto where = domain::photo_location(facts)) {
    photo.lat = where->lat;
    photo.lng = where->lng;
    photo.location_source = facts.exif_location ? "exif" : "stamp";
  }
  photo.tester_id = stamp.tester_id;
  photo.equipment_id = stamp.equipment_id;
  photo.component_code = stamp.component_code.value_or("");
  const auto& meta = screened->metadata;
  photo.device = !stamp.device.empty() ? stamp.device
                 : meta.make.empty()   ? std::string()
                                       : meta.make + " " + meta.model;
  photo.quant_fingerprint = meta.quantisation.fingerprint;
  photo.phash = static_cast<std::int64_t>(screened->phash);
  photo.stamp = input.stamp ? boost::json::serialize(stamp_json(stamp)) : std::string();
  photo.metadata = boost::json::serialize(metadata_json(*screened));

  service::LeafRef leaf;
  Judgement judged;
  storage::Writer::Job job = [&](storage::Connection& conn) -> Status {
    judged = {};
    auto all = findings;
    if (auto st = find_reuse(conn, photo, screened->detail, all); !st) {
      return st;
    }
    if (!photo.device.empty() && !photo.quant_fingerprint.empty()) {
      auto earlier = storage::other_fingerprints(conn, photo.device, photo.quant_fingerprint);
      if (!earlier) {
        return std::move(earlier).error();
      }
      if (!earlier->empty()) {
        all.push_back(
            domain::quantisation_finding(photo.device, photo.quant_fingerprint, *earlier));
      }
    }
    photo.findings = boost::json::serialize(findings_json(all));
    photo.flagged = !all.empty();
    boost::json::array kinds;
    for (const auto& f : all) {
      kinds.emplace_back(f.kind);
    }
    auto fresh = storage::find_onsite_test(conn, domain::Scope::all(), t.id);
    if (!fresh) {
      return std::move(fresh).error();
    }
    if (*fresh) {
      t = std::move(**fresh);
    }
    photo.on_time = !t.due_at || now <= *t.due_at;
    judged = judge_arrival(t, "photo", now, policies_);
    auto id = storage::insert_photo(conn, photo);
    if (!id) {
      return std::move(id).error();
    }
    photo.id = *id;
    if (auto st = storage::insert_photo_hash(conn, photo.id, screened->phash, screened->detail);
        !st) {
      return st;
    }
    t.photos += 1;
    t.flagged_photos += photo.flagged ? 1 : 0;
    t.updated_at = now;
    if (photo.flagged) {
      judged.violations.push_back(labtests::violation_of(
          policy_of(policies_, t), domain::violation_kinds::kPhotoFinding,
          labtests::subject_of(kPhotoType, photo.id), t,
          {{"test_id", t.id}, {"photo_id", photo.id}, {"findings", kinds}}, now));
    }
    if (auto st = apply_lock(conn, ledger_, t, judged, caller, now); !st) {
      return st;
    }
    auto version = record_version(
        conn, ledger_, auditor_, caller, now, kPhotoType, photo.id, t.lab_code,
        {{"test_id", t.id},
         {"sha256", photo.sha256},
         {"thumb_sha256", photo.thumb_sha256},
         {"received_at", format_utc(now)},
         {"on_time", photo.on_time},
         {"captured_at", time_or_null(photo.captured_at)},
         {"stamp", input.stamp ? boost::json::value(ledger_stamp_json(stamp)) : nullptr},
         {"phash", hex64(screened->phash)},
         {"quant_fingerprint", photo.quant_fingerprint},
         {"findings", std::move(kinds)},
         {"reason", "photo uploaded 影像上传"}},
        "onsite_photo.upload", judged.violations);
    if (!version) {
      return std::move(version).error();
    }
    leaf = std::move(*version);
    return storage::update_onsite_test(conn, t);
  };
  if (auto st = co_await service::commit(writer_, std::move(job)); !st) {
    co_return std::move(st).error();
  }
  co_return service::Receipted<PhotoView>{
      PhotoView{std::move(photo), std::move(t), std::move(judged.violations)}, std::move(leaf)};
}

Task<Result<service::Receipted<PhotoView>>> OnsiteTests::add_photo_as(
    const identity::Principal& by, std::int64_t test_id, NewPhoto input,
    const service::Caller& caller) {
  if (auto st = identity::require(by, identity::Permission::submit_lab_data); !st) {
    co_return std::move(st).error();
  }
  if (!by.lab_code) {
    co_return Error(std::string(errc::forbidden), "the account belongs to no lab");
  }
  std::optional<std::int64_t> person;
  {
    auto conn = db_.acquire();
    if (!conn) {
      co_return std::move(conn).error();
    }
    auto linked = storage::person_of_account(**conn, by.user_id);
    if (!linked) {
      co_return std::move(linked).error();
    }
    person = *linked;
  }
  if (!person) {
    co_return Error(std::string(errc::forbidden),
                    "the account is not linked to a registry person of the lab",
                    {{"fields", {{"stamp.tester_id", "no_person"}}}});
  }
  if (!input.stamp) {
    input.stamp = Stamp{};
  }
  input.stamp->tester_id = *person;
  co_return co_await add_photo(*by.lab_code, test_id, std::move(input), caller);
}

Result<storage::OnsitePhoto> OnsiteTests::photo(const domain::Scope& scope, std::int64_t photo_id) {
  auto conn = db_.acquire();
  if (!conn) {
    return std::move(conn).error();
  }
  auto photo = storage::find_photo(**conn, photo_id);
  if (!photo) {
    return std::move(photo).error();
  }
  if (*photo) {
    auto test = storage::find_onsite_test(**conn, scope, (*photo)->test_id);
    if (!test) {
      return std::move(test).error();
    }
    if (*test) {
      return std::move(**photo);
    }
  }
  return Error(std::string(errc::not_found), "no photo " + std::to_string(photo_id));
}

}  // namespace lw::onsite
