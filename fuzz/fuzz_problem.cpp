// RFC 7807 problem documents with RFC 8555 §6.7 subproblems, their one-line description and the
// explanation a person reads (one line per identifier, a pause's unpause URL).
#include "acme/ca_refusal.hpp"
#include "fuzz_util.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  fuzz::refusing_is_fine([&] {
    if (auto problem = acmecli::Problem::parse(fuzz::text(data, size))) {
      (void)problem->describe();
      (void)problem->is("badNonce");
      (void)acmecli::explain_problem(*problem);
      (void)acmecli::refuses_must_staple(*problem);
    }
  });
  return 0;
}
