// count_request: whole chat requests counted with the shipped vocabularies and
// data/chat-models.json. Expected totals are provider-reported numbers from test/chat/fixtures
// (OpenAI cookbook, hmarr/openai-chat-tokens, pamelafox, Anthropic docs), pasted in.
#include "chat/count_request.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "chat/json_guard.h"
#include "encoding/registry.h"
#include "util/error.h"

using tokenmeter::ChatApi;
using tokenmeter::ChatCount;
using tokenmeter::CountOptions;
using tokenmeter::Error;
using tokenmeter::ErrorCode;
using tokenmeter::RuleBook;

namespace {

using Json = nlohmann::ordered_json;

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  EXPECT_TRUE(in.good()) << "cannot open " << path;
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// The chat models of lib/model-table.ts (MODEL_TO_ENCODING / MODEL_PATTERN_RULES), in the shape
// lib/chat-rules.ts passes to the native side.
const char* const kEncodingTable = R"({
  "exact": {"o1": "o200k_base", "o3": "o200k_base", "o4-mini": "o200k_base", "gpt-5": "o200k_base",
            "gpt-4.5": "o200k_base", "gpt-4.1": "o200k_base", "gpt-4o": "o200k_base",
            "chatgpt-4o-latest": "o200k_base", "gpt-4": "cl100k_base", "gpt-3.5-turbo": "cl100k_base",
            "gpt-3.5": "cl100k_base", "gpt-35-turbo": "cl100k_base", "gpt-oss": "o200k_harmony"},
  "patterns": [
    {"prefix": "gpt-5-", "suffix": "", "encoding": "o200k_base"},
    {"prefix": "gpt-5.", "suffix": "", "encoding": "o200k_base"},
    {"prefix": "gpt-4.5-", "suffix": "", "encoding": "o200k_base"},
    {"prefix": "gpt-4.1-", "suffix": "", "encoding": "o200k_base"},
    {"prefix": "gpt-4o-", "suffix": "", "encoding": "o200k_base"},
    {"prefix": "chatgpt-4o-", "suffix": "", "encoding": "o200k_base"},
    {"prefix": "o1-", "suffix": "", "encoding": "o200k_base"},
    {"prefix": "o3-", "suffix": "", "encoding": "o200k_base"},
    {"prefix": "o4-mini-", "suffix": "", "encoding": "o200k_base"},
    {"prefix": "gpt-oss-", "suffix": "", "encoding": "o200k_harmony"},
    {"prefix": "gpt-4-", "suffix": "", "encoding": "cl100k_base"},
    {"prefix": "gpt-3.5-turbo-", "suffix": "", "encoding": "cl100k_base"},
    {"prefix": "gpt-35-turbo-", "suffix": "", "encoding": "cl100k_base"}
  ]})";

const RuleBook& book() {
  static const RuleBook rules(Json::parse(read_file(std::string(TOKENMETER_DATA_DIR) + "/chat-models.json")),
                              Json::parse(kEncodingTable));
  return rules;
}

std::shared_ptr<const tokenmeter::Encoding> load(const std::string& name) {
  return tokenmeter::get_encoding(name, TOKENMETER_VOCAB_DIR);
}

int64_t ordinary(const std::string& encoding, const std::string& text) {
  return static_cast<int64_t>(load(encoding)->count_ordinary(text));
}

ChatCount count(const std::string& body, const CountOptions& options = CountOptions()) {
  return tokenmeter::count_request_json(body, options, book(), load);
}

ChatCount count(const Json& body, const CountOptions& options = CountOptions()) {
  return tokenmeter::count_request(body, options, book(), load);
}

ChatCount count(const char* body, const CountOptions& options = CountOptions()) {
  return count(std::string(body), options);
}

int64_t sum_of_buckets(const ChatCount& c) {
  const auto& b = c.breakdown;
  return b.messages + b.system + b.tools + b.images + b.documents + b.overhead;
}

// The code of the tokenmeter::Error that counting `body` throws.
ErrorCode error_of(const std::string& body, const CountOptions& options = CountOptions()) {
  try {
    count(body, options);
  } catch (const Error& e) {
    return e.code();
  } catch (const std::exception& e) {
    ADD_FAILURE() << "not a tokenmeter::Error: " << e.what();
    return ErrorCode::kInvalidArgument;
  }
  ADD_FAILURE() << "counted without an error: " << body.substr(0, 120);
  return ErrorCode::kInvalidArgument;
}

