// The XML-RPC writer and reader INWX's DomRobot API is spoken with (https://xmlrpc.com/spec.md), and the
// TOTP codes (RFC 6238) its two-factor login takes.
#include "dns/providers/xml_rpc.hpp"

#include <catch2/catch.hpp>

#include "acmecli/error.hpp"
#include "crypto/totp.hpp"
#include "error_of.hpp"

using namespace acmecli;
using xml_rpc::Value;

TEST_CASE("a method call holds its params as XML-RPC values, text escaped", "[xml_rpc]") {
  std::string call = xml_rpc::method_call(
      "nameserver.createRecord", {Value::structure({{"domain", Value::string("example.test")},
                                                    {"content", Value::string("a<b & \"c\"")},
                                                    {"ttl", Value::integer(300)},
                                                    {"testing", Value::boolean(false)},
                                                    {"list", Value::array({Value::string("x"), Value()})}})});
  CHECK(call ==
        "<?xml version=\"1.0\" "
        "encoding=\"UTF-8\"?>\n<methodCall><methodName>nameserver.createRecord</methodName>"
        "<params><param><value><struct>"
        "<member><name>domain</name><value><string>example.test</string></value></member>"
        "<member><name>content</name><value><string>a&lt;b &amp; &quot;c&quot;</string></value></member>"
        "<member><name>ttl</name><value><int>300</int></value></member>"
        "<member><name>testing</name><value><boolean>0</boolean></value></member>"
        "<member><name>list</name><value><array><data><value><string>x</string></value><value><nil/></value>"
        "</data></array></value></member>"
        "</struct></value></param></params></methodCall>");
}

TEST_CASE("a method response reads back every value type the spec has", "[xml_rpc]") {
  auto response = xml_rpc::parse_method_response(R"(<?xml version="1.0"?>
<methodResponse><params><param><value><struct>
  <member><name>code</name><value><int>1000</int></value></member>
  <member><name>msg</name><value><string>Command completed successfully</string></value></member>
  <member><name>untyped</name><value>plain &amp; text</value></member>
  <member><name>resData</name><value><struct>
    <member><name>count</name><value><i4>2</i4></value></member>
    <member><name>big</name><value><i8>-9000000000</i8></value></member>
    <member><name>ok</name><value><boolean>1</boolean></value></member>
    <member><name>ratio</name><value><double>0.5</double></value></member>
    <member><name>when</name><value><dateTime.iso8601>20260101T10:00:00</dateTime.iso8601></value></member>
    <member><name>blob</name><value><base64>aGk=</base64></value></member>
    <member><name>none</name><value><nil/></value></member>
    <member><name>record</name><value><array><data>
      <value><struct><member><name>id</name><value><int>7</int></value></member></struct></value>
      <value><struct><member><name>id</name><value><string>8</string></value></member></struct></value>
    </data></array></value></member>
  </struct></value></member>
</struct></value></param></params></methodResponse>)");
  CHECK_FALSE(response.fault);
  const Value& top = response.value;
  CHECK(top.kind() == Value::Kind::structure);
  CHECK(top.member_integer("code") == 1000);
  CHECK(top.member_text("msg") == "Command completed successfully");
  CHECK(top.member_text("untyped") == "plain & text");
  CHECK(top.member("absent") == nullptr);
  const Value* data = top.member("resData");
  REQUIRE(data != nullptr);
  CHECK(data->member_integer("count") == 2);
  CHECK(data->member_integer("big") == -9000000000LL);
  CHECK(data->member("ok")->kind() == Value::Kind::boolean);
  CHECK(data->member_text("ok") == "1");
  CHECK(data->member("ratio")->kind() == Value::Kind::floating);
  CHECK(data->member_text("when") == "20260101T10:00:00");
  CHECK(data->member_text("blob") == "aGk=");
  CHECK(data->member("none")->kind() == Value::Kind::nil);
  const Value* records = data->member("record");
  REQUIRE(records->kind() == Value::Kind::array);
  REQUIRE(records->items().size() == 2);
  CHECK(records->items()[0].member_integer("id") == 7);
  CHECK(records->items()[1].member_integer("id") == 8);  // INWX writes ids as strings too
  CHECK(data->member_text("record").empty());            // not a scalar
  CHECK_FALSE(data->member_integer("msg").has_value());
}

