#include "cli/invocation.hpp"

#include "acmecli/error.hpp"
#include "cli/command_table.hpp"

namespace acmecli::cli {

Invocation::Invocation(const CommandLine& line, unsigned needs)
    : line_(line), needs_(needs), storage_(open_storage(line.options.global)) {}

void Invocation::set_up() {
  // Checked first: an address that is not one must not leave a directory or an account behind.
  check_email(global().email);
  if ((needs_ & kStore) != 0) storage_->prepare();
  if ((needs_ & kLock) != 0) lock_store();
  if ((needs_ & (kCa | kAccount)) != 0) open_ca();
  if ((needs_ & kAccount) != 0) context_->use_account(global().accept_tos);
}

void Invocation::lock_store() {
  if (locked_) return;
  if (auto lock = storage_->lock_run(global())) lock_.emplace(std::move(*lock));
  locked_ = true;
}

Context& Invocation::open_ca(const GlobalOptions& options) {
  if (!context_) context_ = std::make_unique<Context>(options, storage_);
  return *context_;
}

Context& Invocation::context() {
  if (!context_) throw Error(ErrorKind::internal, "a command used the CA without kCa in its command table row");
  return *context_;
}

}  // namespace acmecli::cli
