// json_guard: the request-body parser in front of nlohmann/json (UTF-8 check, nesting bound, lone
// surrogate escapes, errors as tokenmeter::Error).
#include "chat/json_guard.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <string>

#include "util/error.h"

#if __has_include("chat/json_reader.h")
#include "chat/json_reader.h"
#define TOKENMETER_TEST_HAVE_JSON_READER 1
#endif

using tokenmeter::Error;
using tokenmeter::ErrorCode;
using tokenmeter::kMaxJsonDepth;
using tokenmeter::parse_request_json;

namespace {

using Json = nlohmann::ordered_json;

// The code parse_request_json throws for `body` (or "no error" as a test failure).
ErrorCode error_of(const std::string& body) {
  try {
    parse_request_json(body);
  } catch (const Error& e) {
    return e.code();
  } catch (const std::exception& e) {
    ADD_FAILURE() << "not a tokenmeter::Error: " << e.what();
    return ErrorCode::kInvalidArgument;
  }
  ADD_FAILURE() << "parsed without an error: " << body.substr(0, 80);
  return ErrorCode::kInvalidArgument;
}

std::string nested_arrays(size_t depth) {
  return std::string(depth, '[') + "1" + std::string(depth, ']');
}

// {"a":{"a":...{"a":1}...}} with `depth` objects.
std::string nested_objects(size_t depth) {
  std::string out;
  out.reserve(depth * 6 + 2);
  for (size_t i = 0; i < depth; ++i) out += "{\"a\":";
  out += "1";
  out.append(depth, '}');
  return out;
}

// The parsed string of a one-element body ["..."], as bytes.
std::string parsed_string(const std::string& escaped) {
  return parse_request_json("[\"" + escaped + "\"]").at(0).get<std::string>();
}

const std::string kFffd = "\xef\xbf\xbd";

// The same string parsed through nlohmann's path: 1e-400 is valid JSON that the fast reader
// (json_reader.h) hands over to the checks and nlohmann's parser (it underflows in from_chars).
std::string parsed_string_slow_path(const std::string& escaped) {
  Json j = parse_request_json("[\"" + escaped + "\", 1e-400]");
  EXPECT_EQ(j.at(1).get<double>(), 0.0);
  return j.at(0).get<std::string>();
}

// Equal trees, with equal number types (nlohmann's == compares 1 and 1.0 as equal) and -0.0 kept.
bool strictly_equal(const Json& a, const Json& b) {
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

}  // namespace

TEST(JsonGuard, ParsesValidBodies) {
  Json j = parse_request_json(R"({"model":"gpt-4o","messages":[{"role":"user","content":"hi"}],"n":1.5})");
  ASSERT_TRUE(j.is_object());
  EXPECT_EQ(j["model"], "gpt-4o");
  EXPECT_EQ(j["messages"][0]["content"], "hi");
  EXPECT_DOUBLE_EQ(j["n"].get<double>(), 1.5);
  EXPECT_TRUE(parse_request_json("  \n\t[]\r\n").is_array());
  EXPECT_EQ(parse_request_json("\"x\""), "x");
  EXPECT_EQ(parse_request_json("null"), nullptr);
  EXPECT_EQ(parse_request_json("0"), 0);
  // Non-ASCII text, raw and escaped.
  EXPECT_EQ(parsed_string("caf\xc3\xa9 \xe6\x97\xa5 \xf0\x9f\x98\x80"), "caf\xc3\xa9 \xe6\x97\xa5 \xf0\x9f\x98\x80");
  EXPECT_EQ(parsed_string("\\u00e9\\u65e5"), "\xc3\xa9\xe6\x97\xa5");
}

TEST(JsonGuard, KeepsKeyOrder) {
  Json j = parse_request_json(R"({"z":1,"a":2,"m":3})");
  std::string keys;
  for (auto it = j.begin(); it != j.end(); ++it) keys += it.key();
  EXPECT_EQ(keys, "zam");
}

TEST(JsonGuard, InvalidUtf8IsRefused) {
  EXPECT_EQ(error_of("{\"a\":\"\xff\"}"), ErrorCode::kInvalidUtf8);
  EXPECT_EQ(error_of("\"\xc3\""), ErrorCode::kInvalidUtf8);            // truncated sequence
  EXPECT_EQ(error_of("\"\xc0\xaf\""), ErrorCode::kInvalidUtf8);        // overlong '/'
  EXPECT_EQ(error_of("\"\xed\xa0\x80\""), ErrorCode::kInvalidUtf8);    // UTF-8-encoded surrogate
  EXPECT_EQ(error_of("\"\xf4\x90\x80\x80\""), ErrorCode::kInvalidUtf8);  // above U+10FFFF
  EXPECT_EQ(error_of("[1]\x80"), ErrorCode::kInvalidUtf8);             // outside a string, at the end
  try {
    parse_request_json("[\"ok\", \"\xfe\"]");
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::kInvalidUtf8);
    EXPECT_NE(std::string(e.what()).find("8"), std::string::npos) << e.what();  // names the offset
  }
}

