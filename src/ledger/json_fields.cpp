#include "ledger/json_fields.hpp"

#include <algorithm>

#include "crypto/hash.hpp"
#include "ledger/canonical_json.hpp"

namespace lw::ledger {

Status exact_members(const boost::json::object& o, std::span<const std::string_view> names) {
  for (const std::string_view name : names) {
    if (!o.contains(name)) {
      return field_error(name, "is missing");
    }
  }
  for (const auto& kv : o) {
    if (std::find(names.begin(), names.end(), std::string_view(kv.key())) == names.end()) {
      return field_error(kv.key(), "is not a member of this object");
    }
  }
  return {};
}

Result<std::int64_t> safe_integer(const boost::json::object& o, std::string_view name) {
  const boost::json::value& v = o.at(name);
  if (const std::int64_t* i = v.if_int64()) {
    if (*i >= -kMaxSafeInteger && *i <= kMaxSafeInteger) {
      return *i;
    }
  } else if (const std::uint64_t* u = v.if_uint64()) {
    if (*u <= static_cast<std::uint64_t>(kMaxSafeInteger)) {
      return static_cast<std::int64_t>(*u);
    }
  }
  return field_error(name, "must be an integer within ±(2^53 − 1)");
}

Result<std::string> string_member(const boost::json::object& o, std::string_view name) {
  const boost::json::string* s = o.at(name).if_string();
  if (s == nullptr) {
    return field_error(name, "must be a string");
  }
  return std::string(*s);
}

Result<std::string> lower_hex(std::string_view text, std::size_t bytes, std::string_view field) {
  const bool lower = std::all_of(text.begin(), text.end(), [](char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
  });
  auto raw = lower ? crypto::from_hex(text) : std::nullopt;
  if (!raw || raw->size() != bytes) {
    return field_error(field, "must be " + std::to_string(2 * bytes) + " lower-case hex digits");
  }
  return std::move(*raw);
}

Error nested(Error e, std::string_view parent) {
  if (auto* fields = e.details.if_contains("fields"); fields != nullptr && fields->is_object()) {
    boost::json::object renamed;
    for (const auto& kv : fields->get_object()) {
      const std::string_view key = kv.key();
      // A JSON Pointer ("/record/x") stays a pointer ("/entry/record/x"); a name gets a dot.
      const std::string name = key.starts_with('/') ? "/" + std::string(parent) + std::string(key)
                                                    : std::string(parent) + "." + std::string(key);
      renamed[name] = kv.value();
    }
    *fields = std::move(renamed);
  }
  e.note = std::string(parent) + ": " + e.note;
  return e;
}

}  // namespace lw::ledger
