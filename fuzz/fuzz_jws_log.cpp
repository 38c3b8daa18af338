// The -v rendering of a JWS: whatever the body, no signature may survive it, and no crash.
#include <string>

#include "acme/jws_log.hpp"
#include "fuzz_util.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  fuzz::refusing_is_fine([&] { (void)acmecli::describe_jws_for_log(fuzz::text(data, size)); });
  return 0;
}
