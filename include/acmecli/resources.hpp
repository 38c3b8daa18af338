// The ACME objects of RFC 8555 §7.1, as the client sees them.
#pragma once

#include <chrono>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "acmecli/error.hpp"
#include "acmecli/identifier.hpp"

namespace acmecli {

// RFC 8555 §7.1.1 plus later additions (RFC 9773 renewalInfo, draft profiles).
struct Directory {
  std::string new_nonce;
  std::string new_account;
  std::string new_order;
  std::string revoke_cert;
  std::string key_change;
  std::string new_authz;     // optional
  std::string renewal_info;  // RFC 9773, optional
  std::string terms_of_service;
  std::string website;
  std::vector<std::string> caa_identities;
  bool external_account_required = false;
  std::map<std::string, std::string> profiles;  // name -> description

  // Throws Error(protocol) naming the missing field when a required one is absent.
  static Directory parse(std::string_view json);
};

struct Account {
  std::string url;  // the "kid"
  std::string status;
  std::vector<std::string> contact;
  std::string orders;
  std::string body;  // the JSON the CA returned, kept for account.json
  // RFC 8555 §7.3.1: newAccount with a key the CA knows answers 200 with the existing account, a new
  // one 201. True for the 200.
  bool existed = false;
};

struct Challenge {
  std::string type;
  std::string url;
  std::string status;
  std::string token;  // empty for types that carry none
  std::vector<std::string> issuer_domain_names;  // dns-persist-01 (draft-ietf-acme-dns-persist §3.1)
  std::optional<Problem> error;
};

struct Authorization {
  std::string url;
  std::string status;  // pending, valid, invalid, deactivated, expired, revoked
  Identifier identifier;
  bool wildcard = false;
  std::vector<Challenge> challenges;
  std::string expires;
};

struct Order {
  std::string url;
  std::string status;  // pending, ready, processing, valid, invalid
  std::vector<Identifier> identifiers;
  std::vector<std::string> authorizations;
  std::string finalize;
  std::string certificate;
  std::optional<Problem> error;
  std::string expires;
  // RFC 8555 §7.4: a "processing" order may say when to look again (Boulder: 3 s); from the answer's
  // Retry-After, not the order object.
  std::optional<std::chrono::seconds> retry_after;
};

// A downloaded certificate chain and the alternates the CA offered (Link: rel="alternate").
struct CertificateChain {
  std::string pem;  // leaf followed by its chain
  std::vector<std::string> alternate_urls;
};

}  // namespace acmecli
