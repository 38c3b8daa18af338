// What etcd's JSON gateway answers (issue 21): ranges, transactions, leases and its error documents, read
// by the etcd client as the fleet storage reads them. The input is the body of every answer; the first
// byte picks the HTTP status (200 for an even one, else 400), so refusals are read too. A 5xx is not fed:
// the client waits and asks again for seconds (an election, Client::call), which is time, not parsing,
// and has its unit test.
#include <string>

#include "fuzz_util.hpp"
#include "storage/etcd/etcd_client.hpp"

namespace {

class FuzzTransport final : public acmecli::Transport {
 public:
  FuzzTransport(int status, std::string body) : status_(status), body_(std::move(body)) {}
  acmecli::HttpResponse send(const acmecli::HttpRequest&) override { return {status_, {}, body_}; }
  std::size_t request_count() const override { return 0; }

 private:
  int status_;
  std::string body_;
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const int status = data[0] % 2 == 0 ? 200 : 400;
  auto transport = std::make_shared<FuzzTransport>(status, std::string(fuzz::text(data + 1, size - 1)));
  acmecli::etcd::Client client({{"http://127.0.0.1:2379", "http://127.0.0.1:2380"}, "", acmecli::Secret()}, transport);
  fuzz::refusing_is_fine([&] { (void)client.get("key"); });
  fuzz::refusing_is_fine([&] { (void)client.list("prefix/"); });
  fuzz::refusing_is_fine([&] {
    (void)client.transaction({acmecli::etcd::created_at("lock", 0)}, {acmecli::etcd::put_operation("lock", "me")},
                             {acmecli::etcd::get_operation("lock")});
  });
  fuzz::refusing_is_fine([&] { (void)client.keep_alive(7); });
  fuzz::refusing_is_fine([&] { (void)client.grant_lease(std::chrono::seconds(10)); });
  return 0;
}
