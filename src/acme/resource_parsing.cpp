#include "acme/resource_parsing.hpp"

#include "acme/json.hpp"

namespace acmecli {

namespace {

std::string required(const rapidjson::Value& object, const char* name, std::string_view what) {
  std::string value = json::string_member(object, name);
  if (value.empty()) {
    throw Error(ErrorKind::protocol,
                "the CA's " + std::string(what) + " has no \"" + name + "\" member; it is not valid ACME");
  }
  return value;
}

std::optional<Problem> problem_member(const rapidjson::Value& object) {
  auto it = object.FindMember("error");
  if (it == object.MemberEnd() || !it->value.IsObject()) return std::nullopt;
  return Problem::parse(json::to_string(it->value));
}

Identifier identifier_from(const rapidjson::Value& value) {
  Identifier identifier;
  identifier.type = json::string_member(value, "type") == "ip" ? Identifier::Type::ip : Identifier::Type::dns;
  identifier.value = json::string_member(value, "value");
  return identifier;
}

Challenge challenge_from(const rapidjson::Value& value) {
  Challenge challenge;
  challenge.type = json::string_member(value, "type");
  challenge.url = json::string_member(value, "url");
  challenge.status = json::string_member(value, "status");
  // Some newer types (dns-persist-01) carry no token; that is not an error, they are just not ours.
  challenge.token = json::string_member(value, "token");
  challenge.error = problem_member(value);
  // draft-ietf-acme-dns-persist-00/-01 name the member issuer-domain-names, -02 issuerDomainNames.
  challenge.issuer_domain_names = json::string_array_member(value, "issuer-domain-names");
  if (challenge.issuer_domain_names.empty()) {
    challenge.issuer_domain_names = json::string_array_member(value, "issuerDomainNames");
  }
  return challenge;
}

}  // namespace

Directory Directory::parse(std::string_view text) {
  auto doc = json::parse_object(text, "directory");
  Directory directory;
  directory.new_nonce = required(doc, "newNonce", "directory");
  directory.new_account = required(doc, "newAccount", "directory");
  directory.new_order = required(doc, "newOrder", "directory");
  directory.revoke_cert = json::string_member(doc, "revokeCert");
  directory.key_change = json::string_member(doc, "keyChange");
  directory.new_authz = json::string_member(doc, "newAuthz");
  directory.renewal_info = json::string_member(doc, "renewalInfo");
  if (auto meta = doc.FindMember("meta"); meta != doc.MemberEnd() && meta->value.IsObject()) {
    const auto& m = meta->value;
    directory.terms_of_service = json::string_member(m, "termsOfService");
    directory.website = json::string_member(m, "website");
    directory.caa_identities = json::string_array_member(m, "caaIdentities");
    directory.external_account_required = json::bool_member(m, "externalAccountRequired");
    if (auto profiles = m.FindMember("profiles"); profiles != m.MemberEnd() && profiles->value.IsObject()) {
      for (const auto& entry : profiles->value.GetObject()) {
        directory.profiles[entry.name.GetString()] = entry.value.IsString() ? entry.value.GetString() : "";
      }
    }
  }
  return directory;
}

Account parse_account(std::string_view text, std::string url) {
  auto doc = json::parse_object(text, "account");
  Account account;
  account.url = std::move(url);
  account.status = json::string_member(doc, "status");
  account.contact = json::string_array_member(doc, "contact");
  account.orders = json::string_member(doc, "orders");
  account.body = std::string(text);
  return account;
}

Order parse_order(std::string_view text, std::string url) {
  auto doc = json::parse_object(text, "order");
  Order order;
  order.url = std::move(url);
  order.status = required(doc, "status", "order");
  order.finalize = json::string_member(doc, "finalize");
  order.certificate = json::string_member(doc, "certificate");
  order.authorizations = json::string_array_member(doc, "authorizations");
  order.expires = json::string_member(doc, "expires");
  order.error = problem_member(doc);
  if (auto ids = doc.FindMember("identifiers"); ids != doc.MemberEnd() && ids->value.IsArray()) {
    for (const auto& item : ids->value.GetArray()) order.identifiers.push_back(identifier_from(item));
  }
  return order;
}

Authorization parse_authorization(std::string_view text, std::string url) {
  auto doc = json::parse_object(text, "authorization");
  Authorization authorization;
  authorization.url = std::move(url);
  authorization.status = required(doc, "status", "authorization");
  authorization.expires = json::string_member(doc, "expires");
  authorization.wildcard = json::bool_member(doc, "wildcard");
  if (auto id = doc.FindMember("identifier"); id != doc.MemberEnd() && id->value.IsObject()) {
    authorization.identifier = identifier_from(id->value);
  }
  if (auto list = doc.FindMember("challenges"); list != doc.MemberEnd() && list->value.IsArray()) {
    for (const auto& item : list->value.GetArray()) {
      if (item.IsObject()) authorization.challenges.push_back(challenge_from(item));
    }
  }
  return authorization;
}

Challenge parse_challenge(std::string_view text) {
  auto doc = json::parse_object(text, "challenge");
  return challenge_from(doc);
}

}  // namespace acmecli
