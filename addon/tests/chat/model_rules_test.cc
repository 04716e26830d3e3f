// model_rules: the shipped data/chat-models.json resolved through RuleBook (longest match, `like`
// inheritance, provider prefixes), its validation errors, and EncodingTable::lookup.
#include "chat/model_rules.h"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <string>

#include "util/error.h"

using tokenmeter::EncodingTable;
using tokenmeter::Error;
using tokenmeter::ErrorCode;
using tokenmeter::Framing;
using tokenmeter::ImageRule;
using tokenmeter::ModelRules;
using tokenmeter::Provider;
using tokenmeter::RuleBook;

namespace {

using Json = nlohmann::ordered_json;

Json read_json_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  EXPECT_TRUE(in.good()) << "cannot open " << path;
  std::stringstream ss;
  ss << in.rdbuf();
  return Json::parse(ss.str());
}

const Json& shipped_rules() {
  static const Json rules = read_json_file(std::string(TOKENMETER_DATA_DIR) + "/chat-models.json");
  return rules;
}

// A small model -> encoding table in the shape lib/chat-rules.ts passes (a subset of
// lib/model-table.ts, plus the rules that exercise prefix + suffix matching).
const Json& small_encoding_table() {
  static const Json table = Json::parse(R"({
    "exact": {"gpt-4o": "o200k_base", "gpt-4": "cl100k_base", "gpt-3.5-turbo": "cl100k_base",
              "text-curie-001": "r50k_base", "text-davinci-edit-001": "p50k_edit", "o1": "o200k_base"},
    "patterns": [
      {"prefix": "gpt-4o-", "suffix": "", "encoding": "o200k_base"},
      {"prefix": "gpt-4.1-", "suffix": "", "encoding": "o200k_base"},
      {"prefix": "gpt-5.", "suffix": "", "encoding": "o200k_base"},
      {"prefix": "o1-", "suffix": "", "encoding": "o200k_base"},
      {"prefix": "gpt-4-", "suffix": "", "encoding": "cl100k_base"},
      {"prefix": "gpt-3.5-turbo-", "suffix": "", "encoding": "cl100k_base"},
      {"prefix": "text-", "suffix": "-edit-001", "encoding": "p50k_edit"},
      {"prefix": "code-", "suffix": "-edit-001", "encoding": "p50k_edit"},
      {"prefix": "text-", "suffix": "-001", "encoding": "r50k_base"},
      {"prefix": "text-similarity-", "suffix": "", "encoding": "r50k_base"}
    ]})");
  return table;
}

const RuleBook& book() {
  static const RuleBook rules(shipped_rules(), small_encoding_table());
  return rules;
}

ModelRules resolve(const std::string& model, bool& known, bool anthropic_hint = false) {
  return book().resolve(model, anthropic_hint, known);
}

ModelRules resolve_known(const std::string& model) {
  bool known = false;
  ModelRules r = resolve(model, known);
  EXPECT_TRUE(known) << model;
  return r;
}

// The message of the kInvalidArgument that building a RuleBook from `rules` throws ("" and a test
// failure when it does not throw that).
std::string rule_error(const Json& rules) {
  try {
    RuleBook book(rules, Json::object());
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::kInvalidArgument) << e.what();
    return e.what();
  } catch (const std::exception& e) {
    ADD_FAILURE() << "not a tokenmeter::Error: " << e.what();
    return "";
  }
  ADD_FAILURE() << "accepted: " << rules.dump();
  return "";
}

// {"models": [entry]} with one extra field on a gpt-4o entry.
Json one_entry(const char* json_entry) { return Json{{"models", Json::array({Json::parse(json_entry)})}}; }

bool mentions(const std::string& message, const std::string& what) { return message.find(what) != std::string::npos; }

}  // namespace