// The OpenAI cookbook's 6-message example (How_to_count_tokens_with_tiktoken.ipynb).
Json cookbook_messages() {
  return Json::parse(R"([
    {"role": "system", "content": "You are a helpful, pattern-following assistant that translates corporate jargon into plain English."},
    {"role": "system", "name": "example_user", "content": "New synergies will help drive top-line growth."},
    {"role": "system", "name": "example_assistant", "content": "Things working well together will increase revenue."},
    {"role": "system", "name": "example_user", "content": "Let's circle back when we have more bandwidth to touch base on opportunities for increased leverage."},
    {"role": "system", "name": "example_assistant", "content": "Let's talk later when we're less busy about how to do better."},
    {"role": "user", "content": "This late pivot means we don't have time to boil the ocean for the client deliverable."}
  ])");
}

// The cookbook's weather-tool example (2024 revision).
Json cookbook_tools_body(const std::string& model) {
  Json body = Json::parse(R"({"model": "", "messages": [
      {"role": "system", "content": "You are a helpful assistant that can answer to questions about the weather."},
      {"role": "user", "content": "What's the weather like in San Francisco?"}],
    "tools": [{"type": "function", "function": {"name": "get_current_weather",
      "description": "Get the current weather in a given location",
      "parameters": {"type": "object", "properties": {
        "location": {"type": "string", "description": "The city and state, e.g. San Francisco, CA"},
        "unit": {"type": "string", "description": "The unit of temperature to return", "enum": ["celsius", "fahrenheit"]}},
        "required": ["location"]}}}],
    "temperature": 0})");
  body["model"] = model;
  return body;
}

}  // namespace

// ---- Known totals -------------------------------------------------------------------------------

TEST(CountRequest, TokenizerSanity) {
  // The cookbook's first example: "tiktoken is great!" is 6 tokens in both vocabularies.
  EXPECT_EQ(ordinary("cl100k_base", "tiktoken is great!"), 6);
  EXPECT_EQ(ordinary("o200k_base", "tiktoken is great!"), 6);
  // As a one-message request: 3 (reply priming) + 3 (per message) + 1 ("user") + 6.
  const std::string body = R"({"model":"gpt-4","messages":[{"role":"user","content":"tiktoken is great!"}]})";
  const ChatCount c = count(body);
  EXPECT_EQ(c.total(), 13);
  EXPECT_EQ(c.encoding, "cl100k_base");
  EXPECT_EQ(c.api, ChatApi::kChatCompletions);
  EXPECT_EQ(c.model, "gpt-4");
  EXPECT_EQ(c.rules, "gpt-4");
  EXPECT_TRUE(c.exact);
  EXPECT_TRUE(c.estimated.empty());
}

TEST(CountRequest, UserHelloOnGpt4oIsEight) {
  const ChatCount c = count(R"({"model":"gpt-4o","messages":[{"role":"user","content":"hello"}]})");
  EXPECT_EQ(c.total(), 8);
  EXPECT_EQ(c.encoding, "o200k_base");
  EXPECT_EQ(c.breakdown.messages, 1);
  EXPECT_EQ(c.breakdown.overhead, 7);  // 3 priming + 3 per message + "user"
  EXPECT_EQ(c.breakdown.system, 0);
  EXPECT_EQ(c.breakdown.tools, 0);
  EXPECT_TRUE(c.exact);
}

TEST(CountRequest, CookbookSixMessages) {
  struct Case {
    const char* model;
    int64_t expected;
  };
  // openai-cookbook.json: API prompt_tokens per model.
  for (const Case& k : {Case{"gpt-3.5-turbo-0301", 127}, Case{"gpt-3.5-turbo-0613", 129}, Case{"gpt-4-0314", 129},
                        Case{"gpt-4-0613", 129}, Case{"gpt-3.5-turbo-0125", 129}, Case{"gpt-4o-2024-08-06", 124},
                        Case{"gpt-4o-mini-2024-07-18", 124}}) {
    Json body = {{"model", k.model}, {"messages", cookbook_messages()}, {"temperature", 0}, {"max_tokens", 1}};
    const ChatCount c = count(body);
    EXPECT_EQ(c.total(), k.expected) << k.model;
    EXPECT_EQ(sum_of_buckets(c), c.total());
    EXPECT_GT(c.breakdown.system, 0) << k.model;
    EXPECT_GT(c.breakdown.messages, 0) << k.model;
  }
}

TEST(CountRequest, CookbookToolsExample) {
  const std::pair<const char*, int64_t> cases[] = {{"gpt-4o", 101}, {"gpt-4o-mini", 101}, {"gpt-4", 105},
                                                   {"gpt-3.5-turbo", 105}};
  for (const auto& [model, expected] : cases) {
    const ChatCount c = count(cookbook_tools_body(model));
    EXPECT_EQ(c.total(), expected) << model;
  }
}

