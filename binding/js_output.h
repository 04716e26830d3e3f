// Core results to JavaScript values.
#pragma once

#include <napi.h>

#include <string>
#include <vector>

namespace tokenmeter_binding {

// Token ids as a Uint32Array. Large results hand their memory to the ArrayBuffer without a copy
// where the runtime allows external buffers (Node); where it does not (Electron's V8 sandbox) they
// are copied once.
Napi::Value to_uint32_array(Napi::Env env, std::vector<uint32_t>&& ids);

// Bytes as a Buffer (a Uint8Array).
Napi::Value to_buffer(Napi::Env env, const std::string& bytes);

// Bytes as a string; invalid UTF-8 becomes U+FFFD per the WHATWG decoder, as TextDecoder does.
Napi::Value to_string_lossy(Napi::Env env, const std::string& bytes);

}  // namespace tokenmeter_binding
