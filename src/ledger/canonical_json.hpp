#pragma once
// Canonical JSON of the ledger: RFC 8785 (JSON Canonicalization Scheme, JCS) for the subset the
// ledger writes — objects, arrays, strings, true, false, null and integers of magnitude at most
// 2^53 − 1 (kMaxSafeInteger). The bytes a leaf commits to, so third parties recompute them:
//   - no whitespace anywhere;
//   - object members sorted by their names compared as sequences of UTF-16 code units
//     (RFC 8785 §3.2.3; not UTF-8 byte order: U+10000 and above, written as surrogate pairs
//     D800–DBFF, sort before U+E000–U+FFFF);
//   - strings as ECMAScript JSON.stringify writes them (RFC 8785 §3.2.2.2): `\"`, `\\`, `\b`,
//     `\f`, `\n`, `\r`, `\t`, every other code point below U+0020 as `\u00xx` (lower-case hex),
//     everything else (including U+007F, U+2028, U+2029 and all non-ASCII) as literal UTF-8;
//   - integers in decimal, `-` for negatives, no leading zeros, no fraction or exponent.
// Refused (invalid_argument whose details name the value by its JSON Pointer, RFC 6901, "" for
// the root): a double — any number boost::json holds as a double, even 1.0 or 1e2 — an integer
// outside ±kMaxSafeInteger, a string or member name that is not well-formed UTF-8. Measurements
// go into the ledger as decimal strings, never as numbers with fractions.
//
// Duplicate member names cannot occur in a boost::json::object (insertion replaces), but
// boost::json::parse (1.81) silently keeps the last of duplicated names in a text. Text that
// the ledger reads back (receipts) is parsed with parse_json_strict, which refuses them.
#include <cstdint>
#include <string>
#include <string_view>

#include <boost/json/value.hpp>

#include "core/result.hpp"

namespace lw::ledger {

/// 2^53 − 1: the largest integer magnitude canonical JSON accepts (exact in an IEEE double).
inline constexpr std::int64_t kMaxSafeInteger = (std::int64_t{1} << 53) - 1;

/// The RFC 8785 canonical form of `value`, or invalid_argument naming the first value refused.
Result<std::string> canonical_json(const boost::json::value& value);

/// `text` parsed as one JSON value as boost::json::parse does with its default options (no
/// comments, no trailing commas, well-formed UTF-8, nesting depth ≤ 32), and refusing a member
/// name repeated within one object, which boost::json::parse silently collapses. invalid_json
/// naming the problem (details.pointer: the JSON Pointer of a repeated member).
Result<boost::json::value> parse_json_strict(std::string_view text);

/// The JSON Pointer (RFC 6901) of member `name` under `parent`: `~` → `~0`, `/` → `~1`.
std::string json_pointer_append(std::string_view parent, std::string_view name);

}  // namespace lw::ledger
