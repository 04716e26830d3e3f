// The core's one exception type. Every failure the core can report carries a stable code, which
// the binding turns into a JavaScript error with the same `code` property (see types/index.d.ts).
#pragma once

#include <stdexcept>
#include <string>

namespace tokenmeter {

enum class ErrorCode {
  kInvalidArgument,
  kInvalidUtf8,
  kDisallowedSpecialToken,
  kInvalidTokenId,
  kUnknownEncoding,
  kVocabNotFound,
  kVocabHashMismatch,
  kVocabCorrupt,
  kInputTooLarge,
  kAborted,
  kInvalidJson,     // a request body that is not JSON (or nested deeper than the limit)
  kInvalidRequest,  // JSON that is not a request shape the chat layer knows
  kInvalidImage,    // an inline image whose bytes are not base64 of a PNG, JPEG, GIF or WebP
};

// The JavaScript-facing code string, e.g. "ERR_INVALID_UTF8".
const char* error_code_name(ErrorCode code);

class Error : public std::runtime_error {
 public:
  Error(ErrorCode code, const std::string& message) : std::runtime_error(message), code_(code) {}
  ErrorCode code() const { return code_; }

 private:
  ErrorCode code_;
};

}  // namespace tokenmeter
