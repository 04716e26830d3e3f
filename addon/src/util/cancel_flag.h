// Cooperative cancellation: the JavaScript side sets the flag (AbortSignal), the worker thread
// sees it between pieces and stops with Error(kAborted), freeing its buffers as it unwinds.
#pragma once

#include <atomic>

#include "util/error.h"

namespace tokenmeter {

class CancelFlag {
 public:
  void cancel() { cancelled_.store(true, std::memory_order_relaxed); }
  bool cancelled() const { return cancelled_.load(std::memory_order_relaxed); }
  void throw_if_cancelled() const {
    if (cancelled()) throw Error(ErrorCode::kAborted, "The operation was aborted");
  }

 private:
  std::atomic<bool> cancelled_{false};
};

}  // namespace tokenmeter
