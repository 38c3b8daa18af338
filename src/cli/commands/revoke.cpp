// `acmecli revoke`: asks the CA to revoke a certificate (RFC 8555 §7.6), either one in the store (-d NAME,
// signed by the account that holds it, then moved to the archive) or a certificate file (--cert), signed
// by the account or, with --key, by the certificate's own key so that no account is needed.
#include "util/log.hpp"

#include <iostream>
#include <optional>

#include "acme/json.hpp"
#include "acmecli/certificate.hpp"
#include "cli/renewal/certificate_selection.hpp"
#include "cli/commands/commands.hpp"
#include "cli/invocation.hpp"
#include "cli/options/revocation_reason.hpp"
#include "cli/store/stored_certificate.hpp"

namespace acmecli::cli {

namespace {

// What was asked and what became of it; printed as text or as one JSON document.
struct Revocation {
  std::string name;              // storage name with -d; empty with --cert
  std::string certificate_path;  // the file the certificate was read from
  std::string serial;            // upper-case hex
  std::optional<RevocationReason> reason;
  bool revoked = false;
  std::string archive;  // where the files went; empty with --keep or --cert
  std::string error;
  std::string problem_type;  // the CA's problem type when it refused
};

void print_json(const Revocation& revocation) {
  auto optional_string = [](const std::string& text) { return text.empty() ? std::string("null") : json::quote(text); };
  std::string out = R"({"name":)" + optional_string(revocation.name);
  out += R"(,"certificate":)" + json::quote(revocation.certificate_path);
  out += R"(,"serial":)" + optional_string(revocation.serial);
  out += R"(,"reason":)" + (revocation.reason ? json::quote(revocation.reason->name) : std::string("null"));
  out += R"(,"reasonCode":)" + (revocation.reason ? std::to_string(revocation.reason->code) : std::string("null"));
  out += std::string(R"(,"revoked":)") + (revocation.revoked ? "true" : "false");
  out += R"(,"archive":)" + optional_string(revocation.archive);
  // Also after a revocation: the archiving that follows it can fail on its own.
  if (!revocation.error.empty()) {
    out += R"(,"error":)" + json::quote(revocation.error);
    out += R"(,"problem":)" + optional_string(revocation.problem_type);
  }
  std::cout << out << "}\n";
}

void print_text(const Revocation& revocation) {
  std::string line = "revoked " + (revocation.name.empty() ? revocation.certificate_path : revocation.name) +
                     " (serial " + revocation.serial;
  if (revocation.reason) line += ", reason " + std::string(revocation.reason->name);
  line += ")";
  if (!revocation.archive.empty()) line += "; its files are now in " + revocation.archive;
  std::cout << line << "\n";
}

// The user's combination of options, checked before anything is read or sent.
void check_combination(const std::vector<std::string>& domains, const RevokeOptions& revoke) {
  const bool by_name = !domains.empty();
  const bool by_file = !revoke.certificate_file.empty();
  if (by_name && by_file) throw Error(ErrorKind::usage, "give either -d NAME (a stored certificate) or --cert FILE, not both");
  if (!by_name && !by_file) {
    throw Error(ErrorKind::usage, "which certificate? give -d NAME for a stored one, or --cert FILE [--key FILE]");
  }
  if (domains.size() > 1) throw Error(ErrorKind::usage, "revoke takes one -d NAME at a time");
  if (!revoke.key_file.empty() && !by_file) {
    throw Error(ErrorKind::usage, "--key signs for a certificate given with --cert FILE; with -d the account signs");
  }
  if (revoke.keep && by_file) throw Error(ErrorKind::usage, "--keep is for -d NAME: a --cert file is never moved");
}

// The CA's alreadyRevoked, said plainly: it is the one refusal a user may well run into by repeating a command.
[[noreturn]] void rethrow_plainly(const Error& error, const Revocation& revocation) {
  const std::string what = revocation.name.empty() ? revocation.certificate_path : revocation.name;
  if (error.problem() && error.problem()->is("alreadyRevoked")) {
    throw Error(ErrorKind::ca, what + " (serial " + revocation.serial + ") is already revoked; the CA said " + error.what(),
                *error.problem());
  }
  if (error.problem()) throw Error(error.kind(), "revoking " + what + " failed: " + error.what(), *error.problem());
  throw Error(error.kind(), "revoking " + what + " failed: " + error.what());
}

// The stored certificate -d means: the one stored under that name, else the one that names it (a SAN
// certificate by its second name). When neither, the stem itself, for revoke_stored to report.
std::string stored_name_for(const CertificateStorage& store, const std::string& typed) {
  std::string stem = stored_certificate_name(typed);
  if (store.read(stem, ".crt")) return stem;
  return find_stored_certificate(list_certificates(store), typed).value_or(stem);
}

void revoke_stored(Invocation& invocation, Revocation& revocation) {
  GlobalOptions options = invocation.global();
  // A stored certificate is revoked at the CA that issued it unless the user names another one.
  const bool server_given = invocation.line().given.has("server") || invocation.line().given.has("staging");
  const CertificateStorage& store = invocation.certificates();
  revocation.certificate_path = store.locate(revocation.name, ".crt");
  if (!store.read(revocation.name, ".crt")) {
    throw Error(ErrorKind::local_file, "no certificate is stored as " + revocation.name + " in " +
                                           store.location() + " (see acmecli list)");
  }
  // Revoking and archiving change the store: no renewal may write this certificate meanwhile.
  invocation.lock_store();
  const auto held = store.lock(revocation.name);
  // Read again under the lock: a renewal may have replaced it while this run waited.
  const CertificateInfo leaf = inspect_certificate(store.read_required(revocation.name, ".crt"));
  revocation.serial = leaf.serial_hex;

  // RFC 8555 §7.6: the account that issued the certificate may revoke it. Its .json says which account
  // and which CA that was; --email and --server given explicitly win.
  std::optional<CertificateMetadata> metadata;
  try {
    metadata = store.load_metadata(revocation.name);
  } catch (const Error& e) {
    spdlog::warn("{}; using --email and --server as given", e.what());
  }
  if (metadata) {
    if (options.email.empty()) options.email = metadata->account_email;
    if (!server_given && !metadata->server.empty()) {
      options.server = metadata->server;
      options.staging = false;
    }
  }
  Context& context = invocation.open_ca(options);
  context.use_account(false);
  context.client().revoke_certificate(leaf.der, revocation.reason ? std::optional(revocation.reason->code) : std::nullopt);
  revocation.revoked = true;
  spdlog::info("{}: revoked by the account {}", revocation.name, context.client().account_url());
  if (invocation.options().revoke.keep) return;
  try {
    if (auto archive = store.archive(revocation.name)) revocation.archive = *archive;
  } catch (const Error& e) {
    throw Error(e.kind(), revocation.name + " is revoked, but its files could not all be moved to the archive: " +
                              e.what());
  }
}

void revoke_file(Invocation& invocation, Revocation& revocation) {
  const RevokeOptions& revoke = invocation.options().revoke;
  revocation.certificate_path = revoke.certificate_file;
  const std::string pem = read_file(revoke.certificate_file);
  CertificateInfo leaf;
  try {
    leaf = inspect_certificate(pem);
  } catch (const Error& e) {
    throw Error(ErrorKind::usage, revoke.certificate_file + " is not a PEM certificate: " + e.what());
  }
  revocation.serial = leaf.serial_hex;
  std::optional<PrivateKey> key;
  if (!revoke.key_file.empty()) {
    Secret key_pem(read_file(revoke.key_file));
    try {
      key = PrivateKey::from_pem(key_pem.reveal());
    } catch (const Error& e) {
      throw Error(ErrorKind::usage, revoke.key_file + " is not a private key: " + e.what());
    }
    // The CA would refuse with "unauthorized"; a mixed-up file deserves a clearer word before anything is sent.
    if (!certificate_matches_key(pem, *key)) {
      throw Error(ErrorKind::usage, revoke.key_file + " is not the key of the certificate in " + revoke.certificate_file);
    }
  }
  Context& context = invocation.open_ca();
  const std::optional<int> code = revocation.reason ? std::optional(revocation.reason->code) : std::nullopt;
  if (key) {
    // RFC 8555 §7.6: a request signed with the certificate's key carries that key as "jwk".
    context.client().revoke_certificate(leaf.der, code, &*key);
    spdlog::info("{}: revoked with the certificate's own key", revoke.certificate_file);
  } else {
    context.use_account(false);
    context.client().revoke_certificate(leaf.der, code);
    spdlog::info("{}: revoked by the account {}", revoke.certificate_file, context.client().account_url());
  }
  revocation.revoked = true;
}

}  // namespace

int run_revoke(Invocation& invocation) {
  const GlobalOptions& options = invocation.global();
  const std::vector<std::string>& domains = invocation.options().certificate.domains;
  const RevokeOptions& revoke = invocation.options().revoke;
  check_combination(domains, revoke);
  Revocation revocation;
  // An explicit empty --reason "" is an error, not "no reason".
  if (invocation.line().given.has("reason")) revocation.reason = parse_revocation_reason(revoke.reason);
  if (!domains.empty()) revocation.name = stored_name_for(invocation.certificates(), domains.front());

  try {
    try {
      if (!revocation.name.empty()) {
        revoke_stored(invocation, revocation);
      } else {
        revoke_file(invocation, revocation);
      }
    } catch (const Error& e) {
      // Only the CA's answer gets reworded; local errors already say what is wrong.
      if (e.kind() == ErrorKind::ca) rethrow_plainly(e, revocation);
      throw;
    }
  } catch (const Error& e) {
    if (options.json) {
      revocation.error = e.what();
      if (e.problem()) revocation.problem_type = e.problem()->type;
      print_json(revocation);
    }
    throw;
  }
  if (options.json) {
    print_json(revocation);
  } else if (!options.quiet) {
    print_text(revocation);
  }
  return 0;
}

}  // namespace acmecli::cli
