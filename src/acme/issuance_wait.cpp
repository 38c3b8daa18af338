// The wait between finalize and the certificate (RFC 8555 §7.4: "processing" until the CA has issued).
// Let's Encrypt answers "processing" with Retry-After: 3 (Boulder's wfe2 orderRetryAfter) and is done in
// a second or two; ZeroSSL keeps an order "processing" for minutes and says nothing of when to look
// again. So this wait has its own timeout, keeps to the CA's Retry-After, backs off without one, and
// says what it is waiting for.
#include "util/log.hpp"

#include <algorithm>

#include "acme/ca_url.hpp"
#include "acme/resource_parsing.hpp"
#include "acmecli/client.hpp"
#include "util/printable.hpp"

namespace acmecli {

namespace {

constexpr auto kIssuanceProgressEvery = std::chrono::minutes(1);

long long whole_seconds(std::chrono::steady_clock::duration duration) {
  return std::chrono::duration_cast<std::chrono::seconds>(duration).count();
}

}  // namespace

Order AcmeClient::wait_for_issuance(const Order& finalized) {
  const std::string& url = finalized.url;
  check_ca_url(url, "order", options_.directory_url);
  const auto start = clock_.steady_now();
  const auto deadline = start + options_.issuance_timeout;
  const long long timeout_seconds = whole_seconds(options_.issuance_timeout);
  auto interval = options_.poll_first_interval;
  // The finalize answer's Retry-After is the first "when to look"; a poll before it is a wasted request.
  if (finalized.retry_after) {
    clock_.sleep_for(next_poll_delay(finalized.retry_after, interval, deadline));
  } else {
    wait_before_first_look();
  }
  auto next_progress = start + kIssuanceProgressEvery;
  while (true) {
    HttpResponse response = post(url, "");
    Order order = parse_order(response.body, url);
    if (order.status == "valid") return order;
    if (order.status == "invalid") {
      std::string message = "the order " + url + " became invalid after finalize";
      if (order.error) throw Error(ErrorKind::ca, message + ": " + order.error->describe(), *order.error);
      throw Error(ErrorKind::ca, message);
    }
    const auto now = clock_.steady_now();
    if (now >= deadline) {
      throw Error(ErrorKind::ca,
                  "the CA had not issued the certificate after " + std::to_string(timeout_seconds) +
                      " s: the order " + url + " is still " + printable(order.status) +
                      "; some CAs (ZeroSSL) take several minutes: give --cert.timeout a longer "
                      "duration (e.g. 30m) and run again");
    }
    if (now >= next_progress) {
      spdlog::info(
          "still waiting for the CA to issue the certificate: the order {} is {} after {} s "
          "(waiting up to {} s, --cert.timeout)",
          url, printable(order.status), whole_seconds(now - start), timeout_seconds);
      next_progress += kIssuanceProgressEvery;
    }
    clock_.sleep_for(next_poll_delay(response, interval, deadline));
    interval = std::min(options_.poll_max_interval, interval * 3 / 2);
  }
}

}  // namespace acmecli
