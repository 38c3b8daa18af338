// What any storage holds (accounts, certificate sets with their metadata) and the two interfaces the
// CLI reads and writes them through, so that the same commands work on lego's directory
// (acmecli/storage.hpp) and on etcd shared by a fleet (issue 21). Both backends use lego's names:
// accounts/<host_port>/<email>/account.json and keys/<email>.key, certificates/<name>.crt .key
// .issuer.crt .json [.pem] [.pfx], archive/<name>/<UTC timestamp>/.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "acmecli/key.hpp"
#include "acmecli/resources.hpp"
#include "acmecli/secret.hpp"

namespace acmecli {

struct StoredAccount {
  std::string email;  // may be empty: stored under "noemail@example.com" (lego 4.9 requires an email)
  Account registration;
};

// What we record beside a certificate: enough to renew it with the same settings and to decide "due"
// without parsing the chain.
struct CertificateMetadata {
  std::string domain;                // the main name (lego's "domain")
  std::vector<std::string> domains;  // every identifier value
  std::string cert_url;              // lego's "certUrl"
  std::string cert_stable_url;       // lego's "certStableUrl"
  std::string account_email;
  std::string server;
  std::string key_type;
  std::string serial;
  std::string issuer;
  std::int64_t not_before = 0;  // Unix seconds
  std::int64_t not_after = 0;
  std::string settings_json = "{}";  // solver and renewal settings as a JSON object, opaque here
  // RFC 9773 renewal information remembered by renew (RenewalInfoState in acmecli/renewal.hpp), as a
  // JSON object stored beside "settings" under "renewalInfo"; empty when there is none. Opaque here.
  std::string renewal_info_json;
};

struct CertificateFiles {
  std::string certificate_pem;  // leaf + chain  -> .crt
  std::string issuer_pem;       // chain without the leaf -> .issuer.crt
  Secret private_key_pem;       // -> .key (0600); empty when the CSR came from the user
  bool write_combined_pem = false;  // -> .pem (chain + key, lego's order, 0600)
  Secret pfx;                       // -> .pfx (PKCS#12, 0600) when not empty
  CertificateMetadata metadata;     // -> .json
};

std::string metadata_to_json(const CertificateMetadata& metadata);
// Throws Error(local_file) when the JSON is malformed; unknown fields are ignored, missing ones default.
CertificateMetadata metadata_from_json(std::string_view json);

// lego's account.json (json.MarshalIndent with tabs) and back. `where` names the file in errors.
std::string account_to_json(const StoredAccount& account);
StoredAccount account_from_json(std::string_view json, std::string_view where);
// The name an account is stored under: the address, or lego's "noemail@example.com" without one.
// Throws Error(usage) for one that could not be a single path component.
std::string account_storage_name(std::string_view email);

// Held while one certificate is re-read, ordered and saved: another run (on this host or, with etcd,
// on another one) that wants the same name waits, and then finds it renewed.
class CertificateNameLock {
 public:
  virtual ~CertificateNameLock() = default;
};

class CertificateStorage {
 public:
  virtual ~CertificateStorage() = default;

  // Where the certificates are, for messages: a directory, or an etcd URL and prefix.
  virtual std::string location() const = 0;
  // Where one file of a set is (extension ".crt"): a path, or an etcd key. What messages, hooks and
  // --json name. Throws Error(usage) for a name that could not be stored.
  virtual std::string locate(std::string_view name, std::string_view extension) const = 0;
  // Names of stored certificates (those with a .crt), sorted.
  virtual std::vector<std::string> list() const = 0;
  // One file of a set; nullopt when there is none. Throws Error(local_file) when it cannot be read.
  virtual std::optional<std::string> read(std::string_view name, std::string_view extension) const = 0;
  // read(), with Error(local_file) naming the file when it is not there.
  std::string read_required(std::string_view name, std::string_view extension) const;
  // The file with this extension of every stored certificate that has one, by name: what `list` reads,
  // in one request where the backend can.
  virtual std::map<std::string, std::string> read_all(std::string_view extension) const = 0;
  // The .json, read; nullopt when there is none. Throws Error(local_file) naming it when malformed.
  virtual std::optional<CertificateMetadata> load_metadata(std::string_view name) const;

  // Throws Error(local_file) when save(name) would refuse to write. Called before ordering, so that no
  // certificate is issued only to be refused.
  virtual void check_replaceable(std::string_view name) const = 0;
  // Archives what is there under this name, then replaces the set as a whole: a reader sees the old
  // set or the new one, never a mix, whatever is killed when.
  virtual void save(std::string_view name, const CertificateFiles& files) const = 0;
  // Replaces the .json alone (renew's remembered renewal information). A set replaced since
  // `metadata` was read is left alone: its new .json wins.
  virtual void save_metadata(std::string_view name, const CertificateMetadata& metadata) const = 0;
  // Moves the set into the archive; returns where it went, nullopt when nothing was stored.
  virtual std::optional<std::string> archive(std::string_view name) const = 0;
  // Waits until no other run works on name, and holds it until the lock is destroyed.
  virtual std::unique_ptr<CertificateNameLock> lock(std::string_view name) const = 0;
};

// The accounts of one CA (its directory URL chose server_directory_name()).
class AccountStorage {
 public:
  virtual ~AccountStorage() = default;

  // Where the account of this address is, and its key: paths, or etcd keys. For messages.
  virtual std::string locate(std::string_view email) const = 0;
  virtual std::string locate_key(std::string_view email) const = 0;
  // The account key, generated and saved on first use. An existing key is never replaced: when two
  // runs create one at once, both end up with the one stored first.
  virtual PrivateKey load_or_create_key(std::string_view email, KeyType type_for_new_key) const = 0;
  virtual std::optional<PrivateKey> load_key(std::string_view email) const = 0;
  virtual std::optional<StoredAccount> load(std::string_view email) const = 0;
  virtual void save(const StoredAccount& account) const = 0;
};

}  // namespace acmecli
