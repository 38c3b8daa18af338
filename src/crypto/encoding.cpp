#include "crypto/encoding.hpp"

#include <openssl/evp.h>
#include <openssl/pem.h>

#include <string>

#include "acmecli/error.hpp"
#include "crypto/openssl_handles.hpp"

namespace acmecli {
namespace {

bool is_base64_letter_or_digit(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
}

// Decodes standard-alphabet base64 whose length is a multiple of four and whose characters were
// already checked; EVP_DecodeBlock counts padding as zero bytes, so those are removed afterwards.
std::string decode_checked_base64(const std::string& text) {
  if (text.empty()) return {};
  std::string out(text.size() / 4 * 3, '\0');
  int written =
      EVP_DecodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                      reinterpret_cast<const unsigned char*>(text.data()), static_cast<int>(text.size()));
  if (written < 0) throw Error(ErrorKind::protocol, "malformed base64: " + ossl::last_error());
  std::size_t padding = 0;
  if (text.back() == '=') ++padding;
  if (text.size() >= 2 && text[text.size() - 2] == '=') ++padding;
  out.resize(static_cast<std::size_t>(written) - padding);
  return out;
}

// Counts the '=' padding at the end of text; more than two is never valid.
std::size_t count_padding(std::string_view text, std::string_view what) {
  std::size_t padding = 0;
  while (padding < text.size() && text[text.size() - 1 - padding] == '=') ++padding;
  if (padding > 2)
    throw Error(ErrorKind::protocol, std::string("malformed ") + std::string(what) + ": too much padding");
  return padding;
}

}  // namespace

std::string base64_encode(std::string_view bytes) {
  if (bytes.empty()) return {};
  std::string out((bytes.size() + 2) / 3 * 4 + 1, '\0');
  int written =
      EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                      reinterpret_cast<const unsigned char*>(bytes.data()), static_cast<int>(bytes.size()));
  out.resize(static_cast<std::size_t>(written));
  return out;
}

std::string base64_decode(std::string_view text) {
  // PEM bodies and pasted values carry line breaks; they are not part of the data.
  std::string compact;
  compact.reserve(text.size());
  for (char c : text) {
    if (c == '\n' || c == '\r' || c == ' ' || c == '\t') continue;
    compact.push_back(c);
  }
  std::size_t padding = count_padding(compact, "base64");
  for (std::size_t i = 0; i < compact.size() - padding; ++i) {
    char c = compact[i];
    if (!is_base64_letter_or_digit(c) && c != '+' && c != '/')
      throw Error(ErrorKind::protocol, "malformed base64: unexpected character");
  }
  if (compact.size() % 4 != 0) throw Error(ErrorKind::protocol, "malformed base64: truncated input");
  return decode_checked_base64(compact);
}

std::string base64url_encode(std::string_view bytes) {
  // RFC 7515 §2 / Appendix C: the URL-safe alphabet with the trailing '=' removed.
  std::string out = base64_encode(bytes);
  while (!out.empty() && out.back() == '=') out.pop_back();
  for (char& c : out) {
    if (c == '+')
      c = '-';
    else if (c == '/')
      c = '_';
  }
  return out;
}

std::string base64url_decode(std::string_view text) {
  std::size_t padding = count_padding(text, "base64url");
  std::string standard;
  standard.reserve(text.size() + 2);
  for (std::size_t i = 0; i < text.size() - padding; ++i) {
    char c = text[i];
    if (c == '-')
      c = '+';
    else if (c == '_')
      c = '/';
    else if (!is_base64_letter_or_digit(c))
      throw Error(ErrorKind::protocol, "malformed base64url: unexpected character");
    standard.push_back(c);
  }
  // One leftover character cannot encode a whole byte.
  if (standard.size() % 4 == 1) throw Error(ErrorKind::protocol, "malformed base64url: truncated input");
  if (padding != 0 && (standard.size() + padding) % 4 != 0)
    throw Error(ErrorKind::protocol, "malformed base64url: wrong padding");
  while (standard.size() % 4 != 0) standard.push_back('=');
  return decode_checked_base64(standard);
}

std::string sha256(std::string_view bytes) {
  std::string out(32, '\0');
  unsigned int length = 0;
  if (EVP_Digest(bytes.data(), bytes.size(), reinterpret_cast<unsigned char*>(out.data()), &length,
                 EVP_sha256(), nullptr) != 1)
    throw Error(ErrorKind::crypto, "SHA-256 failed: " + ossl::last_error());
  out.resize(length);
  return out;
}

std::string hmac(std::string_view algorithm, std::string_view key, std::string_view data) {
  std::string digest_name(algorithm);
  std::string out(EVP_MAX_MD_SIZE, '\0');
  std::size_t length = 0;
  if (EVP_Q_mac(nullptr, "HMAC", nullptr, digest_name.c_str(), nullptr, key.data(), key.size(),
                reinterpret_cast<const unsigned char*>(data.data()), data.size(),
                reinterpret_cast<unsigned char*>(out.data()), out.size(), &length) == nullptr)
    throw Error(ErrorKind::crypto, "HMAC with " + digest_name + " failed: " + ossl::last_error());
  out.resize(length);
  return out;
}

std::string to_hex(std::string_view bytes) {
  static constexpr char digits[] = "0123456789abcdef";
  std::string out;
  out.reserve(bytes.size() * 2);
  for (unsigned char byte : bytes) {
    out.push_back(digits[byte >> 4]);
    out.push_back(digits[byte & 0x0f]);
  }
  return out;
}

std::string der_to_pem(std::string_view der, std::string_view label) {
  // RFC 7468 §2: base64 lines of 64 characters between the encapsulation boundaries.
  std::string body = base64_encode(der);
  std::string out = "-----BEGIN " + std::string(label) + "-----\n";
  for (std::size_t i = 0; i < body.size(); i += 64) {
    out.append(body, i, 64);
    out.push_back('\n');
  }
  out += "-----END " + std::string(label) + "-----\n";
  return out;
}

std::string pem_to_der(std::string_view pem) {
  ossl::Bio bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())));
  if (!bio) throw Error(ErrorKind::crypto, "out of memory: " + ossl::last_error());
  char* name = nullptr;
  char* header = nullptr;
  unsigned char* data = nullptr;
  long length = 0;
  int ok = PEM_read_bio(bio.get(), &name, &header, &data, &length);
  ossl::OpensslMemory<char> name_owner(name);
  ossl::OpensslMemory<char> header_owner(header);
  ossl::OpensslMemory<unsigned char> data_owner(data);
  if (ok != 1) throw Error(ErrorKind::crypto, "no PEM block found: " + ossl::last_error());
  return std::string(reinterpret_cast<const char*>(data), static_cast<std::size_t>(length));
}

}  // namespace acmecli
