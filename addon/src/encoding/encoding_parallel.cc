// Encoding::encode_parallel / count_parallel: one long text on several threads.
#include <algorithm>
#include <atomic>
#include <mutex>
#include <thread>

#include "encoding/encoding.h"
#include "encoding/encoding_sinks.h"
#include "encoding/parallel_split.h"
#include "util/error.h"

namespace tokenmeter {
namespace {

// Below this, starting a thread costs more than it saves.
constexpr size_t kMinBytesPerThread = 256 * 1024;

// A run of work in text order: a special-free segment, or one allowed special token.
struct Work {
  std::string_view segment;
  uint32_t special_id;
  bool is_special;
};


std::vector<Work> split_work(const Encoding& enc, std::string_view text, const SpecialPolicy& policy,
                             size_t parts) {
  std::vector<Work> work;
  auto add_segment = [&](std::string_view segment) {
    std::vector<size_t> cuts = plan_cuts(segment, std::max<size_t>(1, parts * segment.size() / std::max<size_t>(1, text.size())));
    for (size_t i = 0; i + 1 < cuts.size(); ++i) {
      work.push_back({segment.substr(cuts[i], cuts[i + 1] - cuts[i]), 0, false});
    }
  };
  size_t start = 0;
  while (true) {
    auto found = policy.any_allowed ? enc.specials().find(text, start, policy.allowed)
                                    : std::pair<size_t, int>{std::string_view::npos, -1};
    size_t end = found.second >= 0 ? found.first : text.size();
    if (end > start) add_segment(text.substr(start, end - start));
    if (found.second < 0) break;
    const SpecialToken& token = enc.specials().tokens()[static_cast<size_t>(found.second)];
    work.push_back({{}, token.id, true});
    start = end + token.text.size();
  }
  return work;
}

// Runs `per_item(i)` for every work item on `threads` threads (the caller's included). Items are
// handed out one at a time, so uneven item sizes still keep every thread busy; the first failure
// is rethrown on the calling thread once all threads have stopped.
template <class PerItem>
void run_spread(size_t items, unsigned threads, PerItem per_item) {
  std::atomic<size_t> next_item{0};
  std::exception_ptr failure;
  std::mutex failure_mutex;
  auto worker = [&]() {
    try {
      for (size_t i = next_item++; i < items; i = next_item++) per_item(i);
    } catch (...) {
      std::lock_guard<std::mutex> lock(failure_mutex);
      if (!failure) failure = std::current_exception();
      next_item = items;  // stop the others early
    }
  };
  std::vector<std::thread> pool;
  for (unsigned t = 1; t < threads; ++t) pool.emplace_back(worker);
  worker();
  for (auto& thread : pool) thread.join();
  if (failure) std::rethrow_exception(failure);
}

unsigned useful_threads(size_t bytes, unsigned threads) {
  size_t by_size = bytes / kMinBytesPerThread;
  if (by_size < threads) threads = static_cast<unsigned>(by_size < 1 ? 1 : by_size);
  return threads < 1 ? 1 : threads;
}

}  // namespace

void Encoding::encode_parallel(std::string_view text, const SpecialPolicy& policy, unsigned threads,
                               std::vector<uint32_t>& out, const CancelFlag* cancel) const {
  threads = useful_threads(text.size(), threads);
  if (threads == 1) {
    VectorSink sink{out};
    encode_with_policy(text, policy, sink, cancel);
    return;
  }
  check_disallowed(text, policy);
  std::vector<Work> work = split_work(*this, text, policy, threads * 4);
  std::vector<std::vector<uint32_t>> results(work.size());
  run_spread(work.size(), threads, [&](size_t i) {
    if (work[i].is_special) {
      results[i].push_back(work[i].special_id);
      return;
    }
    VectorSink sink{results[i]};
    MergeScratch scratch;
    encode_segment(work[i].segment, sink, scratch, cancel);
  });
  size_t total = 0;
  for (const auto& r : results) total += r.size();
  out.reserve(out.size() + total);
  for (const auto& r : results) out.insert(out.end(), r.begin(), r.end());
}

size_t Encoding::count_parallel(std::string_view text, const SpecialPolicy& policy, unsigned threads,
                                const CancelFlag* cancel) const {
  threads = useful_threads(text.size(), threads);
  if (threads == 1) {
    CountSink sink;
    encode_with_policy(text, policy, sink, cancel);
    return sink.count;
  }
  check_disallowed(text, policy);
  std::vector<Work> work = split_work(*this, text, policy, threads * 4);
  std::vector<size_t> counts(work.size(), 0);
  run_spread(work.size(), threads, [&](size_t i) {
    if (work[i].is_special) {
      counts[i] = 1;
      return;
    }
    CountSink sink;
    MergeScratch scratch;
    encode_segment(work[i].segment, sink, scratch, cancel);
    counts[i] = sink.count;
  });
  size_t total = 0;
  for (size_t c : counts) total += c;
  return total;
}

}  // namespace tokenmeter
