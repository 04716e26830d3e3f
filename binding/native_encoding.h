// NativeEncoding: the JavaScript object wrapping one shared core Encoding. lib/encoding.ts wraps
// it again with argument normalization and the public method names.
#pragma once

#include <napi.h>

#include <memory>

#include "encoding/encoding.h"

namespace tokenmeter_binding {

// How many threads one call may use for a large input (the calling thread included): the
// machine's cores, at most 8.
unsigned threads_per_call();

class NativeEncoding : public Napi::ObjectWrap<NativeEncoding> {
 public:
  static Napi::Function define_class(Napi::Env env);
  // Constructed from C++ only (see addon.cc): new NativeEncoding(External<shared_ptr<Encoding>>).
  explicit NativeEncoding(const Napi::CallbackInfo& info);

  const std::shared_ptr<const tokenmeter::Encoding>& encoding() const { return encoding_; }

 private:
  // Sync: (text, allowed?, disallowed?) and (text) for the ordinary forms.
  Napi::Value encode(const Napi::CallbackInfo& info);
  Napi::Value encode_ordinary(const Napi::CallbackInfo& info);
  Napi::Value count(const Napi::CallbackInfo& info);
  Napi::Value count_ordinary(const Napi::CallbackInfo& info);
  Napi::Value decode(const Napi::CallbackInfo& info);
  Napi::Value decode_bytes(const Napi::CallbackInfo& info);
  // Sync batches: (texts[], allowed?, disallowed?).
  Napi::Value encode_many(const Napi::CallbackInfo& info);
  Napi::Value count_many(const Napi::CallbackInfo& info);
  // Async (Promise): same arguments; defined in async_calls.cc.
  Napi::Value encode_async(const Napi::CallbackInfo& info);
  Napi::Value count_async(const Napi::CallbackInfo& info);
  Napi::Value decode_async(const Napi::CallbackInfo& info);
  Napi::Value encode_many_async(const Napi::CallbackInfo& info);
  Napi::Value count_many_async(const Napi::CallbackInfo& info);

  Napi::Value special_tokens(const Napi::CallbackInfo& info);
  Napi::Value name(const Napi::CallbackInfo& info);
  Napi::Value n_vocab(const Napi::CallbackInfo& info);

  std::shared_ptr<const tokenmeter::Encoding> encoding_;
};

}  // namespace tokenmeter_binding
