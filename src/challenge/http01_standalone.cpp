// The http-01 listener (RFC 8555 §8.3): answers GET /.well-known/acme-challenge/<token> with the key
// authorization, and nothing else.
#include "util/log.hpp"
#include <sys/socket.h>

#include <chrono>
#include <map>
#include <optional>

#include "acmecli/error.hpp"
#include "acmecli/http01.hpp"
#include "challenge/challenge_token.hpp"
#include "acmecli/listen_address.hpp"
#include "challenge/tcp_listener.hpp"
#include "util/printable.hpp"

namespace acmecli {

namespace {

constexpr std::string_view kChallengePath = "/.well-known/acme-challenge/";
// A validation request is a few hundred bytes that a CA sends at once after connecting; the limits keep
// idle or hostile clients cheap. The whole head must arrive within the deadline, so one slow peer cannot
// hold a slot for longer, however it trickles its bytes.
constexpr std::size_t kMaxRequestHead = 8 * 1024;
constexpr std::chrono::seconds kRequestDeadline{2};
constexpr std::chrono::seconds kReplyDeadline{2};

struct Reply {
  int status = 200;
  std::string body;
  bool send_body = true;
};

std::string_view reason_phrase(int status) {
  switch (status) {
    case 200:
      return "OK";
    case 400:
      return "Bad Request";
    case 404:
      return "Not Found";
    case 405:
      return "Method Not Allowed";
    default:
      return "Error";
  }
}

std::string render(const Reply& reply) {
  std::string text = "HTTP/1.1 " + std::to_string(reply.status) + " " +
                     std::string(reason_phrase(reply.status)) +
                     "\r\nContent-Type: text/plain\r\nContent-Length: " + std::to_string(reply.body.size()) +
                     "\r\nConnection: close\r\n";
  if (reply.status == 405) text += "Allow: GET, HEAD\r\n";
  text += "\r\n";
  if (reply.send_body) text += reply.body;
  return text;
}

bool head_is_complete(const std::string& head) {
  return head.find("\r\n\r\n") != std::string::npos || head.find("\n\n") != std::string::npos;
}

// Reads up to the blank line ending the request head, and marks the connection received once it is in;
// nullopt when the client went away or was too slow.
std::optional<std::string> read_request_head(ServedConnection& connection, bool& too_large) {
  auto deadline = std::chrono::steady_clock::now() + kRequestDeadline;
  std::string head;
  char buffer[2048];
  while (!head_is_complete(head)) {
    if (head.size() >= kMaxRequestHead) {
      too_large = true;
      return head;
    }
    if (!wait_readable(connection.socket, deadline)) return std::nullopt;
    ssize_t received = 0;
    {
      // Consuming the bytes and marking the request complete are one step to the listener (see
      // ServedConnection::reading).
      std::lock_guard reading(connection.reading);
      received = ::recv(connection.socket, buffer, std::min(sizeof buffer, kMaxRequestHead - head.size()),
                        MSG_DONTWAIT);
      if (received > 0) {
        head.append(buffer, static_cast<std::size_t>(received));
        if (head_is_complete(head) || head.size() >= kMaxRequestHead) connection.request_received();
      }
    }
    if (received == 0) return std::nullopt;
    if (received < 0) {
      if (errno == EINTR || errno == EAGAIN || errno == EWOULDBLOCK) continue;
      return std::nullopt;
    }
  }
  return head;
}

}  // namespace

// The registered tokens. Connection threads hold it through a shared_ptr, so it outlives any of them.
class Http01StandaloneSolver::Responder {
 public:
  void add(const std::vector<ChallengeTask>& tasks) {
    std::lock_guard lock(mutex_);
    for (const auto& task : tasks) {
      auto& entry = tokens_[task.token];
      entry.key_authorization = task.key_authorization;
      ++entry.tasks;
    }
  }

  // Returns true when no token is left, i.e. the listener is no longer needed.
  bool remove(const std::vector<ChallengeTask>& tasks) {
    std::lock_guard lock(mutex_);
    for (const auto& task : tasks) {
      auto found = tokens_.find(task.token);
      if (found != tokens_.end() && --found->second.tasks == 0) tokens_.erase(found);
    }
    return tokens_.empty();
  }

