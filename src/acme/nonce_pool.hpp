// Every ACME response carries a fresh Replay-Nonce (RFC 8555 §6.5); keeping them saves a newNonce round
// trip per request. Shared by concurrent orders, so it is a mutex-guarded, bounded stack.
#pragma once

#include <cstddef>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace acmecli {

class NoncePool {
 public:
  explicit NoncePool(std::size_t capacity = 64) : capacity_(capacity) {}

  void add(std::string nonce);
  // The newest nonce: the one least likely to have expired on the CA's side.
  std::optional<std::string> take();
  std::size_t size() const;

 private:
  mutable std::mutex mutex_;
  std::vector<std::string> nonces_;
  std::size_t capacity_;
};

}  // namespace acmecli
