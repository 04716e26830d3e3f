// Equality of two short byte strings without a library call: the hot comparisons (a piece against
// a cached piece, a long token against the arena) are mostly 2-16 bytes, where calling memcmp
// costs more than comparing.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>

namespace tokenmeter {

// a[0, len) == b[0, len).
inline bool bytes_equal(const char* a, const char* b, size_t len) {
  if (len >= 8 && len <= 16) {
    uint64_t a0, a1, b0, b1;  // two loads that may overlap, never outside [0, len)
    std::memcpy(&a0, a, 8);
    std::memcpy(&b0, b, 8);
    std::memcpy(&a1, a + len - 8, 8);
    std::memcpy(&b1, b + len - 8, 8);
    return ((a0 ^ b0) | (a1 ^ b1)) == 0;
  }
  if (len >= 4 && len < 8) {
    uint32_t a0, a1, b0, b1;
    std::memcpy(&a0, a, 4);
    std::memcpy(&b0, b, 4);
    std::memcpy(&a1, a + len - 4, 4);
    std::memcpy(&b1, b + len - 4, 4);
    return ((a0 ^ b0) | (a1 ^ b1)) == 0;
  }
  return std::memcmp(a, b, len) == 0;
}

}  // namespace tokenmeter
