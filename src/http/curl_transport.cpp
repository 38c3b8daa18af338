// The real Transport: libcurl with TLS verification always on. Several orders run concurrently over one
// transport: their transfers all run on one multi handle (curl_multiplexer.hpp), so they share its
// connections, HTTP/2 streams where the server offers it; a pool of easy handles saves setting one up per
// request, and a share handle keeps the DNS cache and TLS sessions.
#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>

#include <array>
#include <atomic>
#include <cctype>
#include <mutex>
#include <string>
#include <vector>

#include "acmecli/error.hpp"
#include "acmecli/http.hpp"
#include "acmecli/version.hpp"
#include "crypto/openssl_handles.hpp"
#include "http/curl_handles.hpp"
#include "http/curl_multiplexer.hpp"

namespace acmecli {

namespace {

std::string openssl_reason() {
  unsigned long code = ERR_get_error();
  ERR_clear_error();
  if (code == 0) return "unknown OpenSSL error";
  std::array<char, 256> text{};
  ERR_error_string_n(code, text.data(), text.size());
  return text.data();
}

// Reads every certificate of a PEM bundle now, so a bad --ca-bundle is reported before any request.
std::vector<ossl::X509Ptr> load_pem_certificates(const std::string& path) {
  ERR_clear_error();
  ossl::Bio bio(BIO_new_file(path.c_str(), "r"));
  if (!bio) throw Error(ErrorKind::local_file, "cannot read CA bundle " + path + ": " + openssl_reason());
  std::vector<ossl::X509Ptr> certificates;
  while (true) {
    ossl::X509Ptr certificate(PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr));
    if (!certificate) break;
    certificates.push_back(std::move(certificate));
  }
  // The loop ends with "no start line" at the end of the file; any other error is a damaged certificate.
  unsigned long last = ERR_peek_last_error();
  bool clean_end = ERR_GET_LIB(last) == ERR_LIB_PEM && ERR_GET_REASON(last) == PEM_R_NO_START_LINE;
  if (!clean_end && last != 0) {
    throw Error(ErrorKind::local_file, "cannot parse CA bundle " + path + ": " + openssl_reason());
  }
  ERR_clear_error();
  if (certificates.empty()) {
    throw Error(ErrorKind::local_file, "CA bundle " + path + " contains no PEM certificate");
  }
  return certificates;
}

void add_header(curl::Slist& list, const std::string& line) {
  curl_slist* head = curl_slist_append(list.get(), line.c_str());
  if (head == nullptr) throw Error(ErrorKind::internal, "out of memory building request headers");
  (void)list.release();
  list.reset(head);
}

std::string trim(std::string_view text) {
  auto is_space = [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; };
  while (!text.empty() && is_space(text.front())) text.remove_prefix(1);
  while (!text.empty() && is_space(text.back())) text.remove_suffix(1);
  return std::string(text);
}

// What one transfer collects through libcurl's callbacks.
struct Exchange {
  HttpResponse response;
  std::size_t max_body_bytes = 0;
  bool body_too_large = false;
  std::size_t max_header_bytes = 0;
  std::size_t header_bytes = 0;
  bool headers_too_large = false;
};

size_t on_body(char* data, size_t size, size_t count, void* user) {
  auto* exchange = static_cast<Exchange*>(user);
  size_t bytes = size * count;
  if (exchange->response.body.size() + bytes > exchange->max_body_bytes) {
    exchange->body_too_large = true;
    return 0;  // makes libcurl abort the transfer with CURLE_WRITE_ERROR
  }
  exchange->response.body.append(data, bytes);
  return bytes;
}

size_t on_header(char* data, size_t size, size_t count, void* user) {
  auto* exchange = static_cast<Exchange*>(user);
  size_t bytes = size * count;
  exchange->header_bytes += bytes;
  if (exchange->header_bytes > exchange->max_header_bytes) {
    exchange->headers_too_large = true;
    return 0;  // makes libcurl abort the transfer with CURLE_WRITE_ERROR
  }
  std::string_view line(data, bytes);
  if (line.rfind("HTTP/", 0) == 0) {
    // A new status line (after a 1xx interim answer): only the final answer's headers count.
    exchange->response.headers.clear();
    return bytes;
  }
  auto& headers = exchange->response.headers;
  if (!line.empty() && (line.front() == ' ' || line.front() == '\t') && !headers.empty()) {
    // RFC 9112 §5.2: obsolete line folding continues the previous field value.
    std::string more = trim(line);
    if (!more.empty()) headers.back().second += " " + more;
    return bytes;
  }
  auto colon = line.find(':');
  if (colon == std::string_view::npos) return bytes;  // the blank line ending the head
  std::string name = trim(line.substr(0, colon));
  for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  headers.emplace_back(std::move(name), trim(line.substr(colon + 1)));
  return bytes;
}

class CurlTransport final : public Transport {
 public:
  explicit CurlTransport(const TransportOptions& options) : options_(options) {
    static std::once_flag global_init;
    std::call_once(global_init, [] {
      if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
        throw Error(ErrorKind::internal, "cannot initialise libcurl");
      }
    });
    if (options_.user_agent.empty()) options_.user_agent = "acmecli/" ACMECLI_VERSION;
    if (!options_.ca_bundle.empty()) extra_roots_ = load_pem_certificates(options_.ca_bundle);

