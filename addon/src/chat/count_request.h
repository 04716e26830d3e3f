// Counting a whole chat request body: parse (for bytes), detect which API it is for, pick the
// model's rules and encoding, and run that API's counter. Runs anywhere (worker threads included);
// no Node headers.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "chat/chat_count.h"
#include "chat/model_rules.h"
#include "encoding/encoding.h"

namespace tokenmeter {

using EncodingLoader = std::function<std::shared_ptr<const Encoding>(const std::string& name)>;

// Which API `body` is for: options.api when set; else Responses for `input`/`instructions`
// without `messages`; Anthropic Messages for a top-level `system`, an Anthropic provider hint or
// model name, or Anthropic-only content blocks; else Chat Completions. Throws kInvalidRequest when
// the body is not an object or has neither `messages` nor `input`.
ChatApi detect_api(const nlohmann::ordered_json& body, const CountOptions& options);

// Counts a parsed body. Throws Error(kInvalidRequest / kInvalidImage / ...) for bad input.
ChatCount count_request(const nlohmann::ordered_json& body, const CountOptions& options, const RuleBook& rules,
                        const EncodingLoader& load_encoding);

// Parses `json` (see json_guard.h) and counts it.
ChatCount count_request_json(std::string_view json, const CountOptions& options, const RuleBook& rules,
                             const EncodingLoader& load_encoding);

}  // namespace tokenmeter
