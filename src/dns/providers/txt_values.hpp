// What every provider whose API sets a name's TXT values as one RRset (desec, pdns, route53, gcloud,
// azuredns) does to that set: our values added, or taken out, each in the API's own spelling (zone-file
// quotes for some, bare text for others), and the values others put at the name left as they are.
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "acmecli/dns01.hpp"

namespace acmecli::dns {

enum class TxtChange { add, remove };

// Changes `values` for the record's values; false when nothing changed, so an unchanged RRset is not
// written. `spell` turns a TXT value into the form the API keeps it in.
bool change_txt_values(std::vector<std::string>& values, const ChallengeRecord& record, TxtChange change,
                       const std::function<std::string(const std::string&)>& spell);

// A TXT value as a zone file writes it, in double quotes: how deSEC, PowerDNS, Route 53 and Cloud DNS
// keep TXT data. (Values ACME puts there are base64url, so nothing inside needs escaping.)
std::string zone_file_form(const std::string& text);

// "adding TXT values at NAME" / "removing TXT values at NAME", for the messages of the write.
std::string describe_txt_change(TxtChange change, std::string_view name);

}  // namespace acmecli::dns
