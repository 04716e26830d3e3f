// The async methods of NativeEncoding: arguments are read (and copied) on the JavaScript thread,
// the tokenizing runs on a libuv pool thread, and one long text is further split across the
// machine's cores at pre-token boundaries (Encoding::encode_parallel), so the result is identical
// to the sync call.
#include <algorithm>
#include <thread>

#include "cancel_token.h"
#include "js_input.h"
#include "js_output.h"
#include "native_encoding.h"
#include "promise_worker.h"

namespace tokenmeter_binding {
namespace {

using tokenmeter::Encoding;
using tokenmeter::SpecialPolicy;

class TextWorker : public PromiseWorker {
 public:
  enum class Mode { kEncode, kCount };
  TextWorker(Napi::Env env, std::shared_ptr<const Encoding> encoding, TextArg text, SpecialPolicy policy, Mode mode,
             std::shared_ptr<tokenmeter::CancelFlag> cancel)
      : PromiseWorker(env),
        encoding_(std::move(encoding)),
        text_(std::move(text)),
        policy_(std::move(policy)),
        mode_(mode),
        cancel_(std::move(cancel)) {}

 protected:
  void compute() override {
    if (cancel_) cancel_->throw_if_cancelled();  // aborted while queued
    unsigned threads = threads_per_call();
    if (mode_ == Mode::kEncode) {
      encoding_->encode_parallel(text_.view(), policy_, threads, ids_, cancel_.get());
    } else {
      count_ = encoding_->count_parallel(text_.view(), policy_, threads, cancel_.get());
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
  std::shared_ptr<tokenmeter::CancelFlag> cancel_;
  std::vector<uint32_t> ids_;
  size_t count_ = 0;
};

class DecodeWorker : public PromiseWorker {
 public:
  DecodeWorker(Napi::Env env, std::shared_ptr<const Encoding> encoding, TokenArg tokens, bool as_bytes,
               std::shared_ptr<tokenmeter::CancelFlag> cancel)
      : PromiseWorker(env),
        encoding_(std::move(encoding)),
        tokens_(std::move(tokens)),
        as_bytes_(as_bytes),
        cancel_(std::move(cancel)) {}

 protected:
  void compute() override {
    if (cancel_) cancel_->throw_if_cancelled();
    encoding_->decode_bytes(tokens_.data(), tokens_.size(), bytes_);
  }
  Napi::Value result(Napi::Env env) override {
    return as_bytes_ ? to_buffer(env, bytes_) : to_string_lossy(env, bytes_);
  }

 private:
  std::shared_ptr<const Encoding> encoding_;
  TokenArg tokens_;
  bool as_bytes_;
  std::shared_ptr<tokenmeter::CancelFlag> cancel_;
  std::string bytes_;
};

class ManyWorker : public PromiseWorker {
 public:
  ManyWorker(Napi::Env env, std::shared_ptr<const Encoding> encoding, TextBatch texts, SpecialPolicy policy,
             bool encode, std::shared_ptr<tokenmeter::CancelFlag> cancel)
      : PromiseWorker(env),
        encoding_(std::move(encoding)),
        texts_(std::move(texts)),
        policy_(std::move(policy)),
        encode_(encode),
        cancel_(std::move(cancel)) {}

 protected:
  void compute() override {
    // Same flat layouts as the sync batches (see native_encoding.cc).
    std::vector<std::string_view> views = texts_.views();
    if (encode_) {
      std::vector<uint32_t> ends;
      encoding_->encode_many(views, policy_, threads_per_call(), out_, ends, cancel_.get());
      out_.insert(out_.end(), ends.begin(), ends.end());
    } else {
      encoding_->count_many(views, policy_, threads_per_call(), out_, cancel_.get());
    }
  }
  Napi::Value result(Napi::Env env) override { return to_uint32_array(env, std::move(out_)); }

 private:
  std::shared_ptr<const Encoding> encoding_;
  TextBatch texts_;
  SpecialPolicy policy_;
  bool encode_;
  std::shared_ptr<tokenmeter::CancelFlag> cancel_;
  std::vector<uint32_t> out_;
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

unsigned threads_per_call() {
  unsigned cores = std::thread::hardware_concurrency();
  return std::clamp(cores, 1u, 8u);
}

// (text, allowed, disallowed, cancel) -> a TextWorker in `mode`.
static Napi::Value start_text_worker(const Napi::CallbackInfo& info, const std::shared_ptr<const Encoding>& encoding,
                                     TextWorker::Mode mode) {
  Napi::Env env = info.Env();
  return start(env, [&]() -> PromiseWorker* {
    TextArg text(env, info[0], "text", true);
    SpecialPolicy storage;
    SpecialPolicy policy = read_special_policy(env, *encoding, info[1], info[2], storage);
    return new TextWorker(env, encoding, std::move(text), std::move(policy), mode, read_cancel_token(env, info[3]));
  });
}

Napi::Value NativeEncoding::encode_async(const Napi::CallbackInfo& info) {
  return start_text_worker(info, encoding_, TextWorker::Mode::kEncode);
}

Napi::Value NativeEncoding::count_async(const Napi::CallbackInfo& info) {
  return start_text_worker(info, encoding_, TextWorker::Mode::kCount);
}

Napi::Value NativeEncoding::decode_async(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  return start(env, [&]() -> PromiseWorker* {
    TokenArg tokens(env, info[0], true);
    bool as_bytes = info[1].IsBoolean() && info[1].As<Napi::Boolean>().Value();
    return new DecodeWorker(env, encoding_, std::move(tokens), as_bytes, read_cancel_token(env, info[2]));
  });
}

// (texts[], allowed, disallowed, cancel).
static Napi::Value start_many_worker(const Napi::CallbackInfo& info, const std::shared_ptr<const Encoding>& encoding,
                                     bool encode) {
  Napi::Env env = info.Env();
  return start(env, [&]() -> PromiseWorker* {
    TextBatch texts(env, info[0]);
    SpecialPolicy storage;
    SpecialPolicy policy = read_special_policy(env, *encoding, info[1], info[2], storage);
    return new ManyWorker(env, encoding, std::move(texts), std::move(policy), encode, read_cancel_token(env, info[3]));
  });
}

Napi::Value NativeEncoding::encode_many_async(const Napi::CallbackInfo& info) {
  return start_many_worker(info, encoding_, true);
}

Napi::Value NativeEncoding::count_many_async(const Napi::CallbackInfo& info) {
  return start_many_worker(info, encoding_, false);
}

}  // namespace tokenmeter_binding
