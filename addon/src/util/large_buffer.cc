#include "util/large_buffer.h"

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <new>

#if defined(__linux__)
#include <sys/mman.h>
#endif

namespace tokenmeter {

void FreeDeleter::operator()(void* memory) const { std::free(memory); }

namespace {

constexpr size_t kHugePage = size_t(2) << 20;

// Huge-page backed memory of at least `bytes` (>= kHugePage), or nullptr where not supported.
void* allocate_huge(size_t bytes, size_t* rounded) {
#if defined(__linux__) && defined(MADV_HUGEPAGE)
  *rounded = (bytes + kHugePage - 1) / kHugePage * kHugePage;
  void* memory = std::aligned_alloc(kHugePage, *rounded);
  if (memory == nullptr) throw std::bad_alloc();
  madvise(memory, *rounded, MADV_HUGEPAGE);  // advice only: failure leaves ordinary pages
  return memory;
#else
  (void)bytes;
  (void)rounded;
  return nullptr;
#endif
}

}  // namespace

std::unique_ptr<void, FreeDeleter> allocate_large_zeroed(size_t bytes) {
  if (bytes == 0) bytes = 1;
  size_t rounded = 0;
  if (bytes >= kHugePage) {
    if (void* memory = allocate_huge(bytes, &rounded)) {
      std::memset(memory, 0, rounded);
      return std::unique_ptr<void, FreeDeleter>(memory);
    }
  }
  void* memory = std::calloc(1, bytes);
  if (memory == nullptr) throw std::bad_alloc();
  return std::unique_ptr<void, FreeDeleter>(memory);
}

std::unique_ptr<void, FreeDeleter> allocate_large(size_t bytes) {
  if (bytes == 0) bytes = 1;
  size_t rounded = 0;
  if (bytes >= kHugePage) {
    if (void* memory = allocate_huge(bytes, &rounded)) return std::unique_ptr<void, FreeDeleter>(memory);
  }
  void* memory = std::malloc(bytes);
  if (memory == nullptr) throw std::bad_alloc();
  return std::unique_ptr<void, FreeDeleter>(memory);
}

void ByteBuffer::reserve(size_t capacity) {
  if (capacity <= capacity_) return;
  std::unique_ptr<void, FreeDeleter> bigger = allocate_large(capacity);
  if (size_ > 0) std::memcpy(bigger.get(), memory_.get(), size_);
  memory_ = std::move(bigger);
  capacity_ = capacity;
}

char* ByteBuffer::append_space(size_t max_bytes) {
  if (size_ + max_bytes > capacity_) reserve(std::max(size_ + max_bytes, capacity_ * 2));
  return static_cast<char*>(memory_.get()) + size_;
}

void ByteBuffer::append(const char* bytes, size_t count) {
  char* end = append_space(count);
  if (count > 0) std::memcpy(end, bytes, count);
  size_ += count;
}

}  // namespace tokenmeter
