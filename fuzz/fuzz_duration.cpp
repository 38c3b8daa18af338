// Durations from options and provider settings ("90", "30s", "2m", "1h", ...).
#include "dns/provider_env.hpp"
#include "fuzz_util.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  fuzz::refusing_is_fine([&] {
    auto duration = acmecli::dns::parse_duration(fuzz::text(data, size));
    if (duration && duration->count() < 0) __builtin_trap();  // a negative wait or timeout makes no sense
  });
  return 0;
}
