// JavaScript errors from the addon: every one carries a stable `code` (see types/index.d.ts).
#pragma once

#include <napi.h>

#include <string>

#include "util/error.h"

namespace tokenmeter_binding {

Napi::Error make_error(Napi::Env env, const char* code, const std::string& message);
Napi::Error make_error(Napi::Env env, const tokenmeter::Error& error);

// Throws ERR_INVALID_ARGUMENT, e.g. "text must be a string, Buffer or Uint8Array".
[[noreturn]] void throw_invalid_argument(Napi::Env env, const std::string& message);

}  // namespace tokenmeter_binding
