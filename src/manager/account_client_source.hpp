// The Manager's CertificateSource over an AccountClient: one order per name, renewals through
// renew_certificate, and the renewal time from the CA's renewalInfo (RFC 9773) when it offers one.
#pragma once

#include "acmecli/account_client.hpp"
#include "acmecli/manager.hpp"

namespace acmecli {

class AccountClientSource final : public CertificateSource {
 public:
  AccountClientSource(AccountClient& client, ObtainOptions options, Clock& clock)
      : client_(client), options_(std::move(options)), clock_(clock) {}

  CertificateResource obtain(const std::string& name) override;
  CertificateResource renew(const CertificateResource& current) override;
  std::chrono::system_clock::time_point renewal_time(const CertificateResource& current) override;

 private:
  AccountClient& client_;
  ObtainOptions options_;
  Clock& clock_;
};

}  // namespace acmecli
