#include "native_encoding.h"

#include <cstring>

#include "addon_data.h"
#include "js_errors.h"
#include "js_input.h"
#include "js_output.h"
#include "util/error.h"

namespace tokenmeter_binding {

using tokenmeter::Encoding;
using tokenmeter::SpecialPolicy;

Napi::Function NativeEncoding::define_class(Napi::Env env) {
  return DefineClass(env, "NativeEncoding",
                     {
                         InstanceMethod<&NativeEncoding::encode>("encode"),
                         InstanceMethod<&NativeEncoding::encode_ordinary>("encodeOrdinary"),
                         InstanceMethod<&NativeEncoding::count>("count"),
                         InstanceMethod<&NativeEncoding::count_ordinary>("countOrdinary"),
                         InstanceMethod<&NativeEncoding::decode>("decode"),
                         InstanceMethod<&NativeEncoding::decode_bytes>("decodeBytes"),
                         InstanceMethod<&NativeEncoding::encode_many>("encodeMany"),
                         InstanceMethod<&NativeEncoding::count_many>("countMany"),
                         InstanceMethod<&NativeEncoding::encode_async>("encodeAsync"),
                         InstanceMethod<&NativeEncoding::count_async>("countAsync"),
                         InstanceMethod<&NativeEncoding::decode_async>("decodeAsync"),
                         InstanceMethod<&NativeEncoding::encode_many_async>("encodeManyAsync"),
                         InstanceMethod<&NativeEncoding::count_many_async>("countManyAsync"),
                         InstanceMethod<&NativeEncoding::special_tokens>("specialTokens"),
                         InstanceAccessor<&NativeEncoding::name>("name"),
                         InstanceAccessor<&NativeEncoding::n_vocab>("nVocab"),
                     });
}

NativeEncoding::NativeEncoding(const Napi::CallbackInfo& info) : Napi::ObjectWrap<NativeEncoding>(info) {
  if (info.Length() != 1 || !info[0].IsExternal()) {
    throw_invalid_argument(info.Env(), "NativeEncoding is created by loadEncoding(), not by new");
  }
  encoding_ = *info[0].As<Napi::External<std::shared_ptr<const Encoding>>>().Data();
}

// Core errors become JavaScript errors with their code; everything else propagates as is.
template <class F>
Napi::Value guarded(Napi::Env env, F&& body) {
  try {
    return body();
  } catch (const tokenmeter::Error& e) {
    throw make_error(env, e);
  } catch (const std::bad_alloc&) {
    throw make_error(env, "ERR_INPUT_TOO_LARGE", "out of memory while tokenizing");
  }
}

// Sync encodes return the token count after copying the ids into the registered output buffer,
// or a new Uint32Array when the result does not fit (see AddonData::output_buffer).
static Napi::Value deliver_ids(Napi::Env env, std::vector<uint32_t>&& ids) {
  AddonData& data = addon_data(env);
  if (ids.size() <= data.output_capacity) {
    if (!ids.empty()) std::memcpy(data.output_data, ids.data(), ids.size() * sizeof(uint32_t));
    return Napi::Number::New(env, static_cast<double>(ids.size()));
  }
  return to_uint32_array(env, std::move(ids));
}

// Reused per thread so short encodes do not allocate.
static std::vector<uint32_t>& ids_scratch() {
  thread_local std::vector<uint32_t> ids;
  ids.clear();
  return ids;
}

Napi::Value NativeEncoding::encode(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  return guarded(env, [&]() -> Napi::Value {
    TextArg text(env, info[0], "text", false);
    SpecialPolicy storage;
    const SpecialPolicy& policy = read_special_policy(env, *encoding_, info[1], info[2], storage);
    std::vector<uint32_t>& ids = ids_scratch();
    encoding_->encode(text.view(), policy, ids);
    return deliver_ids(env, std::move(ids));
  });
}

Napi::Value NativeEncoding::encode_ordinary(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  return guarded(env, [&]() -> Napi::Value {
    TextArg text(env, info[0], "text", false);
    std::vector<uint32_t>& ids = ids_scratch();
    encoding_->encode_ordinary(text.view(), ids);
    return deliver_ids(env, std::move(ids));
  });
}

Napi::Value NativeEncoding::count(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  return guarded(env, [&]() -> Napi::Value {
    TextArg text(env, info[0], "text", false);
    SpecialPolicy storage;
    const SpecialPolicy& policy = read_special_policy(env, *encoding_, info[1], info[2], storage);
    return Napi::Number::New(env, static_cast<double>(encoding_->count(text.view(), policy)));
  });
}

Napi::Value NativeEncoding::count_ordinary(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  return guarded(env, [&]() -> Napi::Value {
    TextArg text(env, info[0], "text", false);
    return Napi::Number::New(env, static_cast<double>(encoding_->count_ordinary(text.view())));
  });
}

Napi::Value NativeEncoding::decode(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  return guarded(env, [&]() -> Napi::Value {
    TokenArg tokens(env, info[0], false);
    std::string bytes;
    encoding_->decode_bytes(tokens.data(), tokens.size(), bytes);
    return to_string_lossy(env, bytes);
  });
}

Napi::Value NativeEncoding::decode_bytes(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  return guarded(env, [&]() -> Napi::Value {
    TokenArg tokens(env, info[0], false);
    std::string bytes;
    encoding_->decode_bytes(tokens.data(), tokens.size(), bytes);
    return to_buffer(env, bytes);
  });
}

// Batches answer with one flat Uint32Array: for encodeMany, all ids followed by one end offset per
// text ([ids..., end_0, ..., end_n-1]); JavaScript cuts it into views. One allocation, one crossing.
// The texts are read into one arena first, so that a large batch can be tokenized on several
// threads (Encoding::count_many); tokenizing, not crossing into the addon, is what a batch of fresh
// strings spends its time on.
Napi::Value NativeEncoding::encode_many(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  return guarded(env, [&]() -> Napi::Value {
    TextBatch texts(env, info[0]);
    SpecialPolicy storage;
    const SpecialPolicy& policy = read_special_policy(env, *encoding_, info[1], info[2], storage);
    std::vector<uint32_t> ids;
    std::vector<uint32_t> ends;
    encoding_->encode_many(texts.views(), policy, threads_per_call(), ids, ends);
    ids.insert(ids.end(), ends.begin(), ends.end());
    return to_uint32_array(env, std::move(ids));
  });
}

Napi::Value NativeEncoding::count_many(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  return guarded(env, [&]() -> Napi::Value {
    TextBatch texts(env, info[0]);
    SpecialPolicy storage;
    const SpecialPolicy& policy = read_special_policy(env, *encoding_, info[1], info[2], storage);
    std::vector<uint32_t> counts;
    encoding_->count_many(texts.views(), policy, threads_per_call(), counts);
    return to_uint32_array(env, std::move(counts));
  });
}

Napi::Value NativeEncoding::special_tokens(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  Napi::Object result = Napi::Object::New(env);
  for (const auto& token : encoding_->specials().tokens()) {
    result.Set(token.text, Napi::Number::New(env, token.id));
  }
  return result;
}

Napi::Value NativeEncoding::name(const Napi::CallbackInfo& info) {
  return Napi::String::New(info.Env(), encoding_->name());
}

Napi::Value NativeEncoding::n_vocab(const Napi::CallbackInfo& info) {
  return Napi::Number::New(info.Env(), encoding_->n_vocab());
}

}  // namespace tokenmeter_binding
