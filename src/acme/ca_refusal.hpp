// Refusals a production CA gives and Pebble never does (issue 23), recognised by Boulder's own words so
// the message can say what to do. Pure functions over the CA's problem document: the protocol core
// decides whether to retry, the issuer what advice to add.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "acmecli/error.hpp"

namespace acmecli {

// Boulder's RA (ra/ra.go, FinalizeOrder) answers a CSR asking for the TLS Feature extension with
// unauthorized "OCSP must-staple extension is no longer available: see
// https://letsencrypt.org/2024/12/05/ending-ocsp".
bool refuses_must_staple(const Problem& problem);

// True when the CA's refusal of a newOrder is about its RFC 9773 `replaces` field rather than the order
// itself, so the order is worth sending again without it.
bool refuses_replaces(const Error& error);
// What to add to that refusal: obtain without --must-staple, and how to stop a renewal asking for it.
std::string must_staple_refusal_advice();

// Boulder's WFE (wfe2/wfe.go, probs.Paused) answers a newOrder for a paused account and identifier with
// 429 rateLimited, no Retry-After, and "Your account is temporarily prevented from requesting
// certificates for NAMES and possibly others. Please visit: URL". Returns that URL, printable; nullopt
// for any other problem. Waiting does not lift a pause, so such an answer is never retried.
std::optional<std::string> unpause_url(const Problem& problem);

// badCSR or badPublicKey about the CSR's key (Boulder's csr.go: "invalid public key in CSR: key size not
// supported: 8192", goodkey's sizes and curves).
bool refuses_public_key(const Problem& problem);

// The problem as a person reads it: the CA's words on the first line, then one line per identifier its
// subproblems name (RFC 8555 §6.7.1; Boulder's "(and N more problems. Refer to sub-problems for more
// information.)"), and for a pause the unpause URL on a line of its own. Lines are joined with '\n' and
// every piece of the CA's text is printable() already, so no line is of the CA's making.
std::string explain_problem(const Problem& problem);

}  // namespace acmecli
