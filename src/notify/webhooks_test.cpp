// The webhook's wire format and schedule (JJ-3.6; docs/reports.md "Notifications and
// webhooks"): the signature a receiver checks, the body, the backoff, the URLs accepted, and the
// outbound client against a real local receiver (2xx, another status, no answer, no listener).
#include "notify/webhooks.hpp"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <thread>

#include <boost/asio/io_context.hpp>
#include <boost/json.hpp>

#include "notify/http_post.hpp"
#include "support/hook_receiver.hpp"
#include "support/run_task.hpp"

namespace lw::notify {
namespace {

using namespace std::chrono_literals;

constexpr char kSecret[] = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

TEST(WebhookSignature, JJ_3_6_IsHexHmacSha256OfTheTimeADotAndTheBody) {
  // Python: hmac.new(secret, b'1767225600.{"id":1,"event":"ping"}', sha256).hexdigest()
  EXPECT_EQ(signature_header(kSecret, R"({"id":1,"event":"ping"})", 1'767'225'600),
            "t=1767225600,v1=aa51b3d348943830c9ca9050100369c6e8b3db170924710ae5a193ec9bb3eb99");
}

TEST(WebhookSignature, JJ_3_6_VerifiesOnlyTheSameBodySecretAndARecentTime) {
  const std::string body = R"({"id":7,"event":"nonconforming","data":{}})";
  const std::string header = signature_header(kSecret, body, 1'800'000'000);
  EXPECT_TRUE(verify_signature(kSecret, body, header, 1'800'000'000));
  EXPECT_TRUE(verify_signature(kSecret, body, header, 1'800'000'299));
  EXPECT_FALSE(verify_signature(kSecret, body, header, 1'800'000'301));  // replayed later
  EXPECT_FALSE(verify_signature(kSecret, body + " ", header, 1'800'000'000));
  EXPECT_FALSE(verify_signature(std::string(64, 'f'), body, header, 1'800'000'000));
  EXPECT_FALSE(verify_signature(kSecret, body, "v1=" + header.substr(header.find("v1=") + 3),
                                1'800'000'000));
  EXPECT_FALSE(verify_signature(kSecret, body, "t=abc,v1=00", 1'800'000'000));
  // A later scheme added beside v1 does not disturb a receiver that knows v1.
  EXPECT_TRUE(verify_signature(kSecret, body, header + ",v2=zzz", 1'800'000'000));
}

TEST(WebhookBody, JJ_3_6_CarriesTheNoticeIdEventTimeAndData) {
  const auto body = delivery_body(12, "nonconforming", from_micros(1'767'225'600'000'000),
                                  R"({"lab_code":"360402-0001","value":1.5})");
  const auto v = boost::json::parse(body).as_object();
  EXPECT_EQ(v.at("id").as_int64(), 12);
  EXPECT_EQ(v.at("event").as_string(), "nonconforming");
  EXPECT_EQ(v.at("created_at").as_string(), "2026-01-01T00:00:00.000000Z");
  EXPECT_EQ(v.at("data").at("lab_code").as_string(), "360402-0001");
  EXPECT_EQ(v.size(), 4u);
  // The same notice gives the same bytes on every attempt.
  EXPECT_EQ(body, delivery_body(12, "nonconforming", from_micros(1'767'225'600'000'000),
                                R"({"lab_code":"360402-0001","value":1.5})"));
}

TEST(WebhookRetry, JJ_3_6_BackoffDoublesFromTheBaseUpToTheCapThenGivesUp) {
  const RetryPolicy p;  // 30 s, ×2, 6 h, 10 attempts
  EXPECT_EQ(p.delay_after(1), 30s);
  EXPECT_EQ(p.delay_after(2), 60s);
  EXPECT_EQ(p.delay_after(3), 120s);
  EXPECT_EQ(p.delay_after(9), 30s * 256);
  EXPECT_EQ(p.delay_after(10), 30s * 512);
  EXPECT_EQ(p.delay_after(11), 6h);  // 30 s × 1024 is over the cap
  EXPECT_EQ(p.delay_after(200), 6h);
  EXPECT_TRUE(p.retries_after(9));
  EXPECT_FALSE(p.retries_after(10));
  const RetryPolicy quick{200ms, 3.0, 1s, 4};
  EXPECT_EQ(quick.delay_after(1), 200ms);
  EXPECT_EQ(quick.delay_after(2), 600ms);
  EXPECT_EQ(quick.delay_after(3), 1s);
  EXPECT_FALSE(quick.retries_after(4));
}

TEST(WebhookUrl, TakesHttpAndHttpsWithAHostOnly) {
  auto u = parse_webhook_url("https://hooks.example.cn/labwatch/in?org=7");
  ASSERT_TRUE(u) << u.error().note;
  EXPECT_TRUE(u->tls);
  EXPECT_EQ(u->host, "hooks.example.cn");
  EXPECT_EQ(u->port, "443");
  EXPECT_EQ(u->target, "/labwatch/in?org=7");
  u = parse_webhook_url("http://127.0.0.1:8081");
  ASSERT_TRUE(u);
  EXPECT_FALSE(u->tls);
  EXPECT_EQ(u->port, "8081");
  EXPECT_EQ(u->target, "/");
  EXPECT_EQ(u->host_header, "127.0.0.1:8081");
  u = parse_webhook_url("http://[::1]:9000/x");
  ASSERT_TRUE(u);
  EXPECT_EQ(u->host, "::1");
  for (const char* bad : {"", "ftp://example.cn/", "mailto:a@example.cn", "http:///path",
                          "https://user:pw@example.cn/", "example.cn/hook", "http://example.cn/#x",
                          "http://example.cn:0/"}) {
    auto r = parse_webhook_url(bad);
    EXPECT_FALSE(r) << bad;
    if (!r) {
      EXPECT_EQ(r.error().code, errc::invalid_argument) << bad;
    }
  }
  EXPECT_FALSE(parse_webhook_url("https://example.cn/" + std::string(490, 'a')));
}

class HttpPosterTest : public ::testing::Test {
 protected:
  PostOutcome post(const std::string& url, std::chrono::milliseconds timeout = 5s) {
    PostRequest r{url, {{"X-Labwatch-Event", "ping"}}, R"({"id":1})", timeout, 1024};
    auto out = testing::run(ioc_, poster_.post(r));
    return out.value_or(PostOutcome{});
  }
  boost::asio::io_context ioc_;
  HttpPoster poster_;
};

TEST_F(HttpPosterTest, JJ_3_6_PostsTheBodyAndReadsTheStatus) {
  testing::HookReceiver hook({204, 500});
  auto ok = post(hook.url("/in?x=1"));
  EXPECT_TRUE(ok.delivered());
  EXPECT_EQ(ok.status, 204);
  EXPECT_EQ(ok.error, "");
  auto refused = post(hook.url());
  EXPECT_FALSE(refused.delivered());
  EXPECT_EQ(refused.status, 500);
  EXPECT_EQ(refused.error, "HTTP 500");
  EXPECT_EQ(refused.answer, R"({"status":500})");
  const auto got = hook.requests();
  ASSERT_EQ(got.size(), 2u);
  EXPECT_EQ(got[0].method, "POST");
  EXPECT_EQ(got[0].target, "/in?x=1");
  EXPECT_EQ(got[0].body, R"({"id":1})");
  EXPECT_EQ(got[0].header("x-labwatch-event"), "ping");
  EXPECT_EQ(got[0].header("host"), "127.0.0.1:" + std::to_string(hook.port()));
}

TEST_F(HttpPosterTest, JJ_3_6_NoAnswerIsATimeoutAndNoListenerARefusal) {
  testing::HookReceiver silent({0});
  const auto started = std::chrono::steady_clock::now();
  auto late = post(silent.url(), 300ms);
  EXPECT_LT(std::chrono::steady_clock::now() - started, 3s);
  EXPECT_EQ(late.status, 0);
  EXPECT_EQ(late.error, "timeout");
  std::uint16_t closed_port = 0;
  {
    testing::HookReceiver gone({200});
    closed_port = gone.port();
  }
  auto refused = post("http://127.0.0.1:" + std::to_string(closed_port) + "/");
  EXPECT_EQ(refused.status, 0);
  EXPECT_NE(refused.error.find("connect"), std::string::npos) << refused.error;
}

TEST_F(HttpPosterTest, JJ_3_6_HttpsNeverFallsBackToClearText) {
  // A plain HTTP listener cannot complete a TLS handshake: refused, never sent in clear.
  testing::HookReceiver plain({200});
  auto r = post("https://127.0.0.1:" + std::to_string(plain.port()) + "/", 500ms);
  EXPECT_FALSE(r.delivered());
  EXPECT_EQ(r.status, 0);
  EXPECT_TRUE(plain.requests().empty());
}

// A TLS server on 127.0.0.1 with a self-signed certificate for "127.0.0.1" (so its name matches
// and only the issuer is unknown): it takes one connection and records whether any request
// bytes came through the handshake.
class SelfSignedServer {
 public:
  SelfSignedServer() {
    key_ = EVP_EC_gen("P-256");
    cert_ = X509_new();
    X509_set_version(cert_, 2);
    ASN1_INTEGER_set(X509_get_serialNumber(cert_), 1);
    X509_gmtime_adj(X509_getm_notBefore(cert_), -60);
    X509_gmtime_adj(X509_getm_notAfter(cert_), 3600);
    X509_set_pubkey(cert_, key_);
    X509_NAME* name = X509_get_subject_name(cert_);
    X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC,
                               reinterpret_cast<const unsigned char*>("127.0.0.1"), -1, -1, 0);
    X509_set_issuer_name(cert_, name);
    X509_sign(cert_, key_, EVP_sha256());
    ctx_ = SSL_CTX_new(TLS_server_method());
    SSL_CTX_use_certificate(ctx_, cert_);
    SSL_CTX_use_PrivateKey(ctx_, key_);
    fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    (void)::bind(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
    ::listen(fd_, 4);
    socklen_t len = sizeof addr;
    ::getsockname(fd_, reinterpret_cast<sockaddr*>(&addr), &len);
    port_ = ntohs(addr.sin_port);
    thread_ = std::thread([this] {
      const int c = ::accept(fd_, nullptr, nullptr);
      if (c < 0) {
        return;
      }
      SSL* ssl = SSL_new(ctx_);
      SSL_set_fd(ssl, c);
      if (SSL_accept(ssl) == 1) {
        char buf[64];
        got_request_ = SSL_read(ssl, buf, sizeof buf) > 0;
      }
      SSL_free(ssl);
      ::close(c);
    });
  }
  ~SelfSignedServer() {
    (void)::shutdown(fd_, SHUT_RDWR);  // ends a pending accept
    thread_.join();
    ::close(fd_);
    SSL_CTX_free(ctx_);
    X509_free(cert_);
    EVP_PKEY_free(key_);
  }
  std::uint16_t port() const { return port_; }
  bool got_request() const { return got_request_; }

 private:
  EVP_PKEY* key_ = nullptr;
  X509* cert_ = nullptr;
  SSL_CTX* ctx_ = nullptr;
  int fd_ = -1;
  std::uint16_t port_ = 0;
  std::atomic<bool> got_request_{false};
  std::thread thread_;
};

TEST_F(HttpPosterTest, JJ_3_6_HttpsRefusesACertificateNoTrustedAuthoritySigned) {
  std::string error;
  {
    SelfSignedServer server;
    auto r = post("https://127.0.0.1:" + std::to_string(server.port()) + "/hook", 5s);
    EXPECT_FALSE(r.delivered());
    EXPECT_EQ(r.status, 0);
    error = r.error;
  }
  EXPECT_TRUE(error.starts_with("tls: ")) << error;
  EXPECT_NE(error.find("certificate verify failed"), std::string::npos) << error;
}

}  // namespace
}  // namespace lw::notify
