// `acmecli directory`: what a CA offers, read from its RFC 8555 §7.1.1 directory: endpoints, terms,
// CAA identities, whether EAB is required, ARI (RFC 9773) and profiles (draft-aaron-acme-profiles).
#include <iostream>

#include "acme/json.hpp"
#include "cli/commands/commands.hpp"
#include "cli/invocation.hpp"
#include "cli/context.hpp"
#include "util/printable.hpp"

namespace acmecli::cli {

namespace {

std::string json_or_null(const std::string& value) { return value.empty() ? "null" : json::quote(value); }

void print_json(const std::string& server, const Directory& directory) {
  std::string out = R"({"server":)" + json::quote(server);
  out += R"(,"endpoints":{"newNonce":)" + json_or_null(directory.new_nonce) + R"(,"newAccount":)" +
         json_or_null(directory.new_account) + R"(,"newOrder":)" + json_or_null(directory.new_order) +
         R"(,"newAuthz":)" + json_or_null(directory.new_authz) + R"(,"revokeCert":)" +
         json_or_null(directory.revoke_cert) + R"(,"keyChange":)" + json_or_null(directory.key_change) +
         R"(,"renewalInfo":)" + json_or_null(directory.renewal_info) + "}";
  out += R"(,"termsOfService":)" + json_or_null(directory.terms_of_service);
  out += R"(,"website":)" + json_or_null(directory.website);
  out += R"(,"caaIdentities":[)";
  for (std::size_t i = 0; i < directory.caa_identities.size(); ++i) {
    out += (i != 0 ? "," : "") + json::quote(directory.caa_identities[i]);
  }
  out += std::string(R"(],"externalAccountRequired":)") + (directory.external_account_required ? "true" : "false");
  out += std::string(R"(,"ari":)") + (directory.renewal_info.empty() ? "false" : "true");
  out += R"(,"profiles":{)";
  bool first = true;
  for (const auto& [name, description] : directory.profiles) {
    out += (first ? "" : ",") + json::quote(name) + ":" + json::quote(description);
    first = false;
  }
  std::cout << out << "}}\n";
}

void print_text(const std::string& server, const Directory& directory) {
  auto line = [](std::string_view label, const std::string& value) {
    std::cout << label << (value.empty() ? std::string("(none)") : printable(value)) << "\n";
  };
  line("Directory:         ", server);
  line("Terms of service:  ", directory.terms_of_service);
  line("Website:           ", directory.website);
  std::string caa;
  for (const auto& identity : directory.caa_identities) caa += (caa.empty() ? "" : ", ") + identity;
  line("CAA identities:    ", caa);
  std::cout << "EAB required:      "
            << (directory.external_account_required ? "yes (register with --eab --kid ID --hmac KEY)" : "no") << "\n";
  std::cout << "ARI (renewalInfo): " << (directory.renewal_info.empty() ? "no" : "yes, " + printable(directory.renewal_info))
            << "\n";
  std::cout << "Key rollover:      " << (directory.key_change.empty() ? "no" : "yes") << "\n";
  if (directory.profiles.empty()) {
    std::cout << "Profiles:          (none; the CA has one default)\n";
  } else {
    std::cout << "Profiles:          (choose with --profile NAME)\n";
    for (const auto& [name, description] : directory.profiles) {
      std::cout << "  " << printable(name) << (description.empty() ? "" : ": " + printable(description)) << "\n";
    }
  }
  std::cout << "Endpoints:\n";
  auto endpoint = [](std::string_view name, const std::string& url) {
    if (!url.empty()) std::cout << "  " << name << " " << printable(url) << "\n";
  };
  endpoint("newNonce:   ", directory.new_nonce);
  endpoint("newAccount: ", directory.new_account);
  endpoint("newOrder:   ", directory.new_order);
  endpoint("newAuthz:   ", directory.new_authz);
  endpoint("revokeCert: ", directory.revoke_cert);
  endpoint("keyChange:  ", directory.key_change);
  endpoint("renewalInfo:", directory.renewal_info);
}

}  // namespace

int run_directory(Invocation& invocation) {
  const GlobalOptions& options = invocation.global();
  invocation.set_up();
  Context& context = invocation.context();
  const Directory& directory = context.client().directory();
  if (options.json) {
    print_json(context.server(), directory);
  } else {
    print_text(context.server(), directory);
  }
  return 0;
}

}  // namespace acmecli::cli
