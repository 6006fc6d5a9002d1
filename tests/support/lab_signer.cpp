#include "support/lab_signer.hpp"

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <chrono>
#include <utility>
#include <vector>

#include "support/cli.hpp"

namespace lw::testing {
namespace {

std::string hex(const unsigned char* p, std::size_t n) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  for (std::size_t i = 0; i < n; ++i) {
    out += kDigits[p[i] >> 4];
    out += kDigits[p[i] & 15];
  }
  return out;
}

std::string line_value(const std::string& out, const std::string& label) {
  const auto at = out.find(label + ": ");
  if (at == std::string::npos) {
    return {};
  }
  const auto start = at + label.size() + 2;
  return out.substr(start, out.find('\n', start) - start);
}

std::string digest_hex(const std::string& data, const EVP_MD* md_type) {
  std::array<unsigned char, EVP_MAX_MD_SIZE> md{};
  unsigned int n = 0;
  EVP_Digest(data.data(), data.size(), md.data(), &n, md_type, nullptr);
  return hex(md.data(), n);
}

// %XX decoded, as the server decodes the query before it enters the canonical string.
std::string percent_decoded(const std::string& s) {
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%' && i + 2 < s.size()) {
      out += static_cast<char>(std::stoi(s.substr(i + 1, 2), nullptr, 16));
      i += 2;
    } else {
      out += s[i];
    }
  }
  return out;
}

}  // namespace

LabKey issue_lab_key(const std::string& lab_code, const std::string& db_url,
                     const std::filesystem::path& data_dir) {
  auto r = run_cli("lab-key issue --lab " + lab_code + " --db '" + db_url + "' --data '" +
                   data_dir.string() + "'");
  if (r.exit_code != 0) {
    return {};
  }
  const std::string secret_hex = line_value(r.output, "secret");
  return {line_value(r.output, "key_id"), unhex(secret_hex), lab_code, secret_hex};
}

std::string sm3_hex(const std::string& data) {
  return digest_hex(data, EVP_sm3());
}

std::string sha256_hex(const std::string& data) {
  return digest_hex(data, EVP_sha256());
}

std::string unhex(const std::string& h) {
  std::string out;
  for (std::size_t i = 0; i + 1 < h.size(); i += 2) {
    out += static_cast<char>(std::stoi(h.substr(i, 2), nullptr, 16));
  }
  return out;
}

std::string hmac_sm3_hex(const std::string& key, const std::string& data) {
  std::array<unsigned char, EVP_MAX_MD_SIZE> md{};
  unsigned int n = 0;
  HMAC(EVP_sm3(), key.data(), static_cast<int>(key.size()),
       reinterpret_cast<const unsigned char*>(data.data()), data.size(), md.data(), &n);
  return hex(md.data(), n);
}

std::string canonical_string(const std::string& method, const std::string& path,
                             std::vector<std::pair<std::string, std::string>> query,
                             const std::string& timestamp, const std::string& nonce,
                             const std::string& body_sm3) {
  std::sort(query.begin(), query.end());
  std::string sorted;
  for (const auto& [k, v] : query) {
    sorted += (sorted.empty() ? "" : "&") + k + "=" + v;
  }
  return method + "\n" + path + "\n" + sorted + "\n" + timestamp + "\n" + nonce + "\n" + body_sm3;
}

std::map<std::string, std::string> signed_headers(const LabKey& key, const std::string& method,
                                                  const std::string& target,
                                                  const std::string& body) {
  static std::atomic<long> counter{0};
  const auto q = target.find('?');
  const std::string path = target.substr(0, q);
  std::vector<std::pair<std::string, std::string>> query;
  if (q != std::string::npos) {
    std::string rest = target.substr(q + 1);
    while (!rest.empty()) {
      const auto amp = rest.find('&');
      const std::string item = rest.substr(0, amp);
      rest = amp == std::string::npos ? "" : rest.substr(amp + 1);
      const auto eq = item.find('=');
      query.emplace_back(percent_decoded(item.substr(0, eq)),
                         eq == std::string::npos ? "" : percent_decoded(item.substr(eq + 1)));
    }
  }
  const std::string timestamp =
      std::to_string(std::chrono::duration_cast<std::chrono::seconds>(
                         std::chrono::system_clock::now().time_since_epoch())
                         .count());
  const std::string nonce =
      "t" + std::to_string(std::chrono::steady_clock::now().time_since_epoch().count()) + "-" +
      std::to_string(++counter);
  const std::string canonical =
      canonical_string(method, path, std::move(query), timestamp, nonce, sm3_hex(body));
  return {{"X-Timestamp", timestamp},
          {"X-Nonce", nonce},
          {"Authorization", "LW-HMAC-SM3 KeyId=" + key.key_id +
                                ", Signature=" + hmac_sm3_hex(key.secret, canonical)}};
}

std::map<std::string, std::string> signed_upload_headers(const LabKey& key,
                                                         const std::string& target,
                                                         const std::string& body) {
  auto headers = signed_headers(key, "POST", target, body);
  headers["X-Content-SM3"] = sm3_hex(body);
  return headers;
}

std::string header_lines(const std::map<std::string, std::string>& headers) {
  std::string lines;
  for (const auto& [name, value] : headers) {
    lines += name + ": " + value + "\r\n";
  }
  return lines;
}

}  // namespace lw::testing
