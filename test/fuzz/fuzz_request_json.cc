// Fuzz target: counting whole chat request bodies (count_request_json) from arbitrary bytes.
//
// Input: the request body, as it is (no header byte), so the seeds are readable JSON. Each input is
// counted four times: with the API detected from its shape, and with options.api forced to each of
// Chat Completions, Responses and Anthropic Messages (so every shape also runs through the other
// counters). The rules are the shipped data/chat-models.json (loaded once) with a fixed
// model -> encoding table that names only cl100k_base and o200k_base.
//
// Properties:
//  0. Parsing: parse_request_json accepts a body iff nlohmann's parser accepts it (after the lone
//     surrogate escapes are replaced with \ufffd by a plain rewrite written here), it has no raw
//     NUL byte (nlohmann's lexer would take one for the end of the input) and it nests at most
//     kMaxJsonDepth deep, and then builds exactly nlohmann's tree (same key order, same number
//     types, -0.0 kept). This is what keeps the fast reader (chat/json_reader.h), which
//     parse_request_json tries first, honest: it may only differ from nlohmann in speed.
//  1. The only exception is tokenmeter::Error, with one of the codes a request can earn:
//     kInvalidJson / kInvalidUtf8 exactly when parse_request_json refuses the bytes (with the same
//     code), and otherwise kInvalidRequest or kInvalidImage. Anything else (another code, another
//     exception type, a crash, a sanitizer report) is a finding.
//  2. On success: the api is the forced one or detect_api's; the encoding is one of the two; every
//     bucket is >= 0 and they add up to total(); `exact` is false iff some reason was flagged.
//  3. Counting is a function of the parsed value: the body re-serialized by nlohmann (dump()) and
//     counted again gives the same buckets, encoding and flags.
//  4. For "plain" requests (string contents only, no tools, names or tool calls) the total equals a
//     reference built here from the model's rules and encode_ordinary per message:
//       chat:      replyPriming + sum(perMessage + |role| + |content|) (- functionMessageDiscount
//                  for role "function")
//       responses: replyPriming + [perMessage + |"system"| + |instructions|]
//                  + sum(perMessage + |role or "user"| + |content|)
//       anthropic: replyPriming + |system| + sum(perMessage + |content|) (system-role messages:
//                  |content| only)
#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "chat/count_request.h"
#include "chat/json_guard.h"
#include "chat/model_rules.h"
#include "encoding/encoding.h"
#include "encoding/registry.h"
#include "fuzz_common.h"
#include "util/error.h"

#if __has_include("chat/json_reader.h")
#include "chat/json_reader.h"
#define TOKENMETER_FUZZ_HAVE_JSON_READER 1
#endif

using namespace tokenmeter;
using tokenmeter_fuzz::fail;
using tokenmeter_fuzz::preview;

namespace {

using Json = nlohmann::ordered_json;

// data/chat-models.json: TOKENMETER_DATA_DIR from the environment, else the source tree's data/.
std::string data_dir() {
  const char* env = std::getenv("TOKENMETER_DATA_DIR");
  if (env != nullptr && *env != '\0') return env;
  return TOKENMETER_FUZZ_DATA_DIR;
}

std::string read_file(const std::string& path) {
  FILE* f = std::fopen(path.c_str(), "rb");
  if (!f) fail("cannot open " + path + " (set TOKENMETER_DATA_DIR)");
  std::string out;
  char buf[65536];
  size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, f)) > 0) out.append(buf, n);
  std::fclose(f);
  return out;
}

// The chat models of lib/model-table.ts, with gpt-oss counted with o200k_base so that only the two
// encodings under test are ever asked for.
const char* const kEncodingTable = R"({
  "exact": {"o1": "o200k_base", "o3": "o200k_base", "o4-mini": "o200k_base", "gpt-5": "o200k_base",
            "gpt-4.5": "o200k_base", "gpt-4.1": "o200k_base", "gpt-4o": "o200k_base",
            "chatgpt-4o-latest": "o200k_base", "gpt-4": "cl100k_base", "gpt-3.5-turbo": "cl100k_base",
            "gpt-3.5": "cl100k_base", "gpt-35-turbo": "cl100k_base", "gpt-oss": "o200k_base"},
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
    {"prefix": "gpt-oss-", "suffix": "", "encoding": "o200k_base"},
    {"prefix": "gpt-4-", "suffix": "", "encoding": "cl100k_base"},
    {"prefix": "gpt-3.5-turbo-", "suffix": "", "encoding": "cl100k_base"},
    {"prefix": "gpt-35-turbo-", "suffix": "", "encoding": "cl100k_base"}
  ]})";

