// Test doubles for the dns-01 tests: a resolver that answers from a script and logs every question, a
// clock that advances instead of sleeping, and a provider that records what it was asked to do.
#pragma once

#include <chrono>
#include <functional>
#include <map>
#include <string>
#include <tuple>
#include <vector>

#include "acmecli/clock.hpp"
#include "acmecli/dns01.hpp"
#include "acmecli/error.hpp"
#include "acmecli/http.hpp"
#include "dns/resolver.hpp"

namespace acmecli::test {

struct Question {
  std::string server;  // "127.0.0.1:53"
  std::string name;
  RecordType type;
  bool recursion_desired;
};

class ScriptedResolver final : public DnsResolver {
 public:
  // Answers for (server, name, type); a question without one gets NXDOMAIN-free empty NOERROR.
  using Key = std::tuple<std::string, std::string, RecordType>;
  std::map<Key, std::function<DnsAnswer()>> script;
  std::vector<Question> questions;

  void answer(const std::string& server, const std::string& name, RecordType type,
              std::vector<DnsRecordData> records, int rcode = 0) {
    DnsAnswer answer;
    answer.rcode = rcode;
    answer.answer = std::move(records);
    script[{server, name, type}] = [answer] { return answer; };
  }

  DnsAnswer query(const DnsServer& server, std::string_view name, RecordType type, std::chrono::milliseconds,
                  bool recursion_desired) override {
    questions.push_back({server.to_string(), std::string(name), type, recursion_desired});
    auto it = script.find({server.to_string(), std::string(name), type});
    if (it == script.end()) return DnsAnswer{};
    return it->second();
  }

  std::vector<Question> asked(RecordType type) const {
    std::vector<Question> out;
    for (const auto& q : questions) {
      if (q.type == type) out.push_back(q);
    }
    return out;
  }
};

class SteppingClock final : public Clock {
 public:
  std::chrono::system_clock::time_point now() const override {
    return std::chrono::system_clock::time_point{} + elapsed;
  }
  std::chrono::steady_clock::time_point steady_now() const override {
    return std::chrono::steady_clock::time_point{} + elapsed;
  }
  void sleep_for(std::chrono::milliseconds duration) override {
    sleeps.push_back(duration);
    elapsed += duration;
  }
  std::chrono::milliseconds elapsed{0};
  std::vector<std::chrono::milliseconds> sleeps;
};

class RecordingProvider final : public DnsProvider {
 public:
  struct Calls {
    std::vector<std::vector<ChallengeRecord>> presented;
    std::vector<std::vector<ChallengeRecord>> cleaned;
    std::function<void()> on_present;
  };
  explicit RecordingProvider(Calls& calls) : calls_(calls) {}
  std::string_view name() const override { return "recording"; }
  void present(const std::vector<ChallengeRecord>& records) override {
    calls_.presented.push_back(records);
    if (calls_.on_present) calls_.on_present();
  }
  void cleanup(const std::vector<ChallengeRecord>& records) override { calls_.cleaned.push_back(records); }
  std::chrono::milliseconds propagation_timeout() const override { return std::chrono::seconds(10); }

 private:
  Calls& calls_;
};

// A DNS provider's HTTP API, scripted: records each request and answers through `answer`.
class ScriptedTransport final : public Transport {
 public:
  std::function<HttpResponse(const HttpRequest&)> answer = [](const HttpRequest&) {
    return HttpResponse{200, {}, "{}"};
  };
  std::vector<HttpRequest> requests;

  HttpResponse send(const HttpRequest& request) override {
    requests.push_back(request);
    return answer(request);
  }
  std::size_t request_count() const override { return requests.size(); }

  // The value of the request's header with this (case-sensitive) name, empty when absent.
  static std::string header(const HttpRequest& request, const std::string& name) {
    for (const auto& [key, value] : request.headers) {
      if (key == name) return value;
    }
    return {};
  }
};

inline DnsRecordData rr(std::string owner, RecordType type, std::string data) {
  return DnsRecordData{std::move(owner), type, 60, std::move(data)};
}

// The TXT values to publish at fqdn; an empty zone leaves finding it to the provider.
inline ChallengeRecord txt_record(const std::string& fqdn, std::vector<std::string> texts,
                                  const std::string& zone = "") {
  ChallengeRecord record{fqdn, zone, {}};
  for (auto& text : texts) record.values.push_back({std::move(text), "", "", ""});
  return record;
}

// What a provider is asked to publish for an order of *.example.test and example.test: two values at
// one name, as RFC 8555 §8.4 has it for a wildcard and its apex.
inline ChallengeRecord wildcard_and_apex_record(std::string zone = "example.test.") {
  return ChallengeRecord{"_acme-challenge.example.test.",
                         std::move(zone),
                         {TxtValue{"value-one", "*.example.test", "tok1", "tok1.thumb"},
                          TxtValue{"value-two", "example.test", "tok2", "tok2.thumb"}}};
}

}  // namespace acmecli::test