TEST(ModelRules, ShippedFileLoads) {
  EXPECT_NO_THROW(book());
  ASSERT_TRUE(shipped_rules()["models"].is_array());
  // Every shipped entry resolves to itself under its own name.
  for (const auto& entry : shipped_rules()["models"]) {
    const std::string match = entry["match"].get<std::string>();
    bool known = false;
    EXPECT_EQ(resolve(match, known).matched, match);
    EXPECT_TRUE(known) << match;
  }
}

TEST(ModelRules, Gpt4o) {
  const ModelRules r = resolve_known("gpt-4o");
  EXPECT_EQ(r.matched, "gpt-4o");
  EXPECT_EQ(r.provider, Provider::kOpenAi);
  EXPECT_EQ(r.framing, Framing::kChatMl);
  EXPECT_TRUE(r.exact);
  EXPECT_FALSE(r.reasoning);
  EXPECT_EQ(r.per_message, 3);
  EXPECT_EQ(r.per_name, 1);
  EXPECT_EQ(r.reply_priming, 3);
  EXPECT_EQ(r.tools_extra, 9);
  EXPECT_EQ(r.tools_system_discount, 4);
  EXPECT_EQ(r.tool_choice_named, 7);
  EXPECT_EQ(r.parallel_tool_calls_extra, 9);
  EXPECT_DOUBLE_EQ(r.calibration, 1.0);
  EXPECT_EQ(r.image.kind, ImageRule::Kind::kTile);
  EXPECT_EQ(r.image.tile.base, 85u);
  EXPECT_EQ(r.image.tile.per_tile, 170u);
  EXPECT_EQ(r.image.tile.max_side, 2048u);
  EXPECT_EQ(r.image.tile.short_side, 768u);
  EXPECT_EQ(r.image.tile.tile_side, 512u);
  EXPECT_EQ(resolve_known("gpt-4o-2024-08-06").matched, "gpt-4o");
  EXPECT_EQ(resolve_known("chatgpt-4o-latest").matched, "chatgpt-4o");
}

TEST(ModelRules, Gpt4oMiniInheritsGpt4oWithItsOwnImageRule) {
  const ModelRules r = resolve_known("gpt-4o-mini-2024-07-18");
  EXPECT_EQ(r.matched, "gpt-4o-mini");
  EXPECT_EQ(r.per_message, 3);
  EXPECT_EQ(r.reply_priming, 3);
  EXPECT_TRUE(r.exact);
  EXPECT_EQ(r.image.kind, ImageRule::Kind::kTile);
  EXPECT_EQ(r.image.tile.base, 2833u);
  EXPECT_EQ(r.image.tile.per_tile, 5667u);
  EXPECT_EQ(r.image.tile.max_side, 2048u);
  EXPECT_EQ(r.image.tile.short_side, 768u);
}

TEST(ModelRules, Gpt35Turbo0301) {
  ModelRules r = resolve_known("gpt-3.5-turbo-0301");
  EXPECT_EQ(r.matched, "gpt-3.5-turbo-0301");
  EXPECT_EQ(r.per_message, 4);
  EXPECT_EQ(r.per_name, -1);
  EXPECT_EQ(r.reply_priming, 3);
  // Azure's spelling inherits through `like`.
  r = resolve_known("gpt-35-turbo-0301");
  EXPECT_EQ(r.per_message, 4);
  EXPECT_EQ(r.per_name, -1);
  // Other snapshots use the family's (default) framing.
  r = resolve_known("gpt-3.5-turbo-0613");
  EXPECT_EQ(r.matched, "gpt-3.5-turbo");
  EXPECT_EQ(r.per_message, 3);
  EXPECT_EQ(r.per_name, 1);
}

