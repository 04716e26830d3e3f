#include "encoding/piece_cache.h"

#include <memory>

namespace tokenmeter {

PieceCache& PieceCache::for_this_thread() {
  // Heap-allocated on first use: static thread-local storage in a dlopen'ed addon must stay small.
  thread_local std::unique_ptr<PieceCache> cache;
  if (!cache) cache = std::make_unique<PieceCache>();
  return *cache;
}

}  // namespace tokenmeter