TEST_CASE("an XML-RPC fault is read as a fault with its struct", "[xml_rpc]") {
  auto response = xml_rpc::parse_method_response(
      "<methodResponse><fault><value><struct>"
      "<member><name>faultCode</name><value><int>4</int></value></member>"
      "<member><name>faultString</name><value><string>Too many parameters.</string></value></member>"
      "</struct></value></fault></methodResponse>");
  CHECK(response.fault);
  CHECK(response.value.member_integer("faultCode") == 4);
  CHECK(response.value.member_text("faultString") == "Too many parameters.");
  auto empty = xml_rpc::parse_method_response("<methodResponse><params/></methodResponse>");
  CHECK(empty.value.kind() == Value::Kind::nil);
}

TEST_CASE("malformed and hostile XML-RPC answers are refused with a reason", "[xml_rpc]") {
  auto refusal = [](const std::string& document) {
    return test::error_of(ErrorKind::protocol, [&] { xml_rpc::parse_method_response(document); });
  };
  CHECK_THAT(refusal("<html><body>502 Bad Gateway</body></html>"),
             Catch::Contains("the root is <html>, not <methodResponse>"));
  CHECK_THAT(
      refusal(
          "<methodResponse><params><param><value><int>12x</int></value></param></params></methodResponse>"),
      Catch::Contains("<int> holds '12x'"));
  CHECK_THAT(
      refusal("<methodResponse><params><param><value><int>99999999999999999999999</int></value></param>"
              "</params></methodResponse>"),
      Catch::Contains("<int> holds"));
  CHECK_THAT(refusal("<methodResponse><params><param><value><boolean>yes</boolean></value></param></params>"
                     "</methodResponse>"),
             Catch::Contains("not 0 or 1"));
  CHECK_THAT(
      refusal("<methodResponse><params><param><value><script/></value></param></params></methodResponse>"),
      Catch::Contains("an unknown value type <script>"));
  CHECK_THAT(refusal("<methodResponse><params><param><value><struct><member><name>a</name></member></struct>"
                     "</value></param></params></methodResponse>"),
             Catch::Contains("without its <name> and <value>"));
  CHECK_THAT(refusal("<methodResponse><params><param><value><array><value/></array></value></param></params>"
                     "</methodResponse>"),
             Catch::Contains("an <array> without <data>"));
  CHECK_THAT(refusal("<methodResponse><params><param><value><string>a</string><int>1</int></value></param>"
                     "</params></methodResponse>"),
             Catch::Contains("more than one type"));
  CHECK_THAT(refusal("<methodResponse><params><param><value><string>a<b/></string></value></param></params>"
                     "</methodResponse>"),
             Catch::Contains("<string> with an element inside"));
  CHECK_THAT(refusal("<methodResponse>"), Catch::Contains("malformed XML answer"));
  CHECK_THAT(refusal("<methodResponse><fault/></methodResponse>"),
             Catch::Contains("a <fault> without its <value>"));
  CHECK_THAT(refusal("<!DOCTYPE x [<!ENTITY a \"aaaa\">]><methodResponse/>"), Catch::Contains("DOCTYPE"));
  // Nesting deeper than the reader allows: refused by it, before any recursion here.
  std::string deep;
  for (int i = 0; i < 40; ++i) deep += "<value><array><data>";
  CHECK_THAT(refusal("<methodResponse><params><param>" + deep + "</param></params></methodResponse>"),
             Catch::Contains("nested deeper than"));
}

TEST_CASE("TOTP codes are RFC 6238's, from a base32 secret", "[xml_rpc][totp]") {
  // RFC 6238 Appendix B, SHA-1: the secret "12345678901234567890"; the low 6 of its 8 digits.
  Secret key = base32_secret(Secret("GEZDGNBVGY3TQOJQ GEZDGNBVGY3TQOJQ"), "INWX_SHARED_SECRET");
  CHECK(key.reveal() == "12345678901234567890");
  using std::chrono::seconds;
  auto at = [](long long t) { return std::chrono::system_clock::time_point(seconds(t)); };
  CHECK(totp_code(key, at(59)) == "287082");
  CHECK(totp_code(key, at(1111111109)) == "081804");
  CHECK(totp_code(key, at(1234567890)) == "005924");
  CHECK(totp_code(key, at(2000000000)) == "279037");
  CHECK(totp_step(at(59)) == 1);
  CHECK(base32_secret(Secret("gezdgnbvgy3tqojq"), "X").reveal() == "1234567890");
  CHECK_THAT(test::usage_error_of([] { base32_secret(Secret("not-base32!"), "INWX_SHARED_SECRET"); }),
             Catch::Contains("INWX_SHARED_SECRET is not base32"));
}