struct Fixture {
  std::unique_ptr<RuleBook> book;
  std::shared_ptr<const Encoding> cl100k, o200k;
};

// Never destroyed: the encodings are shared with the registry, and libFuzzer exits from anywhere.
Fixture& fixture() {
  static Fixture* f = [] {
    auto* made = new Fixture();
    made->book = std::make_unique<RuleBook>(Json::parse(read_file(data_dir() + "/chat-models.json")),
                                            Json::parse(kEncodingTable));
    made->cl100k = get_encoding("cl100k_base", tokenmeter_fuzz::vocab_dir());
    made->o200k = get_encoding("o200k_base", tokenmeter_fuzz::vocab_dir());
    return made;
  }();
  return *f;
}

std::shared_ptr<const Encoding> load(const std::string& name) {
  if (name == "cl100k_base") return fixture().cl100k;
  if (name == "o200k_base") return fixture().o200k;
  fail("count_request asked for encoding \"" + name + "\", which neither the table nor the rules name");
}

const char* code_name(ErrorCode code) { return error_code_name(code); }

// --- Property 0: a plain reference parse ---

int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// The UTF-16 unit of the "\uXXXX" at text[i] (the backslash), or -1.
int unit_at(std::string_view text, size_t i) {
  if (i + 6 > text.size() || text[i] != '\\' || text[i + 1] != 'u') return -1;
  int unit = 0;
  for (size_t k = i + 2; k < i + 6; ++k) {
    const int h = hex_digit(text[k]);
    if (h < 0) return -1;
    unit = unit * 16 + h;
  }
  return unit;
}

// `text` with every \uD800-\uDFFF escape that is not half of a pair written as \ufffd: walks the
// text, entering and leaving strings at unescaped quotes, copying every other escape as it is.
FUZZ_NO_COVERAGE std::string replace_lone_surrogates(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  bool in_string = false;
  size_t i = 0;
  while (i < text.size()) {
    const char c = text[i];
    if (!in_string) {
      if (c == '"') in_string = true;
      out.push_back(c);
      ++i;
      continue;
    }
    if (c == '"') {
      in_string = false;
      out.push_back(c);
      ++i;
      continue;
    }
    if (c != '\\') {
      out.push_back(c);
      ++i;
      continue;
    }
    const int unit = unit_at(text, i);
    if (unit < 0) {  // another escape (or a broken one, nlohmann's to refuse): two characters
      out.append(text.substr(i, 2));
      i += 2;
      continue;
    }
    const bool high = unit >= 0xD800 && unit <= 0xDBFF, low = unit >= 0xDC00 && unit <= 0xDFFF;
    const int next = unit_at(text, i + 6);
    if (high && next >= 0xDC00 && next <= 0xDFFF) {
      out.append(text.substr(i, 12));
      i += 12;
    } else if (high || low) {
      out += "\\ufffd";
      i += 6;
    } else {
      out.append(text.substr(i, 6));
      i += 6;
    }
  }
  return out;
}

FUZZ_NO_COVERAGE size_t tree_depth(const Json& j) {
  size_t deepest = 0;
  if (j.is_array() || j.is_object())
    for (const auto& child : j) deepest = std::max(deepest, tree_depth(child));
  return j.is_array() || j.is_object() ? deepest + 1 : 0;
}

// Equal trees with equal number types (nlohmann's == calls 1 and 1.0 equal) and -0.0 kept.
FUZZ_NO_COVERAGE bool strictly_equal(const Json& a, const Json& b) {
  if (a.type() != b.type()) return false;
  switch (a.type()) {
    case Json::value_t::number_float: {
      const double x = a.get<double>(), y = b.get<double>();
      return std::memcmp(&x, &y, sizeof x) == 0;
    }
    case Json::value_t::array:
      if (a.size() != b.size()) return false;
      for (size_t i = 0; i < a.size(); ++i)
        if (!strictly_equal(a[i], b[i])) return false;
      return true;
    case Json::value_t::object: {
      if (a.size() != b.size()) return false;
      auto ia = a.begin();
      for (auto ib = b.begin(); ib != b.end(); ++ia, ++ib)
        if (ia.key() != ib.key() || !strictly_equal(ia.value(), ib.value())) return false;
      return true;
    }
    default: return a == b;
  }
}

