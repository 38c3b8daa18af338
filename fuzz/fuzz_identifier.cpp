// -d values: DNS names (checked, IDN converted to A-labels with libidn2), wildcards and IP literals,
// and their display and storage forms. An accepted name must round-trip: parsing its own value again
// gives the same identifier, and its storage name never leaves the certificates directory.
#include "acmecli/identifier.hpp"
#include "fuzz_util.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  fuzz::refusing_is_fine([&] {
    const acmecli::Identifier identifier = acmecli::parse_identifier(fuzz::text(data, size));
    const acmecli::Identifier again = acmecli::parse_identifier(identifier.value);
    if (!(again == identifier)) __builtin_trap();
    const std::string stored = acmecli::storage_name(identifier);
    if (stored.empty() || stored.find('/') != std::string::npos || stored.front() == '.') __builtin_trap();
    (void)acmecli::display_name(identifier);
  });
  return 0;
}
