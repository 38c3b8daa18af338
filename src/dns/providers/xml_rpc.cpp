#include "dns/providers/xml_rpc.hpp"

#include <charconv>

#include "acmecli/error.hpp"
#include "util/xml_reader.hpp"

namespace acmecli::xml_rpc {

namespace {

[[noreturn]] void refuse(const std::string& why) {
  throw Error(ErrorKind::protocol, "malformed XML-RPC answer: " + why);
}

bool is_blank(std::string_view text) { return text.find_first_not_of(" \t\r\n") == std::string_view::npos; }

std::string trimmed(std::string_view text) {
  auto first = text.find_first_not_of(" \t\r\n");
  if (first == std::string_view::npos) return {};
  auto last = text.find_last_not_of(" \t\r\n");
  return std::string(text.substr(first, last - first + 1));
}

// The spec's int: an optional sign and decimal digits; i4, int and i8 alike taken up to 64 bits.
bool is_integer_text(std::string_view text) {
  long long number = 0;
  auto start = text.data() + (!text.empty() && text.front() == '+' ? 1 : 0);
  auto [end, ec] = std::from_chars(start, text.data() + text.size(), number);
  return !text.empty() && ec == std::errc() && end == text.data() + text.size();
}

Value decode_value(const xml::Element& value);

Value decode_typed(const xml::Element& typed) {
  const std::string& type = typed.name;
  if (type != "array" && type != "struct" && !typed.children.empty())
    refuse("<" + type.substr(0, 40) + "> with an element inside");
  if (type == "string") return Value::string(typed.text);
  if (type == "int" || type == "i4" || type == "i8") {
    std::string digits = trimmed(typed.text);
    if (!is_integer_text(digits)) refuse("<" + type + "> holds '" + digits.substr(0, 40) + "'");
    return Value::scalar(Value::Kind::integer, digits);
  }
  if (type == "boolean") {
    std::string truth = trimmed(typed.text);
    if (truth != "0" && truth != "1") refuse("<boolean> holds '" + truth.substr(0, 40) + "', not 0 or 1");
    return Value::boolean(truth == "1");
  }
  if (type == "double") return Value::scalar(Value::Kind::floating, trimmed(typed.text));
  if (type == "dateTime.iso8601") return Value::scalar(Value::Kind::date_time, trimmed(typed.text));
  if (type == "base64") return Value::scalar(Value::Kind::base64, trimmed(typed.text));
  if (type == "nil") return Value();
  if (type == "array") {
    const xml::Element* data = typed.child("data");
    if (data == nullptr) refuse("an <array> without <data>");
    std::vector<Value> items;
    for (const xml::Element& item : data->children) {
      if (item.name != "value") refuse("<" + item.name + "> inside an array's <data>");
      items.push_back(decode_value(item));
    }
    return Value::array(std::move(items));
  }
  if (type == "struct") {
    std::vector<std::pair<std::string, Value>> members;
    for (const xml::Element& member : typed.children) {
      if (member.name != "member") refuse("<" + member.name + "> inside a <struct>");
      const xml::Element* name = member.child("name");
      const xml::Element* value = member.child("value");
      if (name == nullptr || value == nullptr) refuse("a struct <member> without its <name> and <value>");
      members.emplace_back(name->text, decode_value(*value));
    }
    return Value::structure(std::move(members));
  }
  refuse("an unknown value type <" + type.substr(0, 40) + ">");
}

Value decode_value(const xml::Element& value) {
  // A <value> holds one typed element, or only text: a string (XML-RPC spec, "If no type is indicated,
  // the type is string").
  if (value.children.empty()) return Value::string(value.text);
  if (value.children.size() > 1) refuse("a <value> with more than one type inside");
  if (!is_blank(value.text)) refuse("a <value> with text beside its <" + value.children.front().name + ">");
  return decode_typed(value.children.front());
}

void encode_value(std::string& out, const Value& value) {
  out += "<value>";
  switch (value.kind()) {
    case Value::Kind::nil:
      out += "<nil/>";
      break;
    case Value::Kind::string:
      out += "<string>" + xml::escape(value.text()) + "</string>";
      break;
    case Value::Kind::integer:
      out += "<int>" + value.text() + "</int>";
      break;
    case Value::Kind::boolean:
      out += "<boolean>" + value.text() + "</boolean>";
      break;
    case Value::Kind::floating:
      out += "<double>" + xml::escape(value.text()) + "</double>";
      break;
    case Value::Kind::date_time:
      out += "<dateTime.iso8601>" + xml::escape(value.text()) + "</dateTime.iso8601>";
      break;
    case Value::Kind::base64:
      out += "<base64>" + xml::escape(value.text()) + "</base64>";
      break;
    case Value::Kind::array:
      out += "<array><data>";
      for (const Value& item : value.items()) encode_value(out, item);
      out += "</data></array>";
      break;
    case Value::Kind::structure:
      out += "<struct>";
      for (const auto& [name, member] : value.members()) {
        out += "<member><name>" + xml::escape(name) + "</name>";
        encode_value(out, member);
        out += "</member>";
      }
      out += "</struct>";
      break;
  }
  out += "</value>";
}

}  // namespace

Value Value::string(std::string text) { return scalar(Kind::string, std::move(text)); }
Value Value::integer(long long number) { return scalar(Kind::integer, std::to_string(number)); }
Value Value::boolean(bool truth) { return scalar(Kind::boolean, truth ? "1" : "0"); }

Value Value::scalar(Kind kind, std::string text) {
  Value value;
  value.kind_ = kind;
  value.text_ = std::move(text);
  return value;
}

Value Value::array(std::vector<Value> items) {
  Value value;
  value.kind_ = Kind::array;
  value.items_ = std::move(items);
  return value;
}

Value Value::structure(std::vector<std::pair<std::string, Value>> members) {
  Value value;
  value.kind_ = Kind::structure;
  value.members_ = std::move(members);
  return value;
}

const Value* Value::member(std::string_view name) const {
  for (const auto& [key, value] : members_) {
    if (key == name) return &value;
  }
  return nullptr;
}

std::string Value::member_text(std::string_view name) const {
  const Value* value = member(name);
  if (value == nullptr || value->kind() == Kind::array || value->kind() == Kind::structure) return {};
  return value->text();
}

std::optional<long long> Value::member_integer(std::string_view name) const {
  const Value* value = member(name);
  if (value == nullptr || (value->kind() != Kind::integer && value->kind() != Kind::string))
    return std::nullopt;
  long long number = 0;
  const std::string& text = value->text();
  auto start = text.data() + (!text.empty() && text.front() == '+' ? 1 : 0);
  auto [end, ec] = std::from_chars(start, text.data() + text.size(), number);
  if (text.empty() || ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return number;
}

std::string method_call(std::string_view method, const std::vector<Value>& params) {
  std::string out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<methodCall><methodName>" +
                    xml::escape(method) + "</methodName><params>";
  for (const Value& param : params) {
    out += "<param>";
    encode_value(out, param);
    out += "</param>";
  }
  out += "</params></methodCall>";
  return out;
}

MethodResponse parse_method_response(std::string_view document) {
  xml::Element root = xml::parse(document);
  if (root.name != "methodResponse")
    refuse("the root is <" + root.name.substr(0, 40) + ">, not <methodResponse>");
  MethodResponse response;
  if (const xml::Element* fault = root.child("fault")) {
    const xml::Element* value = fault->child("value");
    if (value == nullptr) refuse("a <fault> without its <value>");
    response.fault = true;
    response.value = decode_value(*value);
    return response;
  }
  const xml::Element* params = root.child("params");
  if (params == nullptr) refuse("neither <params> nor <fault>");
  const xml::Element* param = params->child("param");
  if (param == nullptr) return response;  // a method with nothing to say
  const xml::Element* value = param->child("value");
  if (value == nullptr) refuse("a <param> without its <value>");
  response.value = decode_value(*value);
  return response;
}

}  // namespace acmecli::xml_rpc