    share_.reset(curl_share_init());
    if (!share_) throw Error(ErrorKind::internal, "cannot create a libcurl share handle");
    curl_share_setopt(share_.get(), CURLSHOPT_LOCKFUNC, &CurlTransport::lock_shared);
    curl_share_setopt(share_.get(), CURLSHOPT_UNLOCKFUNC, &CurlTransport::unlock_shared);
    curl_share_setopt(share_.get(), CURLSHOPT_USERDATA, this);
    curl_share_setopt(share_.get(), CURLSHOPT_SHARE, CURL_LOCK_DATA_DNS);
    curl_share_setopt(share_.get(), CURLSHOPT_SHARE, CURL_LOCK_DATA_SSL_SESSION);
  }

  CurlTransport(const CurlTransport&) = delete;
  CurlTransport& operator=(const CurlTransport&) = delete;

  HttpResponse send(const HttpRequest& request) override {
    ++request_count_;
    PooledHandle handle(*this);
    CURL* easy = handle.get();

    Exchange exchange;
    exchange.max_body_bytes = options_.max_body_bytes;
    exchange.max_header_bytes = options_.max_header_bytes;
    std::array<char, CURL_ERROR_SIZE> error_buffer{};
    curl::Slist headers;
    configure(easy, request, exchange, headers, error_buffer.data());

    CURLcode code = multiplexer_.perform(easy);
    if (exchange.body_too_large || code == CURLE_FILESIZE_EXCEEDED) {
      throw Error(ErrorKind::network, "the answer from " + request.url + " was larger than the limit of " +
                                          std::to_string(options_.max_body_bytes) + " bytes");
    }
    if (exchange.headers_too_large) {
      throw Error(ErrorKind::network, "the answer from " + request.url + " has more than " +
                                          std::to_string(options_.max_header_bytes / 1024) +
                                          " KiB of headers; a CA's answer needs a few hundred bytes");
    }
    if (code == CURLE_OUT_OF_MEMORY) {
      // libcurl reports a header line longer than it accepts (100 KiB) as "Out of memory".
      throw Error(ErrorKind::network, "cannot read the answer from " + request.url +
                                          ": libcurl ran out of memory, most likely over a header line longer than "
                                          "it accepts (100 KiB)");
    }
    if (code != CURLE_OK) {
      std::string reason = error_buffer[0] != '\0' ? error_buffer.data() : curl_easy_strerror(code);
      // A TLS 1.3 server refuses a client certificate after the handshake, so the client sees an alert, a
      // reset or a closed socket, depending on who is faster; libcurl's message is then about the symptom.
      // Over HTTP/2 the same refusal surfaces as a framing error.
      bool after_handshake = code == CURLE_RECV_ERROR || code == CURLE_SEND_ERROR || code == CURLE_SSL_CONNECT_ERROR ||
                             code == CURLE_HTTP2 || code == CURLE_HTTP2_STREAM || code == CURLE_GOT_NOTHING;
      if (after_handshake && !options_.client_certificate.empty()) {
        reason += "; the server may not accept the client certificate " + options_.client_certificate;
      }
      throw Error(ErrorKind::network, "cannot reach " + request.url + ": " + reason);
    }
    long status = 0;
    curl_easy_getinfo(easy, CURLINFO_RESPONSE_CODE, &status);
    exchange.response.status = static_cast<int>(status);
    return std::move(exchange.response);
  }

