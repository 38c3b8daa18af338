#include "dns/dns_name.hpp"

#include <openssl/evp.h>

#include <algorithm>

#include "acmecli/error.hpp"
#include "util/ascii_case.hpp"

namespace acmecli::dns {

namespace {

// RFC 4648 §5 alphabet, no padding, via OpenSSL's base64 encoder.
std::string base64url(const unsigned char* bytes, int size) {
  std::string out(4 * ((size + 2) / 3), '\0');
  int written = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()), bytes, size);
  out.resize(written);
  while (!out.empty() && out.back() == '=') out.pop_back();
  for (char& c : out) {
    if (c == '+') c = '-';
    if (c == '/') c = '_';
  }
  return out;
}
}  // namespace

std::string to_fqdn(std::string_view name) {
  std::string out(name);
  if (out.empty() || out.back() != '.') out += '.';
  return out;
}

std::string without_trailing_dot(std::string_view name) {
  if (!name.empty() && name.back() == '.') name.remove_suffix(1);
  return std::string(name);
}

bool same_name(std::string_view a, std::string_view b) {
  return to_lower_ascii(to_fqdn(a)) == to_lower_ascii(to_fqdn(b));
}

std::string challenge_record_name(const Identifier& identifier) {
  if (identifier.type != Identifier::Type::dns) {
    throw Error(ErrorKind::usage, "dns-01 cannot validate the IP address " + identifier.value);
  }
  std::string_view base = identifier.value;
  if (base.rfind("*.", 0) == 0) base.remove_prefix(2);
  return to_fqdn("_acme-challenge." + to_lower_ascii(without_trailing_dot(base)));
}

std::string challenge_txt_value(std::string_view key_authorization) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int size = 0;
  if (EVP_Digest(key_authorization.data(), key_authorization.size(), digest, &size, EVP_sha256(), nullptr) !=
      1) {
    throw Error(ErrorKind::crypto, "SHA-256 of the key authorization failed");
  }
  return base64url(digest, static_cast<int>(size));
}

std::vector<ChallengeRecord> group_by_record_name(const std::vector<ChallengeTask>& tasks) {
  std::vector<ChallengeRecord> records;
  for (const auto& task : tasks) {
    std::string fqdn = challenge_record_name(task.identifier);
    // lego hands hooks the targeted domain: "*.example.com" for a wildcard authorization.
    std::string domain = without_trailing_dot(task.identifier.value);
    if (task.wildcard && domain.rfind("*.", 0) != 0) domain = "*." + domain;
    TxtValue value{challenge_txt_value(task.key_authorization), std::move(domain), task.token,
                   task.key_authorization};
    auto it = std::find_if(records.begin(), records.end(), [&](const auto& r) { return r.fqdn == fqdn; });
    if (it == records.end()) {
      records.push_back(ChallengeRecord{fqdn, {}, {std::move(value)}});
    } else if (std::find(it->values.begin(), it->values.end(), value) == it->values.end()) {
      it->values.push_back(std::move(value));
    }
  }
  return records;
}

std::string parent_name(std::string_view fqdn) {
  std::string name = to_fqdn(fqdn);
  if (name == ".") return "";
  auto dot = name.find('.');
  std::string parent = name.substr(dot + 1);
  return parent.empty() ? "." : parent;
}

}  // namespace acmecli::dns

namespace acmecli {

std::vector<std::string> ChallengeRecord::texts() const {
  std::vector<std::string> out;
  for (const auto& value : values) out.push_back(value.text);
  return out;
}

}  // namespace acmecli
