// Per-environment state of the addon. The addon is context-aware: every Node.js environment
// (the main thread, each worker_threads Worker, each Electron context) gets its own copy of the
// JavaScript handles below; the tokenizer data behind them is process-wide and shared.
#pragma once

#include <napi.h>

namespace tokenmeter_binding {

struct AddonData {
  Napi::FunctionReference encoding_constructor;
  // TokenmeterError from lib/errors.ts, registered by the TypeScript layer at load; until then
  // errors are plain Errors with the same `code`.
  Napi::FunctionReference error_class;
};

inline AddonData& addon_data(Napi::Env env) { return *env.GetInstanceData<AddonData>(); }

}  // namespace tokenmeter_binding
