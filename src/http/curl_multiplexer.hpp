// One thread that drives every transfer of a transport through one libcurl multi handle. Requests
// made at the same time from several threads (the authorizations of an order, the orders of a run, an
// etcd lease kept alive beside a save) then share the transport's connections: over HTTP/2 they are
// streams of one connection, so a burst of ten requests costs one round trip rather than ten TCP and
// TLS handshakes (issue 18); over HTTP/1.1 they share a pool of kept-alive connections.
#pragma once

#include <curl/curl.h>

#include <condition_variable>
#include <mutex>
#include <thread>
#include <vector>

#include "http/curl_handles.hpp"

namespace acmecli::curl {

class Multiplexer {
 public:
  Multiplexer();
  ~Multiplexer();
  Multiplexer(const Multiplexer&) = delete;
  Multiplexer& operator=(const Multiplexer&) = delete;

  // Runs the configured transfer to its end and returns what curl_easy_perform would have. The caller
  // keeps the handle; it must not touch it until this returns.
  CURLcode perform(CURL* easy);

 private:
  struct Transfer {
    CURL* easy = nullptr;
    CURLcode result = CURLE_OK;
    bool done = false;
  };

  void run();
  void finish(Transfer& transfer, CURLcode result);

  std::mutex mutex_;
  std::condition_variable finished_;
  std::vector<Transfer*> incoming_;  // handed over by perform(), added to the multi handle by run()
  bool stopping_ = false;
  Multi multi_;  // used by run()'s thread only, but for curl_multi_wakeup (which may come from any)
  std::thread thread_;
};

}  // namespace acmecli::curl
