// Where encoded tokens go: into a vector (encode) or only into a count (count). The BPE loop is
// written once against this small interface.
#pragma once

#include <cstdint>
#include <vector>

namespace tokenmeter {

struct VectorSink {
  std::vector<uint32_t>& out;
  void token(uint32_t id) { out.push_back(id); }
  void tokens(const uint32_t* ids, size_t n) { out.insert(out.end(), ids, ids + n); }
  // byte_pair_encode appends straight into the output.
  std::vector<uint32_t>& merge_buffer() { return out; }
  void merged() {}
};

struct CountSink {
  size_t count = 0;
  std::vector<uint32_t> buffer;
  void token(uint32_t) { ++count; }
  void tokens(const uint32_t*, size_t n) { count += n; }
  std::vector<uint32_t>& merge_buffer() {
    buffer.clear();
    return buffer;
  }
  void merged() { count += buffer.size(); }
};

}  // namespace tokenmeter
