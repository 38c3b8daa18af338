#include "dns/providers/oauth_error.hpp"

#include <rapidjson/document.h>

#include "dns/providers/rest_client.hpp"

namespace acmecli::dns {

std::string describe_oauth_error(std::string_view body) {
  rapidjson::Document document;
  document.Parse(body.data(), body.size());
  if (!document.HasParseError() && document.IsObject()) {
    auto error = document.FindMember("error");
    auto description = document.FindMember("error_description");
    if (error != document.MemberEnd() && error->value.IsString()) {
      std::string text = error->value.GetString();
      if (description != document.MemberEnd() && description->value.IsString()) {
        text += std::string(": ") + description->value.GetString();
      }
      return text;
    }
  }
  return describe_api_error(body);
}

}  // namespace acmecli::dns
