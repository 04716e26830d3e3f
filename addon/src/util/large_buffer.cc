#include "util/large_buffer.h"

#include <cstdlib>
#include <cstring>
#include <new>

#if defined(__linux__)
#include <sys/mman.h>
#endif

namespace tokenmeter {

void FreeDeleter::operator()(void* memory) const { std::free(memory); }

std::unique_ptr<void, FreeDeleter> allocate_large_zeroed(size_t bytes) {
  if (bytes == 0) bytes = 1;
#if defined(__linux__) && defined(MADV_HUGEPAGE)
  constexpr size_t kHugePage = size_t(2) << 20;
  if (bytes >= kHugePage) {
    const size_t rounded = (bytes + kHugePage - 1) / kHugePage * kHugePage;
    void* memory = std::aligned_alloc(kHugePage, rounded);
    if (memory == nullptr) throw std::bad_alloc();
    madvise(memory, rounded, MADV_HUGEPAGE);  // advice only: failure leaves ordinary pages
    std::memset(memory, 0, rounded);
    return std::unique_ptr<void, FreeDeleter>(memory);
  }
#endif
  void* memory = std::calloc(1, bytes);
  if (memory == nullptr) throw std::bad_alloc();
  return std::unique_ptr<void, FreeDeleter>(memory);
}

}  // namespace tokenmeter
