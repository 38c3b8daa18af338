// What the providers whose API is "find the zone, create a TXT record, delete it by its id" share
// (hetzner, digitalocean, ...): the zone looked up by walking up the record's name (or the zone DNS
// found, when it found one), each zone asked for once, the id of every record we created remembered so
// cleanup() deletes exactly those (a value someone else published at the same name is never touched),
// and CleanupFailures so one refused deletion does not stop the others. A provider over it says only
// how its API finds a zone, creates a record and deletes one. APIs that replace a whole RRset do not fit.
#pragma once

#include <rapidjson/document.h>

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "acmecli/dns01.hpp"
#include "dns/providers/provider_timings.hpp"

namespace acmecli::dns {

struct ApiZone {
  std::string id;    // what the API's record paths take (an id, or the zone's name for some)
  std::string name;  // the zone's name, without the trailing dot
};

class ZoneRecordProvider : public TimedDnsProvider {
 public:
  void present(const std::vector<ChallengeRecord>& records) final;
  void cleanup(const std::vector<ChallengeRecord>& records) final;

 protected:
  explicit ZoneRecordProvider(const ProviderTimings& timings) : TimedDnsProvider(timings) {}

  // The account's zone called `name` (no trailing dot), or nullopt when it has none of that name.
  virtual std::optional<ApiZone> find_zone(const std::string& name) = 0;
  // Creates one TXT record holding `value` at `fqdn` (no trailing dot), `subname` its part before the
  // zone ("" at the apex); returns the record's id.
  virtual std::string create_txt_record(const ApiZone& zone, const std::string& fqdn,
                                        const std::string& subname, const std::string& value) = 0;
  virtual void delete_record(const ApiZone& zone, const std::string& record_id) = 0;

 private:
  struct CreatedRecord {
    ApiZone zone;
    std::string id;
  };
  ApiZone zone_for(const ChallengeRecord& record);

  std::map<std::string, std::optional<ApiZone>> zones_;                   // by candidate name
  std::map<std::pair<std::string, std::string>, CreatedRecord> created_;  // by (fqdn, value)
};

// The part of fqdn before zone ("" when fqdn is the zone); both without or with the trailing dot.
std::string subname_in_zone(const std::string& fqdn, const std::string& zone);

// A JSON member that is an id, as a string whether the API writes it as a string or a number; "" if none.
std::string id_member(const rapidjson::Value& object, const char* name);

// The id of a record in a creation's answer: body's wrapper member's "id" ({"record": {"id": ...}}), or
// the top level's "id" when wrapper is empty. Throws Error(challenge) "<provider>: creating a TXT record
// at <fqdn> gave no record id" when there is none.
std::string created_record_id(std::string_view body, const char* wrapper, std::string_view provider,
                              const std::string& fqdn);

}  // namespace acmecli::dns
