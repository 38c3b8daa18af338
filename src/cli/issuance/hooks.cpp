#include "cli/issuance/hooks.hpp"

#include <fcntl.h>
#include <spawn.h>
#include "util/log.hpp"
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <string_view>
#include <vector>

#include "acmecli/error.hpp"
#include "util/child_environment.hpp"

extern char** environ;

namespace acmecli::cli {

namespace {

constexpr std::string_view kVariables[] = {"ACMECLI_CERT_DOMAIN=", "ACMECLI_CERT_PATH=", "ACMECLI_CERT_KEY_PATH=",
                                           "ACMECLI_CERT_PEM_PATH=", "ACMECLI_ACCOUNT_EMAIL="};

bool is_hook_variable(std::string_view entry) {
  for (auto prefix : kVariables) {
    if (entry.starts_with(prefix)) return true;
  }
  return false;
}

// RAII for posix_spawn_file_actions_t, which must be destroyed on every path.
class FileActions {
 public:
  FileActions() { ::posix_spawn_file_actions_init(&actions_); }
  ~FileActions() { ::posix_spawn_file_actions_destroy(&actions_); }
  FileActions(const FileActions&) = delete;
  FileActions& operator=(const FileActions&) = delete;
  posix_spawn_file_actions_t* get() { return &actions_; }

 private:
  posix_spawn_file_actions_t actions_{};
};

}  // namespace

int run_hook(const std::string& command, const HookCertificate& certificate) {
  // A stale ACMECLI_CERT_PEM_PATH from the caller's shell must not survive when we wrote no .pem, and
  // a hook gets none of acmecli's secrets (util/child_environment.hpp).
  std::vector<std::string> environment;
  for (auto& entry : environment_without_secrets(environ)) {
    if (!is_hook_variable(entry)) environment.push_back(std::move(entry));
  }
  environment.push_back("ACMECLI_CERT_DOMAIN=" + certificate.domain);
  environment.push_back("ACMECLI_CERT_PATH=" + certificate.certificate_path);
  environment.push_back("ACMECLI_CERT_KEY_PATH=" + certificate.key_path);
  if (!certificate.pem_path.empty()) environment.push_back("ACMECLI_CERT_PEM_PATH=" + certificate.pem_path);
  environment.push_back("ACMECLI_ACCOUNT_EMAIL=" + certificate.account_email);
  std::vector<char*> envp;
  for (auto& entry : environment) envp.push_back(entry.data());
  envp.push_back(nullptr);

  std::string shell = "/bin/sh", dash_c = "-c", script = command;
  char* argv[] = {shell.data(), dash_c.data(), script.data(), nullptr};

  FileActions actions;
  ::posix_spawn_file_actions_adddup2(actions.get(), STDERR_FILENO, STDOUT_FILENO);
  ::posix_spawn_file_actions_addopen(actions.get(), STDIN_FILENO, "/dev/null", O_RDONLY, 0);
  // Nothing but stdin, stdout and stderr: not the CA's TLS connection, not a lock or a key file.
  ::posix_spawn_file_actions_addclosefrom_np(actions.get(), STDERR_FILENO + 1);
  pid_t pid = 0;
  const int spawned = ::posix_spawn(&pid, shell.c_str(), actions.get(), nullptr, argv, envp.data());
  if (spawned != 0) {
    throw Error(ErrorKind::local_file, "cannot start /bin/sh for the hook: " + std::string(std::strerror(spawned)));
  }
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0) {
    if (errno != EINTR) throw Error(ErrorKind::internal, "waiting for the hook failed: " + std::string(std::strerror(errno)));
  }
  if (WIFEXITED(status)) return WEXITSTATUS(status);
  if (WIFSIGNALED(status)) return 128 + WTERMSIG(status);
  return 1;
}

int run_hook_logged(const std::string& what, const std::string& command, const HookCertificate& certificate) {
  int status = 0;
  try {
    status = run_hook(command, certificate);
  } catch (const Error& error) {
    spdlog::error("{}: {} hook could not run: {}", certificate.domain, what, error.what());
    return 127;
  }
  if (status == 0) {
    spdlog::info("{}: {} hook exited 0", certificate.domain, what);
  } else {
    spdlog::error("{}: {} hook exited {} (the certificate stays written)", certificate.domain, what, status);
  }
  return status;
}

}  // namespace acmecli::cli
