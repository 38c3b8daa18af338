#include "dns/providers/manual.hpp"

#include <istream>
#include <ostream>
#include <string>

#include "acmecli/error.hpp"
#include "dns/dns_name.hpp"

namespace acmecli::dns {

void refuse_manual_without_terminal() {
  throw Error(ErrorKind::usage,
              "the manual DNS provider needs a terminal; use --dns exec or rfc2136 in scripts");
}

ManualProvider::ManualProvider(std::istream& in, std::ostream& out, bool interactive) : in_(in), out_(out) {
  if (!interactive) refuse_manual_without_terminal();
}

void ManualProvider::present(const std::vector<ChallengeRecord>& records) {
  out_ << "Publish "
       << (records.size() == 1 && records[0].values.size() == 1 ? "this TXT record" : "these TXT records")
       << " in DNS (all values of a name together):\n\n";
  for (const auto& record : records) {
    for (const auto& text : record.texts()) {
      out_ << to_fqdn(record.fqdn) << " " << ttl().count() << " IN TXT \"" << text << "\"\n";
    }
  }
  out_ << "\nPress Enter when " << (records.size() == 1 ? "it is" : "they are") << " published... "
       << std::flush;
  std::string line;
  if (!std::getline(in_, line)) {
    throw Error(ErrorKind::challenge, "the manual DNS provider's input was closed before Enter was pressed");
  }
}

void ManualProvider::cleanup(const std::vector<ChallengeRecord>& records) {
  out_ << "You can now remove these TXT records:\n";
  for (const auto& record : records) {
    for (const auto& text : record.texts()) out_ << to_fqdn(record.fqdn) << " IN TXT \"" << text << "\"\n";
  }
  out_ << std::flush;
}

}  // namespace acmecli::dns
