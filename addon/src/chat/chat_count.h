// The result of counting a chat request, and the caller's options.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "chat/image_size.h"

namespace tokenmeter {

enum class ChatApi { kUnknown, kChatCompletions, kResponses, kAnthropicMessages };
const char* chat_api_name(ChatApi api);  // "chat", "responses", "anthropic"

struct CountOptions {
  ChatApi api = ChatApi::kUnknown;  // kUnknown: detect from the body's shape
  std::string model;                // overrides the body's `model`
  std::string provider;             // "", "openai" or "anthropic": a hint for detection
  // Sizes of images given by URL (no bytes to read a header from), keyed by the exact URL.
  std::unordered_map<std::string, ImageSize> image_sizes;
  // Used for URL images not in image_sizes; the count is then flagged as an estimate.
  ImageSize default_image_size{1024, 1024};
  // Pages assumed for a PDF given by URL or file id (no bytes to count pages in).
  uint32_t default_pdf_pages = 1;
};

// Token counts by where they come from; they add up to the total. A bucket can receive a negative
// constant (a documented discount), so they are signed.
struct ChatBreakdown {
  int64_t messages = 0;   // text of user/assistant/tool messages, tool calls and their results
  int64_t system = 0;     // system / developer messages, `instructions`, Anthropic `system`
  int64_t tools = 0;      // tool definitions and the constants that come with them
  int64_t images = 0;
  int64_t documents = 0;  // Anthropic document blocks (PDF per-page estimate, text documents)
  int64_t overhead = 0;   // per-message framing, role names, reply priming
};

struct ChatCount {
  ChatBreakdown breakdown;
  ChatApi api = ChatApi::kUnknown;
  std::string model;           // as given (body or options); "" if none
  std::string encoding;        // the encoding the text was counted with
  std::string rules;           // the data/chat-models.json entry that applied ("" = defaults)
  bool exact = true;
  double calibration = 1.0;    // the applied rules' default factor for estimates
  std::vector<std::string> estimated;  // why the count is not exact, one short tag per reason

  int64_t total() const {
    const ChatBreakdown& b = breakdown;
    return b.messages + b.system + b.tools + b.images + b.documents + b.overhead;
  }
};

}  // namespace tokenmeter
