// The etcd client (issue 21): what it sends to etcd's JSON gateway and how it reads the answers, with a
// scripted transport; and, tagged "[etcd]", the same client and the lock against a real etcd, which
// tests/e2e/test_etcd.sh starts and names in ETCD_ENDPOINTS (hidden from a plain unit test run).
#include <catch2/catch.hpp>

#include <cstdlib>
#include <thread>

#include "etcd_test_endpoints.hpp"
#include "acme/json.hpp"
#include "acmecli/error.hpp"
#include "crypto/encoding.hpp"
#include "dns_fakes.hpp"
#include "storage/etcd/etcd_client.hpp"
#include "storage/etcd/etcd_lock.hpp"
#include "acmecli/etcd_cache.hpp"

using namespace acmecli;
using acmecli::test::ScriptedTransport;

namespace {

etcd::Client scripted_client(std::shared_ptr<ScriptedTransport> transport,
                             std::vector<std::string> endpoints = {"http://127.0.0.1:1"}) {
  return etcd::Client({std::move(endpoints), "", Secret()}, std::move(transport));
}

std::string b64(std::string_view text) { return base64_encode(text); }

}  // namespace

TEST_CASE("prefix_end is the first key after every key with the prefix", "[etcd]") {
  CHECK(etcd::prefix_end("acme/") == "acme0");
  CHECK(etcd::prefix_end("a\xff") == "b");
  CHECK(etcd::prefix_end("") == std::string(1, '\0'));
  CHECK(etcd::prefix_end("\xff\xff") == std::string(1, '\0'));
}

TEST_CASE("a transaction is sent as the gateway's JSON and its answer read back", "[etcd]") {
  auto transport = std::make_shared<ScriptedTransport>();
  transport->answer = [](const HttpRequest&) {
    return HttpResponse{200, {}, R"({"header":{"revision":"7"},"succeeded":false,"responses":[
      {"response_range":{"kvs":[{"key":")" + b64("lock") + R"(","value":")" + b64("host-a") +
                                     R"(","create_revision":"5","mod_revision":"6","version":"2","lease":"99"}]}}]})"};
  };
  auto client = scripted_client(transport);
  auto result = client.transaction({etcd::created_at("lock", 0)}, {etcd::put_operation("lock", "host-b", 42)},
                                   {etcd::get_operation("lock")});
  REQUIRE(transport->requests.size() == 1);
  CHECK(transport->requests[0].url == "http://127.0.0.1:1/v3/kv/txn");
  auto sent = json::parse_object(transport->requests[0].body, "request");
  const auto& compare = sent["compare"][0];
  CHECK(std::string(compare["target"].GetString()) == "CREATE");
  CHECK(std::string(compare["result"].GetString()) == "EQUAL");
  CHECK(std::string(compare["create_revision"].GetString()) == "0");  // int64 as a string, as the gateway wants
  CHECK(std::string(compare["key"].GetString()) == b64("lock"));
  const auto& put = sent["success"][0]["request_put"];
  CHECK(std::string(put["value"].GetString()) == b64("host-b"));
  CHECK(std::string(put["lease"].GetString()) == "42");
  CHECK(sent["failure"][0].HasMember("request_range"));

  CHECK_FALSE(result.succeeded);
  CHECK(result.revision == 7);
  REQUIRE(result.gets.size() == 1);
  REQUIRE(result.gets[0].size() == 1);
  const etcd::KeyValue& held = result.gets[0][0];
  CHECK(held.value == "host-a");
  CHECK(held.create_revision == 5);
  CHECK(held.mod_revision == 6);
  CHECK(held.version == 2);
  CHECK(held.lease == 99);
}

TEST_CASE("an endpoint that does not answer is skipped; a refusal carries etcd's words", "[etcd]") {
  auto transport = std::make_shared<ScriptedTransport>();
  transport->answer = [](const HttpRequest& request) -> HttpResponse {
    if (request.url.rfind("http://down", 0) == 0) throw Error(ErrorKind::network, "connection refused");
    return HttpResponse{400, {}, R"({"error":"x","message":"etcdserver: mvcc: required revision has been compacted","code":11})"};
  };
  auto client = scripted_client(transport, {"http://down:2379", "http://up:2379"});
  try {
    client.get("acme/accounts");
    FAIL("no error");
  } catch (const Error& e) {
    CHECK(e.kind() == ErrorKind::local_file);
    CHECK_THAT(e.what(), Catch::Contains("etcd: reading acme/accounts failed (HTTP 400 from http://up:2379)") &&
                             Catch::Contains("required revision has been compacted"));
  }
  CHECK(transport->requests.size() == 2);

  transport->answer = [](const HttpRequest&) -> HttpResponse { throw Error(ErrorKind::network, "timed out"); };
  CHECK_THROWS_WITH(client.get("k"), Catch::Contains("no endpoint answered") &&
                                         Catch::Contains("http://down:2379: timed out") &&
                                         Catch::Contains("http://up:2379: timed out"));
}

