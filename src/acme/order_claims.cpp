#include "acme/order_claims.hpp"

namespace acmecli {

bool OrderClaims::claim_order(const std::string& order_url) {
  std::lock_guard lock(mutex_);
  return orders_.insert(order_url).second;
}

void OrderClaims::wait_for_order_release(const std::string& order_url) {
  std::unique_lock lock(mutex_);
  order_released_.wait(lock, [&] { return orders_.count(order_url) == 0; });
}

void OrderClaims::release_order(const std::string& order_url) {
  {
    std::lock_guard lock(mutex_);
    orders_.erase(order_url);
  }
  order_released_.notify_all();
}

void OrderClaims::claim_authorizations(const std::vector<std::string>& authorization_urls) {
  std::lock_guard lock(mutex_);
  for (const auto& url : authorization_urls) ++authorizations_[url];
}

void OrderClaims::release_authorizations(const std::vector<std::string>& authorization_urls) {
  std::lock_guard lock(mutex_);
  for (const auto& url : authorization_urls) {
    auto it = authorizations_.find(url);
    if (it == authorizations_.end()) continue;
    if (--it->second == 0) {
      authorizations_.erase(it);
      solving_.erase(url);
    }
  }
  solving_changed_.notify_all();
}

bool OrderClaims::held_by_another(const std::string& authorization_url) const {
  std::lock_guard lock(mutex_);
  auto it = authorizations_.find(authorization_url);
  return it != authorizations_.end() && it->second > 1;
}

bool OrderClaims::claim_solving(const std::string& authorization_url, const void* owner) {
  std::lock_guard lock(mutex_);
  return solving_.emplace(authorization_url, Solving{owner, false}).second;
}

void OrderClaims::mark_answered(const std::string& authorization_url, const void* owner) {
  {
    std::lock_guard lock(mutex_);
    auto it = solving_.find(authorization_url);
    if (it == solving_.end() || it->second.owner != owner) return;
    it->second.answered = true;
  }
  solving_changed_.notify_all();
}

void OrderClaims::abandon_solving(const std::string& authorization_url, const void* owner) {
  {
    std::lock_guard lock(mutex_);
    auto it = solving_.find(authorization_url);
    if (it == solving_.end() || it->second.owner != owner || it->second.answered) return;
    solving_.erase(it);
  }
  solving_changed_.notify_all();
}

OrderClaims::Answer OrderClaims::wait_for_answer(const std::string& authorization_url,
                                                 const std::function<bool()>& stop) {
  std::unique_lock lock(mutex_);
  Answer answer = Answer::stopped;
  solving_changed_.wait(lock, [&] {
    auto it = solving_.find(authorization_url);
    if (it == solving_.end()) {
      answer = Answer::abandoned;
    } else if (it->second.answered) {
      answer = Answer::answered;
    } else if (stop()) {
      answer = Answer::stopped;
    } else {
      return false;
    }
    return true;
  });
  return answer;
}

void OrderClaims::wake_waiters() {
  { std::lock_guard lock(mutex_); }  // a waiter between its stop() check and its wait sees this wake
  solving_changed_.notify_all();
}

OrderClaim::OrderClaim(OrderClaims& claims, std::string order_url,
                       std::vector<std::string> authorization_urls)
    : claims_(claims), order_url_(std::move(order_url)), authorization_urls_(std::move(authorization_urls)) {
  claims_.claim_authorizations(authorization_urls_);
}

OrderClaim::~OrderClaim() {
  claims_.release_authorizations(authorization_urls_);
  claims_.release_order(order_url_);
}

}  // namespace acmecli
