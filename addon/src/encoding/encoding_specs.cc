// Facts from OpenAI's tiktoken (tiktoken_ext/openai_public.py): rank files, their published
// SHA-256, each encoding's pattern and special tokens.
#include "encoding/encoding_specs.h"

namespace tokenmeter {
namespace {

constexpr const char* kR50kSha = "306cd27f03c1a714eca7108e03d66b7dc042abe8c258b44c199a7ed9838dd930";
constexpr const char* kP50kSha = "94b5ca7dff4d00767bc256fdd1b27e5b17361d7b8a5f968547f9f23eb70d2069";
constexpr const char* kCl100kSha = "223921b76ee99bde995b7ff738513eef100fb51d18c93597a113bcffe865b2a7";
constexpr const char* kO200kSha = "446a9538cb6c348e3516120d7c08b09f57c36495e2acfffe59a5bf8b0cfb1a2d";

std::vector<SpecialToken> harmony_special_tokens() {
  // o200k_base's own special tokens come first, so where harmony gives one id two names
  // (200018 is both <|endofprompt|> and <|reserved_200018|>), decoding uses the o200k_base name.
  std::vector<SpecialToken> tokens = {
      {"<|endofprompt|>", 200018},      {"<|startoftext|>", 199998},      {"<|endoftext|>", 199999},
      {"<|reserved_200000|>", 200000},  {"<|reserved_200001|>", 200001}, {"<|return|>", 200002},
      {"<|constrain|>", 200003},        {"<|reserved_200004|>", 200004}, {"<|channel|>", 200005},
      {"<|start|>", 200006},            {"<|end|>", 200007},             {"<|message|>", 200008},
      {"<|reserved_200009|>", 200009},  {"<|reserved_200010|>", 200010}, {"<|reserved_200011|>", 200011},
      {"<|call|>", 200012},
  };
  for (unsigned id = 200013; id < 201088; ++id) {
    tokens.push_back({"<|reserved_" + std::to_string(id) + "|>", id});
  }
  return tokens;
}

std::vector<EncodingSpec> build_specs() {
  return {
      {"r50k_base", "r50k_base.tiktoken", kR50kSha, PatternFamily::kR50k, {{"<|endoftext|>", 50256}}, 50257},
      {"p50k_base", "p50k_base.tiktoken", kP50kSha, PatternFamily::kR50k, {{"<|endoftext|>", 50256}}, 50281},
      {"p50k_edit",
       "p50k_base.tiktoken",
       kP50kSha,
       PatternFamily::kR50k,
       {{"<|endoftext|>", 50256}, {"<|fim_prefix|>", 50281}, {"<|fim_middle|>", 50282}, {"<|fim_suffix|>", 50283}},
       0},
      {"cl100k_base",
       "cl100k_base.tiktoken",
       kCl100kSha,
       PatternFamily::kCl100k,
       {{"<|endoftext|>", 100257},
        {"<|fim_prefix|>", 100258},
        {"<|fim_middle|>", 100259},
        {"<|fim_suffix|>", 100260},
        {"<|endofprompt|>", 100276}},
       0},
      {"o200k_base",
       "o200k_base.tiktoken",
       kO200kSha,
       PatternFamily::kO200k,
       {{"<|endoftext|>", 199999}, {"<|endofprompt|>", 200018}},
       0},
      {"o200k_harmony", "o200k_base.tiktoken", kO200kSha, PatternFamily::kO200k, harmony_special_tokens(), 201088},
  };
}

}  // namespace

const std::vector<EncodingSpec>& encoding_specs() {
  static const std::vector<EncodingSpec> specs = build_specs();
  return specs;
}

const EncodingSpec* find_encoding_spec(const std::string& name) {
  for (const auto& spec : encoding_specs()) {
    if (spec.name == name) return &spec;
  }
  return nullptr;
}

}  // namespace tokenmeter
