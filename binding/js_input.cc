#include "js_input.h"

#include <cmath>
#include <cstring>

#include "addon_data.h"
#include "js_errors.h"
#include "text_stage.h"
#include "unicode/utf8.h"

namespace tokenmeter_binding {
namespace {

// Sync calls convert strings into this per-thread buffer instead of allocating; it is kept only
// up to this size so one huge call does not pin memory for the life of the thread.
// Strings up to ~680k UTF-16 units (2 MiB of worst-case UTF-8) convert into a per-thread buffer that
// is kept, so its pages are not faulted in again on every call; TextStage chunks (512k units) fit.
constexpr size_t kRetainedScratchBytes = 2 << 20;

[[noreturn]] void too_large(Napi::Env env, const std::string& what, size_t bytes, size_t limit) {
  throw make_error(env, "ERR_INPUT_TOO_LARGE",
                   what + " is " + std::to_string(bytes) + " bytes; the limit is " + std::to_string(limit) +
                       " (setLimits({ maxInputBytes }) raises it)");
}

struct StringScratch {
  std::unique_ptr<char[]> data;
  size_t capacity = 0;
};
thread_local StringScratch string_scratch;

}  // namespace

void check_napi(Napi::Env env, napi_status status) {
  if (status != napi_ok) throw Napi::Error::New(env);
}

TextArg::TextArg(Napi::Env env, Napi::Value value, const char* what, bool owned, long index) {
  auto name = [&]() { return index < 0 ? std::string(what) : std::string(what) + "[" + std::to_string(index) + "]"; };
  if (value.IsString()) {
    read_string(env, value, owned);
    return;
  }
  if (owned && TextStage::is_stage(env, value)) {
    // Async calls take a staged text's buffer without copying it.
    staged_ = TextStage::take(value);
    data_ = staged_.size() > 0 ? staged_.data() : "";
    size_ = staged_.size();
    return;
  }
  if (value.IsTypedArray()) {
    Napi::TypedArray typed = value.As<Napi::TypedArray>();
    if (typed.TypedArrayType() == napi_uint8_array) {
      Napi::Uint8Array bytes = value.As<Napi::Uint8Array>();
      const char* data = reinterpret_cast<const char*>(bytes.Data());
      size_t size = bytes.ByteLength();
      size_t limit = addon_data(env).max_input_bytes;
      if (size > limit) too_large(env, name(), size, limit);
      size_t invalid = tokenmeter::unicode::find_invalid_utf8(std::string_view(data, size));
      if (invalid != std::string_view::npos) {
        throw make_error(env, "ERR_INVALID_UTF8",
                         name() + " is not valid UTF-8 (first invalid byte at offset " +
                             std::to_string(invalid) + "); decode it first or pass a string");
      }
      if (owned) {
        storage_ = tokenmeter::allocate_large(size + 1);
        if (size > 0) std::memcpy(storage_.get(), data, size);
        data_ = static_cast<const char*>(storage_.get());
      } else {
        data_ = data;
      }
      size_ = size;
      return;
    }
  }
  throw_invalid_argument(env, name() + " must be a string, Buffer or Uint8Array");
}

void TextArg::read_string(Napi::Env env, Napi::Value value, bool owned) {
  // UTF-16 length is O(1) to read; a UTF-8 copy is at most 3 bytes per UTF-16 unit, so one
  // conversion pass into a buffer of that size suffices (no separate length pass). The buffer is
  // not initialized, so only the pages actually written cost memory. Only when the worst case
  // could pass the input limit is the exact length measured first.
  size_t utf16_length = 0;
  check_napi(env, napi_get_value_string_utf16(env, value, nullptr, 0, &utf16_length));
  const size_t limit = addon_data(env).max_input_bytes;
  size_t capacity = utf16_length * 3 + 1;
  if (utf16_length * 3 > limit) {
    size_t utf8_length = 0;
    check_napi(env, napi_get_value_string_utf8(env, value, nullptr, 0, &utf8_length));
    if (utf8_length > limit) too_large(env, "text", utf8_length, limit);
    capacity = utf8_length + 1;
  }
  char* buffer;
  if (owned || capacity > kRetainedScratchBytes) {
    // Large texts get huge pages: faulting in a 10 MB copy 4 KiB at a time cost more (~40 ms on
    // the VMs measured) than counting it.
    storage_ = tokenmeter::allocate_large(capacity);
    buffer = static_cast<char*>(storage_.get());
  } else {
    if (string_scratch.capacity < capacity) {
      string_scratch.data.reset(new char[kRetainedScratchBytes]);
      string_scratch.capacity = kRetainedScratchBytes;
    }
    buffer = string_scratch.data.get();
  }
  size_t written = 0;
  check_napi(env, napi_get_value_string_utf8(env, value, buffer, capacity, &written));
  data_ = buffer;
  size_ = written;
}

TokenArg::TokenArg(Napi::Env env, Napi::Value value, bool owned) {
  auto bad_id = [&](size_t index) {
    throw make_error(env, "ERR_INVALID_TOKEN_ID",
                     "token at index " + std::to_string(index) + " is not an integer in [0, 2^32)");
  };
  if (value.IsTypedArray()) {
    Napi::TypedArray typed = value.As<Napi::TypedArray>();
    if (typed.TypedArrayType() == napi_uint32_array) {
      Napi::Uint32Array ids = value.As<Napi::Uint32Array>();
      if (owned) {
        storage_.assign(ids.Data(), ids.Data() + ids.ElementLength());
        data_ = storage_.data();
      } else {
        data_ = ids.Data();
      }
      size_ = ids.ElementLength();
      return;
    }
    size_t n = typed.ElementLength();
    storage_.resize(n);
    auto copy_signed = [&](auto* src) {
      for (size_t i = 0; i < n; ++i) {
        if (src[i] < 0) bad_id(i);
        storage_[i] = static_cast<uint32_t>(src[i]);
      }
    };
    auto copy_unsigned = [&](auto* src) {
      for (size_t i = 0; i < n; ++i) storage_[i] = static_cast<uint32_t>(src[i]);
    };
    auto copy_float = [&](auto* src) {
      for (size_t i = 0; i < n; ++i) {
        double v = static_cast<double>(src[i]);
        if (!(v >= 0 && v < 4294967296.0) || std::floor(v) != v) bad_id(i);
        storage_[i] = static_cast<uint32_t>(v);
      }
    };
    void* base = static_cast<uint8_t*>(typed.ArrayBuffer().Data()) + typed.ByteOffset();
    switch (typed.TypedArrayType()) {
      case napi_int8_array: copy_signed(static_cast<int8_t*>(base)); break;
      case napi_uint8_array:
      case napi_uint8_clamped_array: copy_unsigned(static_cast<uint8_t*>(base)); break;
      case napi_int16_array: copy_signed(static_cast<int16_t*>(base)); break;
      case napi_uint16_array: copy_unsigned(static_cast<uint16_t*>(base)); break;
      case napi_int32_array: copy_signed(static_cast<int32_t*>(base)); break;
      case napi_float32_array: copy_float(static_cast<float*>(base)); break;
      case napi_float64_array: copy_float(static_cast<double*>(base)); break;
      default: throw_invalid_argument(env, "tokens must be an Array of numbers or an integer TypedArray");
    }
    data_ = storage_.data();
    size_ = n;
    return;
  }
  if (!value.IsArray()) throw_invalid_argument(env, "tokens must be an Array of numbers or a Uint32Array");
  Napi::Array array = value.As<Napi::Array>();
  size_t n = array.Length();
  storage_.resize(n);
  for (size_t i = 0; i < n; ++i) {
    Napi::Value element = array.Get(static_cast<uint32_t>(i));
    if (!element.IsNumber()) {
      throw_invalid_argument(env, "token at index " + std::to_string(i) + " is not a number");
    }
    double v = element.As<Napi::Number>().DoubleValue();
    if (!(v >= 0 && v < 4294967296.0) || std::floor(v) != v) bad_id(i);
    storage_[i] = static_cast<uint32_t>(v);
  }
  data_ = storage_.data();
  size_ = n;
}

namespace {

// Reads an Array of special-token strings.
std::vector<std::string> read_token_names(Napi::Env env, Napi::Value value, const char* what) {
  if (!value.IsArray()) throw_invalid_argument(env, std::string(what) + " must be 'all' or an array of strings");
  Napi::Array array = value.As<Napi::Array>();
  std::vector<std::string> names;
  names.reserve(array.Length());
  for (uint32_t i = 0; i < array.Length(); ++i) {
    Napi::Value element = array.Get(i);
    if (!element.IsString()) throw_invalid_argument(env, std::string(what) + " must contain only strings");
    names.push_back(element.As<Napi::String>().Utf8Value());
  }
  return names;
}

}  // namespace

const tokenmeter::SpecialPolicy& read_special_policy(Napi::Env env, const tokenmeter::Encoding& encoding,
                                                     Napi::Value allowed, Napi::Value disallowed,
                                                     tokenmeter::SpecialPolicy& storage) {
  const auto& specials = encoding.specials();
  bool allowed_default = allowed.IsUndefined() || allowed.IsNull();
  bool allow_all = allowed.IsBoolean() && allowed.As<Napi::Boolean>().Value();
  bool disallow_all = disallowed.IsUndefined() || disallowed.IsNull() ||
                      (disallowed.IsBoolean() && disallowed.As<Napi::Boolean>().Value());
  if (allowed_default && disallow_all) return specials.default_policy();
  if (allow_all && disallow_all) return specials.allow_all_policy();
  std::vector<std::string> allowed_names, disallowed_names;
  if (!allowed_default && !allow_all) allowed_names = read_token_names(env, allowed, "allowedSpecial");
  if (!disallow_all) disallowed_names = read_token_names(env, disallowed, "disallowedSpecial");
  storage = specials.make_policy(allow_all, allowed_names, disallow_all, disallowed_names);
  return storage;
}

void check_batch_total(Napi::Env env, size_t total_bytes) {
  size_t limit = addon_data(env).max_input_bytes;
  if (total_bytes > limit) too_large(env, "texts (all together)", total_bytes, limit);
}

void throw_texts_not_array(Napi::Env env) {
  throw_invalid_argument(env, "texts must be an array of strings, Buffers or Uint8Arrays");
}

TextBatch::TextBatch(Napi::Env env, Napi::Value value) {
  if (!value.IsArray()) throw_texts_not_array(env);
  Napi::Array array = value.As<Napi::Array>();
  const uint32_t n = array.Length();
  const size_t limit = addon_data(env).max_input_bytes;
  ends_.reserve(n);
  for (uint32_t i = 0; i < n; ++i) {
    Napi::Value element = array.Get(i);
    size_t start = arena_.size();
    if (element.IsString()) {
      // Reserve the UTF-8 worst case at the arena's end, convert in place, keep what was written.
      size_t utf16_length = 0;
      check_napi(env, napi_get_value_string_utf16(env, element, nullptr, 0, &utf16_length));
      // UTF-8 never takes fewer bytes than UTF-16 code units, so this bound is safe to check first.
      if (start + utf16_length > limit) too_large(env, "texts (all together)", start + utf16_length, limit);
      size_t capacity = utf16_length * 3 + 1;
      arena_.resize(start + capacity);
      size_t written = 0;
      check_napi(env, napi_get_value_string_utf8(env, element, arena_.data() + start, capacity, &written));
      arena_.resize(start + written);
    } else {
      TextArg bytes(env, element, "texts", false, static_cast<long>(i));  // validates; borrows the memory
      if (start + bytes.view().size() > limit) too_large(env, "texts (all together)", start + bytes.view().size(), limit);
      arena_.insert(arena_.end(), bytes.view().begin(), bytes.view().end());
    }
    ends_.push_back(arena_.size());
  }
}

}  // namespace tokenmeter_binding
