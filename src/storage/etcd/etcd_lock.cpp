#include "storage/etcd/etcd_lock.hpp"

#include <algorithm>

#include "acmecli/error.hpp"
#include "util/interruption.hpp"
#include "util/log.hpp"
#include "util/printable.hpp"

namespace acmecli::etcd {

namespace {
// How often a waiter looks again. A watch would answer sooner, but the gateway streams watches, and a
// lock waited on at all is held by a host that is ordering a certificate: seconds, not milliseconds.
constexpr auto kRetryEvery = std::chrono::milliseconds(250);
}  // namespace

std::unique_ptr<Lock> Lock::acquire(Client& client, std::string key, std::string owner, std::chrono::seconds ttl,
                                    std::chrono::milliseconds wait) {
  std::int64_t lease = client.grant_lease(ttl);
  auto renewed = std::chrono::steady_clock::now();
  const auto deadline = renewed + wait;
  std::string holder;
  try {
    while (true) {
      // A wait longer than the lease (a holder that died, whose own lease must run out first) would
      // let the waiter's lease end too; it is kept alive as the holder's is, or granted again.
      if (std::chrono::steady_clock::now() - renewed >= ttl / 3) {
        if (client.keep_alive(lease) == std::chrono::seconds(0)) lease = client.grant_lease(ttl);
        renewed = std::chrono::steady_clock::now();
      }
      // Created only if absent: the key's create_revision is 0 exactly when nobody holds it.
      TransactionResult taken =
          client.transaction({created_at(key, 0)}, {put_operation(key, owner, lease)}, {get_operation(key)});
      if (taken.succeeded) {
        spdlog::debug("etcd: took the lock {} (fencing token {})", key, taken.revision);
        return std::unique_ptr<Lock>(new Lock(client, std::move(key), lease, taken.revision, ttl));
      }
      if (!taken.gets.empty() && !taken.gets.front().empty()) {
        const KeyValue& found = taken.gets.front().front();
        // Ours already: an earlier attempt went through while etcd answered "leader changed", and the
        // client sent it again (Client::call). The key's create_revision is this holder's token.
        if (found.lease == lease) {
          return std::unique_ptr<Lock>(new Lock(client, std::move(key), lease, found.create_revision, ttl));
        }
        holder = found.value;
      }
      if (std::chrono::steady_clock::now() >= deadline) {
        throw Error(ErrorKind::local_file, "etcd: the lock " + printable(key) + " is held by " +
                                               (holder.empty() ? std::string("another host") : printable(holder)) +
                                               "; gave up after " + std::to_string(wait.count() / 1000) + " s");
      }
      throw_if_interrupted();
      std::this_thread::sleep_for(std::min<std::chrono::milliseconds>(
          kRetryEvery, std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now())));
    }
  } catch (...) {
    // Not taken: the lease has no key to keep. (Unrevoked, it would end by itself after ttl.)
    try {
      client.revoke_lease(lease);
    } catch (const Error&) {
    }
    throw;
  }
}

Lock::Lock(Client& client, std::string key, std::int64_t lease, std::int64_t created, std::chrono::seconds ttl)
    : client_(client), key_(std::move(key)), lease_(lease), created_(created) {
  keeper_ = std::thread([this, ttl] { keep_alive_loop(ttl); });
}

Lock::~Lock() { release(); }

Compare Lock::still_held() const {
  return created_at(key_, created_);
}

void Lock::keep_alive_loop(std::chrono::seconds ttl) {
  const auto every = std::max<std::chrono::milliseconds>(std::chrono::milliseconds(100), ttl / 3);
  std::unique_lock lock(mutex_);
  while (!wake_.wait_for(lock, every, [this] { return stopping_; })) {
    lock.unlock();
    try {
      if (client_.keep_alive(lease_) == std::chrono::seconds(0)) {
        lost_ = true;
        spdlog::warn("etcd: the lease of the lock {} ended; writes under it will be refused", key_);
        return;
      }
    } catch (const Error& e) {
      // etcd unreachable for now: the next turn tries again, and the fencing keeps writes safe meanwhile.
      spdlog::warn("etcd: keeping the lock {} alive: {}", key_, e.what());
    }
    lock.lock();
  }
}

void Lock::release() {
  {
    std::lock_guard lock(mutex_);
    if (stopping_) return;
    stopping_ = true;
  }
  wake_.notify_all();
  if (keeper_.joinable()) keeper_.join();
  try {
    // Only our own key: after a lost lease the key may be another holder's now.
    client_.transaction({still_held()}, {remove_operation(key_)});
    client_.revoke_lease(lease_);
  } catch (const Error& e) {
    spdlog::warn("etcd: releasing the lock {}: {} (it ends with its lease)", key_, e.what());
  }
}

}  // namespace acmecli::etcd
