// Reading JavaScript arguments into core types, with clear ERR_INVALID_ARGUMENT errors.
#pragma once

#include <napi.h>

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "encoding/encoding.h"
#include "util/large_buffer.h"

namespace tokenmeter_binding {

// A text argument as UTF-8 bytes.
//   - A string is converted to UTF-8 by V8 (a lone surrogate becomes U+FFFD, as TextEncoder does).
//   - A Buffer / Uint8Array must already be valid UTF-8, else ERR_INVALID_UTF8 with the offset.
// `owned` copies into storage the TextArg owns (for async calls, which must not touch JavaScript
// memory off the main thread); otherwise bytes are borrowed for the duration of the sync call.
class TextArg {
 public:
  // `what` names the argument in errors; with `index` >= 0 it is an element, e.g. texts[3].
  TextArg(Napi::Env env, Napi::Value value, const char* what, bool owned, long index = -1);
  TextArg(TextArg&&) = default;
  TextArg& operator=(TextArg&&) = default;

  std::string_view view() const { return {data_, size_}; }

 private:
  void read_string(Napi::Env env, Napi::Value value, bool owned);

  std::unique_ptr<void, tokenmeter::FreeDeleter> storage_;  // huge pages for multi-MB texts
  tokenmeter::ByteBuffer staged_;  // a TextStage's bytes, taken over without a copy
  const char* data_ = "";
  size_t size_ = 0;
};

// Token ids from a Uint32Array (borrowed when `owned` is false), any other integer TypedArray, or
// an Array of numbers. Ids that are not integers in [0, 2^32) raise ERR_INVALID_TOKEN_ID.
class TokenArg {
 public:
  TokenArg(Napi::Env env, Napi::Value value, bool owned);
  const uint32_t* data() const { return data_; }
  size_t size() const { return size_; }

 private:
  std::vector<uint32_t> storage_;
  const uint32_t* data_ = nullptr;
  size_t size_ = 0;
};

// Throws the pending JavaScript error of a failed raw Node-API call.
void check_napi(Napi::Env env, napi_status status);

[[noreturn]] void throw_texts_not_array(Napi::Env env);
// Throws ERR_INPUT_TOO_LARGE when a batch's texts together exceed the input limit.
void check_batch_total(Napi::Env env, size_t total_bytes);

// tiktoken's (allowed_special, disallowed_special) from JavaScript: `undefined` means the default
// (nothing allowed; everything disallowed), `true` means "all", an Array lists token strings.
// Returns one of the encoding's prebuilt policies when it can, else fills and returns `storage`.
const tokenmeter::SpecialPolicy& read_special_policy(Napi::Env env, const tokenmeter::Encoding& encoding,
                                                     Napi::Value allowed, Napi::Value disallowed,
                                                     tokenmeter::SpecialPolicy& storage);

// An Array of text arguments as UTF-8, all in one arena (no allocation per text), owned, so the
// batch can also go to a worker thread.
class TextBatch {
 public:
  // From an Array of texts.
  TextBatch(Napi::Env env, Napi::Value value);
  size_t size() const { return ends_.size(); }
  // Every text, in order (views into the arena: valid while the batch lives).
  std::vector<std::string_view> views() const {
    std::vector<std::string_view> all(size());
    for (size_t i = 0; i < all.size(); ++i) all[i] = (*this)[i];
    return all;
  }
  std::string_view operator[](size_t i) const {
    size_t begin = i == 0 ? 0 : ends_[i - 1];
    return std::string_view(arena_.data() + begin, ends_[i] - begin);
  }

 private:
  std::vector<char> arena_;
  std::vector<size_t> ends_;
};

}  // namespace tokenmeter_binding