TEST_CASE("while the members elect a leader, the request is sent again until one answers", "[etcd]") {
  auto transport = std::make_shared<ScriptedTransport>();
  int unavailable = 3;
  transport->answer = [&](const HttpRequest&) -> HttpResponse {
    if (unavailable > 0) {
      --unavailable;
      return HttpResponse{503, {}, R"({"error":"x","message":"etcdserver: leader changed","code":14})"};
    }
    return HttpResponse{200, {}, R"({"header":{"revision":"7"},"kvs":[{"key":")" + b64("k") + R"(","value":")" +
                                     b64("v") + R"("}]})"};
  };
  auto client = scripted_client(transport, {"http://a:2379", "http://b:2379"});
  CHECK(client.get("k")->value == "v");
  CHECK(transport->requests.size() == 4);  // a and b refused, a refused, b answered

  // A refusal that is no election (4xx) is not sent again.
  transport->requests.clear();
  transport->answer = [](const HttpRequest&) -> HttpResponse {
    return HttpResponse{400, {}, R"({"error":"x","message":"etcdserver: request is too large","code":3})"};
  };
  CHECK_THROWS_WITH(client.get("k"), Catch::Contains("request is too large"));
  CHECK(transport->requests.size() == 1);
}

TEST_CASE("with a user, a token is fetched first and sent; an expired one is fetched again once", "[etcd]") {
  auto transport = std::make_shared<ScriptedTransport>();
  int tokens = 0;
  bool expire_next = false;
  transport->answer = [&](const HttpRequest& request) -> HttpResponse {
    if (request.url.find("/v3/auth/authenticate") != std::string::npos) {
      return HttpResponse{200, {}, R"({"token":"token-)" + std::to_string(++tokens) + R"("})"};
    }
    if (expire_next) {
      expire_next = false;
      return HttpResponse{401, {}, R"({"message":"etcdserver: invalid auth token","code":16})"};
    }
    return HttpResponse{200, {}, R"({"kvs":[{"key":")" + b64("k") + R"(","value":")" + b64("v") + R"("}]})"};
  };
  etcd::Client client({{"http://127.0.0.1:1"}, "acme", Secret("s3cret")}, transport);
  CHECK(client.get("k")->value == "v");
  auto body = json::parse_object(transport->requests[0].body, "authenticate");
  CHECK(std::string(body["name"].GetString()) == "acme");
  CHECK(ScriptedTransport::header(transport->requests[1], "Authorization") == "token-1");
  expire_next = true;
  CHECK(client.get("k")->value == "v");
  CHECK(tokens == 2);
  CHECK(ScriptedTransport::header(transport->requests.back(), "Authorization") == "token-2");
}

// ---------------------------------------------------------------------------------------------
// Against a real etcd.

namespace {

etcd::Client real_client(std::vector<std::string> endpoints) {
  return etcd::Client({std::move(endpoints), "", Secret()}, make_curl_transport({}));
}

}  // namespace

TEST_CASE("keys are written, read, listed by prefix and removed", "[.][etcd]") {
  auto endpoints = etcd_test::endpoints();
  if (endpoints.empty()) return;
  auto client = real_client(endpoints);
  const std::string binary("a\0b\xff", 4);
  const auto first = client.put("kv/one", "1");
  client.put("kv/two", binary);
  client.put("kw/other", "x");
  auto one = client.get("kv/one");
  REQUIRE(one);
  CHECK(one->value == "1");
  CHECK(one->create_revision == first);
  CHECK(client.get("kv/two")->value == binary);
  auto listed = client.list("kv/");
  REQUIRE(listed.size() == 2);
  CHECK(listed[0].key == "kv/one");
  CHECK(listed[1].key == "kv/two");
  CHECK(client.remove("kv/one"));
  CHECK_FALSE(client.remove("kv/one"));
  CHECK_FALSE(client.get("kv/one"));
}

TEST_CASE("a key on a revoked lease is gone", "[.][etcd]") {
  auto endpoints = etcd_test::endpoints();
  if (endpoints.empty()) return;
  auto client = real_client(endpoints);
  const auto lease = client.grant_lease(std::chrono::seconds(30));
  client.put("lease/key", "v", lease);
  CHECK(client.get("lease/key")->lease == lease);
  CHECK(client.keep_alive(lease) > std::chrono::seconds(0));
  client.revoke_lease(lease);
  CHECK_FALSE(client.get("lease/key"));
  CHECK(client.keep_alive(lease) == std::chrono::seconds(0));
}

TEST_CASE("a dead endpoint first in the list costs nothing but the attempt", "[.][etcd]") {
  auto endpoints = etcd_test::endpoints();
  if (endpoints.empty()) return;
  endpoints.insert(endpoints.begin(), "http://127.0.0.1:1");  // nothing listens on port 1
  auto client = real_client(endpoints);
  client.put("failover/key", "v");
  CHECK(client.get("failover/key")->value == "v");
}

