// What the providers whose API sets a name's TXT values as one RRset share (gandiv5, godaddy): the zone
// looked up by walking up the record's name (or the zone DNS found), the RRset read, our values added
// or removed, and the RRset written back whole (or deleted when nothing is left), so values others put
// at the same name stay. Wildcard and apex values at one name go in one write. CleanupFailures keeps one
// failed name from stopping the others. A provider over it says only how its API does the four calls.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "acmecli/dns01.hpp"
#include "dns/providers/provider_timings.hpp"

namespace acmecli::dns {

struct RrsetValue {
  std::string text;  // the TXT value without zone-file quotes
  long ttl = 0;      // as the API gave it for a value already there; 0 for ours (the provider's TTL)
};

class RrsetProvider : public TimedDnsProvider {
 public:
  void present(const std::vector<ChallengeRecord>& records) final;
  void cleanup(const std::vector<ChallengeRecord>& records) final;

 protected:
  explicit RrsetProvider(const ProviderTimings& timings) : TimedDnsProvider(timings) {}

  // Whether the account has the zone `name` (no trailing dot).
  virtual bool has_zone(const std::string& name) = 0;
  // The TXT values at subname ("" at the apex) of zone; empty when there are none. `fqdn` is for messages.
  virtual std::vector<RrsetValue> read_txt(const std::string& zone, const std::string& subname,
                                           const std::string& fqdn) = 0;
  // Makes the TXT values at subname exactly `values` (never empty).
  virtual void write_txt(const std::string& zone, const std::string& subname, const std::string& fqdn,
                         const std::vector<RrsetValue>& values) = 0;
  // Removes the TXT RRset at subname.
  virtual void delete_txt(const std::string& zone, const std::string& subname, const std::string& fqdn) = 0;

 private:
  enum class Change { add, remove };
  std::string zone_for(const ChallengeRecord& record);
  void change(const ChallengeRecord& record, Change change);

  std::map<std::string, bool> zones_;  // by candidate name: whether the account has it
};

// value without one pair of surrounding double quotes, as some APIs give TXT data back.
std::string without_txt_quotes(const std::string& value);

}  // namespace acmecli::dns