TEST(CountRequest, HmarrFunctionFoo) {
  // hmarr-12: gpt-3.5-turbo-0613, one function `foo` with empty parameters, user "hello" -> 31.
  const std::string body = R"({"model":"gpt-3.5-turbo-0613","messages":[{"role":"user","content":"hello"}],
    "functions":[{"name":"foo","parameters":{"type":"object","properties":{}}}],"max_tokens":10})";
  ChatCount c = count(body);
  EXPECT_EQ(c.total(), 31);
  EXPECT_GT(c.breakdown.tools, 0);
  // hmarr-13: the same with function_call "none" -> 32; hmarr-14: "auto" -> 31.
  Json j = Json::parse(body);
  j["function_call"] = "none";
  EXPECT_EQ(count(j).total(), 32);
  j["function_call"] = "auto";
  EXPECT_EQ(count(j).total(), 31);
}

TEST(CountRequest, PamelafoxTinyImage) {
  // pamelafox-image-text_and_tiny_image_message-gpt-4o: 266 (a 1x1 PNG, detail auto); low: 96.
  std::string body = R"({"model":"gpt-4o","messages":[{"role":"user","content":[
    {"type":"text","text":"Describe this picture:"},
    {"type":"image_url","image_url":{"url":"data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z/C/HgAGgwJ/lK3Q6wAAAABJRU5ErkJggg==","detail":"auto"}}]}]})";
  ChatCount c = count(body);
  EXPECT_EQ(c.total(), 266);
  EXPECT_EQ(c.breakdown.images, 255);  // 85 + 170 x 1 tile
  Json low = Json::parse(body);
  low["messages"][0]["content"][1]["image_url"]["detail"] = "low";
  c = count(low);
  EXPECT_EQ(c.total(), 96);
  EXPECT_EQ(c.breakdown.images, 85);
}

TEST(CountRequest, AnthropicDocsBasicExample) {
  // docs.claude.com token-counting "basic messages": 14.
  const ChatCount c =
      count(R"({"model":"claude-sonnet-4-5","system":"You are a scientist","messages":[{"role":"user","content":"Hello, Claude"}]})");
  EXPECT_EQ(c.api, ChatApi::kAnthropicMessages);
  EXPECT_EQ(c.total(), 14);
  EXPECT_EQ(c.encoding, "cl100k_base");
  EXPECT_FALSE(c.exact);  // Claude's tokenizer is private: always an estimate
  EXPECT_EQ(c.breakdown.system, ordinary("cl100k_base", "You are a scientist"));
  EXPECT_EQ(c.breakdown.messages, ordinary("cl100k_base", "Hello, Claude"));
}

TEST(CountRequest, AnthropicToolPromptFollowsTheModel) {
  // The hidden tool system prompt differs per model and tool_choice; everything else is equal.
  const std::string tail = R"(,"tools":[{"name":"get_weather","description":"Get the weather",
    "input_schema":{"type":"object","properties":{"location":{"type":"string"}},"required":["location"]}}],
    "messages":[{"role":"user","content":"What's the weather like in San Francisco?"}]})";
  const int64_t sonnet45 = count(R"({"model":"claude-sonnet-4-5-20250929")" + tail).breakdown.tools;
  const int64_t sonnet35 = count(R"({"model":"claude-3-5-sonnet-20240620")" + tail).breakdown.tools;
  EXPECT_EQ(sonnet45 - sonnet35, 496 - 294);
  const int64_t any45 =
      count(R"({"model":"claude-sonnet-4-5-20250929","tool_choice":{"type":"any"})" + tail).breakdown.tools;
  EXPECT_EQ(any45 - sonnet45, 588 - 496);
  // Bedrock id, same rules as the plain name.
  EXPECT_EQ(count(R"({"model":"anthropic.claude-3-5-sonnet-20240620-v1:0")" + tail).breakdown.tools, sonnet35);
}

// ---- Buckets ------------------------------------------------------------------------------------

TEST(CountRequest, BucketsAddUpToIndependentCounts) {
  // The cookbook tools example on gpt-4o (101): check each bucket that can be computed without the
  // function-namespace renderer, so the tools bucket is pinned as the remainder.
  const ChatCount c = count(cookbook_tools_body("gpt-4o"));
  ASSERT_EQ(c.total(), 101);
  EXPECT_EQ(sum_of_buckets(c), c.total());
  // The namespace follows the first system message after a newline.
  EXPECT_EQ(c.breakdown.system,
            ordinary("o200k_base", "You are a helpful assistant that can answer to questions about the weather.\n"));
  EXPECT_EQ(c.breakdown.messages, ordinary("o200k_base", "What's the weather like in San Francisco?"));
  EXPECT_EQ(c.breakdown.overhead, 3 + (3 + 1) + (3 + 1));  // priming + 2 x (per message + role)
  EXPECT_EQ(c.breakdown.images, 0);
  EXPECT_EQ(c.breakdown.documents, 0);
  EXPECT_EQ(c.breakdown.tools, 101 - c.breakdown.system - c.breakdown.messages - c.breakdown.overhead);
  EXPECT_GT(c.breakdown.tools, 9);  // more than the constant alone

  // Names are role overhead plus text in the message's bucket (0301: per name -1).
  const ChatCount named = count(R"({"model":"gpt-3.5-turbo-0301","messages":[{"role":"user","name":"bob","content":"hi"}]})");
  EXPECT_EQ(named.breakdown.overhead, 3 + 4 + 1 - 1);
  EXPECT_EQ(named.breakdown.messages, ordinary("cl100k_base", "hi") + ordinary("cl100k_base", "bob"));
  EXPECT_EQ(sum_of_buckets(named), named.total());
}

