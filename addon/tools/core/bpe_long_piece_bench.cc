// Developer timing tool: the three merge algorithms on long single pieces, and on pieces around
// the length where the bucket merge starts to pay off (to choose kBucketMergeThreshold).
//
// Usage: bpe_long_piece_bench [vocab_dir] [--long-only] [encoding ...]
//   vocab_dir defaults to ./vocab; encodings default to cl100k_base; --long-only skips the sweep
//   over piece lengths.
// Times are the calling thread's CPU time (so a busy shared machine inflates them less than wall
// time would); each case is run several times and the fastest run is reported.
// Scan is quadratic, so on the long pieces it is timed on a 64 KB prefix only.
#include <algorithm>
#include <cstdio>
#include <ctime>
#include <random>
#include <string>
#include <vector>

#include "bpe/bucket_merge.h"
#include "bpe/byte_pair_merge.h"
#include "encoding/registry.h"

namespace {

// Thread CPU time in nanoseconds.
double cpu_ns() {
  timespec t;
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
  return static_cast<double>(t.tv_sec) * 1e9 + static_cast<double>(t.tv_nsec);
}
using tokenmeter::Vocabulary;

struct Algorithms {
  const Vocabulary& vocab;
  tokenmeter::MergeScratch merge_scratch;
  tokenmeter::BucketMergeScratch bucket_scratch;
  std::vector<uint32_t> out;

