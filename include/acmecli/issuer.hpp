// Drives one order from newOrder to a downloaded certificate: the part lego calls the certifier.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "acmecli/certificate.hpp"
#include "acmecli/client.hpp"
#include "acmecli/solver.hpp"

namespace acmecli {

struct ObtainRequest {
  std::vector<Identifier> identifiers;  // the first is the main name
  KeyType key_type = KeyType::ec256;
  std::optional<PrivateKey> reuse_key;  // keep this key instead of generating one
  std::optional<CsrInfo> csr;           // issue for the user's CSR; no key is generated then
  bool must_staple = false;
  std::string preferred_chain;  // issuer CN of the chain's top certificate
  NewOrderOptions order_options;
};

struct IssuedCertificate {
  std::vector<Identifier> identifiers;
  std::string certificate_url;
  std::string certificate_pem;  // leaf + chain
  std::string issuer_pem;       // chain without the leaf
  std::optional<PrivateKey> key;  // absent when issued for a user's CSR
  std::vector<std::string> alternate_urls;
};

// RFC 8555 §7.4.2: a CA may offer alternate chains (Link: rel="alternate"). With a preferred chain,
// at most this many are fetched, so a CA listing thousands cannot make a run send thousands of requests.
inline constexpr std::size_t kMaxAlternateChains = 4;

// Progress events for the user, one line each ("order created", "validated", ...). Called from several
// threads at once: orders run concurrently, and so do the authorizations of one order.
using ProgressCallback = std::function<void(const std::string& name, const std::string& event)>;

class OrderClaims;

// One Issuer serves one run: obtain() may be called from several threads at once, and the orders it
// places know of each other (a CA may hand two of them the same order or authorization).
class Issuer {
 public:
  // Solvers in order of preference: the first one whose type the CA offers for an identifier is used.
  Issuer(AcmeClient& client, std::vector<ChallengeSolver*> solvers, ProgressCallback progress = {});
  IssuedCertificate obtain(const ObtainRequest& request);

 private:
  AcmeClient& client_;
  std::vector<ChallengeSolver*> solvers_;
  ProgressCallback progress_;
  std::shared_ptr<OrderClaims> claims_;
};

}  // namespace acmecli
