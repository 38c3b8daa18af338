// The Manager's cache in one file (rsc.io/letsencrypt's CacheFile): a JSON object from name to the
// certificate chain, its issuers and its key, rewritten whole and atomically on every put.
#include <system_error>

#include "acme/json.hpp"
#include "acmecli/certificate.hpp"
#include "acmecli/certificate_cache.hpp"
#include "acmecli/error.hpp"
#include "acmecli/identifier.hpp"
#include "acmecli/storage.hpp"

namespace acmecli {

namespace {

constexpr unsigned kPrivateFileMode = 0600;  // it holds private keys

rapidjson::Document read_cache(const std::filesystem::path& path) {
  std::error_code error;
  if (!std::filesystem::exists(std::filesystem::symlink_status(path, error))) {
    rapidjson::Document empty;
    empty.SetObject();
    return empty;
  }
  return json::parse_object(read_stored_file(path), "the certificate cache " + path.string());
}

CertificateResource resource_from(const rapidjson::Value& entry) {
  CertificateResource resource;
  for (const auto& name : json::string_array_member(entry, "identifiers"))
    resource.identifiers.push_back(parse_identifier(name));
  resource.certificate_url = json::string_member(entry, "certificate_url");
  resource.certificate_pem = json::string_member(entry, "certificate");
  resource.issuer_pem = json::string_member(entry, "issuer");
  const std::string key = json::string_member(entry, "key");
  if (!key.empty()) resource.private_key = PrivateKey::from_pem(key);
  if (resource.identifiers.empty())
    resource.identifiers = inspect_certificate(resource.certificate_pem).names;
  if (!resource.identifiers.empty()) resource.domain = resource.identifiers.front().value;
  return resource;
}

std::string entry_json(const CertificateResource& certificate) {
  std::string identifiers;
  for (const auto& identifier : certificate.identifiers)
    identifiers += (identifiers.empty() ? "" : ",") + json::quote(identifier.value);
  const Secret key = certificate.private_key ? certificate.private_key->to_pem() : Secret();
  return "{\"identifiers\":[" + identifiers +
         "],\"certificate_url\":" + json::quote(certificate.certificate_url) +
         ",\"certificate\":" + json::quote(certificate.certificate_pem) +
         ",\"issuer\":" + json::quote(certificate.issuer_pem) + ",\"key\":" + json::quote(key.reveal()) + "}";
}

}  // namespace

FileCertificateCache::FileCertificateCache(std::filesystem::path path) : path_(std::move(path)) {}

std::optional<CertificateResource> FileCertificateCache::get(std::string_view name) {
  std::lock_guard lock(file_mutex_);
  const rapidjson::Document cache = read_cache(path_);
  const std::string key(name);
  auto found = cache.FindMember(key.c_str());
  if (found == cache.MemberEnd() || !found->value.IsObject()) return std::nullopt;
  CertificateResource resource = resource_from(found->value);
  if (!resource.private_key || resource.certificate_pem.empty()) return std::nullopt;
  return resource;
}

void FileCertificateCache::put(std::string_view name, const CertificateResource& certificate,
                               const CacheLease& lease) {
  if (!locks_.is_current(name, lease))
    throw Error(ErrorKind::internal, "the certificate cache refused a put for " + std::string(name) +
                                         " under a lease that is no longer held");
  std::lock_guard lock(file_mutex_);
  const rapidjson::Document cache = read_cache(path_);
  std::string text = "{";
  bool first = true;
  for (const auto& member : cache.GetObject()) {
    if (std::string_view(member.name.GetString(), member.name.GetStringLength()) == name) continue;
    text += (first ? "" : ",") + json::quote(member.name.GetString()) + ":" + json::to_string(member.value);
    first = false;
  }
  text += (first ? "" : ",") + json::quote(name) + ":" + entry_json(certificate) + "}\n";
  const Secret content(std::move(text));
  write_file_atomic(path_, content.reveal(), kPrivateFileMode);
}

}  // namespace acmecli
