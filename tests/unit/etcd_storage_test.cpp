// The CLI's storage on a real etcd (issue 21): tagged "[.][etcd]", run by tests/e2e/test_etcd.sh with
// ETCD_ENDPOINTS set. What it must keep: lego's names for every file, sets that replace each other
// whole with the old one archived, a holder whose lock expired unable to write anything, renewal state
// never written over a newer certificate's, and one account key for hosts that create it at once.
#include <catch2/catch.hpp>

#include <random>
#include <thread>

#include "acmecli/error.hpp"
#include "etcd_test_endpoints.hpp"
#include "storage/etcd/etcd_storage.hpp"
#include "storage_test_support.hpp"

using namespace acmecli;
using storage_test::leaf_sample_files;

namespace {

// Every case on its own prefix: test_etcd.sh runs the cases twice on one cluster.
std::string fresh_prefix(const std::string& what) {
  static std::mt19937_64 generator{std::random_device{}()};
  return "storage-" + what + "-" + std::to_string(generator() % 1000000000);
}

etcd::StorageSettings settings_for(const std::string& prefix, const std::string& owner) {
  etcd::StorageSettings settings;
  settings.prefix = prefix;
  settings.location = "etcd://test/" + prefix;
  settings.owner = owner;
  settings.lock_ttl = std::chrono::seconds(10);
  settings.lock_wait = std::chrono::seconds(1);
  return settings;
}

std::string value_of(etcd::Client& client, const std::string& key) {
  auto found = client.get(key);
  return found ? found->value : "(absent)";
}

}  // namespace

TEST_CASE("a set saved by one host is listed and read by another, in lego's names", "[.][etcd]") {
  auto client = etcd_test::shared_client();
  if (!client) return;
  const std::string prefix = fresh_prefix("names");
  const etcd::EtcdCertificateStore host_a(client, settings_for(prefix, "host-a"));
  const etcd::EtcdCertificateStore host_b(client, settings_for(prefix, "host-b"));
  CertificateFiles files = leaf_sample_files("1");
  files.write_combined_pem = true;
  files.metadata.serial = "01";
  host_a.save("example.com", files);
  host_a.save("example.com.au", leaf_sample_files("AU"));

  CHECK(value_of(*client, prefix + "/certificates/example.com.crt") == "LEAF 1\n");
  CHECK(value_of(*client, prefix + "/certificates/example.com.key") == "KEY 1\n");
  CHECK(value_of(*client, prefix + "/certificates/example.com.issuer.crt") == "CHAIN 1\n");
  CHECK(value_of(*client, prefix + "/certificates/example.com.pem") == "LEAF 1\nKEY 1\n");
  CHECK(host_b.list() == std::vector<std::string>{"example.com", "example.com.au"});
  CHECK(host_b.read("example.com", ".crt") == std::optional<std::string>("LEAF 1\n"));
  CHECK_FALSE(host_b.read("example.com", ".pfx"));
  CHECK(host_b.load_metadata("example.com")->serial == "01");
  const auto metadata = host_b.read_all(".json");
  CHECK(metadata.size() == 2);
  CHECK(metadata.count("example.com.au") == 1);
  const auto certificates = host_b.read_all(".crt");
  CHECK(certificates.size() == 2);  // the .issuer.crt files are not certificates of their own
  CHECK(certificates.at("example.com.au") == "LEAF AU\n");
  CHECK(host_b.locate("example.com", ".key") == "etcd://test/" + prefix + "/certificates/example.com.key");
  CHECK_THROWS_AS(host_b.read("../x", ".crt"), Error);
}

TEST_CASE("a save replaces the whole set and archives the old one", "[.][etcd]") {
  auto client = etcd_test::shared_client();
  if (!client) return;
  const std::string prefix = fresh_prefix("archive");
  const etcd::EtcdCertificateStore store(client, settings_for(prefix, "host-a"));
  CertificateFiles first = leaf_sample_files("1");
  first.write_combined_pem = true;
  store.save("example.com", first);
  {
    const auto held = store.lock("example.com");
    store.save("example.com", leaf_sample_files("2"));  // no .pem asked for this time
  }
  CHECK(store.read("example.com", ".crt") == std::optional<std::string>("LEAF 2\n"));
  CHECK_FALSE(store.read("example.com", ".pem"));  // the old set's, archived with it
  const auto archived = client->list(prefix + "/archive/example.com/");
  std::vector<std::string> files;
  for (const auto& entry : archived) files.push_back(entry.key.substr(entry.key.rfind('/') + 1));
  std::sort(files.begin(), files.end());
  CHECK(files == std::vector<std::string>{"example.com.crt", "example.com.issuer.crt", "example.com.json",
                                          "example.com.key", "example.com.pem"});

  const auto moved = store.archive("example.com");
  REQUIRE(moved);
  CHECK(moved->rfind("etcd://test/" + prefix + "/archive/example.com/", 0) == 0);
  CHECK(store.list().empty());
  CHECK_FALSE(store.archive("example.com"));
  // Two archives within one second keep apart: four files more, none overwritten.
  CHECK(client->list(prefix + "/archive/example.com/").size() == archived.size() + 4);
}

