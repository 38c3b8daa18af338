// XML-RPC method responses, as INWX's DomRobot sends them, read by dns/providers/xml_rpc over the expat
// reader.
#include "dns/providers/xml_rpc.hpp"
#include "fuzz_util.hpp"

namespace {

using acmecli::xml_rpc::Value;

bool same(const Value& a, const Value& b) {
  if (a.kind() != b.kind() || a.text() != b.text() || a.items().size() != b.items().size() ||
      a.members().size() != b.members().size())
    return false;
  for (std::size_t i = 0; i < a.items().size(); ++i) {
    if (!same(a.items()[i], b.items()[i])) return false;
  }
  for (std::size_t i = 0; i < a.members().size(); ++i) {
    if (a.members()[i].first != b.members()[i].first || !same(a.members()[i].second, b.members()[i].second))
      return false;
  }
  return true;
}

// A value as the provider reads one: members by name, ids as integers.
void walk(const Value& value) {
  (void)value.member_text("msg");
  (void)value.member_integer("code");
  (void)value.member("resData");
  for (const Value& item : value.items()) walk(item);
  for (const auto& [name, member] : value.members()) walk(member);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  fuzz::refusing_is_fine([&] {
    auto response = acmecli::xml_rpc::parse_method_response(fuzz::text(data, size));
    walk(response.value);
    if (response.fault) return;
    // What we write must read back as the same value: our call, rewrapped as a response.
    std::string call = acmecli::xml_rpc::method_call("m", {response.value});
    std::string prefix = "<methodCall><methodName>m</methodName>";
    auto start = call.find(prefix);
    std::string again = "<methodResponse>" + call.substr(start + prefix.size());
    again.replace(again.rfind("</methodCall>"), 13, "</methodResponse>");
    if (!same(acmecli::xml_rpc::parse_method_response(again).value, response.value)) __builtin_trap();
  });
  return 0;
}
