// Module entry point. Registered with NODE_API_ADDON, so the addon is context-aware: it can be
// loaded by the main thread, by any number of worker_threads Workers and by Electron renderers,
// each with its own AddonData (see addon_data.h).
//
// Exports:
//   loadEncoding(name, vocabDir, extraSpecialTokens?) -> NativeEncoding
//   encodingNames() -> string[]
//   TextStage: new TextStage(); stage.append(chunk) -- large texts for async calls (text_stage.h)
//   setErrorClass(TokenmeterError)
//   createCancelToken() / cancel(token)  AbortSignal support for the async methods
//   setLimits({ maxInputBytes? }) -> current limits
//   setOutputBuffer(Uint32Array)  where sync encodes put small results (see addon_data.h)
//   setChatRules / countRequest / countRequestAsync  chat request counting (chat_calls.h)
#include <napi.h>

#include "addon_data.h"
#include "cancel_token.h"
#include "chat_calls.h"
#include "encoding/registry.h"
#include "js_errors.h"
#include "native_encoding.h"
#include "text_stage.h"

namespace tokenmeter_binding {
namespace {

Napi::Value load_encoding(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (!info[0].IsString()) throw_invalid_argument(env, "encoding name must be a string");
  if (!info[1].IsString()) throw_invalid_argument(env, "vocabDir must be a string");
  std::shared_ptr<const tokenmeter::Encoding> encoding;
  try {
    encoding = tokenmeter::get_encoding(info[0].As<Napi::String>().Utf8Value(), info[1].As<Napi::String>().Utf8Value());
    if (info.Length() > 2 && info[2].IsObject()) {
      Napi::Object extra = info[2].As<Napi::Object>();
      Napi::Array keys = extra.GetPropertyNames();
      std::vector<tokenmeter::SpecialToken> tokens;
      for (uint32_t i = 0; i < keys.Length(); ++i) {
        std::string text = keys.Get(i).ToString().Utf8Value();
        Napi::Value id = extra.Get(keys.Get(i));
        double value = id.IsNumber() ? id.As<Napi::Number>().DoubleValue() : -1;
        if (!(value >= 0 && value < 4294967296.0) || static_cast<double>(static_cast<uint32_t>(value)) != value) {
          throw_invalid_argument(env, "special token '" + text + "' must map to an integer id in [0, 2^32)");
        }
        tokens.push_back({text, static_cast<uint32_t>(value)});
      }
      if (!tokens.empty()) encoding = encoding->with_extra_special_tokens(tokens);
    }
  } catch (const tokenmeter::Error& e) {
    throw make_error(env, e);
  }
  // The External only carries the shared_ptr into the constructor; the object keeps its own copy.
  std::shared_ptr<const tokenmeter::Encoding> holder = encoding;
  Napi::External<std::shared_ptr<const tokenmeter::Encoding>> external =
      Napi::External<std::shared_ptr<const tokenmeter::Encoding>>::New(env, &holder);
  return addon_data(env).encoding_constructor.New({external});
}

Napi::Value encoding_names(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  auto names = tokenmeter::encoding_names();
  Napi::Array result = Napi::Array::New(env, names.size());
  for (size_t i = 0; i < names.size(); ++i) result.Set(static_cast<uint32_t>(i), names[i]);
  return result;
}

Napi::Value set_output_buffer(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (!info[0].IsTypedArray() || info[0].As<Napi::TypedArray>().TypedArrayType() != napi_uint32_array) {
    throw_invalid_argument(env, "setOutputBuffer expects a Uint32Array");
  }
  Napi::Uint32Array buffer = info[0].As<Napi::Uint32Array>();
  AddonData& data = addon_data(env);
  data.output_buffer = Napi::Persistent(buffer);  // kept alive for as long as the pointer is used
  data.output_data = buffer.Data();
  data.output_capacity = buffer.ElementLength();
  return env.Undefined();
}

Napi::Value set_limits(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  AddonData& data = addon_data(env);
  if (info[0].IsObject()) {
    Napi::Value max_input = info[0].As<Napi::Object>().Get("maxInputBytes");
    if (!max_input.IsUndefined()) {
      double value = max_input.IsNumber() ? max_input.As<Napi::Number>().DoubleValue() : -1;
      if (!(value >= 0 && value <= 9007199254740991.0)) {
        throw_invalid_argument(env, "maxInputBytes must be a non-negative integer");
      }
      data.max_input_bytes = static_cast<size_t>(value);
    }
  }
  Napi::Object limits = Napi::Object::New(env);
  limits.Set("maxInputBytes", Napi::Number::New(env, static_cast<double>(data.max_input_bytes)));
  return limits;
}

Napi::Value set_error_class(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (!info[0].IsFunction()) throw_invalid_argument(env, "setErrorClass expects a constructor");
  addon_data(env).error_class = Napi::Persistent(info[0].As<Napi::Function>());
  return env.Undefined();
}

}  // namespace

Napi::Object init(Napi::Env env, Napi::Object exports) {
  auto* data = new AddonData();
  env.SetInstanceData<AddonData>(data);  // freed by Node when this environment is torn down
  data->encoding_constructor = Napi::Persistent(NativeEncoding::define_class(env));
  data->stage_constructor = Napi::Persistent(TextStage::define_class(env));
  exports.Set("TextStage", data->stage_constructor.Value());
  exports.Set("loadEncoding", Napi::Function::New(env, load_encoding, "loadEncoding"));
  exports.Set("encodingNames", Napi::Function::New(env, encoding_names, "encodingNames"));
  exports.Set("createCancelToken", Napi::Function::New(env, create_cancel_token, "createCancelToken"));
  exports.Set("cancel", Napi::Function::New(env, cancel, "cancel"));
  exports.Set("setLimits", Napi::Function::New(env, set_limits, "setLimits"));
  exports.Set("setOutputBuffer", Napi::Function::New(env, set_output_buffer, "setOutputBuffer"));
  exports.Set("setChatRules", Napi::Function::New(env, set_chat_rules, "setChatRules"));
  exports.Set("countRequest", Napi::Function::New(env, count_request, "countRequest"));
  exports.Set("countRequestAsync", Napi::Function::New(env, count_request_async, "countRequestAsync"));
  exports.Set("setErrorClass", Napi::Function::New(env, set_error_class, "setErrorClass"));
  return exports;
}

}  // namespace tokenmeter_binding

// NODE_API_MODULE pastes the init function's name into an identifier, so it must be unqualified.
static Napi::Object InitTokenmeter(Napi::Env env, Napi::Object exports) {
  return tokenmeter_binding::init(env, exports);
}

NODE_API_MODULE(tokenmeter, InitTokenmeter)
