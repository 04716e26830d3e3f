#include "encoding/encoding.h"

#include <algorithm>

#include "encoding/encoding_sinks.h"
#include "encoding/piece_cache.h"
#include "util/error.h"

namespace tokenmeter {

Encoding::Encoding(std::string name, std::shared_ptr<const Vocabulary> vocab, PatternFamily family,
                   std::vector<SpecialToken> special_tokens)
    : name_(std::move(name)),
      vocab_(std::move(vocab)),
      family_(family),
      piece_end_(piece_end_function(family)),
      specials_(std::move(special_tokens)) {
  n_vocab_ = vocab_->ranks.rank_limit();
  for (const auto& special : specials_.tokens()) {
    // The first name listed for an id is the one decode produces (see encoding_specs.cc).
    special_bytes_by_id_.emplace(special.id, special.text);
    n_vocab_ = std::max(n_vocab_, special.id + 1);
  }
}

std::shared_ptr<const Encoding> Encoding::with_extra_special_tokens(const std::vector<SpecialToken>& extra) const {
  std::vector<SpecialToken> merged = specials_.tokens();
  for (const auto& token : extra) {
    if (token.text.empty()) throw Error(ErrorCode::kInvalidArgument, "a special token's text must not be empty");
    auto same_text = std::find_if(merged.begin(), merged.end(),
                                  [&](const SpecialToken& t) { return t.text == token.text; });
    if (same_text != merged.end()) {
      same_text->id = token.id;  // js-tiktoken: the extension overrides
    } else {
      merged.push_back(token);
    }
  }
  return std::make_shared<Encoding>(name_, vocab_, family_, std::move(merged));
}

// How often (in bytes of text) a cancellable call looks at its flag: rare enough to cost nothing,
// often enough that an abort stops a multi-megabyte call within a millisecond or so.
constexpr size_t kCancelCheckBytes = 64 * 1024;

template <class Sink>
void Encoding::encode_segment(std::string_view segment, Sink& sink, MergeScratch& scratch,
                              const CancelFlag* cancel) const {
  const Vocabulary& vocab = *vocab_;
  const RankTable& ranks = vocab.ranks;
  size_t pos = 0;
  size_t next_check = cancel != nullptr ? kCancelCheckBytes : SIZE_MAX;
  PieceCache* cache = nullptr;  // fetched on the first piece that needs merging
  // Pieces the piece cache does not take (over kMaxPieceBytes) are merged every time.
  auto merge_uncached = [&](std::string_view bytes) {
    byte_pair_encode(vocab, bytes, sink.merge_buffer(), scratch);
    sink.merged();
  };
  while (pos < segment.size()) {
    if (pos >= next_check) {
      cancel->throw_if_cancelled();
      next_check = pos + kCancelCheckBytes;
    }
    size_t end = piece_end_(segment, pos);
    const char* piece = segment.data() + pos;
    size_t len = end - pos;
    pos = end;
    if (len > PieceCache::kMaxPieceBytes && len > ranks.max_token_length()) {
      // Too long to be a token or to be cached: straight to the merge, without hashing its bytes.
      merge_uncached(std::string_view(piece, len));
      continue;
    }
    // Through the filter: a piece that is no token (most of them outside English prose) is then
    // answered without a miss into the table; a token costs one extra cached word read. The key's
    // hash also keys the piece cache below.
    const RankTable::Key key = RankTable::key_of(piece, len);
    uint32_t rank = ranks.find_rare(piece, len, key);
    if (rank != kNoRank) {
      sink.token(rank);
      continue;
    }
    std::string_view bytes(piece, len);
    if (len > PieceCache::kMaxPieceBytes) {
      // Longer than the cache takes, yet it could be a token (a vocabulary with tokens over 4 KiB).
      merge_uncached(bytes);
      continue;
    }
    if (cache == nullptr) cache = &PieceCache::for_this_thread();
    const PieceCache::Tokens cached = cache->find(vocab.id, bytes, key.hash);
    if (cached.data != nullptr) {
      sink.tokens(cached.data, cached.size);
      continue;
    }
    std::vector<uint32_t>& out = sink.merge_buffer();
    const size_t before = out.size();
    byte_pair_encode(vocab, bytes, out, scratch);
    cache->store(vocab.id, bytes, key.hash, out.data() + before, out.size() - before);
    sink.merged();
  }
}

void Encoding::check_disallowed(std::string_view text, const SpecialPolicy& policy) const {
  if (!policy.any_disallowed) return;
  auto found = specials_.find(text, 0, policy.disallowed);
  std::string token = found.second >= 0 ? specials_.tokens()[static_cast<size_t>(found.second)].text : "";
  // Disallowed strings that are not special tokens: the leftmost occurrence of any of them wins.
  for (const std::string& other : policy.disallowed_other) {
    size_t at = text.find(other);
    if (at != std::string_view::npos && (token.empty() || at < found.first)) {
      found.first = at;
      token = other;
    }
  }
  if (token.empty()) return;
  throw Error(ErrorCode::kDisallowedSpecialToken,
              "Encountered text corresponding to disallowed special token '" + token + "' at byte " +
                  std::to_string(found.first) +
                  ". To encode it as a special token, pass it (or 'all') in allowedSpecial; to encode it as "
                  "ordinary text, pass disallowedSpecial = [] or use encodeOrdinary.");
}

template <class Sink>
void Encoding::encode_with_policy(std::string_view text, const SpecialPolicy& policy, Sink& sink,
                                  const CancelFlag* cancel) const {
  check_disallowed(text, policy);
  MergeScratch scratch;
  size_t start = 0;
  while (true) {
    size_t segment_end = text.size();
    int special = -1;
    if (policy.any_allowed) {
      auto found = specials_.find(text, start, policy.allowed);
      if (found.second >= 0) {
        segment_end = found.first;
        special = found.second;
      }
    }
    encode_segment(text.substr(start, segment_end - start), sink, scratch, cancel);
    if (special < 0) break;
    const SpecialToken& token = specials_.tokens()[static_cast<size_t>(special)];
    sink.token(token.id);
    start = segment_end + token.text.size();
  }
}

void Encoding::encode(std::string_view text, const SpecialPolicy& policy, std::vector<uint32_t>& out) const {
  VectorSink sink{out};
  encode_with_policy(text, policy, sink);
}

size_t Encoding::count(std::string_view text, const SpecialPolicy& policy) const {
  CountSink sink;
  encode_with_policy(text, policy, sink);
  return sink.count;
}

void Encoding::encode_ordinary(std::string_view text, std::vector<uint32_t>& out) const {
  VectorSink sink{out};
  MergeScratch scratch;
  encode_segment(text, sink, scratch);
}

size_t Encoding::count_ordinary(std::string_view text) const {
  CountSink sink;
  MergeScratch scratch;
  encode_segment(text, sink, scratch);
  return sink.count;
}

void Encoding::decode_bytes(const uint32_t* ids, size_t count, std::string& out) const {
  const RankTable& ranks = vocab_->ranks;
  for (size_t i = 0; i < count; ++i) {
    uint32_t id = ids[i];
    if (ranks.has_rank(id)) {
      out.append(ranks.bytes_of(id));
      continue;
    }
    auto special = special_bytes_by_id_.find(id);
    if (special == special_bytes_by_id_.end()) {
      throw Error(ErrorCode::kInvalidTokenId, "token id " + std::to_string(id) + " at index " + std::to_string(i) +
                                                  " is not in the " + name_ + " vocabulary");
    }
    out.append(special->second);
  }
}

template void Encoding::encode_segment<VectorSink>(std::string_view, VectorSink&, MergeScratch&,
                                                   const CancelFlag*) const;
template void Encoding::encode_segment<CountSink>(std::string_view, CountSink&, MergeScratch&,
                                                  const CancelFlag*) const;
template void Encoding::encode_with_policy<VectorSink>(std::string_view, const SpecialPolicy&, VectorSink&,
                                                       const CancelFlag*) const;
template void Encoding::encode_with_policy<CountSink>(std::string_view, const SpecialPolicy&, CountSink&,
                                                      const CancelFlag*) const;

}  // namespace tokenmeter