void check_parse(std::string_view body, bool parses, ErrorCode parse_code, const Json& parsed) {
  if (!parses && parse_code == ErrorCode::kInvalidUtf8) return;  // not JSON text at all
  Json reference;
  bool reference_ok = true;
  std::string why;
  if (body.find('\0') != std::string_view::npos) {
    // nlohmann's lexer takes a NUL byte for the end of the input ("[1]\0junk" parses as [1]); a
    // raw NUL is never valid JSON text.
    reference_ok = false;
    why = "a raw NUL byte";
  } else {
    try {
      reference = Json::parse(replace_lone_surrogates(body));
    } catch (const nlohmann::json::out_of_range& e) {
      // A number beyond double range (id 406): nlohmann refuses it, JSON.parse and tokenmeter read
      // ±Infinity or 0. Nothing to compare against.
      if (e.id == 406) return;
      reference_ok = false;
      why = e.what();
    } catch (const nlohmann::json::exception& e) {
      reference_ok = false;
      why = e.what();
    }
  }
  if (!reference_ok) {
    FUZZ_CHECK(!parses, "parse_request_json accepted a body nlohmann refuses (" + why + "): " + preview(body) +
                            " -> " + preview(parsed.dump(-1, ' ', false, Json::error_handler_t::replace)));
    return;
  }
  const size_t depth = tree_depth(reference);
  if (depth > kMaxJsonDepth) {
    FUZZ_CHECK(!parses && parse_code == ErrorCode::kInvalidJson,
               "a body nested " + std::to_string(depth) + " deep was not refused: " + preview(body));
    return;
  }
  FUZZ_CHECK(parses, std::string("parse_request_json refused (") + code_name(parse_code) +
                         ") a body nlohmann accepts: " + preview(body));
  FUZZ_CHECK(strictly_equal(parsed, reference),
             "parse_request_json built another tree than nlohmann: " + preview(body) + " -> " +
                 preview(parsed.dump()) + " vs " + preview(reference.dump()));
#ifdef TOKENMETER_FUZZ_HAVE_JSON_READER
  // The fast reader on its own: the same tree, or none.
  if (auto fast = read_json_fast(body, kMaxJsonDepth))
    FUZZ_CHECK(strictly_equal(*fast, reference), "read_json_fast built another tree than nlohmann: " +
                                                     preview(body) + " -> " + preview(fast->dump()));
#endif
}

bool is_string_or_null(const Json* v) { return v == nullptr || v->is_null() || v->is_string(); }

const Json* member(const Json& j, const char* key) {
  auto it = j.find(key);
  return it == j.end() ? nullptr : &*it;
}

bool absent_or_null(const Json& j, const char* key) {
  const Json* v = member(j, key);
  return v == nullptr || v->is_null();
}

std::string string_or_empty(const Json* v) { return v && v->is_string() ? v->get<std::string>() : std::string(); }