  std::optional<std::string> key_authorization(const std::string& token) const {
    std::lock_guard lock(mutex_);
    auto found = tokens_.find(token);
    if (found == tokens_.end()) return std::nullopt;
    return found->second.key_authorization;
  }

  void serve(ServedConnection& connection) const {
    bool too_large = false;
    auto head = read_request_head(connection, too_large);
    if (!head) {
      spdlog::debug("http-01: {} sent no complete request in time", connection.peer);
      return;
    }
    Reply reply = too_large ? Reply{400, "request head too large\n"} : answer(*head, connection.peer);
    send_all(connection.socket, render(reply), std::chrono::steady_clock::now() + kReplyDeadline);
  }

 private:
  Reply answer(std::string_view head, const std::string& peer) const {
    std::string_view line = head.substr(0, head.find('\n'));
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    auto first_space = line.find(' ');
    auto last_space = line.rfind(' ');
    if (first_space == std::string_view::npos || first_space == last_space)
      return {400, "bad request line\n"};
    std::string_view method = line.substr(0, first_space);
    std::string_view target = line.substr(first_space + 1, last_space - first_space - 1);
    std::string_view version = line.substr(last_space + 1);
    if (version.rfind("HTTP/1.", 0) != 0 || target.find(' ') != std::string_view::npos) {
      return {400, "bad request line\n"};
    }
    if (method != "GET" && method != "HEAD") return {405, "only GET and HEAD\n"};
    bool head_only = method == "HEAD";

    // RFC 9112 §3.2.2: a server must accept the absolute form "http://host/path" too.
    if (auto scheme_end = target.find("://"); scheme_end != std::string_view::npos && target.front() != '/') {
      auto path_start = target.find('/', scheme_end + 3);
      target = path_start == std::string_view::npos ? std::string_view("/") : target.substr(path_start);
    }
    target = target.substr(0, target.find('?'));

    Reply reply{404, "not found\n", !head_only};
    if (target.rfind(kChallengePath, 0) == 0) {
      std::string token(target.substr(kChallengePath.size()));
      if (auto answer_body = key_authorization(token)) {
        reply = Reply{200, *answer_body, !head_only};
      }
      // The request line is whatever a peer sent: printable() keeps it one line in the log.
      spdlog::debug("http-01: {} {} from {}: {}", printable(method), printable(token), peer, reply.status);
    } else {
      spdlog::debug("http-01: {} {} from {}: {}", printable(method), printable(target), peer, reply.status);
    }
    return reply;
  }

  struct Entry {
    std::string key_authorization;
    int tasks = 0;
  };
  mutable std::mutex mutex_;
  std::map<std::string, Entry> tokens_;
};

Http01StandaloneSolver::Http01StandaloneSolver(const ListenAddress& address)
    : address_(std::make_unique<ListenAddress>(address)), responder_(std::make_shared<Responder>()) {}

Http01StandaloneSolver::~Http01StandaloneSolver() = default;

void Http01StandaloneSolver::present(const std::vector<ChallengeTask>& tasks) {
  for (const auto& task : tasks) {
    if (!is_valid_challenge_token(task.token)) {
      throw Error(ErrorKind::protocol,
                  "the CA sent an http-01 token that is not base64url: \"" + task.token + "\"");
    }
  }
  if (tasks.empty()) return;
  std::lock_guard lock(lifecycle_mutex_);
  responder_->add(tasks);
  if (listener_) return;
  try {
    TcpListener::Settings settings{"http-01", "use --http.port with a port forward, or --http.webroot", {}};
    std::shared_ptr<Responder> responder = responder_;
    listener_ = std::make_unique<TcpListener>(
        *address_, std::move(settings),
        [responder](ServedConnection& connection) { responder->serve(connection); });
  } catch (...) {
    responder_->remove(tasks);
    throw;
  }
}

void Http01StandaloneSolver::cleanup(const std::vector<ChallengeTask>& tasks) noexcept {
  try {
    std::lock_guard lock(lifecycle_mutex_);
    // Stopping joins the connection threads; they only take the responder's lock, never this one.
    if (responder_->remove(tasks)) listener_.reset();
  } catch (const std::exception& e) {
    spdlog::warn("http-01: cleaning up failed: {}", e.what());
  }
}

}  // namespace acmecli