  std::size_t request_count() const override { return request_count_.load(); }

 private:
  // Borrows an easy handle from the pool for one request and gives it back for a later request.
  class PooledHandle {
   public:
    explicit PooledHandle(CurlTransport& owner) : owner_(owner), easy_(owner.take_handle()) {}
    ~PooledHandle() { owner_.give_back(std::move(easy_)); }
    PooledHandle(const PooledHandle&) = delete;
    PooledHandle& operator=(const PooledHandle&) = delete;
    CURL* get() const { return easy_.get(); }

   private:
    CurlTransport& owner_;
    curl::Easy easy_;
  };

  curl::Easy take_handle() {
    {
      std::lock_guard lock(pool_mutex_);
      if (!idle_handles_.empty()) {
        curl::Easy easy = std::move(idle_handles_.back());
        idle_handles_.pop_back();
        return easy;
      }
    }
    curl::Easy easy(curl_easy_init());
    if (!easy) throw Error(ErrorKind::internal, "cannot create a libcurl handle");
    return easy;
  }

  void give_back(curl::Easy easy) {
    // Forget the pointers into the finished request (error buffer, header list); the connections stay
    // with the multiplexer, the DNS cache and TLS sessions with the share.
    curl_easy_reset(easy.get());
    std::lock_guard lock(pool_mutex_);
    idle_handles_.push_back(std::move(easy));
  }