TEST(ModelRules, ReasoningModelsInheritFromO1) {
  ModelRules r = resolve_known("o3-mini");
  EXPECT_EQ(r.matched, "o3-mini");
  EXPECT_EQ(r.reply_priming, 2);
  EXPECT_TRUE(r.reasoning);
  EXPECT_FALSE(r.exact);
  EXPECT_EQ(r.per_message, 3);  // from the defaults under o1
  EXPECT_EQ(r.image.tile.base, 75u);
  EXPECT_EQ(r.image.tile.per_tile, 150u);
  EXPECT_FALSE(r.image.exact);  // o1's image rule, inherited whole
  EXPECT_EQ(resolve_known("o3-mini-2025-01-31").matched, "o3-mini");

  // o3 has its own image rule: it replaces o1's whole, so its `exact` is the default again.
  r = resolve_known("o3");
  EXPECT_EQ(r.reply_priming, 2);
  EXPECT_TRUE(r.reasoning);
  EXPECT_EQ(r.image.tile.base, 75u);
  EXPECT_TRUE(r.image.exact);

  // gpt-5-chat: like gpt-5 (like o1), then its own overrides.
  r = resolve_known("gpt-5-chat-latest");
  EXPECT_EQ(r.matched, "gpt-5-chat");
  EXPECT_EQ(r.reply_priming, 3);
  EXPECT_FALSE(r.reasoning);
  EXPECT_FALSE(r.exact);
  EXPECT_EQ(r.image.tile.base, 70u);
  EXPECT_EQ(r.image.tile.per_tile, 140u);

  // Two levels of `like`: gpt-5.3 -> gpt-5.2 -> gpt-5 -> o1.
  r = resolve_known("gpt-5.3-codex");
  EXPECT_EQ(r.matched, "gpt-5.3");
  EXPECT_EQ(r.reply_priming, 2);
  EXPECT_EQ(r.image.kind, ImageRule::Kind::kPatch);
  EXPECT_DOUBLE_EQ(r.image.patch.multiplier, 1.0);
  EXPECT_EQ(r.image.patch.budget, 1536u);
  EXPECT_EQ(r.image.per_image, 1u);

  r = resolve_known("o4-mini-2025-04-16");
  EXPECT_EQ(r.matched, "o4-mini");
  EXPECT_EQ(r.image.kind, ImageRule::Kind::kPatch);
  EXPECT_DOUBLE_EQ(r.image.patch.multiplier, 1.72);
}

TEST(ModelRules, ClaudeSonnet45) {
  const ModelRules r = resolve_known("claude-sonnet-4-5-20250929");
  EXPECT_EQ(r.matched, "claude-sonnet-4-5");
  EXPECT_EQ(r.provider, Provider::kAnthropic);
  EXPECT_EQ(r.framing, Framing::kAnthropic);
  EXPECT_FALSE(r.exact);
  EXPECT_EQ(r.estimate_encoding, "cl100k_base");
  EXPECT_EQ(r.tool_system_prompt_auto, 496);
  EXPECT_EQ(r.tool_system_prompt_any, 588);
  EXPECT_EQ(r.per_message, 3);
  EXPECT_EQ(r.reply_priming, 4);
  EXPECT_EQ(r.tool_use_extra, 3);
  EXPECT_EQ(r.tool_result_extra, 3);
  EXPECT_EQ(r.per_tool, 3);
  EXPECT_EQ(r.thinking_enabled, 31);
  EXPECT_EQ(r.document_page_tokens, 2000);
  ASSERT_EQ(r.server_tool_tokens.count("bash_"), 1u);
  EXPECT_EQ(r.server_tool_tokens.at("bash_"), 245);
  EXPECT_EQ(r.server_tool_tokens.at("computer_"), 735);
  EXPECT_EQ(r.image.kind, ImageRule::Kind::kAnthropicArea);
  EXPECT_EQ(r.image.anthropic_area.max_long_edge, 1568u);
  EXPECT_EQ(r.image.anthropic_area.max_tokens, 1600u);
  EXPECT_EQ(r.image.anthropic_area.pixels_per_token, 750u);
  // claude-sonnet-4 is a shorter match of the same name; the longer one wins.
  EXPECT_EQ(resolve_known("claude-sonnet-4-20250514").tool_system_prompt_auto, 313);
}

