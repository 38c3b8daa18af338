#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>

#include <atomic>
#include <catch2/catch.hpp>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <thread>

#include "acmecli/error.hpp"
#include "acmecli/http.hpp"
#include "acmecli/listen_address.hpp"
#include "acmecli/version.hpp"
#include "challenge/tcp_listener.hpp"
#include "loopback_client.hpp"

extern char** environ;

using namespace acmecli;
using namespace acmecli::testing;
using namespace std::chrono_literals;
namespace fs = std::filesystem;

namespace {

bool error_kind_is(const Error& e, ErrorKind kind) { return e.kind() == kind; }

// A scripted HTTP/1.1 server on 127.0.0.1: answers every request on a connection with the same canned
// answer, keeps the connection open, and remembers what it saw.
class ScriptedServer {
 public:
  explicit ScriptedServer(std::string answer)
      : answer_(std::move(answer)),
        port_(free_port()),
        listener_(ListenAddress{"127.0.0.1", port_}, TcpListener::Settings{"test", "none", {16, 16}},
                  [this](ServedConnection& connection) { serve(connection.socket); }) {}

  std::string url(const std::string& path = "/") const {
    return "http://127.0.0.1:" + std::to_string(port_) + path;
  }
  int connections() const { return connections_; }
  std::string last_request() const {
    std::lock_guard lock(mutex_);
    return last_request_;
  }

 private:
  void serve(int socket) {
    ++connections_;
    std::string buffer;
    char chunk[4096];
    while (true) {
      auto end = buffer.find("\r\n\r\n");
      if (end == std::string::npos) {
        if (!wait_readable(socket, std::chrono::steady_clock::now() + 5s)) return;
        ssize_t received = ::recv(socket, chunk, sizeof chunk, 0);
        if (received <= 0) return;
        buffer.append(chunk, static_cast<std::size_t>(received));
        continue;
      }
      std::size_t body_length = 0;
      auto length_at = buffer.find("Content-Length: ");
      if (length_at != std::string::npos && length_at < end)
        body_length = std::stoul(buffer.substr(length_at + 16));
      while (buffer.size() < end + 4 + body_length) {
        ssize_t received = ::recv(socket, chunk, sizeof chunk, 0);
        if (received <= 0) return;
        buffer.append(chunk, static_cast<std::size_t>(received));
      }
      {
        std::lock_guard lock(mutex_);
        last_request_ = buffer.substr(0, end + 4 + body_length);
      }
      buffer.erase(0, end + 4 + body_length);
      if (!send_all(socket, answer_, std::chrono::steady_clock::now() + 5s)) return;
      if (answer_.find("Connection: close") != std::string::npos) return;
    }
  }

  std::string answer_;
  uint16_t port_;
  std::atomic<int> connections_{0};
  mutable std::mutex mutex_;
  std::string last_request_;
  TcpListener listener_;  // last: its threads use the members above
};

const std::string kAcmeAnswer =
    "HTTP/1.1 201 Created\r\n"
    "Replay-Nonce:   nonce-1  \r\n"
    "Link: <https://ca.test/dir>;rel=\"index\"\r\n"
    "LINK: <https://ca.test/alt>;rel=\"alternate\"\r\n"
    "Content-Type: application/json\r\n"
    "Content-Length: 11\r\n"
    "\r\n"
    "{\"ok\":true}";

}  // namespace

TEST_CASE("response headers are found whatever the case of the name", "[http]") {
  HttpResponse response;
  response.headers = {{"link", "a"}, {"replay-nonce", "n"}, {"link", "b"}};
  CHECK(response.header("Replay-Nonce") == "n");
  CHECK(response.header("LINK") == "a");
  CHECK_FALSE(response.header("location").has_value());
  CHECK(response.headers_named("Link") == std::vector<std::string>{"a", "b"});
  CHECK(response.headers_named("retry-after").empty());
}

