// SHA-256 (FIPS 180-4), used once per rank file to prove it is the published file.
#pragma once

#include <string>
#include <string_view>

namespace tokenmeter {

// Lower-case hex digest of `data`.
std::string sha256_hex(std::string_view data);

}  // namespace tokenmeter
