// PEM and DER input: certificate chains from the CA (split, inspect the leaf) and CSRs from the user
// (--csr, PEM or DER, self-signature checked).
#include "acmecli/certificate.hpp"
#include "fuzz_util.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input = fuzz::text(data, size);
  fuzz::refusing_is_fine([&] {
    for (const auto& block : acmecli::split_pem_chain(input)) {
      fuzz::refusing_is_fine([&] { (void)acmecli::inspect_certificate(block); });
    }
  });
  fuzz::refusing_is_fine([&] { (void)acmecli::inspect_certificate(input); });
  fuzz::refusing_is_fine([&] { (void)acmecli::read_csr(input); });
  return 0;
}