TEST_CASE("the curl transport returns status, lower-cased trimmed headers and body", "[http]") {
  ScriptedServer server(kAcmeAnswer);
  auto transport = make_curl_transport({});
  HttpRequest request;
  request.method = "POST";
  request.url = server.url("/new-order");
  request.headers = {{"Content-Type", "application/jose+json"}};
  request.body = "{\"protected\":\"x\"}";
  HttpResponse response = transport->send(request);

  CHECK(response.status == 201);
  CHECK(response.body == "{\"ok\":true}");
  CHECK(response.header("replay-nonce") == "nonce-1");
  CHECK(response.headers_named("link").size() == 2);
  for (const auto& [name, value] : response.headers) CHECK(name == Catch::toLower(name));

  std::string seen = server.last_request();
  CHECK_THAT(seen, Catch::StartsWith("POST /new-order HTTP/1.1\r\n"));
  CHECK_THAT(seen, Catch::Contains("Content-Type: application/jose+json\r\n"));
  CHECK_THAT(seen, Catch::Contains("User-Agent: acmecli/" ACMECLI_VERSION "\r\n"));
  CHECK_THAT(seen, Catch::EndsWith("\r\n\r\n{\"protected\":\"x\"}"));
}

TEST_CASE("the curl transport sends the methods DNS provider APIs use: PATCH, PUT and DELETE", "[http]") {
  ScriptedServer server("HTTP/1.1 204 No Content\r\nContent-Length: 0\r\n\r\n");
  auto transport = make_curl_transport({});
  for (const std::string method : {"PATCH", "PUT", "DELETE"}) {
    CAPTURE(method);
    HttpRequest request;
    request.method = method;
    request.url = server.url("/zones/example.test.");
    request.headers = {{"Content-Type", "application/json"}};
    request.body = method == "DELETE" ? "" : "{\"rrsets\":[]}";
    CHECK(transport->send(request).status == 204);
    std::string seen = server.last_request();
    CHECK_THAT(seen, Catch::StartsWith(method + " /zones/example.test. HTTP/1.1\r\n"));
    CHECK_THAT(seen, Catch::EndsWith("\r\n\r\n" + request.body));
  }
  // A GET after them on the same pooled handle is a GET again.
  HttpRequest get;
  get.url = server.url("/api");
  transport->send(get);
  CHECK_THAT(server.last_request(), Catch::StartsWith("GET /api HTTP/1.1\r\n"));
}

TEST_CASE("the curl transport returns error statuses instead of throwing", "[http]") {
  ScriptedServer server("HTTP/1.1 404 Not Found\r\nContent-Length: 4\r\n\r\nnope");
  TransportOptions options;
  options.user_agent = "custom/1";
  auto transport = make_curl_transport(options);
  HttpResponse response = transport->send({"GET", server.url("/missing"), {}, ""});
  CHECK(response.status == 404);
  CHECK(response.body == "nope");
  CHECK_THAT(server.last_request(), Catch::Contains("User-Agent: custom/1\r\n"));
}

TEST_CASE("the curl transport does not follow redirects", "[http]") {
  ScriptedServer server("HTTP/1.1 302 Found\r\nLocation: /elsewhere\r\nContent-Length: 0\r\n\r\n");
  auto transport = make_curl_transport({});
  HttpResponse response = transport->send({"GET", server.url("/"), {}, ""});
  CHECK(response.status == 302);
  CHECK(response.header("location") == "/elsewhere");
  CHECK(transport->request_count() == 1);
}

TEST_CASE("the curl transport counts requests and reuses one connection", "[http]") {
  ScriptedServer server(kAcmeAnswer);
  auto transport = make_curl_transport({});
  CHECK(transport->request_count() == 0);
  for (int i = 0; i < 3; ++i) CHECK(transport->send({"HEAD", server.url("/"), {}, ""}).status == 201);
  CHECK(transport->send({"GET", server.url("/"), {}, ""}).body == "{\"ok\":true}");
  CHECK(transport->request_count() == 4);
  CHECK(server.connections() == 1);
}

TEST_CASE("the curl transport can be used from several threads at once", "[http]") {
  ScriptedServer server(kAcmeAnswer);
  auto transport = make_curl_transport({});
  std::atomic<int> good{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 6; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 10; ++i) {
        if (transport->send({"GET", server.url("/"), {}, ""}).status == 201) ++good;
      }
    });
  }
  for (auto& thread : threads) thread.join();
  CHECK(good == 60);
  CHECK(transport->request_count() == 60);
  CHECK(server.connections() <= 6);  // pooled handles keep their connections
}