TEST_CASE("a host whose lock expired writes nothing over its successor's set", "[.][etcd]") {
  auto client = etcd_test::shared_client();
  if (!client) return;
  const std::string prefix = fresh_prefix("fence");
  const etcd::EtcdCertificateStore stalled_host(client, settings_for(prefix, "host-a"));
  const etcd::EtcdCertificateStore next_host(client, settings_for(prefix, "host-b"));
  stalled_host.save("example.com", leaf_sample_files("1"));
  const auto stalled = stalled_host.lock("example.com");
  // A stall past the TTL, made short: the lock key goes with its lease.
  client->remove(prefix + "/locks/certificates/example.com");
  {
    const auto current = next_host.lock("example.com");
    next_host.save("example.com", leaf_sample_files("2"));
  }
  for (auto attempt : {0, 1}) {
    INFO((attempt == 0 ? "save" : "archive"));
    try {
      if (attempt == 0) stalled_host.save("example.com", leaf_sample_files("stale"));
      if (attempt == 1) (void)stalled_host.archive("example.com");
      FAIL("the stale holder's write went through");
    } catch (const Error& e) {
      CHECK(e.kind() == ErrorKind::local_file);
      CHECK_THAT(e.what(), Catch::Contains("another host holds it now"));
    }
  }
  CHECK(value_of(*client, prefix + "/certificates/example.com.crt") == "LEAF 2\n");
  CHECK(value_of(*client, prefix + "/certificates/example.com.key") == "KEY 2\n");
}

TEST_CASE("a second host waits for the name's lock, and a save without one takes it", "[.][etcd]") {
  auto client = etcd_test::shared_client();
  if (!client) return;
  const std::string prefix = fresh_prefix("wait");
  const etcd::EtcdCertificateStore host_a(client, settings_for(prefix, "host-a"));
  const etcd::EtcdCertificateStore host_b(client, settings_for(prefix, "host-b"));
  auto held = host_a.lock("example.com");
  try {
    host_b.save("example.com", leaf_sample_files("b"));
    FAIL("host b wrote while host a held the name");
  } catch (const Error& e) {
    CHECK_THAT(e.what(), Catch::Contains("is held by host-a"));
  }
  std::thread release([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    held.reset();
  });
  host_b.save("example.com", leaf_sample_files("b"));  // waits, then takes the lock for the write
  release.join();
  CHECK(host_a.read("example.com", ".crt") == std::optional<std::string>("LEAF b\n"));
  CHECK(client->keys(prefix + "/locks/").empty());  // both locks given back
}

TEST_CASE("renewal state is not written over a certificate another host renewed", "[.][etcd]") {
  auto client = etcd_test::shared_client();
  if (!client) return;
  const std::string prefix = fresh_prefix("state");
  const etcd::EtcdCertificateStore host_a(client, settings_for(prefix, "host-a"));
  const etcd::EtcdCertificateStore host_b(client, settings_for(prefix, "host-b"));
  CertificateFiles old_set = leaf_sample_files("1");
  old_set.metadata.serial = "01";
  host_a.save("example.com", old_set);
  CertificateMetadata judged = *host_a.load_metadata("example.com");

  CertificateFiles renewed = leaf_sample_files("2");
  renewed.metadata.serial = "02";
  host_b.save("example.com", renewed);
  judged.renewal_info_json = R"({"suggestedWindow":{}})";
  host_a.save_metadata("example.com", judged);
  CHECK(host_a.load_metadata("example.com")->serial == "02");
  CHECK(host_a.load_metadata("example.com")->renewal_info_json.empty());

  CertificateMetadata current = *host_a.load_metadata("example.com");
  current.renewal_info_json = R"({"suggestedWindow":{}})";
  host_a.save_metadata("example.com", current);
  CHECK_FALSE(host_b.load_metadata("example.com")->renewal_info_json.empty());
}

TEST_CASE("hosts creating the account key at once all get the one stored first", "[.][etcd]") {
  auto client = etcd_test::shared_client();
  if (!client) return;
  const std::string prefix = fresh_prefix("account");
  const etcd::EtcdAccountStore host_a(client, settings_for(prefix, "host-a"), "https://ca.test:14000/dir");
  const etcd::EtcdAccountStore host_b(client, settings_for(prefix, "host-b"), "https://ca.test:14000/dir");
  CHECK_FALSE(host_a.load_key("admin@example.com"));
  std::optional<PrivateKey> key_a, key_b;
  std::thread other([&] { key_b = host_b.load_or_create_key("admin@example.com", KeyType::ec256); });
  key_a = host_a.load_or_create_key("admin@example.com", KeyType::ec256);
  other.join();
  CHECK(key_a->to_pem().reveal() == key_b->to_pem().reveal());
  CHECK(value_of(*client, prefix + "/accounts/ca.test_14000/admin@example.com/keys/admin@example.com.key") ==
        key_a->to_pem().reveal());

  StoredAccount account;
  account.email = "admin@example.com";
  account.registration.url = "https://ca.test:14000/account/1";
  account.registration.status = "valid";
  host_a.save(account);
  const auto loaded = host_b.load("admin@example.com");
  REQUIRE(loaded);
  CHECK(loaded->registration.url == account.registration.url);
  CHECK(loaded->registration.status == "valid");
  // lego's account.json, tabs and all.
  CHECK_THAT(value_of(*client, prefix + "/accounts/ca.test_14000/admin@example.com/account.json"),
             Catch::Contains("\n\t\"registration\": {"));
  CHECK_FALSE(host_b.load("other@example.com"));
}
