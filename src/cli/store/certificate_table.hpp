// How `acmecli list` shows the stored certificates: an aligned table for people, one JSON document for
// scripts, both with the days left and whether a renewal is due.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "cli/store/certificate_listing.hpp"

namespace acmecli::cli {

struct CertificateStatus {
  std::int64_t days_left = 0;  // whole days until notAfter, rounded down; negative once expired
  bool due = false;            // renew would renew it now (without ARI or --days)
  bool expired = false;
};

CertificateStatus certificate_status(const ListedCertificate& certificate, std::int64_t now);

// One line per certificate under a header; the names come last so long SAN lists do not break alignment.
std::string format_certificate_table(const std::vector<ListedCertificate>& certificates, std::int64_t now);

// {"certificates":[{"name", "domains", "keyType", "issuer", "serial", "notBefore", "notAfter", "daysLeft",
// "due", "expired", "source"}]}, times in RFC 3339 UTC; an unreadable one has "name" and "error" only.
std::string format_certificate_json(const std::vector<ListedCertificate>& certificates, std::int64_t now);

// 1735689600 -> "2025-01-01T00:00:00Z".
std::string format_utc(std::int64_t unix_seconds);

}  // namespace acmecli::cli
