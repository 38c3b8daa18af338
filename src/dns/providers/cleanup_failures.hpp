// Clean-up that tries every record even when one fails, so one refused removal does not leave the
// others behind in the zone; the failures are reported together once all were tried.
#pragma once

#include <string>
#include <utility>

#include "acmecli/error.hpp"

namespace acmecli::dns {

class CleanupFailures {
 public:
  // Runs step; an Error it throws is kept for throw_if_any() instead of stopping the clean-up.
  template <typename Step>
  void attempt(Step&& step) {
    try {
      std::forward<Step>(step)();
    } catch (const Error& e) {
      messages_ += (messages_.empty() ? "" : "; ") + std::string(e.what());
    }
  }

  // Throws Error(challenge) joining every kept message, when there is one.
  void throw_if_any() const {
    if (!messages_.empty()) throw Error(ErrorKind::challenge, messages_);
  }

 private:
  std::string messages_;
};

}  // namespace acmecli::dns
