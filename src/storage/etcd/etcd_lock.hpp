// A lock that hosts of a fleet take on one name in etcd, with a fencing token (issue 21). The holder's
// key lives on a lease that a thread keeps alive; a holder that stalls past the lease loses the key, and
// another host may take it. What makes that safe is the fencing: every write the holder makes carries
// still_held(), a comparison that holds only while the key is the very one this holder created (its
// create_revision, which etcd never gives twice), in the same transaction as the write. A stalled holder
// that wakes up after losing the lock therefore cannot overwrite what its successor wrote; certmagic's
// TTL-only locks on Redis or Consul cannot promise that.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "storage/etcd/etcd_client.hpp"

namespace acmecli::etcd {

class Lock {
 public:
  // Takes `key` (e.g. "<prefix>/locks/certificates/example.com") for `owner` (a host name and process,
  // shown to whoever waits), waiting up to `wait` while another holds it. The lease lasts `ttl` and is
  // renewed every third of it. Throws Error(local_file) naming the holder when the wait runs out, and
  // Error(interrupted) when SIGINT/SIGTERM arrives while waiting.
  static std::unique_ptr<Lock> acquire(Client& client, std::string key, std::string owner, std::chrono::seconds ttl,
                                       std::chrono::milliseconds wait);
  ~Lock();  // releases
  Lock(const Lock&) = delete;
  Lock& operator=(const Lock&) = delete;

  // The condition a write made under this lock must carry in its transaction.
  Compare still_held() const;
  // The revision at which this holder created the key: a number no earlier holder had and every later
  // one exceeds.
  std::int64_t fencing_token() const { return created_; }
  std::int64_t lease() const { return lease_; }
  // The keep-alive found the lease gone: writes under still_held() will be refused.
  bool lost() const { return lost_; }
  // Deletes the key (only if still ours) and revokes the lease. Safe to call twice.
  void release();

 private:
  Lock(Client& client, std::string key, std::int64_t lease, std::int64_t created, std::chrono::seconds ttl);
  void keep_alive_loop(std::chrono::seconds ttl);

  Client& client_;
  std::string key_;
  std::int64_t lease_;
  std::int64_t created_;
  std::atomic<bool> lost_{false};
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  std::thread keeper_;
};

}  // namespace acmecli::etcd
