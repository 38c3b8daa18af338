#include "dns/providers/inwx.hpp"

#include "acmecli/error.hpp"
#include "crypto/totp.hpp"
#include "dns/dns_name.hpp"
#include "dns/providers/boolean_setting.hpp"
#include "dns/providers/cleanup_failures.hpp"
#include "dns/providers/provider_http.hpp"
#include "util/log.hpp"

namespace acmecli::dns {

namespace {

using xml_rpc::Value;

// DomRobot's result codes (https://www.inwx.de/en/help/apidoc/f/ch04.html), EPP's: 1000-1500 success
// (1500: "Command completed successfully; ending session", account.logout's).
constexpr long long kObjectExists = 2302;
constexpr long long kAuthenticationError = 2200;

bool is_success(long long code) { return code >= 1000 && code <= 1500; }

RestSettings inwx_rest_settings(const InwxConfig& config) {
  RestSettings settings;
  settings.provider = "inwx";
  settings.base_url = config.api_url;
  settings.accept = "text/xml";
  settings.describe_error = [](std::string_view body) { return body_excerpt(body); };
  return settings;  // the password and the TAN travel in the body, the session in a header: never logged
}

// "domrobot=abc; path=/; HttpOnly" -> "domrobot=abc", every cookie of the answer joined as a Cookie header.
std::string cookie_of(const HttpResponse& response) {
  std::string cookie;
  for (const std::string& header : response.headers_named("set-cookie")) {
    std::string pair = header.substr(0, header.find(';'));
    if (pair.find('=') == std::string::npos) continue;
    cookie += (cookie.empty() ? "" : "; ") + pair;
  }
  return cookie;
}

}  // namespace

InwxConfig read_inwx_config(const ProviderEnv& env) {
  InwxConfig config;
  config.username = env.require("INWX_USERNAME");
  config.password = env.require_secret("INWX_PASSWORD");
  if (auto secret = env.secret("INWX_SHARED_SECRET"); secret && !secret->empty()) {
    config.totp_key = base32_secret(*secret, "INWX_SHARED_SECRET");
  }
  if (read_boolean_setting(env, "INWX_SANDBOX", false)) config.api_url = kInwxSandboxUrl;
  if (auto url = env.get("INWX_API_URL")) {
    require_http_url("INWX_API_URL", *url);
    config.api_url = *url;
  }
  config.timings = read_provider_timings(env, "INWX", config.timings);
  return config;
}

InwxProvider::InwxProvider(InwxConfig config, std::shared_ptr<Transport> transport,
                           std::shared_ptr<Clock> clock)
    : TimedDnsProvider(config.timings),
      config_(std::move(config)),
      clock_(std::move(clock)),
      rest_(inwx_rest_settings(config_), std::move(transport), clock_) {}

InwxProvider::~InwxProvider() { log_out(); }

InwxProvider::Answer InwxProvider::call(const std::string& method,
                                        std::vector<std::pair<std::string, Value>> members,
                                        const std::string& what, std::initializer_list<long long> accepted) {
  last_code_ = 0;
  members.emplace_back("lang", Value::string("en"));
  RestCall request{"POST", "", "", {}, what};
  request.body = xml_rpc::method_call(method, {Value::structure(std::move(members))});
  request.content_type = "text/xml";
  if (session_) request.headers.emplace_back("Cookie", session_->reveal());
  Answer answer{{}, rest_.send(request)};

  xml_rpc::MethodResponse response;
  try {
    response = xml_rpc::parse_method_response(answer.http.body);
  } catch (const Error& e) {
    throw Error(ErrorKind::challenge,
                "inwx: " + what + " failed: " + e.what() + ": " + body_excerpt(answer.http.body));
  }
  if (response.fault) {
    throw Error(ErrorKind::challenge, "inwx: " + what +
                                          " failed: " + response.value.member_text("faultString") +
                                          " (XML-RPC fault " + response.value.member_text("faultCode") + ")");
  }
  auto code = response.value.member_integer("code");
  if (!code) throw Error(ErrorKind::challenge, "inwx: " + what + " failed: the answer has no result code");
  last_code_ = *code;
  if (!is_success(*code)) {
    for (long long code_accepted : accepted) {
      if (*code == code_accepted) return answer;
    }
    std::string text = response.value.member_text("msg");
    std::string reason = response.value.member_text("reason");
    throw Error(ErrorKind::challenge,
                "inwx: " + what + " failed: " + (text.empty() ? "no message given" : text) + " (code " +
                    std::to_string(*code) + ")" + (reason.empty() ? "" : ": " + reason));
  }
  if (const Value* data = response.value.member("resData")) answer.data = *data;
  return answer;
}

void InwxProvider::log_in() {
  session_.reset();
  Answer answer =
      call("account.login",
           {{"user", Value::string(config_.username)}, {"pass", Value::string(config_.password.reveal())}},
           "logging in as " + config_.username);
  std::string cookie = cookie_of(answer.http);
  if (cookie.empty()) throw Error(ErrorKind::challenge, "inwx: logging in gave no session cookie");
  session_ = Secret(cookie);
  std::string tfa = answer.data.member_text("tfa");
  if (!tfa.empty() && tfa != "0") unlock();
}

// The account has two-factor authentication: account.unlock with the current TOTP code. INWX takes a code
// once, so a second unlock within the same 30-second step waits for the next (as lego does).
void InwxProvider::unlock() {
  if (!config_.totp_key) {
    throw Error(ErrorKind::challenge,
                "inwx: the account " + config_.username +
                    " has two-factor authentication; INWX_SHARED_SECRET must hold its shared secret");
  }
  long long step = totp_step(clock_->now());
  if (last_unlock_step_ && *last_unlock_step_ >= step) {
    auto next = std::chrono::system_clock::time_point(kTotpStep * (*last_unlock_step_ + 1));
    auto wait = std::chrono::duration_cast<std::chrono::milliseconds>(next - clock_->now()) +
                std::chrono::milliseconds(100);
    spdlog::info("inwx: waiting {} ms for the next TOTP code (INWX takes each code once)", wait.count());
    clock_->sleep_for(wait);
    step = totp_step(clock_->now());
  }
  call("account.unlock", {{"tan", Value::string(totp_code(*config_.totp_key, clock_->now()))}},
       "unlocking the session with a TOTP code");
  last_unlock_step_ = step;
}

void InwxProvider::log_out() noexcept {
  if (!session_) return;
  try {
    call("account.logout", {}, "logging out");
  } catch (const std::exception&) {
    // The session expires by itself; a failed logout does not undo what was done.
  }
  session_.reset();
}

// A session kept from present() to cleanup() may have run out during a long propagation wait: a call INWX
// refuses as unauthenticated is tried once more in a new session.
void InwxProvider::in_session(const std::function<void()>& step) {
  try {
    step();
  } catch (const Error&) {
    if (last_code() != kAuthenticationError || !session_) throw;
    spdlog::info("inwx: the session was refused; logging in again");
    log_in();
    step();
  }
}

void InwxProvider::present(const std::vector<ChallengeRecord>& records) {
  if (!session_) log_in();
  for (const auto& record : records) {
    if (record.zone.empty())
      throw Error(ErrorKind::challenge,
                  "inwx: no zone known for " + without_trailing_dot(record.fqdn) +
                      " (INWX's API cannot be asked; let --dns.resolvers reach its DNS)");
    std::string zone = without_trailing_dot(record.zone);
    std::string name = without_trailing_dot(record.fqdn);
    for (const auto& value : record.values) {
      std::string what = "adding a TXT record at " + name;
      std::vector<std::pair<std::string, Value>> members = {{"domain", Value::string(zone)},
                                                            {"type", Value::string("TXT")},
                                                            {"name", Value::string(name)},
                                                            {"content", Value::string(value.text)},
                                                            {"ttl", Value::integer(timings().ttl.count())}};
      Answer answer;
      in_session([&] { answer = call("nameserver.createRecord", members, what, {kObjectExists}); });
      // "Object exists": the value is there already (an earlier run's); cleanup finds it by content.
      std::string id = last_code() == kObjectExists ? "" : answer.data.member_text("id");
      created_[{name, value.text}] = id;
    }
  }
}

std::vector<std::string> InwxProvider::record_ids(const ChallengeRecord& record, const std::string& zone,
                                                  const std::string& value) {
  std::string name = without_trailing_dot(record.fqdn);
  Answer answer =
      call("nameserver.info",
           {{"domain", Value::string(zone)}, {"name", Value::string(name)}, {"type", Value::string("TXT")}},
           "reading the TXT records at " + name);
  std::vector<std::string> ids;
  if (const Value* list = answer.data.member("record"); list && list->kind() == Value::Kind::array) {
    for (const Value& held : list->items()) {
      if (held.member_text("content") == value && same_name(held.member_text("name"), name))
        ids.push_back(held.member_text("id"));
    }
  }
  return ids;
}

void InwxProvider::cleanup(const std::vector<ChallengeRecord>& records) {
  CleanupFailures failures;
  failures.attempt([&] {
    if (!session_) log_in();
  });
  if (!session_) failures.throw_if_any();
  for (const auto& record : records) {
    if (record.zone.empty()) continue;  // present refused it: nothing of ours
    std::string zone = without_trailing_dot(record.zone);
    std::string name = without_trailing_dot(record.fqdn);
    for (const auto& value : record.values) {
      failures.attempt([&] {
        auto created = created_.find({name, value.text});
        std::vector<std::string> ids;
        if (created != created_.end() && !created->second.empty()) {
          ids.push_back(created->second);
        } else {
          in_session([&] { ids = record_ids(record, zone, value.text); });
        }
        for (const auto& id : ids) {
          bool digits = !id.empty() && id.find_first_not_of("0123456789") == std::string::npos;
          Value id_value = digits ? Value::scalar(Value::Kind::integer, id) : Value::string(id);
          std::string what = "removing the TXT record ";
          what.append(id).append(" at ").append(name);
          in_session([&] { call("nameserver.deleteRecord", {{"id", id_value}}, what); });
        }
        if (created != created_.end()) created_.erase(created);
      });
    }
  }
  // Nothing of ours left: the session has done its work.
  if (created_.empty()) log_out();
  failures.throw_if_any();
}

}  // namespace acmecli::dns