TEST(CountRequest, ResponsesApiBuckets) {
  const ChatCount c = count(R"({"model":"gpt-4o","instructions":"Be brief.","input":"hello"})");
  EXPECT_EQ(c.api, ChatApi::kResponses);
  EXPECT_EQ(c.breakdown.system, ordinary("o200k_base", "Be brief."));
  EXPECT_EQ(c.breakdown.messages, 1);
  EXPECT_EQ(c.breakdown.overhead, 3 + (3 + 1) + (3 + 1));
  EXPECT_EQ(c.total(), sum_of_buckets(c));
  EXPECT_FALSE(c.exact);  // responses framing is unpublished
  // Same text as a chat request counts the same.
  EXPECT_EQ(c.total(), count(R"({"model":"gpt-4o","messages":[{"role":"system","content":"Be brief."},
                                {"role":"user","content":"hello"}]})").total());
}

// ---- API detection ------------------------------------------------------------------------------

TEST(CountRequest, DetectApi) {
  const CountOptions none;
  auto detect = [](const std::string& body, const CountOptions& o = CountOptions()) {
    return tokenmeter::detect_api(tokenmeter::parse_request_json(body), o);
  };
  EXPECT_EQ(detect(R"({"model":"gpt-4o","messages":[]})"), ChatApi::kChatCompletions);
  EXPECT_EQ(detect(R"({"messages":[{"role":"user","content":"x"}]})"), ChatApi::kChatCompletions);
  EXPECT_EQ(detect(R"({"model":"gpt-4o","input":"hi"})"), ChatApi::kResponses);
  EXPECT_EQ(detect(R"({"instructions":"x"})"), ChatApi::kResponses);
  EXPECT_EQ(detect(R"({"model":"gpt-4o","input":[{"role":"user","content":"hi"}]})"), ChatApi::kResponses);
  EXPECT_EQ(detect(R"({"messages":[],"input":"x"})"), ChatApi::kChatCompletions);  // messages wins
  // Anthropic: top-level system, a Claude model (plain or prefixed), or Anthropic-only blocks.
  EXPECT_EQ(detect(R"({"model":"gpt-4o","system":"x","messages":[]})"), ChatApi::kAnthropicMessages);
  EXPECT_EQ(detect(R"({"model":"claude-3-haiku-20240307","messages":[]})"), ChatApi::kAnthropicMessages);
  EXPECT_EQ(detect(R"({"model":"anthropic/claude-x","messages":[]})"), ChatApi::kAnthropicMessages);
  EXPECT_EQ(detect(R"({"model":"anthropic.claude-3-5-haiku-20241022-v1:0","messages":[]})"),
            ChatApi::kAnthropicMessages);
  EXPECT_EQ(detect(R"({"messages":[{"role":"assistant","content":[{"type":"tool_use","id":"t","name":"f","input":{}}]}]})"),
            ChatApi::kAnthropicMessages);
  EXPECT_EQ(detect(R"({"messages":[{"role":"user","content":[{"type":"tool_result","tool_use_id":"t"}]}]})"),
            ChatApi::kAnthropicMessages);
  EXPECT_EQ(detect(R"({"messages":[{"role":"user","content":[{"type":"image","source":{"type":"url","url":"u"}}]}]})"),
            ChatApi::kAnthropicMessages);
  EXPECT_EQ(detect(R"({"messages":[{"role":"user","content":[{"type":"image_url","image_url":{"url":"u"}}]}]})"),
            ChatApi::kChatCompletions);
  // Options: provider hint and model override.
  CountOptions anthropic;
  anthropic.provider = "anthropic";
  EXPECT_EQ(detect(R"({"model":"gpt-4o","messages":[]})", anthropic), ChatApi::kAnthropicMessages);
  CountOptions openai;
  openai.provider = "openai";
  EXPECT_EQ(detect(R"({"model":"claude-3-haiku","system":"x","messages":[]})", openai), ChatApi::kChatCompletions);
  CountOptions model;
  model.model = "claude-sonnet-4-5";
  EXPECT_EQ(detect(R"({"model":"gpt-4o","messages":[]})", model), ChatApi::kAnthropicMessages);
  // options.api overrides the shape entirely.
  for (ChatApi api : {ChatApi::kChatCompletions, ChatApi::kResponses, ChatApi::kAnthropicMessages}) {
    CountOptions forced;
    forced.api = api;
    EXPECT_EQ(detect(R"({"model":"gpt-4o","messages":[]})", forced), api);
    EXPECT_EQ(detect(R"({"input":"x"})", forced), api);
    EXPECT_EQ(detect(R"({})", forced), api);
  }
  // Not a request.
  for (const char* body : {"[]", "1", "\"x\"", "null", "{}", R"({"model":"gpt-4o"})"}) {
    SCOPED_TRACE(body);
    try {
      detect(body, none);
      ADD_FAILURE() << "detected an API";
    } catch (const Error& e) {
      EXPECT_EQ(e.code(), ErrorCode::kInvalidRequest);
    }
  }
}

