#include <catch2/catch.hpp>
#include <thread>

#include "acmecli/manager.hpp"
#include "acmecli/tls_alpn01.hpp"
#include "challenge/acme_identifier_extension.hpp"
#include "manager_fakes.hpp"

using namespace acmecli;
using namespace manager_test;

namespace {

ManagerOptions allowing(std::vector<std::string> names) {
  ManagerOptions options;
  options.host_policy = host_list(names);
  options.renew_in_background = false;
  return options;
}

ChallengeTask tls_task(const std::string& name, const std::string& key_authorization) {
  ChallengeTask task;
  task.identifier = {Identifier::Type::dns, name};
  task.type = "tls-alpn-01";
  task.token = "token";
  task.key_authorization = key_authorization;
  return task;
}

bool has_acme_identifier(X509* certificate, const std::string& key_authorization) {
  ossl::Asn1Object oid(OBJ_txt2obj(kAcmeIdentifierOid, 1));
  const int at = X509_get_ext_by_OBJ(certificate, oid.get(), -1);
  if (at < 0) return false;
  X509_EXTENSION* extension = X509_get_ext(certificate, at);
  const ASN1_OCTET_STRING* value = X509_EXTENSION_get_data(extension);
  return X509_EXTENSION_get_critical(extension) == 1 &&
         std::string(reinterpret_cast<const char*>(ASN1_STRING_get0_data(value)),
                     static_cast<std::size_t>(ASN1_STRING_length(value))) ==
             acme_identifier_value(key_authorization);
}

}  // namespace

TEST_CASE("a validator's acme-tls/1 handshake gets the presented challenge certificate and the protocol") {
  auto source = std::make_shared<CountingSource>();
  Manager manager(source, allowing({"a.test"}));
  auto context = server_context();
  manager.install(context.get());
  const auto task = tls_task("a.test", "token.thumbprint");
  manager.tls_alpn01_solver()->present({task});
  const Handshake validator = handshake(context.get(), "a.test", {"acme-tls/1"});
  REQUIRE(validator.completed);
  CHECK(validator.protocol == "acme-tls/1");
  CHECK(validator.subject_alt_name == "a.test");
  CHECK(has_acme_identifier(validator.certificate.get(), "token.thumbprint"));
  CHECK(source->orders == 0);  // answering a challenge orders nothing
  manager.tls_alpn01_solver()->cleanup({task});
  CHECK_FALSE(handshake(context.get(), "a.test", {"acme-tls/1"}).completed);
  CHECK(source->orders == 0);
}

TEST_CASE("ordinary connections get the server's ALPN choice and the real certificate") {
  auto source = std::make_shared<CountingSource>();
  ManagerOptions options = allowing({"a.test"});
  options.alpn_protocols = {"h2", "http/1.1"};
  Manager manager(source, options);
  auto context = server_context();
  manager.install(context.get());
  manager.tls_alpn01_solver()->present({tls_task("a.test", "token.thumbprint")});
  const Handshake browser = handshake(context.get(), "a.test", {"http/1.1", "h2"});
  REQUIRE(browser.completed);
  CHECK(browser.protocol == "h2");
  CHECK_FALSE(has_acme_identifier(browser.certificate.get(), "token.thumbprint"));
  CHECK(handshake(context.get(), "a.test", {"spdy/1"}).protocol.empty());
  CHECK(source->orders == 1);
}

TEST_CASE("in retry mode the first handshake asks to be called again and completes once the order has") {
  auto source = std::make_shared<CountingSource>();
  ManagerOptions options = allowing({"a.test"});
  options.mode = HandshakeMode::retry;
  Manager manager(source, options);
  auto context = server_context();
  manager.install(context.get());
  source->hold();
  const Handshake refused = handshake(context.get(), "a.test");
  CHECK(refused.wants_client_hello_callback);
  CHECK_FALSE(refused.completed);
  source->release();
  const Handshake retried = handshake(context.get(), "a.test", {}, 100,
                                      [] { std::this_thread::sleep_for(std::chrono::milliseconds(20)); });
  CHECK(retried.completed);
  CHECK(retried.subject_alt_name == "a.test");
  CHECK(source->orders == 1);
}

