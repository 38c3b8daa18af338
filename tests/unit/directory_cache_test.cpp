// Issue 18: the CA's directory kept between runs, and thrown away when the CA answers as if it moved.
#include <sys/stat.h>
#include <utime.h>

#include <catch2/catch.hpp>

#include <ctime>
#include <fstream>
#include <map>
#include <mutex>

#include "acmecli/directory_cache.hpp"
#include "fake_ca.hpp"
#include "storage_test_support.hpp"

using namespace acmecli;
using acmecli::testing::ClientWithAccount;
using acmecli::testing::FakeCa;
using acmecli::testing::url;
using storage_test::ScratchDirectory;

namespace {

void write_text(const std::filesystem::path& path, const std::string& text) { std::ofstream(path) << text; }

// A cache in memory that records what the client asked of it.
class MemoryCache final : public DirectoryCache {
 public:
  std::optional<std::string> load(const std::string& directory_url) override {
    std::lock_guard lock(mutex_);
    ++loads;
    auto it = documents.find(directory_url);
    if (it == documents.end()) return std::nullopt;
    return it->second;
  }
  void save(const std::string& directory_url, const std::string& document) override {
    std::lock_guard lock(mutex_);
    ++saves;
    documents[directory_url] = document;
  }
  void forget(const std::string& directory_url) override {
    std::lock_guard lock(mutex_);
    ++forgets;
    documents.erase(directory_url);
  }
  std::map<std::string, std::string> documents;
  int loads = 0, saves = 0, forgets = 0;

 private:
  std::mutex mutex_;
};

// The directory the fake CA serves (its newOrder is /order), as a run long ago kept it: newOrder was /old-order.
const std::string kOldDirectory = std::string(R"({"newNonce":")") + testing::ca + R"(/nonce","newAccount":")" +
                                  testing::ca + R"(/account","newOrder":")" + testing::ca + R"(/old-order","revokeCert":")" +
                                  testing::ca + R"(/revoke"})";

struct CachedClient {
  FakeCa ca;
  testing::FakeClock clock;
  std::shared_ptr<MemoryCache> cache = std::make_shared<MemoryCache>();
  std::unique_ptr<AcmeClient> client;
  PrivateKey key = PrivateKey::generate(KeyType::ec256);
  CachedClient() {
    ClientOptions options{url("/dir")};
    options.directory_cache = cache;
    client = std::make_unique<AcmeClient>(ca, clock, options);
    client->set_account(key, url("/acct/1"));
    ca.on("POST", url("/order"), [](const auto&) {
      return FakeCa::json_response(201, R"({"status":"pending","identifiers":[{"type":"dns","value":"a.test"}],)"
                                        R"("authorizations":[],"finalize":"https://ca.test/finalize/1"})",
                                   {{"location", "https://ca.test/order/1"}});
    });
  }
};

}  // namespace

TEST_CASE("a fetched directory is kept, and a kept one saves the next run its GET", "[directory_cache]") {
  CachedClient first;
  CHECK(first.client->directory().new_order == url("/order"));
  CHECK(first.ca.count("GET", url("/dir")) == 1);
  REQUIRE(first.cache->documents.count(url("/dir")) == 1);

  CachedClient second;
  second.cache->documents = first.cache->documents;
  CHECK(second.client->directory().new_order == url("/order"));
  CHECK(second.client->new_order({{Identifier::Type::dns, "a.test"}}).url == url("/order/1"));
  CHECK(second.ca.count("GET", url("/dir")) == 0);
  CHECK(second.cache->forgets == 0);
}

