// A storage directory another user can change draws a warning (the root) or an error (a directory that
// holds private keys, or leads to one) before a key is read or written there (issue 17, finding 8).
#include "storage/directory_trust.hpp"

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
using acmecli::storage::check_key_directory;
using acmecli::storage::untrusted_directory_reason;
using acmecli::storage::warn_if_untrusted_root;
using storage_test::ScratchDirectory;
namespace fs = std::filesystem;
using namespace std::chrono_literals;

namespace {

CertificateFiles sample_files() {
  CertificateFiles files;
  files.certificate_pem = "LEAF\n";
  files.private_key_pem = acmecli::Secret("KEY\n");
  files.metadata.domain = "example.com";
  return files;
}

void set_mode(const fs::path& path, mode_t mode) { REQUIRE(::chmod(path.c_str(), mode) == 0); }

constexpr uid_t kNobody = 65534;

}  // namespace

TEST_CASE(
    "a directory is the user's alone when neither group nor others may write and it is theirs or root's",
    "[storage][trust]") {
  CHECK(untrusted_directory_reason(1000, 0700, 1000).empty());
  CHECK(untrusted_directory_reason(1000, 0755, 1000).empty());
  CHECK(untrusted_directory_reason(0, 0755, 1000).empty());  // root's: root could change it anyway
  CHECK(untrusted_directory_reason(1000, 01755, 1000).empty());
  CHECK(untrusted_directory_reason(1000, 0770, 1000) == "it is writable by its group (mode 0770)");
  CHECK(untrusted_directory_reason(1000, 0757, 1000) == "it is writable by others (mode 0757)");
  CHECK(untrusted_directory_reason(1000, 01777, 1000) ==
        "it is writable by its group and by others (mode 1777)");
  CHECK(untrusted_directory_reason(1001, 0700, 0) == "it is owned by uid 1001, not by you (uid 0) or root");
  CHECK(untrusted_directory_reason(1001, 0775, 1000) ==
        "it is owned by uid 1001, not by you (uid 1000) or root, and writable by its group (mode 0775)");
}

TEST_CASE("a storage root others can write is warned about, and still used", "[storage][trust]") {
  ScratchDirectory scratch;
  const fs::path root = scratch / "root";
  fs::create_directories(root);
  CHECK(warn_if_untrusted_root(root).empty());
  set_mode(root, 0775);
  CHECK(warn_if_untrusted_root(root) == "it is writable by its group (mode 0775)");
  set_mode(root, 0757);
  CHECK(warn_if_untrusted_root(root) == "it is writable by others (mode 0757)");
  CHECK_NOTHROW(acmecli::StorageLock::acquire(root, 0ms));
  CertificateStore store(root);
  CHECK_NOTHROW(store.save("example.com", sample_files()));
}

TEST_CASE("a certificates/ directory others can write is an error before anything is stored",
          "[storage][trust]") {
  ScratchDirectory scratch;
  const fs::path root = scratch / "root";
  CertificateStore store(root);
  store.save("example.com", sample_files());
  const fs::path certificates = store.directory();
  for (mode_t mode : {0777, 0770, 0702}) {
    CAPTURE(mode);
    set_mode(certificates, mode);
    try {
      store.save("example.com", sample_files());
      FAIL("saved into a directory others can write");
    } catch (const Error& error) {
      CHECK(error.kind() == acmecli::ErrorKind::local_file);
      CHECK_THAT(error.what(),
                 Catch::StartsWith("refusing " + certificates.string() + ": it holds private keys"));
      CHECK_THAT(error.what(), Catch::Contains("chmod go-w " + certificates.string()));
    }
    CHECK_THROWS_AS(store.finish_interrupted_saves(), Error);
    CHECK_THROWS_AS(store.check_replaceable("example.com"), Error);
  }
  CHECK_FALSE(fs::exists(root / "archive"));  // refused before the archive step
  set_mode(certificates, 0700);
  CHECK_NOTHROW(store.save("example.com", sample_files()));
}

TEST_CASE("a directory on the way to an account key is checked too", "[storage][trust]") {
  ScratchDirectory scratch;
  const fs::path root = scratch / "root";
  acmecli::AccountStore accounts(root, "https://ca.example/dir");
  (void)accounts.load_or_create_key("me@example.com", acmecli::KeyType::ec256);
  const fs::path keys = accounts.key_path("me@example.com").parent_path();
  CHECK_NOTHROW(check_key_directory(root, keys));

  set_mode(root / "accounts", 0777);  // whoever writes here can swap the whole account directory
  try {
    (void)accounts.load_key("me@example.com");
    FAIL("read a key below a directory others can write");
  } catch (const Error& error) {
    CHECK_THAT(error.what(),
               Catch::StartsWith("refusing " + (root / "accounts").string() + ": it leads to private keys"));
  }
  set_mode(root / "accounts", 0700);
  set_mode(keys, 0730);
  CHECK_THROWS_WITH(accounts.load_key("me@example.com"), Catch::Contains("it holds private keys"));
  set_mode(keys, 0700);
  CHECK(accounts.load_key("me@example.com").has_value());
}

TEST_CASE("a key directory owned by another user is an error", "[storage][trust]") {
  if (::geteuid() != 0) {
    WARN("skipped: giving a directory to another user needs root");
    return;
  }
  ScratchDirectory scratch;
  const fs::path root = scratch / "root";
  CertificateStore store(root);
  store.save("example.com", sample_files());
  REQUIRE(::chown(store.directory().c_str(), kNobody, kNobody) == 0);
  CHECK_THROWS_WITH(store.save("example.com", sample_files()),
                    Catch::Contains("owned by uid 65534, not by you (uid 0) or root") &&
                        Catch::Contains("chown 0 " + store.directory().string()));
  REQUIRE(::chown(root.c_str(), kNobody, kNobody) == 0);
  CHECK(warn_if_untrusted_root(root) == "it is owned by uid 65534, not by you (uid 0) or root");
}

TEST_CASE("the key directory must lie below the root", "[storage][trust]") {
  CHECK_THROWS_AS(check_key_directory("/var/lib/acmecli", "/etc/ssl"), Error);
}
