// What the orders of one Issuer (one run) hold at the CA at the same time. Boulder answers an identical
// newOrder with the order already pending or ready, and gives a new order the pending authorizations
// of earlier ones (docs/acme-implementation_details.md, "Object Reuse"), so two certificates of one run
// can be handed the same order, or share an authorization. Without this, one would finalize the order
// the other is working on, or deactivate an authorization the other still needs.
#pragma once

#include <condition_variable>
#include <functional>
#include <map>
#include <mutex>
#include <set>
#include <string>
#include <vector>

namespace acmecli {

class OrderClaims {
 public:
  // True when this obtain now holds the order; false while another obtain of the run holds it.
  bool claim_order(const std::string& order_url);
  // Blocks until no obtain holds the order.
  void wait_for_order_release(const std::string& order_url);
  void release_order(const std::string& order_url);

  void claim_authorizations(const std::vector<std::string>& authorization_urls);
  void release_authorizations(const std::vector<std::string>& authorization_urls);
  // True while another obtain of the run also holds the authorization.
  bool held_by_another(const std::string& authorization_url) const;
  // True for the first obtain to ask: it answers the challenge (owner names it, e.g. its OrderClaim).
  // Another obtain sharing the authorization only waits for it, since answering a challenge twice is
  // refused once it is processing (Boulder: "authorization must be pending").
  bool claim_solving(const std::string& authorization_url, const void* owner);
  // The owner answered the challenge: those waiting in wait_for_answer go on to poll the authorization.
  void mark_answered(const std::string& authorization_url, const void* owner);
  // The owner fails before answering (its order failed elsewhere, its solver could not present): an
  // obtain waiting for the answer takes the challenge over instead of polling an authorization nobody
  // will answer until its poll times out. Does nothing once answered, or for a claim not the owner's.
  void abandon_solving(const std::string& authorization_url, const void* owner);
  enum class Answer { answered, abandoned, stopped };
  // Blocks until the challenge was answered, or its claim given up (abandoned: the caller may
  // claim_solving and answer it itself), or stop() is true (checked again after each wake_waiters()).
  Answer wait_for_answer(const std::string& authorization_url, const std::function<bool()>& stop);
  // Makes every wait_for_answer look at its stop() again: an order whose other step failed waits for
  // no one.
  void wake_waiters();

 private:
  mutable std::mutex mutex_;
  std::condition_variable order_released_;
  std::set<std::string> orders_;
  std::map<std::string, int> authorizations_;
  std::condition_variable solving_changed_;
  struct Solving {
    const void* owner;
    bool answered;
  };
  std::map<std::string, Solving> solving_;
};

// Holds one order and its authorizations for the lifetime of an obtain, and gives them back however
// it ends.
class OrderClaim {
 public:
  OrderClaim(OrderClaims& claims, std::string order_url, std::vector<std::string> authorization_urls);
  ~OrderClaim();
  OrderClaim(const OrderClaim&) = delete;
  OrderClaim& operator=(const OrderClaim&) = delete;

 private:
  OrderClaims& claims_;
  std::string order_url_;
  std::vector<std::string> authorization_urls_;
};

}  // namespace acmecli
