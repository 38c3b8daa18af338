// RAII owners for the libcurl handles the transport uses, so no logic calls *_cleanup itself.
#pragma once

#include <curl/curl.h>

#include <memory>

namespace acmecli::curl {

template <auto Free>
struct Deleter {
  template <typename T>
  void operator()(T* p) const {
    Free(p);
  }
};

using Easy = std::unique_ptr<CURL, Deleter<curl_easy_cleanup>>;
using Share = std::unique_ptr<CURLSH, Deleter<curl_share_cleanup>>;
using Slist = std::unique_ptr<curl_slist, Deleter<curl_slist_free_all>>;
using Multi = std::unique_ptr<CURLM, Deleter<curl_multi_cleanup>>;

}  // namespace acmecli::curl
