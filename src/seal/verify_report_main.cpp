// lw-verify-report: checks a report's anti-counterfeit QR offline (报告防伪二维码离线验证),
// with nothing but the platform's published SM2 report key (GET /api/v1/public/report-keys).
// docs/reports.md "Offline verification" describes the same steps with openssl alone.
#include <algorithm>
#include <fstream>
#include <iostream>
#include <iterator>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.hpp"
#include "core/random.hpp"
#include "crypto/hash.hpp"
#include "crypto/sm2.hpp"
#include "ledger/canonical_json.hpp"
#include "seal/seal.hpp"

namespace {

using lw::crypto::HashAlg;

constexpr const char* kUsage =
    R"(usage: lw-verify-report --key KEY.pem [--pdf REPORT.pdf] [--content CONTENT.json] QR
       (QR: the text of the report's QR code, its URL or the payload alone; - reads it from stdin)

Checks the SM2 signature of the QR's payload with the platform's public report key (PEM, from
GET /api/v1/public/report-keys) and, when given, that the PDF and the structured content are
the ones the payload names (SM3). Prints the facts and a verdict per check.
Exit status: 0 when every check passed, 1 when one failed, 2 for a usage or input error.
)";

constexpr int kOk = 0;
constexpr int kFailed = 1;
constexpr int kUsageError = 2;

struct Options {
  std::string key_file;
  std::string pdf_file;
  std::string content_file;
  std::string qr;
};

std::optional<Options> parse_args(int argc, char** argv) {
  Options o;
  bool have_qr = false;
  for (int i = 1; i < argc; ++i) {
    const std::string_view a = argv[i];
    auto value = [&](std::string& into) {
      if (i + 1 >= argc) {
        return false;
      }
      into = argv[++i];
      return true;
    };
    if (a == "--key" || a == "--pdf" || a == "--content") {
      std::string& into = a == "--key" ? o.key_file : a == "--pdf" ? o.pdf_file : o.content_file;
      if (!value(into)) {
        return std::nullopt;
      }
    } else if ((a.starts_with("-") && a != "-") || have_qr) {
      return std::nullopt;
    } else {
      o.qr = a;
      have_qr = true;
    }
  }
  if (o.key_file.empty() || !have_qr) {
    return std::nullopt;
  }
  return o;
}

std::optional<std::string> read_file(const std::string& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) {
    return std::nullopt;
  }
  std::string data(std::istreambuf_iterator<char>(in), {});
  if (in.bad()) {
    return std::nullopt;
  }
  return data;
}

// The SM3 of a file, streamed (a report may be tens of megabytes).
std::optional<std::string> file_sm3(const std::string& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) {
    return std::nullopt;
  }
  lw::crypto::Hasher h(HashAlg::sm3);
  std::vector<char> buf(1 << 16);
  while (in) {
    in.read(buf.data(), static_cast<std::streamsize>(buf.size()));
    h.update(std::string_view(buf.data(), static_cast<std::size_t>(in.gcount())));
  }
  if (in.bad()) {
    return std::nullopt;
  }
  return h.finish();
}

// The public key of a PEM file holding the public key or, for the platform's operators, the
// private key itself.
std::optional<lw::crypto::Sm2PublicKey> load_key(const std::string& file) {
  const auto pem = read_file(file);
  if (!pem) {
    return std::nullopt;
  }
  if (auto pub = lw::crypto::Sm2PublicKey::from_pem(*pem)) {
    return std::move(pub).value();
  }
  if (auto pair = lw::crypto::Sm2KeyPair::from_pem(*pem)) {
    return pair->public_key();
  }
  return std::nullopt;
}

// RFC 3339 without the zero fraction the platform's seconds always have.
std::string whole_seconds(std::string t) {
  if (const auto dot = t.find(".000000"); dot != std::string::npos) {
    t.erase(dot, 7);
  }
  return t;
}

std::string verdict(bool ok, std::string_view good_zh, std::string_view good_en,
                    std::string_view bad_zh, std::string_view bad_en) {
  return ok ? std::string(good_zh) + " " + std::string(good_en)
            : std::string(bad_zh) + " " + std::string(bad_en);
}

int fail_input(const std::string& what) {
  std::cerr << "lw-verify-report: " << what << "\n";
  return kUsageError;
}

}  // namespace

