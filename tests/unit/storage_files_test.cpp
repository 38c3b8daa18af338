#include <signal.h>
#include <sys/resource.h>

#include <catch2/catch.hpp>

#include "acmecli/error.hpp"
#include "acmecli/storage.hpp"
#include "storage/storage_root.hpp"
#include "storage_test_support.hpp"

using acmecli::Error;
using acmecli::ErrorKind;
using storage_test::entry_count;
using storage_test::mode_of;
using storage_test::ScopedEnvironment;
using storage_test::ScopedUmask;
using storage_test::ScratchDirectory;

TEST_CASE("an atomic write sets the exact mode whatever the umask and leaves no temporary file",
          "[storage]") {
  ScratchDirectory scratch;
  for (mode_t mask : {mode_t{0}, mode_t{077}}) {
    ScopedUmask umask(mask);
    INFO("umask " << mask);
    acmecli::write_file_atomic(scratch / "secret.key", "key bytes", 0600);
    acmecli::write_file_atomic(scratch / "cert.crt", "cert bytes", 0644);
    CHECK(mode_of(scratch / "secret.key") == 0600);
    CHECK(mode_of(scratch / "cert.crt") == 0644);
    CHECK(acmecli::read_file(scratch / "secret.key") == "key bytes");
    CHECK(entry_count(scratch.path()) == 2);
  }
}

TEST_CASE("an atomic write replaces the whole file and can change its mode", "[storage]") {
  ScratchDirectory scratch;
  acmecli::write_file_atomic(scratch / "f", "a much longer first version", 0644);
  acmecli::write_file_atomic(scratch / "f", "short", 0600);
  CHECK(acmecli::read_file(scratch / "f") == "short");
  CHECK(mode_of(scratch / "f") == 0600);
  CHECK(entry_count(scratch.path()) == 1);
}

TEST_CASE("writing into a missing directory fails naming the path", "[storage]") {
  ScratchDirectory scratch;
  auto target = scratch / "missing/f.crt";
  try {
    acmecli::write_file_atomic(target, "x", 0644);
    FAIL("no error");
  } catch (const Error& error) {
    CHECK(error.kind() == ErrorKind::local_file);
    CHECK_THAT(error.what(), Catch::Contains(target.string()));
  }
}

TEST_CASE("writing where a file stands in for the directory fails", "[storage]") {
  ScratchDirectory scratch;
  acmecli::write_file_atomic(scratch / "plain", "x", 0644);
  CHECK_THROWS_AS(acmecli::write_file_atomic(scratch / "plain/f", "x", 0644), Error);
}

TEST_CASE("writing into an unwritable directory fails and leaves the old file", "[storage]") {
  if (::geteuid() == 0) return;  // root writes through directory permissions; the next test covers it
  ScratchDirectory scratch;
  acmecli::write_file_atomic(scratch / "f", "old", 0644);
  std::filesystem::permissions(scratch.path(),
                               std::filesystem::perms::owner_read | std::filesystem::perms::owner_exec);
  CHECK_THROWS_AS(acmecli::write_file_atomic(scratch / "f", "new", 0644), Error);
  std::filesystem::permissions(scratch.path(), std::filesystem::perms::owner_all);
  CHECK(acmecli::read_file(scratch / "f") == "old");
  CHECK(entry_count(scratch.path()) == 1);
}

TEST_CASE("a write that fails half way leaves the old file and no temporary file", "[storage]") {
  ScratchDirectory scratch;
  acmecli::write_file_atomic(scratch / "f", "old", 0644);
  // A file size limit makes write(2) fail with EFBIG even for root, the way a full disk would.
  struct rlimit old_limit {};
  REQUIRE(::getrlimit(RLIMIT_FSIZE, &old_limit) == 0);
  auto old_handler = ::signal(SIGXFSZ, SIG_IGN);
  struct rlimit small = old_limit;
  small.rlim_cur = 16;
  REQUIRE(::setrlimit(RLIMIT_FSIZE, &small) == 0);
  bool threw = false;
  std::string message;
  try {
    acmecli::write_file_atomic(scratch / "f", std::string(4096, 'n'), 0644);
  } catch (const Error& error) {
    threw = true;
    message = error.what();
  }
  ::setrlimit(RLIMIT_FSIZE, &old_limit);
  ::signal(SIGXFSZ, old_handler);
  CHECK(threw);
  CHECK_THAT(message, Catch::Contains((scratch / "f").string()));
  CHECK(acmecli::read_file(scratch / "f") == "old");
  CHECK(entry_count(scratch.path()) == 1);
}

