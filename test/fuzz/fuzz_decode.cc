// Fuzz target: decoding arbitrary token ids with every shipped encoding.
//
// Input: byte 0 picks the encoding (mod 6); every following 4 bytes (little-endian) make one id.
// Raw 32-bit values would almost never be valid ids, so a value with its top bit clear is first
// reduced modulo n_vocab + 8 (mostly valid ids, gaps, specials and a few just past the end);
// values with the top bit set are used as they are (huge ids up to 2^32 - 1).
//
// Property: decode_bytes either
//   - succeeds, and then every id is a rank or a special token (checked here independently) and
//     the output is exactly the concatenation of ranks().bytes_of(id) / the special token's text,
//     and each rank's bytes look back up to that rank (the table is a bijection); or
//   - throws Error(kInvalidTokenId), and then some id really is invalid.
// Nothing else: no other exception, no crash, no out-of-bounds read.
#include <cstdint>
#include <cstring>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "encoding/encoding.h"
#include "encoding/registry.h"
#include "fuzz_common.h"
#include "util/error.h"

using namespace tokenmeter;
using tokenmeter_fuzz::fail;
using tokenmeter_fuzz::preview_ids;

namespace {

const char* const kEncodingNames[] = {"r50k_base",   "p50k_base",  "p50k_edit",
                                      "cl100k_base", "o200k_base", "o200k_harmony"};
constexpr size_t kEncodingCount = sizeof(kEncodingNames) / sizeof(kEncodingNames[0]);

struct Loaded {
  std::shared_ptr<const Encoding> encoding;
  std::unordered_map<uint32_t, std::string> special_text;  // id -> text decode must produce
};

std::vector<Loaded>& encodings() {
  static std::vector<Loaded>* loaded = [] {
    auto* all = new std::vector<Loaded>();
    for (const char* name : kEncodingNames) {
      Loaded l;
      l.encoding = get_encoding(name, tokenmeter_fuzz::vocab_dir());
      // First listed name wins where an id has two (o200k_harmony's 200018), like tiktoken.
      for (const auto& token : l.encoding->specials().tokens()) l.special_text.emplace(token.id, token.text);
      all->push_back(std::move(l));
    }
    return all;
  }();
  return *loaded;
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  encodings();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 1) return 0;
  const Loaded& loaded = encodings()[data[0] % kEncodingCount];
  const Encoding& enc = *loaded.encoding;
  const RankTable& ranks = enc.ranks();

  // A heap array of exactly the right size, so ASan catches any read past the last id.
  const size_t count = (size - 1) / 4;
  std::unique_ptr<uint32_t[]> ids(new uint32_t[count == 0 ? 1 : count]);
  for (size_t i = 0; i < count; ++i) {
    uint32_t raw;
    std::memcpy(&raw, data + 1 + 4 * i, 4);
    ids[i] = (raw >> 31) ? raw : raw % (enc.n_vocab() + 8);
  }

  // What decoding must give, worked out without decode_bytes.
  std::string expected;
  bool all_valid = true;
  for (size_t i = 0; i < count; ++i) {
    const uint32_t id = ids[i];
    if (id < ranks.rank_limit() && ranks.has_rank(id)) {
      const std::string_view bytes = ranks.bytes_of(id);
      FUZZ_CHECK(!bytes.empty(), "rank " + std::to_string(id) + " has no bytes");
      FUZZ_CHECK(ranks.find(bytes) == id, enc.name() + ": bytes of rank " + std::to_string(id) +
                                              " look up to rank " + std::to_string(ranks.find(bytes)));
      expected.append(bytes);
      continue;
    }
    auto special = loaded.special_text.find(id);
    if (special != loaded.special_text.end()) {
      expected.append(special->second);
      continue;
    }
    FUZZ_CHECK(id >= ranks.rank_limit() || !ranks.has_rank(id), "has_rank inconsistent");
    all_valid = false;
  }

  std::string out;
  try {
    enc.decode_bytes(ids.get(), count, out);
  } catch (const Error& e) {
    if (e.code() != ErrorCode::kInvalidTokenId) {
      fail(enc.name() + ": decode_bytes threw a tokenmeter::Error other than kInvalidTokenId: " + e.what());
    }
    FUZZ_CHECK(!all_valid, enc.name() + ": decode_bytes rejected valid ids " +
                               preview_ids(std::vector<uint32_t>(ids.get(), ids.get() + count)) + ": " + e.what());
    return 0;
  }
  FUZZ_CHECK(all_valid, enc.name() + ": decode_bytes accepted invalid ids " +
                            preview_ids(std::vector<uint32_t>(ids.get(), ids.get() + count)));
  FUZZ_CHECK(out == expected, enc.name() + ": decode_bytes output differs from the concatenated token bytes");
  return 0;
}