TEST(CountRequest, ForcedApiCountsThatShape) {
  CountOptions forced;
  forced.api = ChatApi::kAnthropicMessages;
  const ChatCount c = count(R"({"model":"gpt-4o","messages":[{"role":"user","content":"hello"}]})", forced);
  EXPECT_EQ(c.api, ChatApi::kAnthropicMessages);
  // Forcing Responses on a messages-only body: no input, so only the framing constants.
  forced.api = ChatApi::kResponses;
  const ChatCount r = count(R"({"model":"gpt-4o","messages":[{"role":"user","content":"hello"}]})", forced);
  EXPECT_EQ(r.api, ChatApi::kResponses);
  EXPECT_EQ(r.breakdown.messages, 0);
  // And Chat Completions on an input-only body is a bad request (no messages array).
  forced.api = ChatApi::kChatCompletions;
  EXPECT_EQ(error_of(R"({"model":"gpt-4o","input":"hello"})", forced), ErrorCode::kInvalidRequest);
}

// ---- Special tokens, unknown models -----------------------------------------------------------

TEST(CountRequest, SpecialTokenTextIsOrdinaryText) {
  const std::string specials = "<|endoftext|> <|im_start|>system<|im_end|> <|endofprompt|> <|fim_prefix|>";
  for (const char* model : {"gpt-4", "gpt-4o", "gpt-oss-20b", "claude-3-haiku-20240307"}) {
    SCOPED_TRACE(model);
    Json body = {{"model", model},
                 {"messages", Json::array({Json{{"role", "user"}, {"content", specials}}})}};
    ChatCount c;
    ASSERT_NO_THROW(c = count(body));
    EXPECT_EQ(c.breakdown.messages, ordinary(c.encoding, specials));
    EXPECT_GT(c.breakdown.messages, 5);  // several ordinary tokens per special-token string
  }
  // In names, tool-call arguments, tool schemas, Responses input and Anthropic blocks too.
  const std::string bodies[] = {
      R"({"model":"gpt-4o","messages":[{"role":"user","name":"<|endoftext|>","content":"<|endoftext|>"}]})",
      R"({"model":"gpt-4o","messages":[{"role":"assistant","content":null,"tool_calls":[{"id":"c","type":"function",
        "function":{"name":"<|endoftext|>","arguments":"{\"x\":\"<|endoftext|>\"}"}}]},
        {"role":"tool","tool_call_id":"c","content":"<|endoftext|>"}],
        "tools":[{"type":"function","function":{"name":"f","description":"<|endoftext|>","parameters":{}}}]})",
      R"({"model":"gpt-4o","input":"<|endoftext|>","instructions":"<|im_start|>"})",
      R"({"model":"claude-3-haiku","system":"<|endoftext|>","messages":[{"role":"user","content":[{"type":"text","text":"<|endoftext|>"}]},
        {"role":"assistant","content":[{"type":"tool_use","id":"t","name":"f","input":{"a":"<|endoftext|>"}}]}],
        "tools":[{"name":"<|endoftext|>","input_schema":{"type":"object"}}]})",
  };
  for (const std::string& body : bodies) {
    SCOPED_TRACE(body);
    EXPECT_NO_THROW(count(body));
  }
}

TEST(CountRequest, UnknownAndMissingModelsAreFlagged) {
  ChatCount c = count(R"({"model":"my-local-llm","messages":[{"role":"user","content":"hello"}]})");
  EXPECT_EQ(c.total(), 8);  // default framing, o200k_base
  EXPECT_EQ(c.encoding, "o200k_base");
  EXPECT_EQ(c.rules, "");
  EXPECT_FALSE(c.exact);
  EXPECT_NE(std::find(c.estimated.begin(), c.estimated.end(), "unknown-model"), c.estimated.end());
  c = count(R"({"messages":[{"role":"user","content":"hello"}]})");
  EXPECT_EQ(c.model, "");
  EXPECT_NE(std::find(c.estimated.begin(), c.estimated.end(), "model-unspecified"), c.estimated.end());
  // options.model overrides the body's.
  CountOptions o;
  o.model = "gpt-4";
  c = count(R"({"model":"gpt-4o","messages":[{"role":"user","content":"hello"}]})", o);
  EXPECT_EQ(c.model, "gpt-4");
  EXPECT_EQ(c.encoding, "cl100k_base");
}

