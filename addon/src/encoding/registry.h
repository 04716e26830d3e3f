// The process-wide set of loaded encodings. Each encoding is loaded the first time it is asked
// for, once per process, and then shared read-only by every thread, every Node.js environment and
// every worker_threads Worker that loads the addon. Encodings that share a rank file (p50k_base and
// p50k_edit; o200k_base and o200k_harmony) share one rank table in memory.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "encoding/encoding.h"

namespace tokenmeter {

// Loads (or returns the already loaded) encoding `name`, reading rank files from `vocab_dir`.
// Throws Error(kUnknownEncoding) for a name that is not shipped, and the rank-file errors of
// load_rank_file(). A failed load is not cached: the next call tries again.
std::shared_ptr<const Encoding> get_encoding(const std::string& name, const std::string& vocab_dir);

// Names of every shipped encoding, in a stable order.
std::vector<std::string> encoding_names();

}  // namespace tokenmeter
