#include "dns/providers/zone_record_api.hpp"

#include "acmecli/error.hpp"
#include "dns/dns_name.hpp"
#include "dns/providers/cleanup_failures.hpp"
#include "util/log.hpp"

namespace acmecli::dns {

std::string subname_in_zone(const std::string& fqdn, const std::string& zone) {
  std::string name = without_trailing_dot(fqdn);
  std::string zone_name = without_trailing_dot(zone);
  if (same_name(name, zone_name)) return "";
  return name.substr(0, name.size() - zone_name.size() - 1);
}

std::string id_member(const rapidjson::Value& object, const char* name) {
  if (!object.IsObject()) return "";
  auto member = object.FindMember(name);
  if (member == object.MemberEnd()) return "";
  const rapidjson::Value& id = member->value;
  if (id.IsString()) return {id.GetString(), id.GetStringLength()};
  if (id.IsUint64()) return std::to_string(id.GetUint64());
  if (id.IsInt64()) return std::to_string(id.GetInt64());
  return "";
}

std::string created_record_id(std::string_view body, const char* wrapper, std::string_view provider,
                              const std::string& fqdn) {
  rapidjson::Document document;
  document.Parse(body.data(), body.size());
  std::string id;
  if (!document.HasParseError() && document.IsObject()) {
    if (*wrapper == '\0') {
      id = id_member(document, "id");
    } else if (document.HasMember(wrapper)) {
      id = id_member(document[wrapper], "id");
    }
  }
  if (id.empty())
    throw Error(ErrorKind::challenge,
                std::string(provider) + ": creating a TXT record at " + fqdn + " gave no record id");
  return id;
}

ApiZone ZoneRecordProvider::zone_for(const ChallengeRecord& record) {
  std::vector<std::string> candidates;
  if (!record.zone.empty()) {
    candidates.push_back(without_trailing_dot(record.zone));
  } else {
    // No zone from DNS (no resolver reached it): ask the API for the name and each parent, nearest first
    // (the name itself may be a zone's apex, e.g. a CNAME target delegated to one).
    for (std::string name = to_fqdn(record.fqdn); !name.empty() && name != "."; name = parent_name(name)) {
      candidates.push_back(without_trailing_dot(name));
    }
  }
  for (const auto& candidate : candidates) {
    auto known = zones_.find(candidate);
    if (known == zones_.end()) known = zones_.emplace(candidate, find_zone(candidate)).first;
    if (known->second) return *known->second;
  }
  std::string tried;
  for (const auto& candidate : candidates) tried += (tried.empty() ? "" : ", ") + candidate;
  throw Error(ErrorKind::challenge, std::string(name()) + ": no zone for " +
                                        without_trailing_dot(record.fqdn) + " in this account (tried " +
                                        tried + ")");
}

void ZoneRecordProvider::present(const std::vector<ChallengeRecord>& records) {
  for (const auto& record : records) {
    ApiZone zone = zone_for(record);
    std::string fqdn = without_trailing_dot(record.fqdn);
    std::string subname = subname_in_zone(fqdn, zone.name);
    for (const auto& value : record.values) {
      auto key = std::make_pair(fqdn, value.text);
      if (created_.count(key) != 0) continue;  // presented already in this run
      std::string id = create_txt_record(zone, fqdn, subname, value.text);
      created_[key] = {zone, id};
      spdlog::debug("{}: created the TXT record {} at {} in zone {}", name(), id, fqdn, zone.name);
    }
  }
}

void ZoneRecordProvider::cleanup(const std::vector<ChallengeRecord>& records) {
  CleanupFailures failures;
  for (const auto& record : records) {
    std::string fqdn = without_trailing_dot(record.fqdn);
    for (const auto& value : record.values) {
      auto created = created_.find({fqdn, value.text});
      if (created == created_.end()) continue;  // never created (present failed first): nothing of ours
      failures.attempt([&] {
        delete_record(created->second.zone, created->second.id);
        created_.erase(created);
      });
    }
  }
  failures.throw_if_any();
}

}  // namespace acmecli::dns