TEST(ModelRules, Claude35SonnetSnapshots) {
  ModelRules r = resolve_known("claude-3-5-sonnet-20240620");
  EXPECT_EQ(r.matched, "claude-3-5-sonnet-20240620");
  EXPECT_EQ(r.tool_system_prompt_auto, 294);
  EXPECT_EQ(r.tool_system_prompt_any, 261);
  EXPECT_EQ(r.provider, Provider::kAnthropic);
  r = resolve_known("claude-3-5-sonnet-20241022");
  EXPECT_EQ(r.matched, "claude-3-5-sonnet");
  EXPECT_EQ(r.tool_system_prompt_auto, 346);
  EXPECT_EQ(r.tool_system_prompt_any, 313);
  // claude-opus-4-8 -> claude-opus-4-7 -> claude: calibration from the middle entry.
  r = resolve_known("claude-opus-4-8");
  EXPECT_DOUBLE_EQ(r.calibration, 1.3);
  EXPECT_EQ(r.tool_system_prompt_auto, 290);
  EXPECT_EQ(r.tool_system_prompt_any, 410);
}

TEST(ModelRules, ProviderPrefixesAreStripped) {
  ModelRules r = resolve_known("anthropic/claude-3-haiku-20240307");
  EXPECT_EQ(r.matched, "claude-3-haiku");
  EXPECT_EQ(r.tool_system_prompt_auto, 264);
  EXPECT_EQ(r.tool_system_prompt_any, 340);
  // Amazon Bedrock model ids, with and without a cross-region prefix.
  for (const char* id : {"anthropic.claude-3-5-haiku-20241022-v1:0", "us.anthropic.claude-3-5-haiku-20241022-v1:0",
                         "eu.anthropic.claude-3-5-haiku-20241022-v1:0"}) {
    r = resolve_known(id);
    EXPECT_EQ(r.matched, "claude-3-5-haiku") << id;
    EXPECT_EQ(r.tool_system_prompt_auto, 264) << id;
    EXPECT_EQ(r.tool_system_prompt_any, 355) << id;
  }
  EXPECT_EQ(resolve_known("openai/gpt-4o-mini").matched, "gpt-4o-mini");
  EXPECT_EQ(resolve_known("ft:gpt-4o-mini-2024-07-18:my-org:custom:abc123").matched, "gpt-4o-mini");
  EXPECT_EQ(resolve_known("ft:gpt-3.5-turbo-0301:org::id").per_message, 4);
}

TEST(ModelRules, UnknownModelUsesDefaults) {
  bool known = true;
  ModelRules r = resolve("llama-3-70b", known);
  EXPECT_FALSE(known);
  EXPECT_EQ(r.matched, "");
  EXPECT_EQ(r.provider, Provider::kOpenAi);
  EXPECT_EQ(r.per_message, 3);
  EXPECT_EQ(r.reply_priming, 3);
  known = true;
  r = resolve("", known);
  EXPECT_FALSE(known);
  EXPECT_EQ(r.matched, "");
  // With the Anthropic hint an unknown name gets the bare `claude` entry, still reported unknown.
  known = true;
  r = resolve("my-proxy-model", known, /*anthropic_hint=*/true);
  EXPECT_FALSE(known);
  EXPECT_EQ(r.matched, "claude");
  EXPECT_EQ(r.provider, Provider::kAnthropic);
  EXPECT_EQ(r.tool_system_prompt_auto, 496);
}

