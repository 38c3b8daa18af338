// The inwx provider against a scripted DomRobot XML-RPC API in the shapes of its documentation
// (https://www.inwx.de/en/help/apidoc): account.login (session cookie, tfa), account.unlock with the TOTP
// code of the shared secret, nameserver.createRecord per value, nameserver.deleteRecord by id (ids of
// values INWX already had found with nameserver.info), account.logout; {code, msg, reason} errors.
#include <catch2/catch.hpp>

#include "acmecli/error.hpp"
#include "crypto/totp.hpp"
#include "dns/provider_env.hpp"
#include "dns/providers/inwx.hpp"
#include "dns/providers/xml_rpc.hpp"
#include "dns_fakes.hpp"
#include "provider_settings.hpp"

using namespace acmecli;
using acmecli::test::ScriptedTransport;

namespace {

const std::string inwx_endpoint = "http://127.0.0.1:9/xmlrpc/";
const std::string inwx_secret_base32 = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";

dns::InwxConfig inwx_config_of(std::map<std::string, std::string> values) {
  return dns::read_inwx_config(dns::ProviderEnv(test::env_lookup_of(std::move(values)), "inwx"));
}

std::string inwx_method(const HttpRequest& request) {
  auto at = request.body.find("<methodName>");
  return at == std::string::npos ? ""
                                 : request.body.substr(at + 12, request.body.find('<', at + 12) - at - 12);
}

// The text of the request's string member `name` (as the provider writes it: <string>...</string>).
std::string inwx_member(const HttpRequest& request, const std::string& name) {
  auto at = request.body.find("<name>" + name + "</name><value>");
  if (at == std::string::npos) return "<absent>";
  at = request.body.find('>', request.body.find("<value>", at) + 7) + 1;
  return request.body.substr(at, request.body.find('<', at) - at);
}

HttpResponse inwx_answer(int code, const std::string& msg, const std::string& data = "",
                         HeaderList headers = {}) {
  std::string body =
      "<?xml version=\"1.0\"?><methodResponse><params><param><value><struct>"
      "<member><name>code</name><value><int>" +
      std::to_string(code) +
      "</int></value></member>"
      "<member><name>msg</name><value><string>" +
      msg + "</string></value></member>" +
      (data.empty() ? ""
                    : "<member><name>resData</name><value><struct>" + data + "</struct></value></member>") +
      "</struct></value></param></params></methodResponse>";
  return {200, std::move(headers), body};
}

std::string member(const std::string& name, const std::string& typed) {
  return "<member><name>" + name + "</name><value>" + typed + "</value></member>";
}

// A DomRobot that wants a 2FA unlock with the right TAN and counts what it was asked.
struct FakeDomRobot {
  std::shared_ptr<ScriptedTransport> transport = std::make_shared<ScriptedTransport>();
  std::shared_ptr<test::SteppingClock> clock = std::make_shared<test::SteppingClock>();
  bool two_factor = true;
  bool object_exists = false;
  int next_id = 41;
  int logins = 0;
  std::string live_cookie;  // the session INWX still knows; "" once it has ended it

  FakeDomRobot() {
    transport->answer = [this](const HttpRequest& request) -> HttpResponse {
      std::string method = inwx_method(request);
      if (method == "account.login") {
        if (inwx_member(request, "pass") != "pw") return inwx_answer(2200, "Authentication error");
        live_cookie = "domrobot=sess-" + std::to_string(++logins);
        return inwx_answer(1000, "Command completed successfully",
                           member("tfa", two_factor ? "<string>GOOGLE-AUTH</string>" : "<string>0</string>"),
                           {{"set-cookie", live_cookie + "; path=/; HttpOnly"}});
      }
      if (live_cookie.empty() || test::ScriptedTransport::header(request, "Cookie") != live_cookie)
        return inwx_answer(2200, "Authentication error");
      if (method == "account.unlock") {
        Secret key = base32_secret(Secret(inwx_secret_base32), "test");
        if (inwx_member(request, "tan") != totp_code(key, clock->now()))
          return inwx_answer(2200, "Authentication error", "", {});
        return inwx_answer(1000, "Command completed successfully");
      }
      if (method == "nameserver.createRecord") {
        if (object_exists) return inwx_answer(2302, "Object exists");
        return inwx_answer(1000, "Command completed successfully",
                           member("id", "<int>" + std::to_string(++next_id) + "</int>"));
      }
      if (method == "nameserver.info")
        return inwx_answer(1000, "Command completed successfully",
                           member("domain", "<string>example.test</string>") +
                               member("record",
                                      "<array><data>"
                                      "<value><struct>" +
                                          member("id", "<int>7</int>") +
                                          member("name", "<string>_acme-challenge.example.test</string>") +
                                          member("content", "<string>value-one</string>") +
                                          "</struct></value>"
                                          "<value><struct>" +
                                          member("id", "<int>8</int>") +
                                          member("name", "<string>_acme-challenge.example.test</string>") +
                                          member("content", "<string>foreign</string>") +
                                          "</struct></value>"
                                          "</data></array>"));
      if (method == "account.logout")
        return inwx_answer(1500, "Command completed successfully; ending session");
      return inwx_answer(1000, "Command completed successfully");
    };
  }

