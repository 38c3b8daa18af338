#include <sys/stat.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>

#include "acmecli/error.hpp"
#include "acmecli/http01.hpp"
#include "challenge_tasks.hpp"
#include "storage_test_support.hpp"

using namespace acmecli;
using acmecli::testing::http01_task;
using storage_test::contents_of;
using storage_test::mode_of;
using storage_test::ScratchDirectory;
namespace fs = std::filesystem;

TEST_CASE("the webroot solver writes world-readable challenge files and removes them", "[http01]") {
  ScratchDirectory webroot;
  mode_t old_mask = ::umask(077);  // a strict umask must not make the files unreadable for the web server
  Http01WebrootSolver solver(webroot.path());
  std::vector<ChallengeTask> tasks{http01_task("tokenA"), http01_task("tokenB")};
  solver.present(tasks);
  ::umask(old_mask);

  fs::path directory = webroot.path() / ".well-known" / "acme-challenge";
  CHECK(contents_of(directory / "tokenA") == "tokenA.thumbprint");
  CHECK(contents_of(directory / "tokenB") == "tokenB.thumbprint");
  CHECK(mode_of(directory / "tokenA") == 0644);
  CHECK(mode_of(directory) == 0755);
  CHECK(mode_of(webroot.path() / ".well-known") == 0755);

  solver.cleanup(tasks);
  CHECK_FALSE(fs::exists(directory / "tokenA"));
  CHECK_FALSE(fs::exists(webroot.path() / ".well-known"));  // it created them, so it removes them
  CHECK(fs::exists(webroot.path()));
}

TEST_CASE("the webroot solver keeps directories it did not create and files of other orders", "[http01]") {
  ScratchDirectory webroot;
  fs::path directory = webroot.path() / ".well-known" / "acme-challenge";
  fs::create_directories(directory);
  Http01WebrootSolver solver(webroot.path());
  std::vector<ChallengeTask> first{http01_task("first")};
  std::vector<ChallengeTask> second{http01_task("second")};
  solver.present(first);
  solver.present(second);

  solver.cleanup(first);
  CHECK_FALSE(fs::exists(directory / "first"));
  CHECK(fs::exists(directory / "second"));
  solver.cleanup(second);
  CHECK_FALSE(fs::exists(directory / "second"));
  CHECK(fs::is_directory(directory));
}

TEST_CASE("the webroot solver reports a path it cannot write as a local file error", "[http01]") {
  ScratchDirectory webroot;
  SECTION("missing webroot") {
    Http01WebrootSolver solver(webroot.path() / "missing");
    try {
      solver.present({http01_task("tok")});
      FAIL("wrote into a missing webroot");
    } catch (const Error& e) {
      CHECK(e.kind() == ErrorKind::local_file);
      CHECK_THAT(e.what(), Catch::Contains((webroot.path() / "missing").string()));
      CHECK_THAT(e.what(), Catch::Contains("No such file or directory"));
    }
  }
  SECTION("a file where the challenge directory should be") {
    std::ofstream(webroot.path() / ".well-known") << "in the way";
    Http01WebrootSolver solver(webroot.path());
    try {
      solver.present({http01_task("tok")});
      FAIL("wrote below a regular file");
    } catch (const Error& e) {
      CHECK(e.kind() == ErrorKind::local_file);
      CHECK_THAT(e.what(), Catch::Contains(".well-known"));
    }
  }
}

TEST_CASE("the webroot solver refuses a token that would leave the webroot", "[http01]") {
  ScratchDirectory webroot;
  Http01WebrootSolver solver(webroot.path());
  CHECK_THROWS_AS(solver.present({http01_task("../../escape")}), Error);
  CHECK_FALSE(fs::exists(webroot.path() / ".well-known"));
}

TEST_CASE("the webroot solver refuses a symlinked .well-known and writes nothing where it points",
          "[http01][symlink]") {
  ScratchDirectory webroot;
  ScratchDirectory elsewhere;
  fs::create_symlink(elsewhere.path(), webroot.path() / ".well-known");
  Http01WebrootSolver solver(webroot.path());
  try {
    solver.present({http01_task("tok")});
    FAIL("followed the .well-known link");
  } catch (const Error& e) {
    CHECK(e.kind() == ErrorKind::local_file);
    CHECK_THAT(e.what(), Catch::Contains((webroot.path() / ".well-known").string() + " -> " +
                                         elsewhere.path().string()));
    CHECK_THAT(e.what(), Catch::Contains("symbolic link"));
  }
  CHECK(fs::is_empty(elsewhere.path()));  // no acme-challenge directory created through the link
  CHECK(fs::is_symlink(webroot.path() / ".well-known"));
}

TEST_CASE("the webroot solver refuses a symlinked acme-challenge and writes nothing where it points",
          "[http01][symlink]") {
  ScratchDirectory webroot;
  ScratchDirectory elsewhere;
  fs::create_directory(webroot.path() / ".well-known");
  fs::create_symlink(elsewhere.path(), webroot.path() / ".well-known" / "acme-challenge");
  Http01WebrootSolver solver(webroot.path());
  try {
    solver.present({http01_task("tok")});
    FAIL("followed the acme-challenge link");
  } catch (const Error& e) {
    CHECK(e.kind() == ErrorKind::local_file);
    CHECK_THAT(e.what(),
               Catch::Contains((webroot.path() / ".well-known" / "acme-challenge").string() + " -> "));
    CHECK_THAT(e.what(), Catch::Contains("symbolic link"));
  }
  CHECK(fs::is_empty(elsewhere.path()));
}

TEST_CASE("the webroot solver writes no challenge file through a link in the token's place",
          "[http01][symlink]") {
  ScratchDirectory webroot;
  ScratchDirectory elsewhere;
  fs::create_directories(webroot.path() / ".well-known" / "acme-challenge");
  std::ofstream(elsewhere.path() / "target") << "precious";
  fs::create_symlink(elsewhere.path() / "target", webroot.path() / ".well-known" / "acme-challenge" / "tok");
  Http01WebrootSolver solver(webroot.path());
  CHECK_THROWS_AS(solver.present({http01_task("tok")}), Error);
  CHECK(contents_of(elsewhere.path() / "target") == "precious");
}

TEST_CASE("a failed webroot write removes the directories it created and the files it wrote", "[http01]") {
  ScratchDirectory webroot;
  Http01WebrootSolver solver(webroot.path());
  // A token longer than a file name may be (NAME_MAX) fails once both directories are made and the
  // first file is written.
  std::string too_long(300, 'a');
  SECTION("in a web root without .well-known, nothing is left") {
    CHECK_THROWS_AS(solver.present({http01_task("first"), http01_task(too_long)}), Error);
    CHECK(fs::is_empty(webroot.path()));
  }
  SECTION("directories that were there stay, and so do files from an earlier present") {
    solver.present({http01_task("earlier")});
    CHECK_THROWS_AS(solver.present({http01_task("first"), http01_task(too_long)}), Error);
    fs::path directory = webroot.path() / ".well-known" / "acme-challenge";
    CHECK_FALSE(fs::exists(directory / "first"));
    CHECK(contents_of(directory / "earlier") == "earlier.thumbprint");
    solver.cleanup({http01_task("earlier")});
    CHECK(fs::is_empty(webroot.path()));
  }
}