TEST(ModelRules, NameMatchingBoundaries) {
  bool known = true;
  // "gpt-4o1" is neither gpt-4o nor gpt-4.
  ModelRules r = resolve("gpt-4o1", known);
  EXPECT_FALSE(known);
  EXPECT_EQ(r.matched, "");
  known = true;
  resolve("o10", known);
  EXPECT_FALSE(known);
  known = true;
  resolve("gpt-4ox", known);
  EXPECT_FALSE(known);
  // '-', '.', ':' and '@' continue a name.
  EXPECT_EQ(resolve_known("gpt-4o-2024-05-13").matched, "gpt-4o");
  EXPECT_EQ(resolve_known("gpt-4o.1").matched, "gpt-4o");
  EXPECT_EQ(resolve_known("gpt-4o:custom").matched, "gpt-4o");
  EXPECT_EQ(resolve_known("gpt-4o@2024-08-06").matched, "gpt-4o");
  // "gpt-4o-minimal" does not extend gpt-4o-mini, so it falls back to gpt-4o.
  EXPECT_EQ(resolve_known("gpt-4o-minimal").matched, "gpt-4o");
  // gpt-4.1-mini vs gpt-4.1: the longest match wins, and a plain gpt-4.1 stays gpt-4.1.
  r = resolve_known("gpt-4.1-mini");
  EXPECT_EQ(r.matched, "gpt-4.1-mini");
  EXPECT_EQ(r.image.kind, ImageRule::Kind::kPatch);
  EXPECT_DOUBLE_EQ(r.image.patch.multiplier, 1.62);
  EXPECT_EQ(r.image.per_image, 1u);
  EXPECT_FALSE(r.image.exact);
  EXPECT_EQ(resolve_known("gpt-4.1-mini-2025-04-14").matched, "gpt-4.1-mini");
  r = resolve_known("gpt-4.1");
  EXPECT_EQ(r.matched, "gpt-4.1");
  EXPECT_EQ(r.image.kind, ImageRule::Kind::kTile);
  EXPECT_EQ(resolve_known("gpt-4.1-2025-04-14").matched, "gpt-4.1");
  EXPECT_EQ(resolve_known("gpt-4.1-nano").matched, "gpt-4.1-nano");
  EXPECT_EQ(resolve_known("gpt-4-turbo-2024-04-09").matched, "gpt-4-turbo");
  EXPECT_EQ(resolve_known("gpt-4-0613").matched, "gpt-4");
  // Names are case-sensitive.
  known = true;
  resolve("GPT-4o", known);
  EXPECT_FALSE(known);
}

TEST(ModelRules, ImplicitParentIsTheLongestShorterMatch) {
  // Without `like`, an entry inherits from the longest other entry its own name extends.
  const Json rules = Json::parse(R"({
    "defaults": {"perMessage": 3, "replyPriming": 3},
    "models": [
      {"match": "fam", "perMessage": 10},
      {"match": "fam-x", "replyPriming": 20},
      {"match": "fam-x-y", "perName": 5}
    ]})");
  RuleBook b(rules, Json::object());
  bool known = false;
  const ModelRules r = b.resolve("fam-x-y-2025", false, known);
  EXPECT_TRUE(known);
  EXPECT_EQ(r.matched, "fam-x-y");
  EXPECT_EQ(r.per_message, 10);
  EXPECT_EQ(r.reply_priming, 20);
  EXPECT_EQ(r.per_name, 5);
}

TEST(ModelRules, LikeCyclesAreRefused) {
  std::string m = rule_error(Json::parse(R"({"models":[{"match":"a","like":"b"},{"match":"b","like":"a"}]})"));
  EXPECT_TRUE(mentions(m, "like")) << m;
  m = rule_error(Json::parse(R"({"models":[{"match":"a","like":"a"}]})"));
  EXPECT_TRUE(mentions(m, "like")) << m;
  // A cycle through the implicit parent: a-b's parent is a (by name), and a is like a-b.
  m = rule_error(Json::parse(R"({"models":[{"match":"a","like":"a-b"},{"match":"a-b"}]})"));
  EXPECT_TRUE(mentions(m, "like")) << m;
  // A long chain without a cycle is fine.
  Json chain = Json::parse(R"({"models":[{"match":"m0","perMessage":7}]})");
  for (int i = 1; i <= 10; ++i)
    chain["models"].push_back({{"match", "m" + std::to_string(i)}, {"like", "m" + std::to_string(i - 1)}});
  RuleBook b(chain, Json::object());
  bool known = false;
  EXPECT_EQ(b.resolve("m10", false, known).per_message, 7);
}

