// TextStage: a UTF-8 buffer filled from JavaScript in pieces, then handed whole to an async call.
//
// Node-API can read a string's contents only on the JavaScript thread. Converting a 10 MB string
// in one go stalls the event loop for ~10 ms; the TypeScript layer instead appends it here in
// chunks across event-loop turns, and the async call takes the buffer (moved, not copied).
#pragma once

#include <napi.h>

#include "util/large_buffer.h"

namespace tokenmeter_binding {

class TextStage : public Napi::ObjectWrap<TextStage> {
 public:
  static Napi::Function define_class(Napi::Env env);
  // new TextStage(expectedBytes?): the hint reserves the buffer once (the caller passes the
  // string's UTF-16 length, a lower bound of its UTF-8 size).
  explicit TextStage(const Napi::CallbackInfo& info);

  // True if `value` is a TextStage of this environment.
  static bool is_stage(Napi::Env env, Napi::Value value);
  // Moves the staged bytes out; the stage is empty afterwards.
  static tokenmeter::ByteBuffer take(Napi::Value value);

 private:
  // append(text: string | Uint8Array): the number of bytes staged so far.
  Napi::Value append(const Napi::CallbackInfo& info);

  tokenmeter::ByteBuffer bytes_;
};

}  // namespace tokenmeter_binding
