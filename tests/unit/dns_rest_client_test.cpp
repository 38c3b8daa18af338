// The REST helper the HTTP-API DNS providers share, against a scripted transport and a clock that does
// not sleep.
#include <catch2/catch.hpp>

#include "acmecli/error.hpp"
#include "dns/providers/rest_client.hpp"
#include "dns_fakes.hpp"
#include "error_of.hpp"

using namespace acmecli;
using acmecli::test::ScriptedTransport;
using acmecli::test::SteppingClock;

namespace {
struct RestFixture {
  std::shared_ptr<ScriptedTransport> transport = std::make_shared<ScriptedTransport>();
  std::shared_ptr<SteppingClock> clock = std::make_shared<SteppingClock>();

  dns::RestClient client(int attempts = 3) {
    dns::RestSettings settings;
    settings.provider = "example";
    settings.base_url = "http://127.0.0.1:9/api/v1";
    settings.headers = {{"X-API-Key", "the-secret-key"}};
    settings.attempts = attempts;
    return dns::RestClient(settings, transport, clock);
  }
};
}  // namespace

TEST_CASE("a REST call joins the path, sends the auth headers and a JSON body, and returns a 2xx", "[dns][rest]") {
  RestFixture fixture;
  fixture.transport->answer = [](const HttpRequest&) { return HttpResponse{201, {}, R"({"id":"r1"})"}; };
  auto answer = fixture.client().send({"PATCH", "servers/localhost/zones/x.", R"({"a":1})",
                                       {{"X-Extra", "yes"}}, "changing x"});
  CHECK(answer.status == 201);
  CHECK(answer.body == R"({"id":"r1"})");
  REQUIRE(fixture.transport->requests.size() == 1);
  const auto& request = fixture.transport->requests[0];
  CHECK(request.method == "PATCH");
  CHECK(request.url == "http://127.0.0.1:9/api/v1/servers/localhost/zones/x.");
  CHECK(request.body == R"({"a":1})");
  CHECK(ScriptedTransport::header(request, "Content-Type") == "application/json");
  CHECK(ScriptedTransport::header(request, "X-API-Key") == "the-secret-key");
  CHECK(ScriptedTransport::header(request, "X-Extra") == "yes");
  CHECK(fixture.clock->sleeps.empty());
}

TEST_CASE("a call may send another body type and Accept, and a signing hook sees each final request",
          "[dns][rest]") {
  RestFixture fixture;
  dns::RestSettings settings;
  settings.provider = "example";
  settings.base_url = "http://127.0.0.1:9/2013-04-01";
  settings.headers = {{"X-Static", "s"}};
  settings.accept = "application/xml";
  std::vector<std::string> seen;  // what the hook saw: the headers already there, the body
  int signatures = 0;
  settings.sign = [&](HttpRequest& request) {
    std::string headers;
    for (const auto& [name, value] : request.headers) headers += name + "=" + value + ";";
    seen.push_back(request.method + " " + request.url + " " + headers + " " + request.body);
    request.headers.emplace_back("Authorization", "signed-" + std::to_string(++signatures));
  };
  int calls = 0;
  fixture.transport->answer = [&](const HttpRequest&) {
    return ++calls == 1 ? HttpResponse{503, {}, "busy"} : HttpResponse{200, {}, "<ok/>"};
  };
  dns::RestClient client(settings, fixture.transport, fixture.clock);
  dns::RestCall call{"POST", "hostedzone/Z1/rrset/", "", {{"X-Call", "c"}}, "changing x"};
  call.body = "<Change/>";
  call.content_type = "text/xml";
  CHECK(client.send(call).body == "<ok/>");
  REQUIRE(fixture.transport->requests.size() == 2);
  const auto& request = fixture.transport->requests[1];
  CHECK(request.body == "<Change/>");
  CHECK(ScriptedTransport::header(request, "Content-Type") == "text/xml");
  CHECK(ScriptedTransport::header(request, "Accept") == "application/xml");
  // Signed again for the retry, each time over every header the call sends, not once for both.
  CHECK(ScriptedTransport::header(fixture.transport->requests[0], "Authorization") == "signed-1");
  CHECK(ScriptedTransport::header(request, "Authorization") == "signed-2");
  REQUIRE(seen.size() == 2);
  CHECK(seen[1] == "POST http://127.0.0.1:9/2013-04-01/hostedzone/Z1/rrset/ "
                   "Accept=application/xml;Content-Type=text/xml;X-Static=s;X-Call=c; <Change/>");
}

