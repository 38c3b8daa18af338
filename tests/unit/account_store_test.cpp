#include <catch2/catch.hpp>

#include "acmecli/error.hpp"
#include "acmecli/key.hpp"
#include "acmecli/storage.hpp"
#include "storage_test_support.hpp"

using acmecli::AccountStore;
using acmecli::Error;
using acmecli::ErrorKind;
using acmecli::KeyType;
using storage_test::mode_of;
using storage_test::ScratchDirectory;

namespace {
constexpr const char* kPebble = "https://127.0.0.1:14000/dir";
}

TEST_CASE("the server directory is named as lego names it", "[storage]") {
  CHECK(AccountStore::server_directory_name("https://acme-v02.api.letsencrypt.org/directory") ==
        "acme-v02.api.letsencrypt.org");
  CHECK(AccountStore::server_directory_name("https://127.0.0.1:14000/dir") == "127.0.0.1_14000");
  CHECK(AccountStore::server_directory_name("https://localhost:14000/dir") == "localhost_14000");
  CHECK(AccountStore::server_directory_name("https://acme.example:443/directory") == "acme.example_443");
  CHECK(AccountStore::server_directory_name("https://acme.example") == "acme.example");
  CHECK(AccountStore::server_directory_name("https://user:pw@acme.example/x?y#z") == "acme.example");
  // Go's url.URL.Host keeps the IPv6 brackets; lego then turns every ':' into '_'.
  CHECK(AccountStore::server_directory_name("https://[::1]:14000/dir") == "[__1]_14000");
  CHECK_THROWS_AS(AccountStore::server_directory_name("acme.example/directory"), Error);
  CHECK_THROWS_AS(AccountStore::server_directory_name("https:///directory"), Error);
  CHECK_THROWS_AS(AccountStore::server_directory_name("https://../x"), Error);
}

TEST_CASE("account paths follow lego's layout, with lego's default for no e-mail", "[storage]") {
  AccountStore store("/srv/acme", kPebble);
  CHECK(store.account_directory("me@example.com") == "/srv/acme/accounts/127.0.0.1_14000/me@example.com");
  CHECK(store.key_path("me@example.com") ==
        "/srv/acme/accounts/127.0.0.1_14000/me@example.com/keys/me@example.com.key");
  CHECK(store.key_path("") ==
        "/srv/acme/accounts/127.0.0.1_14000/noemail@example.com/keys/noemail@example.com.key");
}

TEST_CASE("an e-mail that would escape its directory is refused", "[storage]") {
  AccountStore store("/srv/acme", kPebble);
  for (const char* email : {"..", ".", "a/b", "../../etc"}) {
    INFO(email);
    try {
      store.account_directory(email);
      FAIL("accepted");
    } catch (const Error& error) {
      CHECK(error.kind() == ErrorKind::usage);
    }
  }
}

TEST_CASE("an account saved and loaded again keeps its URL, status, contacts and CA body", "[storage]") {
  ScratchDirectory scratch;
  AccountStore store(scratch.path(), kPebble);
  CHECK_FALSE(store.load("me@example.com"));

  acmecli::StoredAccount account;
  account.email = "me@example.com";
  account.registration.url = "https://127.0.0.1:14000/my-account/1";
  account.registration.body =
      R"({"status":"valid","contact":["mailto:me@example.com"],"orders":"https://127.0.0.1:14000/list/1"})";
  store.save(account);

  auto file = store.account_directory("me@example.com") / "account.json";
  CHECK(mode_of(file) == 0600);
  CHECK(mode_of(store.account_directory("me@example.com")) == 0700);
  auto loaded = store.load("me@example.com");
  REQUIRE(loaded);
  CHECK(loaded->email == "me@example.com");
  CHECK(loaded->registration.url == account.registration.url);
  CHECK(loaded->registration.status == "valid");
  CHECK(loaded->registration.contact == std::vector<std::string>{"mailto:me@example.com"});
  CHECK(loaded->registration.orders == "https://127.0.0.1:14000/list/1");
  CHECK(loaded->registration.body == account.registration.body);

  std::string text = acmecli::read_file(file);
  CHECK_THAT(text, Catch::Contains("\"key\": null"));
  CHECK_THAT(text, Catch::Contains("\n\t\"email\": \"me@example.com\""));
}