  std::vector<std::string> methods() const {
    std::vector<std::string> out;
    for (const auto& request : transport->requests) out.push_back(inwx_method(request));
    return out;
  }
};

}  // namespace

TEST_CASE("inwx reads lego's variables with lego's defaults", "[dns][inwx]") {
  auto config = inwx_config_of({{"INWX_USERNAME", "user"}, {"INWX_PASSWORD", "pw"}});
  CHECK(config.username == "user");
  CHECK(config.api_url == "https://api.domrobot.com/xmlrpc/");
  CHECK_FALSE(config.totp_key.has_value());
  CHECK(config.timings.ttl == std::chrono::seconds(300));
  CHECK(config.timings.propagation_timeout == std::chrono::seconds(360));
  CHECK(config.timings.polling_interval == std::chrono::seconds(2));
  CHECK(inwx_config_of({{"INWX_USERNAME", "u"}, {"INWX_PASSWORD", "p"}, {"INWX_SANDBOX", "true"}}).api_url ==
        "https://api.ote.domrobot.com/xmlrpc/");
  CHECK(inwx_config_of(
            {{"INWX_USERNAME", "u"}, {"INWX_PASSWORD", "p"}, {"INWX_SHARED_SECRET", inwx_secret_base32}})
            .totp_key->reveal() == "12345678901234567890");
  CHECK_THAT(
      test::usage_error_of([] {
        inwx_config_of({{"INWX_USERNAME", "u"}, {"INWX_PASSWORD", "p"}, {"INWX_SHARED_SECRET", "s3cr3t!"}});
      }),
      Catch::Contains("INWX_SHARED_SECRET is not base32"));
  CHECK_THAT(test::usage_error_of([] {
               make_dns_provider("inwx", test::env_lookup_of({{"INWX_USERNAME", "u"}}));
             }),
             Catch::Contains("the inwx DNS provider needs INWX_PASSWORD (or INWX_PASSWORD_FILE)"));
}

