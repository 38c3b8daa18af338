#include "dns/providers/acmedns.hpp"

#include <rapidjson/document.h>

#include <map>

#include "acme/json.hpp"
#include "acmecli/error.hpp"
#include "acmecli/secret.hpp"
#include "acmecli/storage.hpp"
#include "dns/providers/provider_http.hpp"
#include "util/log.hpp"

namespace acmecli::dns {

namespace {

struct AcmednsAccount {
  std::string fulldomain;
  std::string subdomain;
  std::string username;
  Secret password;
  std::string server_url;
};

RestSettings acmedns_rest_settings(const AcmednsConfig& config) {
  RestSettings settings;
  settings.provider = "acmedns";
  settings.base_url = config.api_base;
  return settings;  // acme-dns's errors are {"error": "..."}, which describe_api_error reads
}

// The domain an account is stored under, as lego keys it: the identifier, without a wildcard's "*.".
std::string account_domain(const TxtValue& value) {
  return value.domain.rfind("*.", 0) == 0 ? value.domain.substr(2) : value.domain;
}

std::map<std::string, AcmednsAccount> read_accounts(const std::filesystem::path& path) {
  std::map<std::string, AcmednsAccount> accounts;
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) return accounts;
  std::string text = read_file(path);
  rapidjson::Document document;
  document.Parse(text.data(), text.size());
  if (document.HasParseError() || !document.IsObject())
    throw Error(ErrorKind::local_file, "acmedns: " + path.string() +
                                           " (ACME_DNS_STORAGE_PATH) is not lego's JSON of "
                                           "acme-dns accounts");
  for (const auto& member : document.GetObject()) {
    const auto& entry = member.value;
    accounts[member.name.GetString()] = {
        json::string_member(entry, "fulldomain"), json::string_member(entry, "subdomain"),
        json::string_member(entry, "username"), Secret(json::string_member(entry, "password")),
        json::string_member(entry, "server_url")};
  }
  return accounts;
}

void write_accounts(const std::filesystem::path& path,
                    const std::map<std::string, AcmednsAccount>& accounts) {
  std::string text = "{";
  bool first = true;
  for (const auto& [domain, account] : accounts) {
    text += std::string(first ? "" : ",") + "\n  " + json::quote(domain) +
            ": {\"fulldomain\": " + json::quote(account.fulldomain) +
            ", \"subdomain\": " + json::quote(account.subdomain) +
            ", \"username\": " + json::quote(account.username) +
            ", \"password\": " + json::quote(account.password.reveal()) +
            ", \"server_url\": " + json::quote(account.server_url) + "}";
    first = false;
  }
  text += "\n}\n";
  write_file_atomic(path, text, 0600);  // it holds the accounts' passwords
}

}  // namespace

AcmednsConfig read_acmedns_config(const ProviderEnv& env) {
  AcmednsConfig config;
  config.api_base = env.require("ACME_DNS_API_BASE");
  require_http_url("ACME_DNS_API_BASE", config.api_base);
  if (env.get("ACME_DNS_STORAGE_BASE_URL")) {
    throw Error(
        ErrorKind::usage,
        "ACME_DNS_STORAGE_BASE_URL (lego's HTTP account storage) is not supported by acmecli's acmedns "
        "provider; keep the accounts in a file with ACME_DNS_STORAGE_PATH");
  }
  config.storage_path = env.require("ACME_DNS_STORAGE_PATH");
  if (auto allowlist = env.get("ACME_DNS_ALLOWLIST")) {
    std::string rest = *allowlist;
    for (std::size_t start = 0; start <= rest.size();) {
      std::size_t comma = rest.find(',', start);
      std::string cidr = rest.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
      while (!cidr.empty() && cidr.front() == ' ') cidr.erase(cidr.begin());
      while (!cidr.empty() && cidr.back() == ' ') cidr.pop_back();
      if (!cidr.empty()) config.allowlist.push_back(cidr);
      if (comma == std::string::npos) break;
      start = comma + 1;
    }
  }
  return config;
}

AcmednsProvider::AcmednsProvider(AcmednsConfig config, std::shared_ptr<Transport> transport,
                                 std::shared_ptr<Clock> clock)
    : TimedDnsProvider(config.timings),
      config_(std::move(config)),
      rest_(acmedns_rest_settings(config_), std::move(transport), std::move(clock)) {}

void AcmednsProvider::present(const std::vector<ChallengeRecord>& records) {
  auto accounts = read_accounts(config_.storage_path);
  for (const auto& record : records) {
    for (const auto& value : record.values) {
      std::string domain = account_domain(value);
      auto account = accounts.find(domain);
      if (account == accounts.end()) {
        // https://github.com/joohoi/acme-dns#register-endpoint: POST /register, optionally {"allowfrom":
        // [...]}.
        std::string body;
        if (!config_.allowlist.empty()) {
          body = "{\"allowfrom\":[";
          for (std::size_t i = 0; i < config_.allowlist.size(); ++i)
            body += (i != 0 ? "," : "") + json::quote(config_.allowlist[i]);
          body += "]}";
        }
        HttpResponse answer =
            rest_.send({"POST", "register", body, {}, "registering an account for " + domain});
        rapidjson::Document document;
        document.Parse(answer.body.data(), answer.body.size());
        if (document.HasParseError() || !document.IsObject() ||
            json::string_member(document, "fulldomain").empty())
          throw Error(ErrorKind::challenge,
                      "acmedns: registering an account for " + domain + " gave no account");
        AcmednsAccount created{json::string_member(document, "fulldomain"),
                               json::string_member(document, "subdomain"),
                               json::string_member(document, "username"),
                               Secret(json::string_member(document, "password")), config_.api_base};
        std::string target = created.fulldomain;
        accounts[domain] = std::move(created);
        write_accounts(config_.storage_path, accounts);
        // As lego's ErrCNAMERequired: the account is no use until the zone delegates to it.
        throw Error(ErrorKind::challenge,
                    "acmedns: registered a new acme-dns account for " + domain + " (stored in " +
                        config_.storage_path.string() + "); create the CNAME record _acme-challenge." +
                        domain + ". CNAME " + target + ". in the zone of " + domain + " and run again");
      }
      // https://github.com/joohoi/acme-dns#update-endpoint
      rest_.send(
          {"POST",
           "update",
           "{\"subdomain\":" + json::quote(account->second.subdomain) +
               ",\"txt\":" + json::quote(value.text) + "}",
           {{"X-Api-User", account->second.username}, {"X-Api-Key", account->second.password.reveal()}},
           "updating the TXT record of " + domain + " (" + account->second.fulldomain + ")"});
      spdlog::debug("acmedns: {} now serves a TXT value for {}", account->second.fulldomain, domain);
    }
  }
}

void AcmednsProvider::cleanup(const std::vector<ChallengeRecord>&) {
  // acme-dns has no delete: a subdomain keeps its two most recent values, which later updates replace.
}

}  // namespace acmecli::dns
