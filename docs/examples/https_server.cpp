// An HTTPS server that gets its certificates from the CA on the first handshake for each name, with
// acmecli::Manager (docs/library.md, "The Manager"). One thread per connection; serves "Hello, TLS!".
//   acmecli-example-server --server URL [--ca-bundle FILE] --cache DIR|etcd://HOST:PORT,.../PREFIX
//                          [--account DIR] --hosts a,b,... --listen [ADDR]:PORT [--http-listen [ADDR]:PORT
//                          [--no-tls-alpn]]
// The account key and the certificates live in DIR in lego's layout (`acmecli --path DIR list` shows
// them). With an etcd:// cache, the certificates are shared by every server on that etcd (one order per
// name for the whole fleet) and --account DIR holds this server's account. tls-alpn-01 is answered on --listen itself; --http-listen adds a port-80 style listener that
// answers http-01 and sends every other request to HTTPS. SIGHUP renews every certificate at once;
// SIGINT/SIGTERM stop the server.
// Built with the tree as acmecli-example-server, from the public headers only.
#include <arpa/inet.h>
#include <netdb.h>
#include <netinet/in.h>
#include <openssl/ssl.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <acmecli/account_client.hpp>
#include <acmecli/certificate_cache.hpp>
#include <acmecli/etcd_cache.hpp>
#include <acmecli/error.hpp>
#include <acmecli/host_policy.hpp>
#include <acmecli/listen_address.hpp>
#include <acmecli/manager.hpp>
#include <acmecli/storage.hpp>
#include <atomic>
#include <csignal>
#include <cstring>
#include <functional>
#include <iostream>
#include <list>
#include <memory>
#include <mutex>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

namespace {

std::atomic<bool> stop_requested{false};
std::atomic<bool> renew_requested{false};

void on_stop(int) { stop_requested = true; }
void on_hangup(int) { renew_requested = true; }

std::vector<std::string> split_commas(const std::string& text) {
  std::vector<std::string> parts;
  std::stringstream stream(text);
  for (std::string part; std::getline(stream, part, ',');)
    if (!part.empty()) parts.push_back(part);
  return parts;
}

// A listening socket for "[ADDR]:PORT" in one address family (AF_UNSPEC: whatever ADDR is); no
// address: every address of that family, for AF_INET6 both families (a dual-stack socket, since
// validators may connect over either). -1 with errno set when it cannot be had.
int try_listen(const acmecli::ListenAddress& address, int family) {
  addrinfo hints{};
  hints.ai_socktype = SOCK_STREAM;
  hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV;
  hints.ai_family = family;
  addrinfo* found = nullptr;
  const std::string port = std::to_string(address.port);
  if (getaddrinfo(address.host.empty() ? nullptr : address.host.c_str(), port.c_str(), &hints, &found) != 0) {
    errno = EADDRNOTAVAIL;
    return -1;
  }
  std::unique_ptr<addrinfo, decltype(&freeaddrinfo)> addresses(found, freeaddrinfo);
  const int fd = socket(found->ai_family, found->ai_socktype, found->ai_protocol);
  if (fd < 0) return -1;
  const int yes = 1, no = 0;
  setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
  if (found->ai_family == AF_INET6 && address.host.empty())
    setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &no, sizeof no);
  if (bind(fd, found->ai_addr, found->ai_addrlen) != 0 || listen(fd, 128) != 0) {
    const int error = errno;
    close(fd);
    errno = error;
    return -1;
  }
  return fd;
}

// Without an address, IPv6 and IPv4 together, or IPv4 alone on a host without IPv6.
int listen_on(const acmecli::ListenAddress& address) {
  int fd = try_listen(address, address.host.empty() ? AF_INET6 : AF_UNSPEC);
  if (fd < 0 && address.host.empty()) fd = try_listen(address, AF_INET);
  if (fd < 0)
    throw std::runtime_error("cannot listen on " + acmecli::to_string(address) + ": " + std::strerror(errno));
  return fd;
}

// The request head, up to the blank line (at most 8 KiB); empty when the client sent none in time.
template <typename Read>
std::string read_request_head(Read read) {
  std::string head;
  char buffer[1024];
  while (head.size() < 8192 && head.find("\r\n\r\n") == std::string::npos) {
    const int n = read(buffer, static_cast<int>(sizeof buffer));
    if (n <= 0) return "";
    head.append(buffer, static_cast<std::size_t>(n));
  }
  return head;
}

