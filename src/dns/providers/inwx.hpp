// INWX's DomRobot API (https://www.inwx.de/en/help/apidoc), XML-RPC over HTTPS (xml_rpc.hpp), with
// lego's inwx variables: INWX_USERNAME, INWX_PASSWORD, INWX_SHARED_SECRET (the TOTP secret of an account
// with two-factor authentication), INWX_SANDBOX (the OTE at api.ote.domrobot.com), INWX_TTL (300),
// INWX_PROPAGATION_TIMEOUT (360), INWX_POLLING_INTERVAL (2); INWX_API_URL (acmecli's own) moves the
// endpoint, for tests.
//
// account.login answers with a session cookie (domrobot=...) that every later call carries; when it says
// tfa GOOGLE-AUTH, account.unlock takes the current TOTP code (RFC 6238, crypto/totp.hpp). INWX refuses a
// code used before, so one session serves a present and the cleanup after it (one login per run, not
// two logins in the same 30 seconds), and a second login in the same step waits for the next code. Each
// value is one nameserver.createRecord; cleanup deletes those records by id (nameserver.deleteRecord),
// finding with nameserver.info the ids of values INWX already had ("Object exists"), and logs out once
// nothing of ours is left. Answers carry {code, msg, reason, resData}; a code outside 1000-1500 is an
// error.
#pragma once

#include <chrono>
#include <functional>
#include <initializer_list>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "acmecli/clock.hpp"
#include "acmecli/dns01.hpp"
#include "acmecli/http.hpp"
#include "acmecli/secret.hpp"
#include "dns/provider_env.hpp"
#include "dns/providers/provider_timings.hpp"
#include "dns/providers/rest_client.hpp"
#include "dns/providers/xml_rpc.hpp"

namespace acmecli::dns {

inline constexpr std::string_view kInwxApiUrl = "https://api.domrobot.com/xmlrpc/";
inline constexpr std::string_view kInwxSandboxUrl = "https://api.ote.domrobot.com/xmlrpc/";

struct InwxConfig {
  std::string api_url{kInwxApiUrl};  // INWX_SANDBOX, INWX_API_URL
  std::string username;              // INWX_USERNAME
  Secret password;                   // INWX_PASSWORD
  std::optional<Secret> totp_key;    // INWX_SHARED_SECRET, base32-decoded
  ProviderTimings timings{.ttl = std::chrono::seconds(300),
                          .propagation_timeout = std::chrono::seconds(360),
                          .polling_interval = std::chrono::seconds(2)};
};

InwxConfig read_inwx_config(const ProviderEnv& env);

class InwxProvider final : public TimedDnsProvider {
 public:
  InwxProvider(InwxConfig config, std::shared_ptr<Transport> transport,
               std::shared_ptr<Clock> clock = std::make_shared<SystemClock>());
  ~InwxProvider() override;  // logs out of a session still open (best effort)
  InwxProvider(const InwxProvider&) = delete;
  InwxProvider& operator=(const InwxProvider&) = delete;

  std::string_view name() const override { return "inwx"; }
  void present(const std::vector<ChallengeRecord>& records) override;
  void cleanup(const std::vector<ChallengeRecord>& records) override;

 private:
  struct Answer {
    xml_rpc::Value data;  // resData; nil when the answer has none
    HttpResponse http;
  };
  // One method with one struct of members (and "lang"), in the session when there is one. Throws
  // Error(challenge) "inwx: <what> failed: <msg> (code N): <reason>" for an error code, unless the code
  // is in `accepted` (then returned with data nil).
  Answer call(const std::string& method, std::vector<std::pair<std::string, xml_rpc::Value>> members,
              const std::string& what, std::initializer_list<long long> accepted = {});
  // The code of the last call (for "Object exists").
  long long last_code() const { return last_code_; }
  void log_in();
  void unlock();
  void log_out() noexcept;
  void in_session(const std::function<void()>& step);
  std::vector<std::string> record_ids(const ChallengeRecord& record, const std::string& zone,
                                      const std::string& value);

  InwxConfig config_;
  std::shared_ptr<Clock> clock_;
  RestClient rest_;
  std::optional<Secret> session_;              // the Cookie header's value while logged in
  std::optional<long long> last_unlock_step_;  // the TOTP step whose code was last used
  long long last_code_ = 0;
  std::map<std::pair<std::string, std::string>, std::string>
      created_;  // (fqdn, value) -> record id; "" unknown
};

}  // namespace acmecli::dns
