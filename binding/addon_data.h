// Per-environment state of the addon. The addon is context-aware: every Node.js environment
// (the main thread, each worker_threads Worker, each Electron context) gets its own copy of the
// JavaScript handles below; the tokenizer data behind them is process-wide and shared.
#pragma once

#include <napi.h>

#include <memory>

namespace tokenmeter_binding {

struct ChatSetup;  // chat_calls.cc

struct AddonData {
  Napi::FunctionReference encoding_constructor;
  Napi::FunctionReference stage_constructor;  // TextStage (text_stage.h)
  // TokenmeterError from lib/errors.ts, registered by the TypeScript layer at load; until then
  // errors are plain Errors with the same `code`.
  Napi::FunctionReference error_class;
  // The TypeScript layer's output buffer (see setOutputBuffer in addon.cc): sync encodes of small
  // results are copied here and JavaScript slices them, because creating a typed array through
  // Node-API costs several microseconds while slicing one in JavaScript costs tens of nanoseconds.
  Napi::Reference<Napi::Uint32Array> output_buffer;
  uint32_t* output_data = nullptr;
  size_t output_capacity = 0;
  // Largest text (in UTF-8 bytes) a call accepts; larger ones fail with ERR_INPUT_TOO_LARGE before
  // any copy is made. Set with setLimits({ maxInputBytes }).
  size_t max_input_bytes = size_t(512) << 20;
  // Chat counting rules and the rank-file directory, set by setChatRules (chat_calls.h).
  std::shared_ptr<const ChatSetup> chat_setup;
};

inline AddonData& addon_data(Napi::Env env) { return *env.GetInstanceData<AddonData>(); }

}  // namespace tokenmeter_binding