TEST(ModelRules, UnknownLikeIsRefused) {
  std::string m = rule_error(one_entry(R"({"match":"gpt-x","like":"no-such-model"})"));
  EXPECT_TRUE(mentions(m, "gpt-x.like")) << m;
  m = rule_error(one_entry(R"({"match":"gpt-x","like":5})"));
  EXPECT_TRUE(mentions(m, "gpt-x.like")) << m;
}

TEST(ModelRules, WrongFieldTypesNameTheField) {
  struct Case {
    const char* entry;
    const char* field;
  };
  const Case cases[] = {
      {R"({"match":"m","perMessage":"3"})", "m.perMessage"},
      {R"({"match":"m","perMessage":3.5})", "m.perMessage"},
      {R"({"match":"m","perMessage":true})", "m.perMessage"},
      {R"({"match":"m","perMessage":1000000000000})", "m.perMessage"},
      {R"({"match":"m","replyPriming":[2]})", "m.replyPriming"},
      {R"({"match":"m","reasoning":"yes"})", "m.reasoning"},
      {R"({"match":"m","exact":1})", "m.exact"},
      {R"({"match":"m","provider":"google"})", "m.provider"},
      {R"({"match":"m","provider":7})", "m.provider"},
      {R"({"match":"m","framing":"xml"})", "m.framing"},
      {R"({"match":"m","estimateEncoding":1})", "m.estimateEncoding"},
      {R"({"match":"m","calibration":"1"})", "m.calibration"},
      {R"({"match":"m","calibration":0})", "m.calibration"},
      {R"({"match":"m","calibration":1000})", "m.calibration"},
      {R"({"match":"m","toolSystemPrompt":5})", "m.toolSystemPrompt"},
      {R"({"match":"m","toolSystemPrompt":{"auto":"x"}})", "m.toolSystemPrompt.auto"},
      {R"({"match":"m","serverToolTokens":[1]})", "m.serverToolTokens"},
      {R"({"match":"m","serverToolTokens":{"bash_":"x"}})", "m.serverToolTokens.bash_"},
      {R"({"match":"m","image":"tile"})", "m.image"},
      {R"({"match":"m","image":{"kind":"hex"}})", "m.image.kind"},
      {R"({"match":"m","image":{"kind":"tile","base":"85"}})", "m.image.base"},
      {R"({"match":"m","image":{"kind":"tile","tileSide":0}})", "m.image"},
      {R"({"match":"m","image":{"kind":"patch","multiplier":"1.6"}})", "m.image.multiplier"},
      {R"({"match":"m","image":{"kind":"patch","multiplier":5000}})", "m.image.multiplier"},
      {R"({"match":"m","image":{"kind":"patch","exact":"no"}})", "m.image.exact"},
  };
  for (const Case& c : cases) {
    const std::string m = rule_error(one_entry(c.entry));
    EXPECT_TRUE(mentions(m, c.field)) << c.entry << " -> " << m;
  }
  // The same checks apply to `defaults`.
  std::string m = rule_error(Json::parse(R"({"defaults":{"perName":"1"}})"));
  EXPECT_TRUE(mentions(m, "defaults.perName")) << m;
  // And to the overall shape.
  m = rule_error(Json::array());
  m = rule_error(Json::parse(R"({"defaults":[]})"));
  EXPECT_TRUE(mentions(m, "defaults")) << m;
  m = rule_error(Json::parse(R"({"models":{}})"));
  EXPECT_TRUE(mentions(m, "models")) << m;
  m = rule_error(Json::parse(R"({"models":[{"perMessage":3}]})"));
  EXPECT_TRUE(mentions(m, "match")) << m;
  m = rule_error(Json::parse(R"({"models":[{"match":5}]})"));
  EXPECT_TRUE(mentions(m, "match")) << m;
  m = rule_error(Json::parse(R"({"models":[7]})"));
  EXPECT_TRUE(mentions(m, "match")) << m;
  // null means "not set".
  EXPECT_NO_THROW(RuleBook(one_entry(R"({"match":"m","perMessage":null,"image":{"kind":"tile","base":null}})"),
                           Json::object()));
}

