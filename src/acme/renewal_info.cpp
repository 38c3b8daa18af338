// RFC 9773 (ACME Renewal Information): the certificate identifier and the renewalInfo resource.
#include <algorithm>

#include "acme/json.hpp"
#include "acmecli/client.hpp"
#include "acmecli/error.hpp"
#include "acmecli/renewal.hpp"
#include "crypto/encoding.hpp"

namespace acmecli {

std::string ari_certificate_id(std::string_view authority_key_id, std::string_view serial_der) {
  // §4.1: the keyIdentifier of the AKI extension, without its DER tag and length, and the serial's
  // DER INTEGER value bytes, again without tag and length (a positive serial with its high bit set
  // keeps the 0x00 DER puts in front). Both base64url without padding, joined by ".".
  if (authority_key_id.empty()) {
    throw Error(ErrorKind::crypto, "the certificate has no Authority Key Identifier, so it has no ARI CertID");
  }
  if (serial_der.empty()) throw Error(ErrorKind::crypto, "the certificate has an empty serial number");
  return base64url_encode(authority_key_id) + "." + base64url_encode(serial_der);
}

std::string ari_certificate_id(const CertificateInfo& certificate) {
  return ari_certificate_id(certificate.authority_key_id, certificate.serial_der);
}

TimePoint ari_next_check(std::optional<std::chrono::seconds> retry_after, TimePoint now) {
  using namespace std::chrono_literals;
  if (!retry_after) return now + 6h;
  // §4.3: clients should keep the interval within reasonable limits, e.g. treating less than a minute
  // as a minute and more than a day as a day.
  return now + std::clamp<std::chrono::seconds>(*retry_after, 1min, 24h);
}

RenewalInfo parse_renewal_info(std::string_view body, std::optional<std::chrono::seconds> retry_after,
                               TimePoint now) {
  auto document = json::parse_object(body, "renewalInfo");
  auto window = document.FindMember("suggestedWindow");
  if (window == document.MemberEnd() || !window->value.IsObject()) {
    throw Error(ErrorKind::protocol, "the CA's renewalInfo has no \"suggestedWindow\" object");
  }
  const std::string start = json::string_member(window->value, "start");
  const std::string end = json::string_member(window->value, "end");
  if (start.empty() || end.empty()) {
    throw Error(ErrorKind::protocol, "the CA's renewalInfo window lacks \"start\" or \"end\"");
  }
  RenewalInfo info;
  info.suggested_window.start = parse_rfc3339(start);
  info.suggested_window.end = parse_rfc3339(end);
  // §4.2: a window whose end is not after its start is invalid; the client decides by itself then.
  if (info.suggested_window.end <= info.suggested_window.start) {
    throw Error(ErrorKind::protocol, "the CA's renewalInfo window ends (" + end + ") before it starts (" + start + ")");
  }
  info.explanation_url = json::string_member(document, "explanationURL");
  info.next_check = ari_next_check(retry_after, now);
  return info;
}

std::string renewal_info_url(std::string_view directory_renewal_info, std::string_view certificate_id) {
  std::string url(directory_renewal_info);
  if (url.empty() || url.back() != '/') url += '/';
  return url + std::string(certificate_id);
}

RenewalInfo fetch_renewal_info(Transport& transport, std::string_view directory_renewal_info,
                               std::string_view certificate_id, TimePoint now) {
  // §4.1: a plain GET; no account, no JWS.
  HttpRequest request;
  request.method = "GET";
  request.url = renewal_info_url(directory_renewal_info, certificate_id);
  HttpResponse response = transport.send(request);
  if (response.status != 200) {
    std::string detail = "HTTP " + std::to_string(response.status);
    if (auto problem = Problem::parse(response.body)) detail = problem->describe();
    // §4.1 gives no meaning to 404, but Boulder answers it for a CertID it cannot place (an issuer it
    // does not know, e.g. a certificate from staging or another CA, or a serial it never issued): the
    // certificate is fine, the CA just has no advice for it, so say that rather than "unreachable".
    if (response.status == 404) {
      throw Error(ErrorKind::network,
                  "the CA has none for this certificate: " + request.url + " answered " + detail);
    }
    throw Error(ErrorKind::network, "the CA's renewalInfo " + request.url + " answered " + detail);
  }
  std::optional<std::chrono::seconds> retry_after;
  if (auto header = response.header("retry-after")) retry_after = parse_retry_after(*header, now);
  return parse_renewal_info(response.body, retry_after, now);
}

}  // namespace acmecli
