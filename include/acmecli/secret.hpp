// Keys, HMACs, TSIG secrets and API tokens live in a Secret so that formatting one into a log line or an
// error message prints "[redacted]" instead of the value. Reading the value takes an explicit reveal().
#pragma once

#include <ostream>
#include <string>
#include <utility>

namespace acmecli {

class Secret {
 public:
  Secret() = default;
  explicit Secret(std::string value) : value_(std::move(value)) {}
  Secret(const Secret&) = default;
  Secret(Secret&&) noexcept = default;
  Secret& operator=(const Secret&) = default;
  Secret& operator=(Secret&&) noexcept = default;
  ~Secret();  // wipes the bytes with OPENSSL_cleanse

  const std::string& reveal() const { return value_; }
  bool empty() const { return value_.empty(); }
  bool operator==(const Secret& other) const { return value_ == other.value_; }

 private:
  std::string value_;
};

inline std::ostream& operator<<(std::ostream& out, const Secret&) { return out << "[redacted]"; }

}  // namespace acmecli
