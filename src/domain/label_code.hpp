#pragma once
// Specimen label codes (见证取样二维码, issue 6, JJ-1.1/JJ-4.1): each label the platform issues
// carries a code that is random, not sequential, so that a code cannot be guessed from another
// one, and ends in a check character, so that a mistyped code (the manual-entry fallback of the
// witness's phone page, a clerk's keyboard) is refused before any look-up.
//
// Form: 12 random symbols of Crockford's base32 alphabet (60 bits) and one check symbol of the
// same alphabet by Damm's algorithm (a totally anti-symmetric quasigroup of order 32): it
// catches every single-symbol error and every swap of two neighbours. Shown in groups,
// "7KQ2-M9XD-4TRB-T"; read back in any case, with or without the separators, O read as 0 and I or L
// as 1 (Crockford's rules).
#include <optional>
#include <string>
#include <string_view>

namespace lw::domain {

/// Crockford's base32: digits and letters without I, L, O and U.
inline constexpr std::string_view kLabelAlphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
inline constexpr std::size_t kLabelRandomSymbols = 12;

/// The check symbol of `body` (symbols of kLabelAlphabet). Precondition: every symbol is one.
char label_check(std::string_view body);

/// A new code from `random_bytes` (at least 8 bytes; 60 of their bits are used): 13 symbols,
/// the last the check, without separators.
std::string make_label_code(std::string_view random_bytes);

/// `text` as a code: separators (-, space) dropped, case folded, O as 0, I and L as 1; nothing
/// when the length, a symbol or the check symbol is wrong.
std::optional<std::string> parse_label_code(std::string_view text);

/// The code as printed under a QR: "7KQ2-M9XD-4TRB-T".
std::string display_label_code(std::string_view code);

}  // namespace lw::domain
