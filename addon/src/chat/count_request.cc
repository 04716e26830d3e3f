#include "chat/count_request.h"

#include "chat/chat_counter.h"
#include "chat/json_guard.h"
#include "util/error.h"

namespace tokenmeter {
namespace {

bool starts_with(std::string_view s, std::string_view prefix) { return s.compare(0, prefix.size(), prefix) == 0; }

bool looks_anthropic_model(std::string_view model) {
  return starts_with(model, "claude") || model.find("anthropic") != std::string_view::npos;
}

// Content block types only Anthropic's Messages API has.
bool has_anthropic_blocks(const nlohmann::ordered_json& messages) {
  for (const auto& m : messages) {
    if (!m.is_object()) continue;
    auto content = m.find("content");
    if (content == m.end() || !content->is_array()) continue;
    for (const auto& block : *content) {
      if (!block.is_object()) continue;
      auto type = block.find("type");
      if (type == block.end() || !type->is_string()) continue;
      const auto& t = type->get_ref<const std::string&>();
      if (t == "tool_use" || t == "tool_result" || t == "document" || t == "thinking" ||
          t == "redacted_thinking" || (t == "image" && block.contains("source")))
        return true;
    }
  }
  return false;
}

std::string body_model(const nlohmann::ordered_json& body, const CountOptions& options) {
  if (!options.model.empty()) return options.model;
  auto model = body.find("model");
  if (model == body.end() || model->is_null()) return {};
  if (!model->is_string()) ChatCounter::invalid("model must be a string");
  return model->get<std::string>();
}

}  // namespace

ChatApi detect_api(const nlohmann::ordered_json& body, const CountOptions& options) {
  if (!body.is_object()) ChatCounter::invalid("a request body must be a JSON object");
  if (options.api != ChatApi::kUnknown) return options.api;
  const bool has_messages = body.contains("messages");
  if (!has_messages) {
    if (body.contains("input") || body.contains("instructions")) return ChatApi::kResponses;
    ChatCounter::invalid("cannot tell the request's API: it has neither `messages` nor `input`");
  }
  if (options.provider == "anthropic") return ChatApi::kAnthropicMessages;
  if (options.provider == "openai") return ChatApi::kChatCompletions;
  const std::string model = body_model(body, options);
  if (body.contains("system") || looks_anthropic_model(model)) return ChatApi::kAnthropicMessages;
  const auto& messages = body["messages"];
  if (messages.is_array() && has_anthropic_blocks(messages)) return ChatApi::kAnthropicMessages;
  return ChatApi::kChatCompletions;
}

ChatCount count_request(const nlohmann::ordered_json& body, const CountOptions& options, const RuleBook& book,
                        const EncodingLoader& load_encoding) {
  ChatCount out;
  out.api = detect_api(body, options);
  out.model = body_model(body, options);

  bool known = false;
  const ModelRules rules = book.resolve(out.model, out.api == ChatApi::kAnthropicMessages, known);
  out.rules = rules.matched;
  out.calibration = rules.calibration;

  if (rules.provider == Provider::kAnthropic || out.api == ChatApi::kAnthropicMessages) {
    out.encoding = rules.estimate_encoding.empty() ? "cl100k_base" : rules.estimate_encoding;
  } else {
    out.encoding = book.encodings().lookup(out.model);
    if (out.encoding.empty()) out.encoding = "o200k_base";  // the newest OpenAI vocabulary
  }
  const std::shared_ptr<const Encoding> encoding = load_encoding(out.encoding);

  ChatCounter counter(*encoding, rules, options, out);
  if (out.model.empty()) counter.flag("model-unspecified");
  else if (!known) counter.flag("unknown-model");
  if (!rules.exact && rules.provider != Provider::kAnthropic) counter.flag(rules.reasoning ? "reasoning-model-framing" : "model-framing-unvalidated");

  switch (out.api) {
    case ChatApi::kChatCompletions: count_chat_completions(body, counter); break;
    case ChatApi::kResponses: count_responses(body, counter); break;
    case ChatApi::kAnthropicMessages: count_anthropic_messages(body, counter); break;
    case ChatApi::kUnknown: ChatCounter::invalid("cannot tell the request's API");
  }
  return out;
}

ChatCount count_request_json(std::string_view json, const CountOptions& options, const RuleBook& rules,
                             const EncodingLoader& load_encoding) {
  return count_request(parse_request_json(json), options, rules, load_encoding);
}

}  // namespace tokenmeter
