// What a run killed in the middle of saving a certificate leaves behind, and how the next run repairs it
// (storage/file_set.cpp). A crash is simulated by leaving the files a dead process would have left: its
// pid is one no process can have.
#include <unistd.h>

#include <catch2/catch.hpp>
#include <fstream>

#include "acmecli/storage.hpp"
#include "storage/file_io.hpp"
#include "storage_test_support.hpp"

using acmecli::CertificateFiles;
using acmecli::CertificateStore;
using storage_test::contents_of;
using storage_test::leaf_sample_files;
using storage_test::ScratchDirectory;
namespace fs = std::filesystem;

namespace {

constexpr const char* dead_pid = "999999999";  // above any pid_max, so kill(2) says ESRCH

void put(const fs::path& path, const std::string& content) {
  std::ofstream(path, std::ios::binary) << content;
}

}  // namespace

TEST_CASE("a save killed after its journal is rolled forward by the next run, never leaving a mixed pair",
          "[storage][faults]") {
  ScratchDirectory scratch;
  CertificateStore store(scratch.path());
  store.save("a.example", leaf_sample_files("old"));
  const fs::path dir = store.directory();
  // The killed run had staged its new key and certificate and written its journal, and renamed only
  // the key: the directory holds a new key beside the old certificate.
  const std::string pid = dead_pid;
  put(dir / (".a.example.crt.tmp-" + pid + "-1-1"), "LEAF new\n");
  put(dir / "a.example.key", "KEY new\n");
  put(dir / (".a.example.replacing." + pid),
      ".a.example.key.tmp-" + pid + "-0-1\ta.example.key\n.a.example.crt.tmp-" + pid + "-1-1\ta.example.crt\n");

  CHECK(acmecli::storage::complete_interrupted_replacements(dir) == 1);
  CHECK(contents_of(dir / "a.example.key") == "KEY new\n");
  CHECK(contents_of(dir / "a.example.crt") == "LEAF new\n");
  CHECK_FALSE(fs::exists(dir / (".a.example.replacing." + pid)));
  CHECK_FALSE(fs::exists(dir / (".a.example.crt.tmp-" + pid + "-1-1")));
}

TEST_CASE("finish_interrupted_saves completes another name's replacement before this run saves", "[storage][faults]") {
  ScratchDirectory scratch;
  CertificateStore store(scratch.path());
  store.save("a.example", leaf_sample_files("old"));
  const fs::path dir = store.directory();
  const std::string pid = dead_pid;
  put(dir / (".a.example.key.tmp-" + pid + "-0-1"), "KEY new\n");
  put(dir / (".a.example.crt.tmp-" + pid + "-1-1"), "LEAF new\n");
  put(dir / (".a.example.replacing." + pid),
      ".a.example.key.tmp-" + pid + "-0-1\ta.example.key\n.a.example.crt.tmp-" + pid + "-1-1\ta.example.crt\n");

  CHECK(store.finish_interrupted_saves() == 1);
  store.save("b.example", leaf_sample_files("b"));
  CHECK(contents_of(dir / "a.example.key") == "KEY new\n");
  CHECK(contents_of(dir / "a.example.crt") == "LEAF new\n");
}

TEST_CASE("a save killed before its journal leaves the old set, and its temporaries are cleared later",
          "[storage][faults]") {
  ScratchDirectory scratch;
  CertificateStore store(scratch.path());
  store.save("a.example", leaf_sample_files("old"));
  const fs::path dir = store.directory();
  const std::string pid = dead_pid;
  const fs::path stray = dir / (".a.example.key.tmp-" + pid + "-0-7");
  put(stray, "KEY half");
  // A temporary of this very process is someone's save in progress (another thread): left alone.
  const fs::path ours = dir / (".b.example.key.tmp-" + std::to_string(::getpid()) + "-0-7");
  put(ours, "KEY busy");

  CHECK(acmecli::storage::complete_interrupted_replacements(dir) == 0);
  CHECK(contents_of(dir / "a.example.key") == "KEY old\n");
  CHECK(contents_of(dir / "a.example.crt") == "LEAF old\n");
  CHECK_FALSE(fs::exists(stray));
  CHECK(fs::exists(ours));
}

TEST_CASE("a journal naming paths outside its directory moves nothing", "[storage][faults]") {
  ScratchDirectory scratch;
  CertificateStore store(scratch.path());
  store.save("a.example", leaf_sample_files("old"));
  const fs::path dir = store.directory();
  const std::string pid = dead_pid;
  put(scratch / "outside", "x");
  put(dir / (".a.example.replacing." + pid), "../outside\ta.example.key\n.x\t../../escape\n");
  CHECK(acmecli::storage::complete_interrupted_replacements(dir) == 1);
  CHECK(contents_of(dir / "a.example.key") == "KEY old\n");
  CHECK(fs::exists(scratch / "outside"));
}

TEST_CASE("a completed save leaves no journal and no temporary behind", "[storage][faults]") {
  ScratchDirectory scratch;
  CertificateStore store(scratch.path());
  store.save("a.example", leaf_sample_files("1"));
  store.save("a.example", leaf_sample_files("2"));
  for (const auto& entry : fs::directory_iterator(store.directory())) {
    CHECK(entry.path().filename().string().front() != '.');
  }
}
