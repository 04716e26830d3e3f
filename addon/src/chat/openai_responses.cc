// OpenAI Responses API (`input`, `instructions`, flat function `tools`, `tool_choice`).
//
// OpenAI has not published how Responses input is framed; the model family is the same as in Chat
// Completions, so the same ChatML rule is applied and every count is flagged "responses-framing".
// (The exact number is available from OpenAI's POST /v1/responses/input_tokens.)
#include <string>
#include <unordered_map>
#include <vector>

#include "chat/chat_counter.h"
#include "chat/openai_content.h"

namespace tokenmeter {
namespace {

struct ResponsesState {
  std::unordered_map<std::string, std::string> call_names;  // call_id -> function name
  size_t calls_in_run = 0;  // consecutive function_call items: a parallel call
};

void end_call_run(ResponsesState& state, ChatCounter& c) {
  if (state.calls_in_run >= 2) c.buckets().overhead += c.rules().parallel_tool_calls_extra;
  state.calls_in_run = 0;
}

void count_item(const Json& item, ResponsesState& state, bool pad_system, bool& padded, ChatCounter& c) {
  const ModelRules& r = c.rules();
  ChatBreakdown& b = c.buckets();
  if (!item.is_object()) ChatCounter::invalid("each input item must be an object");
  const std::string_view type = string_field(item, "type", "input item");
  if (type == "function_call") {
    c.flag("tool-calls");
    const std::string_view name = string_field(item, "name", "function_call");
    const std::string_view id = string_field(item, "call_id", "function_call");
    if (!id.empty()) state.call_names[std::string(id)] = std::string(name);
    count_tool_call(name, item.value("arguments", Json()), c);
    ++state.calls_in_run;
    return;
  }
  end_call_run(state, c);
  if (type == "function_call_output") {
    c.flag("tool-calls");
    auto name = state.call_names.find(std::string(string_field(item, "call_id", "function_call_output")));
    count_tool_result_framing(name != state.call_names.end() ? &name->second : nullptr, c);
    count_openai_content(item.value("output", Json()), c, b.messages, "");
    return;
  }
  if (type.empty() || type == "message") {
    const std::string_view role = string_field(item, "role", "message");
    if (role.empty()) ChatCounter::invalid("each input message needs a role");
    if (!(is_system_role(role) || role == "user" || role == "assistant"))
      ChatCounter::invalid("unknown message role \"" + std::string(role) + "\"");
    const bool system = is_system_role(role);
    const bool pad = system && pad_system && !padded;
    padded |= pad;
    b.overhead += r.per_message + c.text(role);
    count_openai_content(item.value("content", Json()), c, system ? b.system : b.messages, pad ? "\n" : "");
    return;
  }
  // reasoning, item_reference, web_search_call, computer_call, ...: not text the rule covers.
  c.flag("responses-item-" + std::string(type));
}

}  // namespace

void count_responses(const Json& body, ChatCounter& c) {
  const ModelRules& r = c.rules();
  ChatBreakdown& b = c.buckets();
  c.flag("responses-framing");
  if (body.contains("previous_response_id") && !body["previous_response_id"].is_null())
    c.flag("previous-response-not-counted");

  // Function tools are flat here ({type, name, description, parameters}); render them as the
  // Chat Completions {name, description, parameters} objects the namespace renderer takes.
  std::vector<Json> function_objects;
  auto tools = body.find("tools");
  if (tools != body.end() && !tools->is_null()) {
    if (!tools->is_array()) ChatCounter::invalid("tools must be an array");
    for (const auto& tool : *tools) {
      if (!tool.is_object()) ChatCounter::invalid("each tool must be an object");
      if (string_field(tool, "type", "tool") != "function") {
        c.flag("non-function-tool");
        continue;
      }
      Json fn = Json::object();
      for (const char* key : {"name", "description", "parameters"})
        if (tool.contains(key)) fn[key] = tool[key];
      function_objects.push_back(std::move(fn));
    }
  }
  std::vector<const Json*> functions;
  for (const auto& fn : function_objects) functions.push_back(&fn);
  const bool has_functions = !functions.empty();

  b.overhead += r.reply_priming;
  bool padded = false, any_system = false;
  const std::string_view instructions = string_field(body, "instructions", "request");
  if (!instructions.empty()) {
    any_system = true;
    padded = has_functions;
    b.overhead += r.per_message + c.text("system");
    b.system += c.text(has_functions ? std::string(instructions) + "\n" : std::string(instructions));
  }

  auto input = body.find("input");
  ResponsesState state;
  if (input == body.end() || input->is_null()) {
    // allowed with previous_response_id alone
  } else if (input->is_string()) {
    b.overhead += r.per_message + c.text("user");
    b.messages += c.text(input->get_ref<const std::string&>());
  } else if (input->is_array()) {
    for (const auto& item : *input) {
      if (item.is_object()) any_system |= is_system_role(string_field(item, "role", "message"));
    }
    for (const auto& item : *input) count_item(item, state, has_functions, padded, c);
    end_call_run(state, c);
  } else {
    ChatCounter::invalid("input must be a string or an array of items");
  }

  if (has_functions) {
    auto tc = body.find("tool_choice");
    if (tc != body.end() && tc->is_string()) {
      if (tc->get_ref<const std::string&>() == "none") b.tools += r.tool_choice_none;
      else if (tc->get_ref<const std::string&>() == "required") c.flag("tool-choice-required");
    } else if (tc != body.end() && tc->is_object()) {
      const std::string_view name = string_field(*tc, "name", "tool_choice");
      if (!name.empty()) b.tools += r.tool_choice_named + c.text(name);
      else c.flag("tool-choice-" + std::string(string_field(*tc, "type", "tool_choice")));
    }
    count_function_definitions(functions, any_system, c);
  }
}

}  // namespace tokenmeter
