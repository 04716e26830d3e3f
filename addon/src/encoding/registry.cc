#include "encoding/registry.h"

#include <map>
#include <mutex>

#include "bpe/rank_file.h"
#include "encoding/encoding_specs.h"
#include "util/error.h"

namespace tokenmeter {
namespace {

struct Registry {
  std::mutex mutex;
  std::map<std::string, std::shared_ptr<const Vocabulary>> vocabularies;  // by rank file path
  std::map<std::string, std::shared_ptr<const Encoding>> encodings;    // by encoding name
};

// Deliberately never destroyed: worker threads still encoding while the process exits must not
// see the tables freed under them.
Registry& registry() {
  static Registry* instance = new Registry();
  return *instance;
}

}  // namespace

std::shared_ptr<const Encoding> get_encoding(const std::string& name, const std::string& vocab_dir) {
  const EncodingSpec* spec = find_encoding_spec(name);
  if (spec == nullptr) {
    std::string known;
    for (const auto& n : encoding_names()) known += (known.empty() ? "" : ", ") + n;
    throw Error(ErrorCode::kUnknownEncoding, "unknown encoding '" + name + "'; known encodings: " + known);
  }
  Registry& reg = registry();
  // One lock around loading: the first caller loads, concurrent callers wait for it rather than
  // parsing the same file twice.
  std::lock_guard<std::mutex> lock(reg.mutex);
  auto loaded = reg.encodings.find(name);
  if (loaded != reg.encodings.end()) return loaded->second;

  std::string path = vocab_dir + "/" + spec->rank_file;
  std::shared_ptr<const Vocabulary>& vocab = reg.vocabularies[path];
  if (!vocab) {
    try {
      vocab = std::make_shared<const Vocabulary>(load_rank_bytes(path, spec->rank_sha256));
    } catch (...) {
      reg.vocabularies.erase(path);
      throw;
    }
  }
  auto encoding = std::make_shared<const Encoding>(spec->name, vocab, spec->family, spec->special_tokens);
  if (spec->explicit_n_vocab != 0 && encoding->n_vocab() != spec->explicit_n_vocab) {
    throw Error(ErrorCode::kVocabCorrupt, name + ": vocabulary size " + std::to_string(encoding->n_vocab()) +
                                              " differs from tiktoken's " + std::to_string(spec->explicit_n_vocab));
  }
  reg.encodings[name] = encoding;
  return encoding;
}

std::vector<std::string> encoding_names() {
  std::vector<std::string> names;
  for (const auto& spec : encoding_specs()) names.push_back(spec.name);
  return names;
}

}  // namespace tokenmeter