TEST_CASE("in retry mode a failed order fails the handshake instead of asking to be called again forever") {
  auto source = std::make_shared<CountingSource>();
  source->failing = true;
  ManagerOptions options = allowing({"a.test"});
  options.mode = HandshakeMode::retry;
  Manager manager(source, options);
  auto context = server_context();
  manager.install(context.get());
  // Held until the first callback has answered "call again", so an order that fails at once cannot
  // beat it (that race failed this test under load).
  source->hold();
  const Handshake result = handshake(context.get(), "a.test", {}, 100, [&] {
    source->release();
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  });
  CHECK(result.wants_client_hello_callback);
  CHECK(result.server_failed);
  CHECK_FALSE(result.completed);
  CHECK(source->orders == 1);
}

TEST_CASE("the http-01 answer is the presented key authorization, for the well-known path only") {
  auto source = std::make_shared<CountingSource>();
  Manager manager(source, allowing({}));
  ChallengeTask task;
  task.identifier = {Identifier::Type::dns, "a.test"};
  task.type = "http-01";
  task.token = "abc_DEF-123";
  task.key_authorization = "abc_DEF-123.thumbprint";
  CHECK_FALSE(manager.http01_response("/.well-known/acme-challenge/abc_DEF-123"));
  manager.http01_solver()->present({task});
  CHECK(manager.http01_response("/.well-known/acme-challenge/abc_DEF-123") == "abc_DEF-123.thumbprint");
  CHECK_FALSE(manager.http01_response("/abc_DEF-123"));
  CHECK_FALSE(manager.http01_response("/.well-known/acme-challenge/other"));
  CHECK_FALSE(manager.http01_response("/.well-known/acme-challenge/"));
  manager.http01_solver()->cleanup({task});
  CHECK_FALSE(manager.http01_response("/.well-known/acme-challenge/abc_DEF-123"));
}

TEST_CASE("a server that did not place the order answers its validation from the shared cache") {
  auto cache = std::make_shared<CountingCache>();
  ManagerOptions options = allowing({"a.test"});
  options.cache = cache;
  Manager ordering(std::make_shared<CountingSource>(), options);
  Manager other(std::make_shared<CountingSource>(), options);
  auto context = server_context();
  other.install(context.get());

  const auto task = tls_task("a.test", "token.thumbprint");
  CHECK_FALSE(handshake(context.get(), "a.test", {"acme-tls/1"}).completed);
  ordering.tls_alpn01_solver()->present({task});
  const Handshake validator = handshake(context.get(), "a.test", {"acme-tls/1"});
  REQUIRE(validator.completed);
  CHECK(validator.protocol == "acme-tls/1");
  CHECK(validator.subject_alt_name == "a.test");
  CHECK(has_acme_identifier(validator.certificate.get(), "token.thumbprint"));
  // An answer shared under one name never answers another.
  cache->shared["tls-alpn-01 b.test"] = cache->shared["tls-alpn-01 a.test"];
  CHECK_FALSE(handshake(context.get(), "b.test", {"acme-tls/1"}).completed);
  ordering.tls_alpn01_solver()->cleanup({task});
  CHECK(cache->shared.count("tls-alpn-01 a.test") == 0);
  CHECK_FALSE(handshake(context.get(), "a.test", {"acme-tls/1"}).completed);

  ChallengeTask http;
  http.identifier = {Identifier::Type::dns, "a.test"};
  http.type = "http-01";
  http.token = "abc_DEF-123";
  http.key_authorization = "abc_DEF-123.thumbprint";
  ordering.http01_solver()->present({http});
  CHECK(other.http01_response("/.well-known/acme-challenge/abc_DEF-123") == "abc_DEF-123.thumbprint");
  // A shared value that is not the token's key authorization is not served.
  cache->shared["http-01 forged"] = "other.thumbprint";
  CHECK_FALSE(other.http01_response("/.well-known/acme-challenge/forged"));
  ordering.http01_solver()->cleanup({http});
  CHECK_FALSE(other.http01_response("/.well-known/acme-challenge/abc_DEF-123"));
}