// Plain reference counts (see the top of the file); -1 when `body` is not plain for `api`.
FUZZ_NO_COVERAGE int64_t reference_total(const Json& body, ChatApi api, const ModelRules& r, const Encoding& enc) {
  auto n = [&](const std::string& text) {
    std::vector<uint32_t> ids;
    enc.encode_ordinary(text, ids);
    return static_cast<int64_t>(ids.size());
  };
  if (!body.is_object()) return -1;
  int64_t total = r.reply_priming;
  if (api == ChatApi::kChatCompletions) {
    if (!absent_or_null(body, "tools") || !absent_or_null(body, "functions")) return -1;
    const Json* messages = member(body, "messages");
    if (!messages || !messages->is_array()) return -1;
    for (const Json& m : *messages) {
      if (!m.is_object()) return -1;
      const Json* role = member(m, "role");
      if (!role || !role->is_string()) return -1;
      const std::string& rs = role->get_ref<const std::string&>();
      if (rs != "system" && rs != "developer" && rs != "user" && rs != "assistant" && rs != "tool" && rs != "function")
        return -1;
      if (!is_string_or_null(member(m, "content"))) return -1;
      if (!absent_or_null(m, "name") || !absent_or_null(m, "tool_calls") || !absent_or_null(m, "function_call"))
        return -1;
      if (rs == "tool" && !is_string_or_null(member(m, "tool_call_id"))) return -1;
      total += r.per_message + n(rs) + n(string_or_empty(member(m, "content")));
      if (rs == "function") total -= r.function_message_discount;
    }
    return total;
  }
  if (api == ChatApi::kResponses) {
    if (!absent_or_null(body, "tools")) return -1;
    const Json* instructions = member(body, "instructions");
    if (!is_string_or_null(instructions)) return -1;
    const std::string instr = string_or_empty(instructions);
    if (!instr.empty()) total += r.per_message + n("system") + n(instr);
    const Json* input = member(body, "input");
    if (input == nullptr || input->is_null()) return total;
    if (input->is_string()) return total + r.per_message + n("user") + n(input->get<std::string>());
    if (!input->is_array()) return -1;
    for (const Json& item : *input) {
      if (!item.is_object()) return -1;
      const Json* type = member(item, "type");
      if (!is_string_or_null(type)) return -1;
      const std::string ts = string_or_empty(type);
      if (!ts.empty() && ts != "message") return -1;
      const Json* role = member(item, "role");
      if (!role || !role->is_string()) return -1;
      const std::string& rs = role->get_ref<const std::string&>();
      if (rs != "system" && rs != "developer" && rs != "user" && rs != "assistant") return -1;
      if (!is_string_or_null(member(item, "content"))) return -1;
      total += r.per_message + n(rs) + n(string_or_empty(member(item, "content")));
    }
    return total;
  }
  if (api == ChatApi::kAnthropicMessages) {
    const Json* tools = member(body, "tools");
    if (tools && !tools->is_null() && !(tools->is_array() && tools->empty())) return -1;
    const Json* thinking = member(body, "thinking");
    if (thinking && thinking->is_object()) return -1;
    const Json* system = member(body, "system");
    if (!is_string_or_null(system)) return -1;
    total += n(string_or_empty(system));
    const Json* messages = member(body, "messages");
    if (!messages || !messages->is_array()) return -1;
    for (const Json& m : *messages) {
      if (!m.is_object()) return -1;
      const Json* role = member(m, "role");
      if (!is_string_or_null(role)) return -1;
      const std::string rs = string_or_empty(role);
      const Json* content = member(m, "content");
      if (rs == "system") {
        if (!is_string_or_null(content)) return -1;
        total += n(string_or_empty(content));
        continue;
      }
      if (rs != "user" && rs != "assistant") return -1;
      if (!content || !content->is_string()) return -1;
      total += r.per_message + n(content->get<std::string>());
    }
    return total;
  }
  return -1;
}

std::string describe(const ChatCount& c) {
  const ChatBreakdown& b = c.breakdown;
  std::string flags;
  for (const auto& f : c.estimated) flags += (flags.empty() ? "" : ",") + f;
  return std::string(chat_api_name(c.api)) + " " + c.encoding + " rules=" + c.rules + " total=" +
         std::to_string(c.total()) + " [messages=" + std::to_string(b.messages) + " system=" +
         std::to_string(b.system) + " tools=" + std::to_string(b.tools) + " images=" + std::to_string(b.images) +
         " documents=" + std::to_string(b.documents) + " overhead=" + std::to_string(b.overhead) + "] flags=" + flags;
}

bool same_count(const ChatCount& a, const ChatCount& b) {
  const ChatBreakdown &x = a.breakdown, &y = b.breakdown;
  return x.messages == y.messages && x.system == y.system && x.tools == y.tools && x.images == y.images &&
         x.documents == y.documents && x.overhead == y.overhead && a.api == b.api && a.model == b.model &&
         a.encoding == b.encoding && a.rules == b.rules && a.exact == b.exact && a.estimated == b.estimated;
}

