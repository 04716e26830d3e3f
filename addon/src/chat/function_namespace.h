// The hidden text an OpenAI model is shown for function (tool) definitions: the TypeScript-like
// `namespace functions { ... }` block. Its token count is what function definitions cost.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace tokenmeter {

struct NamespaceStyle {
  // gpt-oss (harmony) adds a `// default: <json>` comment after a property that has a default.
  bool default_comments = false;
};

// Renders `functions`, each an object {name, description?, parameters?} (the Chat Completions
// `tools[].function` / legacy `functions[]` shape), in order. Property order is the order of the
// JSON object as sent, so callers must parse with nlohmann::ordered_json.
std::string render_function_namespace(const std::vector<const nlohmann::ordered_json*>& functions,
                                      const NamespaceStyle& style = {});

// True when any function's parameters nest an object inside an object property (or an array of
// objects): the rendering of those is known to drift between model versions (±3 tokens), so
// counts that include them are flagged as estimates.
bool has_nested_object_schema(const std::vector<const nlohmann::ordered_json*>& functions);

// True when a top-level property has no description. Models after mid-2023 (gpt-35-turbo on Azure,
// gpt-4-turbo-preview) were measured one token below the rendering for such schemas, while the
// 2023 gpt-3.5-turbo matched it, so counts that include them are flagged as estimates (±1).
bool has_undescribed_property(const std::vector<const nlohmann::ordered_json*>& functions);

}  // namespace tokenmeter
