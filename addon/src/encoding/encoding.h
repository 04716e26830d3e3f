// One encoding: rank table + pre-tokenizer + special tokens. Immutable once built, so a single
// instance serves every thread; per-call working memory lives on the caller's stack.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "bpe/byte_pair_merge.h"
#include "bpe/rank_table.h"
#include "encoding/special_tokens.h"
#include "pretokenize/pretokenizer.h"
#include "util/cancel_flag.h"

namespace tokenmeter {

class Encoding {
 public:
  Encoding(std::string name, std::shared_ptr<const Vocabulary> vocab, PatternFamily family,
           std::vector<SpecialToken> special_tokens);

  // A copy of this encoding with more special tokens (js-tiktoken's extendSpecialTokens); the
  // vocabulary is shared, not copied. Throws kInvalidArgument for an empty token text.
  std::shared_ptr<const Encoding> with_extra_special_tokens(const std::vector<SpecialToken>& extra) const;

  const std::string& name() const { return name_; }
  PatternFamily family() const { return family_; }
  uint32_t n_vocab() const { return n_vocab_; }
  const RankTable& ranks() const { return vocab_->ranks; }
  const Vocabulary& vocabulary() const { return *vocab_; }
  const SpecialTokenSet& specials() const { return specials_; }

  // tiktoken's encode(): throws Error(kDisallowedSpecialToken) naming the first disallowed special
  // token found in `text`. Appends to `out`.
  void encode(std::string_view text, const SpecialPolicy& policy, std::vector<uint32_t>& out) const;
  size_t count(std::string_view text, const SpecialPolicy& policy) const;
  void encode_ordinary(std::string_view text, std::vector<uint32_t>& out) const;
  size_t count_ordinary(std::string_view text) const;

  // Same results, with the text split at pre-token boundaries across `threads` threads
  // (the calling thread included). Small inputs run on the calling thread alone. A non-null
  // `cancel` is polled between pieces; once set, the call throws Error(kAborted).
  void encode_parallel(std::string_view text, const SpecialPolicy& policy, unsigned threads,
                       std::vector<uint32_t>& out, const CancelFlag* cancel = nullptr) const;
  size_t count_parallel(std::string_view text, const SpecialPolicy& policy, unsigned threads,
                        const CancelFlag* cancel = nullptr) const;

  // Many texts, each encoded whole (results equal encode()/count() of each text), with a large
  // batch spread over `threads` threads (the calling thread included). count_many appends one
  // count per text to `counts`; encode_many appends every text's ids to `ids` and, per text, the
  // end offset of its ids in `ids` to `ends`. A disallowed special token is reported for the first
  // text, in order, that has one, as a loop of encode() would.
  void count_many(const std::vector<std::string_view>& texts, const SpecialPolicy& policy, unsigned threads,
                  std::vector<uint32_t>& counts, const CancelFlag* cancel = nullptr) const;
  void encode_many(const std::vector<std::string_view>& texts, const SpecialPolicy& policy, unsigned threads,
                   std::vector<uint32_t>& ids, std::vector<uint32_t>& ends, const CancelFlag* cancel = nullptr) const;

  // Appends the bytes of `ids` to `out`. Throws Error(kInvalidTokenId) naming the first id that is
  // neither a rank nor a special token.
  void decode_bytes(const uint32_t* ids, size_t count, std::string& out) const;

  // Pre-token pieces of a special-free segment and their tokens, for the parallel splitter.
  template <class Sink>
  void encode_segment(std::string_view segment, Sink& sink, MergeScratch& scratch,
                      const CancelFlag* cancel = nullptr) const;

 private:
  // How a batch is split (encoding_parallel.cc): the thread count, runs of texts (ranges[r] to
  // ranges[r + 1]) and the policy to encode them under once disallowed specials are checked.
  struct BatchPlan {
    unsigned threads = 1;
    std::vector<size_t> ranges;
    SpecialPolicy policy;
  };
  BatchPlan plan_batch(const std::vector<std::string_view>& texts, const SpecialPolicy& policy, unsigned threads) const;

  template <class Sink>
  void encode_with_policy(std::string_view text, const SpecialPolicy& policy, Sink& sink,
                          const CancelFlag* cancel = nullptr) const;
  void check_disallowed(std::string_view text, const SpecialPolicy& policy) const;

  std::string name_;
  std::shared_ptr<const Vocabulary> vocab_;
  PatternFamily family_;
  PieceEndFn piece_end_;
  SpecialTokenSet specials_;
  std::unordered_map<uint32_t, std::string> special_bytes_by_id_;
  uint32_t n_vocab_ = 0;
};

}  // namespace tokenmeter
