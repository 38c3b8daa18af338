// InProcessNameLocks: a mutex per name, and a counter per name that fences stale leases.
#include <condition_variable>

#include "acmecli/certificate_cache.hpp"

namespace acmecli {

struct InProcessNameLocks::NameLock {
  std::mutex mutex;
  std::condition_variable released;
  bool held = false;
  std::uint64_t granted = 0;  // the latest fencing token handed out
};

namespace {

class InProcessLease final : public CacheLease {
 public:
  InProcessLease(std::shared_ptr<void> name_lock, std::function<void()> release, std::uint64_t token)
      : name_lock_(std::move(name_lock)), release_(std::move(release)), token_(token) {}
  ~InProcessLease() override { release_(); }
  std::uint64_t fencing_token() const override { return token_; }

 private:
  std::shared_ptr<void> name_lock_;
  std::function<void()> release_;
  std::uint64_t token_;
};

}  // namespace

std::unique_ptr<CacheLease> InProcessNameLocks::lock(std::string_view name) {
  std::shared_ptr<NameLock> entry;
  {
    std::lock_guard lock(mutex_);
    auto& slot = names_[std::string(name)];
    if (!slot) slot = std::make_shared<NameLock>();
    entry = slot;
  }
  std::unique_lock name_lock(entry->mutex);
  entry->released.wait(name_lock, [&] { return !entry->held; });
  entry->held = true;
  const std::uint64_t token = ++entry->granted;
  NameLock* raw = entry.get();
  return std::make_unique<InProcessLease>(
      entry,
      [raw] {
        {
          std::lock_guard lock(raw->mutex);
          raw->held = false;
        }
        raw->released.notify_one();
      },
      token);
}

bool InProcessNameLocks::is_current(std::string_view name, const CacheLease& lease) const {
  std::shared_ptr<NameLock> entry;
  {
    std::lock_guard lock(mutex_);
    auto found = names_.find(name);
    if (found == names_.end()) return false;
    entry = found->second;
  }
  std::lock_guard name_lock(entry->mutex);
  return entry->held && entry->granted == lease.fencing_token();
}

}  // namespace acmecli
