// Standard base64 (RFC 4648, with '=' padding), the encoding of token bytes in rank files.
#pragma once

#include <string>
#include <string_view>

namespace tokenmeter {

// Decodes `text` into `out` (replacing its contents). Returns false on any character outside the
// alphabet, a bad length, or misplaced padding.
bool base64_decode(std::string_view text, std::string& out);

}  // namespace tokenmeter
