#include "chat/model_rules.h"

#include "util/error.h"

namespace tokenmeter {
namespace {

using Json = nlohmann::ordered_json;

[[noreturn]] void bad_field(const std::string& where, const char* expected) {
  throw Error(ErrorCode::kInvalidArgument, "model rules: " + where + " must be " + expected);
}

// Reads an optional field into `out`, refusing values of the wrong type so that a typo in an
// override is an error rather than a silently ignored number.
template <class T>
void read_field(const Json& entry, const char* key, T& out, const std::string& where) {
  auto it = entry.find(key);
  if (it == entry.end() || it->is_null()) return;
  if constexpr (std::is_same_v<T, bool>) {
    if (!it->is_boolean()) bad_field(where + "." + key, "a boolean");
    out = it->get<bool>();
  } else if constexpr (std::is_same_v<T, std::string>) {
    if (!it->is_string()) bad_field(where + "." + key, "a string");
    out = it->get<std::string>();
  } else if constexpr (std::is_floating_point_v<T>) {
    if (!it->is_number()) bad_field(where + "." + key, "a number");
    out = it->get<T>();
  } else {
    if (!it->is_number_integer()) bad_field(where + "." + key, "an integer");
    const int64_t v = it->get<int64_t>();
    if (v < (std::is_unsigned_v<T> ? 0 : -1000000) || v > 100000000) bad_field(where + "." + key, "an integer of sensible size");
    out = static_cast<T>(v);
  }
}

ImageRule parse_image(const Json& j, const std::string& where) {
  if (!j.is_object()) bad_field(where, "an object");
  ImageRule rule;
  std::string kind = "tile";
  read_field(j, "kind", kind, where);
  if (kind == "tile") rule.kind = ImageRule::Kind::kTile;
  else if (kind == "patch") rule.kind = ImageRule::Kind::kPatch;
  else if (kind == "anthropic-area") rule.kind = ImageRule::Kind::kAnthropicArea;
  else if (kind == "anthropic-patch") rule.kind = ImageRule::Kind::kAnthropicPatch;
  else bad_field(where + ".kind", "one of tile, patch, anthropic-area, anthropic-patch");
  read_field(j, "exact", rule.exact, where);
  read_field(j, "perImage", rule.per_image, where);
  read_field(j, "base", rule.tile.base, where);
  read_field(j, "perTile", rule.tile.per_tile, where);
  read_field(j, "maxSide", rule.tile.max_side, where);
  read_field(j, "shortSide", rule.tile.short_side, where);
  read_field(j, "tileSide", rule.tile.tile_side, where);
  read_field(j, "multiplier", rule.patch.multiplier, where);
  read_field(j, "budget", rule.patch.budget, where);
  read_field(j, "patchSide", rule.patch.patch_side, where);
  read_field(j, "maxLongEdge", rule.anthropic_area.max_long_edge, where);
  read_field(j, "maxTokens", rule.anthropic_area.max_tokens, where);
  read_field(j, "pixelsPerToken", rule.anthropic_area.pixels_per_token, where);
  read_field(j, "maxEdge", rule.anthropic_patch.max_edge, where);
  read_field(j, "maxTokens", rule.anthropic_patch.max_tokens, where);
  read_field(j, "patchSide", rule.anthropic_patch.patch_side, where);
  if (rule.tile.tile_side == 0 || rule.patch.patch_side == 0 || rule.anthropic_patch.patch_side == 0 ||
      rule.anthropic_area.pixels_per_token == 0)
    bad_field(where, "free of zero tile, patch or pixel sizes");
  if (!(rule.patch.multiplier >= 0 && rule.patch.multiplier < 1000)) bad_field(where + ".multiplier", "in [0, 1000)");
  return rule;
}

// "gpt-4o" matches "gpt-4o", "gpt-4o-mini", "gpt-4o-2024-08-06"; not "gpt-4o1" or "gpt-4".
bool name_matches(std::string_view model, std::string_view match) {
  if (model.size() < match.size() || model.compare(0, match.size(), match) != 0) return false;
  if (model.size() == match.size()) return true;
  const char next = model[match.size()];
  return next == '-' || next == '.' || next == ':' || next == '@';
}

std::string_view strip_prefix(std::string_view s, std::string_view prefix) {
  return s.compare(0, prefix.size(), prefix) == 0 ? s.substr(prefix.size()) : s;
}

}  // namespace

std::string EncodingTable::lookup(std::string_view model) const {
  model = strip_prefix(model, "openai/");
  if (model.compare(0, 3, "ft:") == 0) {  // ft:<base>:<org>:<suffix>:<id>
    const size_t end = model.find(':', 3);
    model = model.substr(3, end == std::string_view::npos ? std::string_view::npos : end - 3);
  }
  auto it = exact.find(std::string(model));
  if (it != exact.end()) return it->second;
  const PatternRule* best = nullptr;
  for (const auto& rule : patterns) {
    const size_t need = rule.prefix.size() + rule.suffix.size();
    if (model.size() < need || model.compare(0, rule.prefix.size(), rule.prefix) != 0 ||
        model.compare(model.size() - rule.suffix.size(), rule.suffix.size(), rule.suffix) != 0)
      continue;
    if (!best || need > best->prefix.size() + best->suffix.size()) best = &rule;
  }
  return best ? best->encoding : std::string();
}

RuleBook::RuleBook(const Json& rules, const Json& encodings) {
  if (!rules.is_object()) bad_field("the rules", "an object");
  auto d = rules.find("defaults");
  defaults_ = d != rules.end() ? *d : Json::object();
  if (!defaults_.is_object()) bad_field("defaults", "an object");
  auto m = rules.find("models");
  if (m != rules.end()) {
    if (!m->is_array()) bad_field("models", "an array");
    for (const auto& entry : *m) {
      if (!entry.is_object() || !entry.contains("match") || !entry["match"].is_string())
        bad_field("every models[] entry", "an object with a string `match`");
      entries_.push_back(entry);
    }
  }
  // Validate every entry once now, so a bad override fails where it is set, not at count time.
  ModelRules scratch;
  apply(defaults_, scratch, 0);
  for (const auto& entry : entries_) {
    ModelRules r;
    apply(entry, r, 0);
  }

  if (encodings.is_object()) {
    auto ex = encodings.find("exact");
    if (ex != encodings.end() && ex->is_object())
      for (auto it = ex->begin(); it != ex->end(); ++it)
        if (it.value().is_string()) encodings_.exact[it.key()] = it.value().get<std::string>();
    auto pat = encodings.find("patterns");
    if (pat != encodings.end() && pat->is_array())
      for (const auto& p : *pat)
        if (p.is_object() && p.value("prefix", Json()).is_string() && p.value("encoding", Json()).is_string())
          encodings_.patterns.push_back({p["prefix"].get<std::string>(), p.value("suffix", std::string()),
                                         p["encoding"].get<std::string>()});
  }
}

const Json* RuleBook::find_entry(std::string_view match) const {
  for (const auto& e : entries_)
    if (e["match"].get_ref<const std::string&>() == match) return &e;
  return nullptr;
}

const Json* RuleBook::longest_match(std::string_view model, std::string_view except) const {
  const Json* best = nullptr;
  size_t best_len = 0;
  for (const auto& e : entries_) {
    const auto& match = e["match"].get_ref<const std::string&>();
    if (match == except || !name_matches(model, match)) continue;
    if (!best || match.size() > best_len) {
      best = &e;
      best_len = match.size();
    }
  }
  return best;
}

// Applies `entry` on top of its parent (its `like`, or else the longest other entry its own name
// extends), which is applied on top of the defaults.
void RuleBook::apply(const Json& entry, ModelRules& r, int depth) const {
  if (depth > 16) bad_field("`like` chains", "free of cycles");
  const bool is_defaults = &entry == &defaults_;
  if (!is_defaults) {
    const std::string& match = entry["match"].get_ref<const std::string&>();
    const Json* parent = nullptr;
    auto like = entry.find("like");
    if (like != entry.end()) {
      if (!like->is_string() || !(parent = find_entry(like->get<std::string>())))
        bad_field(match + ".like", "the `match` of another entry");
    } else {
      parent = longest_match(match, match);
    }
    if (parent) apply(*parent, r, depth + 1);
    else apply(defaults_, r, depth + 1);
    r.matched = match;
  }
  const std::string where = is_defaults ? "defaults" : entry["match"].get<std::string>();

  std::string provider, framing;
  read_field(entry, "provider", provider, where);
  if (provider == "openai") r.provider = Provider::kOpenAi;
  else if (provider == "anthropic") r.provider = Provider::kAnthropic;
  else if (!provider.empty()) bad_field(where + ".provider", "\"openai\" or \"anthropic\"");
  read_field(entry, "framing", framing, where);
  if (framing == "chatml") r.framing = Framing::kChatMl;
  else if (framing == "harmony") r.framing = Framing::kHarmony;
  else if (framing == "anthropic") r.framing = Framing::kAnthropic;
  else if (!framing.empty()) bad_field(where + ".framing", "one of chatml, harmony, anthropic");

  read_field(entry, "exact", r.exact, where);
  read_field(entry, "reasoning", r.reasoning, where);
  read_field(entry, "estimateEncoding", r.estimate_encoding, where);
  read_field(entry, "calibration", r.calibration, where);
  if (!(r.calibration > 0 && r.calibration < 100)) bad_field(where + ".calibration", "in (0, 100)");
  read_field(entry, "perMessage", r.per_message, where);
  read_field(entry, "perName", r.per_name, where);
  read_field(entry, "replyPriming", r.reply_priming, where);
  read_field(entry, "toolsExtra", r.tools_extra, where);
  read_field(entry, "toolsSystemDiscount", r.tools_system_discount, where);
  read_field(entry, "toolChoiceNone", r.tool_choice_none, where);
  read_field(entry, "toolChoiceNamed", r.tool_choice_named, where);
  read_field(entry, "functionCallNone", r.function_call_none, where);
  read_field(entry, "functionCallNamed", r.function_call_named, where);
  read_field(entry, "functionMessageDiscount", r.function_message_discount, where);
  read_field(entry, "functionCallMessageExtra", r.function_call_message_extra, where);
  read_field(entry, "toolResultExtra", r.tool_result_extra, where);
  read_field(entry, "parallelToolCallsExtra", r.parallel_tool_calls_extra, where);
  read_field(entry, "toolUseExtra", r.tool_use_extra, where);
  read_field(entry, "perTool", r.per_tool, where);
  read_field(entry, "documentPageTokens", r.document_page_tokens, where);
  read_field(entry, "thinkingEnabled", r.thinking_enabled, where);

  auto tsp = entry.find("toolSystemPrompt");
  if (tsp != entry.end()) {
    if (!tsp->is_object()) bad_field(where + ".toolSystemPrompt", "an object {auto, any}");
    read_field(*tsp, "auto", r.tool_system_prompt_auto, where + ".toolSystemPrompt");
    read_field(*tsp, "any", r.tool_system_prompt_any, where + ".toolSystemPrompt");
  }
  auto stt = entry.find("serverToolTokens");
  if (stt != entry.end()) {
    if (!stt->is_object()) bad_field(where + ".serverToolTokens", "an object {typePrefix: tokens}");
    r.server_tool_tokens.clear();
    for (auto it = stt->begin(); it != stt->end(); ++it) {
      if (!it.value().is_number_integer() || it.value().get<int64_t>() < 0 || it.value().get<int64_t>() > 100000000) bad_field(where + ".serverToolTokens." + it.key(), "an integer of sensible size");
      r.server_tool_tokens[it.key()] = it.value().get<int>();
    }
  }
  auto image = entry.find("image");
  if (image != entry.end()) r.image = parse_image(*image, where + ".image");  // replaced whole
}

ModelRules RuleBook::resolve(std::string_view model, bool anthropic_hint, bool& known) const {
  std::string_view name = model;
  for (std::string_view prefix : {"openai/", "anthropic/", "anthropic.", "us.anthropic.", "eu.anthropic."})
    name = strip_prefix(name, prefix);
  if (name.compare(0, 3, "ft:") == 0) {
    const size_t end = name.find(':', 3);
    name = name.substr(3, end == std::string_view::npos ? std::string_view::npos : end - 3);
  }
  ModelRules rules;
  const Json* entry = longest_match(name, std::string_view());
  known = entry != nullptr;
  if (!entry && anthropic_hint) entry = find_entry("claude");
  if (entry) apply(*entry, rules, 0);
  else apply(defaults_, rules, 0);
  return rules;
}

}  // namespace tokenmeter
