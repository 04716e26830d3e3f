// What OpenAI's Chat Completions and Responses counters share: message content (the part types
// are the same), system roles, the framing of tool calls and results, and function definitions.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "chat/chat_counter.h"

namespace tokenmeter {

// Adds the tokens of `content` (string, null, or array of parts) to `bucket`, images to the images
// bucket; `suffix` is appended to the text (the newline before an appended function namespace).
// Unknown part types throw Error(kInvalidRequest); audio and file parts are flagged, not counted.
void count_openai_content(const Json& content, ChatCounter& c, int64_t& bucket, const std::string& suffix);

// "system" and "developer" play the same part.
bool is_system_role(std::string_view role);

// One tool call, framed as its own message "assistant to=functions.{name}" with compact JSON
// arguments (counting-rules.md addendum B).
void count_tool_call(std::string_view name, const Json& arguments, ChatCounter& c);

// The framing of a tool result: "functions.{name}" in place of the role when the call it answers is
// known (`call_name` non-null), else the role "tool". Its content is counted by the caller.
void count_tool_result_framing(const std::string* call_name, ChatCounter& c);

// Function definitions as the model sees them (the namespace text) and their constants: tools_extra,
// less tools_system_discount when the request has a system message; flags the schema shapes whose
// rendering is known to drift. tool_choice is the caller's (its shape differs between the APIs).
void count_function_definitions(const std::vector<const Json*>& functions, bool any_system, ChatCounter& c);

}  // namespace tokenmeter
