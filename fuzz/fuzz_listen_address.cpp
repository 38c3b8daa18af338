// --http.port / --tls.port values: "[ADDR]:PORT", "ADDR:PORT", ":PORT" or "PORT".
#include "acmecli/listen_address.hpp"
#include "fuzz_util.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  fuzz::refusing_is_fine([&] {
    auto address = acmecli::parse_listen_address(fuzz::text(data, size), 80);
    if (address.port == 0) __builtin_trap();  // port 0 would bind a random port the CA never reaches
    (void)acmecli::to_string(address);
  });
  return 0;
}
