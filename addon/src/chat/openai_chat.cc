// OpenAI Chat Completions (`messages`, `tools`/`functions`, `tool_choice`/`function_call`).
//
// ChatML framing (cookbook rule, counting-rules.md §1.2): every message costs per_message, its
// role, its content and its name (+per_name); the reply is primed with reply_priming tokens.
// Function definitions are shown to the model as a TypeScript namespace (§2.1-2.2); assistant
// tool calls and tool results follow the harmony-style framing fitted in addendum B.
#include <string>
#include <unordered_map>
#include <vector>

#include "chat/chat_counter.h"
#include "chat/openai_content.h"

namespace tokenmeter {
namespace {

bool is_known_role(std::string_view role) {
  return role == "system" || role == "developer" || role == "user" || role == "assistant" || role == "tool" ||
         role == "function";
}

// The function definitions of `tools` (or legacy `functions`), in order.
std::vector<const Json*> collect_functions(const Json& body, ChatCounter& c) {
  std::vector<const Json*> functions;
  auto tools = body.find("tools");
  if (tools != body.end() && !tools->is_null()) {
    if (!tools->is_array()) ChatCounter::invalid("tools must be an array");
    for (const auto& tool : *tools) {
      if (!tool.is_object()) ChatCounter::invalid("each tool must be an object");
      auto fn = tool.find("function");
      if (fn != tool.end() && fn->is_object()) {
        functions.push_back(&*fn);
      } else {
        c.flag("non-function-tool");  // custom/built-in tools: their rendering is not published
      }
    }
  }
  auto legacy = body.find("functions");
  if (legacy != body.end() && !legacy->is_null()) {
    if (!legacy->is_array()) ChatCounter::invalid("functions must be an array");
    for (const auto& fn : *legacy) {
      if (!fn.is_object()) ChatCounter::invalid("each function must be an object");
      functions.push_back(&fn);
    }
  }
  return functions;
}

// tool_choice / function_call: "none" costs a token, a named function costs a constant plus its name.
int64_t choice_tokens(const Json& body, ChatCounter& c) {
  const ModelRules& r = c.rules();
  int64_t tokens = 0;
  auto tc = body.find("tool_choice");
  if (tc != body.end() && !tc->is_null()) {
    if (tc->is_string()) {
      const auto& v = tc->get_ref<const std::string&>();
      if (v == "none") tokens += r.tool_choice_none;
      else if (v == "required") c.flag("tool-choice-required");
    } else if (tc->is_object()) {
      auto fn = tc->find("function");
      if (fn != tc->end() && fn->is_object()) {
        tokens += r.tool_choice_named + c.text(string_field(*fn, "name", "tool_choice.function"));
      } else {
        c.flag("tool-choice-" + std::string(string_field(*tc, "type", "tool_choice")));
      }
    }
  }
  auto fc = body.find("function_call");
  if (fc != body.end() && !fc->is_null()) {
    if (fc->is_string() && fc->get_ref<const std::string&>() == "none") tokens += r.function_call_none;
    else if (fc->is_object()) tokens += r.function_call_named + c.text(string_field(*fc, "name", "function_call"));
  }
  return tokens;
}

}  // namespace

void count_chat_completions(const Json& body, ChatCounter& c) {
  const ModelRules& r = c.rules();
  ChatBreakdown& b = c.buckets();
  auto messages_it = body.find("messages");
  if (messages_it == body.end() || !messages_it->is_array())
    ChatCounter::invalid("a Chat Completions request needs a messages array");
  const Json& messages = *messages_it;

  const std::vector<const Json*> functions = collect_functions(body, c);
  const bool has_functions = !functions.empty();
  bool padded_system = false, any_system = false;
  std::unordered_map<std::string, std::string> call_names;  // tool_call_id -> function name

  b.overhead += r.reply_priming;
  for (const auto& m : messages) {
    if (!m.is_object()) ChatCounter::invalid("each message must be an object");
    const std::string_view role = string_field(m, "role", "message");
    if (role.empty()) ChatCounter::invalid("each message needs a role");
    if (!is_known_role(role)) ChatCounter::invalid("unknown message role \"" + std::string(role) + "\"");
    const bool system = is_system_role(role);
    any_system |= system;
    int64_t& bucket = system ? b.system : b.messages;
    auto content = m.find("content");
    const Json null_content;
    const Json& content_value = content != m.end() ? *content : null_content;

    auto tool_calls = m.find("tool_calls");
    const bool has_calls = role == "assistant" && tool_calls != m.end() && tool_calls->is_array() && !tool_calls->empty();
    if (has_calls) {
      // Each call is its own framed message "assistant to=functions.{name}" with compact JSON
      // arguments; text content, if any, is a message of its own before them.
      c.flag("tool-calls");
      const bool has_text = content_value.is_string() ? !content_value.get_ref<const std::string&>().empty()
                                                       : (content_value.is_array() && !content_value.empty());
      if (has_text) {
        b.overhead += r.per_message + c.text(role);
        count_openai_content(content_value, c, b.messages, "");
      }
      for (const auto& call : *tool_calls) {
        if (!call.is_object()) ChatCounter::invalid("each tool call must be an object");
        auto fn = call.find("function");
        if (fn == call.end() || !fn->is_object()) {
          c.flag("non-function-tool-call");
          continue;
        }
        const std::string_view name = string_field(*fn, "name", "tool_calls[].function");
        const std::string_view id = string_field(call, "id", "tool_calls[]");
        if (!id.empty()) call_names[std::string(id)] = std::string(name);
        count_tool_call(name, fn->value("arguments", Json()), c);
      }
      if (tool_calls->size() >= 2) b.overhead += r.parallel_tool_calls_extra;
      continue;
    }

    if (role == "tool") {
      // Result framing "functions.{name} ... " replaces the role; tool_call_id itself is free.
      c.flag("tool-calls");
      auto name = call_names.find(std::string(string_field(m, "tool_call_id", "tool message")));
      count_tool_result_framing(name != call_names.end() ? &name->second : nullptr, c);
      count_openai_content(content_value, c, b.messages, "");
      continue;
    }

    b.overhead += r.per_message + c.text(role);
    // With functions, the namespace is appended to the first system message, after a newline.
    const bool pad = system && has_functions && !padded_system;
    padded_system |= pad;
    count_openai_content(content_value, c, bucket, pad ? "\n" : "");
    const std::string_view name = string_field(m, "name", "message");
    if (!name.empty()) {
      bucket += c.text(name);
      b.overhead += r.per_name;
    }
    if (role == "function") b.overhead -= r.function_message_discount;
    auto fc = m.find("function_call");
    if (fc != m.end() && fc->is_object()) {
      b.messages += c.text(string_field(*fc, "name", "function_call"));
      auto args = fc->find("arguments");
      if (args != fc->end() && args->is_string()) b.messages += c.text(args->get_ref<const std::string&>());
      b.overhead += r.function_call_message_extra;
    }
  }

  if (has_functions) {
    b.tools += choice_tokens(body, c);
    count_function_definitions(functions, any_system, c);
  }
}

}  // namespace tokenmeter
