// `acmecli persist-record -d example.com`: the _validation-persist TXT record (draft-ietf-acme-dns-persist)
// that lets this account at this CA validate the domain with dns-persist-01 from then on, printed and,
// with --dns PROVIDER, published once. Later orders use --dns-persist and change no DNS at all.
#include "util/log.hpp"

#include <algorithm>
#include <chrono>
#include <iostream>
#include <map>
#include <set>

#include "acme/json.hpp"
#include "acmecli/dns01.hpp"
#include "acmecli/dns_persist01.hpp"
#include "cli/commands/commands.hpp"
#include "cli/invocation.hpp"
#include "cli/context.hpp"
#include "dns/provider_env.hpp"

namespace acmecli::cli {

namespace {

struct PlannedRecord {
  Identifier identifier;
  std::string name;
  std::vector<std::string> issuer_domain_names;  // what the CA offered, first is used
  std::string value;
};

std::optional<std::int64_t> persist_until_time(const std::string& text) {
  if (text.empty()) return std::nullopt;
  const bool digits = text.find_first_not_of("0123456789") == std::string::npos;
  // A bare number this large is a Unix time (§2: base-10 seconds since the epoch); smaller ones are
  // durations in seconds, as elsewhere in acmecli.
  if (digits && text.size() >= 9) return std::stoll(text);
  auto duration = dns::parse_duration(text);
  if (!duration) {
    throw Error(ErrorKind::usage, "--persist-until '" + text + "' is neither a Unix time nor a duration (e.g. 8760h)");
  }
  const auto until = std::chrono::system_clock::now() + *duration;
  return std::chrono::duration_cast<std::chrono::seconds>(until.time_since_epoch()).count();
}

std::string offered_types(const Authorization& authorization) {
  std::string list;
  for (const auto& challenge : authorization.challenges) list += (list.empty() ? "" : ", ") + challenge.type;
  return list.empty() ? "none" : list;
}

// The issuer domain names come from the CA's dns-persist-01 challenge (§3.1). With no order at hand, a
// fresh order provides one; its authorizations are deactivated afterwards (RFC 8555 §7.5.2) so nothing
// is left pending. An authorization the CA already holds valid may list no challenge to read: then the
// directory's caaIdentities stand in, which -00 §2 says the names MAY be drawn from.
std::map<std::string, std::vector<std::string>> issuer_names_from_order(AcmeClient& client,
                                                                        const std::vector<Identifier>& identifiers) {
  Order order = client.new_order(identifiers);
  std::map<std::string, std::vector<std::string>> names;  // identifier value (no "*.") -> issuer names
  std::vector<std::string> to_deactivate;
  std::optional<Error> failure;
  for (const auto& url : order.authorizations) {
    Authorization authorization = client.get_authorization(url);
    if (authorization.status == "pending") to_deactivate.push_back(url);
    const Challenge* persist = nullptr;
    for (const auto& challenge : authorization.challenges) {
      if (challenge.type == "dns-persist-01") persist = &challenge;
    }
    if (persist) {
      names[authorization.identifier.value] = persist->issuer_domain_names;
    } else if (authorization.status == "valid" && !client.directory().caa_identities.empty()) {
      names[authorization.identifier.value] = client.directory().caa_identities;
    } else if (!failure) {
      failure = Error(ErrorKind::ca, authorization.identifier.value + ": the CA does not offer dns-persist-01 (it "
                                     "offered " + offered_types(authorization) + "); pass --issuer-domain if you know "
                                     "the CA's issuer domain name");
    }
  }
  for (const auto& url : to_deactivate) {
    try {
      client.deactivate_authorization(url);
    } catch (const Error& e) {
      spdlog::warn("could not deactivate the authorization {}: {}", url, e.what());
    }
  }
  if (failure) throw *failure;
  return names;
}

std::string base_name(const Identifier& identifier) {
  return identifier.is_wildcard() ? identifier.value.substr(2) : identifier.value;
}

void print_records(const GlobalOptions& options, const std::string& account_url,
                   const std::vector<PlannedRecord>& records, const std::string& published_with) {
  if (options.json) {
    std::string out = R"({"account":)" + json::quote(account_url) + R"(,"records":[)";
    for (std::size_t i = 0; i < records.size(); ++i) {
      const auto& record = records[i];
      out += (i != 0 ? "," : "") + std::string(R"({"domain":)") + json::quote(record.identifier.value) +
             R"(,"name":)" + json::quote(record.name) + R"(,"type":"TXT","value":)" + json::quote(record.value) +
             R"(,"issuer_domain_names":[)";
      for (std::size_t j = 0; j < record.issuer_domain_names.size(); ++j) {
        out += (j != 0 ? "," : "") + json::quote(record.issuer_domain_names[j]);
      }
      out += "]}";
    }
    out += R"(],"published":)" + (published_with.empty() ? std::string("null") : json::quote(published_with));
    std::cout << out << "}\n";
    return;
  }
  for (const auto& record : records) std::cout << record.name << " IN TXT \"" << record.value << "\"\n";
}

}  // namespace

int run_persist_record(Invocation& invocation) {
  const GlobalOptions& options = invocation.global();
  const std::vector<std::string>& domains = invocation.options().certificate.domains;
  const std::string& dns_provider = invocation.options().solvers.dns;
  const PersistOptions& persist = invocation.options().persist;
  std::vector<Identifier> identifiers;
  for (const auto& domain : domains) {
    Identifier identifier = parse_identifier(domain);
    if (identifier.type != Identifier::Type::dns) {
      throw Error(ErrorKind::usage, "'" + domain + "': dns-persist-01 validates DNS names only");
    }
    if (std::find(identifiers.begin(), identifiers.end(), identifier) == identifiers.end()) {
      identifiers.push_back(std::move(identifier));
    }
  }
  if (identifiers.empty()) throw Error(ErrorKind::usage, "no domain given: pass -d NAME (several for several names)");
  if (!persist.issuer_domain.empty()) check_issuer_domain_names({persist.issuer_domain});
  const std::optional<std::int64_t> until = persist_until_time(persist.persist_until);
  std::unique_ptr<DnsProvider> provider;
  if (!dns_provider.empty()) provider = make_dns_provider(dns_provider);

  invocation.set_up();
  Context& context = invocation.context();
  const std::string account_url = context.client().account_url();

  std::map<std::string, std::vector<std::string>> issuer_names;
  if (persist.issuer_domain.empty()) issuer_names = issuer_names_from_order(context.client(), identifiers);

  std::vector<PlannedRecord> records;
  std::set<std::string> seen;
  for (const auto& identifier : identifiers) {
    PlannedRecord record{identifier, persist_record_name(identifier), {}, {}};
    if (!seen.insert(record.name).second) continue;  // *.example.com and example.com share one record
    record.issuer_domain_names =
        persist.issuer_domain.empty() ? issuer_names[base_name(identifier)] : std::vector{persist.issuer_domain};
    check_issuer_domain_names(record.issuer_domain_names);
    // §4 item 2: any one of the offered names will do; the first is the CA's own preference.
    record.value = persist_record_value({record.issuer_domain_names.front(), account_url, !persist.no_wildcard, until});
    records.push_back(std::move(record));
  }

  if (provider) {
    std::vector<ChallengeRecord> to_publish;
    for (const auto& record : records) {
      to_publish.push_back({record.name, "", {TxtValue{record.value, base_name(record.identifier), "", ""}}});
    }
    // Published once and left in place: the record is what later orders are validated against.
    provider->present(to_publish);
    for (const auto& record : records) spdlog::info("published {} through {}", record.name, provider->name());
  }
  print_records(options, account_url, records, provider ? std::string(provider->name()) : std::string());
  return 0;
}

}  // namespace acmecli::cli
