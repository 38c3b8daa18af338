#include "cli/issuance/solver_settings.hpp"

#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include "acme/json.hpp"

namespace acmecli::cli {

namespace {

using Writer = rapidjson::Writer<rapidjson::StringBuffer>;

void write_string(Writer& writer, const char* key, const std::string& value) {
  writer.Key(key);
  writer.String(value.c_str(), static_cast<rapidjson::SizeType>(value.size()));
}

void write_strings(Writer& writer, const char* key, const std::vector<std::string>& values) {
  writer.Key(key);
  writer.StartArray();
  for (const auto& value : values) writer.String(value.c_str(), static_cast<rapidjson::SizeType>(value.size()));
  writer.EndArray();
}

void write_bool(Writer& writer, const char* key, bool value) {
  writer.Key(key);
  writer.Bool(value);
}

}  // namespace

std::string settings_to_json(const IssuanceSettings& settings) {
  const SolverOptions& s = settings.solvers;
  rapidjson::StringBuffer buffer;
  Writer writer(buffer);
  writer.StartObject();
  write_bool(writer, "san", settings.san);
  write_bool(writer, "mustStaple", settings.must_staple);
  write_bool(writer, "pem", settings.pem);
  write_bool(writer, "pfx", settings.pfx);
  write_string(writer, "pfxFormat", settings.pfx_format);
  write_string(writer, "preferredChain", settings.preferred_chain);
  write_string(writer, "profile", settings.profile);
  write_bool(writer, "noBundle", settings.no_bundle);
  write_bool(writer, "http", s.http);
  write_string(writer, "httpPort", s.http_port);
  write_string(writer, "httpWebroot", s.http_webroot);
  write_bool(writer, "tls", s.tls);
  write_string(writer, "tlsPort", s.tls_port);
  write_string(writer, "dns", s.dns);
  write_strings(writer, "dnsResolvers", s.dns_resolvers);
  write_string(writer, "dnsPropagationWait", s.dns_propagation_wait);
  write_bool(writer, "dnsDisableCp", s.dns_disable_cp);
  write_string(writer, "dnsTimeout", s.dns_timeout);
  write_strings(writer, "challengeOrder", s.challenge_order);
  write_bool(writer, "dnsPersist", s.dns_persist);
  writer.EndObject();
  return {buffer.GetString(), buffer.GetSize()};
}

IssuanceSettings settings_from_json(std::string_view text) {
  IssuanceSettings settings;
  rapidjson::Document document;
  document.Parse(text.data(), text.size());
  if (document.HasParseError() || !document.IsObject()) return settings;
  SolverOptions& s = settings.solvers;
  settings.san = json::bool_member(document, "san");
  settings.must_staple = json::bool_member(document, "mustStaple");
  settings.pem = json::bool_member(document, "pem");
  settings.pfx = json::bool_member(document, "pfx");
  settings.pfx_format = json::string_member(document, "pfxFormat");
  settings.preferred_chain = json::string_member(document, "preferredChain");
  settings.profile = json::string_member(document, "profile");
  settings.no_bundle = json::bool_member(document, "noBundle");
  s.http = json::bool_member(document, "http");
  s.http_port = json::string_member(document, "httpPort");
  s.http_webroot = json::string_member(document, "httpWebroot");
  s.tls = json::bool_member(document, "tls");
  s.tls_port = json::string_member(document, "tlsPort");
  s.dns = json::string_member(document, "dns");
  s.dns_resolvers = json::string_array_member(document, "dnsResolvers");
  s.dns_propagation_wait = json::string_member(document, "dnsPropagationWait");
  s.dns_disable_cp = json::bool_member(document, "dnsDisableCp");
  s.dns_timeout = json::string_member(document, "dnsTimeout");
  s.challenge_order = json::string_array_member(document, "challengeOrder");
  // A certificate obtained with --dns-persist renews the same way: the record is already published.
  s.dns_persist = json::bool_member(document, "dnsPersist");
  return settings;
}

}  // namespace acmecli::cli
