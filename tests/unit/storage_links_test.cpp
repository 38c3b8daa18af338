// The storage follows no symbolic link (issue 17, finding 8): a link planted among the stored files is
// refused, naming it, before anything is archived, read as a key or written.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <chrono>

#include "acmecli/error.hpp"
#include "acmecli/storage.hpp"
#include "storage_test_support.hpp"

using acmecli::CertificateFiles;
using acmecli::CertificateStore;
using acmecli::Error;
using acmecli::ErrorKind;
using storage_test::leaf_sample_files;
using storage_test::mode_of;
using storage_test::ScratchDirectory;
namespace fs = std::filesystem;
using namespace std::chrono_literals;

namespace {

void write(const fs::path& path, const std::string& content, unsigned mode) {
  acmecli::write_file_atomic(path, content, mode);
}

std::string read(const fs::path& path) { return acmecli::read_file(path); }

// Every regular file below directory whose content is text.
std::vector<fs::path> files_holding(const fs::path& directory, const std::string& text) {
  std::vector<fs::path> found;
  std::error_code ignored;
  for (auto& entry : fs::recursive_directory_iterator(directory, ignored)) {
    if (entry.is_regular_file() && !entry.is_symlink() && read(entry.path()) == text)
      found.push_back(entry.path());
  }
  return found;
}

// The error a call throws, or "no error".
template <typename Call>
std::string error_of(Call call) {
  try {
    call();
  } catch (const Error& error) {
    CHECK(error.kind() == ErrorKind::local_file);
    return error.what();
  }
  return "no error";
}

}  // namespace

TEST_CASE("a key planted as a link is refused: nothing archived, the link and its target untouched",
          "[storage][links]") {
  ScratchDirectory scratch;
  CertificateStore store(scratch / "root");
  store.save("example.com", leaf_sample_files("1"));
  const fs::path outside = scratch / "secret";
  write(outside, "NOT THE KEY\n", 0644);
  const fs::path key = store.path_for("example.com", ".key");
  fs::remove(key);
  fs::create_symlink(outside, key);

  const std::string message = error_of([&] { store.save("example.com", leaf_sample_files("2")); });
  CHECK_THAT(message, Catch::Contains("refusing " + key.string()));
  CHECK_THAT(message, Catch::Contains("symbolic link (to " + outside.string() + ")"));
  CHECK_THAT(message, Catch::Contains("run again"));
  CHECK(error_of([&] { store.check_replaceable("example.com"); }) == message);

  CHECK(files_holding(scratch / "root", "NOT THE KEY\n").empty());  // no copy in archive/ or anywhere
  CHECK_FALSE(fs::exists(scratch / "root" / "archive" / "example.com"));
  CHECK(read(outside) == "NOT THE KEY\n");
  CHECK(mode_of(outside) == 0644);
  CHECK(fs::is_symlink(key));
  CHECK(read(store.path_for("example.com", ".crt")) == "LEAF 1\n");  // the old set stays whole
}

TEST_CASE("a dangling link, a link to a file of the set, and a FIFO are refused too", "[storage][links]") {
  ScratchDirectory scratch;
  CertificateStore store(scratch / "root");
  store.save("example.com", leaf_sample_files("1"));
  const fs::path issuer = store.path_for("example.com", ".issuer.crt");
  fs::remove(issuer);

  SECTION("dangling: renaming over it would be harmless, but someone put it there") {
    fs::create_symlink(scratch / "nowhere", issuer);
    CHECK_THAT(error_of([&] { store.save("example.com", leaf_sample_files("2")); }),
               Catch::Contains("symbolic link"));
    CHECK_FALSE(fs::exists(scratch / "nowhere"));
  }
  SECTION("relative, to another stored file") {
    fs::create_symlink("example.com.crt", issuer);
    CHECK_THAT(error_of([&] { store.save("example.com", leaf_sample_files("2")); }),
               Catch::Contains("symbolic link (to example.com.crt)"));
  }
  SECTION("a FIFO, which a read would block on") {
    REQUIRE(::mkfifo(issuer.c_str(), 0600) == 0);
    CHECK_THAT(error_of([&] { store.save("example.com", leaf_sample_files("2")); }),
               Catch::Contains("it is a FIFO"));
  }
  CHECK(read(store.path_for("example.com", ".crt")) == "LEAF 1\n");
}

TEST_CASE("revoke's archive moves no link into the archive", "[storage][links]") {
  ScratchDirectory scratch;
  CertificateStore store(scratch / "root");
  store.save("example.com", leaf_sample_files("1"));
  const fs::path crt = store.path_for("example.com", ".crt");
  fs::remove(crt);
  fs::create_symlink(scratch / "elsewhere.crt", crt);
  CHECK_THAT(error_of([&] { (void)store.archive("example.com"); }), Catch::Contains("symbolic link"));
  CHECK(fs::is_symlink(crt));
}

