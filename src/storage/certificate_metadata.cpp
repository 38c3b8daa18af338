// The .json beside each certificate. lego writes {"domain", "certUrl", "certStableUrl"}; we keep those
// names and add what renewal needs, so lego reads our files and we read lego's.
#include <rapidjson/document.h>
#include <rapidjson/prettywriter.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <string>

#include "acme/json.hpp"
#include "acmecli/error.hpp"
#include "acmecli/storage.hpp"

namespace acmecli {

namespace {

using json::string_member;

std::int64_t integer_member(const rapidjson::Value& object, const char* name) {
  auto it = object.FindMember(name);
  if (it == object.MemberEnd()) return 0;
  if (it->value.IsInt64()) return it->value.GetInt64();
  // A hand-edited 1735689600.0 still means that second; anything out of range reads as unknown.
  if (it->value.IsDouble() && it->value.GetDouble() >= -9.2e18 && it->value.GetDouble() <= 9.2e18) {
    return static_cast<std::int64_t>(it->value.GetDouble());
  }
  return 0;
}

}  // namespace

std::string metadata_to_json(const CertificateMetadata& metadata) {
  rapidjson::Document settings;
  std::string_view settings_text =
      metadata.settings_json.empty() ? std::string_view("{}") : std::string_view(metadata.settings_json);
  settings.Parse(settings_text.data(), settings_text.size());
  if (settings.HasParseError() || !settings.IsObject()) {
    throw Error(ErrorKind::internal, "the certificate settings to store are not a JSON object");
  }

  rapidjson::StringBuffer buffer;
  rapidjson::PrettyWriter<rapidjson::StringBuffer> writer(buffer);
  writer.SetIndent('\t', 1);  // as lego's json.MarshalIndent(..., "", "\t")
  auto string_field = [&](const char* name, const std::string& value) {
    writer.Key(name);
    writer.String(value.c_str(), static_cast<rapidjson::SizeType>(value.size()));
  };
  writer.StartObject();
  string_field("domain", metadata.domain);
  string_field("certUrl", metadata.cert_url);
  string_field("certStableUrl", metadata.cert_stable_url);
  writer.Key("domains");
  writer.StartArray();
  for (const auto& domain : metadata.domains) {
    writer.String(domain.c_str(), static_cast<rapidjson::SizeType>(domain.size()));
  }
  writer.EndArray();
  string_field("accountEmail", metadata.account_email);
  string_field("server", metadata.server);
  string_field("keyType", metadata.key_type);
  string_field("serial", metadata.serial);
  string_field("issuer", metadata.issuer);
  writer.Key("notBefore");
  writer.Int64(metadata.not_before);
  writer.Key("notAfter");
  writer.Int64(metadata.not_after);
  writer.Key("settings");
  settings.Accept(writer);
  if (!metadata.renewal_info_json.empty()) {
    rapidjson::Document renewal_info;
    renewal_info.Parse(metadata.renewal_info_json.data(), metadata.renewal_info_json.size());
    if (renewal_info.HasParseError() || !renewal_info.IsObject()) {
      throw Error(ErrorKind::internal, "the renewal information to store is not a JSON object");
    }
    writer.Key("renewalInfo");
    renewal_info.Accept(writer);
  }
  writer.EndObject();
  return {buffer.GetString(), buffer.GetSize()};
}

CertificateMetadata metadata_from_json(std::string_view json) {
  rapidjson::Document document;
  document.Parse(json.data(), json.size());
  if (document.HasParseError() || !document.IsObject()) {
    throw Error(ErrorKind::local_file, "the certificate metadata is not a JSON object");
  }
  CertificateMetadata metadata;
  metadata.domain = string_member(document, "domain");
  metadata.cert_url = string_member(document, "certUrl");
  metadata.cert_stable_url = string_member(document, "certStableUrl");
  auto domains = document.FindMember("domains");
  if (domains != document.MemberEnd() && domains->value.IsArray()) {
    for (const auto& domain : domains->value.GetArray()) {
      if (domain.IsString()) metadata.domains.emplace_back(domain.GetString(), domain.GetStringLength());
    }
  }
  // lego's files name only the main domain; it is then the one name we know the certificate has.
  if (metadata.domains.empty() && !metadata.domain.empty()) metadata.domains.push_back(metadata.domain);
  metadata.account_email = string_member(document, "accountEmail");
  metadata.server = string_member(document, "server");
  metadata.key_type = string_member(document, "keyType");
  metadata.serial = string_member(document, "serial");
  metadata.issuer = string_member(document, "issuer");
  metadata.not_before = integer_member(document, "notBefore");
  metadata.not_after = integer_member(document, "notAfter");
  auto settings = document.FindMember("settings");
  if (settings != document.MemberEnd() && settings->value.IsObject()) {
    rapidjson::StringBuffer buffer;
    rapidjson::Writer<rapidjson::StringBuffer> writer(buffer);
    settings->value.Accept(writer);
    metadata.settings_json.assign(buffer.GetString(), buffer.GetSize());
  }
  auto renewal_info = document.FindMember("renewalInfo");
  if (renewal_info != document.MemberEnd() && renewal_info->value.IsObject()) {
    rapidjson::StringBuffer buffer;
    rapidjson::Writer<rapidjson::StringBuffer> writer(buffer);
    renewal_info->value.Accept(writer);
    metadata.renewal_info_json.assign(buffer.GetString(), buffer.GetSize());
  }
  return metadata;
}

}  // namespace acmecli

namespace acmecli {

std::string CertificateStorage::read_required(std::string_view name, std::string_view extension) const {
  auto content = read(name, extension);
  if (!content) throw Error(ErrorKind::local_file, locate(name, extension) + " is missing");
  return std::move(*content);
}

std::optional<CertificateMetadata> CertificateStorage::load_metadata(std::string_view name) const {
  const auto text = read(name, ".json");
  if (!text) return std::nullopt;
  try {
    return metadata_from_json(*text);
  } catch (const Error& error) {
    throw Error(ErrorKind::local_file, locate(name, ".json") + ": " + error.what());
  }
}

}  // namespace acmecli
