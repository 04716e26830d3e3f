// Memory for large buffers: long-lived tables (a vocabulary's hash slots: 4-8 MB, a thread's piece
// cache) and multi-megabyte copies (a large text's UTF-8).
//
// On Linux a buffer of 2 MiB or more is aligned to 2 MiB and offered to transparent huge pages.
// Two reasons, both measured on the 2-core VMs this project targets: filling a table page by page
// took ~15 us per 4 KiB page fault (13 ms for cl100k's 4 MB of slots, most of a cold start's table
// build; 0.5 ms with huge pages), and random lookups over a few MB then miss the TLB far less. Where huge
// pages are unavailable the kernel simply ignores the advice; elsewhere it is plain calloc/malloc.
#pragma once

#include <cstddef>
#include <memory>

namespace tokenmeter {

struct FreeDeleter {
  void operator()(void* memory) const;
};

// `bytes` of zeroed memory; throws std::bad_alloc on failure.
std::unique_ptr<void, FreeDeleter> allocate_large_zeroed(size_t bytes);
// `bytes` of uninitialized memory, huge-page backed from 2 MiB up (e.g. a multi-megabyte text's
// UTF-8 copy, written once and read once); throws std::bad_alloc on failure.
std::unique_ptr<void, FreeDeleter> allocate_large(size_t bytes);

template <class T>
class LargeArray {
 public:
  LargeArray() = default;
  // `count` elements of T, all bytes zero (T must be valid as all-zero bytes or be filled after).
  explicit LargeArray(size_t count)
      : memory_(allocate_large_zeroed(count * sizeof(T))), data_(static_cast<T*>(memory_.get())), size_(count) {}
  T& operator[](size_t i) { return data_[i]; }
  const T& operator[](size_t i) const { return data_[i]; }
  T* data() { return data_; }
  const T* data() const { return data_; }
  size_t size() const { return size_; }

 private:
  std::unique_ptr<void, FreeDeleter> memory_;
  T* data_ = nullptr;
  size_t size_ = 0;
};

// Bytes appended piece by piece (a multi-megabyte text arriving in chunks), kept in memory from
// allocate_large; grows by doubling.
class ByteBuffer {
 public:
  void reserve(size_t capacity);
  void append(const char* bytes, size_t count);
  // Room for up to `max_bytes` more at the end, to write into directly; then appended(n) keeps n.
  char* append_space(size_t max_bytes);
  void appended(size_t count) { size_ += count; }
  const char* data() const { return static_cast<const char*>(memory_.get()); }
  size_t size() const { return size_; }

 private:
  std::unique_ptr<void, FreeDeleter> memory_;
  size_t size_ = 0;
  size_t capacity_ = 0;
};

}  // namespace tokenmeter
