// XML-RPC (https://xmlrpc.com/spec.md), as INWX's DomRobot API speaks it: a methodCall we write, and a
// methodResponse we read (its one param, or a fault), parsed by util/xml_reader (expat, no DOCTYPE, depth
// bounded). Values are what the spec has: string (also a <value> without a type), int/i4/i8, boolean,
// double, dateTime.iso8601 and base64 (both kept as their text), nil, array and struct.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace acmecli::xml_rpc {

class Value {
 public:
  enum class Kind { nil, string, integer, boolean, floating, date_time, base64, array, structure };

  Value() = default;  // nil
  static Value string(std::string text);
  static Value integer(long long number);
  static Value boolean(bool truth);
  static Value array(std::vector<Value> items);
  static Value structure(std::vector<std::pair<std::string, Value>> members);
  // A scalar of any kind from its text as XML-RPC writes it (not checked here; the parser checks).
  static Value scalar(Kind kind, std::string text);

  Kind kind() const { return kind_; }
  // A scalar's text as it came (a string's characters, an int's digits, "1"/"0" for a boolean).
  const std::string& text() const { return text_; }
  const std::vector<Value>& items() const { return items_; }
  const std::vector<std::pair<std::string, Value>>& members() const { return members_; }

  // The struct member of this name, or nullptr (also when this is not a struct).
  const Value* member(std::string_view name) const;
  // The member's text when it is a scalar (string, int, ...); empty when missing or not a scalar.
  std::string member_text(std::string_view name) const;
  // An int member, or a string member holding only digits (INWX writes ids either way); nullopt otherwise.
  std::optional<long long> member_integer(std::string_view name) const;

 private:
  Kind kind_ = Kind::nil;
  std::string text_;
  std::vector<Value> items_;
  std::vector<std::pair<std::string, Value>> members_;
};

// <?xml ...?><methodCall><methodName>method</methodName><params><param>...</param>...</params></methodCall>
std::string method_call(std::string_view method, const std::vector<Value>& params);

struct MethodResponse {
  bool fault = false;  // a <fault>: value is its struct (faultCode, faultString)
  Value value;         // the one <param>'s value, nil when the response has none
};

// Reads a methodResponse. Throws Error(protocol) saying what is wrong when the document is not XML, not a
// methodResponse, or holds a value the spec does not define (an unknown type, an int that is not one).
MethodResponse parse_method_response(std::string_view document);

}  // namespace acmecli::xml_rpc
