#include <catch2/catch.hpp>
#include <future>
#include <thread>

#include "acmecli/certificate_cache.hpp"
#include "acmecli/storage.hpp"
#include "error_of.hpp"
#include "manager_fakes.hpp"
#include "storage_test_support.hpp"

using namespace acmecli;
using namespace manager_test;
using storage_test::ScratchDirectory;

namespace {

// Both implementations, each in a directory of its own.
struct Caches {
  ScratchDirectory directory;
  std::vector<std::pair<std::string, std::shared_ptr<CertificateCache>>> all{
      {"directory", std::make_shared<DirectoryCertificateCache>(directory.path() / "store",
                                                                "https://ca.test/dir", "admin@example.com")},
      {"file", std::make_shared<FileCertificateCache>(directory.path() / "cache.json")}};
};

}  // namespace

TEST_CASE("a certificate put in either cache is got back with its key and names") {
  Caches caches;
  for (auto& [kind, cache] : caches.all) {
    INFO(kind);
    CHECK_FALSE(cache->get("a.test"));
    const CertificateResource a = make_certificate("a.test");
    const CertificateResource b = make_certificate("b.test");
    {
      auto lease = cache->lock("a.test");
      cache->put("a.test", a, *lease);
    }
    {
      auto lease = cache->lock("b.test");
      cache->put("b.test", b, *lease);
    }
    auto got = cache->get("a.test");
    REQUIRE(got);
    CHECK(got->certificate_pem == a.certificate_pem);
    REQUIRE(got->private_key);
    CHECK(got->private_key->public_key_der() == a.private_key->public_key_der());
    REQUIRE(got->identifiers.size() == 1);
    CHECK(got->identifiers.front().value == "a.test");
    CHECK(got->domain == "a.test");
    REQUIRE(cache->get("b.test"));
    CHECK(cache->get("b.test")->certificate_pem == b.certificate_pem);
    CHECK_FALSE(cache->get("c.test"));
  }
}

TEST_CASE("a put replaces the certificate of its name only") {
  Caches caches;
  for (auto& [kind, cache] : caches.all) {
    INFO(kind);
    const CertificateResource first = make_certificate("a.test");
    const CertificateResource second = make_certificate("a.test");
    const CertificateResource other = make_certificate("b.test");
    for (const auto* certificate : {&first, &other, &second}) {
      auto lease = cache->lock(certificate->domain);
      cache->put(certificate->domain, *certificate, *lease);
    }
    CHECK(cache->get("a.test")->certificate_pem == second.certificate_pem);
    CHECK(cache->get("b.test")->certificate_pem == other.certificate_pem);
  }
}

TEST_CASE(
    "a put under a lease that is not the name's current one is refused; each lease fences the one before") {
  Caches caches;
  for (auto& [kind, cache] : caches.all) {
    INFO(kind);
    auto stale = cache->lock("a.test");
    const auto stale_token = stale->fencing_token();
    stale.reset();
    auto current = cache->lock("a.test");
    CHECK(current->fencing_token() > stale_token);
    auto released = cache->lock("b.test");
    const CertificateResource certificate = make_certificate("b.test");
    // A lease for another name fences nothing of this one.
    CHECK_THROWS_AS(cache->put("a.test", make_certificate("a.test"), *released), Error);
    CHECK_FALSE(cache->get("a.test"));
    cache->put("b.test", certificate, *released);
    CHECK(cache->get("b.test"));
  }
}

TEST_CASE("a cache's lock on a name waits until the holder lets go, other names do not wait") {
  Caches caches;
  for (auto& [kind, cache] : caches.all) {
    INFO(kind);
    auto held = cache->lock("a.test");
    auto other =
        std::async(std::launch::async, [&cache = cache] { return cache->lock("b.test") != nullptr; });
    CHECK(other.wait_for(std::chrono::seconds(5)) == std::future_status::ready);
    auto waiting =
        std::async(std::launch::async, [&cache = cache] { return cache->lock("a.test")->fencing_token(); });
    CHECK(waiting.wait_for(std::chrono::milliseconds(100)) == std::future_status::timeout);
    const auto token = held->fencing_token();
    held.reset();
    REQUIRE(waiting.wait_for(std::chrono::seconds(5)) == std::future_status::ready);
    CHECK(waiting.get() == token + 1);
  }
}

TEST_CASE("the directory cache writes lego's layout, which the certificate store lists and renews from") {
  ScratchDirectory directory;
  DirectoryCertificateCache cache(directory.path(), "https://ca.test/dir", "admin@example.com");
  const CertificateResource certificate = make_certificate("a.test");
  auto lease = cache.lock("a.test");
  cache.put("a.test", certificate, *lease);
  const CertificateStore store(directory.path());
  CHECK(store.list() == std::vector<std::string>{"a.test"});
  auto metadata = store.load_metadata("a.test");
  REQUIRE(metadata);
  CHECK(metadata->server == "https://ca.test/dir");
  CHECK(metadata->account_email == "admin@example.com");
  CHECK(metadata->domains == std::vector<std::string>{"a.test"});
  CHECK(storage_test::mode_of(store.path_for("a.test", ".key")) == 0600);
  // What `acmecli obtain` stored is what the cache gets.
  auto loaded = load_certificate(store, "a.test");
  REQUIRE(loaded);
  CHECK(loaded->certificate_pem == cache.get("a.test")->certificate_pem);
}

TEST_CASE("the file cache is one file of mode 0600 that a new cache object reads back") {
  ScratchDirectory directory;
  const auto path = directory.path() / "cache.json";
  const CertificateResource certificate = make_certificate("a.test");
  {
    FileCertificateCache cache(path);
    auto lease = cache.lock("a.test");
    cache.put("a.test", certificate, *lease);
  }
  CHECK(storage_test::mode_of(path) == 0600);
  CHECK(storage_test::entry_count(directory.path()) == 1);
  FileCertificateCache reopened(path);
  REQUIRE(reopened.get("a.test"));
  CHECK(reopened.get("a.test")->certificate_pem == certificate.certificate_pem);
}

TEST_CASE("the file cache reports a file that is not its JSON instead of serving nothing") {
  ScratchDirectory directory;
  const auto path = directory.path() / "cache.json";
  write_file_atomic(path, "not json", 0600);
  FileCertificateCache cache(path);
  CHECK_THROWS_AS(cache.get("a.test"), Error);
}