TEST_CASE("inwx logs in once, unlocks with the TOTP code, and deletes exactly the records it created",
          "[dns][inwx]") {
  FakeDomRobot robot;
  robot.clock->elapsed = std::chrono::seconds(1'700'000'000);
  {
    dns::InwxProvider provider(inwx_config_of({{"INWX_USERNAME", "user"},
                                               {"INWX_PASSWORD", "pw"},
                                               {"INWX_SHARED_SECRET", inwx_secret_base32},
                                               {"INWX_API_URL", inwx_endpoint}}),
                               robot.transport, robot.clock);
    provider.present({test::wildcard_and_apex_record()});
    CHECK(robot.methods() == std::vector<std::string>{"account.login", "account.unlock",
                                                      "nameserver.createRecord", "nameserver.createRecord"});
    const auto& requests = robot.transport->requests;
    CHECK(requests[0].url == inwx_endpoint);
    CHECK(ScriptedTransport::header(requests[0], "Content-Type") == "text/xml");
    CHECK(ScriptedTransport::header(requests[0], "Cookie").empty());
    CHECK(inwx_member(requests[2], "domain") == "example.test");
    CHECK(inwx_member(requests[2], "name") == "_acme-challenge.example.test");
    CHECK(inwx_member(requests[2], "type") == "TXT");
    CHECK(inwx_member(requests[2], "content") == "value-one");
    CHECK(requests[2].body.find("<name>ttl</name><value><int>300</int></value>") != std::string::npos);
    CHECK(inwx_member(requests[3], "content") == "value-two");

    robot.transport->requests.clear();
    provider.cleanup({test::wildcard_and_apex_record()});
    // The session of the present serves the cleanup: no second login (INWX takes a TAN once).
    CHECK(robot.methods() ==
          std::vector<std::string>{"nameserver.deleteRecord", "nameserver.deleteRecord", "account.logout"});
    CHECK(robot.transport->requests[0].body.find("<name>id</name><value><int>42</int></value>") !=
          std::string::npos);
    CHECK(robot.transport->requests[1].body.find("<name>id</name><value><int>43</int></value>") !=
          std::string::npos);
    CHECK(robot.clock->sleeps.empty());

    // A second login within the same 30 seconds waits for the next code instead of reusing one.
    robot.transport->requests.clear();
    provider.present({test::wildcard_and_apex_record()});
    REQUIRE(robot.clock->sleeps.size() == 1);
    CHECK(robot.clock->sleeps[0] > std::chrono::seconds(0));
    CHECK(robot.clock->sleeps[0] <= std::chrono::milliseconds(30'100));
    CHECK(robot.methods()[1] == "account.unlock");
    robot.transport->requests.clear();
  }
  // The provider going away logs out of the session its last present left open.
  CHECK(robot.methods() == std::vector<std::string>{"account.logout"});
}

TEST_CASE("inwx finds the ids of values INWX already had with nameserver.info", "[dns][inwx]") {
  FakeDomRobot robot;
  robot.two_factor = false;
  robot.object_exists = true;
  dns::InwxProvider provider(
      inwx_config_of({{"INWX_USERNAME", "user"}, {"INWX_PASSWORD", "pw"}, {"INWX_API_URL", inwx_endpoint}}),
      robot.transport, robot.clock);
  provider.present({test::wildcard_and_apex_record()});  // "Object exists" is not an error
  CHECK(robot.methods() ==
        std::vector<std::string>{"account.login", "nameserver.createRecord", "nameserver.createRecord"});
  robot.transport->requests.clear();
  provider.cleanup({test::wildcard_and_apex_record()});
  // value-one is record 7; value-two is not there; the foreign record 8 is never touched.
  CHECK(robot.methods() == std::vector<std::string>{"nameserver.info", "nameserver.deleteRecord",
                                                    "nameserver.info", "account.logout"});
  CHECK(robot.transport->requests[1].body.find("<int>7</int>") != std::string::npos);
}

TEST_CASE("inwx logs in again when INWX has ended the session kept since present", "[dns][inwx]") {
  FakeDomRobot robot;
  robot.two_factor = false;
  dns::InwxProvider provider(
      inwx_config_of({{"INWX_USERNAME", "user"}, {"INWX_PASSWORD", "pw"}, {"INWX_API_URL", inwx_endpoint}}),
      robot.transport, robot.clock);
  provider.present({test::wildcard_and_apex_record()});
  robot.live_cookie.clear();  // a long propagation wait: INWX ended the session
  robot.transport->requests.clear();
  provider.cleanup({test::wildcard_and_apex_record()});
  CHECK(robot.methods() == std::vector<std::string>{"nameserver.deleteRecord", "account.login",
                                                    "nameserver.deleteRecord", "nameserver.deleteRecord",
                                                    "account.logout"});
  CHECK(ScriptedTransport::header(robot.transport->requests[2], "Cookie") == "domrobot=sess-2");
}

TEST_CASE("inwx reports its own error text, and a 2FA account without a shared secret says so",
          "[dns][inwx]") {
  FakeDomRobot robot;
  dns::InwxProvider wrong(
      inwx_config_of(
          {{"INWX_USERNAME", "user"}, {"INWX_PASSWORD", "wrong"}, {"INWX_API_URL", inwx_endpoint}}),
      robot.transport, robot.clock);
  CHECK(test::error_of(ErrorKind::challenge, [&] { wrong.present({test::wildcard_and_apex_record()}); }) ==
        "inwx: logging in as user failed: Authentication error (code 2200)");

  dns::InwxProvider no_secret(
      inwx_config_of({{"INWX_USERNAME", "user"}, {"INWX_PASSWORD", "pw"}, {"INWX_API_URL", inwx_endpoint}}),
      robot.transport, robot.clock);
  CHECK_THAT(
      test::error_of(ErrorKind::challenge, [&] { no_secret.present({test::wildcard_and_apex_record()}); }),
      Catch::Contains("inwx: the account user has two-factor authentication; INWX_SHARED_SECRET must hold"));

  robot.transport->answer = [](const HttpRequest&) -> HttpResponse {
    return {200,
            {},
            "<methodResponse><fault><value><struct>"
            "<member><name>faultCode</name><value><int>-32700</int></value></member>"
            "<member><name>faultString</name><value><string>parse error</string></value></member>"
            "</struct></value></fault></methodResponse>"};
  };
  dns::InwxProvider faulted(
      inwx_config_of({{"INWX_USERNAME", "user"}, {"INWX_PASSWORD", "pw"}, {"INWX_API_URL", inwx_endpoint}}),
      robot.transport, robot.clock);
  CHECK(test::error_of(ErrorKind::challenge, [&] { faulted.present({test::wildcard_and_apex_record()}); }) ==
        "inwx: logging in as user failed: parse error (XML-RPC fault -32700)");
  robot.transport->answer = [](const HttpRequest&) -> HttpResponse {
    return {200, {}, "<html>maintenance</html>"};
  };
  CHECK_THAT(
      test::error_of(ErrorKind::challenge, [&] { faulted.present({test::wildcard_and_apex_record()}); }),
      Catch::Contains("inwx: logging in as user failed: malformed XML-RPC answer: the root is <html>"));
}
