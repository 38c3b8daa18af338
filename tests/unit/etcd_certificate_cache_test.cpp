// The Manager's cache on a real etcd (issue 21): tagged "[.][etcd]", run by tests/e2e/test_etcd.sh with
// ETCD_ENDPOINTS set. What it must keep: the lego names for each file, one set read at one revision, a
// name that only starts like another kept apart, and a put from a holder whose lock expired refused.
#include <catch2/catch.hpp>

#include <cstdlib>

#include "acmecli/error.hpp"
#include "etcd_test_endpoints.hpp"
#include "manager_fakes.hpp"
#include "storage/etcd/etcd_certificate_cache.hpp"

using namespace acmecli;
using manager_test::make_certificate;

namespace {

etcd::EtcdCertificateCache cache_on(std::shared_ptr<etcd::Client> client, std::string owner, std::string prefix) {
  etcd::CertificateCacheSettings settings;
  settings.prefix = std::move(prefix);
  settings.server_url = "https://ca.test/dir";
  settings.account_email = "admin@example.com";
  settings.owner = std::move(owner);
  settings.lock_ttl = std::chrono::seconds(10);
  settings.lock_wait = std::chrono::seconds(2);
  return etcd::EtcdCertificateCache(std::move(client), settings);
}

}  // namespace

TEST_CASE("a certificate put by one host is got by another, in lego's names", "[.][etcd]") {
  auto client = etcd_test::shared_client();
  if (!client) return;
  auto host_a = cache_on(client, "host-a", "fleet1");
  auto host_b = cache_on(client, "host-b", "fleet1");
  const CertificateResource certificate = make_certificate("example.com");
  const CertificateResource lookalike = make_certificate("example.com.au");
  {
    auto lease = host_a.lock("example.com");
    host_a.put("example.com", certificate, *lease);
  }
  {
    auto lease = host_a.lock("example.com.au");
    host_a.put("example.com.au", lookalike, *lease);
  }
  auto got = host_b.get("example.com");
  REQUIRE(got);
  CHECK(got->certificate_pem == certificate.certificate_pem);
  REQUIRE(got->private_key);
  CHECK(got->private_key->public_key_der() == certificate.private_key->public_key_der());
  CHECK(got->domain == "example.com");
  CHECK(host_b.get("example.com.au")->certificate_pem == lookalike.certificate_pem);
  CHECK_FALSE(host_b.get("example.org"));
  // The keys are lego's file names under the prefix, so `storage export` can write them as files.
  CHECK(client->get("fleet1/certificates/example.com.crt"));
  CHECK(client->get("fleet1/certificates/example.com.key"));
  auto metadata = client->get("fleet1/certificates/example.com.json");
  REQUIRE(metadata);
  CHECK_THAT(metadata->value, Catch::Contains("\"domain\": \"example.com\"") || Catch::Contains("\"domain\":\"example.com\""));
  CHECK_FALSE(client->get("fleet1/certificates/example.com.issuer.crt"));  // none: a self-signed test leaf
}

TEST_CASE("a host whose lock expired cannot store over its successor's certificate", "[.][etcd]") {
  auto client = etcd_test::shared_client();
  if (!client) return;
  auto stalled_host = cache_on(client, "host-a", "fleet2");
  auto next_host = cache_on(client, "host-b", "fleet2");
  auto stalled = stalled_host.lock("example.com");
  // A stall past the TTL, made short: the lock key goes with its lease.
  client->remove("fleet2/locks/certificates/example.com");
  auto current = next_host.lock("example.com");
  CHECK(current->fencing_token() > stalled->fencing_token());
  const CertificateResource newer = make_certificate("example.com");
  next_host.put("example.com", newer, *current);
  try {
    stalled_host.put("example.com", make_certificate("example.com"), *stalled);
    FAIL("the stale put was stored");
  } catch (const Error& e) {
    CHECK(e.kind() == ErrorKind::local_file);
    CHECK_THAT(e.what(), Catch::Contains("another host holds it now"));
  }
  CHECK(next_host.get("example.com")->certificate_pem == newer.certificate_pem);
}

TEST_CASE("a second host asking for a name being obtained waits for the lock", "[.][etcd]") {
  auto client = etcd_test::shared_client();
  if (!client) return;
  auto host_a = cache_on(client, "host-a pid 7", "fleet3");
  auto host_b = cache_on(client, "host-b pid 9", "fleet3");
  auto held = host_a.lock("example.com");
  CHECK_THROWS_WITH(host_b.lock("example.com"), Catch::Contains("held by host-a pid 7"));
  held.reset();  // released: the next host takes it at once
  CHECK(host_b.lock("example.com"));
}

TEST_CASE("a challenge answer shared by one host is read by another, on a lease, until withdrawn", "[.][etcd]") {
  auto client = etcd_test::shared_client();
  if (!client) return;
  auto host_a = cache_on(client, "host-a", "fleet4");
  auto host_b = cache_on(client, "host-b", "fleet4");
  host_a.share_challenge("http-01", "tok_EN-1", "tok_EN-1.thumbprint", std::chrono::seconds(60));
  CHECK(host_b.shared_challenge("http-01", "tok_EN-1") == std::optional<std::string>("tok_EN-1.thumbprint"));
  const auto stored = client->get("fleet4/challenges/http-01/tok_EN-1");
  REQUIRE(stored);
  CHECK(stored->lease != 0);  // a host that dies before withdrawing leaves it for the lease's TTL only
  CHECK_FALSE(host_b.shared_challenge("tls-alpn-01", "tok_EN-1"));
  host_a.withdraw_challenge("http-01", "tok_EN-1");
  CHECK_FALSE(host_b.shared_challenge("http-01", "tok_EN-1"));
  CHECK_THROWS_AS(host_a.share_challenge("http-01", "../x", "v", std::chrono::seconds(60)), Error);
}
