#include "js_errors.h"

#include "addon_data.h"

namespace tokenmeter_binding {

Napi::Error make_error(Napi::Env env, const char* code, const std::string& message) {
  AddonData& data = addon_data(env);
  Napi::Object error;
  if (!data.error_class.IsEmpty()) {
    error = data.error_class.New({Napi::String::New(env, code), Napi::String::New(env, message)});
  } else {
    error = Napi::Error::New(env, message).Value();
    error.Set("code", Napi::String::New(env, code));
  }
  return Napi::Error(env, error);
}

Napi::Error make_error(Napi::Env env, const tokenmeter::Error& error) {
  return make_error(env, tokenmeter::error_code_name(error.code()), error.what());
}

void throw_invalid_argument(Napi::Env env, const std::string& message) {
  throw make_error(env, "ERR_INVALID_ARGUMENT", message);
}

}  // namespace tokenmeter_binding
