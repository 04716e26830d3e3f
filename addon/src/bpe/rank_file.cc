#include "bpe/rank_file.h"

#include <algorithm>
#include <cstring>
#include <fstream>

#include "util/base64.h"
#include "util/error.h"
#include "util/sha256.h"

namespace tokenmeter {
namespace {

// Larger than any real vocabulary (o200k has ~200k ranks); guards against a corrupt file asking
// for a multi-gigabyte rank vector.
constexpr uint64_t kMaxRank = 1u << 24;

[[noreturn]] void corrupt(size_t line_number, const std::string& why) {
  throw Error(ErrorCode::kVocabCorrupt, "rank file line " + std::to_string(line_number) + ": " + why);
}

// The string-per-rank form the tests and tools use (gaps are empty strings).
std::vector<std::string> one_string_per_rank(const TokenBytes& tokens) {
  std::vector<std::string> by_rank(tokens.spans.size());
  for (size_t rank = 0; rank < by_rank.size(); ++rank) {
    by_rank[rank].assign(tokens.arena.data() + tokens.spans[rank].offset, tokens.spans[rank].len);
  }
  return by_rank;
}

}  // namespace

TokenBytes parse_rank_bytes(std::string_view text) {
  TokenBytes tokens;
  // Decoded bytes are at most 3/4 of the base64 text, so the text's size bounds the arena: one
  // allocation, and the rank table then keeps this arena as its own.
  tokens.arena = LargeArray<char>(text.size());
  // Ranks are dense and in order in real files: size the spans once instead of growing them.
  tokens.spans.reserve(static_cast<size_t>(std::count(text.begin(), text.end(), '\n')) + 1);
  std::string bytes;
  size_t line_number = 0;
  size_t pos = 0;
  while (pos < text.size()) {
    ++line_number;
    size_t eol = text.find('\n', pos);
    if (eol == std::string_view::npos) eol = text.size();
    std::string_view line = text.substr(pos, eol - pos);
    pos = eol + 1;
    if (line.empty()) continue;
    size_t space = line.find(' ');
    if (space == std::string_view::npos) corrupt(line_number, "expected '<base64> <rank>'");
    if (!base64_decode(line.substr(0, space), bytes) || bytes.empty()) corrupt(line_number, "bad base64");
    std::string_view rank_text = line.substr(space + 1);
    if (rank_text.empty() || rank_text.size() > 9) corrupt(line_number, "bad rank");
    uint64_t rank = 0;
    for (char c : rank_text) {
      if (c < '0' || c > '9') corrupt(line_number, "bad rank");
      rank = rank * 10 + uint64_t(c - '0');
    }
    // Real rank files are dense (every line is at least 7 bytes), so a rank beyond the file's size
    // means a corrupt or hostile file; refusing it keeps memory proportional to the input (a
    // 14-byte file naming rank 16777215 would otherwise allocate hundreds of megabytes).
    if (rank >= kMaxRank || rank > text.size()) corrupt(line_number, "rank too large");
    if (rank >= tokens.spans.size()) tokens.spans.resize(rank + 1);
    if (tokens.spans[rank].len != 0) corrupt(line_number, "duplicate rank " + std::to_string(rank));
    std::memcpy(tokens.arena.data() + tokens.arena_size, bytes.data(), bytes.size());
    tokens.spans[rank] = {static_cast<uint32_t>(tokens.arena_size), static_cast<uint32_t>(bytes.size())};
    tokens.arena_size += bytes.size();
  }
  if (tokens.spans.empty()) throw Error(ErrorCode::kVocabCorrupt, "rank file is empty");
  return tokens;
}

std::vector<std::string> parse_rank_file(std::string_view text) { return one_string_per_rank(parse_rank_bytes(text)); }

TokenBytes load_rank_bytes(const std::string& path, std::string_view expected_sha256) {
  // One read into a buffer of the file's size (a stringstream would copy the text twice); a large
  // buffer, as the file is megabytes and its pages would otherwise fault in one by one.
  std::ifstream in(path, std::ios::binary | std::ios::ate);
  if (!in) throw Error(ErrorCode::kVocabNotFound, "cannot read rank file " + path);
  std::streamoff size = in.tellg();
  if (size < 0 || size > (std::streamoff(1) << 30)) {
    throw Error(ErrorCode::kVocabCorrupt, "rank file " + path + " has an implausible size");
  }
  LargeArray<char> buffer(static_cast<size_t>(size));
  in.seekg(0);
  if (!in.read(buffer.data(), size)) throw Error(ErrorCode::kVocabNotFound, "cannot read rank file " + path);
  const std::string_view text(buffer.data(), static_cast<size_t>(size));
  std::string digest = sha256_hex(text);
  if (digest != expected_sha256) {
    throw Error(ErrorCode::kVocabHashMismatch, "rank file " + path + " has SHA-256 " + digest +
                                                   ", not the published " + std::string(expected_sha256) +
                                                   "; refusing to load it");
  }
  return parse_rank_bytes(text);
}

std::vector<std::string> load_rank_file(const std::string& path, std::string_view expected_sha256) {
  return one_string_per_rank(load_rank_bytes(path, expected_sha256));
}

}  // namespace tokenmeter
