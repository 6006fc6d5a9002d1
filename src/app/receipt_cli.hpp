#pragma once
// `labwatch receipt verify FILE --public-key PEMFILE`: checks a ledger receipt offline, with
// nothing but the platform's SM2 public key — no database, no configuration, no network. What
// a lab (or anyone it hands a receipt to) runs to prove a record is in the ledger unaltered.
#include <filesystem>
#include <string>
#include <string_view>

namespace lw::app {

/// Exit codes of `labwatch receipt verify`.
inline constexpr int kReceiptVerified = 0;
inline constexpr int kReceiptNotVerified = 1;  // altered, forged, malformed or still pending
inline constexpr int kReceiptUnreadable = 2;   // the file or the key cannot be read

struct ReceiptVerdict {
  int exit_code = kReceiptUnreadable;
  /// One line, no newline:
  ///   receipt verified: <type> <id> v<version>, leaf <index> in checkpoint <size> signed by
  ///   <key_id> at <time>
  ///   receipt NOT verified: <reason>
  /// or, for kReceiptUnreadable, what could not be read.
  std::string message;
};

/// The verdict on the receipt text `receipt` (JSON, labwatch-receipt/1) under the public key
/// PEM `public_key_pem`.
ReceiptVerdict check_receipt(std::string_view receipt, std::string_view public_key_pem);

/// Reads `file` ("-": standard input) and `public_key`, prints the verdict — verified or not
/// to standard output, unreadable input to standard error — and returns its exit code.
int receipt_verify_command(const std::string& file, const std::filesystem::path& public_key);

}  // namespace lw::app
