// The .json stored beside each certificate, ours or lego's: a damaged file must be refused, not crash.
#include "acmecli/storage.hpp"
#include "fuzz_util.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  fuzz::refusing_is_fine([&] {
    auto metadata = acmecli::metadata_from_json(fuzz::text(data, size));
    (void)acmecli::metadata_to_json(metadata);
  });
  return 0;
}