// Image sizes and rates are unsigned: a negative number would wrap to ~4 billion tokens per image
// (or a ~4-gigapixel tile) instead of being refused.
TEST(ModelRules, NegativeImageNumbersAreRefused) {
  for (const char* entry : {R"({"match":"m","image":{"kind":"tile","base":-85}})",
                            R"({"match":"m","image":{"kind":"tile","perTile":-1}})",
                            R"({"match":"m","image":{"kind":"tile","tileSide":-512}})",
                            R"({"match":"m","image":{"kind":"patch","budget":-1536}})",
                            R"({"match":"m","image":{"kind":"patch","perImage":-1}})",
                            R"({"match":"m","image":{"kind":"anthropic-area","pixelsPerToken":-750}})"}) {
    const std::string m = rule_error(one_entry(entry));
    EXPECT_TRUE(mentions(m, "m.image")) << entry << " -> " << m;
  }
}

// Like every other integer field, serverToolTokens values are bounded: they are read with
// get<int>(), which would silently truncate a 64-bit number, and a negative one would make the
// tools bucket negative.
TEST(ModelRules, ServerToolTokensAreBounded) {
  std::string m = rule_error(one_entry(R"({"match":"m","serverToolTokens":{"bash_":10000000000}})"));
  EXPECT_TRUE(mentions(m, "m.serverToolTokens.bash_")) << m;
  m = rule_error(one_entry(R"({"match":"m","serverToolTokens":{"bash_":18446744073709551615}})"));
  EXPECT_TRUE(mentions(m, "m.serverToolTokens.bash_")) << m;
  m = rule_error(one_entry(R"({"match":"m","serverToolTokens":{"computer_":-735}})"));
  EXPECT_TRUE(mentions(m, "m.serverToolTokens.computer_")) << m;
  EXPECT_NO_THROW(RuleBook(one_entry(R"({"match":"m","serverToolTokens":{"bash_":0,"x_":100000000}})"), Json::object()));
}

TEST(ModelRules, ErrorsAreReportedWhenTheBookIsBuilt) {
  // A bad entry that no model resolves to still fails at construction.
  const std::string m = rule_error(Json::parse(
      R"({"models":[{"match":"gpt-4o"},{"match":"zz-never-used","perMessage":"x"}]})"));
  EXPECT_TRUE(mentions(m, "zz-never-used.perMessage")) << m;
}

TEST(EncodingTable, ExactAndPrefixes) {
  const EncodingTable& t = book().encodings();
  EXPECT_EQ(t.lookup("gpt-4o"), "o200k_base");
  EXPECT_EQ(t.lookup("gpt-4"), "cl100k_base");
  EXPECT_EQ(t.lookup("gpt-4o-mini"), "o200k_base");         // gpt-4o- (not gpt-4-)
  EXPECT_EQ(t.lookup("gpt-4-0613"), "cl100k_base");
  EXPECT_EQ(t.lookup("gpt-4.1-nano-2025-04-14"), "o200k_base");
  EXPECT_EQ(t.lookup("gpt-5.1-codex"), "o200k_base");
  EXPECT_EQ(t.lookup("o1-preview"), "o200k_base");
  EXPECT_EQ(t.lookup("o10"), "");
  EXPECT_EQ(t.lookup("gpt-4o1"), "");
  EXPECT_EQ(t.lookup("llama"), "");
  EXPECT_EQ(t.lookup(""), "");
}