TEST_CASE("an account without the CA's body is saved from its fields", "[storage]") {
  ScratchDirectory scratch;
  AccountStore store(scratch.path(), kPebble);
  acmecli::StoredAccount account;  // no e-mail: lego's noemail@example.com directory
  account.registration.url = "https://127.0.0.1:14000/my-account/2";
  account.registration.status = "valid";
  account.registration.contact = {"mailto:a@example.com", "mailto:b@example.com"};
  store.save(account);
  CHECK(std::filesystem::exists(scratch / "accounts/127.0.0.1_14000/noemail@example.com/account.json"));
  auto loaded = store.load("");
  REQUIRE(loaded);
  CHECK(loaded->email.empty());
  CHECK(loaded->registration.status == "valid");
  CHECK(loaded->registration.contact == account.registration.contact);
  CHECK(loaded->registration.url == account.registration.url);
}

TEST_CASE("an account.json written by lego reads in place", "[storage]") {
  ScratchDirectory scratch;
  AccountStore store(scratch.path(), "https://acme-v02.api.letsencrypt.org/directory");
  auto directory = scratch / "accounts/acme-v02.api.letsencrypt.org/user@example.com";
  std::filesystem::create_directories(directory);
  acmecli::write_file_atomic(directory / "account.json", R"({
	"email": "user@example.com",
	"registration": {
		"body": {
			"status": "valid",
			"contact": [
				"mailto:user@example.com"
			]
		},
		"uri": "https://acme-v02.api.letsencrypt.org/acme/acct/123456789"
	}
})",
                             0600);
  auto loaded = store.load("user@example.com");
  REQUIRE(loaded);
  CHECK(loaded->email == "user@example.com");
  CHECK(loaded->registration.url == "https://acme-v02.api.letsencrypt.org/acme/acct/123456789");
  CHECK(loaded->registration.status == "valid");
  CHECK(loaded->registration.contact == std::vector<std::string>{"mailto:user@example.com"});
  CHECK(loaded->registration.orders.empty());
}

TEST_CASE("a malformed account.json is a local file error naming the file", "[storage]") {
  ScratchDirectory scratch;
  AccountStore store(scratch.path(), kPebble);
  auto directory = store.account_directory("me@example.com");
  std::filesystem::create_directories(directory);
  acmecli::write_file_atomic(directory / "account.json", "{\"email\": ", 0600);
  try {
    store.load("me@example.com");
    FAIL("no error");
  } catch (const Error& error) {
    CHECK(error.kind() == ErrorKind::local_file);
    CHECK_THAT(error.what(), Catch::Contains((directory / "account.json").string()));
  }
}

TEST_CASE("an account key is created once, 0600, and the same key is returned after", "[storage]") {
  ScratchDirectory scratch;
  storage_test::ScopedUmask umask(0);
  AccountStore store(scratch.path(), kPebble);
  CHECK_FALSE(store.load_key("me@example.com"));
  auto first = store.load_or_create_key("me@example.com", KeyType::ec256);
  auto path = store.key_path("me@example.com");
  CHECK(mode_of(path) == 0600);
  CHECK(mode_of(path.parent_path()) == 0700);
  CHECK(mode_of(scratch / "accounts") == 0700);
  CHECK_THAT(acmecli::read_file(path), Catch::StartsWith("-----BEGIN EC PRIVATE KEY-----"));
  // A different type asked for later does not replace the key the account is bound to.
  auto second = store.load_or_create_key("me@example.com", KeyType::rsa2048);
  CHECK(second.thumbprint() == first.thumbprint());
  CHECK(store.load_key("me@example.com")->thumbprint() == first.thumbprint());
}

TEST_CASE("a corrupt account key is an error and is never overwritten", "[storage]") {
  ScratchDirectory scratch;
  AccountStore store(scratch.path(), kPebble);
  auto path = store.key_path("me@example.com");
  std::filesystem::create_directories(path.parent_path());
  acmecli::write_file_atomic(path, "not a key", 0600);
  try {
    store.load_or_create_key("me@example.com", KeyType::ec256);
    FAIL("no error");
  } catch (const Error& error) {
    CHECK(error.kind() == ErrorKind::local_file);
    CHECK_THAT(error.what(), Catch::Contains(path.string()));
  }
  CHECK(acmecli::read_file(path) == "not a key");
}