TEST_CASE("stored files are read without following a link", "[storage][links]") {
  ScratchDirectory scratch;
  const fs::path root = scratch / "root";
  CertificateStore store(root);
  store.save("example.com", leaf_sample_files("1"));
  const fs::path json = store.path_for("example.com", ".json");
  const fs::path outside = scratch / "other.json";
  fs::copy_file(json, outside);
  fs::remove(json);
  fs::create_symlink(outside, json);
  CHECK_THAT(error_of([&] { (void)store.load_metadata("example.com"); }), Catch::Contains("symbolic link"));
  CHECK_THAT(error_of([&] { (void)acmecli::read_stored_file(json); }),
             Catch::Contains("refusing " + json.string()));
  CHECK(acmecli::read_stored_file(store.path_for("example.com", ".crt")) == "LEAF 1\n");
  CHECK_THROWS_AS(acmecli::read_stored_file(scratch / "absent"), Error);
}

TEST_CASE("the archive copy keeps the mode of the file it was read from", "[storage][links]") {
  ScratchDirectory scratch;
  CertificateStore store(scratch / "root");
  store.save("example.com", leaf_sample_files("1"));
  REQUIRE(::chmod(store.path_for("example.com", ".key").c_str(), 0640) == 0);
  store.save("example.com", leaf_sample_files("2"));
  auto archived = fs::directory_iterator(scratch / "root" / "archive" / "example.com")->path();
  CHECK(read(archived / "example.com.key") == "KEY 1\n");
  CHECK(mode_of(archived / "example.com.key") == 0640);
  CHECK(mode_of(archived / "example.com.crt") == 0644);
}

TEST_CASE("a linked certificates/ or archive/ directory is refused", "[storage][links]") {
  ScratchDirectory scratch;
  const fs::path root = scratch / "root";
  fs::create_directories(root);
  fs::create_directories(scratch / "elsewhere");
  CertificateStore store(root);

  SECTION("certificates/") {
    fs::create_directory_symlink(scratch / "elsewhere", root / "certificates");
    const std::string message = error_of([&] { store.save("example.com", leaf_sample_files("1")); });
    CHECK_THAT(message, Catch::Contains("refusing " + (root / "certificates").string()));
    CHECK_THAT(message, Catch::Contains("make it a real directory"));
    CHECK_THAT(error_of([&] { (void)store.finish_interrupted_saves(); }), Catch::Contains("symbolic link"));
  }
  SECTION("archive/<name>/") {
    store.save("example.com", leaf_sample_files("1"));
    fs::create_directories(root / "archive");
    fs::create_directory_symlink(scratch / "elsewhere", root / "archive" / "example.com");
    CHECK_THAT(error_of([&] { store.save("example.com", leaf_sample_files("2")); }),
               Catch::Contains("symbolic link"));
    CHECK(read(store.path_for("example.com", ".key")) == "KEY 1\n");
  }
  CHECK(fs::is_empty(scratch / "elsewhere"));
}

TEST_CASE("an account key or account.json planted as a link is refused", "[storage][links]") {
  ScratchDirectory scratch;
  const fs::path root = scratch / "root";
  acmecli::AccountStore accounts(root, "https://ca.example/dir");
  const fs::path key = accounts.key_path("me@example.com");
  fs::create_directories(key.parent_path());
  const fs::path outside = scratch / "someone-elses.key";
  acmecli::write_file_atomic(outside,
                             acmecli::PrivateKey::generate(acmecli::KeyType::ec256).to_pem().reveal(), 0600);
  fs::create_symlink(outside, key);
  CHECK_THAT(error_of([&] { (void)accounts.load_key("me@example.com"); }), Catch::Contains("symbolic link"));
  CHECK_THAT(error_of([&] { (void)accounts.load_or_create_key("me@example.com", acmecli::KeyType::ec256); }),
             Catch::Contains("symbolic link"));

  const fs::path json = accounts.account_directory("me@example.com") / "account.json";
  fs::create_symlink(scratch / "account-elsewhere.json", json);
  acmecli::StoredAccount account;
  account.email = "me@example.com";
  CHECK_THAT(error_of([&] { accounts.save(account); }), Catch::Contains("symbolic link"));
  CHECK_THAT(error_of([&] { (void)accounts.load("me@example.com"); }), Catch::Contains("symbolic link"));
  CHECK_FALSE(fs::exists(scratch / "account-elsewhere.json"));
}

TEST_CASE("a .lock planted as a link is refused and its target never created", "[storage][links]") {
  ScratchDirectory scratch;
  const fs::path root = scratch / "root";
  fs::create_directories(root);
  fs::create_symlink(scratch / "created-through-the-link", root / ".lock");
  CHECK_THAT(error_of([&] { (void)acmecli::StorageLock::acquire(root, 0ms); }),
             Catch::Contains("refusing " + (root / ".lock").string()));
  CHECK_FALSE(fs::exists(scratch / "created-through-the-link"));
}

TEST_CASE("write_file_atomic replaces a link rather than writing through it", "[storage][links]") {
  ScratchDirectory scratch;
  write(scratch / "target", "untouched\n", 0644);
  fs::create_symlink(scratch / "target", scratch / "file");
  write(scratch / "file", "new\n", 0600);
  CHECK_FALSE(fs::is_symlink(scratch / "file"));
  CHECK(read(scratch / "file") == "new\n");
  CHECK(read(scratch / "target") == "untouched\n");
  CHECK(mode_of(scratch / "target") == 0644);
}