TEST_CASE("one host holds a lock; another waits, is told who holds it, and takes it once released", "[.][etcd]") {
  auto endpoints = etcd_test::endpoints();
  if (endpoints.empty()) return;
  auto a = real_client(endpoints);
  auto b = real_client(endpoints);
  auto held = etcd::Lock::acquire(a, "locks/one", "host-a pid 1", std::chrono::seconds(10), std::chrono::seconds(1));
  CHECK_THROWS_WITH(etcd::Lock::acquire(b, "locks/one", "host-b pid 2", std::chrono::seconds(10),
                                        std::chrono::milliseconds(600)),
                    Catch::Contains("the lock locks/one is held by host-a pid 1"));
  std::thread releaser([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    held->release();
  });
  auto taken = etcd::Lock::acquire(b, "locks/one", "host-b pid 2", std::chrono::seconds(10), std::chrono::seconds(5));
  releaser.join();
  CHECK(taken->fencing_token() > held->fencing_token());
  CHECK(b.get("locks/one")->value == "host-b pid 2");
}

TEST_CASE("a host that waits longer than its own lease for a dead holder still takes the lock", "[.][etcd]") {
  auto endpoints = etcd_test::endpoints();
  if (endpoints.empty()) return;
  auto client = real_client(endpoints);
  // A holder that died: its key is on a 2 s lease that nobody keeps alive.
  const std::int64_t dead = client.grant_lease(std::chrono::seconds(2));
  client.put("locks/dead", "host-a (killed)", dead);
  const auto start = std::chrono::steady_clock::now();
  auto taken = etcd::Lock::acquire(client, "locks/dead", "host-b", std::chrono::seconds(1), std::chrono::seconds(10));
  CHECK(std::chrono::steady_clock::now() - start >= std::chrono::seconds(1));
  CHECK(client.get("locks/dead")->value == "host-b");
  CHECK_FALSE(taken->lost());
}

TEST_CASE("a holder whose lease ended cannot write over its successor (fencing)", "[.][etcd]") {
  auto endpoints = etcd_test::endpoints();
  if (endpoints.empty()) return;
  auto a = real_client(endpoints);
  auto b = real_client(endpoints);
  auto stalled = etcd::Lock::acquire(a, "locks/fenced", "host-a", std::chrono::seconds(10), std::chrono::seconds(1));
  // What a stall past the TTL amounts to: the lease is gone (revoked here rather than waited out).
  a.revoke_lease(stalled->lease());
  auto successor = etcd::Lock::acquire(b, "locks/fenced", "host-b", std::chrono::seconds(10), std::chrono::seconds(2));
  auto written = b.transaction({successor->still_held()}, {etcd::put_operation("certs/fenced.crt", "new")});
  CHECK(written.succeeded);
  // The stalled holder wakes up and writes what it had: refused, the successor's certificate stays.
  auto late = a.transaction({stalled->still_held()}, {etcd::put_operation("certs/fenced.crt", "old")});
  CHECK_FALSE(late.succeeded);
  CHECK(a.get("certs/fenced.crt")->value == "new");
  // Releasing the stalled lock leaves the successor's key alone.
  stalled->release();
  CHECK(b.get("locks/fenced")->value == "host-b");
}

TEST_CASE("the keep-alive holds a lock past its TTL and notices a lost lease", "[.][etcd]") {
  auto endpoints = etcd_test::endpoints();
  if (endpoints.empty()) return;
  auto client = real_client(endpoints);
  auto held = etcd::Lock::acquire(client, "locks/kept", "host-a", std::chrono::seconds(2), std::chrono::seconds(1));
  std::this_thread::sleep_for(std::chrono::milliseconds(3500));  // past the 2 s TTL
  CHECK(client.get("locks/kept"));
  CHECK_FALSE(held->lost());
  client.revoke_lease(held->lease());
  for (int i = 0; i < 40 && !held->lost(); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(100));
  CHECK(held->lost());
}

TEST_CASE("etcd URLs name the members and the prefix", "[etcd]") {
  auto one = parse_etcd_url("etcd://127.0.0.1:2379/fleet/certs/");
  CHECK(one.endpoints == std::vector<std::string>{"http://127.0.0.1:2379"});
  CHECK(one.prefix == "fleet/certs");
  auto three = parse_etcd_url("etcds://a.test:2379,b.test:2379,[::1]:2379");
  CHECK(three.endpoints ==
        std::vector<std::string>{"https://a.test:2379", "https://b.test:2379", "https://[::1]:2379"});
  CHECK(three.prefix == "acmecli");
  for (const char* bad : {"http://127.0.0.1:2379", "etcd://", "etcd://host/prefix", "etcd://host:/p",
                          "etcd://user@host:2379/p", "etcd://a:1,,b:2/p"}) {
    CAPTURE(bad);
    CHECK_THROWS_AS(parse_etcd_url(bad), Error);
  }
}
