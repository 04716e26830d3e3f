#include "js_output.h"

#include <cstring>

#include "unicode/utf8.h"

namespace tokenmeter_binding {
namespace {

// Below this many bytes a copy is cheaper than an external buffer's finalizer bookkeeping.
constexpr size_t kExternalBufferMinBytes = 64 * 1024;

Napi::Value copy_to_uint32_array(Napi::Env env, const std::vector<uint32_t>& ids) {
  Napi::ArrayBuffer buffer = Napi::ArrayBuffer::New(env, ids.size() * sizeof(uint32_t));
  if (!ids.empty()) std::memcpy(buffer.Data(), ids.data(), ids.size() * sizeof(uint32_t));
  return Napi::Uint32Array::New(env, ids.size(), buffer, 0);
}

}  // namespace

Napi::Value to_uint32_array(Napi::Env env, std::vector<uint32_t>&& ids) {
  size_t bytes = ids.size() * sizeof(uint32_t);
  if (bytes < kExternalBufferMinBytes) return copy_to_uint32_array(env, ids);
  auto* owner = new std::vector<uint32_t>(std::move(ids));
  napi_value array_buffer;
  napi_status status = napi_create_external_arraybuffer(
      env, owner->data(), bytes,
      [](napi_env, void*, void* hint) { delete static_cast<std::vector<uint32_t>*>(hint); }, owner,
      &array_buffer);
  if (status != napi_ok) {
    // napi_no_external_buffers_allowed (Electron) or any other refusal: fall back to a copy.
    Napi::Value copy = copy_to_uint32_array(env, *owner);
    delete owner;
    return copy;
  }
  return Napi::Uint32Array::New(env, bytes / sizeof(uint32_t), Napi::ArrayBuffer(env, array_buffer), 0);
}

Napi::Value to_buffer(Napi::Env env, const std::string& bytes) {
  return Napi::Buffer<char>::Copy(env, bytes.data(), bytes.size());
}

Napi::Value to_string_lossy(Napi::Env env, const std::string& bytes) {
  if (tokenmeter::unicode::find_invalid_utf8(bytes) == std::string_view::npos) {
    return Napi::String::New(env, bytes.data(), bytes.size());
  }
  std::string repaired = tokenmeter::unicode::replace_invalid_utf8(bytes);
  return Napi::String::New(env, repaired.data(), repaired.size());
}

}  // namespace tokenmeter_binding