std::string response(const std::string& status, const std::string& body,
                     const std::string& extra_headers = "") {
  return "HTTP/1.1 " + status +
         "\r\nContent-Type: text/plain\r\nContent-Length: " + std::to_string(body.size()) + "\r\n" +
         extra_headers + "Connection: close\r\n\r\n" + body;
}

void set_timeouts(int fd) {
  timeval timeout{10, 0};
  setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
  setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &timeout, sizeof timeout);
}

void serve_https(SSL_CTX* context, int fd) {
  set_timeouts(fd);
  std::unique_ptr<SSL, decltype(&SSL_free)> ssl(SSL_new(context), SSL_free);
  SSL_set_fd(ssl.get(), fd);
  // Blocking mode: a first handshake for a name waits here, in its own thread, for the order.
  if (SSL_accept(ssl.get()) == 1) {
    const unsigned char* chosen = nullptr;
    unsigned int length = 0;
    SSL_get0_alpn_selected(ssl.get(), &chosen, &length);
    const std::string protocol = chosen ? std::string(reinterpret_cast<const char*>(chosen), length) : "";
    // A tls-alpn-01 validator only does the handshake (RFC 8737 §3); everyone else gets the page.
    if (protocol != "acme-tls/1") {
      const std::string head =
          read_request_head([&](char* buffer, int size) { return SSL_read(ssl.get(), buffer, size); });
      if (!head.empty()) {
        const std::string answer = response("200 OK", "Hello, TLS!\n");
        SSL_write(ssl.get(), answer.data(), static_cast<int>(answer.size()));
      }
    }
    SSL_shutdown(ssl.get());
  }
  close(fd);
}

// Port 80: the http-01 answer when the Manager has one for the path, else a redirect to HTTPS.
void serve_http(const acmecli::Manager& manager, int fd) {
  set_timeouts(fd);
  const std::string head = read_request_head([&](char* buffer, int size) {
    return static_cast<int>(recv(fd, buffer, static_cast<std::size_t>(size), 0));
  });
  std::string answer;
  std::istringstream lines(head);
  std::string method, target, version, line, host;
  lines >> method >> target >> version;
  std::getline(lines, line);
  while (std::getline(lines, line) && line != "\r") {
    if (line.size() > 5 && strncasecmp(line.c_str(), "host:", 5) == 0) {
      host = line.substr(5);
      host.erase(0, host.find_first_not_of(" \t"));
      if (!host.empty() && host.back() == '\r') host.pop_back();
    }
  }
  if (auto key_authorization = manager.http01_response(target)) {
    answer = response("200 OK", *key_authorization);
  } else if (auto location = acmecli::https_redirect_location(host, target)) {
    answer = response("308 Permanent Redirect", "", "Location: " + *location + "\r\n");
  } else {
    answer = response("400 Bad Request", "bad request\n");
  }
  send(fd, answer.data(), answer.size(), MSG_NOSIGNAL);
  close(fd);
}

}  // namespace