TEST_CASE("read_file refuses a file larger than the cap", "[storage]") {
  ScratchDirectory scratch;
  acmecli::write_file_atomic(scratch / "f", std::string(100, 'x'), 0644);
  CHECK(acmecli::read_file(scratch / "f", 100).size() == 100);
  try {
    acmecli::read_file(scratch / "f", 99);
    FAIL("no error");
  } catch (const Error& error) {
    CHECK(error.kind() == ErrorKind::local_file);
    CHECK_THAT(error.what(), Catch::Contains("larger than 99 bytes"));
  }
}

TEST_CASE("read_file of a missing file is a local file error naming it", "[storage]") {
  ScratchDirectory scratch;
  try {
    acmecli::read_file(scratch / "absent");
    FAIL("no error");
  } catch (const Error& error) {
    CHECK(error.kind() == ErrorKind::local_file);
    CHECK_THAT(error.what(), Catch::Contains("absent"));
  }
}

TEST_CASE("ensure_private_directory makes the directories it creates 0700 and leaves others alone",
          "[storage]") {
  ScratchDirectory scratch;
  ScopedUmask umask(0);
  std::filesystem::create_directory(scratch / "existing");
  std::filesystem::permissions(scratch / "existing", std::filesystem::perms(0755));
  acmecli::ensure_private_directory(scratch / "existing/a/b");
  CHECK(mode_of(scratch / "existing") == 0755);
  CHECK(mode_of(scratch / "existing/a") == 0700);
  CHECK(mode_of(scratch / "existing/a/b") == 0700);
  acmecli::ensure_private_directory(scratch / "existing/a/b");  // again: nothing to do, no error
  acmecli::write_file_atomic(scratch / "file", "x", 0644);
  CHECK_THROWS_AS(acmecli::ensure_private_directory(scratch / "file/sub"), Error);
}

TEST_CASE("the default storage root follows XDG_DATA_HOME, then HOME, never the working directory",
          "[storage]") {
  using acmecli::storage::storage_root_for;
  CHECK(storage_root_for(true) == "/var/lib/acmecli");
  {
    ScopedEnvironment home("HOME", "/home/alice");
    ScopedEnvironment xdg("XDG_DATA_HOME", "/data/alice");
    CHECK(storage_root_for(false) == "/data/alice/acmecli");
  }
  {
    ScopedEnvironment home("HOME", "/home/alice");
    ScopedEnvironment xdg("XDG_DATA_HOME", nullptr);
    CHECK(storage_root_for(false) == "/home/alice/.local/share/acmecli");
  }
  {
    ScopedEnvironment home("HOME", "/home/alice");
    ScopedEnvironment xdg("XDG_DATA_HOME", "relative/data");  // XDG says: ignore a relative path
    CHECK(storage_root_for(false) == "/home/alice/.local/share/acmecli");
  }
  {
    ScopedEnvironment home("HOME", nullptr);
    ScopedEnvironment xdg("XDG_DATA_HOME", nullptr);
    try {
      storage_root_for(false);
      FAIL("no error");
    } catch (const Error& error) {
      CHECK(error.kind() == ErrorKind::usage);
      CHECK_THAT(error.what(), Catch::Contains("--path"));
    }
  }
  if (::geteuid() == 0) CHECK(acmecli::default_storage_root() == "/var/lib/acmecli");
}
