#include "storage/directory_reader.hpp"

#include <sys/stat.h>

#include <catch2/catch.hpp>
#include <cerrno>
#include <fstream>

#include "storage_test_support.hpp"

using acmecli::storage::DirectoryReader;
using storage_test::ScratchDirectory;

namespace {

void write(const std::filesystem::path& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary);
  out << text;
}

}  // namespace

TEST_CASE("files are read whole, one after the other into the same string", "[directory_reader]") {
  ScratchDirectory scratch;
  write(scratch / "a.json", R"({"domain":"a.example"})");
  write(scratch / "b.json", "b");
  write(scratch / "empty.json", "");
  DirectoryReader reader(scratch.path());
  std::string content;
  REQUIRE(reader.read("a.json", 1024, content) == 0);
  CHECK(content == R"({"domain":"a.example"})");
  REQUIRE(reader.read("b.json", 1024, content) == 0);
  CHECK(content == "b");
  REQUIRE(reader.read("empty.json", 1024, content) == 0);
  CHECK(content.empty());
}

TEST_CASE("a file larger than the first buffer is still read whole", "[directory_reader]") {
  ScratchDirectory scratch;
  std::string large(100 * 1000 + 7, 'x');
  for (std::size_t i = 0; i < large.size(); i += 1000) large[i] = static_cast<char>('a' + (i / 1000) % 26);
  write(scratch / "large.crt", large);
  DirectoryReader reader(scratch.path());
  std::string content;
  REQUIRE(reader.read("large.crt", 1024 * 1024, content) == 0);
  CHECK(content == large);
}

TEST_CASE("a missing file, a directory and a file over the limit are told apart", "[directory_reader]") {
  ScratchDirectory scratch;
  write(scratch / "big.json", std::string(2000, 'x'));
  std::filesystem::create_directory(scratch / "dir.json");
  DirectoryReader reader(scratch.path());
  std::string content = "stale";
  CHECK(reader.read("missing.json", 1024, content) == ENOENT);
  CHECK(content.empty());
  CHECK(reader.read("dir.json", 1024, content) == EISDIR);
  CHECK(reader.read("big.json", 1999, content) == EFBIG);
  CHECK(reader.read("big.json", 2000, content) == 0);
}

TEST_CASE("a FIFO under a file's name does not hang the reader", "[directory_reader]") {
  ScratchDirectory scratch;
  REQUIRE(::mkfifo((scratch / "fifo.json").c_str(), 0600) == 0);
  DirectoryReader reader(scratch.path());
  std::string content;
  CHECK(reader.read("fifo.json", 1024, content) == 0);
  CHECK(content.empty());
}

TEST_CASE("a directory that does not exist reads as empty", "[directory_reader]") {
  ScratchDirectory scratch;
  DirectoryReader reader(scratch / "nowhere");
  std::string content;
  CHECK(reader.read("a.json", 1024, content) == ENOENT);
}

TEST_CASE("a symbolic link is not followed, even to a readable file", "[directory_reader]") {
  ScratchDirectory scratch;
  write(scratch / "real.json", "real");
  std::filesystem::create_symlink(scratch / "real.json", scratch / "link.json");
  DirectoryReader reader(scratch.path());
  std::string content;
  CHECK(reader.read("link.json", 1024, content) == ELOOP);
  CHECK(content.empty());
}
