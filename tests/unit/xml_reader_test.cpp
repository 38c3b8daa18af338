// The XML reader over expat that the XML-speaking DNS provider APIs (Route 53, ...) are read with.
#include "util/xml_reader.hpp"

#include <catch2/catch.hpp>

#include "acmecli/error.hpp"
#include "error_of.hpp"

using namespace acmecli;

TEST_CASE("an XML answer becomes elements by local name, with their decoded text", "[xml]") {
  auto root = xml::parse(R"(<?xml version="1.0" encoding="UTF-8"?>
<GetChangeResponse xmlns="https://route53.amazonaws.com/doc/2013-04-01/">
  <ChangeInfo><Id>/change/C2682N5HXP0BZ4</Id><Status>INSYNC</Status></ChangeInfo>
  <r53:Note xmlns:r53="urn:x">a &amp; b &lt;c&gt; &#x41;</r53:Note><Note>second</Note>
</GetChangeResponse>)");
  CHECK(root.name == "GetChangeResponse");
  REQUIRE(root.find("ChangeInfo/Status") != nullptr);
  CHECK(root.find("ChangeInfo/Status")->text == "INSYNC");
  CHECK(root.find("ChangeInfo")->child_text("Id") == "/change/C2682N5HXP0BZ4");
  CHECK(root.find("ChangeInfo/Nothing") == nullptr);
  CHECK(root.child_text("Missing").empty());
  auto notes = root.children_named("Note");
  REQUIRE(notes.size() == 2);
  CHECK(notes[0]->text == "a & b <c> A");
  CHECK(notes[1]->text == "second");
}

TEST_CASE("attributes are kept by local name, their entities decoded", "[xml]") {
  auto root = xml::parse(R"(<ApiResponse Status="OK" xmlns="http://api.namecheap.com/xml.response">
  <host Name="@" Type="TXT" Address="v=spf1 &quot;x&quot; &amp; y" MXPref="10" n:Extra="1" xmlns:n="urn:n"/>
</ApiResponse>)");
  CHECK(root.attribute("Status") == "OK");
  CHECK(root.attribute("Missing").empty());
  const xml::Element* host = root.child("host");
  REQUIRE(host != nullptr);
  CHECK(host->attribute("Address") == "v=spf1 \"x\" & y");
  CHECK(host->attribute("Extra") == "1");
  REQUIRE(host->attributes.size() == 5);
  CHECK(host->attributes[0].first == "Name");
}

TEST_CASE("malformed XML, a DOCTYPE and deep nesting are refused with a reason", "[xml]") {
  CHECK_THAT(test::error_of(ErrorKind::protocol, [] { xml::parse("<a><b></a>"); }),
             Catch::Contains("malformed XML answer: mismatched tag at line 1"));
  CHECK_THAT(test::error_of(ErrorKind::protocol, [] { xml::parse(""); }),
             Catch::Contains("malformed XML answer"));
  CHECK_THAT(test::error_of(ErrorKind::protocol, [] { xml::parse("not xml at all"); }),
             Catch::Contains("malformed XML answer"));
  // An entity expansion ("billion laughs") never starts: the DOCTYPE that would declare it is refused.
  CHECK_THAT(
      test::error_of(
          ErrorKind::protocol,
          [] { xml::parse(R"(<!DOCTYPE a [<!ENTITY x "xxxxxxxx"><!ENTITY y "&x;&x;&x;&x;">]><a>&y;</a>)"); }),
      Catch::Contains("XML answer refused: a DOCTYPE"));
  CHECK_THAT(test::error_of(ErrorKind::protocol,
                            [] { xml::parse(R"(<!DOCTYPE a SYSTEM "file:///etc/passwd"><a/>)"); }),
             Catch::Contains("refused: a DOCTYPE"));
  std::string deep;
  for (int i = 0; i < xml::kMaxDepth + 1; ++i) deep += "<e>";
  CHECK_THAT(test::error_of(ErrorKind::protocol, [&] { xml::parse(deep); }),
             Catch::Contains("nested deeper than 64"));
  std::string fine;
  for (int i = 0; i < xml::kMaxDepth; ++i) fine += "<e>";
  for (int i = 0; i < xml::kMaxDepth; ++i) fine += "</e>";
  CHECK(xml::parse(fine).name == "e");
  CHECK_THAT(test::error_of(ErrorKind::protocol, [] { xml::parse("<a/><b/>"); }),
             Catch::Contains("junk after document element"));
}

TEST_CASE("text we put into XML has its markup characters escaped", "[xml]") {
  CHECK(xml::escape(R"("v" & <x>)") == "&quot;v&quot; &amp; &lt;x&gt;");
  CHECK(xml::parse("<v>" + xml::escape(R"("v" & <x>)") + "</v>").text == R"("v" & <x>)");
  CHECK(xml::parse("<v>" + xml::escape("a\r\nb") + "</v>").text == "a\r\nb");
}
