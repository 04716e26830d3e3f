// A few long-lived threads that help one call finish sooner (a long text split at pre-token
// boundaries, or a large batch of texts).
//
// Why not a new std::thread per call, as before: each new thread starts with cold per-thread
// caches (piece cache, pair cache) and must fault in their memory again, which on the 2-core VMs
// measured cost more than the help was worth for batches, and cut countAsync's gain. Helpers live
// for the rest of the process, so their caches stay warm.
//
// Any number of calls may run at once (libuv's pool runs up to four); each call's items are shared
// by the calling thread and whichever helpers are free. The caller always works too, so a call
// completes even when every helper is busy elsewhere, or none exist (e.g. in a forked child).
#pragma once

#include <cstddef>
#include <functional>

namespace tokenmeter {

// Runs `per_item(i)` for every i in [0, items) on the calling thread and up to `threads - 1`
// helpers. Items are handed out one at a time. The first exception thrown by any item is rethrown
// here once every thread has stopped working on this call; the remaining items are skipped.
void run_on_helpers(size_t items, unsigned threads, const std::function<void(size_t)>& per_item);

}  // namespace tokenmeter
