// Counting OpenAI message content (Chat Completions and Responses share the part types).
#pragma once

#include <string>

#include "chat/chat_counter.h"

namespace tokenmeter {

// Adds the tokens of `content` (string, null, or array of parts) to `bucket`, images to the images
// bucket; `suffix` is appended to the text (the newline before an appended function namespace).
// Unknown part types throw Error(kInvalidRequest); audio and file parts are flagged, not counted.
void count_openai_content(const Json& content, ChatCounter& c, int64_t& bucket, const std::string& suffix);

}  // namespace tokenmeter
