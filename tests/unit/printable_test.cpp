#include "util/printable.hpp"

#include <spdlog/details/log_msg.h>

#include <catch2/catch.hpp>

#include "acmecli/error.hpp"
#include "cli/logging.hpp"

using acmecli::printable;

TEST_CASE("CR and LF from outside cannot start a line of acmecli's own") {
  CHECK(printable("bad\r\nok: written to /etc/x") == "bad\\r\\nok: written to /etc/x");
  CHECK(printable("a\tb") == "a\\tb");
}

TEST_CASE("ESC, the other C0 controls and DEL become \\x escapes") {
  CHECK(printable("\x1b[31mred\x1b[0m") == "\\x1b[31mred\\x1b[0m");
  CHECK(printable(std::string("nul\0bell\a", 9)) == "nul\\x00bell\\x07");
  CHECK(printable("del\x7f") == "del\\x7f");
}

TEST_CASE("C1 controls, encoded or as stray bytes, are escaped") {
  // U+009B is CSI, which some terminals obey like ESC [.
  CHECK(printable("\xc2\x9b"
                  "31m") == "\\u{009b}31m");
  CHECK(printable("\xc2\x85") == "\\u{0085}");
  CHECK(printable("\x9b"
                  "31m") == "\\x9b31m");
}

TEST_CASE("bytes that are not UTF-8 are escaped one by one, overlong forms and surrogates too") {
  CHECK(printable("\xff\xfe") == "\\xff\\xfe");
  CHECK(printable("\xc0\x8a") == "\\xc0\\x8a");           // an overlong LF
  CHECK(printable("\xed\xa0\x80") == "\\xed\\xa0\\x80");  // a UTF-16 surrogate
  CHECK(printable("\xe2\x82") == "\\xe2\\x82");           // cut short
}

TEST_CASE("bidirectional overrides cannot reorder what is shown") {
  CHECK(printable("abc\xe2\x80\xae"
                  "fed") == "abc\\u{202e}fed");
  CHECK(printable("\xe2\x81\xa6x\xe2\x81\xa9") == "\\u{2066}x\\u{2069}");
}

TEST_CASE("printable text and other Unicode are kept as they are") {
  CHECK(printable("rateLimited: too many orders (HTTP 429)") == "rateLimited: too many orders (HTTP 429)");
  CHECK(printable("b\xc3\xbc"
                  "cher.example") ==
        "b\xc3\xbc"
        "cher.example");
  CHECK(printable("\xf0\x9f\x94\x92") == "\xf0\x9f\x94\x92");
  CHECK(printable("C:\\path") == "C:\\path");
}

TEST_CASE("escaping twice changes nothing") {
  const std::string once = printable("a\r\n\x1b\xc2\x9b\xff\xe2\x80\xae");
  CHECK(printable(once) == once);
}

TEST_CASE("a CA's problem document is described without its control characters") {
  auto problem = acmecli::Problem::parse(
      R"({"type":"urn:ietf:params:acme:error:unauthorized\u001b[2J","detail":"no\r\nok: written to /etc/x\u001b[31m",)"
      R"("status":403,"subproblems":[{"type":"urn:ietf:params:acme:error:caa","detail":"x\u009by",)"
      R"("identifier":{"type":"dns","value":"a\nb"}}]})");
  REQUIRE(problem);
  CHECK(
      problem->describe() ==
      "unauthorized\\x1b[2J: no\\r\\nok: written to /etc/x\\x1b[31m (HTTP 403); dns:a\\nb: caa: x\\u{009b}y");
}

TEST_CASE("every log line goes through printable, whatever its format") {
  acmecli::cli::PrintableFormatter formatter(std::make_unique<acmecli::cli::PlainFormatter>());
  spdlog::details::log_msg message("acmecli", spdlog::level::err,
                                   "a.test: bad\r\nok: written to /etc/x\x1b[0m");
  spdlog::memory_buf_t out;
  formatter.format(message, out);
  CHECK(std::string(out.data(), out.size()) == "error: a.test: bad\\r\\nok: written to /etc/x\\x1b[0m\n");
  // The colour range still covers the label, so a terminal colours "error" and nothing else.
  CHECK(message.color_range_start == 0);
  CHECK(message.color_range_end == 5);
}