TEST(JsonGuard, DepthLimitIsExact) {
  ASSERT_EQ(kMaxJsonDepth, 256u);
  EXPECT_NO_THROW(parse_request_json(nested_arrays(256)));
  EXPECT_NO_THROW(parse_request_json(nested_objects(256)));
  EXPECT_EQ(error_of(nested_arrays(257)), ErrorCode::kInvalidJson);
  EXPECT_EQ(error_of(nested_objects(257)), ErrorCode::kInvalidJson);
  // Mixed nesting.
  std::string mixed;
  for (int i = 0; i < 128; ++i) mixed += "{\"a\":[";
  std::string closing;
  for (int i = 0; i < 128; ++i) closing += "]}";
  EXPECT_NO_THROW(parse_request_json(mixed + "1" + closing));
  EXPECT_EQ(error_of(mixed + "[1]" + closing), ErrorCode::kInvalidJson);
  // Depth is nesting, not the number of containers: many siblings are fine.
  std::string wide = "[";
  for (int i = 0; i < 10000; ++i) wide += (i ? ",[[1]]" : "[[1]]");
  wide += "]";
  EXPECT_NO_THROW(parse_request_json(wide));
}

TEST(JsonGuard, VeryDeepNestingIsRefusedWithoutStackOverflow) {
  EXPECT_EQ(error_of(nested_arrays(100000)), ErrorCode::kInvalidJson);
  EXPECT_EQ(error_of(nested_objects(100000)), ErrorCode::kInvalidJson);
  // Unterminated, and deep after a valid prefix.
  EXPECT_EQ(error_of(std::string(100000, '[')), ErrorCode::kInvalidJson);
  EXPECT_EQ(error_of("{\"messages\":" + std::string(100000, '[')), ErrorCode::kInvalidJson);
  try {
    parse_request_json(nested_arrays(100000));
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("256"), std::string::npos) << e.what();
  }
}

TEST(JsonGuard, BracketsInsideStringsDoNotCount) {
  // 1000 brackets inside a string, at depth 1.
  const std::string brackets = std::string(1000, '[') + std::string(1000, '{');
  Json j = parse_request_json("[\"" + brackets + "\"]");
  EXPECT_EQ(j.at(0).get<std::string>(), brackets);
  // Inside keys too.
  j = parse_request_json("{\"" + brackets + "\":1}");
  EXPECT_EQ(j.begin().key(), brackets);
  // Closing brackets in strings do not lower the depth either: 256 real levels inside, with "]]]"
  // strings in between, are still 256.
  std::string body;
  for (int i = 0; i < 256; ++i) body += "[\"]]]}}}\",";
  body += "1";
  body += std::string(256, ']');
  EXPECT_NO_THROW(parse_request_json(body));
  std::string deeper;
  for (int i = 0; i < 257; ++i) deeper += "[\"]]]}}}\",";
  deeper += "1" + std::string(257, ']');
  EXPECT_EQ(error_of(deeper), ErrorCode::kInvalidJson);
}

TEST(JsonGuard, EscapedQuotesKeepTheStringOpen) {
  // The brackets after \" are still inside the string.
  const std::string inner = "\\\"" + std::string(500, '[') + "\\\\\\\"" + std::string(500, '{');
  Json j = parse_request_json("[\"" + inner + "\"]");
  EXPECT_EQ(j.at(0).get<std::string>(), "\"" + std::string(500, '[') + "\\\"" + std::string(500, '{'));
  // A string ending in an escaped backslash closes at the next quote: brackets after it count.
  EXPECT_EQ(parse_request_json(R"(["a\\",["b"]])").at(1).at(0), "b");
  EXPECT_EQ(error_of("[\"a\\\\\"," + nested_arrays(300) + "]"), ErrorCode::kInvalidJson);
}