TEST_CASE("a refused connection is a network error naming the URL", "[http]") {
  uint16_t port = free_port();
  auto transport = make_curl_transport({});
  std::string url = "http://127.0.0.1:" + std::to_string(port) + "/dir";
  try {
    transport->send({"GET", url, {}, ""});
    FAIL("no error for a refused connection");
  } catch (const Error& e) {
    CHECK(e.kind() == ErrorKind::network);
    CHECK_THAT(e.what(), Catch::StartsWith("cannot reach " + url + ": "));
    CHECK_THAT(e.what(), Catch::Contains("refused") || Catch::Contains("Couldn't connect"));
  }
  CHECK(transport->request_count() == 1);
}

TEST_CASE("an answer larger than max_body_bytes is a network error", "[http]") {
  std::string big(5000, 'x');
  TransportOptions options;
  options.max_body_bytes = 1000;
  auto transport = make_curl_transport(options);
  auto is_size_error = Catch::Predicate<Error>([](const Error& e) {
    return e.kind() == ErrorKind::network &&
           std::string(e.what()).find("larger than the limit") != std::string::npos;
  });
  SECTION("with Content-Length") {
    ScriptedServer server("HTTP/1.1 200 OK\r\nContent-Length: 5000\r\n\r\n" + big);
    CHECK_THROWS_MATCHES(transport->send({"GET", server.url(), {}, ""}), Error, is_size_error);
  }
  SECTION("without Content-Length, read until close") {
    ScriptedServer server("HTTP/1.1 200 OK\r\nConnection: close\r\n\r\n" + big);
    CHECK_THROWS_MATCHES(transport->send({"GET", server.url(), {}, ""}), Error, is_size_error);
  }
  SECTION("exactly the limit is fine") {
    ScriptedServer server("HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n" + big.substr(0, 1000));
    CHECK(transport->send({"GET", server.url(), {}, ""}).body.size() == 1000);
  }
}

TEST_CASE("an oversized Link header is a clear network error, not 'Out of memory'", "[http]") {
  // Issue 17, finding 11: one 80 KB Link header, and the same in 3000 separate Link lines.
  std::string one_line = "Link: ";
  for (int i = 0; i < 2000; ++i) one_line += "<https://ca.test/alt/" + std::to_string(i) + ">;rel=\"alternate\", ";
  std::string many_lines;
  for (int i = 0; i < 3000; ++i) many_lines += "Link: <https://ca.test/alt/" + std::to_string(i) + ">;rel=\"alternate\"\r\n";
  auto transport = make_curl_transport({});
  for (const std::string& headers : {one_line.substr(0, 80 * 1024) + "\r\n", many_lines}) {
    ScriptedServer server("HTTP/1.1 200 OK\r\n" + headers + "Content-Length: 2\r\n\r\nok");
    try {
      transport->send({"GET", server.url(), {}, ""});
      FAIL("no error");
    } catch (const Error& e) {
      CHECK(e.kind() == ErrorKind::network);
      CHECK_THAT(e.what(), Catch::Contains("has more than 64 KiB of headers") && !Catch::Contains("Out of memory"));
    }
  }
  std::string a_few_lines;
  for (int i = 0; i < 4; ++i) a_few_lines += "Link: <https://ca.test/alt/" + std::to_string(i) + ">;rel=\"alternate\"\r\n";
  ScriptedServer modest("HTTP/1.1 200 OK\r\n" + a_few_lines + "Content-Length: 2\r\n\r\nok");
  CHECK(transport->send({"GET", modest.url(), {}, ""}).body == "ok");
}

TEST_CASE("a server that does not answer in time is a network error", "[http]") {
  // Accepts but never answers: the listener's handler just waits for the client to give up.
  uint16_t port = free_port();
  TcpListener silent(ListenAddress{"127.0.0.1", port}, TcpListener::Settings{"test", "none", {4, 4}},
                     [](ServedConnection& connection) {
                       wait_readable(connection.socket, std::chrono::steady_clock::now() + 10s);
                     });
  TransportOptions options;
  options.request_timeout = 300ms;
  auto transport = make_curl_transport(options);
  auto before = std::chrono::steady_clock::now();
  CHECK_THROWS_MATCHES(
      transport->send({"GET", "http://127.0.0.1:" + std::to_string(port) + "/", {}, ""}), Error,
      Catch::Predicate<Error>([](const Error& e) { return error_kind_is(e, ErrorKind::network); }));
  CHECK(std::chrono::steady_clock::now() - before < 3s);
}