int main(int argc, char** argv) {
  std::string server, ca_bundle, cache, account, hosts, listen, http_listen;
  bool tls_alpn01 = true;
  for (int i = 1; i < argc; ++i) {
    const std::string option = argv[i];
    // Behind a proxy that ends TLS the CA's acme-tls/1 handshake never arrives: validate over http-01.
    if (option == "--no-tls-alpn") {
      tls_alpn01 = false;
      continue;
    }
    std::string* value = option == "--server"        ? &server
                         : option == "--ca-bundle"   ? &ca_bundle
                         : option == "--cache"       ? &cache
                         : option == "--account"     ? &account
                         : option == "--hosts"       ? &hosts
                         : option == "--listen"      ? &listen
                         : option == "--http-listen" ? &http_listen
                                                     : nullptr;
    if (!value || i + 1 == argc) {
      std::cerr
          << "usage: acmecli-example-server --server URL [--ca-bundle FILE] --cache DIR|etcd://HOST:PORT,.../PREFIX\n"
             "         [--account DIR] --hosts a,b,... --listen [ADDR]:PORT [--http-listen [ADDR]:PORT [--no-tls-alpn]]\n";
      return 2;
    }
    *value = argv[++i];
  }
  if (!tls_alpn01 && http_listen.empty()) {
    std::cerr << "--no-tls-alpn needs --http-listen: the Manager must answer some challenge\n";
    return 2;
  }
  if (server.empty() || cache.empty() || hosts.empty() || listen.empty()) {
    std::cerr << "--server, --cache, --hosts and --listen are required\n";
    return 2;
  }
  // A fleet shares its certificates through etcd; each host keeps its own account in --account.
  const bool on_etcd = cache.rfind("etcd://", 0) == 0 || cache.rfind("etcds://", 0) == 0;
  if (account.empty() && on_etcd) {
    std::cerr << "--account DIR is required with an etcd cache (where this host keeps its account key)\n";
    return 2;
  }
  if (account.empty()) account = cache;
  std::signal(SIGPIPE, SIG_IGN);
  std::signal(SIGINT, on_stop);
  std::signal(SIGTERM, on_stop);
  std::signal(SIGHUP, on_hangup);

  try {
    // The account key is kept beside the certificates, so a restart is the same account.
    const acmecli::AccountStore accounts(account, server);
    acmecli::AccountClientOptions client_options;
    client_options.transport.ca_bundle = ca_bundle;
    acmecli::AccountClient client(server, accounts.load_or_create_key("", acmecli::KeyType::ec256),
                                  client_options);
    // Saved as `acmecli` saves it, so that `acmecli --path DIR renew` finds the account too.
    accounts.save({"", client.register_account(/*agree_to_terms=*/true)});

    acmecli::ManagerOptions options;
    const std::vector<std::string> names = split_commas(hosts);
    options.host_policy = acmecli::host_list(names);  // without it, no handshake could cause an order
    if (on_etcd) {
      acmecli::EtcdCacheOptions etcd = acmecli::parse_etcd_url(cache);
      etcd.ca_bundle = ca_bundle;
      etcd.server_url = server;
      char host[256] = "";
      gethostname(host, sizeof host - 1);
      etcd.owner = std::string(host) + " pid " + std::to_string(getpid()) + " (" + listen + ")";
      options.cache = acmecli::make_etcd_certificate_cache(std::move(etcd));
    } else {
      options.cache = std::make_shared<acmecli::DirectoryCertificateCache>(cache, server);
    }
    options.http01 = !http_listen.empty();
    options.tls_alpn01 = tls_alpn01;
    options.alpn_protocols = {"http/1.1"};
    options.watch = [](const std::string& name, const acmecli::CertificateResource& certificate) {
      std::cerr << "certificate for " << name << " ready (" << certificate.certificate_url << ")\n";
    };
    acmecli::Manager manager(client, options);

    std::unique_ptr<SSL_CTX, decltype(&SSL_CTX_free)> context(SSL_CTX_new(TLS_server_method()), SSL_CTX_free);
    SSL_CTX_set_min_proto_version(context.get(), TLS1_2_VERSION);
    manager.install(context.get());

    std::vector<pollfd> sockets{{listen_on(acmecli::parse_listen_address(listen, 443)), POLLIN, 0}};
    if (!http_listen.empty())
      sockets.push_back({listen_on(acmecli::parse_listen_address(http_listen, 80)), POLLIN, 0});
    std::cerr << "serving https on " << listen << (http_listen.empty() ? "" : " and http on " + http_listen)
              << "\n";

    struct Worker {
      std::thread thread;
      std::shared_ptr<std::atomic<bool>> done = std::make_shared<std::atomic<bool>>(false);
    };
    std::list<Worker> workers;
    // Connections, and SIGHUP's renewals, each on a thread of their own, so serving goes on meanwhile.
    auto start = [&workers](std::function<void()> work) {
      workers.remove_if([](Worker& worker) {
        if (!worker.done->load()) return false;
        worker.thread.join();
        return true;
      });
      Worker worker;
      worker.thread = std::thread([work = std::move(work), done = worker.done] {
        work();
        *done = true;
      });
      workers.push_back(std::move(worker));
    };
    while (!stop_requested) {
      if (renew_requested.exchange(false)) {
        start([&manager, names] {
          for (const auto& name : names) {
            try {
              manager.renew_now(name);
            } catch (const acmecli::Error& e) {
              std::cerr << "renewing " << name << ": " << e.what() << "\n";
            }
          }
        });
      }
      if (poll(sockets.data(), sockets.size(), 200) <= 0) continue;
      for (std::size_t i = 0; i < sockets.size(); ++i) {
        if (!(sockets[i].revents & POLLIN)) continue;
        const int fd = accept(sockets[i].fd, nullptr, nullptr);
        if (fd < 0) continue;
        if (i == 0)
          start([&context, fd] { serve_https(context.get(), fd); });
        else
          start([&manager, fd] { serve_http(manager, fd); });
      }
    }
    for (auto& worker : workers) worker.thread.join();
    for (const auto& socket : sockets) close(socket.fd);
    std::cerr << "stopped\n";
  } catch (const std::exception& e) {
    std::cerr << e.what() << "\n";
    return 1;
  }
  return 0;
}