TEST(JsonGuard, LoneSurrogateEscapesBecomeReplacementCharacter) {
  EXPECT_EQ(parsed_string("\\ud800"), kFffd);                 // lone high
  EXPECT_EQ(parsed_string("\\udc00"), kFffd);                 // lone low
  EXPECT_EQ(parsed_string("\\uDBFF"), kFffd);                 // upper-case hex
  EXPECT_EQ(parsed_string("a\\ud800b"), "a" + kFffd + "b");   // high followed by text
  EXPECT_EQ(parsed_string("\\ud800\\u0041"), kFffd + "A");    // high followed by a non-surrogate escape
  EXPECT_EQ(parsed_string("\\udc00\\ud800"), kFffd + kFffd);  // reversed pair
  EXPECT_EQ(parsed_string("\\ud800\\ud800"), kFffd + kFffd);  // two highs
  EXPECT_EQ(parsed_string("\\ud83d\\ud83d\\ude00"), kFffd + "\xf0\x9f\x98\x80");  // lone high, then a pair
  EXPECT_EQ(parsed_string("x\\ud800"), "x" + kFffd);          // at the end of the string
  // In keys too.
  Json j = parse_request_json("{\"k\\udfff\":1}");
  EXPECT_EQ(j.begin().key(), "k" + kFffd);
  // Whole body bytes: EF BF BD.
  const std::string s = parsed_string("\\ud800");
  ASSERT_EQ(s.size(), 3u);
  EXPECT_EQ(static_cast<unsigned char>(s[0]), 0xEF);
  EXPECT_EQ(static_cast<unsigned char>(s[1]), 0xBF);
  EXPECT_EQ(static_cast<unsigned char>(s[2]), 0xBD);
}

TEST(JsonGuard, SlowPathTreatsSurrogatesTheSame) {
  for (const char* escaped : {"\\ud800", "\\udc00", "a\\ud800b", "\\ud800\\u0041", "\\udc00\\ud800", "\\ud83d\\ud83d\\ude00",
                              "\\ud83d\\ude00", "\\\\ud800", "\\\\\\ud800", "x\\ud800", "\\u00e9"}) {
    SCOPED_TRACE(escaped);
    EXPECT_EQ(parsed_string_slow_path(escaped), parsed_string(escaped));
  }
  EXPECT_EQ(parsed_string_slow_path("\\ud800"), kFffd);
  // Keys too, and depth 256 on this path.
  Json j = parse_request_json("{\"k\\udfff\":1e-400}");
  EXPECT_EQ(j.begin().key(), "k" + kFffd);
  EXPECT_NO_THROW(parse_request_json(std::string(256, '[') + "1e-400" + std::string(256, ']')));
  EXPECT_EQ(error_of(std::string(257, '[') + "1e-400" + std::string(257, ']')), ErrorCode::kInvalidJson);
}

TEST(JsonGuard, DuplicateKeysKeepTheFirstPositionAndTheLastValue) {
  // JSON.parse semantics: {"a":1,"b":2,"a":3} -> {"a":3,"b":2}.
  Json j = parse_request_json(R"({"a":1,"b":2,"a":3})");
  EXPECT_EQ(j.dump(), R"({"a":3,"b":2})");
  // Big objects (more than 16 keys), with repeats before and after the vector grows.
  for (int n : {15, 16, 17, 40, 100, 1000}) {
    SCOPED_TRACE(n);
    std::string body = "{";
    for (int i = 0; i < n; ++i) body += "\"k" + std::to_string(i) + "\":" + std::to_string(i) + ",";
    // Repeat a few keys (first, middle, last) with new values, then add one more key, then repeat
    // the first key again.
    body += "\"k0\":\"x0\",\"k" + std::to_string(n / 2) + "\":\"xm\",\"k" + std::to_string(n - 1) + "\":\"xl\",";
    body += "\"new\":true,\"k0\":\"y0\"}";
    j = parse_request_json(body);
    ASSERT_EQ(j.size(), static_cast<size_t>(n + 1));
    auto it = j.begin();
    for (int i = 0; i < n; ++i, ++it) ASSERT_EQ(it.key(), "k" + std::to_string(i));
    EXPECT_EQ(it.key(), "new");
    EXPECT_EQ(j["k0"], "y0");
    EXPECT_EQ(j["k" + std::to_string(n / 2)], n / 2 == 0 ? Json("y0") : Json("xm"));
    EXPECT_EQ(j["k" + std::to_string(n - 1)], "xl");
    if (n > 2) {
      EXPECT_EQ(j["k1"], 1);
    }
  }
  // Long keys (heap-allocated strings) repeated across a reallocation.
  std::string body = "{";
  const std::string pad(40, 'p');
  for (int i = 0; i < 64; ++i) body += "\"" + pad + std::to_string(i) + "\":" + std::to_string(i) + ",";
  for (int i = 0; i < 64; i += 7) body += "\"" + pad + std::to_string(i) + "\":-" + std::to_string(i) + ",";
  body += "\"end\":0}";
  j = parse_request_json(body);
  ASSERT_EQ(j.size(), 65u);
  for (int i = 0; i < 64; ++i) EXPECT_EQ(j[pad + std::to_string(i)], i % 7 == 0 ? -i : i) << i;
}

