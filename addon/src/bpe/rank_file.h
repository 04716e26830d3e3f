// Reading tiktoken rank files ("<base64 token bytes> <rank>\n" per line) from disk, after proving
// with SHA-256 that the file is the published one.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "bpe/rank_table.h"

namespace tokenmeter {

// Parses rank-file text into every rank's bytes, in the form the rank table keeps (one arena).
// Throws Error(kVocabCorrupt) naming the line on any malformed line, duplicate rank or absurd rank.
TokenBytes parse_rank_bytes(std::string_view text);
// The same as one string per rank (gaps are empty strings); for tests and tools.
std::vector<std::string> parse_rank_file(std::string_view text);

// Reads `path`, checks its SHA-256 against `expected_sha256` (lower-case hex) and parses it.
// Throws Error(kVocabNotFound) when unreadable, Error(kVocabHashMismatch) on a different digest.
TokenBytes load_rank_bytes(const std::string& path, std::string_view expected_sha256);
std::vector<std::string> load_rank_file(const std::string& path, std::string_view expected_sha256);

}  // namespace tokenmeter
