#include "acme/jws_log.hpp"

#include "acme/json.hpp"
#include "crypto/encoding.hpp"

namespace acmecli {

namespace {

constexpr const char* kRedacted = "[redacted]";
constexpr int kMaxDepth = 4;  // an EAB or key-change JWS nests one level; more is not ACME

bool is_jws(const rapidjson::Value& value) {
  return value.IsObject() && value.HasMember("protected") && value.HasMember("payload") &&
         value.HasMember("signature");
}

// Decodes a base64url member holding JSON into a value; on failure, a note of its size instead.
rapidjson::Value decoded_member(const rapidjson::Value& encoded, rapidjson::Document::AllocatorType& allocator,
                                int depth);

// Replaces, in place, every JWS inside value by its decoded and redacted form.
void redact(rapidjson::Value& value, rapidjson::Document::AllocatorType& allocator, int depth) {
  if (depth > kMaxDepth) {
    value.SetString(kRedacted, allocator);
    return;
  }
  if (is_jws(value)) {
    rapidjson::Value protected_header = decoded_member(value["protected"], allocator, depth);
    rapidjson::Value payload = decoded_member(value["payload"], allocator, depth);
    value["protected"] = protected_header;
    value["payload"] = payload;
    value["signature"].SetString(kRedacted, allocator);
    return;
  }
  if (value.IsObject()) {
    for (auto& member : value.GetObject()) redact(member.value, allocator, depth + 1);
  } else if (value.IsArray()) {
    for (auto& item : value.GetArray()) redact(item, allocator, depth + 1);
  }
}

rapidjson::Value decoded_member(const rapidjson::Value& encoded, rapidjson::Document::AllocatorType& allocator,
                                int depth) {
  rapidjson::Value out;
  if (!encoded.IsString()) {
    out.SetString(kRedacted, allocator);
    return out;
  }
  const std::string_view text(encoded.GetString(), encoded.GetStringLength());
  if (text.empty()) {
    out.SetString("", allocator);  // RFC 8555 §6.3: POST-as-GET
    return out;
  }
  std::string decoded;
  try {
    decoded = base64url_decode(text);
  } catch (const std::exception&) {
    out.SetString(kRedacted, allocator);
    return out;
  }
  rapidjson::Document inner(&allocator);
  inner.Parse(decoded.data(), decoded.size());
  if (inner.HasParseError()) {
    const std::string note = "(" + std::to_string(decoded.size()) + " bytes, not JSON)";
    out.SetString(note.c_str(), static_cast<rapidjson::SizeType>(note.size()), allocator);
    return out;
  }
  redact(inner, allocator, depth + 1);
  out.CopyFrom(inner, allocator);
  return out;
}

}  // namespace

std::string describe_jws_for_log(std::string_view jws) {
  rapidjson::Document document;
  document.Parse(jws.data(), jws.size());
  if (document.HasParseError() || !is_jws(document)) {
    return "(" + std::to_string(jws.size()) + " bytes, not a JWS)";
  }
  redact(document, document.GetAllocator(), 0);
  return json::to_string(document);
}

}  // namespace acmecli