// ---- Bad input ----------------------------------------------------------------------------------

TEST(CountRequest, MalformedRequestsAreInvalidRequest) {
  const char* bodies[] = {
      // Chat Completions
      R"({"model":"gpt-4o","messages":{"role":"user"}})",
      R"({"model":"gpt-4o","messages":"hello"})",
      R"({"model":"gpt-4o","messages":[1]})",
      R"({"model":"gpt-4o","messages":["hello"]})",
      R"({"model":"gpt-4o","messages":[null]})",
      R"({"model":"gpt-4o","messages":[{"role":"wizard","content":"x"}]})",
      R"({"model":"gpt-4o","messages":[{"content":"x"}]})",
      R"({"model":"gpt-4o","messages":[{"role":5,"content":"x"}]})",
      R"({"model":"gpt-4o","messages":[{"role":"user","content":5}]})",
      R"({"model":"gpt-4o","messages":[{"role":"user","content":[{"type":"video","url":"x"}]}]})",
      R"({"model":"gpt-4o","messages":[{"role":"user","content":[{"type":"text","text":5}]}]})",
      R"({"model":"gpt-4o","messages":[{"role":"user","content":[7]}]})",
      R"({"model":"gpt-4o","messages":[{"role":"user","content":[{"type":"image_url"}]}]})",
      R"({"model":"gpt-4o","messages":[{"role":"user","content":[{"type":"image_url","image_url":{"url":""}}]}]})",
      R"({"model":"gpt-4o","messages":[{"role":"user","name":5,"content":"x"}]})",
      R"({"model":"gpt-4o","messages":[],"tools":{"type":"function"}})",
      R"({"model":"gpt-4o","messages":[],"tools":[5]})",
      R"({"model":"gpt-4o","messages":[],"functions":"f"})",
      R"({"model":"gpt-4o","messages":[{"role":"assistant","tool_calls":[5]}]})",
      R"({"model":5,"messages":[]})",
      R"({"model":["gpt-4o"],"messages":[]})",
      // Responses
      R"({"model":"gpt-4o","input":5})",
      R"({"model":"gpt-4o","input":[5]})",
      R"({"model":"gpt-4o","input":[{"role":"tool","content":"x"}]})",
      R"({"model":"gpt-4o","input":[{"type":"message","content":"x"}]})",
      R"({"model":"gpt-4o","input":"x","instructions":5})",
      R"({"model":"gpt-4o","input":"x","tools":{}})",
      // Anthropic
      R"({"model":"claude-3-haiku","messages":[{"role":"user","content":[{"type":"hologram"}]}]})",
      R"({"model":"claude-3-haiku","messages":[{"role":"system2","content":"x"}]})",
      R"({"model":"claude-3-haiku","messages":[{"role":"user"}]})",
      R"({"model":"claude-3-haiku","messages":[{"role":"user","content":5}]})",
      R"({"model":"claude-3-haiku","messages":[{"role":"user","content":[{"type":"image"}]}]})",
      R"({"model":"claude-3-haiku","messages":[{"role":"user","content":[{"type":"image","source":{"type":"ftp"}}]}]})",
      R"({"model":"claude-3-haiku","messages":[{"role":"user","content":[{"type":"document","source":{"type":"base64","data":"bm90IGEgcGRm"}}]}]})",
      R"({"model":"claude-3-haiku","messages":[],"tools":"x"})",
      R"({"model":"claude-3-haiku","messages":[],"tools":[1]})",
      R"({"model":"claude-3-haiku","system":5,"messages":[]})",
      // Neither shape.
      R"({"model":"gpt-4o"})",
      R"([])",
      R"("hello")",
  };
  for (const char* body : bodies) {
    SCOPED_TRACE(body);
    EXPECT_EQ(error_of(body), ErrorCode::kInvalidRequest);
  }
  // Deeply nested tool_result content (blocks within blocks) is refused, not recursed into.
  std::string nested = "\"x\"";
  for (int i = 0; i < 20; ++i) nested = R"([{"type":"tool_result","tool_use_id":"t","content":)" + nested + "}]";
  EXPECT_EQ(error_of(R"({"model":"claude-3-haiku","messages":[{"role":"user","content":)" + nested + "}]}"),
            ErrorCode::kInvalidRequest);
}