TEST(EncodingTable, OpenAiPrefixAndFineTunes) {
  const EncodingTable& t = book().encodings();
  EXPECT_EQ(t.lookup("openai/gpt-4o"), "o200k_base");
  EXPECT_EQ(t.lookup("openai/gpt-3.5-turbo-0125"), "cl100k_base");
  EXPECT_EQ(t.lookup("ft:gpt-3.5-turbo-0613:my-org:custom:id123"), "cl100k_base");
  EXPECT_EQ(t.lookup("ft:gpt-4o-mini-2024-07-18:org::abc"), "o200k_base");
  EXPECT_EQ(t.lookup("ft:gpt-4o"), "o200k_base");  // no colon after the base
  EXPECT_EQ(t.lookup("openai/ft:gpt-4:org:x:1"), "cl100k_base");
  EXPECT_EQ(t.lookup("ft:"), "");
  EXPECT_EQ(t.lookup("ft::org"), "");
  // Only `openai/` is a provider prefix for encodings.
  EXPECT_EQ(t.lookup("azure/gpt-4o"), "");
}

TEST(EncodingTable, LongestPrefixPlusSuffixWins) {
  const EncodingTable& t = book().encodings();
  EXPECT_EQ(t.lookup("text-davinci-edit-001"), "p50k_edit");  // exact
  EXPECT_EQ(t.lookup("text-foo-edit-001"), "p50k_edit");      // text-/-edit-001 (14) beats text-/-001 (9)
  EXPECT_EQ(t.lookup("code-foo-edit-001"), "p50k_edit");
  EXPECT_EQ(t.lookup("text-curie-001"), "r50k_base");         // exact
  EXPECT_EQ(t.lookup("text-foo-001"), "r50k_base");           // text-/-001
  EXPECT_EQ(t.lookup("text-similarity-foo"), "r50k_base");    // prefix only
  EXPECT_EQ(t.lookup("text-similarity-edit-001"), "r50k_base");  // 16 + 0 beats 5 + 9
  // Prefix and suffix may not overlap: "text-001" is 8 characters, the rule needs 9.
  EXPECT_EQ(t.lookup("text-001"), "");
  EXPECT_EQ(t.lookup("text-edit-001"), "r50k_base");  // 13 < 14: only text-/-001 fits
  EXPECT_EQ(t.lookup("text-foo"), "");

  // Order in the table does not matter; on a tie the first listed wins.
  EncodingTable own;
  own.patterns.push_back({"ab", "", "one"});
  own.patterns.push_back({"abc", "", "two"});
  own.patterns.push_back({"a", "yz", "three"});
  EXPECT_EQ(own.lookup("abcxyz"), "two");  // 3 vs 2 vs 3: first of the longest
  EXPECT_EQ(own.lookup("abxyz"), "three");
  EXPECT_EQ(own.lookup("abx"), "one");
}

TEST(EncodingTable, MalformedTableEntriesAreSkipped) {
  const Json table = Json::parse(R"({
    "exact": {"a": "cl100k_base", "b": 5},
    "patterns": [{"prefix": "p-", "encoding": "o200k_base"}, {"prefix": 1, "encoding": "x"},
                 {"encoding": "y"}, 7, {"prefix": "q-", "suffix": "-z", "encoding": "r50k_base"}]})");
  RuleBook b(shipped_rules(), table);
  EXPECT_EQ(b.encodings().lookup("a"), "cl100k_base");
  EXPECT_EQ(b.encodings().lookup("b"), "");
  EXPECT_EQ(b.encodings().lookup("p-1"), "o200k_base");
  EXPECT_EQ(b.encodings().lookup("q-1-z"), "r50k_base");
  EXPECT_EQ(b.encodings().patterns.size(), 2u);
  // A table that is not an object is an empty table.
  RuleBook empty(shipped_rules(), Json::array());
  EXPECT_EQ(empty.encodings().lookup("gpt-4o"), "");
}
