// http-01 (RFC 8555 §8.3): the CA fetches http://<domain>/.well-known/acme-challenge/<token> on port 80
// and expects the key authorization as the body. Two ways to answer: our own listener, or files in the
// document root of a web server that already owns port 80.
#pragma once

#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "acmecli/listen_address.hpp"
#include "acmecli/solver.hpp"

namespace acmecli {

class TcpListener;  // challenge/tcp_listener.hpp

// Serves the challenges itself. The listener is bound while at least one presented task is not cleaned
// up yet, so the port is held only for the duration of the orders that need it.
class Http01StandaloneSolver : public ChallengeSolver {
 public:
  explicit Http01StandaloneSolver(const ListenAddress& address);
  ~Http01StandaloneSolver() override;

  std::string_view type() const override { return "http-01"; }
  // Registers the tasks' tokens and binds the listener if needed. Throws Error(challenge) when the
  // address cannot be bound, saying what to do instead.
  void present(const std::vector<ChallengeTask>& tasks) override;
  void cleanup(const std::vector<ChallengeTask>& tasks) noexcept override;

 private:
  class Responder;  // the tokens and their key authorizations, shared with the connection threads

  std::unique_ptr<ListenAddress> address_;
  std::shared_ptr<Responder> responder_;
  std::mutex lifecycle_mutex_;  // orders binding and stopping the listener across present/cleanup
  std::unique_ptr<TcpListener> listener_;
};

// Writes <webroot>/.well-known/acme-challenge/<token> for a web server to serve, and removes it again.
// Follows no symbolic link below the web root (see challenge/webroot_directory.hpp).
class Http01WebrootSolver : public ChallengeSolver {
 public:
  explicit Http01WebrootSolver(std::filesystem::path webroot);

  std::string_view type() const override { return "http-01"; }
  // Throws Error(local_file) naming the path and the reason when a file cannot be written, or naming
  // the component that is a symbolic link; the files and directories this call made are removed then.
  void present(const std::vector<ChallengeTask>& tasks) override;
  // Removes the files present() wrote and the directories it created, when they are empty.
  void cleanup(const std::vector<ChallengeTask>& tasks) noexcept override;

 private:
  std::filesystem::path webroot_;
  std::mutex mutex_;
  std::map<std::string, int> written_;                      // token -> tasks using the file
  std::vector<std::filesystem::path> created_directories_;  // relative to the web root, outermost first
};

}  // namespace acmecli
