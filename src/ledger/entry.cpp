#include "ledger/entry.hpp"

#include <array>
#include <map>

#include "ledger/canonical_json.hpp"
#include "ledger/json_fields.hpp"
#include "ledger/merkle.hpp"

namespace lw::ledger {

std::string ledger_time(Instant t) {
  return format_utc(t);
}

std::optional<Instant> parse_ledger_time(std::string_view text) {
  auto t = parse_rfc3339(text);
  if (!t || format_utc(*t) != text) {
    return std::nullopt;
  }
  return t;
}

Status validate(const Entry& e) {
  if (e.record_type.empty()) {
    return field_error("type", "is empty");
  }
  if (e.record_id.empty()) {
    return field_error("id", "is empty");
  }
  if (e.version < 1 || e.version > kMaxSafeInteger) {
    return field_error("version", "must be 1 … 2^53 − 1");
  }
  if (e.version == 1 && e.prev) {
    return field_error("prev", "must be null for version 1");
  }
  if (e.version > 1 && !e.prev) {
    return field_error("prev", "must name the previous version's leaf for version > 1");
  }
  if (e.prev && *e.prev > static_cast<std::uint64_t>(kMaxSafeInteger)) {
    return field_error("prev", "must be 0 … 2^53 − 1");
  }
  if (e.uploader.empty()) {
    return field_error("uploader", "is empty");
  }
  if (parse_ledger_time(ledger_time(e.received_at)) != e.received_at) {
    return field_error("received_at", "is outside the years 0000 … 9999");
  }
  return {};
}

boost::json::object entry_json(const Entry& e) {
  boost::json::object o;
  o["v"] = kEntryFormat;
  o["type"] = e.record_type;
  o["id"] = e.record_id;
  o["version"] = e.version;
  if (e.prev) {
    o["prev"] = *e.prev;
  } else {
    o["prev"] = nullptr;
  }
  o["uploader"] = e.uploader;
  o["received_at"] = ledger_time(e.received_at);
  o["record"] = e.record;
  return o;
}

Result<std::string> entry_bytes(const Entry& e) {
  LW_TRY(validate(e));
  return canonical_json(entry_json(e));
}

Result<std::string> leaf_of(crypto::HashAlg alg, const Entry& e) {
  auto bytes = entry_bytes(e);
  if (!bytes) {
    return std::move(bytes).error();
  }
  return leaf_hash(alg, *bytes);
}

Result<Entry> entry_from_json(const boost::json::value& json) {
  static constexpr std::array<std::string_view, 8> kMembers{
      "v", "type", "id", "version", "prev", "uploader", "received_at", "record"};
  const boost::json::object* o = json.if_object();
  if (o == nullptr) {
    return field_error("entry", "must be an object");
  }
  LW_TRY(exact_members(*o, kMembers));
  auto v = safe_integer(*o, "v");
  if (!v) {
    return std::move(v).error();
  }
  if (*v != kEntryFormat) {
    return field_error("v", "must be 1 (the only entry format)");
  }
  std::map<std::string_view, std::string> text;
  for (const std::string_view name : {"type", "id", "uploader", "received_at"}) {
    auto s = string_member(*o, name);
    if (!s) {
      return std::move(s).error();
    }
    text[name] = std::move(*s);
  }
  auto version = safe_integer(*o, "version");
  if (!version) {
    return std::move(version).error();
  }
  Entry e;
  e.record_type = text["type"];
  e.record_id = text["id"];
  e.version = *version;
  e.uploader = text["uploader"];
  if (const boost::json::value& prev = o->at("prev"); !prev.is_null()) {
    auto n = safe_integer(*o, "prev");
    if (!n) {
      return std::move(n).error();
    }
    if (*n < 0) {
      return field_error("prev", "must be null or a leaf index ≥ 0");
    }
    e.prev = static_cast<std::uint64_t>(*n);
  }
  auto t = parse_ledger_time(text["received_at"]);
  if (!t) {
    return field_error("received_at",
                       "must be RFC 3339 UTC with six fraction digits, e.g. "
                       "2026-11-21T09:55:00.123456Z");
  }
  e.received_at = *t;
  const boost::json::object* record = o->at("record").if_object();
  if (record == nullptr) {
    return field_error("record", "must be an object");
  }
  e.record = *record;
  auto bytes = entry_bytes(e);  // validate, and the record's content
  if (!bytes) {
    return std::move(bytes).error();
  }
  return e;
}

}  // namespace lw::ledger
