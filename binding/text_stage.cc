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
  const size_t limit = addon_data(env).max_input_bytes;
  auto too_large = [&]() {
    throw make_error(env, "ERR_INPUT_TOO_LARGE",
                     "text is over " + std::to_string(limit) + " bytes (setLimits({ maxInputBytes }) raises it)");
  };
  if (info[0].IsString()) {
    // A string chunk is converted straight into the stage (no intermediate copy): room for the
    // UTF-8 worst case, 3 bytes per UTF-16 unit, then keep what was written.
    size_t units = 0;
    check_napi(env, napi_get_value_string_utf16(env, info[0], nullptr, 0, &units));
    if (bytes_.size() + units > limit) too_large();  // UTF-8 is never shorter than the units
    const size_t room = units * 3 + 1;
    size_t written = 0;
    check_napi(env, napi_get_value_string_utf8(env, info[0], bytes_.append_space(room), room, &written));
    if (bytes_.size() + written > limit) too_large();
    bytes_.appended(written);
    return Napi::Number::New(env, static_cast<double>(bytes_.size()));
  }
  TextArg chunk(env, info[0], "chunk", false);
  if (bytes_.size() + chunk.view().size() > limit) too_large();
  bytes_.append(chunk.view().data(), chunk.view().size());
  return Napi::Number::New(env, static_cast<double>(bytes_.size()));
}

}  // namespace tokenmeter_binding