TEST(CountRequest, InvalidJsonAndUtf8AreReported) {
  EXPECT_EQ(error_of(""), ErrorCode::kInvalidJson);
  EXPECT_EQ(error_of(R"({"model":"gpt-4o","messages":[)"), ErrorCode::kInvalidJson);
  EXPECT_EQ(error_of(std::string(1000, '[') + std::string(1000, ']')), ErrorCode::kInvalidJson);
  EXPECT_EQ(error_of("{\"model\":\"gpt-4o\",\"messages\":[{\"role\":\"user\",\"content\":\"\xff\"}]}"),
            ErrorCode::kInvalidUtf8);
  // Tool-call arguments that are not JSON are counted as text, not refused.
  EXPECT_NO_THROW(count(R"({"model":"gpt-4o","messages":[{"role":"assistant","tool_calls":[{"id":"c","type":"function",
    "function":{"name":"f","arguments":"{not json"}}]}]})"));
}

TEST(CountRequest, BrokenInlineImagesAreInvalidImage) {
  const char* bodies[] = {
      R"({"model":"gpt-4o","messages":[{"role":"user","content":[{"type":"image_url","image_url":{"url":"data:image/png;base64,!!!not base64!!!"}}]}]})",
      R"({"model":"gpt-4o","messages":[{"role":"user","content":[{"type":"image_url","image_url":{"url":"data:image/png;base64,aGVsbG8gd29ybGQ="}}]}]})",
      R"({"model":"gpt-4o","messages":[{"role":"user","content":[{"type":"image_url","image_url":{"url":"data:image/png;base64,"}}]}]})",
      R"({"model":"gpt-4o","messages":[{"role":"user","content":[{"type":"image_url","image_url":{"url":"data:image/png;base64,iVBORw0KGgo"}}]}]})",
      R"({"model":"gpt-4o","input":[{"role":"user","content":[{"type":"input_image","image_url":"data:image/jpeg;base64,/9j/"}]}]})",
      R"({"model":"claude-3-haiku","messages":[{"role":"user","content":[{"type":"image","source":{"type":"base64","media_type":"image/png","data":"%%%"}}]}]})",
      R"({"model":"claude-3-haiku","messages":[{"role":"user","content":[{"type":"image","source":{"type":"base64","media_type":"image/png","data":"aGVsbG8="}}]}]})",
  };
  for (const char* body : bodies) {
    SCOPED_TRACE(body);
    EXPECT_EQ(error_of(body), ErrorCode::kInvalidImage);
  }
  // An http(s) image has no bytes: not an error, an estimate.
  const ChatCount c = count(R"({"model":"gpt-4o","messages":[{"role":"user","content":[{"type":"image_url","image_url":{"url":"https://example.com/a.png"}}]}]})");
  EXPECT_GT(c.breakdown.images, 0);
  EXPECT_NE(std::find(c.estimated.begin(), c.estimated.end(), "image-size-unknown"), c.estimated.end());
}

// ---- Properties ---------------------------------------------------------------------------------

namespace {

std::string random_text(std::mt19937& rng) {
  static const char* words[] = {"hello", "world", " ", "\n", "日本語", "😀", "<|endoftext|>", "{\"a\":1}", "123",
                                "don't", "naïve", "\t", "x", ""};
  std::string out;
  const size_t n = rng() % 6;
  for (size_t i = 0; i < n; ++i) out += words[rng() % (sizeof(words) / sizeof(words[0]))];
  return out;
}

Json random_chat_message(std::mt19937& rng, int index) {
  static const char* roles[] = {"system", "developer", "user", "assistant", "tool", "function"};
  const std::string role = roles[rng() % 6];
  Json m = {{"role", role}};
  switch (rng() % 4) {
    case 0: m["content"] = random_text(rng); break;
    case 1: m["content"] = nullptr; break;
    case 2: m["content"] = Json::array({Json{{"type", "text"}, {"text", random_text(rng)}}}); break;
    default: m["content"] = Json::array(); break;
  }
  if (rng() % 3 == 0) m["name"] = "n" + random_text(rng);
  if (role == "assistant" && rng() % 2 == 0) {
    Json calls = Json::array();
    const int k = 1 + static_cast<int>(rng() % 3);
    for (int i = 0; i < k; ++i)
      calls.push_back({{"id", "call_" + std::to_string(index) + "_" + std::to_string(i)},
                       {"type", "function"},
                       {"function", {{"name", "fn" + std::to_string(i)}, {"arguments", rng() % 2 ? "{\"q\": 1}" : random_text(rng)}}}});
    m["tool_calls"] = calls;
  }
  if (role == "tool") m["tool_call_id"] = "call_" + std::to_string(rng() % (index + 1)) + "_0";
  if (role == "assistant" && rng() % 5 == 0) m["function_call"] = {{"name", "fn"}, {"arguments", random_text(rng)}};
  return m;
}

Json random_responses_item(std::mt19937& rng, int index) {
  switch (rng() % 4) {
    case 0:
      return {{"type", "function_call"}, {"call_id", "c" + std::to_string(index)}, {"name", "fn"},
              {"arguments", "{\"q\":" + std::to_string(rng() % 100) + "}"}};
    case 1:
      return {{"type", "function_call_output"}, {"call_id", "c" + std::to_string(rng() % (index + 1))},
              {"output", random_text(rng)}};
    default: {
      static const char* roles[] = {"system", "developer", "user", "assistant"};
      return {{"role", roles[rng() % 4]}, {"content", random_text(rng)}};
    }
  }
}

Json random_anthropic_message(std::mt19937& rng, int index) {
  const bool user = rng() % 2 == 0;
  Json m = {{"role", user ? "user" : "assistant"}};
  if (rng() % 2 == 0) {
    m["content"] = random_text(rng);
    return m;
  }
  Json blocks = Json::array();
  const int k = static_cast<int>(rng() % 3);
  for (int i = 0; i < k; ++i) {
    switch (rng() % 3) {
      case 0: blocks.push_back({{"type", "text"}, {"text", random_text(rng)}}); break;
      case 1:
        blocks.push_back({{"type", "tool_use"}, {"id", "t" + std::to_string(index)}, {"name", "fn"},
                          {"input", {{"q", random_text(rng)}}}});
        break;
      default:
        blocks.push_back({{"type", "tool_result"}, {"tool_use_id", "t" + std::to_string(index)},
                          {"content", random_text(rng)}});
        break;
    }
  }
  m["content"] = blocks;
  return m;
}

}  // namespace

TEST(CountRequest, AddingAMessageNeverLowersTheCount) {
  std::mt19937 rng(12345);
  const Json tools = Json::parse(R"([{"type":"function","function":{"name":"fn0","description":"d",
      "parameters":{"type":"object","properties":{"q":{"type":"number"}}}}}])");
  const Json responses_tools = Json::parse(R"([{"type":"function","name":"fn","description":"d",
      "parameters":{"type":"object","properties":{"q":{"type":"number"}}}}])");
  const Json anthropic_tools = Json::parse(R"([{"name":"fn","description":"d","input_schema":{"type":"object"}}])");
  const char* chat_models[] = {"gpt-4o", "gpt-3.5-turbo-0301", "gpt-4-0613", "o3-mini", "gpt-oss-20b", "unknown-x"};
  for (int round = 0; round < 150; ++round) {
    const int api = round % 3;
    Json body;
    if (api == 0) {
      body = {{"model", chat_models[rng() % 6]}, {"messages", Json::array()}};
      if (rng() % 2) body["tools"] = tools;
      if (rng() % 3 == 0) body["tool_choice"] = "none";
    } else if (api == 1) {
      body = {{"model", "gpt-4o"}, {"input", Json::array()}};
      if (rng() % 2) body["tools"] = responses_tools;
      if (rng() % 2) body["instructions"] = random_text(rng);
    } else {
      body = {{"model", rng() % 2 ? "claude-sonnet-4-5" : "claude-3-haiku-20240307"}, {"messages", Json::array()}};
      if (rng() % 2) body["tools"] = anthropic_tools;
      if (rng() % 2) body["system"] = random_text(rng);
    }
    const char* list = api == 1 ? "input" : "messages";
    int64_t previous = count(body).total();
    for (int i = 0; i < 10; ++i) {
      Json m = api == 0 ? random_chat_message(rng, i) : api == 1 ? random_responses_item(rng, i)
                                                                   : random_anthropic_message(rng, i);
      body[list].push_back(m);
      const ChatCount c = count(body);
      EXPECT_GE(c.total(), previous) << "adding " << m.dump() << " to " << body.dump();
      EXPECT_EQ(sum_of_buckets(c), c.total());
      previous = c.total();
    }
  }
}

TEST(CountRequest, SameResultFromTextAndFromParsedJson) {
  const Json body = cookbook_tools_body("gpt-4o");
  EXPECT_EQ(count(body.dump()).total(), count(body).total());
  // Whitespace and key order of the top level do not matter.
  EXPECT_EQ(count(body.dump(2)).total(), count(body).total());
}

TEST(CountRequest, HugeBodyCounts) {
  // ~20 MB of message text.
  std::string text;
  text.reserve(20u << 20);
  const std::string chunk = "The quick brown fox jumps over the lazy dog. 0123456789 naïve café 日本語\n";
  while (text.size() < (20u << 20)) text += chunk;
  Json body = {{"model", "gpt-4o"}, {"messages", Json::array({Json{{"role", "user"}, {"content", text}}})}};
  const std::string json = body.dump();
  ASSERT_GT(json.size(), 20u << 20);
  const ChatCount c = count(json);
  EXPECT_EQ(c.breakdown.messages, ordinary("o200k_base", text));
  EXPECT_EQ(c.total(), 3 + 3 + 1 + c.breakdown.messages);
}
