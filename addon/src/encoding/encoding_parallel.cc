// Encoding::encode_parallel / count_parallel: one long text on several threads.
// Encoding::encode_many / count_many: a batch of texts on several threads.
#include <algorithm>
#include <functional>

#include "encoding/encoding.h"
#include "encoding/encoding_sinks.h"
#include "encoding/helper_pool.h"
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

// Runs `per_item(i)` for every work item on `threads` threads (the caller's included); see
// helper_pool.h.
template <class PerItem>
void run_spread(size_t items, unsigned threads, PerItem per_item) {
  run_on_helpers(items, threads, std::function<void(size_t)>(per_item));
}

// A batch needs less text per thread to pay for one: its texts are usually fresh, short strings,
// which tokenize at a fraction of the speed of long repetitive text.
constexpr size_t kMinBatchBytesPerThread = 32 * 1024;

// Contiguous runs of texts of about equal byte size, several per thread so uneven runs balance.
std::vector<size_t> batch_ranges(const std::vector<std::string_view>& texts, size_t total_bytes, unsigned threads) {
  std::vector<size_t> starts{0};
  const size_t target = std::max<size_t>(1, total_bytes / (size_t(threads) * 8));
  size_t bytes = 0;
  for (size_t i = 0; i < texts.size(); ++i) {
    bytes += texts[i].size() + 1;  // +1: empty texts still cost a call
    if (bytes >= target && i + 1 < texts.size()) {
      starts.push_back(i + 1);
      bytes = 0;
    }
  }
  starts.push_back(texts.size());
  return starts;
}

unsigned useful_threads(size_t bytes, unsigned threads, size_t min_bytes_per_thread = kMinBytesPerThread) {
  size_t by_size = bytes / min_bytes_per_thread;
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

Encoding::BatchPlan Encoding::plan_batch(const std::vector<std::string_view>& texts, const SpecialPolicy& policy,
                                         unsigned threads) const {
  BatchPlan plan;
  size_t total = 0;
  for (std::string_view text : texts) total += text.size();
  plan.threads = useful_threads(total, threads, kMinBatchBytesPerThread);
  // Disallowed specials first, in order, so the error names the same text a plain loop would;
  // the runs then encode under a policy that no longer checks.
  for (std::string_view text : texts) check_disallowed(text, policy);
  plan.policy = policy;
  plan.policy.any_disallowed = false;
  plan.ranges = batch_ranges(texts, total, plan.threads);
  return plan;
}

void Encoding::count_many(const std::vector<std::string_view>& texts, const SpecialPolicy& policy, unsigned threads,
                          std::vector<uint32_t>& counts, const CancelFlag* cancel) const {
  const BatchPlan plan = plan_batch(texts, policy, threads);
  const SpecialPolicy& checked = plan.policy;
  const std::vector<size_t>& ranges = plan.ranges;
  const size_t first = counts.size();
  counts.resize(first + texts.size());
  run_spread(ranges.size() - 1, plan.threads, [&](size_t r) {
    if (cancel != nullptr) cancel->throw_if_cancelled();
    for (size_t i = ranges[r]; i < ranges[r + 1]; ++i) {
      CountSink sink;
      encode_with_policy(texts[i], checked, sink);
      counts[first + i] = static_cast<uint32_t>(sink.count);
    }
  });
}

void Encoding::encode_many(const std::vector<std::string_view>& texts, const SpecialPolicy& policy, unsigned threads,
                           std::vector<uint32_t>& ids, std::vector<uint32_t>& ends, const CancelFlag* cancel) const {
  const BatchPlan plan = plan_batch(texts, policy, threads);
  const SpecialPolicy& checked = plan.policy;
  const std::vector<size_t>& ranges = plan.ranges;
  threads = plan.threads;
  // Each run fills its own ids and per-text lengths; they are joined in order afterwards.
  std::vector<std::vector<uint32_t>> run_ids(ranges.size() - 1);
  std::vector<uint32_t> lengths(texts.size());
  run_spread(ranges.size() - 1, threads, [&](size_t r) {
    if (cancel != nullptr) cancel->throw_if_cancelled();
    std::vector<uint32_t>& out = threads == 1 ? ids : run_ids[r];
    for (size_t i = ranges[r]; i < ranges[r + 1]; ++i) {
      const size_t before = out.size();
      VectorSink sink{out};
      encode_with_policy(texts[i], checked, sink);
      lengths[i] = static_cast<uint32_t>(out.size() - before);
    }
  });
  if (threads != 1) {
    size_t all = 0;
    for (const auto& run : run_ids) all += run.size();
    ids.reserve(ids.size() + all);
    for (const auto& run : run_ids) ids.insert(ids.end(), run.begin(), run.end());
  }
  size_t end = ids.size();
  for (size_t i = texts.size(); i-- > 0;) end -= lengths[i];  // where this batch's ids start
  ends.reserve(ends.size() + texts.size());
  for (size_t i = 0; i < texts.size(); ++i) {
    end += lengths[i];
    ends.push_back(static_cast<uint32_t>(end));
  }
}

}  // namespace tokenmeter
