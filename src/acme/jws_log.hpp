// What -v shows of a signed request: the JWS with its protected header and payload decoded, so the
// exchange can be followed, and every signature (the outer one, and the inner JWS of an External
// Account Binding or a key change) replaced by "[redacted]". A logged request can then not be replayed
// or used to guess at a MAC key, and a log is safe to paste into a bug report.
#pragma once

#include <string>
#include <string_view>

namespace acmecli {

// A one-line JSON rendering of a flattened JWS (RFC 7515 §7.2.2) for the debug log. Input that is not
// a JWS is shown only by its size: it is never echoed, as it could hold anything.
std::string describe_jws_for_log(std::string_view jws);

}  // namespace acmecli
