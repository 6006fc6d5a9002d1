#include "app/receipt_cli.hpp"

#include <cstdio>
#include <fstream>
#include <iostream>
#include <optional>

#include "crypto/sm2.hpp"
#include "ledger/canonical_json.hpp"
#include "ledger/receipt.hpp"

namespace lw::app {
namespace {

// A receipt is a few KiB; anything this large is not one.
constexpr std::size_t kMaxInputBytes = 16u << 20;

std::optional<std::string> read_all(std::istream& in) {
  std::string out;
  char buf[65536];
  while (in.read(buf, sizeof buf) || in.gcount() > 0) {
    out.append(buf, static_cast<std::size_t>(in.gcount()));
    if (out.size() > kMaxInputBytes) {
      return std::nullopt;
    }
  }
  if (in.bad()) {
    return std::nullopt;
  }
  return out;
}

std::optional<std::string> read_input(const std::string& file) {
  if (file == "-") {
    return read_all(std::cin);
  }
  std::ifstream in(file, std::ios::binary);
  if (!in) {
    return std::nullopt;
  }
  return read_all(in);
}

}  // namespace

ReceiptVerdict check_receipt(std::string_view receipt, std::string_view public_key_pem) {
  auto key = crypto::Sm2PublicKey::from_pem(public_key_pem);
  if (!key) {
    return {kReceiptUnreadable, "--public-key: " + key.error().note};
  }
  auto not_verified = [](const Error& e) {
    return ReceiptVerdict{kReceiptNotVerified, "receipt NOT verified: " + e.note};
  };
  auto json = ledger::parse_json_strict(receipt);
  if (!json) {
    return not_verified(json.error());
  }
  auto r = ledger::receipt_from_json(*json);
  if (!r) {
    return not_verified(r.error());
  }
  if (auto st = ledger::verify_receipt(*r, *key); !st) {
    return not_verified(st.error());
  }
  const ledger::SignedCheckpoint& s = *r->checkpoint;
  return {kReceiptVerified, "receipt verified: " + r->entry.record_type + " " + r->entry.record_id +
                                " v" + std::to_string(r->entry.version) + ", leaf " +
                                std::to_string(r->leaf_index) + " in checkpoint " +
                                std::to_string(s.checkpoint.size) + " signed by " + s.key_id +
                                " at " + ledger::ledger_time(s.checkpoint.time)};
}

int receipt_verify_command(const std::string& file, const std::filesystem::path& public_key) {
  auto receipt = read_input(file);
  if (!receipt) {
    std::fprintf(stderr,
                 "labwatch: cannot read the receipt %s (missing, unreadable or over 16 MiB)\n",
                 file == "-" ? "from standard input" : file.c_str());
    return kReceiptUnreadable;
  }
  auto pem = public_key == "-" ? std::nullopt : read_input(public_key.string());
  if (!pem) {
    std::fprintf(stderr, "labwatch: cannot read the public key %s\n", public_key.c_str());
    return kReceiptUnreadable;
  }
  const ReceiptVerdict v = check_receipt(*receipt, *pem);
  std::fprintf(v.exit_code == kReceiptUnreadable ? stderr : stdout, "%s%s\n",
               v.exit_code == kReceiptUnreadable ? "labwatch: " : "", v.message.c_str());
  return v.exit_code;
}

}  // namespace lw::app
