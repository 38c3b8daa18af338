// A scripted ACME CA for unit tests: implements Transport in memory, so the protocol core's logic (nonces,
// retries, polling, order flow) is tested without sockets. It follows RFC 8555's message shapes but
// checks only what each test needs.
#pragma once

#include <rapidjson/document.h>

#include <chrono>
#include <deque>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <vector>

#include "acmecli/client.hpp"
#include "acmecli/clock.hpp"
#include "acmecli/http.hpp"
#include "acmecli/key.hpp"
#include "crypto/encoding.hpp"

namespace acmecli::testing {

// A clock whose sleeps return at once and only record how long they would have been. An order's
// authorizations are polled from several threads, so it is guarded; read `sleeps` once they are done.
class FakeClock final : public Clock {
 public:
  std::chrono::system_clock::time_point now() const override {
    std::lock_guard lock(mutex_);
    return wall_ + elapsed_;
  }
  std::chrono::steady_clock::time_point steady_now() const override {
    std::lock_guard lock(mutex_);
    return steady_ + elapsed_;
  }
  void sleep_for(std::chrono::milliseconds duration) override {
    std::lock_guard lock(mutex_);
    sleeps.push_back(duration);
    elapsed_ += duration;
  }
  // Time passing without a sleep of ours: a request's trip across the network.
  void advance(std::chrono::milliseconds duration) {
    std::lock_guard lock(mutex_);
    elapsed_ += duration;
  }
  std::vector<std::chrono::milliseconds> sleeps;

 private:
  mutable std::mutex mutex_;
  std::chrono::system_clock::time_point wall_ = std::chrono::system_clock::from_time_t(1'700'000'000);
  std::chrono::steady_clock::time_point steady_{};
  std::chrono::milliseconds elapsed_{0};
};

inline constexpr const char* ca = "https://ca.test";
// A URL on the fake CA: url("/dir") is https://ca.test/dir.
inline std::string url(const std::string& path) { return std::string(ca) + path; }

struct ReceivedRequest {
  HttpRequest request;
  std::string protected_header;  // decoded JSON of a JWS, empty for GET/HEAD
  std::string payload;           // decoded payload of a JWS
};

class FakeCa final : public Transport {
 public:
  using Handler = std::function<HttpResponse(const ReceivedRequest&)>;

  FakeCa() {
    on("GET", std::string(ca) + "/dir", [](const ReceivedRequest&) {
      return json_response(200, std::string(R"({"newNonce":")") + ca + R"(/nonce","newAccount":")" + ca +
                                    R"(/account","newOrder":")" + ca + R"(/order","revokeCert":")" + ca +
                                    R"(/revoke","meta":{"termsOfService":"https://ca.test/tos"}})");
    });
    on("HEAD", std::string(ca) + "/nonce", [](const ReceivedRequest&) { return HttpResponse{200, {}, ""}; });
  }

  void on(const std::string& method, const std::string& url, Handler handler) {
    handlers_[method + " " + url] = std::move(handler);
  }

  HttpResponse send(const HttpRequest& request) override {
    std::lock_guard lock(mutex_);
    ReceivedRequest received{request, {}, {}};
    if (request.method == "POST") {
      rapidjson::Document jws;
      jws.Parse(request.body.c_str());
      received.protected_header = base64url_decode(jws["protected"].GetString());
      received.payload = base64url_decode(jws["payload"].GetString());
      // RFC 8555 §7.4: finalize carries the CSR; kept so that a test can issue a real certificate for it.
      rapidjson::Document payload;
      payload.Parse(received.payload.c_str());
      if (payload.IsObject() && payload.HasMember("csr") && payload["csr"].IsString())
        last_csr_der = base64url_decode(payload["csr"].GetString());
    }
    log.push_back(received);
    auto it = handlers_.find(request.method + " " + request.url);
    HttpResponse response = it == handlers_.end()
                                ? json_response(404, R"({"type":"urn:ietf:params:acme:error:malformed","detail":"no such resource"})")
                                : it->second(received);
    response.headers.emplace_back("replay-nonce", "nonce-" + std::to_string(++nonce_counter_));
    return response;
  }
  std::size_t request_count() const override { return log.size(); }

  static HttpResponse json_response(int status, std::string body, HeaderList headers = {}) {
    headers.emplace_back("content-type", status >= 400 ? "application/problem+json" : "application/json");
    return HttpResponse{status, std::move(headers), std::move(body)};
  }

  std::size_t count(const std::string& method, const std::string& url) const {
    std::size_t n = 0;
    for (const auto& r : log) n += (r.request.method == method && r.request.url == url) ? 1 : 0;
    return n;
  }

  std::vector<ReceivedRequest> log;
  std::string last_csr_der;  // the CSR of the last finalize, DER

 private:
  std::mutex mutex_;
  std::map<std::string, Handler> handlers_;
  int nonce_counter_ = 0;
};

// A client of the fake CA whose account already exists (https://ca.test/acct/1, signed with key), for the
// tests that start after registration.
struct ClientWithAccount {
  FakeCa ca;
  FakeClock clock;
  AcmeClient client{ca, clock, ClientOptions{url("/dir")}};
  PrivateKey key = PrivateKey::generate(KeyType::ec256);
  ClientWithAccount() { client.set_account(key, url("/acct/1")); }
};

}  // namespace acmecli::testing
