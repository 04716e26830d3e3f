#include "text_stage.h"

#include <utility>

#include "addon_data.h"
#include "js_errors.h"
#include "js_input.h"

namespace tokenmeter_binding {

Napi::Function TextStage::define_class(Napi::Env env) {
  return DefineClass(env, "TextStage", {InstanceMethod<&TextStage::append>("append")});
}

TextStage::TextStage(const Napi::CallbackInfo& info) : Napi::ObjectWrap<TextStage>(info) {
  if (info.Length() > 0 && info[0].IsNumber()) {
    const double hint = info[0].As<Napi::Number>().DoubleValue();
    const size_t limit = addon_data(info.Env()).max_input_bytes;
    if (hint > 0 && hint <= static_cast<double>(limit)) bytes_.reserve(static_cast<size_t>(hint));
  }
}

bool TextStage::is_stage(Napi::Env env, Napi::Value value) {
  if (!value.IsObject()) return false;
  AddonData& data = addon_data(env);
  return !data.stage_constructor.IsEmpty() && value.As<Napi::Object>().InstanceOf(data.stage_constructor.Value());
}

tokenmeter::ByteBuffer TextStage::take(Napi::Value value) {
  TextStage* stage = Unwrap(value.As<Napi::Object>());
  return std::exchange(stage->bytes_, tokenmeter::ByteBuffer());
}

Napi::Value TextStage::append(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  TextArg chunk(env, info[0], "chunk", false);
  size_t limit = addon_data(env).max_input_bytes;
  if (bytes_.size() + chunk.view().size() > limit) {
    throw make_error(env, "ERR_INPUT_TOO_LARGE",
                     "text is over " + std::to_string(limit) + " bytes (setLimits({ maxInputBytes }) raises it)");
  }
  bytes_.append(chunk.view().data(), chunk.view().size());
  return Napi::Number::New(env, static_cast<double>(bytes_.size()));
}

}  // namespace tokenmeter_binding
