// What `acmecli list` knows about each stored certificate, read from its .json metadata alone when that
// is complete, so that ten thousand certificates are listed without parsing one of them.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "acmecli/storage.hpp"

namespace acmecli::cli {

struct ListedCertificate {
  std::string name;  // the storage file stem
  std::vector<std::string> domains;
  std::string key_type;  // from the .json, else from the .key; empty when neither says
  std::string issuer;
  std::string serial;
  std::int64_t not_before = 0;  // Unix seconds
  std::int64_t not_after = 0;
  // Where the facts came from: "metadata" (our .json) or "certificate" (the .crt, because the .json
  // is missing, broken or lego's, which lacks the dates).
  std::string source;
  std::string error;  // set when neither file could be read; the other fields are then empty
};

// Every stored certificate, sorted by name. Reads only the .json of each; the .crt only where the .json
// lacks the dates. A certificate whose files vanish while it is read (a renewal archiving it) is left
// out. Never takes the storage lock: writes are atomic renames, so each file read is whole.
std::vector<ListedCertificate> list_certificates(const CertificateStorage& store);

// Fills `listed` from a .json text; false when it is not usable alone (broken, or without notAfter).
bool listing_from_metadata(std::string_view json, ListedCertificate& listed);
// Fills what the .json did not say from the certificate (PEM, leaf first). Throws Error(crypto).
void listing_from_certificate(std::string_view pem, ListedCertificate& listed);

// True when `wanted` (as the user typed it) is the certificate's storage name or one of its names.
bool listing_matches(const ListedCertificate& listed, const std::string& wanted_stem, const std::string& wanted_name);

}  // namespace acmecli::cli