TEST_CASE("a 429 or 5xx answer is tried again, waiting as Retry-After says, at most `attempts` times",
          "[dns][rest]") {
  RestFixture fixture;
  int calls = 0;
  fixture.transport->answer = [&](const HttpRequest&) {
    ++calls;
    if (calls == 1) return HttpResponse{429, {{"retry-after", "7"}}, R"({"error":"slow down"})"};
    if (calls == 2) return HttpResponse{503, {}, "busy"};
    return HttpResponse{200, {}, "{}"};
  };
  CHECK(fixture.client().send({"GET", "zones", "", {}, "listing zones"}).status == 200);
  CHECK(calls == 3);
  CHECK(fixture.clock->sleeps == std::vector<std::chrono::milliseconds>{std::chrono::seconds(7), std::chrono::seconds(2)});

  // Bounded: after the last attempt the provider's error is reported, and a huge Retry-After is capped.
  RestFixture always_busy;
  always_busy.transport->answer = [](const HttpRequest&) {
    return HttpResponse{503, {{"retry-after", "86400"}}, R"({"error":"Service Unavailable"})"};
  };
  auto client = always_busy.client(2);
  auto message = test::error_of(ErrorKind::challenge, [&] { client.send({"GET", "zones", "", {}, "listing zones"}); });
  CHECK(message == "example: listing zones failed (HTTP 503): Service Unavailable");
  CHECK(always_busy.transport->requests.size() == 2);
  CHECK(always_busy.clock->sleeps == std::vector<std::chrono::milliseconds>{std::chrono::seconds(30)});
}

TEST_CASE("other errors are not retried and carry the provider's own text, never a credential", "[dns][rest]") {
  RestFixture fixture;
  fixture.transport->answer = [](const HttpRequest&) {
    return HttpResponse{422, {}, R"({"error": "RRset x. IN TXT: Conflicts with pre-existing RRset"})"};
  };
  auto client = fixture.client();
  auto message = test::error_of(ErrorKind::challenge, [&] { client.send({"PATCH", "z", "{}", {}, "adding x"}); });
  CHECK(message == "example: adding x failed (HTTP 422): RRset x. IN TXT: Conflicts with pre-existing RRset");
  CHECK_THAT(message, !Catch::Contains("the-secret-key"));
  CHECK(fixture.transport->requests.size() == 1);

  fixture.transport->answer = [](const HttpRequest&) { return HttpResponse{404, {}, "Not Found"}; };
  CHECK(client.send({"GET", "zones/y.", "", {}, "finding y"}, {404}).status == 404);
  CHECK_THAT(test::error_of(ErrorKind::challenge, [&] { client.send({"GET", "zones/y.", "", {}, "finding y"}); }),
             Catch::Contains("finding y failed (HTTP 404): Not Found"));
}

TEST_CASE("no answer at all is the transport's error, with the provider and the call named", "[dns][rest]") {
  RestFixture fixture;
  fixture.transport->answer = [](const HttpRequest&) -> HttpResponse {
    throw Error(ErrorKind::network, "could not connect to http://user:pw@127.0.0.1:9/api/v1/zones");
  };
  dns::RestSettings settings;
  settings.provider = "example";
  settings.base_url = "http://user:pw@127.0.0.1:9/api/v1";
  dns::RestClient client(settings, fixture.transport, fixture.clock);
  auto message = test::error_of(ErrorKind::network, [&] { client.send({"GET", "zones", "", {}, "listing zones"}); });
  CHECK_THAT(message, Catch::StartsWith("example: listing zones failed: could not connect"));
  CHECK_THAT(message, !Catch::Contains("pw@"));
}

TEST_CASE("describe_api_error reads the common error shapes", "[dns][rest]") {
  CHECK(dns::describe_api_error(R"({"error":"Unauthorized"})") == "Unauthorized");
  CHECK(dns::describe_api_error(R"({"message":"Invalid token"})") == "Invalid token");
  CHECK(dns::describe_api_error(R"({"detail":"Invalid token."})") == "Invalid token.");
  CHECK(dns::describe_api_error(R"({"error":{"code":"not_found","message":"zone not found"}})") == "zone not found");
  CHECK(dns::describe_api_error(R"({"errors":[{"message":"a"},"b"]})") == "a; b");
  CHECK(dns::describe_api_error("<html>Bad gateway</html>") == "<html>Bad gateway</html>");
  CHECK(dns::describe_api_error("").empty());
}
