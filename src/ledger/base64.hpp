#pragma once
// Standard base64 (RFC 4648 §4: `A–Z a–z 0–9 + /`, `=` padding), as C2SP checkpoints write
// hashes and signatures.
#include <optional>
#include <string>
#include <string_view>

namespace lw::ledger {

/// The base64 of `bytes`, padded to a multiple of four characters.
std::string to_base64(std::string_view bytes);

/// The bytes of canonical base64: a multiple of four characters from the standard alphabet,
/// padded with `=`, the unused bits of the last character zero, no whitespace. nullopt for
/// anything else, so that one byte string has exactly one accepted text.
std::optional<std::string> from_base64(std::string_view text);

}  // namespace lw::ledger
