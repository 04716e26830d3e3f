#include "chat/chat_counter.h"

#include <algorithm>

#include "chat/compact_json.h"
#include "chat/json_guard.h"
#include "chat/pdf_pages.h"
#include "util/base64.h"
#include "util/error.h"

namespace tokenmeter {

const char* chat_api_name(ChatApi api) {
  switch (api) {
    case ChatApi::kChatCompletions: return "chat";
    case ChatApi::kResponses: return "responses";
    case ChatApi::kAnthropicMessages: return "anthropic";
    case ChatApi::kUnknown: break;
  }
  return "unknown";
}

void ChatCounter::invalid(const std::string& what) { throw Error(ErrorCode::kInvalidRequest, what); }

int64_t ChatCounter::text(std::string_view text) const {
  return text.empty() ? 0 : static_cast<int64_t>(encoding_.count_ordinary(text));
}

int64_t ChatCounter::compact_json(const Json& value) const {
  std::string compact;
  append_compact_json(value, compact);
  return text(compact);
}

int64_t ChatCounter::call_arguments(const Json& arguments) const {
  if (arguments.is_null()) return 0;
  if (!arguments.is_string()) return compact_json(arguments);  // some clients send an object
  const std::string& sent = arguments.get_ref<const std::string&>();
  try {
    return compact_json(parse_request_json(sent));
  } catch (const Error&) {
    return text(sent);  // not JSON: the model sees it as it is
  }
}

void ChatCounter::flag(const std::string& reason) {
  out_.exact = false;
  if (std::find(out_.estimated.begin(), out_.estimated.end(), reason) == out_.estimated.end())
    out_.estimated.push_back(reason);
}

int64_t ChatCounter::image(std::string_view source, bool is_base64, ImageDetail detail) {
  const ImageRule& rule = rules_.image;
  ImageSize size;
  std::optional<std::string_view> payload = is_base64 ? std::optional<std::string_view>(source)
                                                      : data_url_base64_payload(source);
  if (payload) {
    size = read_base64_image_size(*payload);
  } else {
    auto known = options_.image_sizes.find(std::string(source));
    if (known != options_.image_sizes.end()) {
      size = known->second;
    } else {
      size = options_.default_image_size;
      flag("image-size-unknown");
    }
  }
  if (!rule.exact) flag("image-rule");
  uint64_t tokens = 0;
  switch (rule.kind) {
    case ImageRule::Kind::kTile: tokens = openai_tile_tokens(size, detail, rule.tile); break;
    case ImageRule::Kind::kPatch: tokens = openai_patch_tokens(size, rule.patch); break;
    case ImageRule::Kind::kAnthropicArea: tokens = anthropic_area_tokens(size, rule.anthropic_area); break;
    case ImageRule::Kind::kAnthropicPatch: tokens = anthropic_patch_tokens(size, rule.anthropic_patch); break;
  }
  return static_cast<int64_t>(tokens + rule.per_image);
}

int64_t ChatCounter::pdf(std::string_view base64) {
  flag("pdf-pages");
  size_t pages = options_.default_pdf_pages;
  if (!base64.empty()) {
    std::string bytes;
    const std::string why = base64_decode_lenient(base64, bytes);
    if (!why.empty()) throw Error(ErrorCode::kInvalidRequest, "a PDF document's base64 data is malformed: " + why);
    auto counted = count_pdf_pages(bytes);
    if (!counted) throw Error(ErrorCode::kInvalidRequest, "a PDF document's data is not a PDF (no %PDF- header)");
    pages = std::max<size_t>(*counted, 1);
  }
  return static_cast<int64_t>(pages) * rules_.document_page_tokens;
}

std::string_view string_field(const Json& object, const char* key, const char* where) {
  auto it = object.find(key);
  if (it == object.end() || it->is_null()) return {};
  if (!it->is_string()) ChatCounter::invalid(std::string(where) + "." + key + " must be a string");
  return it->get_ref<const std::string&>();
}

ImageDetail parse_detail(const Json& detail) {
  if (detail.is_string()) {
    const auto& d = detail.get_ref<const std::string&>();
    if (d == "low") return ImageDetail::kLow;
    if (d == "high") return ImageDetail::kHigh;
  }
  return ImageDetail::kAuto;
}

}  // namespace tokenmeter
