// What the providers that speak HTTP (httpreq, cloudflare) share: joining an endpoint and a path the way
// Go's url.JoinPath does (lego's behaviour), a URL fit for an error message, and a short excerpt of an
// answer's body.
#pragma once

#include <chrono>
#include <memory>
#include <string>
#include <string_view>

#include "acmecli/http.hpp"

namespace acmecli::dns {

// "https://h/base" + "present" -> "https://h/base/present"; a trailing slash on the base is not doubled
// and a query string stays at the end.
std::string join_url(std::string_view base, std::string_view path);

// The URL without user:password@ (which libcurl would send as basic auth), for log lines and errors.
std::string redact_url(std::string_view url);

// message with every occurrence of url replaced by redact_url(url) (transport errors name the URL).
std::string scrub_url(std::string message, std::string_view url);

// Throws Error(usage) naming the variable unless url is an absolute http:// or https:// URL.
void require_http_url(std::string_view variable, std::string_view url);

// At most the first 300 characters of a body, on one line.
std::string body_excerpt(std::string_view body);

// The libcurl transport with this provider's request timeout (system CA store, TLS verified).
std::unique_ptr<Transport> make_provider_transport(std::chrono::milliseconds request_timeout);

}  // namespace acmecli::dns
