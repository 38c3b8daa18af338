// The CA's JSON resources (RFC 8555 §7.1): directory, account, order, authorization, challenge. Every
// answer of a CA is outside data; a malformed one must be refused with an Error, never crash.
#include "acme/resource_parsing.hpp"
#include "fuzz_util.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input = fuzz::text(data, size);
  fuzz::refusing_is_fine([&] { (void)acmecli::Directory::parse(input); });
  fuzz::refusing_is_fine([&] { (void)acmecli::parse_account(input, "https://ca.test/acct/1"); });
  fuzz::refusing_is_fine([&] { (void)acmecli::parse_order(input, "https://ca.test/order/1"); });
  fuzz::refusing_is_fine([&] { (void)acmecli::parse_authorization(input, "https://ca.test/authz/1"); });
  fuzz::refusing_is_fine([&] { (void)acmecli::parse_challenge(input); });
  return 0;
}
