// compact_json: the JSON.stringify form that tool-call arguments and Anthropic tool schemas are
// counted in. Every expected string below was produced by Node.js 20 (`node -e
// 'console.log(JSON.stringify(...))'`) and pasted in; the tests do not need Node to run.
#include "chat/compact_json.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <string>

#include "chat/json_guard.h"

using tokenmeter::append_compact_json;
using tokenmeter::append_js_number;

namespace {

using Json = nlohmann::ordered_json;

std::string js_number(double value) {
  std::string out;
  append_js_number(value, out);
  return out;
}

std::string compact(const Json& value) {
  std::string out;
  append_compact_json(value, out);
  return out;
}

// The compact form of a JSON text, as JSON.stringify(JSON.parse(text)) gives it.
std::string restringify(const std::string& text) { return compact(tokenmeter::parse_request_json(text)); }

}  // namespace

TEST(CompactJson, NumbersLikeJavaScript) {
  struct Case {
    double value;
    const char* js;
  };
  // node -e 'for (const n of [...]) console.log(JSON.stringify(n))'
  const Case cases[] = {
      {1.0, "1"},
      {0.1, "0.1"},
      {1e21, "1e+21"},
      {1e-7, "1e-7"},
      {123456789012345680000.0, "123456789012345680000"},
      {-0.0, "0"},
      {5e-324, "5e-324"},
      {1.7976931348623157e308, "1.7976931348623157e+308"},
      {-1.7976931348623157e308, "-1.7976931348623157e+308"},
      {0.000001, "0.000001"},
      {1e20, "100000000000000000000"},
      {123.456, "123.456"},
      {-1.5, "-1.5"},
      {1.5e-7, "1.5e-7"},
      {9007199254740992.0, "9007199254740992"},
      {9007199254740994.0, "9007199254740994"},
      {0.1 + 0.2, "0.30000000000000004"},
      {100, "100"},
      {1e300, "1e+300"},
      {-1e-300, "-1e-300"},
      {4.35, "4.35"},
      {12345678901234567890.0, "12345678901234567000"},
      {1e22, "1e+22"},
      {999999999999999900000.0, "999999999999999900000"},
      {1.2e21, "1.2e+21"},
      {0.0000012345, "0.0000012345"},
      {1.0 / 3.0, "0.3333333333333333"},
      {-2.5e-8, "-2.5e-8"},
      {1.234e-7, "1.234e-7"},
      {1.5e21, "1.5e+21"},
      {123e-20, "1.23e-18"},
      {5e-7, "5e-7"},
      {0.00001, "0.00001"},
      {1.1e-6, "0.0000011"},
      {2e-308, "2e-308"},
      {1.5e300, "1.5e+300"},
  };
  for (const Case& c : cases) EXPECT_EQ(js_number(c.value), c.js) << "value " << c.value;
}

TEST(CompactJson, NonFiniteNumbersAreNull) {
  // JSON.stringify(NaN), JSON.stringify(Infinity), JSON.stringify(-Infinity) -> "null".
  EXPECT_EQ(js_number(std::numeric_limits<double>::quiet_NaN()), "null");
  EXPECT_EQ(js_number(std::numeric_limits<double>::infinity()), "null");
  EXPECT_EQ(js_number(-std::numeric_limits<double>::infinity()), "null");
  EXPECT_EQ(compact(Json::array({std::numeric_limits<double>::infinity(), 1})), "[null,1]");
}

TEST(CompactJson, NumbersParsedFromTextLikeJavaScript) {
  // node -e 'console.log(JSON.stringify(JSON.parse(t)))'
  EXPECT_EQ(restringify("[1.0,1E+2,0.10,-0.0,-0,1e-7,100e-2,1.5e300,2e-308,4.9e-324,100000000000000000000000,0.1e1,"
                        "123456789012345680000]"),
            "[1,100,0.1,0,0,1e-7,1,1.5e+300,2e-308,5e-324,1e+23,1,123456789012345680000]");
  EXPECT_EQ(restringify("[0, -1, 42, 9007199254740992, -9007199254740992]"),
            "[0,-1,42,9007199254740992,-9007199254740992]");
}

// JSON.parse reads every number as a double, so integers beyond 2^53 come back rounded:
// JSON.stringify(JSON.parse("[9007199254740993]")) is "[9007199254740992]". nlohmann keeps them
// as exact 64-bit integers, and compact_json prints them exactly.
TEST(CompactJson, LargeIntegersRoundLikeJavaScript) {
  EXPECT_EQ(restringify("[9007199254740993]"), "[9007199254740992]");
  EXPECT_EQ(restringify("[12345678901234567890]"), "[12345678901234567000]");
  EXPECT_EQ(restringify("[-9223372036854775808]"), "[-9223372036854776000]");
  EXPECT_EQ(restringify("[18446744073709551615]"), "[18446744073709552000]");
  EXPECT_EQ(restringify("[18446744073709551616]"), "[18446744073709552000]");
}

