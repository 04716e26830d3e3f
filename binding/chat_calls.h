// Chat request counting from JavaScript: one native crossing per call. The body (a JSON string,
// Buffer or Uint8Array) is parsed and counted in C++; the async form does both on a libuv pool
// thread, so a gateway never parses or tokenizes a large body on its event loop.
#pragma once

#include <napi.h>

namespace tokenmeter_binding {

// setChatRules(rulesJson, encodingTableJson, vocabDir): the per-model rules (data/chat-models.json
// with any overrides) and lib/model-table.ts's model -> encoding table. Throws
// ERR_INVALID_ARGUMENT for malformed rules, leaving the previous rules in place.
Napi::Value set_chat_rules(const Napi::CallbackInfo& info);

// countRequest(body, options?) -> result object; countRequestAsync(body, options?, cancelToken?)
// -> Promise of the same. Options: { api?, model?, provider?, imageSizes?: {url: {width, height}},
// defaultImageSize?: {width, height}, defaultPdfPages? }.
Napi::Value count_request(const Napi::CallbackInfo& info);
Napi::Value count_request_async(const Napi::CallbackInfo& info);

}  // namespace tokenmeter_binding
