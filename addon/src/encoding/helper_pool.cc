#include "encoding/helper_pool.h"

#include <atomic>
#include <condition_variable>
#include <deque>
#include <exception>
#include <mutex>
#include <system_error>
#include <thread>
#include <vector>

namespace tokenmeter {
namespace {

// One call's shared state; it lives on the calling thread's stack until run_on_helpers returns.
struct Job {
  const std::function<void(size_t)>* per_item;
  size_t items;
  std::atomic<size_t> next{0};
  std::mutex mutex;
  std::condition_variable idle;
  unsigned active_helpers = 0;  // helpers that took this job and have not finished it
  std::exception_ptr failure;

  // Takes items until none are left; records the first failure and stops everyone early.
  void work() {
    for (size_t i = next++; i < items; i = next++) {
      try {
        (*per_item)(i);
      } catch (...) {
        std::lock_guard<std::mutex> lock(mutex);
        if (!failure) failure = std::current_exception();
        next = items;
      }
    }
  }
};

class HelperPool {
 public:
  // Never destroyed: helpers may still be waiting on it while the process exits.
  static HelperPool& instance() {
    static HelperPool* pool = new HelperPool();
    return *pool;
  }

  void run(size_t items, unsigned threads, const std::function<void(size_t)>& per_item) {
    Job job;
    job.per_item = &per_item;
    job.items = items;
    const unsigned wanted = threads > 1 ? threads - 1 : 0;
    if (wanted > 0) {
      std::lock_guard<std::mutex> lock(mutex_);
      start_helpers(wanted);
      for (unsigned i = 0; i < wanted; ++i) requests_.push_back(&job);
      work_ready_.notify_all();
    }
    job.work();
    if (wanted > 0) {
      // Requests no helper took are withdrawn; helpers that did take one are waited for (a helper
      // increments active_helpers under mutex_, so after this block none can join any more).
      {
        std::lock_guard<std::mutex> lock(mutex_);
        for (auto it = requests_.begin(); it != requests_.end();) {
          it = *it == &job ? requests_.erase(it) : it + 1;
        }
      }
      std::unique_lock<std::mutex> lock(job.mutex);
      job.idle.wait(lock, [&] { return job.active_helpers == 0; });
    }
    if (job.failure) std::rethrow_exception(job.failure);
  }

 private:
  HelperPool() = default;

  // Called with mutex_ held. Helpers are started on first need, up to the cores available.
  void start_helpers(unsigned wanted) {
    unsigned limit = std::thread::hardware_concurrency();
    limit = limit > 1 ? limit - 1 : 1;
    if (limit > 7) limit = 7;
    while (started_ < wanted && started_ < limit) {
      try {
        std::thread(&HelperPool::helper_loop, this).detach();
      } catch (const std::system_error&) {
        return;  // no more threads allowed: the callers do the work themselves
      }
      ++started_;
    }
  }

  void helper_loop() {
    while (true) {
      Job* job;
      {
        std::unique_lock<std::mutex> lock(mutex_);
        work_ready_.wait(lock, [&] { return !requests_.empty(); });
        job = requests_.front();
        requests_.pop_front();
        std::lock_guard<std::mutex> job_lock(job->mutex);
        ++job->active_helpers;
      }
      job->work();
      std::lock_guard<std::mutex> job_lock(job->mutex);
      if (--job->active_helpers == 0) job->idle.notify_all();
    }
  }

  std::mutex mutex_;
  std::condition_variable work_ready_;
  std::deque<Job*> requests_;
  unsigned started_ = 0;
};

}  // namespace

void run_on_helpers(size_t items, unsigned threads, const std::function<void(size_t)>& per_item) {
  if (threads <= 1 || items <= 1) {
    for (size_t i = 0; i < items; ++i) per_item(i);
    return;
  }
  HelperPool::instance().run(items, threads, per_item);
}

}  // namespace tokenmeter
