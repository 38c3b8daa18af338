// PKCS#10 certificate signing requests (RFC 2986): building one for an order's finalize call
// (RFC 8555 §7.4), and reading one the user supplies.
#include <openssl/pem.h>

#include <string>

#include "acmecli/certificate.hpp"
#include "acmecli/error.hpp"
#include "crypto/openssl_handles.hpp"
#include "crypto/x509_names.hpp"

namespace acmecli {
namespace {

// RFC 5280 Appendix A: ub-common-name is 64 characters.
constexpr std::size_t kMaxCommonName = 64;

ossl::GeneralName general_name(const Identifier& identifier) {
  // a2i_GENERAL_NAME parses the IP text into the 4 or 16 raw bytes an iPAddress holds.
  int kind = identifier.type == Identifier::Type::ip ? GEN_IPADD : GEN_DNS;
  ossl::GeneralName name(a2i_GENERAL_NAME(nullptr, nullptr, nullptr, kind, identifier.value.c_str(), 0));
  if (!name)
    throw Error(ErrorKind::crypto,
                "cannot put \"" + identifier.value + "\" into a CSR: " + ossl::last_error());
  return name;
}

void push(STACK_OF(X509_EXTENSION) * extensions, X509_EXTENSION* extension, const char* what) {
  ossl::X509Ext owner(extension);
  if (!owner || sk_X509_EXTENSION_push(extensions, owner.get()) == 0)
    throw Error(ErrorKind::crypto,
                std::string("cannot build the ") + what + " extension: " + ossl::last_error());
  owner.release();
}

std::string to_der(X509_REQ* request) {
  unsigned char* der = nullptr;
  int length = i2d_X509_REQ(request, &der);
  ossl::OpensslMemory<unsigned char> owner(der);
  if (length <= 0) throw Error(ErrorKind::crypto, "cannot encode the CSR: " + ossl::last_error());
  return std::string(reinterpret_cast<const char*>(der), static_cast<std::size_t>(length));
}

[[noreturn]] void invalid(const std::string& why) {
  throw Error(ErrorKind::usage, "not a valid CSR: " + why);
}

ossl::X509Req parse_request(std::string_view pem_or_der) {
  ossl::X509Req request;
  if (pem_or_der.find("-----BEGIN") != std::string_view::npos) {
    ossl::Bio bio(BIO_new_mem_buf(pem_or_der.data(), static_cast<int>(pem_or_der.size())));
    if (!bio) throw Error(ErrorKind::crypto, "out of memory: " + ossl::last_error());
    request.reset(PEM_read_bio_X509_REQ(bio.get(), nullptr, nullptr, nullptr));
  } else {
    const auto* cursor = reinterpret_cast<const unsigned char*>(pem_or_der.data());
    request.reset(d2i_X509_REQ(nullptr, &cursor, static_cast<long>(pem_or_der.size())));
  }
  if (!request) invalid(ossl::last_error());
  return request;
}

// A name from the CSR as an identifier; DNS names are normalised the way the command line's are, so
// the order's identifiers compare equal to what the CA reads from the CSR.
Identifier normalised(const Identifier& identifier) {
  if (identifier.type == Identifier::Type::ip) return identifier;
  try {
    return parse_identifier(identifier.value);
  } catch (const Error& error) {
    invalid(error.what());
  }
}

}  // namespace

std::string make_csr_der(const PrivateKey& key, const std::vector<Identifier>& identifiers,
                         bool must_staple) {
  if (identifiers.empty()) throw Error(ErrorKind::usage, "a CSR needs at least one identifier");
  ossl::X509Req request(X509_REQ_new());
  ossl::X509Name subject(X509_NAME_new());
  ossl::GeneralNames alt_names(GENERAL_NAMES_new());
  ossl::X509ExtensionStack extensions(sk_X509_EXTENSION_new_null());
  if (!request || !subject || !alt_names || !extensions)
    throw Error(ErrorKind::crypto, "out of memory: " + ossl::last_error());

  // CAs take the names from the SAN extension (RFC 8555 §7.4); the CN is only for old software, so it
  // is the first DNS name when that fits, and absent when all names are IPs (RFC 8738 §3, since an IP
  // in a CN is deprecated).
  for (const Identifier& identifier : identifiers) {
    if (identifier.type != Identifier::Type::dns) continue;
    if (identifier.value.size() <= kMaxCommonName &&
        X509_NAME_add_entry_by_NID(subject.get(), NID_commonName, MBSTRING_UTF8,
                                   reinterpret_cast<const unsigned char*>(identifier.value.c_str()), -1, -1,
                                   0) != 1)
      throw Error(ErrorKind::crypto, "cannot set the CSR subject: " + ossl::last_error());
    break;
  }
  for (const Identifier& identifier : identifiers) {
    ossl::GeneralName name = general_name(identifier);
    if (sk_GENERAL_NAME_push(alt_names.get(), name.get()) == 0)
      throw Error(ErrorKind::crypto, "out of memory: " + ossl::last_error());
    name.release();
  }
  // RFC 5280 §4.2.1.6: with an empty subject the SAN extension must be critical.
  int san_critical = X509_NAME_entry_count(subject.get()) == 0 ? 1 : 0;
  push(extensions.get(), X509V3_EXT_i2d(NID_subject_alt_name, san_critical, alt_names.get()),
       "subjectAltName");
  if (must_staple) {
    // RFC 7633 §4: the TLS Feature extension listing status_request (5) asks for OCSP must-staple.
    push(extensions.get(), X509V3_EXT_conf_nid(nullptr, nullptr, NID_tlsfeature, "status_request"),
         "TLS Feature");
  }

  if (X509_REQ_set_version(request.get(), X509_REQ_VERSION_1) != 1 ||
      X509_REQ_set_subject_name(request.get(), subject.get()) != 1 ||
      X509_REQ_set_pubkey(request.get(), key.native()) != 1 ||
      X509_REQ_add_extensions(request.get(), extensions.get()) != 1)
    throw Error(ErrorKind::crypto, "cannot build the CSR: " + ossl::last_error());
  if (X509_REQ_sign(request.get(), key.native(), EVP_sha256()) <= 0)
    throw Error(ErrorKind::crypto, "cannot sign the CSR: " + ossl::last_error());
  return to_der(request.get());
}

CsrInfo read_csr(std::string_view pem_or_der) {
  ossl::X509Req request = parse_request(pem_or_der);
  EVP_PKEY* public_key = X509_REQ_get0_pubkey(request.get());
  if (public_key == nullptr) invalid("it holds no readable public key");
  // RFC 2986 §4.2: the signature proves the requester holds the private key.
  if (X509_REQ_verify(request.get(), public_key) != 1) {
    ossl::last_error();  // the queue explains nothing a user can act on; clear it
    invalid("its signature does not verify");
  }

  CsrInfo info;
  info.der = to_der(request.get());
  ossl::X509ExtensionStack extensions(X509_REQ_get_extensions(request.get()));
  ossl::GeneralNames names(
      static_cast<GENERAL_NAMES*>(X509V3_get_d2i(extensions.get(), NID_subject_alt_name, nullptr, nullptr)));
  std::vector<Identifier> alt_names;
  for (const Identifier& identifier : alt_name_identifiers(names.get()))
    alt_names.push_back(normalised(identifier));
  if (std::string cn = common_name(X509_REQ_get_subject_name(request.get())); !cn.empty()) {
    Identifier from_cn = normalised({Identifier::Type::dns, cn});
    bool listed = false;
    for (const Identifier& identifier : alt_names) listed = listed || identifier == from_cn;
    if (!listed) info.identifiers.push_back(from_cn);
  }
  info.identifiers.insert(info.identifiers.end(), alt_names.begin(), alt_names.end());
  if (info.identifiers.empty()) invalid("it names no DNS name or IP address");
  return info;
}

}  // namespace acmecli