int main(int argc, char** argv) {
  const auto opts = parse_args(argc, argv);
  if (!opts) {
    std::cerr << kUsage;
    return kUsageError;
  }
  std::string qr = opts->qr;
  if (qr == "-") {
    qr.assign(std::istreambuf_iterator<char>(std::cin), {});
  }
  // zbarimg ends its output with a newline.
  const std::string_view blanks = " \t\r\n";
  std::string_view text = qr;
  text.remove_prefix(std::min(text.size(), text.find_first_not_of(blanks)));
  text = text.substr(0, text.find_last_not_of(blanks) + 1);

  const auto key = load_key(opts->key_file);
  if (!key) {
    return fail_input("no SM2 key (PEM) in " + opts->key_file);
  }
  const auto seal = lw::seal::parse_seal(text);
  if (!seal) {
    std::string reason = seal.error().note;
    if (const auto* f = seal.error().details.if_contains("fields")) {
      if (const auto* s = f->as_object().if_contains("seal")) {
        reason = std::string(s->as_string());
      }
    }
    return fail_input("not a report seal: " + reason);
  }

  const auto& facts = seal->facts;
  std::cout << "报告编号 Report number: " << facts.number << "\n"
            << "签发时间 Issued at: " << whole_seconds(lw::format_utc(facts.issued_at))
            << " (UTC), " << whole_seconds(lw::format_shanghai(facts.issued_at))
            << " (Asia/Shanghai)\n"
            << "密钥标识 Key id: " << lw::to_hex(seal->key_id) << "\n"
            << "PDF 摘要 PDF SM3: " << lw::to_hex(facts.pdf_sm3) << "\n"
            << "内容摘要 Content SM3: " << lw::to_hex(facts.content_sm3) << "\n";

  bool all_ok = true;
  const bool same_key = lw::to_hex(seal->key_id) == key->key_id();
  const bool signed_ok = lw::seal::verify_seal(*seal, *key);
  all_ok = all_ok && signed_ok;
  std::cout << "签名 Signature: " << verdict(signed_ok, "有效", "OK", "无效", "FAILED");
  if (!same_key) {
    std::cout << " (签名密钥不是所给密钥 signed with key " << lw::to_hex(seal->key_id)
              << ", not the given key " << key->key_id() << ")";
  }
  std::cout << "\n";

  if (!opts->pdf_file.empty()) {
    const auto sm3 = file_sm3(opts->pdf_file);
    if (!sm3) {
      return fail_input("cannot read " + opts->pdf_file);
    }
    const bool same = *sm3 == facts.pdf_sm3;
    all_ok = all_ok && same;
    std::cout << "PDF 文件 PDF file: "
              << verdict(same, "与签发的一致", "matches", "与签发的不一致", "differs") << " (SM3 "
              << lw::to_hex(*sm3) << ")\n";
    if (!same) {
      std::cout << "  注意：二维码所签的是机构提交的原始 PDF；盖章（带二维码）的副本与之不同，"
                   "请在平台公开验证页比对或下载原件。\n"
                   "  Note: the seal names the PDF as the lab submitted it; the stamped copy "
                   "carrying this QR differs from it by design: compare it on the platform's "
                   "public verification page, or get the original there.\n";
    }
  }
  if (!opts->content_file.empty()) {
    const auto bytes = read_file(opts->content_file);
    if (!bytes) {
      return fail_input("cannot read " + opts->content_file);
    }
    // The platform hashes the canonical JSON (RFC 8785): a pretty-printed copy matches too.
    std::string sm3 = lw::crypto::digest(HashAlg::sm3, *bytes);
    if (sm3 != facts.content_sm3) {
      if (auto value = lw::ledger::parse_json_strict(*bytes)) {
        if (auto canonical = lw::ledger::canonical_json(*value)) {
          sm3 = lw::crypto::digest(HashAlg::sm3, *canonical);
        }
      }
    }
    const bool same = sm3 == facts.content_sm3;
    all_ok = all_ok && same;
    std::cout << "结构化内容 Content: "
              << verdict(same, "与签发的一致", "matches", "与签发的不一致", "differs") << "\n";
  }
  std::cout << "结论 Verdict: "
            << verdict(all_ok, "通过", "every check passed", "未通过", "a check FAILED") << "\n";
  return all_ok ? kOk : kFailed;
}
