#include "api/onsite_json.hpp"

#include <boost/json/parse.hpp>

#include "api/json_io.hpp"
#include "api/routes.hpp"
#include "core/json_values.hpp"
#include "domain/onsite.hpp"
#include "labtests/test_record.hpp"

namespace lw::api {
namespace {

using boost::json::array;
using boost::json::object;
using boost::json::value;

value parsed(const std::string& json, value fallback) {
  if (json.empty()) {
    return fallback;
  }
  boost::system::error_code ec;
  auto v = boost::json::parse(json, ec);
  return ec ? fallback : v;
}

// A decimal as sent: a JSON number or a decimal string (at most 30 characters).
Result<std::string> decimal_value(const value& v, const std::string& field) {
  if (v.is_int64() || v.is_uint64() || v.is_double()) {
    const double d = v.to_number<double>();
    if (!std::isfinite(d)) {
      return field_error(field, "a number");
    }
    return labtests::decimal(d);
  }
  if (v.is_string()) {
    const std::string s(v.as_string());
    const bool ok =
        !s.empty() && s.size() <= 30 && s.find_first_not_of("0123456789.-") == std::string::npos &&
        s.find('-', 1) == std::string::npos && std::count(s.begin(), s.end(), '.') <= 1 &&
        std::isdigit(static_cast<unsigned char>(s.back()));
    if (ok) {
      return s;
    }
  }
  return field_error(field, "a number or a decimal string");
}

Result<onsite::Finish> finish_fields(const object& body) {
  onsite::Finish f;
  auto at = time_field(body, "finished_at");
  if (!at) {
    return std::move(at).error();
  }
  if (!*at) {
    return field_error("finished_at", "required");
  }
  f.finished_at = **at;
  LW_TRY_ASSIGN(f.source, text_field(body, "finish_source", 20, false));
  if (f.source.empty()) {
    f.source = "lab";
  }
  return f;
}

}  // namespace

Result<onsite::NewComponent> new_component(const object& body, std::int64_t project_id) {
  onsite::NewComponent c;
  c.project_id = project_id;
  LW_TRY_ASSIGN(c.code, text_field(body, "code", 64, true));
  LW_TRY_ASSIGN(c.name, text_field(body, "name", 200, true));
  LW_TRY_ASSIGN(c.part, text_field(body, "part", 200, false));
  return c;
}

Result<onsite::NewBatch> new_batch(const object& body) {
  onsite::NewBatch b;
  LW_TRY_ASSIGN(b.project_id, positive_id(body, "project_id", true));
  LW_TRY_ASSIGN(b.item, text_field(body, "item", 40, true));
  LW_TRY_ASSIGN(b.batch_no, text_field(body, "batch_no", 64, true));
  return b;
}

Result<onsite::NewTest> new_onsite_test(const object& body) {
  onsite::NewTest t;
  LW_TRY_ASSIGN(t.batch_id, positive_id(body, "batch_id", true));
  LW_TRY_ASSIGN(t.component_code, text_field(body, "component_code", 64, true));
  LW_TRY_ASSIGN(t.equipment_id, positive_id(body, "equipment_id", true));
  LW_TRY_ASSIGN(t.tester_ids, ids_field(body, "tester_ids", 5));
  if (t.tester_ids.empty()) {
    return field_error("tester_ids", "1 to 5 ids");
  }
  LW_TRY_ASSIGN(t.witness_id, positive_id(body, "witness_id", true));
  auto started = time_field(body, "started_at");
  if (!started) {
    return std::move(started).error();
  }
  if (!*started) {
    return field_error("started_at", "required");
  }
  t.started_at = **started;
  if (const auto* f = body.if_contains("finished_at"); f && !f->is_null()) {
    LW_TRY_ASSIGN(t.finish, finish_fields(body));
  }
  return t;
}

Result<onsite::Finish> finish_of(const object& body) {
  return finish_fields(body);
}

Result<onsite::Data> onsite_data(const object& body) {
  onsite::Data d;
  if (const auto* r = body.if_contains("readings"); r && !r->is_null()) {
    if (!r->is_array()) {
      return field_error("readings", "an array");
    }
    for (std::size_t i = 0; i < r->as_array().size(); ++i) {
      const std::string at = "readings[" + std::to_string(i) + "]";
      const auto& e = r->as_array()[i];
      if (!e.is_object()) {
        return field_error(at, "an object");
      }
      onsite::Reading reading;
      LW_TRY_ASSIGN(reading.name, text_field(e.as_object(), "name", 100, true));
      LW_TRY_ASSIGN(reading.unit, text_field(e.as_object(), "unit", 20, false));
      const auto* v = e.as_object().if_contains("value");
      if (v == nullptr) {
        return field_error(at + ".value", "required");
      }
      LW_TRY_ASSIGN(reading.value, decimal_value(*v, at + ".value"));
      d.readings.push_back(std::move(reading));
    }
  }
  if (const auto* f = body.if_contains("files"); f && !f->is_null()) {
    if (!f->is_array()) {
      return field_error("files", "an array");
    }
    for (std::size_t i = 0; i < f->as_array().size(); ++i) {
      const auto& e = f->as_array()[i];
      if (!e.is_object()) {
        return field_error("files[" + std::to_string(i) + "]", "an object");
      }
      onsite::DataFile file;
      LW_TRY_ASSIGN(file.sha256, text_field(e.as_object(), "sha256", 64, true));
      LW_TRY_ASSIGN(file.name, text_field(e.as_object(), "name", 200, true));
      d.files.push_back(std::move(file));
    }
  }
  LW_TRY_ASSIGN(d.conclusion, text_field(body, "conclusion", 10, false));
  LW_TRY_ASSIGN(d.note, text_field(body, "note", 2000, false));
  return d;
}

Result<onsite::NewPhoto> new_photo(const object& body) {
  onsite::NewPhoto p;
  LW_TRY_ASSIGN(p.sha256, text_field(body, "sha256", 64, true));
  const auto* s = body.if_contains("stamp");
  if (s == nullptr || s->is_null()) {
    return p;
  }
  if (!s->is_object()) {
    return field_error("stamp", "an object");
  }
  const auto& o = s->as_object();
  onsite::Stamp stamp;
  auto at = time_field(o, "captured_at");
  if (!at) {
    return field_error("stamp.captured_at", "an RFC 3339 time");
  }
  stamp.captured_at = *at;
  auto lat = number_field(o, "lat");
  auto lng = number_field(o, "lng");
  if (!lat || !lng || lat->has_value() != lng->has_value()) {
    return field_error("stamp.lat", "lat and lng numbers, both or neither");
  }
  if (*lat) {
    stamp.location = domain::GeoPoint{**lat, **lng};
  }
  auto tester = positive_id(o, "tester_id", false);
  auto equipment = positive_id(o, "equipment_id", false);
  if (!tester || !equipment) {
    return field_error(!tester ? "stamp.tester_id" : "stamp.equipment_id", "a positive id");
  }
  if (*tester) {
    stamp.tester_id = *tester;
  }
  if (*equipment) {
    stamp.equipment_id = *equipment;
  }
  auto component = optional_string_field(o, "component_code");
  if (!component) {
    return field_error("stamp.component_code", "a string");
  }
  if (*component && !(*component)->empty()) {
    stamp.component_code = *component;
  }
  auto device = text_field(o, "device", 64, false);
  if (!device) {
    return field_error("stamp.device", "at most 64 bytes");
  }
  stamp.device = std::move(*device);
  p.stamp = std::move(stamp);
  return p;
}

Result<onsite::NewFiling> new_filing(const object& body) {
  onsite::NewFiling f;
  LW_TRY_ASSIGN(f.reason, text_field(body, "reason", 1000, true));
  LW_TRY_ASSIGN(f.evidence_sha256, text_field(body, "evidence_sha256", 64, false));
  return f;
}

Result<onsite::Decision> decision_of(const object& body) {
  onsite::Decision d;
  auto verdict = text_field(body, "verdict", 10, true);
  if (!verdict) {
    return std::move(verdict).error();
  }
  if (*verdict != "accept" && *verdict != "reject") {
    return field_error("verdict", "accept or reject");
  }
  d.accept = *verdict == "accept";
  LW_TRY_ASSIGN(d.reason, text_field(body, "reason", 500, true));
  return d;
}

object component_json(const storage::Component& c) {
  return {{"id", c.id},
          {"project_id", c.project_id},
          {"code", c.code},
          {"name", c.name},
          {"part", c.part},
          {"created_by", c.created_by},
          {"created_at", format_utc(c.created_at)}};
}

object lock_json(const storage::BatchLock& l) {
  return {{"id", l.id},
          {"reason", l.reason},
          {"test_id", l.test_id},
          {"locked_at", format_utc(l.locked_at)},
          {"unlocked_by", l.unlocked_by.empty() ? value(nullptr) : value(l.unlocked_by)},
          {"unlocked_at", time_or_null(l.unlocked_at)},
          {"unlock_reason", l.unlock_reason.empty() ? value(nullptr) : value(l.unlock_reason)}};
}

object batch_json(const storage::OnsiteBatch& b) {
  const auto* item = domain::find_onsite_item(b.item);
  return {{"id", b.id},
          {"lab_code", b.lab_code},
          {"project_id", b.project_id},
          {"region_code", b.region_code},
          {"item", b.item},
          {"item_name", item ? value(item->name_zh) : value(nullptr)},
          {"category", b.category},
          {"batch_no", b.batch_no},
          {"created_at", format_utc(b.created_at)},
          {"locked", b.lock.has_value()},
          {"lock", b.lock ? value(lock_json(*b.lock)) : value(nullptr)},
          {"sandbox", b.sandbox}};
}

object batch_view_json(const onsite::BatchView& v) {
  auto out = batch_json(v.batch);
  array tests;
  for (const auto& t : v.tests) {
    tests.push_back(onsite_test_json(t));
  }
  array locks;
  for (const auto& l : v.locks) {
    locks.push_back(lock_json(l));
  }
  out["tests"] = std::move(tests);
  out["locks"] = std::move(locks);
  return out;
}

object onsite_test_json(const storage::OnsiteTest& t) {
  const auto* item = domain::find_onsite_item(t.item);
  return {{"id", t.id},
          {"batch_id", t.batch_id},
          {"lab_code", t.lab_code},
          {"project_id", t.project_id},
          {"item", t.item},
          {"item_name", item ? value(item->name_zh) : value(nullptr)},
          {"component_id", t.component_id},
          {"component_code", t.component_code},
          {"equipment_id", t.equipment_id},
          {"tester_ids", ids_json(t.tester_ids)},
          {"witness_id", t.witness_id},
          {"started_at", format_utc(t.started_at)},
          {"finished_at", time_or_null(t.finished_at)},
          {"finish_source", t.finish_source.empty() ? value(nullptr) : value(t.finish_source)},
          {"due_at", time_or_null(t.due_at)},
          {"deadline",
           {{"due_at", time_or_null(t.due_at)},
            {"force_majeure_id", id_or_null(t.force_majeure_id)},
            {"awaiting_clearance", t.finished_at && !t.due_at && t.force_majeure_id}}},
          {"data_received_at", time_or_null(t.data_received_at)},
          {"first_photo_at", time_or_null(t.first_photo_at)},
          {"photo_count", t.photos},
          {"flagged_photos", t.flagged_photos},
          {"upload_status", t.upload_status},
          {"version", t.version},
          {"received_at", format_utc(t.received_at)},
          {"updated_at", format_utc(t.updated_at)},
          {"sandbox", t.sandbox}};
}

object onsite_test_view_json(const onsite::TestView& v) {
  auto out = onsite_test_json(v.test);
  out["data"] = v.data;
  array photos;
  for (const auto& p : v.photos) {
    photos.push_back(photo_json(p));
  }
  array filings;
  for (const auto& f : v.filings) {
    filings.push_back(filing_json(f));
  }
  array violations;
  for (const auto& x : v.violations) {
    violations.push_back(violation_json(x));
  }
  out["photos"] = std::move(photos);
  out["filings"] = std::move(filings);
  out["violations"] = std::move(violations);
  out["batch"] = v.batch ? value(batch_json(*v.batch)) : value(nullptr);
  return out;
}

object photo_json(const storage::OnsitePhoto& p) {
  value location = nullptr;
  if (p.lat && p.lng) {
    location = object{{"lat", *p.lat}, {"lng", *p.lng}};
  }
  return {{"id", p.id},
          {"test_id", p.test_id},
          {"sha256", p.sha256},
          {"thumb_sha256", p.thumb_sha256},
          {"received_at", format_utc(p.received_at)},
          {"on_time", p.on_time},
          {"captured_at", time_or_null(p.captured_at)},
          {"captured_at_source", p.captured_at_source},
          {"location", std::move(location)},
          {"location_source", p.location_source},
          {"tester_id", id_or_null(p.tester_id)},
          {"equipment_id", id_or_null(p.equipment_id)},
          {"component_code", p.component_code},
          {"device", p.device},
          {"stamp", parsed(p.stamp, nullptr)},
          {"metadata", parsed(p.metadata, object{})},
          {"findings", parsed(p.findings, array{})},
          {"flagged", p.flagged}};
}

object photo_view_json(const onsite::PhotoView& v) {
  auto out = photo_json(v.photo);
  out["test"] = onsite_test_json(v.test);
  array violations;
  for (const auto& x : v.violations) {
    violations.push_back(violation_json(x));
  }
  out["violations"] = std::move(violations);
  return out;
}

object filing_json(const storage::ForceMajeure& f) {
  return {
      {"id", f.id},
      {"test_id", f.test_id},
      {"lab_code", f.lab_code},
      {"project_id", f.project_id},
      {"region_code", f.region_code},
      {"reason", f.reason},
      {"evidence_sha256", f.evidence_sha256},
      {"filed_by", f.filed_by},
      {"filed_at", format_utc(f.filed_at)},
      {"in_time", f.in_time},
      {"cleared_at", time_or_null(f.cleared_at)},
      {"cleared_reported_at", time_or_null(f.cleared_reported_at)},
      {"status", f.status},
      {"decided_by", f.decided_by.empty() ? value(nullptr) : value(f.decided_by)},
      {"decided_at", time_or_null(f.decided_at)},
      {"decision_reason", f.decision_reason.empty() ? value(nullptr) : value(f.decision_reason)}};
}

}  // namespace lw::api
