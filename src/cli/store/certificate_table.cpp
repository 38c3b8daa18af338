#include "cli/store/certificate_table.hpp"

#include <algorithm>
#include <array>
#include <chrono>
#include <ctime>

#include "acmecli/clock.hpp"
#include "acme/json.hpp"
#include "acmecli/renewal.hpp"
#include "util/join.hpp"

namespace acmecli::cli {

namespace {

constexpr std::int64_t kDay = 24 * 60 * 60;

// A hand-edited .json may hold any 64-bit notAfter; held within ±285 years of 1970 the day
// arithmetic below cannot overflow.
std::int64_t representable(std::int64_t unix_seconds) {
  constexpr std::int64_t kLimit = 9'000'000'000;
  return std::clamp(unix_seconds, -kLimit, kLimit);
}

TimePoint time_point(std::int64_t unix_seconds) { return time_from_unix_seconds(unix_seconds); }

std::int64_t floor_divide(std::int64_t value, std::int64_t divisor) {
  std::int64_t quotient = value / divisor;
  return (value % divisor != 0 && value < 0) ? quotient - 1 : quotient;
}


std::string or_dash(const std::string& text) { return text.empty() ? "-" : text; }

}  // namespace

std::string format_utc(std::int64_t unix_seconds) { return format_rfc3339(time_point(unix_seconds)); }

CertificateStatus certificate_status(const ListedCertificate& certificate, std::int64_t now) {
  CertificateStatus status;
  status.days_left = floor_divide(representable(certificate.not_after) - representable(now), kDay);
  status.expired = now >= certificate.not_after;
  // The rule renew applies when the CA offers no renewal information (RFC 9773) and no --days is given.
  const TimePoint not_after = time_point(certificate.not_after);
  const TimePoint renew_at = lifetime_renewal_time(time_point(certificate.not_before), not_after);
  status.due = decide(renew_at, RenewalBasis::lifetime, not_after, time_point(now)).due;
  return status;
}

std::string format_certificate_table(const std::vector<ListedCertificate>& certificates, std::int64_t now) {
  constexpr std::size_t kColumns = 7;
  using Row = std::array<std::string, kColumns>;
  std::vector<Row> rows;
  rows.reserve(certificates.size() + 1);
  rows.push_back({"NAME", "KEY", "ISSUER", "NOT AFTER", "DAYS LEFT", "DUE", "DOMAINS"});
  for (const auto& certificate : certificates) {
    if (!certificate.error.empty()) {
      rows.push_back({certificate.name, "-", "-", "-", "-", "-", "unreadable: " + certificate.error});
      continue;
    }
    const CertificateStatus status = certificate_status(certificate, now);
    rows.push_back({certificate.name, or_dash(certificate.key_type), or_dash(certificate.issuer),
                    format_utc(certificate.not_after), std::to_string(status.days_left),
                    status.expired ? "expired" : (status.due ? "yes" : "no"), join(certificate.domains, ",")});
  }
  std::array<std::size_t, kColumns> widths{};
  for (const auto& row : rows) {
    for (std::size_t column = 0; column + 1 < kColumns; ++column) widths[column] = std::max(widths[column], row[column].size());
  }
  std::size_t line_width = 0;
  for (std::size_t column = 0; column + 1 < kColumns; ++column) line_width += widths[column] + 2;
  std::size_t total = 0;
  for (const auto& row : rows) total += line_width + row[kColumns - 1].size() + 1;
  std::string out;
  out.reserve(total);
  for (const auto& row : rows) {
    for (std::size_t column = 0; column + 1 < kColumns; ++column) {
      out += row[column];
      out.append(widths[column] - row[column].size() + 2, ' ');
    }
    out += row[kColumns - 1];
    out += '\n';
  }
  return out;
}

std::string format_certificate_json(const std::vector<ListedCertificate>& certificates, std::int64_t now) {
  std::string out;
  out.reserve(certificates.size() * 320 + 32);
  out += R"({"certificates":[)";
  bool first = true;
  for (const auto& certificate : certificates) {
    if (!first) out += ',';
    first = false;
    out += R"({"name":)" + json::quote(certificate.name);
    if (!certificate.error.empty()) {
      out += R"(,"error":)" + json::quote(certificate.error) + "}";
      continue;
    }
    const CertificateStatus status = certificate_status(certificate, now);
    out += R"(,"domains":[)";
    for (std::size_t i = 0; i < certificate.domains.size(); ++i) {
      if (i != 0) out += ',';
      out += json::quote(certificate.domains[i]);
    }
    out += R"(],"keyType":)" + (certificate.key_type.empty() ? std::string("null") : json::quote(certificate.key_type));
    out += R"(,"issuer":)" + json::quote(certificate.issuer);
    out += R"(,"serial":)" + json::quote(certificate.serial);
    out += R"(,"notBefore":")" + format_utc(certificate.not_before);
    out += R"(","notAfter":")" + format_utc(certificate.not_after);
    out += R"(","daysLeft":)" + std::to_string(status.days_left);
    out += std::string(R"(,"due":)") + (status.due ? "true" : "false");
    out += std::string(R"(,"expired":)") + (status.expired ? "true" : "false");
    out += R"(,"source":)" + json::quote(certificate.source) + "}";
  }
  out += "]}\n";
  return out;
}

}  // namespace acmecli::cli
