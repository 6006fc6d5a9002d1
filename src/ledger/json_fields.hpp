#pragma once
// Module-internal: strict reading of the ledger's JSON objects (entries, checkpoints, receipts).
// Every refusal is field_error naming the member.
#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include <boost/json/object.hpp>

#include "core/result.hpp"

namespace lw::ledger {

/// invalid_argument unless `o` has exactly the members `names` (naming the first missing or
/// unexpected one).
Status exact_members(const boost::json::object& o, std::span<const std::string_view> names);

/// The integer member `name` (present), within ±(2^53 − 1); a number with a fraction or
/// exponent is refused.
Result<std::int64_t> safe_integer(const boost::json::object& o, std::string_view name);

/// The string member `name` (present).
Result<std::string> string_member(const boost::json::object& o, std::string_view name);

/// The bytes of lower-case hex `text` of exactly `bytes` bytes; invalid_argument naming `field`.
Result<std::string> lower_hex(std::string_view text, std::size_t bytes, std::string_view field);

/// `e`, about an object that is member `parent` of another, renamed for the outer object: field
/// "x" becomes "parent.x", JSON Pointer "/x" becomes "/parent/x", the note starts "parent: ".
Error nested(Error e, std::string_view parent);

}  // namespace lw::ledger
