#include "acme/json.hpp"

#include "acmecli/error.hpp"

namespace acmecli::json {

rapidjson::Document parse_object(std::string_view text, std::string_view what) {
  rapidjson::Document doc;
  doc.Parse(text.data(), text.size());
  if (doc.HasParseError() || !doc.IsObject()) {
    throw Error(ErrorKind::protocol, "the CA sent a " + std::string(what) + " that is not a JSON object (" +
                                         std::to_string(text.size()) + " bytes)");
  }
  return doc;
}

std::string string_member(const rapidjson::Value& object, const char* name) {
  if (!object.IsObject()) return {};
  auto it = object.FindMember(name);
  if (it == object.MemberEnd() || !it->value.IsString()) return {};
  return {it->value.GetString(), it->value.GetStringLength()};
}

bool bool_member(const rapidjson::Value& object, const char* name) {
  if (!object.IsObject()) return false;
  auto it = object.FindMember(name);
  return it != object.MemberEnd() && it->value.IsBool() && it->value.GetBool();
}

std::vector<std::string> string_array_member(const rapidjson::Value& object, const char* name) {
  std::vector<std::string> values;
  if (!object.IsObject()) return values;
  auto it = object.FindMember(name);
  if (it == object.MemberEnd() || !it->value.IsArray()) return values;
  for (const auto& item : it->value.GetArray()) {
    if (item.IsString()) values.emplace_back(item.GetString(), item.GetStringLength());
  }
  return values;
}

std::string quote(std::string_view text) {
  rapidjson::StringBuffer buffer;
  rapidjson::Writer<rapidjson::StringBuffer> writer(buffer);
  writer.String(text.data(), static_cast<rapidjson::SizeType>(text.size()));
  return {buffer.GetString(), buffer.GetSize()};
}

std::string to_string(const rapidjson::Value& value) {
  rapidjson::StringBuffer buffer;
  rapidjson::Writer<rapidjson::StringBuffer> writer(buffer);
  value.Accept(writer);
  return {buffer.GetString(), buffer.GetSize()};
}

}  // namespace acmecli::json