TEST_CASE("an unreadable CA bundle is a local file error at construction", "[http]") {
  char dir_pattern[] = "/tmp/acmecli-bundle-XXXXXX";
  REQUIRE(::mkdtemp(dir_pattern) != nullptr);
  fs::path dir = dir_pattern;
  std::ofstream(dir / "garbage.pem")
      << "-----BEGIN CERTIFICATE-----\nnot base64 at all!\n-----END CERTIFICATE-----\n";
  std::ofstream(dir / "empty.pem") << "no certificates here\n";
  auto local_file =
      Catch::Predicate<Error>([](const Error& e) { return error_kind_is(e, ErrorKind::local_file); });
  for (const char* name : {"missing.pem", "garbage.pem", "empty.pem"}) {
    CAPTURE(name);
    TransportOptions options;
    options.ca_bundle = (dir / name).string();
    CHECK_THROWS_MATCHES(make_curl_transport(options), Error, local_file);
  }
  fs::remove_all(dir);
}

namespace {

// `openssl s_server` on 127.0.0.1 with a self-signed certificate made for the test.
class TlsTestServer {
 public:
  TlsTestServer() {
    char dir_pattern[] = "/tmp/acmecli-tls-XXXXXX";
    REQUIRE(::mkdtemp(dir_pattern) != nullptr);
    dir_ = dir_pattern;
    std::string command =
        "openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 1 "
        "-subj /CN=acmecli-test-root -addext subjectAltName=IP:127.0.0.1 "
        "-addext basicConstraints=critical,CA:TRUE "
        "-keyout " +
        (dir_ / "key.pem").string() + " -out " + cert_path() + " 2>/dev/null";
    REQUIRE(std::system(command.c_str()) == 0);

    port_ = free_port();
    std::string accept = "127.0.0.1:" + std::to_string(port_);
    std::string key = (dir_ / "key.pem").string();
    std::string cert = cert_path();
    std::vector<std::string> args{"openssl", "s_server", "-quiet", "-www", "-accept",
                                  accept,    "-cert",    cert,     "-key", key};
    std::vector<char*> argv;
    for (auto& arg : args) argv.push_back(arg.data());
    argv.push_back(nullptr);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);
    posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0);
    int rc = posix_spawnp(&pid_, "openssl", &actions, nullptr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    REQUIRE(rc == 0);
    // Wait until it accepts connections.
    auto deadline = std::chrono::steady_clock::now() + 10s;
    while (!connect_loopback(AF_INET, port_)) {
      REQUIRE(std::chrono::steady_clock::now() < deadline);
      std::this_thread::sleep_for(50ms);
    }
  }
  ~TlsTestServer() {
    if (pid_ > 0) {
      ::kill(pid_, SIGTERM);
      ::waitpid(pid_, nullptr, 0);
    }
    fs::remove_all(dir_);
  }
  TlsTestServer(const TlsTestServer&) = delete;
  TlsTestServer& operator=(const TlsTestServer&) = delete;

  std::string cert_path() const { return (dir_ / "cert.pem").string(); }
  std::string url() const { return "https://127.0.0.1:" + std::to_string(port_) + "/"; }

 private:
  fs::path dir_;
  uint16_t port_ = 0;
  pid_t pid_ = -1;
};

}  // namespace

TEST_CASE("TLS peers are verified, and ca_bundle adds trusted roots", "[http]") {
  TlsTestServer server;
  SECTION("an unknown root is refused") {
    auto transport = make_curl_transport({});
    try {
      transport->send({"GET", server.url(), {}, ""});
      FAIL("an untrusted certificate was accepted");
    } catch (const Error& e) {
      CHECK(e.kind() == ErrorKind::network);
      CHECK_THAT(e.what(), Catch::StartsWith("cannot reach " + server.url() + ": "));
    }
  }
  SECTION("the bundle's root is trusted") {
    TransportOptions options;
    options.ca_bundle = server.cert_path();
    auto transport = make_curl_transport(options);
    HttpResponse response = transport->send({"GET", server.url(), {}, ""});
    CHECK(response.status == 200);
    CHECK_THAT(response.body, Catch::Contains("s_server"));
    // A second request resumes over the pooled connection or a shared TLS session; both must verify.
    CHECK(transport->send({"GET", server.url(), {}, ""}).status == 200);
  }
}
