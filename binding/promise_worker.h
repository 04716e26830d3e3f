// A Napi::AsyncWorker that settles a Promise: compute() runs on a libuv pool thread and may throw
// tokenmeter::Error; result() builds the resolved value back on the JavaScript thread. A core
// error rejects the Promise with an error carrying the same `code` as the sync call would throw.
#pragma once

#include <napi.h>

#include "js_errors.h"
#include "util/error.h"

namespace tokenmeter_binding {

class PromiseWorker : public Napi::AsyncWorker {
 public:
  explicit PromiseWorker(Napi::Env env)
      : Napi::AsyncWorker(env, "tokenmeter"), deferred_(Napi::Promise::Deferred::New(env)) {}

  Napi::Promise promise() { return deferred_.Promise(); }

 protected:
  virtual void compute() = 0;
  virtual Napi::Value result(Napi::Env env) = 0;

 private:
  void Execute() override {
    try {
      compute();
    } catch (const tokenmeter::Error& e) {
      code_ = tokenmeter::error_code_name(e.code());
      SetError(e.what());
    } catch (const std::bad_alloc&) {
      code_ = "ERR_INPUT_TOO_LARGE";
      SetError("out of memory while tokenizing");
    } catch (const std::exception& e) {
      code_ = "ERR_INTERNAL";
      SetError(e.what());
    }
  }

  // Settling can itself fail when the environment is shutting down (a Worker terminated with
  // calls in flight, process.exit): then nothing can observe the Promise any more, and the failure
  // must not escape into node-addon-api, where an uncaught C++ exception would abort the process.
  void OnOK() override {
    Napi::Env env = Env();
    Napi::HandleScope scope(env);
    try {
      deferred_.Resolve(result(env));
    } catch (const Napi::Error& e) {
      try {
        deferred_.Reject(e.Value());
      } catch (...) {
      }
    } catch (...) {
    }
  }

  void OnError(const Napi::Error& error) override {
    Napi::Env env = Env();
    Napi::HandleScope scope(env);
    try {
      deferred_.Reject(make_error(env, code_, error.Message()).Value());
    } catch (...) {
    }
  }

  Napi::Promise::Deferred deferred_;
  const char* code_ = "ERR_INTERNAL";
};

}  // namespace tokenmeter_binding
