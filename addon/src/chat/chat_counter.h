// What the per-API counters share: counting text with the request's encoding, flagging estimates,
// and pricing images and PDFs under the model's rules.
#pragma once

#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "chat/chat_count.h"
#include "chat/image_tokens.h"
#include "chat/model_rules.h"
#include "encoding/encoding.h"

namespace tokenmeter {

using Json = nlohmann::ordered_json;

class ChatCounter {
 public:
  ChatCounter(const Encoding& encoding, const ModelRules& rules, const CountOptions& options, ChatCount& out)
      : encoding_(encoding), rules_(rules), options_(options), out_(out) {}

  const ModelRules& rules() const { return rules_; }
  ChatBreakdown& buckets() { return out_.breakdown; }

  // Tokens of `text` as ordinary text: special-token strings inside a request are what the
  // provider tokenizes and bills as text.
  int64_t text(std::string_view text) const;
  // Tokens of a JSON value as compact JSON (tool-call arguments, Anthropic tool inputs/schemas).
  int64_t compact_json(const Json& value) const;
  // Tool-call arguments as sent: a string of JSON is re-serialized compactly (what the model sees);
  // a string that is not JSON is counted as it is.
  int64_t call_arguments(const Json& arguments) const;

  // Marks the count as an estimate, with a short reason tag (kept once).
  void flag(const std::string& reason);

  // Tokens of one image under the model's image rule. `source` is a data URL, an http(s) URL, or
  // raw base64 (`is_base64`). Throws Error(kInvalidImage) for broken inline images.
  int64_t image(std::string_view source, bool is_base64, ImageDetail detail);
  // Estimated tokens of a base64 PDF (pages × documentPageTokens); flags the estimate.
  int64_t pdf(std::string_view base64_or_empty);

  // Throws Error(kInvalidRequest) with `what`.
  [[noreturn]] static void invalid(const std::string& what);

 private:
  const Encoding& encoding_;
  const ModelRules& rules_;
  const CountOptions& options_;
  ChatCount& out_;
};

// Text of a string field, or "" when absent or null; throws kInvalidRequest for another type.
std::string_view string_field(const Json& object, const char* key, const char* where);
// "auto"/"low"/"high"; anything else is kAuto.
ImageDetail parse_detail(const Json& detail);

// The per-API counters (openai_chat.cc, openai_responses.cc, anthropic_messages.cc). Each adds to
// the counter's buckets; `body` is an object.
void count_chat_completions(const Json& body, ChatCounter& counter);
void count_responses(const Json& body, ChatCounter& counter);
void count_anthropic_messages(const Json& body, ChatCounter& counter);

}  // namespace tokenmeter
