// Anthropic Messages (`system`, `messages`, `tools`, `tool_choice`, `thinking`, `mcp_servers`).
//
// Claude's tokenizer is private, so every count here is an estimate: text is counted with the
// model entry's `estimateEncoding` and framed with constants fitted to Anthropic's published
// count_tokens examples (data/chat-models.json). Tool use adds the documented hidden system prompt
// for the model and tool_choice; images follow Anthropic's published size formula.
#include <string>

#include "chat/chat_counter.h"

namespace tokenmeter {
namespace {

void count_blocks(const Json& content, ChatCounter& c, int64_t& bucket, int depth);

// An image or document `source`: base64 data, a URL, a file id, or (documents) text/content.
void count_image(const Json& block, ChatCounter& c) {
  auto source = block.find("source");
  if (source == block.end() || !source->is_object()) ChatCounter::invalid("an image block needs a source object");
  const std::string_view type = string_field(*source, "type", "image.source");
  ChatBreakdown& b = c.buckets();
  if (type == "base64") {
    b.images += c.image(string_field(*source, "data", "image.source"), true, ImageDetail::kAuto);
  } else if (type == "url") {
    b.images += c.image(string_field(*source, "url", "image.source"), false, ImageDetail::kAuto);
  } else if (type == "file") {
    c.flag("image-file-id");
    b.images += c.image("", false, ImageDetail::kAuto);
  } else {
    ChatCounter::invalid("unknown image source type \"" + std::string(type) + "\"");
  }
}

void count_document(const Json& block, ChatCounter& c, int depth) {
  ChatBreakdown& b = c.buckets();
  b.documents += c.text(string_field(block, "title", "document")) + c.text(string_field(block, "context", "document"));
  auto source = block.find("source");
  if (source == block.end() || !source->is_object()) ChatCounter::invalid("a document block needs a source object");
  const std::string_view type = string_field(*source, "type", "document.source");
  if (type == "base64") {
    b.documents += c.pdf(string_field(*source, "data", "document.source"));
  } else if (type == "text") {
    b.documents += c.text(string_field(*source, "data", "document.source"));
  } else if (type == "content") {
    count_blocks(source->value("content", Json()), c, b.documents, depth + 1);
  } else if (type == "url" || type == "file") {
    b.documents += c.pdf("");
  } else {
    ChatCounter::invalid("unknown document source type \"" + std::string(type) + "\"");
  }
}

void count_block(const Json& block, ChatCounter& c, int64_t& bucket, int depth) {
  const ModelRules& r = c.rules();
  if (!block.is_object()) ChatCounter::invalid("each content block must be an object");
  const std::string_view type = string_field(block, "type", "content block");
  if (type == "text") {
    bucket += c.text(string_field(block, "text", "text block"));
  } else if (type == "image") {
    count_image(block, c);
  } else if (type == "document") {
    count_document(block, c, depth);
  } else if (type == "tool_use") {
    bucket += r.tool_use_extra + c.text(string_field(block, "name", "tool_use"));
    auto input = block.find("input");
    if (input != block.end()) bucket += c.compact_json(*input);
  } else if (type == "tool_result") {
    bucket += r.tool_result_extra;
    count_blocks(block.value("content", Json()), c, bucket, depth + 1);
  } else if (type == "thinking" || type == "redacted_thinking") {
    // Thinking blocks of earlier assistant turns are not counted (Anthropic extended-thinking guide).
  } else if (type == "search_result") {
    bucket += c.text(string_field(block, "title", "search_result")) + c.text(string_field(block, "source", "search_result"));
    count_blocks(block.value("content", Json()), c, bucket, depth + 1);
  } else if (type == "server_tool_use" || type == "mcp_tool_use" || type == "web_search_tool_result" ||
             type == "web_fetch_tool_result" || type == "mcp_tool_result" || type == "code_execution_tool_result" ||
             type == "container_upload") {
    c.flag("server-tool-blocks");  // framing unpublished: counted as their compact JSON
    bucket += c.compact_json(block);
  } else {
    ChatCounter::invalid("unknown content block type \"" + std::string(type) + "\"");
  }
}

void count_blocks(const Json& content, ChatCounter& c, int64_t& bucket, int depth) {
  if (depth > 8) ChatCounter::invalid("content blocks are nested too deeply");
  if (content.is_null()) return;
  if (content.is_string()) {
    bucket += c.text(content.get_ref<const std::string&>());
    return;
  }
  if (!content.is_array()) ChatCounter::invalid("content must be a string or an array of blocks");
  for (const auto& block : content) count_block(block, c, bucket, depth);
}

void count_tools(const Json& body, ChatCounter& c) {
  const ModelRules& r = c.rules();
  ChatBreakdown& b = c.buckets();
  auto tools = body.find("tools");
  if (tools == body.end() || tools->is_null()) return;
  if (!tools->is_array()) ChatCounter::invalid("tools must be an array");
  if (tools->empty()) return;

  // The hidden tool-use system prompt: one size for auto/none, another for any/tool.
  std::string choice = "auto";
  auto tc = body.find("tool_choice");
  if (tc != body.end() && tc->is_object()) choice = std::string(string_field(*tc, "type", "tool_choice"));
  b.tools += (choice == "any" || choice == "tool") ? r.tool_system_prompt_any : r.tool_system_prompt_auto;
  if (choice == "tool") b.tools += c.text(string_field(*tc, "name", "tool_choice"));

  for (const auto& tool : *tools) {
    if (!tool.is_object()) ChatCounter::invalid("each tool must be an object");
    const std::string_view type = string_field(tool, "type", "tool");
    if (type.empty() || type == "custom") {
      b.tools += r.per_tool + c.text(string_field(tool, "name", "tool")) +
                 c.text(string_field(tool, "description", "tool"));
      auto schema = tool.find("input_schema");
      if (schema != tool.end()) b.tools += c.compact_json(*schema);
      continue;
    }
    // Anthropic-defined tools (bash, text editor, computer use) have documented fixed costs.
    bool priced = false;
    for (const auto& [prefix, tokens] : r.server_tool_tokens) {
      if (type.compare(0, prefix.size(), prefix) == 0) {
        b.tools += tokens;
        priced = true;
        break;
      }
    }
    if (!priced) c.flag("server-tool-" + std::string(type));
  }
}

}  // namespace

void count_anthropic_messages(const Json& body, ChatCounter& c) {
  const ModelRules& r = c.rules();
  ChatBreakdown& b = c.buckets();
  c.flag("anthropic-tokenizer-private");
  auto messages = body.find("messages");
  if (messages == body.end() || !messages->is_array())
    ChatCounter::invalid("an Anthropic Messages request needs a messages array");

  b.overhead += r.reply_priming;
  auto system = body.find("system");
  if (system != body.end()) count_blocks(*system, c, b.system, 0);

  for (const auto& m : *messages) {
    if (!m.is_object()) ChatCounter::invalid("each message must be an object");
    const std::string_view role = string_field(m, "role", "message");
    if (role == "system") {
      // Not in Anthropic's API, but OpenAI-style message lists sent to Claude (through
      // OpenAI-compatible gateways) carry it; it becomes the system prompt there.
      count_blocks(m.value("content", Json()), c, b.system, 0);
      continue;
    }
    if (role != "user" && role != "assistant")
      ChatCounter::invalid("message role must be \"user\" or \"assistant\", got \"" + std::string(role) + "\"");
    b.overhead += r.per_message;
    auto content = m.find("content");
    if (content == m.end()) ChatCounter::invalid("each message needs content");
    count_blocks(*content, c, b.messages, 0);
  }
  count_tools(body, c);
  auto thinking = body.find("thinking");
  if (thinking != body.end() && thinking->is_object()) {
    const std::string_view type = string_field(*thinking, "type", "thinking");
    if (type == "enabled" || type == "adaptive") b.overhead += r.thinking_enabled;
  }
  auto mcp = body.find("mcp_servers");
  if (mcp != body.end() && mcp->is_array() && !mcp->empty()) c.flag("mcp-servers-not-counted");
}

}  // namespace tokenmeter
