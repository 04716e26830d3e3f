#include "util/error.h"

namespace tokenmeter {

const char* error_code_name(ErrorCode code) {
  switch (code) {
    case ErrorCode::kInvalidArgument: return "ERR_INVALID_ARGUMENT";
    case ErrorCode::kInvalidUtf8: return "ERR_INVALID_UTF8";
    case ErrorCode::kDisallowedSpecialToken: return "ERR_DISALLOWED_SPECIAL_TOKEN";
    case ErrorCode::kInvalidTokenId: return "ERR_INVALID_TOKEN_ID";
    case ErrorCode::kUnknownEncoding: return "ERR_UNKNOWN_ENCODING";
    case ErrorCode::kVocabNotFound: return "ERR_VOCAB_NOT_FOUND";
    case ErrorCode::kVocabHashMismatch: return "ERR_VOCAB_HASH_MISMATCH";
    case ErrorCode::kVocabCorrupt: return "ERR_VOCAB_CORRUPT";
    case ErrorCode::kInputTooLarge: return "ERR_INPUT_TOO_LARGE";
    case ErrorCode::kAborted: return "ABORT_ERR";
    case ErrorCode::kInvalidJson: return "ERR_INVALID_JSON";
    case ErrorCode::kInvalidRequest: return "ERR_INVALID_REQUEST";
    case ErrorCode::kInvalidImage: return "ERR_INVALID_IMAGE";
  }
  return "ERR_UNKNOWN";
}

}  // namespace tokenmeter
