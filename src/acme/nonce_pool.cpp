#include "acme/nonce_pool.hpp"

namespace acmecli {

void NoncePool::add(std::string nonce) {
  if (nonce.empty()) return;
  std::lock_guard lock(mutex_);
  if (nonces_.size() >= capacity_) nonces_.erase(nonces_.begin());
  nonces_.push_back(std::move(nonce));
}

std::optional<std::string> NoncePool::take() {
  std::lock_guard lock(mutex_);
  if (nonces_.empty()) return std::nullopt;
  std::string nonce = std::move(nonces_.back());
  nonces_.pop_back();
  return nonce;
}

std::size_t NoncePool::size() const {
  std::lock_guard lock(mutex_);
  return nonces_.size();
}

}  // namespace acmecli
