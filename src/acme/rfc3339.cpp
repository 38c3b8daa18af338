// RFC 3339 §5.6 date-times, the format ARI's suggestedWindow uses.
#include <cctype>
#include <chrono>
#include <ctime>
#include <string>

#include "acmecli/clock.hpp"
#include "acmecli/error.hpp"
#include "acmecli/renewal.hpp"

namespace acmecli {

namespace {

[[noreturn]] void malformed(std::string_view text) {
  throw Error(ErrorKind::protocol, "'" + std::string(text.substr(0, 64)) + "' is not an RFC 3339 date-time");
}

// Reads exactly `count` digits at `pos`, advancing it.
int digits(std::string_view text, std::size_t& pos, std::size_t count) {
  if (pos + count > text.size()) malformed(text);
  int value = 0;
  for (std::size_t i = 0; i < count; ++i) {
    const char c = text[pos + i];
    if (!std::isdigit(static_cast<unsigned char>(c))) malformed(text);
    value = value * 10 + (c - '0');
  }
  pos += count;
  return value;
}

void expect(std::string_view text, std::size_t& pos, char wanted) {
  if (pos >= text.size() || text[pos] != wanted) malformed(text);
  ++pos;
}

}  // namespace

TimePoint parse_rfc3339(std::string_view text) {
  // date-time = full-date "T" full-time; full-time = HH:MM:SS[.frac] ("Z" / ("+"/"-") HH:MM).
  // §5.6 allows "t" and "z" in lower case as well.
  std::size_t pos = 0;
  std::tm parts{};
  parts.tm_year = digits(text, pos, 4) - 1900;
  expect(text, pos, '-');
  parts.tm_mon = digits(text, pos, 2) - 1;
  expect(text, pos, '-');
  parts.tm_mday = digits(text, pos, 2);
  if (pos >= text.size() || (text[pos] != 'T' && text[pos] != 't')) malformed(text);
  ++pos;
  parts.tm_hour = digits(text, pos, 2);
  expect(text, pos, ':');
  parts.tm_min = digits(text, pos, 2);
  expect(text, pos, ':');
  parts.tm_sec = digits(text, pos, 2);
  // §5.7: the day must exist in its month and year (no February 30th); 60 seconds only for a leap second.
  const std::chrono::year_month_day date{std::chrono::year{parts.tm_year + 1900},
                                         std::chrono::month{static_cast<unsigned>(parts.tm_mon + 1)},
                                         std::chrono::day{static_cast<unsigned>(parts.tm_mday)}};
  if (!date.ok() || parts.tm_hour > 23 || parts.tm_min > 59 || parts.tm_sec > 60) {
    malformed(text);
  }
  std::chrono::nanoseconds fraction{0};
  if (pos < text.size() && text[pos] == '.') {
    ++pos;
    std::size_t start = pos;
    std::int64_t scale = 100'000'000;
    while (pos < text.size() && std::isdigit(static_cast<unsigned char>(text[pos]))) {
      fraction += std::chrono::nanoseconds((text[pos] - '0') * scale);
      scale /= 10;
      ++pos;
    }
    if (pos == start) malformed(text);
  }
  std::chrono::seconds offset{0};
  if (pos < text.size() && (text[pos] == 'Z' || text[pos] == 'z')) {
    ++pos;
  } else if (pos < text.size() && (text[pos] == '+' || text[pos] == '-')) {
    const int sign = text[pos] == '-' ? -1 : 1;
    ++pos;
    const int hours = digits(text, pos, 2);
    expect(text, pos, ':');
    const int minutes = digits(text, pos, 2);
    if (hours > 23 || minutes > 59) malformed(text);
    offset = std::chrono::seconds(sign * (hours * 3600 + minutes * 60));
  } else {
    malformed(text);
  }
  if (pos != text.size()) malformed(text);
  // A leap second (:60) becomes the next second's start, which timegm does by itself.
  // Years up to 9999 are valid here but not in system_clock: time_from_unix_seconds holds them at its
  // edge, and the offset is applied in seconds first so that it cannot step past that edge.
  const std::time_t utc = timegm(&parts);
  return time_from_unix_seconds(static_cast<std::int64_t>(utc) - offset.count()) +
         std::chrono::duration_cast<std::chrono::system_clock::duration>(fraction);
}

std::string format_rfc3339(TimePoint time) {
  const std::time_t seconds = std::chrono::system_clock::to_time_t(time);
  std::tm utc{};
  ::gmtime_r(&seconds, &utc);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &utc);
  return text;
}

}  // namespace acmecli
