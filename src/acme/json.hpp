// Small helpers over RapidJSON for reading CA answers defensively: a missing or mistyped member reads as
// empty rather than crashing, and the caller decides which members are required.
#pragma once

#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <string>
#include <string_view>
#include <vector>

namespace acmecli::json {

// Parses text that must be a JSON object; throws Error(protocol) naming `what` otherwise.
rapidjson::Document parse_object(std::string_view text, std::string_view what);

std::string string_member(const rapidjson::Value& object, const char* name);
bool bool_member(const rapidjson::Value& object, const char* name);
std::vector<std::string> string_array_member(const rapidjson::Value& object, const char* name);

// Writes `text` as a JSON string literal (with quotes), escaped.
std::string quote(std::string_view text);

std::string to_string(const rapidjson::Value& value);

}  // namespace acmecli::json
