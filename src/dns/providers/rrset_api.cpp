#include "dns/providers/rrset_api.hpp"

#include <algorithm>

#include "acmecli/error.hpp"
#include "dns/dns_name.hpp"
#include "dns/providers/cleanup_failures.hpp"
#include "dns/providers/zone_record_api.hpp"
#include "util/log.hpp"

namespace acmecli::dns {

std::string without_txt_quotes(const std::string& value) {
  if (value.size() >= 2 && value.front() == '"' && value.back() == '"')
    return value.substr(1, value.size() - 2);
  return value;
}

std::string RrsetProvider::zone_for(const ChallengeRecord& record) {
  std::vector<std::string> candidates;
  if (!record.zone.empty()) {
    candidates.push_back(without_trailing_dot(record.zone));
  } else {
    // No zone from DNS: ask the API for the name and each parent, nearest first.
    for (std::string name = to_fqdn(record.fqdn); !name.empty() && name != "."; name = parent_name(name))
      candidates.push_back(without_trailing_dot(name));
  }
  for (const auto& candidate : candidates) {
    auto known = zones_.find(candidate);
    if (known == zones_.end()) known = zones_.emplace(candidate, has_zone(candidate)).first;
    if (known->second) return candidate;
  }
  std::string tried;
  for (const auto& candidate : candidates) tried += (tried.empty() ? "" : ", ") + candidate;
  throw Error(ErrorKind::challenge, std::string(name()) + ": no zone for " +
                                        without_trailing_dot(record.fqdn) + " in this account (tried " +
                                        tried + ")");
}

void RrsetProvider::change(const ChallengeRecord& record, Change change) {
  std::string zone = zone_for(record);
  std::string subname = subname_in_zone(record.fqdn, zone);
  std::string fqdn = without_trailing_dot(record.fqdn);
  std::vector<RrsetValue> values = read_txt(zone, subname, fqdn);
  bool changed = false;
  for (const auto& value : record.values) {
    auto found = std::find_if(values.begin(), values.end(),
                              [&](const RrsetValue& held) { return held.text == value.text; });
    if (change == Change::add && found == values.end()) {
      values.push_back({value.text, 0});
      changed = true;
    } else if (change == Change::remove && found != values.end()) {
      values.erase(found);
      changed = true;
    }
  }
  if (!changed) return;
  if (values.empty()) {
    delete_txt(zone, subname, fqdn);
  } else {
    write_txt(zone, subname, fqdn, values);
  }
  spdlog::debug("{}: {} TXT values at {} in zone {}: {} now", name(),
                change == Change::add ? "added" : "removed", fqdn, zone, values.size());
}

void RrsetProvider::present(const std::vector<ChallengeRecord>& records) {
  for (const auto& record : records) change(record, Change::add);
}

void RrsetProvider::cleanup(const std::vector<ChallengeRecord>& records) {
  CleanupFailures failures;
  for (const auto& record : records) failures.attempt([&] { change(record, Change::remove); });
  failures.throw_if_any();
}

}  // namespace acmecli::dns
