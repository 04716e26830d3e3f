// Message content as OpenAI's APIs send it: a string, null, or an array of typed parts (text,
// images, audio, files), shared by the Chat Completions and Responses counters.
#include "chat/openai_content.h"

#include "chat/function_namespace.h"

namespace tokenmeter {

// Content: a string, null, or an array of parts. Text goes to `bucket`, images to the images bucket.
void count_openai_content(const Json& content, ChatCounter& c, int64_t& bucket, const std::string& suffix) {
  if (content.is_null()) {
    if (!suffix.empty()) bucket += c.text(suffix);
    return;
  }
  if (content.is_string()) {
    bucket += suffix.empty() ? c.text(content.get_ref<const std::string&>())
                             : c.text(content.get_ref<const std::string&>() + suffix);
    return;
  }
  if (!content.is_array()) ChatCounter::invalid("message content must be a string, an array of parts or null");
  for (const auto& part : content) {
    if (part.is_string()) {  // tolerated by some SDKs
      bucket += c.text(part.get_ref<const std::string&>());
      continue;
    }
    if (!part.is_object()) ChatCounter::invalid("a content part must be an object");
    const std::string_view type = string_field(part, "type", "content part");
    if (type == "text" || type == "input_text" || type == "output_text") {
      bucket += c.text(string_field(part, "text", "text part"));
    } else if (type == "refusal") {
      bucket += c.text(string_field(part, "refusal", "refusal part"));
    } else if (type == "image_url") {
      auto iu = part.find("image_url");
      if (iu == part.end()) ChatCounter::invalid("an image_url part needs an image_url");
      if (iu->is_string()) {
        c.buckets().images += c.image(iu->get_ref<const std::string&>(), false, ImageDetail::kAuto);
      } else if (iu->is_object()) {
        const std::string_view url = string_field(*iu, "url", "image_url");
        if (url.empty()) ChatCounter::invalid("image_url.url must be a non-empty string");
        c.buckets().images += c.image(url, false, parse_detail(iu->value("detail", Json())));
      } else {
        ChatCounter::invalid("image_url must be an object {url, detail?}");
      }
    } else if (type == "input_image") {  // Responses API: {image_url | file_id, detail}
      const std::string_view url = string_field(part, "image_url", "input_image");
      if (url.empty()) {
        c.flag("image-file-id");  // uploaded file: size unknown here
        c.buckets().images += c.image("", false, parse_detail(part.value("detail", Json())));
      } else {
        c.buckets().images += c.image(url, false, parse_detail(part.value("detail", Json())));
      }
    } else if (type == "input_audio" || type == "file" || type == "input_file") {
      c.flag(std::string(type) + "-not-counted");  // billed by duration / pages: not computable here
    } else {
      ChatCounter::invalid("unknown content part type \"" + std::string(type) + "\"");
    }
  }
  if (!suffix.empty()) bucket += c.text(suffix);
}

bool is_system_role(std::string_view role) { return role == "system" || role == "developer"; }

void count_tool_call(std::string_view name, const Json& arguments, ChatCounter& c) {
  c.buckets().overhead += c.rules().per_message;
  c.buckets().messages += c.text("assistant to=functions." + std::string(name)) + c.call_arguments(arguments);
}

void count_tool_result_framing(const std::string* call_name, ChatCounter& c) {
  const ModelRules& r = c.rules();
  c.buckets().overhead += r.per_message + (call_name ? c.text("functions." + *call_name) + r.tool_result_extra : c.text("tool"));
}

void count_function_definitions(const std::vector<const Json*>& functions, bool any_system, ChatCounter& c) {
  const ModelRules& r = c.rules();
  NamespaceStyle style;
  style.default_comments = r.framing == Framing::kHarmony;
  c.buckets().tools += c.text(render_function_namespace(functions, style)) + r.tools_extra;
  if (any_system) c.buckets().tools -= r.tools_system_discount;
  if (has_nested_object_schema(functions)) c.flag("nested-tool-schema");
  if (has_undescribed_property(functions)) c.flag("undescribed-tool-property");
}

}  // namespace tokenmeter