#ifdef TOKENMETER_TEST_HAVE_JSON_READER
// The fast reader builds exactly the tree nlohmann builds, or hands the body over.
TEST(JsonGuard, FastReaderAgreesWithNlohmann) {
  const char* bodies[] = {
      "0", "-0", "1", "-1", "1.0", "-0.0", "0.5e1", "1E+2", "1e-2", "123456789012345678",
      "9223372036854775807", "9223372036854775808", "-9223372036854775808", "-9223372036854775809",
      "18446744073709551615", "18446744073709551616", "1.7976931348623157e308", "5e-324", "2.2250738585072014e-308",
      "0.1", "0.30000000000000004", "\"\"", "\"a\\\"b\\\\c\\/d\\b\\f\\n\\r\\t\\u0000\\u001f\\u00e9\\u20ac\\ud83d\\ude00\"",
      "\"\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80\x7f\"", "[]", "{}", "[[],{},[{}]]", " \t\r\n[ 1 , 2 ]\n",
      R"({"a":{"b":[true,false,null,{"c":"d"}]},"e":[1,-2,3.5e-3]})", R"({"":"","\u0000":1})",
      "[1,]", "[01]", "[1.]", "[.1]", "[-]", "[1e]", "[1e+]", "{\"a\" 1}", "{\"a\":1,}", "[\"\\x\"]", "nul", "[true false]",
      "[\"a\tb\"]", "{,}", "[,1]", "\"\\u12\"", "[1] ", " [1]", "[1]x",
  };
  for (const char* body : bodies) {
    SCOPED_TRACE(body);
    const std::optional<Json> fast = tokenmeter::read_json_fast(body, kMaxJsonDepth);
    Json slow;
    bool slow_ok = true;
    try {
      slow = Json::parse(body);
    } catch (const nlohmann::json::exception&) {
      slow_ok = false;
    }
    if (fast) {
      ASSERT_TRUE(slow_ok) << "the fast reader accepted what nlohmann refuses";
      EXPECT_TRUE(strictly_equal(*fast, slow)) << fast->dump() << " vs " << slow.dump();
    }
    // Whatever path it takes, parse_request_json agrees with nlohmann.
    if (slow_ok) {
      Json guarded;
      ASSERT_NO_THROW(guarded = parse_request_json(body));
      EXPECT_TRUE(strictly_equal(guarded, slow)) << guarded.dump() << " vs " << slow.dump();
    } else {
      EXPECT_EQ(error_of(body), ErrorCode::kInvalidJson);
    }
  }
}
#endif

TEST(JsonGuard, ValidSurrogatePairsAreKept) {
  EXPECT_EQ(parsed_string("\\ud83d\\ude00"), "\xf0\x9f\x98\x80");
  EXPECT_EQ(parsed_string("\\uD83D\\uDE00"), "\xf0\x9f\x98\x80");
  EXPECT_EQ(parsed_string("\\ud800\\udc00"), "\xf0\x90\x80\x80");  // U+10000
  EXPECT_EQ(parsed_string("\\udbff\\udfff"), "\xf4\x8f\xbf\xbf");  // U+10FFFF
  // A lone surrogate elsewhere in the body does not disturb a pair.
  Json j = parse_request_json(R"(["\ud800", "\ud83d\ude00", "\udc00"])");
  EXPECT_EQ(j.at(0), kFffd);
  EXPECT_EQ(j.at(1), "\xf0\x9f\x98\x80");
  EXPECT_EQ(j.at(2), kFffd);
}

