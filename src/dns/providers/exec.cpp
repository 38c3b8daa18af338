#include "dns/providers/exec.hpp"

#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "acmecli/error.hpp"
#include "dns/dns_name.hpp"
#include "dns/providers/cleanup_failures.hpp"
#include "util/child_environment.hpp"
#include "util/log.hpp"

extern char** environ;

namespace acmecli::dns {

namespace {
constexpr std::size_t output_tail_size = 2000;

class Pipe {
 public:
  Pipe() {
    if (pipe2(fds_, O_CLOEXEC) != 0) {
      throw Error(ErrorKind::internal, std::string("cannot create a pipe: ") + std::strerror(errno));
    }
  }
  ~Pipe() {
    close_read();
    close_write();
  }
  Pipe(const Pipe&) = delete;
  Pipe& operator=(const Pipe&) = delete;
  int read_end() const { return fds_[0]; }
  int write_end() const { return fds_[1]; }
  void close_read() { close_fd(fds_[0]); }
  void close_write() { close_fd(fds_[1]); }

 private:
  static void close_fd(int& fd) {
    if (fd >= 0) ::close(fd);
    fd = -1;
  }
  int fds_[2] = {-1, -1};
};

std::string describe_command(const std::vector<std::string>& arguments) {
  std::string text;
  for (const auto& argument : arguments) text += (text.empty() ? "" : " ") + argument;
  return text;
}
}  // namespace

ExecConfig read_exec_config(const ProviderEnv& env) {
  ExecConfig config;
  config.path = env.require("EXEC_PATH");
  auto mode = env.get("EXEC_MODE").value_or("");
  if (!mode.empty() && mode != "RAW") {
    throw Error(ErrorKind::usage, "EXEC_MODE='" + mode + "' is not supported; leave it unset or use RAW");
  }
  config.raw = mode == "RAW";
  config.timings = read_provider_timings(env, "EXEC", config.timings);
  return config;
}

std::vector<std::string> exec_arguments(const ExecConfig& config, std::string_view action,
                                        const ChallengeRecord& record, const TxtValue& value) {
  if (config.raw)
    return {config.path, std::string(action), value.domain, value.token, value.key_authorization};
  return {config.path, std::string(action), to_fqdn(record.fqdn), value.text};
}

void run_hook(const std::vector<std::string>& arguments) {
  std::vector<char*> argv;
  for (const auto& argument : arguments) argv.push_back(const_cast<char*>(argument.c_str()));
  argv.push_back(nullptr);
  std::string command = describe_command(arguments);

  // The hook gets the exec provider's own variables (EXEC_PATH, EXEC_MODE, ... none secret) and the rest
  // of the environment, but none of acmecli's secrets, and no descriptor but 0, 1 and 2.
  std::vector<std::string> environment = environment_without_secrets(environ);
  std::vector<char*> envp;
  for (auto& entry : environment) envp.push_back(entry.data());
  envp.push_back(nullptr);
  const int highest_descriptor = highest_possible_descriptor();

  Pipe output;
  pid_t child = fork();
  if (child < 0) throw Error(ErrorKind::internal, "cannot fork for " + command + ": " + std::strerror(errno));
  if (child == 0) {
    // Only async-signal-safe calls between fork and exec.
    int devnull = ::open("/dev/null", O_RDONLY | O_CLOEXEC);
    if (devnull >= 0) dup2(devnull, STDIN_FILENO);
    dup2(output.write_end(), STDOUT_FILENO);
    dup2(output.write_end(), STDERR_FILENO);
    close_descriptors_above_stderr(highest_descriptor);
    execve(argv[0], argv.data(), envp.data());
    const char message[] = "cannot execute the hook\n";
    [[maybe_unused]] auto ignored = ::write(STDERR_FILENO, message, sizeof message - 1);
    _exit(127);
  }
  output.close_write();
  std::string tail;
  char buffer[4096];
  for (;;) {
    ssize_t got = ::read(output.read_end(), buffer, sizeof buffer);
    if (got < 0 && errno == EINTR) continue;
    if (got <= 0) break;
    tail.append(buffer, static_cast<std::size_t>(got));
    if (tail.size() > output_tail_size) tail.erase(0, tail.size() - output_tail_size);
  }
  int status = 0;
  while (waitpid(child, &status, 0) < 0) {
    if (errno != EINTR)
      throw Error(ErrorKind::internal, "waiting for " + command + ": " + std::strerror(errno));
  }
  while (!tail.empty() && (tail.back() == '\n' || tail.back() == '\r')) tail.pop_back();
  if (WIFEXITED(status) && WEXITSTATUS(status) == 0) {
    if (!tail.empty()) spdlog::debug("{}: {}", command, tail);
    return;
  }
  std::string how = WIFEXITED(status) ? "exited with status " + std::to_string(WEXITSTATUS(status))
                                      : "was killed by signal " + std::to_string(WTERMSIG(status));
  throw Error(ErrorKind::challenge,
              "exec: '" + command + "' " + how + (tail.empty() ? std::string() : ": " + tail));
}

void ExecProvider::run_all(std::string_view action, const std::vector<ChallengeRecord>& records) {
  for (const auto& record : records) {
    for (const auto& value : record.values) run_hook(exec_arguments(config_, action, record, value));
  }
}

void ExecProvider::present(const std::vector<ChallengeRecord>& records) { run_all("present", records); }

void ExecProvider::cleanup(const std::vector<ChallengeRecord>& records) {
  CleanupFailures failures;
  for (const auto& record : records) {
    for (const auto& value : record.values) {
      failures.attempt([&] { run_hook(exec_arguments(config_, "cleanup", record, value)); });
    }
  }
  failures.throw_if_any();
}

}  // namespace acmecli::dns