// One count of `body` with `options`; checks properties 1, 2 and 4 (and 3 when `check_roundtrip`).
void check(std::string_view body, const CountOptions& options, bool parses, ErrorCode parse_code,
           const Json* parsed, bool check_roundtrip) {
  const std::string what = std::string("options.api=") + chat_api_name(options.api) + " body=" + preview(body);
  ChatCount c;
  try {
    c = count_request_json(body, options, *fixture().book, load);
  } catch (const Error& e) {
    const ErrorCode code = e.code();
    if (!parses) {
      FUZZ_CHECK(code == parse_code, std::string("count_request_json threw ") + code_name(code) +
                                         " where parse_request_json threw " + code_name(parse_code) + ": " +
                                         e.what() + " -- " + what);
      return;
    }
    FUZZ_CHECK(code == ErrorCode::kInvalidRequest || code == ErrorCode::kInvalidImage,
               std::string("a body that parses was refused with ") + code_name(code) + ": " + e.what() + " -- " +
                   what);
    return;
  }
  FUZZ_CHECK(parses, std::string("count_request_json counted a body parse_request_json refuses (") +
                         code_name(parse_code) + ") -- " + what);

  // 2. Shape of the result.
  const ChatApi expected_api = options.api != ChatApi::kUnknown ? options.api : detect_api(*parsed, options);
  FUZZ_CHECK(c.api == expected_api, "api " + std::string(chat_api_name(c.api)) + " vs detect_api " +
                                        chat_api_name(expected_api) + " -- " + what);
  FUZZ_CHECK(c.encoding == "cl100k_base" || c.encoding == "o200k_base", describe(c) + " -- " + what);
  const ChatBreakdown& b = c.breakdown;
  FUZZ_CHECK(b.messages >= 0 && b.system >= 0 && b.tools >= 0 && b.images >= 0 && b.documents >= 0 &&
                 b.overhead >= 0,
             "a negative bucket: " + describe(c) + " -- " + what);
  FUZZ_CHECK(c.total() == b.messages + b.system + b.tools + b.images + b.documents + b.overhead, describe(c));
  FUZZ_CHECK(c.exact == c.estimated.empty(), "exact flag disagrees with the reasons: " + describe(c) + " -- " + what);

  // 4. Plain requests against the reference.
  bool known = false;
  const ModelRules rules = fixture().book->resolve(c.model, c.api == ChatApi::kAnthropicMessages, known);
  const int64_t reference = reference_total(*parsed, c.api, rules, *load(c.encoding));
  if (reference >= 0)
    FUZZ_CHECK(c.total() == reference, "plain request: total " + std::to_string(c.total()) + " vs reference " +
                                           std::to_string(reference) + ": " + describe(c) + " -- " + what);

  // 3. Re-serialized, the same count.
  if (check_roundtrip) {
    const std::string again = parsed->dump();
    ChatCount d;
    try {
      d = count_request_json(again, options, *fixture().book, load);
    } catch (const Error& e) {
      fail(std::string("the re-serialized body was refused (") + code_name(e.code()) + ": " + e.what() +
           ") -- " + what + " -- dumped: " + preview(again));
    }
    FUZZ_CHECK(same_count(c, d), "re-serialized body counts differently: " + describe(c) + " vs " + describe(d) +
                                     " -- " + what + " -- dumped: " + preview(again));
  }
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  fixture();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view body(reinterpret_cast<const char*>(data), size);
  bool parses = true;
  ErrorCode parse_code = ErrorCode::kInvalidJson;
  Json parsed;
  try {
    parsed = parse_request_json(body);
  } catch (const Error& e) {
    parses = false;
    parse_code = e.code();
    FUZZ_CHECK(parse_code == ErrorCode::kInvalidJson || parse_code == ErrorCode::kInvalidUtf8,
               std::string("parse_request_json threw ") + code_name(parse_code) + ": " + e.what());
  }
  check_parse(body, parses, parse_code, parsed);
  CountOptions options;
  check(body, options, parses, parse_code, &parsed, /*check_roundtrip=*/true);
  if (!parses) return 0;  // the forced-API runs would only repeat the parse error
  for (ChatApi api : {ChatApi::kChatCompletions, ChatApi::kResponses, ChatApi::kAnthropicMessages}) {
    options.api = api;
    check(body, options, parses, parse_code, &parsed, /*check_roundtrip=*/false);
  }
  return 0;
}