TEST_CASE("an endpoint of a kept directory that answers 404 has the directory fetched again and the request "
          "sent to the new URL", "[directory_cache]") {
  CachedClient f;
  f.cache->documents[url("/dir")] = kOldDirectory;
  CHECK(f.client->directory().new_order == url("/old-order"));  // the fake CA answers 404 there
  Order order = f.client->new_order({{Identifier::Type::dns, "a.test"}});
  CHECK(order.url == url("/order/1"));
  CHECK(f.ca.count("POST", url("/old-order")) == 1);
  CHECK(f.ca.count("GET", url("/dir")) == 1);
  CHECK(f.ca.count("POST", url("/order")) == 1);
  CHECK(f.cache->forgets == 1);
  CHECK(f.cache->documents[url("/dir")].find("/old-order") == std::string::npos);  // the fresh one is kept
  CHECK(f.client->directory().new_order == url("/order"));
  // The signed request names the URL it is sent to (RFC 8555 §6.4).
  CHECK(f.ca.log.back().protected_header.find(R"("url":"https://ca.test/order")") != std::string::npos);
}

TEST_CASE("a 404 from a freshly fetched directory's endpoint is the CA's answer, not a reason to fetch again",
          "[directory_cache]") {
  CachedClient f;
  f.ca.on("POST", url("/order"), [](const auto&) {
    return FakeCa::json_response(404, R"({"type":"urn:ietf:params:acme:error:malformed","detail":"gone"})");
  });
  CHECK_THROWS_AS(f.client->new_order({{Identifier::Type::dns, "a.test"}}), Error);
  CHECK(f.ca.count("GET", url("/dir")) == 1);
  CHECK(f.ca.count("POST", url("/order")) == 1);
  CHECK(f.cache->forgets == 0);
}

TEST_CASE("a kept newNonce that answers without a nonce has the directory fetched again", "[directory_cache]") {
  CachedClient f;
  f.cache->documents[url("/dir")] = std::string(R"({"newNonce":"https://ca.test/old-nonce","newAccount":)") +
                                    R"("https://ca.test/account","newOrder":"https://ca.test/order"})";
  CHECK(f.client->new_order({{Identifier::Type::dns, "a.test"}}).url == url("/order/1"));
  CHECK(f.ca.count("HEAD", url("/old-nonce")) == 1);
  CHECK(f.ca.count("GET", url("/dir")) == 1);
  CHECK(f.ca.count("HEAD", url("/nonce")) == 1);
}

TEST_CASE("a kept directory that does not parse is forgotten and fetched", "[directory_cache]") {
  CachedClient f;
  f.cache->documents[url("/dir")] = R"({"newNonce":"https://ca.test/nonce")";
  CHECK(f.client->directory().new_order == url("/order"));
  CHECK(f.ca.count("GET", url("/dir")) == 1);
  CHECK(f.cache->forgets == 1);
  // A kept directory pointing to plain http is refused like a fetched one, then fetched.
  CachedClient g;
  g.cache->documents[url("/dir")] = R"({"newNonce":"http://ca.test/nonce","newAccount":"https://ca.test/a",)"
                                    R"("newOrder":"https://ca.test/o"})";
  CHECK(g.client->directory().new_nonce == url("/nonce"));
  CHECK(g.ca.count("GET", url("/dir")) == 1);
}

TEST_CASE("the file cache keeps one directory per URL for its lifetime", "[directory_cache]") {
  ScratchDirectory scratch;
  const auto folder = scratch / "cache";
  auto cache = make_file_directory_cache(folder, std::chrono::seconds(600));
  CHECK_FALSE(cache->load("https://ca.test/dir"));
  cache->save("https://ca.test/dir", R"({"newNonce":"x"})");
  cache->save("https://other.test/dir", R"({"newNonce":"y"})");
  CHECK(cache->load("https://ca.test/dir") == std::optional<std::string>(R"({"newNonce":"x"})"));
  CHECK(cache->load("https://other.test/dir") == std::optional<std::string>(R"({"newNonce":"y"})"));
  CHECK_FALSE(cache->load("https://ca.test/dir2"));
  CHECK(storage_test::mode_of(folder) == 0700);

  // Older than the lifetime: not used.
  std::filesystem::path file;
  for (const auto& entry : std::filesystem::directory_iterator(folder)) {
    if (storage_test::contents_of(entry.path()).rfind("https://ca.test/dir\n", 0) == 0) file = entry.path();
  }
  REQUIRE_FALSE(file.empty());
  struct utimbuf old_times {std::time(nullptr) - 601, std::time(nullptr) - 601};
  REQUIRE(::utime(file.c_str(), &old_times) == 0);
  CHECK_FALSE(cache->load("https://ca.test/dir"));
  CHECK(cache->load("https://other.test/dir"));

  cache->forget("https://other.test/dir");
  CHECK_FALSE(cache->load("https://other.test/dir"));
}

TEST_CASE("the file cache never follows a link and never fails a run", "[directory_cache]") {
  ScratchDirectory scratch;
  const auto folder = scratch / "cache";
  auto cache = make_file_directory_cache(folder);
  cache->save("https://ca.test/dir", "{}");
  std::filesystem::path file = std::filesystem::directory_iterator(folder)->path();
  write_text(scratch / "elsewhere", "https://ca.test/dir\n{\"planted\":true}");
  std::filesystem::remove(file);
  std::filesystem::create_symlink(scratch / "elsewhere", file);
  CHECK_FALSE(cache->load("https://ca.test/dir"));

  // A folder it cannot write: nothing kept, nothing thrown.
  std::filesystem::remove_all(folder);
  write_text(folder, "a file where the folder should be");
  CHECK_NOTHROW(cache->save("https://ca.test/dir", "{}"));
  CHECK_FALSE(cache->load("https://ca.test/dir"));
}