TEST(JsonGuard, EscapedBackslashBeforeULeavesTextAlone) {
  // "\\ud800" is a backslash followed by the text "ud800", not an escape.
  EXPECT_EQ(parsed_string("\\\\ud800"), "\\ud800");
  EXPECT_EQ(parsed_string("\\\\\\ud800"), "\\" + kFffd);        // \\ then a real lone escape
  EXPECT_EQ(parsed_string("\\\\\\\\ud800"), "\\\\ud800");       // two escaped backslashes
  EXPECT_EQ(parsed_string("\\\\ud83d\\ude00"), "\\ud83d" + kFffd);  // the low half is alone
}

TEST(JsonGuard, SyntaxErrorsAreInvalidJson) {
  for (const char* body : {"", " ", "\n", "{", "[", "[1,", "{\"a\":", "{\"a\"", "\"abc", "[\"abc]", "{\"a\":1",
                           "[1]]", "[1] x", "{} {}", "{}garbage", "nul", "tru", "[01]", "[1.]", "[.5]", "[+1]",
                           "{'a':1}", "{a:1}", "[1,]", "{\"a\":1,}", "[\"\\x41\"]", "[\"\\u12\"]", "[\"\\u12G4\"]",
                           "[\"a\tb\"]", "[\"a\nb\"]", "[NaN]", "[Infinity]", "/* c */ {}", "[1 2]", "\"\\",
                           "[\"\\ud800", "[\"\\ud800\\", "]", "}", ",", ":"}) {
    SCOPED_TRACE(body);
    EXPECT_EQ(error_of(body), ErrorCode::kInvalidJson);
  }
  // A NUL byte (valid UTF-8) inside the text.
  EXPECT_EQ(error_of(std::string("[1,\0 2]", 7)), ErrorCode::kInvalidJson);
  EXPECT_EQ(error_of(std::string("[\"a\0b\"]", 7)), ErrorCode::kInvalidJson);
  // Truncations of a real body are all refused (never a partial value, never another exception).
  const std::string body = R"({"model":"gpt-4o","messages":[{"role":"user","content":"hi \ud83d\ude00 \ud800"}]})";
  for (size_t n = 0; n < body.size(); ++n) {
    SCOPED_TRACE(n);
    EXPECT_EQ(error_of(body.substr(0, n)), ErrorCode::kInvalidJson);
  }
  EXPECT_NO_THROW(parse_request_json(body));
}

// nlohmann's lexer takes a NUL byte for the end of the input, so "[1]\0<anything>" used to parse as
// [1], with the rest ignored. A raw NUL is never valid JSON text (JSON.parse refuses it).
TEST(JsonGuard, NulByteDoesNotEndTheBody) {
  EXPECT_EQ(error_of(std::string("[1]\0", 4)), ErrorCode::kInvalidJson);
  EXPECT_EQ(error_of(std::string("[1]\0 x", 6)), ErrorCode::kInvalidJson);
  EXPECT_EQ(error_of(std::string("4\0", 2)), ErrorCode::kInvalidJson);
  EXPECT_EQ(error_of(std::string("{\"a\":1}\0{{{", 10)), ErrorCode::kInvalidJson);
  EXPECT_EQ(error_of(std::string("{\"model\":\"gpt-4o\",\"messages\":[]}\0garbage", 40)), ErrorCode::kInvalidJson);
  EXPECT_EQ(error_of(std::string("\0", 1)), ErrorCode::kInvalidJson);
  // Escaped, it is an ordinary character of a string.
  EXPECT_EQ(parsed_string("a\\u0000b"), std::string("a\0b", 3));
}

TEST(JsonGuard, ErrorMessagesSayWhatIsWrong) {
  try {
    parse_request_json("{\"a\":1");
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::kInvalidJson);
    EXPECT_NE(std::string(e.what()).find("not valid JSON"), std::string::npos) << e.what();
  }
}

// JSON.parse("[1e400]") is [Infinity] in JavaScript (and JSON.stringify writes it as null);
// json_guard.h promises that bodies JavaScript considers fine parse.
TEST(JsonGuard, NumbersBeyondDoubleRangeParseAsJavaScriptDoes) {
  Json j;
  ASSERT_NO_THROW(j = parse_request_json("[1e400, -1e400, 1e-400]"));
  EXPECT_TRUE(std::isinf(j.at(0).get<double>()));
  EXPECT_TRUE(std::isinf(j.at(1).get<double>()));
  EXPECT_EQ(j.at(2).get<double>(), 0.0);
}
