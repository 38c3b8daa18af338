#include "dns/providers/txt_values.hpp"

#include <algorithm>

namespace acmecli::dns {

bool change_txt_values(std::vector<std::string>& values, const ChallengeRecord& record, TxtChange change,
                       const std::function<std::string(const std::string&)>& spell) {
  bool changed = false;
  for (const auto& value : record.values) {
    const std::string ours = spell(value.text);
    auto found = std::find(values.begin(), values.end(), ours);
    if (change == TxtChange::add && found == values.end()) {
      values.push_back(ours);
      changed = true;
    } else if (change == TxtChange::remove && found != values.end()) {
      values.erase(found);
      changed = true;
    }
  }
  return changed;
}

std::string zone_file_form(const std::string& text) { return "\"" + text + "\""; }

std::string describe_txt_change(TxtChange change, std::string_view name) {
  return std::string(change == TxtChange::add ? "adding" : "removing") + " TXT values at " + std::string(name);
}

}  // namespace acmecli::dns
