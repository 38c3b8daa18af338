#include "http/curl_multiplexer.hpp"

#include "acmecli/error.hpp"

namespace acmecli::curl {

Multiplexer::Multiplexer() : multi_(curl_multi_init()) {
  if (!multi_) throw Error(ErrorKind::internal, "cannot create a libcurl multi handle");
  // HTTP/2 streams share a connection; a new request waits for a connection being set up rather than
  // opening a second one beside it (CURLOPT_PIPEWAIT on each transfer).
  curl_multi_setopt(multi_.get(), CURLMOPT_PIPELINING, CURLPIPE_MULTIPLEX);
  // Idle connections kept for the next request. libcurl's default, four per transfer under way, shrinks
  // as transfers end and closes HTTP/1.1 connections a moment later needed again: a run has at most
  // --concurrency orders and a lock keeper per certificate talking at once.
  curl_multi_setopt(multi_.get(), CURLMOPT_MAXCONNECTS, 32L);
  thread_ = std::thread([this] { run(); });
}

Multiplexer::~Multiplexer() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  curl_multi_wakeup(multi_.get());
  thread_.join();
}

CURLcode Multiplexer::perform(CURL* easy) {
  Transfer transfer;
  transfer.easy = easy;
  curl_easy_setopt(easy, CURLOPT_PRIVATE, static_cast<void*>(&transfer));
  curl_easy_setopt(easy, CURLOPT_PIPEWAIT, 1L);
  std::unique_lock lock(mutex_);
  incoming_.push_back(&transfer);
  lock.unlock();
  curl_multi_wakeup(multi_.get());
  lock.lock();
  // libcurl ends every transfer: each carries its own connect and total timeouts.
  finished_.wait(lock, [&] { return transfer.done; });
  return transfer.result;
}

void Multiplexer::finish(Transfer& transfer, CURLcode result) {
  std::lock_guard lock(mutex_);
  transfer.result = result;
  transfer.done = true;
  finished_.notify_all();
}

void Multiplexer::run() {
  CURLM* multi = multi_.get();
  int running = 0;
  while (true) {
    std::vector<Transfer*> added;
    {
      std::lock_guard lock(mutex_);
      // Transfers under way are finished first: their callers are waiting for them.
      if (stopping_ && running == 0 && incoming_.empty()) return;
      added.swap(incoming_);
    }
    for (Transfer* transfer : added) {
      CURLMcode code = curl_multi_add_handle(multi, transfer->easy);
      if (code != CURLM_OK) finish(*transfer, CURLE_FAILED_INIT);
    }
    curl_multi_perform(multi, &running);
    int left = 0;
    while (CURLMsg* message = curl_multi_info_read(multi, &left)) {
      if (message->msg != CURLMSG_DONE) continue;
      CURL* easy = message->easy_handle;
      CURLcode result = message->data.result;
      void* user = nullptr;
      curl_easy_getinfo(easy, CURLINFO_PRIVATE, &user);
      curl_multi_remove_handle(multi, easy);
      finish(*static_cast<Transfer*>(user), result);
    }
    // Sleeps until a socket is ready, a timeout of libcurl's is due, or perform() or the destructor
    // calls curl_multi_wakeup.
    curl_multi_poll(multi, nullptr, 0, 1000, nullptr);
  }
}

}  // namespace acmecli::curl
