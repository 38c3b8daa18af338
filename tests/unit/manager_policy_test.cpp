#include <catch2/catch.hpp>

#include "acmecli/host_policy.hpp"
#include "acmecli/manager.hpp"
#include "error_of.hpp"
#include "manager_fakes.hpp"

using namespace acmecli;
using namespace manager_test;

TEST_CASE("a host list allows exactly its names, whatever their case and trailing dot") {
  const HostPolicy allowed = host_list({"Example.COM", "www.example.com."});
  CHECK(allowed("example.com"));
  CHECK(allowed("EXAMPLE.com."));
  CHECK(allowed("www.example.com"));
  CHECK_FALSE(allowed("mail.example.com"));
  CHECK_FALSE(allowed("example.com.evil.test"));
  CHECK_FALSE(allowed(""));
}

TEST_CASE("a host list's *.name allows one label more, not the name itself nor two labels more") {
  const HostPolicy allowed = host_list({"*.example.com"});
  CHECK(allowed("a.example.com"));
  CHECK_FALSE(allowed("example.com"));
  CHECK_FALSE(allowed("a.b.example.com"));
  CHECK_FALSE(allowed(".example.com"));
  CHECK_FALSE(allowed("aexample.com"));
}

TEST_CASE("a host list refuses empty names and a * that is not the whole first label") {
  CHECK_THROWS_AS(host_list({""}), Error);
  CHECK_THROWS_AS(host_list({"a.*.example.com"}), Error);
  CHECK_THROWS_AS(host_list({"a*.example.com"}), Error);
  CHECK_THROWS_AS(host_list({"*."}), Error);
  CHECK_THROWS_AS(host_list({"*.*.example.com"}), Error);
}

TEST_CASE("without a host policy a handshake for an unknown name is refused before the cache and the CA") {
  auto source = std::make_shared<CountingSource>();
  auto cache = std::make_shared<CountingCache>();
  ManagerOptions options;
  options.cache = cache;
  options.renew_in_background = false;
  Manager manager(source, options);
  auto context = server_context();
  manager.install(context.get());
  CHECK_FALSE(handshake(context.get(), "example.com").completed);
  CHECK(source->orders == 0);
  CHECK(cache->gets == 0);
}

TEST_CASE("a name outside the host policy is refused before the cache and the CA; an allowed one is served") {
  auto source = std::make_shared<CountingSource>();
  auto cache = std::make_shared<CountingCache>();
  ManagerOptions options;
  options.cache = cache;
  options.host_policy = host_list({"allowed.test"});
  options.renew_in_background = false;
  Manager manager(source, options);
  auto context = server_context();
  manager.install(context.get());
  CHECK_FALSE(handshake(context.get(), "bogus.test").completed);
  CHECK(source->orders == 0);
  CHECK(cache->gets == 0);
  const Handshake allowed = handshake(context.get(), "allowed.test");
  CHECK(allowed.completed);
  CHECK(allowed.subject_alt_name == "allowed.test");
  CHECK(source->orders == 1);
}

TEST_CASE("certificate() obtains for the program whatever the host policy") {
  auto source = std::make_shared<CountingSource>();
  ManagerOptions options;
  options.renew_in_background = false;
  Manager manager(source, options);
  CHECK(manager.certificate("Ahead.Test").domain == "ahead.test");
  auto context = server_context();
  manager.install(context.get());
  // Once the program has loaded it, handshakes for it are served without a policy.
  CHECK(handshake(context.get(), "ahead.test").completed);
  CHECK(source->orders == 1);
}

TEST_CASE("the HTTPS redirect keeps host and target, drops the port, and refuses what could inject") {
  CHECK(https_redirect_location("example.com", "/a/b?c=d") == "https://example.com/a/b?c=d");
  CHECK(https_redirect_location("example.com:80", "/") == "https://example.com/");
  CHECK(https_redirect_location("[::1]:8080", "/x") == "https://[::1]/x");
  CHECK_FALSE(https_redirect_location("example.com\r\nSet-Cookie: a=b", "/"));
  CHECK_FALSE(https_redirect_location("example.com", "/\r\nX: y"));
  CHECK_FALSE(https_redirect_location("example.com", "http://elsewhere/"));
  CHECK_FALSE(https_redirect_location("evil.test/path", "/"));
  CHECK_FALSE(https_redirect_location("example.com:80x", "/"));
  CHECK_FALSE(https_redirect_location("", "/"));
}
