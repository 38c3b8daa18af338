#include "dns/providers/aws_signature.hpp"

#include <algorithm>
#include <ctime>
#include <utility>
#include <vector>

#include "acmecli/error.hpp"
#include "crypto/encoding.hpp"
#include "util/ascii_case.hpp"

namespace acmecli::dns {

namespace {

constexpr std::string_view kAlgorithm = "AWS4-HMAC-SHA256";

struct UrlParts {
  std::string host;  // the authority without user information: "route53.amazonaws.com", "127.0.0.1:8080"
  std::string path;  // as written in the URL, "/" when empty
  std::string query;
};

UrlParts split_url(std::string_view url) {
  auto scheme_end = url.find("://");
  if (scheme_end == std::string_view::npos) {
    throw Error(ErrorKind::internal, "AWS signature: not an absolute URL: " + std::string(url));
  }
  std::string_view rest = url.substr(scheme_end + 3);
  std::size_t authority_end = rest.find_first_of("/?#");
  std::string_view authority = rest.substr(0, authority_end);
  if (auto at = authority.rfind('@'); at != std::string_view::npos) authority = authority.substr(at + 1);
  UrlParts parts;
  parts.host = std::string(authority);
  std::string_view tail =
      authority_end == std::string_view::npos ? std::string_view() : rest.substr(authority_end);
  if (auto hash = tail.find('#'); hash != std::string_view::npos) tail = tail.substr(0, hash);
  auto question = tail.find('?');
  parts.path = std::string(tail.substr(0, question));
  if (question != std::string_view::npos) parts.query = std::string(tail.substr(question + 1));
  if (parts.path.empty()) parts.path = "/";
  return parts;
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// A query component as a server decodes it ('+' is a space, %XX a byte).
std::string query_decode(std::string_view text) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '+') {
      out += ' ';
    } else if (text[i] == '%' && i + 2 < text.size() && hex_value(text[i + 1]) >= 0 &&
               hex_value(text[i + 2]) >= 0) {
      out += static_cast<char>(hex_value(text[i + 1]) * 16 + hex_value(text[i + 2]));
      i += 2;
    } else {
      out += text[i];
    }
  }
  return out;
}

// Step 1 of the canonical query: every name=value decoded, encoded again the one SigV4 way, sorted.
std::string canonical_query(std::string_view query) {
  std::vector<std::pair<std::string, std::string>> pairs;
  while (!query.empty()) {
    auto amp = query.find('&');
    std::string_view pair = query.substr(0, amp);
    query = amp == std::string_view::npos ? std::string_view() : query.substr(amp + 1);
    if (pair.empty()) continue;
    auto equals = pair.find('=');
    std::string name = query_decode(pair.substr(0, equals));
    std::string value = equals == std::string_view::npos ? "" : query_decode(pair.substr(equals + 1));
    pairs.emplace_back(aws_uri_encode(name, false), aws_uri_encode(value, false));
  }
  std::sort(pairs.begin(), pairs.end());
  std::string out;
  for (const auto& [name, value] : pairs) out += (out.empty() ? "" : "&") + name + "=" + value;
  return out;
}

// A header value as SigV4 canonicalizes it: blanks at the ends removed, runs of blanks made one space.
std::string trimmed_value(std::string_view value) {
  std::string out;
  bool blank = false;
  for (char c : value) {
    if (c == ' ' || c == '\t') {
      blank = !out.empty();
      continue;
    }
    if (blank) out += ' ';
    blank = false;
    out += c;
  }
  return out;
}

bool is_signed_header(const std::string& lower_name) {
  return lower_name == "host" || lower_name == "content-type" || lower_name.starts_with("x-amz-");
}

void set_header(HeaderList& headers, const std::string& name, std::string value) {
  std::erase_if(headers,
                [&](const auto& header) { return to_lower_ascii(header.first) == to_lower_ascii(name); });
  headers.emplace_back(name, std::move(value));
}

std::string format_utc(std::chrono::system_clock::time_point now, const char* format) {
  std::time_t seconds = std::chrono::system_clock::to_time_t(now);
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  char text[32];
  std::size_t length = std::strftime(text, sizeof text, format, &utc);
  return std::string(text, length);
}

}  // namespace

std::string aws_uri_encode(std::string_view text, bool keep_slash) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : text) {
    bool alphanumeric = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
    if (alphanumeric || c == '-' || c == '_' || c == '.' || c == '~' || (keep_slash && c == '/')) {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 0x0f];
    }
  }
  return out;
}

AwsSignatureParts sign_aws_v4(HttpRequest& request, const AwsCredentials& credentials, const AwsScope& scope,
                              std::chrono::system_clock::time_point now) {
  UrlParts url = split_url(request.url);
  std::string amz_date = format_utc(now, "%Y%m%dT%H%M%SZ");
  std::string date = amz_date.substr(0, 8);
  set_header(request.headers, "Host", url.host);
  set_header(request.headers, "X-Amz-Date", amz_date);
  if (credentials.session_token) {
    set_header(request.headers, "X-Amz-Security-Token", credentials.session_token->reveal());
  }
  std::erase_if(request.headers,
                [](const auto& header) { return to_lower_ascii(header.first) == "authorization"; });

  // Canonical headers: lower-case names, sorted, the values of a repeated name joined with commas.
  std::vector<std::pair<std::string, std::string>> headers;
  for (const auto& [name, value] : request.headers) {
    std::string lower = to_lower_ascii(name);
    if (!is_signed_header(lower)) continue;
    auto same = std::find_if(headers.begin(), headers.end(), [&](const auto& h) { return h.first == lower; });
    if (same != headers.end()) {
      same->second += "," + trimmed_value(value);
    } else {
      headers.emplace_back(lower, trimmed_value(value));
    }
  }
  std::sort(headers.begin(), headers.end());
  AwsSignatureParts parts;
  std::string canonical_headers;
  for (const auto& [name, value] : headers) {
    canonical_headers += name + ":" + value + "\n";
    parts.signed_headers += (parts.signed_headers.empty() ? "" : ";") + name;
  }

  // Every service but S3 signs the path encoded once more than it is sent (AWS's "double encoding").
  parts.canonical_request = request.method + "\n" + aws_uri_encode(url.path, true) + "\n" +
                            canonical_query(url.query) + "\n" + canonical_headers + "\n" +
                            parts.signed_headers + "\n" + to_hex(sha256(request.body));
  std::string credential_scope = date + "/" + scope.region + "/" + scope.service + "/aws4_request";
  parts.string_to_sign = std::string(kAlgorithm) + "\n" + amz_date + "\n" + credential_scope + "\n" +
                         to_hex(sha256(parts.canonical_request));

  std::string key = hmac("SHA256", "AWS4" + credentials.secret_access_key.reveal(), date);
  key = hmac("SHA256", key, scope.region);
  key = hmac("SHA256", key, scope.service);
  key = hmac("SHA256", key, "aws4_request");
  parts.signature = to_hex(hmac("SHA256", key, parts.string_to_sign));
  request.headers.emplace_back("Authorization",
                               std::string(kAlgorithm) + " Credential=" + credentials.access_key_id + "/" +
                                   credential_scope + ", SignedHeaders=" + parts.signed_headers +
                                   ", Signature=" + parts.signature);
  return parts;
}

}  // namespace acmecli::dns
