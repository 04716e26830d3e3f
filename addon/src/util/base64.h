// Standard base64 (RFC 4648, with '=' padding), the encoding of token bytes in rank files.
#pragma once

#include <string>
#include <string_view>

namespace tokenmeter {

// Decodes `text` into `out` (replacing its contents). Returns false on any character outside the
// alphabet, a bad length, or misplaced padding.
bool base64_decode(std::string_view text, std::string& out);

// The tolerant form for base64 that arrives in API requests (inline images, PDFs): standard or
// URL-safe alphabet, padding optional, ASCII whitespace (line breaks) ignored. Returns "" on
// success, else why not (a stray character and its offset, data after '=', wrong padding, or a
// length that cannot be base64).
std::string base64_decode_lenient(std::string_view text, std::string& out);

}  // namespace tokenmeter
