// The async methods of NativeEncoding: arguments are read (and copied) on the JavaScript thread,
// the tokenizing runs on a libuv pool thread, and one long text is further split across the
// machine's cores at pre-token boundaries (Encoding::encode_parallel), so the result is identical
// to the sync call.
#include <algorithm>
#include <thread>

#include "js_input.h"
#include "js_output.h"
#include "native_encoding.h"
#include "promise_worker.h"

namespace tokenmeter_binding {
namespace {

using tokenmeter::Encoding;
using tokenmeter::SpecialPolicy;

unsigned worker_threads_for_one_text() {
  unsigned cores = std::thread::hardware_concurrency();
  return std::clamp(cores, 1u, 8u);
}

class TextWorker : public PromiseWorker {
 public:
  enum class Mode { kEncode, kCount };
  TextWorker(Napi::Env env, std::shared_ptr<const Encoding> encoding, TextArg text, SpecialPolicy policy, Mode mode)
      : PromiseWorker(env),
        encoding_(std::move(encoding)),
        text_(std::move(text)),
        policy_(std::move(policy)),
        mode_(mode) {}

 protected:
  void compute() override {
    unsigned threads = worker_threads_for_one_text();
    if (mode_ == Mode::kEncode) {
      encoding_->encode_parallel(text_.view(), policy_, threads, ids_);
    } else {
      count_ = encoding_->count_parallel(text_.view(), policy_, threads);
    }
  }
  Napi::Value result(Napi::Env env) override {
    if (mode_ == Mode::kEncode) return to_uint32_array(env, std::move(ids_));
    return Napi::Number::New(env, static_cast<double>(count_));
  }

 private:
  std::shared_ptr<const Encoding> encoding_;
  TextArg text_;
  SpecialPolicy policy_;
  Mode mode_;
  std::vector<uint32_t> ids_;
  size_t count_ = 0;
};

class DecodeWorker : public PromiseWorker {
 public:
  DecodeWorker(Napi::Env env, std::shared_ptr<const Encoding> encoding, TokenArg tokens, bool as_bytes)
      : PromiseWorker(env), encoding_(std::move(encoding)), tokens_(std::move(tokens)), as_bytes_(as_bytes) {}

 protected:
  void compute() override { encoding_->decode_bytes(tokens_.data(), tokens_.size(), bytes_); }
  Napi::Value result(Napi::Env env) override {
    return as_bytes_ ? to_buffer(env, bytes_) : to_string_lossy(env, bytes_);
  }

 private:
  std::shared_ptr<const Encoding> encoding_;
  TokenArg tokens_;
  bool as_bytes_;
  std::string bytes_;
};

class ManyWorker : public PromiseWorker {
 public:
  ManyWorker(Napi::Env env, std::shared_ptr<const Encoding> encoding, std::vector<TextArg> texts,
             SpecialPolicy policy, bool encode)
      : PromiseWorker(env),
        encoding_(std::move(encoding)),
        texts_(std::move(texts)),
        policy_(std::move(policy)),
        encode_(encode) {}

 protected:
  void compute() override {
    if (encode_) {
      ids_.resize(texts_.size());
      for (size_t i = 0; i < texts_.size(); ++i) encoding_->encode(texts_[i].view(), policy_, ids_[i]);
    } else {
      counts_.resize(texts_.size());
      for (size_t i = 0; i < texts_.size(); ++i) {
        counts_[i] = static_cast<uint32_t>(encoding_->count(texts_[i].view(), policy_));
      }
    }
  }
  Napi::Value result(Napi::Env env) override {
    if (!encode_) return to_uint32_array(env, std::move(counts_));
    Napi::Array array = Napi::Array::New(env, ids_.size());
    for (size_t i = 0; i < ids_.size(); ++i) array.Set(static_cast<uint32_t>(i), to_uint32_array(env, std::move(ids_[i])));
    return array;
  }

 private:
  std::shared_ptr<const Encoding> encoding_;
  std::vector<TextArg> texts_;
  SpecialPolicy policy_;
  bool encode_;
  std::vector<std::vector<uint32_t>> ids_;
  std::vector<uint32_t> counts_;
};

// Argument errors reject the Promise rather than throw, so async callers see one failure path.
template <class MakeWorker>
Napi::Value start(Napi::Env env, MakeWorker make_worker) {
  try {
    PromiseWorker* worker = make_worker();
    Napi::Promise promise = worker->promise();
    worker->Queue();  // the worker deletes itself once settled
    return promise;
  } catch (const Napi::Error& e) {
    auto deferred = Napi::Promise::Deferred::New(env);
    deferred.Reject(e.Value());
    return deferred.Promise();
  } catch (const tokenmeter::Error& e) {
    auto deferred = Napi::Promise::Deferred::New(env);
    deferred.Reject(make_error(env, e).Value());
    return deferred.Promise();
  }
}

}  // namespace

Napi::Value NativeEncoding::encode_async(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  return start(env, [&]() -> PromiseWorker* {
    TextArg text(env, info[0], "text", true);
    SpecialPolicy storage;
    SpecialPolicy policy = read_special_policy(env, *encoding_, info[1], info[2], storage);
    return new TextWorker(env, encoding_, std::move(text), std::move(policy), TextWorker::Mode::kEncode);
  });
}

Napi::Value NativeEncoding::count_async(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  return start(env, [&]() -> PromiseWorker* {
    TextArg text(env, info[0], "text", true);
    SpecialPolicy storage;
    SpecialPolicy policy = read_special_policy(env, *encoding_, info[1], info[2], storage);
    return new TextWorker(env, encoding_, std::move(text), std::move(policy), TextWorker::Mode::kCount);
  });
}

Napi::Value NativeEncoding::decode_async(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  return start(env, [&]() -> PromiseWorker* {
    TokenArg tokens(env, info[0], true);
    bool as_bytes = info[1].IsBoolean() && info[1].As<Napi::Boolean>().Value();
    return new DecodeWorker(env, encoding_, std::move(tokens), as_bytes);
  });
}

Napi::Value NativeEncoding::encode_many_async(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  return start(env, [&]() -> PromiseWorker* {
    std::vector<TextArg> texts = read_text_array(env, info[0]);
    SpecialPolicy storage;
    SpecialPolicy policy = read_special_policy(env, *encoding_, info[1], info[2], storage);
    return new ManyWorker(env, encoding_, std::move(texts), std::move(policy), true);
  });
}

Napi::Value NativeEncoding::count_many_async(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  return start(env, [&]() -> PromiseWorker* {
    std::vector<TextArg> texts = read_text_array(env, info[0]);
    SpecialPolicy storage;
    SpecialPolicy policy = read_special_policy(env, *encoding_, info[1], info[2], storage);
    return new ManyWorker(env, encoding_, std::move(texts), std::move(policy), false);
  });
}

}  // namespace tokenmeter_binding
