// Cancel tokens: how an AbortSignal reaches a worker thread. createCancelToken() returns an
// External owning a shared CancelFlag; cancel(token) sets it; an async call given the token keeps
// its own reference, so the flag outlives whichever side lets go first.
#pragma once

#include <napi.h>

#include <memory>

#include "util/cancel_flag.h"

namespace tokenmeter_binding {

using CancelToken = Napi::External<std::shared_ptr<tokenmeter::CancelFlag>>;

Napi::Value create_cancel_token(const Napi::CallbackInfo& info);
Napi::Value cancel(const Napi::CallbackInfo& info);

// The flag behind an optional token argument (undefined -> nullptr).
std::shared_ptr<tokenmeter::CancelFlag> read_cancel_token(Napi::Env env, Napi::Value value);

}  // namespace tokenmeter_binding
