// AccountClientSource: what the Manager asks of the CA, through the facade.
#include "manager/account_client_source.hpp"

#include <random>

#include "acmecli/certificate.hpp"
#include "acmecli/renewal.hpp"
#include "util/log.hpp"

namespace acmecli {

CertificateResource AccountClientSource::obtain(const std::string& name) {
  return client_.obtain_san_certificate({name}, options_);
}

CertificateResource AccountClientSource::renew(const CertificateResource& current) {
  RenewOptions options;
  options.obtain = options_;
  return client_.renew_certificate(current, options).certificate;
}

std::chrono::system_clock::time_point AccountClientSource::renewal_time(const CertificateResource& current) {
  const CertificateInfo leaf = inspect_certificate(current.certificate_pem);
  RenewalCheck check;
  check.not_before = leaf.not_before;
  check.not_after = leaf.not_after;
  try {
    check.renewal_info = client_.protocol().directory().renewal_info;
    if (!check.renewal_info.empty() && !leaf.authority_key_id.empty())
      check.certificate_id = ari_certificate_id(leaf);
  } catch (const std::exception& e) {
    // check_renewal falls back to the lifetime rule without a renewalInfo URL (RFC 9773 §4.2).
    spdlog::warn("renewal information for {}: {}", current.domain, e.what());
    check.renewal_info.clear();
  }
  std::random_device random;
  const double fraction = std::uniform_real_distribution<double>(0.0, 1.0)(random);
  const RenewalOutcome outcome = check_renewal(check, client_.protocol().transport(), clock_.now(), fraction);
  if (!outcome.warning.empty()) spdlog::warn("renewal of {}: {}", current.domain, outcome.warning);
  return outcome.decision.renew_at;
}

}  // namespace acmecli
