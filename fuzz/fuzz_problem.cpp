// RFC 7807 problem documents with RFC 8555 §6.7 subproblems, and their one-line description.
#include "fuzz_util.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  fuzz::refusing_is_fine([&] {
    if (auto problem = acmecli::Problem::parse(fuzz::text(data, size))) {
      (void)problem->describe();
      (void)problem->is("badNonce");
    }
  });
  return 0;
}
