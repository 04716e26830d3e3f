// Checks a request body before nlohmann/json sees it, so that no input can make the parse (or the
// recursive walks after it) run out of stack, and so that bodies JavaScript considers fine parse.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace tokenmeter {

// Deeper nesting than this is refused. Real requests nest well under 64 (OpenAI caps tool schemas
// at 5 levels of nesting); the bound keeps every recursive walk of the tree shallow.
constexpr size_t kMaxJsonDepth = 256;

// Parses a request body:
//  - bytes that are not UTF-8 throw Error(kInvalidUtf8) naming the offset (as count() does);
//  - nesting deeper than kMaxJsonDepth throws Error(kInvalidJson);
//  - a \uD800-\uDFFF escape that is not half of a surrogate pair becomes \uFFFD (JSON.stringify
//    writes lone surrogates that way, and count() of such a string counts U+FFFD);
//  - any other syntax error throws Error(kInvalidJson) with the byte offset.
// Object key order is kept (ordered_json): tool schemas are rendered in the order sent.
nlohmann::ordered_json parse_request_json(std::string_view body);

}  // namespace tokenmeter