TEST(CompactJson, StringEscapesLikeJavaScript) {
  // JSON.stringify("a\"b\\c\n\r\t\b\f\u0000\u0001\u001f\u007f é 日本 😀 \u2028\u2029 /")
  const std::string in = std::string("a\"b\\c\n\r\t\b\f") + std::string("\0", 1) +
                         "\x01\x1f\x7f \xc3\xa9 \xe6\x97\xa5\xe6\x9c\xac \xf0\x9f\x98\x80 \xe2\x80\xa8\xe2\x80\xa9 /";
  const std::string js = "\"a\\\"b\\\\c\\n\\r\\t\\b\\f\\u0000\\u0001\\u001f\x7f \xc3\xa9 \xe6\x97\xa5\xe6\x9c\xac "
                         "\xf0\x9f\x98\x80 \xe2\x80\xa8\xe2\x80\xa9 /\"";
  EXPECT_EQ(compact(Json(in)), js);
  // Every other C0 control character is \u00XX, lower-case hex.
  EXPECT_EQ(compact(Json(std::string("\x0b\x0e\x1b"))), "\"\\u000b\\u000e\\u001b\"");
  // U+007F..U+00A0, U+FEFF and U+FFFD are written as they are.
  EXPECT_EQ(compact(Json(std::string("\x7f\xc2\x80\xc2\xa0\xef\xbb\xbf\xef\xbf\xbd"))),
            "\"\x7f\xc2\x80\xc2\xa0\xef\xbb\xbf\xef\xbf\xbd\"");
  EXPECT_EQ(compact(Json("")), "\"\"");
  // Keys are escaped the same way.
  EXPECT_EQ(restringify(R"({"a\"b\n":"\u0007"})"), R"({"a\"b\n":"\u0007"})");
}

TEST(CompactJson, EscapedInputRoundTrips) {
  // JSON.stringify(JSON.parse(String.raw`"\ud800x\udc00 \ud83d\ude00"`)) is "\ud800x\udc00 😀" in
  // Node; the request parser turns lone surrogates into U+FFFD (json_guard), so the compact form
  // here has U+FFFD where JavaScript would keep the lone surrogate escape.
  EXPECT_EQ(restringify(R"("\ud800x\udc00 \ud83d\ude00")"), "\"\xef\xbf\xbdx\xef\xbf\xbd \xf0\x9f\x98\x80\"");
  EXPECT_EQ(restringify(R"("\/\u0041\u00e9\u2028")"), "\"/A\xc3\xa9\xe2\x80\xa8\"");
}

TEST(CompactJson, NestedValuesKeepKeyOrder) {
  // JSON.stringify({b:1,a:[1,{z:null,y:true,x:false}],"é":"\u2028",c:{},d:[],e:""})
  const std::string text = "{ \"b\" : 1, \"a\" : [ 1 , { \"z\": null, \"y\": true, \"x\": false } ],\n"
                           "  \"\xc3\xa9\": \"\\u2028\", \"c\": {}, \"d\": [ ], \"e\": \"\" }";
  EXPECT_EQ(restringify(text), "{\"b\":1,\"a\":[1,{\"z\":null,\"y\":true,\"x\":false}],\"\xc3\xa9\":\"\xe2\x80\xa8\","
                               "\"c\":{},\"d\":[],\"e\":\"\"}");
  // Built in code (ordered_json keeps insertion order too).
  Json built = Json::object();
  built["zeta"] = Json::array({1.5, "x", nullptr, Json::object()});
  built["alpha"] = Json::object({{"k", false}});
  EXPECT_EQ(compact(built), R"({"zeta":[1.5,"x",null,{}],"alpha":{"k":false}})");
  EXPECT_EQ(compact(Json()), "null");
  EXPECT_EQ(compact(Json(true)), "true");
  EXPECT_EQ(compact(Json(-7)), "-7");
  EXPECT_EQ(compact(Json(7u)), "7");
}

TEST(CompactJson, DuplicateKeysKeepTheFirstPositionAndTheLastValue) {
  // JSON.stringify(JSON.parse('{"a":1,"b":2,"a":3}')) is {"a":3,"b":2}.
  EXPECT_EQ(restringify(R"({"a":1,"b":2,"a":3})"), R"({"a":3,"b":2})");
}

TEST(CompactJson, DeepButAllowedNestingSerializes) {
  std::string text;
  for (size_t i = 0; i < tokenmeter::kMaxJsonDepth; ++i) text += "[";
  text += "0";
  for (size_t i = 0; i < tokenmeter::kMaxJsonDepth; ++i) text += "]";
  EXPECT_EQ(restringify(text), text);
}