  void scan(std::string_view piece) { tokenmeter::byte_pair_encode_scan(vocab, piece, out, merge_scratch); }
  void heap(std::string_view piece) { tokenmeter::byte_pair_encode_heap(vocab, piece, out, merge_scratch); }
  void bucket(std::string_view piece) { tokenmeter::byte_pair_encode_bucket(vocab, piece, out, bucket_scratch); }
};

// Fastest of `runs` runs of fn over all pieces, in nanoseconds per byte.
template <class Fn>
double ns_per_byte(const std::vector<std::string>& pieces, int runs, Fn fn) {
  size_t bytes = 0;
  for (const auto& p : pieces) bytes += p.size();
  double best = 1e300;
  for (int run = 0; run < runs; ++run) {
    const double start = cpu_ns();
    for (const auto& p : pieces) fn(p);
    const double ns = cpu_ns() - start;
    best = std::min(best, ns);
  }
  return best / static_cast<double>(bytes);
}

std::string repeat(const std::string& unit, size_t bytes) {
  std::string s;
  while (s.size() + unit.size() <= bytes) s += unit;
  return s;
}

std::string random_from(std::mt19937& rng, const std::string& alphabet, size_t bytes) {
  std::string s(bytes, ' ');
  for (auto& c : s) c = alphabet[rng() % alphabet.size()];
  return s;
}

std::string cjk(std::mt19937& rng, size_t bytes) {
  std::string s;
  while (s.size() + 3 <= bytes) {
    uint32_t cp = 0x4e00 + rng() % 0x600;
    s += static_cast<char>(0xe0 | (cp >> 12));
    s += static_cast<char>(0x80 | ((cp >> 6) & 0x3f));
    s += static_cast<char>(0x80 | (cp & 0x3f));
  }
  return s;
}

std::string spaceless_code(std::mt19937& rng, size_t bytes) {
  static const char* words[] = {"function", "return", "var", "const", "this", "window", "document",
                                "getElementById", "length", "value", "=", "(", ")", "{", "}", ";",
                                ".", "0", "1", "a", "b", "e", "t", "n", "null", "true", "if", "else"};
  std::string s;
  while (s.size() < bytes) s += words[rng() % (sizeof(words) / sizeof(words[0]))];
  s.resize(bytes);
  return s;
}

const char* kLowercase = "abcdefghijklmnopqrstuvwxyz";
const char* kLetters = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";

void print_row(const char* name, double scan, double heap, double bucket, size_t piece_bytes) {
  char scan_text[32];
  if (scan < 0) {
    std::snprintf(scan_text, sizeof scan_text, "%10s", "-");
  } else {
    std::snprintf(scan_text, sizeof scan_text, "%10.2f", scan);
  }
  std::printf("  %-34s %s %10.2f %10.2f   (bucket: %.2f ms per piece)\n", name, scan_text, heap, bucket,
              bucket * static_cast<double>(piece_bytes) / 1e6);
}

void long_pieces(Algorithms& a) {
  std::mt19937 rng(42);
  struct Case {
    const char* name;
    std::string piece;
    int runs;
  };
  const size_t mb = size_t(1) << 20;
  std::vector<Case> cases;
  cases.push_back({"1 MB 'a'", std::string(mb, 'a'), 5});
  cases.push_back({"1 MB ' '", std::string(mb, ' '), 5});
  cases.push_back({"1 MB '日'", repeat("日", mb), 5});
  cases.push_back({"1 MB random lowercase", random_from(rng, kLowercase, mb), 5});
  cases.push_back({"1 MB CJK (common ideographs)", cjk(rng, mb), 5});
  cases.push_back({"1 MB base64 alphabet", random_from(rng, std::string(kLetters) + "0123456789+/", mb), 5});
  cases.push_back({"1 MB minified-code-like", spaceless_code(rng, mb), 5});
  cases.push_back({"10 MB random letters", random_from(rng, kLetters, 10 * mb), 2});
  cases.push_back({"10 MB 'a'", std::string(10 * mb, 'a'), 2});
  std::printf("long pieces, ns/byte (scan on the first 64 KB only):\n  %-34s %10s %10s %10s\n", "", "scan",
              "heap", "bucket");
  for (const Case& c : cases) {
    std::vector<std::string> pieces = {c.piece};
    double heap = ns_per_byte(pieces, c.runs, [&](const std::string& p) { a.out.clear(); a.heap(p); });
    double bucket = ns_per_byte(pieces, c.runs, [&](const std::string& p) { a.out.clear(); a.bucket(p); });
    // Scan is quadratic: timed on a 64 KB prefix only, already far slower per byte than the others.
    std::vector<std::string> prefix = {c.piece.substr(0, 64 * 1024)};
    double scan = ns_per_byte(prefix, 1, [&](const std::string& p) { a.out.clear(); a.scan(p); });
    print_row(c.name, scan, heap, bucket, c.piece.size());
    std::fflush(stdout);
  }
}

// Many pieces of one length, so per-call costs show.
void threshold_sweep(Algorithms& a) {
  std::mt19937 rng(7);
  std::printf("pieces of a given length, ns/byte (scan | heap | bucket):\n");
  const size_t lengths[] = {32, 64, 96, 128, 192, 256, 384, 512, 768, 1024, 1536, 2048, 3072, 4096, 8192, 16384, 65536};
  struct Kind {
    const char* name;
    std::string (*make)(std::mt19937&, size_t);
  };
  const Kind kinds[] = {
      {"spaces", [](std::mt19937&, size_t n) { return std::string(n, ' '); }},
      {"newlines+spaces", [](std::mt19937&, size_t n) { return repeat("\n    ", n); }},
      {"'a'", [](std::mt19937&, size_t n) { return std::string(n, 'a'); }},
      {"CJK", [](std::mt19937& r, size_t n) { return cjk(r, n); }},
      {"random lowercase", [](std::mt19937& r, size_t n) { return random_from(r, kLowercase, n); }},
      {"code-like", [](std::mt19937& r, size_t n) { return spaceless_code(r, n); }},
  };
  for (const Kind& kind : kinds) {
    std::printf("  %s\n", kind.name);
    for (size_t len : lengths) {
      const size_t count = std::max<size_t>(1, (size_t(1) << 20) / len);  // about 1 MB in total
      std::vector<std::string> pieces;
      for (size_t i = 0; i < count; ++i) pieces.push_back(kind.make(rng, len));
      double scan = -1;
      if (len <= 16384) scan = ns_per_byte(pieces, 3, [&](const std::string& p) { a.out.clear(); a.scan(p); });
      double heap = ns_per_byte(pieces, 3, [&](const std::string& p) { a.out.clear(); a.heap(p); });
      double bucket = ns_per_byte(pieces, 3, [&](const std::string& p) { a.out.clear(); a.bucket(p); });
      char scan_text[32];
      if (scan < 0) {
        std::snprintf(scan_text, sizeof scan_text, "%8s", "-");
      } else {
        std::snprintf(scan_text, sizeof scan_text, "%8.2f", scan);
      }
      std::printf("    len %6zu: %s %8.2f %8.2f\n", len, scan_text, heap, bucket);
      std::fflush(stdout);
    }
  }
}

// Whole-text encode of ordinary prose, the yardstick the long-piece target is stated against.
void prose_reference(const tokenmeter::Encoding& encoding) {
  std::mt19937 rng(1);
  static const char* words[] = {"the", "of", "and", "to", "in", "is", "that", "for", "it", "was", "on", "with",
                                "as", "be", "at", "by", "this", "from", "or", "have", "an", "which", "their",
                                "tokenizer", "performance", "measured", "encoding", "language", "model"};
  std::string text;
  while (text.size() < (size_t(1) << 20)) {
    text += words[rng() % (sizeof(words) / sizeof(words[0]))];
    text += rng() % 12 == 0 ? ".\n" : rng() % 8 == 0 ? ", " : " ";
  }
  std::vector<uint32_t> out;
  double best = 1e300;
  for (int run = 0; run < 5; ++run) {
    out.clear();
    const double start = cpu_ns();
    encoding.encode_ordinary(text, out);
    best = std::min(best, (cpu_ns() - start) / 1e6);
  }
  std::printf("reference: encode_ordinary of %zu bytes of prose: %.2f ms (%.2f ns/byte)\n", text.size(), best,
              best * 1e6 / static_cast<double>(text.size()));
}

}  // namespace

int main(int argc, char** argv) {
  std::string vocab_dir = argc > 1 ? argv[1] : "vocab";
  std::vector<std::string> names;
  bool long_only = false;
  for (int i = 2; i < argc; ++i) {
    if (std::string(argv[i]) == "--long-only") {
      long_only = true;
    } else {
      names.push_back(argv[i]);
    }
  }
  if (names.empty()) names.push_back("cl100k_base");
  for (const auto& name : names) {
    auto encoding = tokenmeter::get_encoding(name, vocab_dir);
    std::printf("== %s ==\n", name.c_str());
    Algorithms a{encoding->vocabulary(), {}, {}, {}};
    prose_reference(*encoding);
    long_pieces(a);
    if (!long_only) threshold_sweep(a);
  }
  return 0;
}