  void configure(CURL* easy, const HttpRequest& request, Exchange& exchange, curl::Slist& headers,
                 char* error_buffer) {
    auto set = [&](CURLoption option, auto value) {
      CURLcode code = curl_easy_setopt(easy, option, value);
      if (code != CURLE_OK) {
        throw Error(ErrorKind::internal,
                    std::string("cannot configure libcurl: ") + curl_easy_strerror(code));
      }
    };
    set(CURLOPT_ERRORBUFFER, error_buffer);
    set(CURLOPT_URL, request.url.c_str());
    set(CURLOPT_PROTOCOLS_STR, "http,https");
    set(CURLOPT_NOSIGNAL, 1L);  // the timeouts must not use SIGALRM in a threaded program
    set(CURLOPT_SHARE, share_.get());
    set(CURLOPT_FOLLOWLOCATION, 0L);  // RFC 8555 relies on Location headers; the caller decides
    set(CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(options_.connect_timeout.count()));
    set(CURLOPT_TIMEOUT_MS, static_cast<long>(options_.request_timeout.count()));
    set(CURLOPT_USERAGENT, options_.user_agent.c_str());

    // RFC 8555 §6.1: ACME runs over HTTPS and the client must verify the server's certificate.
    set(CURLOPT_SSL_VERIFYPEER, 1L);
    set(CURLOPT_SSL_VERIFYHOST, 2L);
    set(CURLOPT_SSLVERSION, static_cast<long>(CURL_SSLVERSION_TLSv1_2));
    if (!extra_roots_.empty()) {
      set(CURLOPT_SSL_CTX_FUNCTION, &CurlTransport::add_extra_roots);
      set(CURLOPT_SSL_CTX_DATA, static_cast<void*>(this));
    }
    if (!options_.client_certificate.empty()) {
      set(CURLOPT_SSLCERT, options_.client_certificate.c_str());
      set(CURLOPT_SSLCERTTYPE, "PEM");
      set(CURLOPT_SSLKEY, (options_.client_key.empty() ? options_.client_certificate : options_.client_key).c_str());
      set(CURLOPT_SSLKEYTYPE, "PEM");
    }

    set(CURLOPT_WRITEFUNCTION, &on_body);
    set(CURLOPT_WRITEDATA, static_cast<void*>(&exchange));
    set(CURLOPT_HEADERFUNCTION, &on_header);
    set(CURLOPT_HEADERDATA, static_cast<void*>(&exchange));
    set(CURLOPT_MAXFILESIZE_LARGE, static_cast<curl_off_t>(options_.max_body_bytes));

    if (request.method == "GET") {
      set(CURLOPT_HTTPGET, 1L);
    } else if (request.method == "HEAD") {
      set(CURLOPT_NOBODY, 1L);
    } else if (request.method == "POST") {
      set(CURLOPT_POST, 1L);
      set(CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(request.body.size()));
      set(CURLOPT_POSTFIELDS, request.body.data());
    } else if (request.method == "DELETE" || request.method == "PATCH" || request.method == "PUT") {
      // DNS provider APIs delete (Cloudflare), change (PowerDNS PATCH) and replace (PUT) records this way;
      // ACME itself never does.
      set(CURLOPT_CUSTOMREQUEST, request.method.c_str());
      if (!request.body.empty()) {
        set(CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(request.body.size()));
        set(CURLOPT_POSTFIELDS, request.body.data());
      }
    } else {
      throw Error(ErrorKind::internal, "unsupported HTTP method " + request.method);
    }

    // A JWS body can exceed curl's threshold for "Expect: 100-continue"; ACME servers do not need it.
    add_header(headers, "Expect:");
    for (const auto& [name, value] : request.headers) {
      // "Name;" is curl's spelling of a header with an empty value; "Name:" would remove it.
      add_header(headers, value.empty() ? name + ";" : name + ": " + value);
    }
    set(CURLOPT_HTTPHEADER, headers.get());
  }

  // libcurl calls this for each new TLS context: the extra roots join the system store, which curl has
  // already loaded from its default CA file, instead of replacing it as CURLOPT_CAINFO would.
  static CURLcode add_extra_roots(CURL*, void* ssl_ctx, void* user) {
    auto* self = static_cast<CurlTransport*>(user);
    X509_STORE* store = SSL_CTX_get_cert_store(static_cast<SSL_CTX*>(ssl_ctx));
    for (const auto& certificate : self->extra_roots_) {
      if (X509_STORE_add_cert(store, certificate.get()) != 1) {
        ERR_clear_error();
        return CURLE_SSL_CACERT_BADFILE;
      }
    }
    return CURLE_OK;
  }

  static void lock_shared(CURL*, curl_lock_data data, curl_lock_access, void* user) {
    static_cast<CurlTransport*>(user)->share_mutexes_[static_cast<std::size_t>(data)].lock();
  }
  static void unlock_shared(CURL*, curl_lock_data data, void* user) {
    static_cast<CurlTransport*>(user)->share_mutexes_[static_cast<std::size_t>(data)].unlock();
  }

  // Declaration order matters for destruction: the multiplexer (with the connections it keeps) and the
  // easy handles go before the share they use, and the share before the mutexes its lock callbacks take.
  TransportOptions options_;
  std::vector<ossl::X509Ptr> extra_roots_;
  std::array<std::mutex, CURL_LOCK_DATA_LAST> share_mutexes_;
  curl::Share share_;
  std::mutex pool_mutex_;
  std::vector<curl::Easy> idle_handles_;
  curl::Multiplexer multiplexer_;
  std::atomic<std::size_t> request_count_{0};
};

}  // namespace

std::unique_ptr<Transport> make_curl_transport(const TransportOptions& options) {
  return std::make_unique<CurlTransport>(options);
}

}  // namespace acmecli
