#include "cli/store/certificate_table.hpp"

#include <rapidjson/document.h>

#include <catch2/catch.hpp>

using acmecli::cli::certificate_status;
using acmecli::cli::format_certificate_json;
using acmecli::cli::format_certificate_table;
using acmecli::cli::format_utc;
using acmecli::cli::ListedCertificate;

namespace {

constexpr std::int64_t kHour = 3600;
constexpr std::int64_t kDay = 24 * kHour;
constexpr std::int64_t kNowSeconds = 1735689600;  // 2025-01-01T00:00:00Z

ListedCertificate valid_for(std::int64_t lifetime, std::int64_t remaining) {
  ListedCertificate listed;
  listed.name = "example.com";
  listed.domains = {"example.com", "www.example.com"};
  listed.key_type = "ec256";
  listed.issuer = "Pebble Intermediate CA 1";
  listed.serial = "0A";
  listed.not_after = kNowSeconds + remaining;
  listed.not_before = listed.not_after - lifetime;
  listed.source = "metadata";
  return listed;
}

}  // namespace

TEST_CASE("a 90-day certificate is due once less than a third of its life remains", "[certificate_table]") {
  CHECK_FALSE(certificate_status(valid_for(90 * kDay, 31 * kDay), kNowSeconds).due);
  CHECK_FALSE(certificate_status(valid_for(90 * kDay, 30 * kDay + 1), kNowSeconds).due);
  CHECK(certificate_status(valid_for(90 * kDay, 30 * kDay), kNowSeconds).due);
  CHECK(certificate_status(valid_for(90 * kDay, 29 * kDay), kNowSeconds).due);
}

TEST_CASE("a 45-day certificate is due at 15 days left, a 160-hour one at 80 hours left", "[certificate_table]") {
  CHECK_FALSE(certificate_status(valid_for(45 * kDay, 16 * kDay), kNowSeconds).due);
  CHECK(certificate_status(valid_for(45 * kDay, 15 * kDay), kNowSeconds).due);
  // Under ten days of life, half of it is the margin: a third would say "not due" at 80 hours.
  CHECK_FALSE(certificate_status(valid_for(160 * kHour, 81 * kHour), kNowSeconds).due);
  CHECK(certificate_status(valid_for(160 * kHour, 80 * kHour), kNowSeconds).due);
}

TEST_CASE("days left round down and an expired certificate is due and says so", "[certificate_table]") {
  auto status = certificate_status(valid_for(90 * kDay, 60 * kDay - 1), kNowSeconds);
  CHECK(status.days_left == 59);
  CHECK_FALSE(status.expired);
  status = certificate_status(valid_for(90 * kDay, -1), kNowSeconds);
  CHECK(status.days_left == -1);
  CHECK(status.expired);
  CHECK(status.due);
}

TEST_CASE("the table aligns its columns and puts the names last", "[certificate_table]") {
  auto longer = valid_for(90 * kDay, 10 * kDay);
  longer.name = "a-much-longer-name.example";
  longer.domains = {"a-much-longer-name.example"};
  std::string table = format_certificate_table({valid_for(90 * kDay, 60 * kDay), longer}, kNowSeconds);
  CHECK(table ==
        "NAME                        KEY    ISSUER                    NOT AFTER             DAYS LEFT  DUE  DOMAINS\n"
        "example.com                 ec256  Pebble Intermediate CA 1  2025-03-02T00:00:00Z  60         no   "
        "example.com,www.example.com\n"
        "a-much-longer-name.example  ec256  Pebble Intermediate CA 1  2025-01-11T00:00:00Z  10         yes  "
        "a-much-longer-name.example\n");
}

TEST_CASE("an unreadable certificate shows its reason in the table", "[certificate_table]") {
  ListedCertificate broken;
  broken.name = "bad.example";
  broken.error = "cannot read it";
  std::string table = format_certificate_table({broken}, kNowSeconds);
  CHECK_THAT(table, Catch::Contains("bad.example") && Catch::Contains("unreadable: cannot read it"));
}

TEST_CASE("the JSON listing is one document with the documented fields", "[certificate_table]") {
  ListedCertificate broken;
  broken.name = "bad.example";
  broken.error = "cannot \"read\" it";
  std::string text = format_certificate_json({valid_for(90 * kDay, 20 * kDay), broken}, kNowSeconds);
  rapidjson::Document document;
  document.Parse(text.c_str());
  REQUIRE_FALSE(document.HasParseError());
  const auto& certificates = document["certificates"];
  REQUIRE(certificates.Size() == 2);
  const auto& first = certificates[0];
  CHECK(std::string(first["name"].GetString()) == "example.com");
  CHECK(first["domains"].Size() == 2);
  CHECK(std::string(first["domains"][1].GetString()) == "www.example.com");
  CHECK(std::string(first["keyType"].GetString()) == "ec256");
  CHECK(std::string(first["issuer"].GetString()) == "Pebble Intermediate CA 1");
  CHECK(std::string(first["serial"].GetString()) == "0A");
  CHECK(std::string(first["notAfter"].GetString()) == "2025-01-21T00:00:00Z");
  CHECK(std::string(first["notBefore"].GetString()) == "2024-10-23T00:00:00Z");
  CHECK(first["daysLeft"].GetInt() == 20);
  CHECK(first["due"].GetBool());
  CHECK_FALSE(first["expired"].GetBool());
  CHECK(std::string(first["source"].GetString()) == "metadata");
  CHECK(std::string(certificates[1]["error"].GetString()) == "cannot \"read\" it");
  CHECK_FALSE(certificates[1].HasMember("due"));
}

TEST_CASE("an empty listing is an empty JSON array", "[certificate_table]") {
  CHECK(format_certificate_json({}, kNowSeconds) == "{\"certificates\":[]}\n");
}

TEST_CASE("times are printed as RFC 3339 UTC", "[certificate_table]") {
  CHECK(format_utc(0) == "1970-01-01T00:00:00Z");
  CHECK(format_utc(kNowSeconds) == "2025-01-01T00:00:00Z");
}

TEST_CASE("a notAfter far beyond what the clock can hold is listed, not overflowed", "[certificate_table]") {
  ListedCertificate listed = valid_for(90 * kDay, 0);
  listed.not_before = 0;
  listed.not_after = INT64_MAX;
  const auto status = certificate_status(listed, kNowSeconds);
  CHECK_FALSE(status.due);
  CHECK_FALSE(status.expired);
  // Held at the last second system_clock can count (2262-04-11), the same edge every reader uses.
  CHECK(format_utc(INT64_MAX).rfind("2262-04-11T", 0) == 0);
  listed.not_after = INT64_MIN;
  CHECK(certificate_status(listed, kNowSeconds).expired);
  CHECK(certificate_status(listed, kNowSeconds).days_left < 0);
}
