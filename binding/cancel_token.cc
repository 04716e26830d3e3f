#include "cancel_token.h"

#include "js_errors.h"

namespace tokenmeter_binding {
namespace {

// Marks the Externals this addon creates, so that an External from another addon (or another
// build of this one) is refused instead of being read as a CancelFlag. Random, fixed.
constexpr napi_type_tag kCancelTokenTag = {0x6d8f2c41a3b7e905ULL, 0x1f4e9a7c25d3b860ULL};

}  // namespace

Napi::Value create_cancel_token(const Napi::CallbackInfo& info) {
  auto* flag = new std::shared_ptr<tokenmeter::CancelFlag>(std::make_shared<tokenmeter::CancelFlag>());
  CancelToken token = CancelToken::New(info.Env(), flag,
                                      [](Napi::Env, std::shared_ptr<tokenmeter::CancelFlag>* owned) { delete owned; });
  token.TypeTag(&kCancelTokenTag);
  return token;
}

Napi::Value cancel(const Napi::CallbackInfo& info) {
  std::shared_ptr<tokenmeter::CancelFlag> flag = read_cancel_token(info.Env(), info[0]);
  if (!flag) throw_invalid_argument(info.Env(), "cancel expects a token from createCancelToken()");
  flag->cancel();
  return info.Env().Undefined();
}

std::shared_ptr<tokenmeter::CancelFlag> read_cancel_token(Napi::Env env, Napi::Value value) {
  if (value.IsUndefined() || value.IsNull()) return nullptr;
  if (!value.IsExternal() || !value.As<CancelToken>().CheckTypeTag(&kCancelTokenTag))
    throw_invalid_argument(env, "cancel token must come from createCancelToken()");
  return *value.As<CancelToken>().Data();
}

}  // namespace tokenmeter_binding
