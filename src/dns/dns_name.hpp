// Names and values of dns-01 records: where the TXT record goes and what it holds (RFC 8555 §8.4).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "acmecli/dns01.hpp"
#include "acmecli/identifier.hpp"
#include "acmecli/solver.hpp"

namespace acmecli::dns {

// "example.com" -> "example.com."; an already absolute name is returned unchanged.
std::string to_fqdn(std::string_view name);
// "example.com." -> "example.com".
std::string without_trailing_dot(std::string_view name);
// Case-insensitive comparison of two names, ignoring a trailing dot on either.
bool same_name(std::string_view a, std::string_view b);

// "_acme-challenge.example.com." for "example.com" and for "*.example.com" alike (RFC 8555 §8.4: the
// wildcard authorization is for the base domain).
std::string challenge_record_name(const Identifier& identifier);

// base64url(SHA-256(key authorization)) without padding (RFC 8555 §8.4).
std::string challenge_txt_value(std::string_view key_authorization);

// The TXT records a batch of dns-01 tasks needs, one per name, in the order the names first appear.
// Tasks that share a name (a wildcard and its apex) become one record with both values.
std::vector<ChallengeRecord> group_by_record_name(const std::vector<ChallengeTask>& tasks);

// The parent of a name: "a.example.com." -> "example.com."; the root has none (returns "").
std::string parent_name(std::string_view fqdn);

}  // namespace acmecli::dns
