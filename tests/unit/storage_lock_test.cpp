#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <chrono>
#include <thread>

#include "acmecli/error.hpp"
#include "acmecli/storage.hpp"
#include "storage_test_support.hpp"
#include "util/interruption.hpp"

using acmecli::Error;
using acmecli::StorageLock;
using namespace std::chrono_literals;

namespace {

// A child process that holds the lock until told to let go, as a second acmecli run would.
class LockHoldingChild {
 public:
  // With hold_for, the child lets go on its own after that long; otherwise when let_go() is called.
  explicit LockHoldingChild(const std::filesystem::path& root,
                            std::chrono::milliseconds hold_for = std::chrono::milliseconds::zero()) {
    int ready[2];
    int release[2];
    if (::pipe(ready) != 0 || ::pipe(release) != 0) throw std::runtime_error("pipe");
    pid_ = ::fork();
    if (pid_ == 0) {
      ::close(ready[0]);
      ::close(release[1]);
      try {
        auto lock = StorageLock::acquire(root, 0ms);
        char byte = 'L';
        if (::write(ready[1], &byte, 1) != 1) ::_exit(2);
        if (hold_for > 0ms) {
          ::usleep(static_cast<useconds_t>(hold_for.count() * 1000));
        } else {
          [[maybe_unused]] auto got = ::read(release[0], &byte, 1);
        }
      } catch (...) {
        ::_exit(1);
      }
      ::_exit(0);
    }
    ::close(ready[1]);
    ::close(release[0]);
    release_fd_ = release[1];
    char byte = 0;
    locked_ = ::read(ready[0], &byte, 1) == 1;
    ::close(ready[0]);
  }
  LockHoldingChild(const LockHoldingChild&) = delete;
  LockHoldingChild& operator=(const LockHoldingChild&) = delete;
  ~LockHoldingChild() { let_go(); }

  bool locked() const { return locked_; }
  void let_go() {
    if (pid_ <= 0) return;
    ::close(release_fd_);  // end of file on the pipe tells the child to exit
    int status = 0;
    ::waitpid(pid_, &status, 0);
    pid_ = -1;
  }

 private:
  pid_t pid_ = -1;
  int release_fd_ = -1;
  bool locked_ = false;
};

}  // namespace

TEST_CASE("a second run waits for the lock, gives up naming the root, and gets it once released",
          "[storage]") {
  storage_test::ScratchDirectory scratch;
  auto root = scratch / "root";
  LockHoldingChild child(root);
  REQUIRE(child.locked());
  CHECK(storage_test::mode_of(root / ".lock") == 0600);

  auto start = std::chrono::steady_clock::now();
  try {
    StorageLock::acquire(root, 300ms);
    FAIL("acquired a lock another process holds");
  } catch (const Error& error) {
    CHECK(error.kind() == acmecli::ErrorKind::local_file);
    CHECK(std::string(error.what()) ==
          "another acmecli run holds the lock on " + root.string() + " (waited 0.3s)");
  }
  CHECK(std::chrono::steady_clock::now() - start >= 300ms);
  CHECK_THROWS_AS(StorageLock::acquire(root, 0ms), Error);

  child.let_go();
  CHECK_NOTHROW(StorageLock::acquire(root, 0ms));
}

TEST_CASE("a waiting run gets the lock as soon as the holder releases it", "[storage]") {
  storage_test::ScratchDirectory scratch;
  auto root = scratch / "root";
  LockHoldingChild child(root, 200ms);
  REQUIRE(child.locked());
  auto start = std::chrono::steady_clock::now();
  CHECK_NOTHROW(StorageLock::acquire(root, 5000ms));
  CHECK(std::chrono::steady_clock::now() - start < 4000ms);
}

TEST_CASE("a lock is released when its holder goes out of scope, and moves with the object", "[storage]") {
  storage_test::ScratchDirectory scratch;
  {
    auto first = StorageLock::acquire(scratch.path(), 0ms);
    StorageLock moved(std::move(first));
    // flock locks belong to the open file: a second open in this same process is refused too.
    CHECK_THROWS_AS(StorageLock::acquire(scratch.path(), 0ms), Error);
  }
  CHECK_NOTHROW(StorageLock::acquire(scratch.path(), 0ms));
}

TEST_CASE("SIGTERM during the wait for the lock stops the wait at once with an interrupted error",
          "[storage][interrupt]") {
  storage_test::ScratchDirectory scratch;
  auto root = scratch / "root";
  LockHoldingChild child(root);
  REQUIRE(child.locked());
  acmecli::InterruptHandlers handlers;
  // The signal comes while the wait is under way, as from `kill` or systemd stopping the unit.
  std::thread signaller([] {
    std::this_thread::sleep_for(200ms);
    ::kill(::getpid(), SIGTERM);
  });
  auto start = std::chrono::steady_clock::now();
  try {
    StorageLock::acquire(root, 30s);
    FAIL("acquired a lock another process holds");
  } catch (const Error& error) {
    CHECK(error.kind() == acmecli::ErrorKind::interrupted);
    CHECK_THAT(error.what(), Catch::Contains("SIGTERM"));
  }
  signaller.join();
  CHECK(std::chrono::steady_clock::now() - start < 1s);
  CHECK(acmecli::exit_code_for(acmecli::ErrorKind::interrupted) == 143);
  // The interrupted wait left nothing open: once the holder lets go, the lock is free to take.
  child.let_go();
  CHECK_NOTHROW(StorageLock::acquire(root, 0ms));
}
