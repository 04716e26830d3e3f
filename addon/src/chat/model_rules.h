// Per-model counting rules (framing constants, tool and image rates, which encoding to count
// with), parsed from data/chat-models.json. The numbers are data so that a wrong one can be fixed
// by editing the file or passing overrides, without a release.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "chat/image_tokens.h"

namespace tokenmeter {

enum class Provider { kOpenAi, kAnthropic };
enum class Framing { kChatMl, kHarmony, kAnthropic };

struct ImageRule {
  enum class Kind { kTile, kPatch, kAnthropicArea, kAnthropicPatch } kind = Kind::kTile;
  TileRule tile;
  PatchRule patch;
  AnthropicAreaRule anthropic_area;
  AnthropicPatchRule anthropic_patch;
  bool exact = true;  // false where the formula's rounding or constants are not pinned down
  uint32_t per_image = 0;  // tokens added per image on top of the formula (framing of the image)
};

struct ModelRules {
  std::string matched;  // the `match` of the entry that applied ("" for the defaults)
  Provider provider = Provider::kOpenAi;
  Framing framing = Framing::kChatMl;
  bool exact = true;      // the framing constants reproduce provider-reported counts
  bool reasoning = false;
  std::string estimate_encoding;  // Anthropic: the public vocabulary used as a stand-in
  double calibration = 1.0;       // default factor for estimates (applied by the TypeScript layer)

  // OpenAI (cookbook rule and its tool extensions); Anthropic uses per_message and reply_priming.
  int per_message = 3;
  int per_name = 1;
  int reply_priming = 3;
  int tools_extra = 9;
  int tools_system_discount = 4;
  int tool_choice_none = 1;
  int tool_choice_named = 7;
  int function_call_none = 1;
  int function_call_named = 4;
  int function_message_discount = 2;
  int function_call_message_extra = 3;
  int tool_result_extra = 2;
  int parallel_tool_calls_extra = 9;

  // Anthropic.
  int tool_system_prompt_auto = 0;
  int tool_system_prompt_any = 0;
  int tool_use_extra = 0;
  int per_tool = 0;
  int document_page_tokens = 2000;
  int thinking_enabled = 0;  // added when `thinking` is enabled or adaptive
  std::map<std::string, int> server_tool_tokens;  // tool `type` prefix -> tokens

  ImageRule image;
};

// Model name -> encoding, the same table and lookup as lib/model-table.ts (which passes it in).
struct EncodingTable {
  std::map<std::string, std::string> exact;
  struct PatternRule {
    std::string prefix, suffix, encoding;
  };
  std::vector<PatternRule> patterns;
  // "" when unknown. Strips an `openai/` prefix and resolves `ft:<base>:...` fine-tunes.
  std::string lookup(std::string_view model) const;
};

class RuleBook {
 public:
  // `rules` is data/chat-models.json (possibly with caller overrides merged in); `encodings` is
  // {"exact": {model: encoding}, "patterns": [{prefix, suffix, encoding}]}. Throws
  // Error(kInvalidArgument) naming the first malformed field.
  RuleBook(const nlohmann::ordered_json& rules, const nlohmann::ordered_json& encodings);

  // The rules for `model` (provider prefixes such as "anthropic/" or Bedrock's "anthropic." are
  // stripped). `known` is set to false when no entry matched and the defaults (or, when
  // `anthropic_hint`, the bare "claude" entry) were used.
  ModelRules resolve(std::string_view model, bool anthropic_hint, bool& known) const;

  const EncodingTable& encodings() const { return encodings_; }

 private:
  const nlohmann::ordered_json* find_entry(std::string_view match) const;
  const nlohmann::ordered_json* longest_match(std::string_view model, std::string_view except) const;
  void apply(const nlohmann::ordered_json& entry, ModelRules& rules, int depth) const;

  nlohmann::ordered_json defaults_;
  std::vector<nlohmann::ordered_json> entries_;
  EncodingTable encodings_;
};

}  // namespace tokenmeter
