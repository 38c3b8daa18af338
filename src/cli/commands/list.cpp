// `acmecli list`: every stored certificate with its names, key type, issuer, expiry, days left and
// whether it is due for renewal; --json for scripts. Reads the store only, never the network, and takes
// no lock: a running renewal must not make it wait, and atomic writes mean each file read is whole.
#include "util/log.hpp"

#include <chrono>
#include <cstdio>
#include <iostream>

#include "acmecli/error.hpp"
#include "acmecli/identifier.hpp"
#include "cli/store/certificate_listing.hpp"
#include "cli/store/certificate_table.hpp"
#include "cli/commands/commands.hpp"
#include "cli/invocation.hpp"
#include "cli/store/stored_certificate.hpp"

namespace acmecli::cli {

namespace {

// What -d NAME may match: the storage stem or a name in the certificate, in the forms the store uses.
struct Wanted {
  std::string stem;
  std::string name;
};

Wanted wanted_from(const std::string& text) {
  Wanted wanted{text, text};
  try {
    wanted.stem = stored_certificate_name(text);
    wanted.name = parse_identifier(text).value;
  } catch (const Error&) {
    // Not a name we could issue for; it can still equal a stem or a name as the user typed it.
  }
  return wanted;
}

std::vector<ListedCertificate> filter(std::vector<ListedCertificate> listing, const std::vector<std::string>& domains) {
  if (domains.empty()) return listing;
  std::vector<Wanted> wanted;
  for (const auto& text : domains) wanted.push_back(wanted_from(text));
  std::vector<ListedCertificate> kept;
  for (auto& certificate : listing) {
    for (const auto& one : wanted) {
      if (listing_matches(certificate, one.stem, one.name)) {
        kept.push_back(std::move(certificate));
        break;
      }
    }
  }
  return kept;
}

void write_out(const std::string& text) {
  // One write for the whole listing: ten thousand lines through iostream formatting would cost more
  // than reading the files.
  if (std::fwrite(text.data(), 1, text.size(), stdout) != text.size() || std::fflush(stdout) != 0) {
    throw Error(ErrorKind::local_file, "cannot write the listing to standard output");
  }
}

}  // namespace

int run_list(Invocation& invocation) {
  const GlobalOptions& options = invocation.global();
  const std::vector<std::string>& domains = invocation.options().certificate.domains;
  const CertificateStorage& store = invocation.certificates();
  std::vector<ListedCertificate> listing = filter(list_certificates(store), domains);
  const std::int64_t now = std::chrono::duration_cast<std::chrono::seconds>(
                               std::chrono::system_clock::now().time_since_epoch()).count();

  if (options.json) {
    write_out(format_certificate_json(listing, now));
  } else if (listing.empty()) {
    if (!options.quiet) {
      std::cout << (domains.empty() ? "no certificates are stored in " + store.location()
                                    : "no stored certificate matches -d " + domains.front() +
                                          (domains.size() > 1 ? " (or the other -d names)" : ""))
                << "\n";
    }
  } else {
    write_out(format_certificate_table(listing, now));
  }

  // An unreadable certificate is listed with its reason, and the exit status says something needs a look.
  int status = 0;
  for (const auto& certificate : listing) {
    if (certificate.error.empty()) continue;
    spdlog::error("{}: {}", certificate.name, certificate.error);
    status = 1;
  }
  return status;
}

}  // namespace acmecli::cli
