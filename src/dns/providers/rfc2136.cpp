#include "dns/providers/rfc2136.hpp"

#include <openssl/crypto.h>

#include <algorithm>
#include <cctype>
#include <cstring>
#include <map>

#include "acmecli/error.hpp"
#include "dns/dns_name.hpp"
#include "dns/ldns_handles.hpp"
#include "dns/propagation.hpp"

namespace acmecli::dns {

namespace {

bool is_base64(std::string_view text) {
  if (text.empty() || text.size() % 4 != 0) return false;
  auto padding = text.find('=');
  if (padding != std::string_view::npos &&
      (text.size() - padding > 2 || text.find_first_not_of('=', padding) != std::string_view::npos)) {
    return false;
  }
  return std::all_of(text.begin(), text.begin() + std::min(padding, text.size()),
                     [](unsigned char c) { return std::isalnum(c) || c == '+' || c == '/'; });
}

// The value goes into a quoted presentation-format string, where printable ASCII other than '"' and '\\'
// stays literal; anything needing escapes is refused rather than escaped. dns-01 values are base64url
// (RFC 8555 §8.4); dns-persist-01 values (draft-ietf-acme-dns-persist §4) hold "; accounturi=https://...".
bool is_plain_txt(std::string_view text) {
  return !text.empty() && text.size() <= 255 && std::all_of(text.begin(), text.end(), [](unsigned char c) {
    return c >= 0x20 && c < 0x7f && c != '"' && c != '\\';
  });
}

std::string tsig_error_hint(int tsig_error, const std::string& key, const std::string& algorithm,
                            const std::string& zone) {
  switch (tsig_error) {
    case 16:
      return "BADSIG: the server rejected the signature of TSIG key '" + key + "' (wrong secret?)";
    case 17:
      // Knot also answers BADKEY for a key it knows that no ACL lets update the zone.
      return "BADKEY: the server does not accept the TSIG key '" + key + "' with algorithm " +
             without_trailing_dot(algorithm) + " for updates of " + zone +
             " (unknown to it, or not allowed by its ACL / update-policy)";
    case 18:
      return "BADTIME: the server's clock and ours differ by more than the TSIG fudge";
  }
  return {};
}

// ldns keeps its own copy of the TSIG secret in the resolver; wipe it before ldns frees it.
struct WipeTsigSecret {
  ldns_resolver* resolver;
  ~WipeTsigSecret() {
    if (const char* data = ldns_resolver_tsig_keydata(resolver)) {
      OPENSSL_cleanse(const_cast<char*>(data), std::strlen(data));
    }
  }
};

}  // namespace

std::string normalize_tsig_algorithm(std::string_view name) {
  std::string algorithm(name);
  std::transform(algorithm.begin(), algorithm.end(), algorithm.begin(),
                 [](unsigned char c) { return std::tolower(c); });
  algorithm = to_fqdn(algorithm);
  // RFC 8945 §6: the names ldns implements for signing.
  for (std::string_view known : {"hmac-sha1.", "hmac-sha256.", "hmac-sha512."}) {
    if (algorithm == known) return algorithm;
  }
  throw Error(ErrorKind::usage,
              "RFC2136_TSIG_ALGORITHM='" + std::string(name) +
                  "' is not supported; use hmac-sha256 (default), hmac-sha1 or hmac-sha512");
}

Rfc2136Config read_rfc2136_config(const ProviderEnv& env) {
  Rfc2136Config config;
  config.nameserver = parse_dns_server(env.require("RFC2136_NAMESERVER"));
  config.tsig_key = env.get("RFC2136_TSIG_KEY").value_or("");
  auto secret = env.secret("RFC2136_TSIG_SECRET");
  if (config.tsig_key.empty() != !secret.has_value()) {
    throw Error(ErrorKind::usage,
                "the rfc2136 DNS provider needs both RFC2136_TSIG_KEY and RFC2136_TSIG_SECRET, "
                "or neither for unsigned updates");
  }
  if (secret) {
    if (!is_base64(secret->reveal()))
      throw Error(ErrorKind::usage, "RFC2136_TSIG_SECRET is not valid base64");
    config.tsig_secret = std::move(*secret);
    config.tsig_key = to_fqdn(config.tsig_key);
  }
  if (auto algorithm = env.get("RFC2136_TSIG_ALGORITHM"))
    config.tsig_algorithm = normalize_tsig_algorithm(*algorithm);
  config.dns_timeout = env.duration("RFC2136_DNS_TIMEOUT", config.dns_timeout);
  config.timings = read_provider_timings(env, "RFC2136", config.timings);
  return config;
}

void Rfc2136Provider::present(const std::vector<ChallengeRecord>& records) { update(records, Change::add); }

void Rfc2136Provider::cleanup(const std::vector<ChallengeRecord>& records) {
  update(records, Change::remove);
}

std::string Rfc2136Provider::zone_of(const ChallengeRecord& record) {
  if (!record.zone.empty()) return to_fqdn(record.zone);
  // The primary knows its own zones even when no public resolver does: ask it.
  LdnsResolver resolver;
  SystemClock clock;
  PropagationOptions options;
  options.resolvers = {config_.nameserver};
  options.query_timeout = config_.dns_timeout;
  return PropagationChecker(resolver, clock, options).find_zone(record.fqdn);
}

void Rfc2136Provider::update(const std::vector<ChallengeRecord>& records, Change change) {
  std::map<std::string, std::vector<const ChallengeRecord*>> by_zone;
  for (const auto& record : records) by_zone[zone_of(record)].push_back(&record);
  for (const auto& [zone, zone_records] : by_zone) send_update(zone, zone_records, change);
}

void Rfc2136Provider::send_update(const std::string& zone, const std::vector<const ChallengeRecord*>& records,
                                  Change change) {
  std::string what = std::string(change == Change::add ? "adding" : "removing") + " TXT records in zone " +
                     zone + " at " + config_.nameserver.to_string();
  auto fail = [&](ErrorKind kind, const std::string& why) {
    return Error(kind, "rfc2136: " + what + " failed: " + why);
  };

  ldns::RrList updates(ldns_rr_list_new());
  for (const auto* record : records) {
    for (const auto& text : record->texts()) {
      if (!is_plain_txt(text)) throw fail(ErrorKind::internal, "unexpected characters in a TXT value");
      std::string line =
          to_fqdn(record->fqdn) + " " + std::to_string(timings().ttl.count()) + " IN TXT \"" + text + "\"";
      ldns_rr* raw = nullptr;
      if (ldns_rr_new_frm_str(&raw, line.c_str(), 0, nullptr, nullptr) != LDNS_STATUS_OK) {
        throw fail(ErrorKind::internal, "cannot build the record " + line);
      }
      ldns::Rr rr(raw);
      if (change == Change::remove) {
        // RFC 2136 §2.5.4: class NONE and TTL 0 delete this one value and leave the rest of the RRset.
        ldns_rr_set_class(rr.get(), LDNS_RR_CLASS_NONE);
        ldns_rr_set_ttl(rr.get(), 0);
      }
      ldns_rr_list_push_rr(updates.get(), rr.release());
    }
  }

  ldns::Rdf zone_name(ldns_dname_new_frm_str(zone.c_str()));
  if (!zone_name) throw fail(ErrorKind::internal, "bad zone name");
  // RFC 2136 §2.3: the zone section names the zone, with type SOA.
  ldns::Packet packet(
      ldns_update_pkt_new(zone_name.get(), LDNS_RR_CLASS_IN, nullptr, updates.get(), nullptr));
  if (!packet) throw fail(ErrorKind::internal, "cannot build the UPDATE");
  zone_name.release();  // owned by the packet now
  ldns_pkt_set_rd(packet.get(), false);
  ldns_pkt_set_random_id(packet.get());

  ldns::Resolver resolver = ldns::open_resolver(config_.nameserver, config_.dns_timeout);
  ldns_resolver_set_usevc(resolver.get(), true);
  WipeTsigSecret wipe{resolver.get()};  // updates are small, but TCP spares a lost-UDP retry
  if (!config_.tsig_key.empty()) {
    ldns_resolver_set_tsig_keyname(resolver.get(), config_.tsig_key.c_str());
    ldns_resolver_set_tsig_keydata(resolver.get(), config_.tsig_secret.reveal().c_str());
    ldns_resolver_set_tsig_algorithm(resolver.get(), config_.tsig_algorithm.c_str());
    // RFC 8945 §5.1: sign the whole message; fudge 300 s as the RFC recommends.
    if (ldns_update_pkt_tsig_add(packet.get(), resolver.get()) != LDNS_STATUS_OK) {
      throw fail(ErrorKind::crypto,
                 "cannot sign the UPDATE with TSIG key '" + without_trailing_dot(config_.tsig_key) + "'");
    }
  }

  ldns_pkt* raw_reply = nullptr;
  ldns_status status = ldns_send(&raw_reply, resolver.get(), packet.get());
  ldns::Packet reply(raw_reply);
  if (!reply) throw fail(ErrorKind::network, ldns_get_errorstr_by_id(status));
  if (ldns_pkt_id(reply.get()) != ldns_pkt_id(packet.get()))
    throw fail(ErrorKind::network, "the answer's ID does not match");

  int rcode = static_cast<int>(ldns_pkt_get_rcode(reply.get()));
  if (rcode != LDNS_RCODE_NOERROR) {
    std::string why = rcode_name(rcode);
    const ldns_rr* tsig = ldns_pkt_tsig(reply.get());
    // RFC 8945 §5.3: the TSIG record of an error answer says what was wrong with ours.
    int tsig_error = tsig && ldns_rr_rd_count(tsig) > 5 ? ldns_rdf2native_int16(ldns_rr_rdf(tsig, 5)) : 0;
    if (auto hint =
            tsig_error_hint(tsig_error, without_trailing_dot(config_.tsig_key), config_.tsig_algorithm, zone);
        !hint.empty()) {
      why += "/" + hint;
    } else if (rcode == LDNS_RCODE_NOTAUTH && !config_.tsig_key.empty()) {
      why += ": the server rejected the TSIG key '" + without_trailing_dot(config_.tsig_key) +
             "' or is not authoritative for " + zone;
    } else if (rcode == LDNS_RCODE_REFUSED && !config_.tsig_key.empty()) {
      // BIND refuses a signed update that its update-policy does not grant.
      why += ": the server refused the update signed with TSIG key '" +
             without_trailing_dot(config_.tsig_key) + "' (is the key allowed to update TXT records in " +
             zone + "?)";
    } else if (rcode == LDNS_RCODE_NOTAUTH || rcode == LDNS_RCODE_REFUSED) {
      why += ": the server refused the update (no TSIG key set; does it allow unsigned updates for " + zone +
             "?)";
    } else if (rcode == LDNS_RCODE_NOTZONE) {
      why += ": a record is outside the zone " + zone;
    }
    throw fail(ErrorKind::challenge, why);
  }
  if (status == LDNS_STATUS_CRYPTO_TSIG_BOGUS) {
    throw fail(ErrorKind::challenge, "the answer's TSIG signature does not verify with key '" +
                                         without_trailing_dot(config_.tsig_key) + "'");
  }
  if (status != LDNS_STATUS_OK) throw fail(ErrorKind::network, ldns_get_errorstr_by_id(status));
}

}  // namespace acmecli::dns
