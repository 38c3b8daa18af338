// The person at the terminal publishes the records: we print them exactly and wait for Enter.
#pragma once

#include <iosfwd>

#include "acmecli/dns01.hpp"

namespace acmecli::dns {

class ManualProvider final : public DnsProvider {
 public:
  // interactive: whether `in` is a terminal a person can press Enter on.
  ManualProvider(std::istream& in, std::ostream& out, bool interactive);

  std::string_view name() const override { return "manual"; }
  void present(const std::vector<ChallengeRecord>& records) override;
  void cleanup(const std::vector<ChallengeRecord>& records) override;

 private:
  std::istream& in_;
  std::ostream& out_;
};

// Error(usage) saying that the manual provider needs a terminal.
[[noreturn]] void refuse_manual_without_terminal();

}  // namespace acmecli::dns
