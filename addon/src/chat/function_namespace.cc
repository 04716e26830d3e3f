// Renders function definitions as the TypeScript-like `namespace functions` text OpenAI models are
// shown (counting-rules.md §2.1). The rules were reverse-engineered by hmarr/openai-chat-tokens and
// validated against the API for the 2023–2024 models; for every schema where those rules are
// defined, the output here is byte-identical to hmarr's `formatFunctionDefinitions`
// (scripts/check-function-namespace.mjs regenerates the expected texts used by the tests).
//
// Where hmarr is undefined or prints JavaScript artefacts, this file chooses what the model would
// most plausibly see instead, and never throws:
//   * missing / unknown `type` → `any` (pamelafox's measured guess; hmarr prints "undefined");
//   * `type` given as an array, e.g. ["string","null"] → the type names joined by " | ", with
//     integer shown as number — what OpenAI's own harmony renderer does (hmarr: "undefined");
//   * an empty `anyOf` or `enum` falls back to `any` / the plain type (hmarr prints nothing);
//   * `parameters` / `properties` that are not objects count as "no parameters"; a property whose
//     schema is not an object is rendered as `any`; `required` is honoured only as an array of
//     strings (hmarr would substring-match a string); a missing or non-string `name` renders as "";
//     non-object entries in `functions` are skipped.
// Enum strings are quoted verbatim as hmarr does, not JSON-escaped as the research note words it
// (see quoted_value).
#include "chat/function_namespace.h"

#include "chat/compact_json.h"

#include <charconv>
#include <cmath>
#include <cstdlib>

namespace tokenmeter {
namespace {

using Json = nlohmann::ordered_json;

// The member `key` of `j`, or nullptr when `j` is not an object or lacks it.
const Json* member(const Json& j, const char* key) {
  if (!j.is_object()) return nullptr;
  auto it = j.find(key);
  return it == j.end() ? nullptr : &*it;
}

const Json* non_empty_array(const Json& j, const char* key) {
  const Json* v = member(j, key);
  return v && v->is_array() && !v->empty() ? v : nullptr;
}

const std::string* non_empty_string(const Json& j, const char* key) {
  const Json* v = member(j, key);
  if (!v || !v->is_string() || v->get_ref<const std::string&>().empty()) return nullptr;
  return &v->get_ref<const std::string&>();
}

// Compact JSON; `replace` so that a stray invalid UTF-8 byte can never make dump() throw.
std::string dump(const Json& j) { return j.dump(-1, ' ', false, Json::error_handler_t::replace); }

// An enum value as JavaScript's `${v}` prints it (hmarr): strings verbatim, numbers in JS form.
// Arrays and objects, which JavaScript would print as "1,2" / "[object Object]", are shown as JSON.
std::string plain_value(const Json& v) {
  if (v.is_string()) return v.get<std::string>();
  if (v.is_number_float()) {
    // hmarr renders numeric enum values with `${v}`: JavaScript's number form (1.0 -> "1").
    std::string out;
    append_js_number(v.get<double>(), out);
    return out;
  }
  return dump(v);
}

// A string enum value in double quotes, verbatim: `"say "hi""`, not JSON-escaped. counting-rules.md
// §2.1 says "JSON-quoted" (gpt-tokenizer's JSON.stringify), but hmarr, pamelafox and OpenAI's own
// harmony renderer all wrap the raw text in quotes; the two only differ for `"`, `\` and control
// characters.
std::string quoted_value(const Json& v) { return "\"" + plain_value(v) + "\""; }

// Whether `key` is listed in the object schema's `required` array.
bool is_required(const Json& object_schema, const std::string& key) {
  const Json* required = member(object_schema, "required");
  if (!required || !required->is_array()) return false;
  for (const Json& r : *required)
    if (r.is_string() && r.get_ref<const std::string&>() == key) return true;
  return false;
}

// The `properties` of an object schema when they would be rendered: a non-empty object.
const Json* renderable_properties(const Json& object_schema) {
  const Json* props = member(object_schema, "properties");
  return props && props->is_object() && !props->empty() ? props : nullptr;
}

class Renderer {
 public:
  explicit Renderer(const NamespaceStyle& style) : style_(style), out_("namespace functions {\n\n") {}

  void function(const Json& f) {
    if (const std::string* description = non_empty_string(f, "description"))
      out_ += "// " + *description + "\n";
    const Json* name = member(f, "name");
    const std::string name_text = name && name->is_string() ? name->get<std::string>() : "";
    const Json* parameters = member(f, "parameters");
    if (parameters && renderable_properties(*parameters)) {
      out_ += "type " + name_text + " = (_: {\n";
      properties(*parameters, 0);
      out_ += "\n}) => any;\n";
    } else {
      out_ += "type " + name_text + " = () => any;\n";
    }
    out_ += "\n";  // every function block is followed by a blank line
  }

  std::string finish() {
    out_ += "} // namespace functions";
    return std::move(out_);
  }

 private:
  // The property lines of an object schema at `indent`, joined by "\n" without a trailing one.
  // Only the start of each property is indented: a nested object's closing brace stays at column
  // 0, as in hmarr's output (and the validated token counts).
  void properties(const Json& object_schema, int indent) {
    const Json* props = member(object_schema, "properties");
    if (!props || !props->is_object()) return;
    const std::string pad(indent, ' ');
    bool first = true;
    for (const auto& [key, schema] : props->items()) {
      if (!first) out_ += "\n";
      first = false;
      // Descriptions of nested properties are not shown to the model.
      if (indent < 2) {
        if (const std::string* description = non_empty_string(schema, "description"))
          out_ += pad + "// " + *description + "\n";
      }
      out_ += pad + key + (is_required(object_schema, key) ? ": " : "?: ");
      type(schema, indent);
      out_ += ",";
      if (style_.default_comments) default_comment(schema);
    }
  }

  // Harmony (gpt-oss) appends the default after the comma. Its renderer quotes a string default
  // verbatim, except when the property is an enum (the enum already shows the quoted values);
  // anything else is compact JSON. Example from its docs: `format?: "celsius" | "fahrenheit", //
  // default: celsius`.
  void default_comment(const Json& schema) {
    const Json* value = member(schema, "default");
    if (!value) return;
    out_ += " // default: ";
    if (!value->is_string()) {
      out_ += dump(*value);
    } else if (non_empty_array(schema, "enum")) {
      out_ += value->get_ref<const std::string&>();
    } else {
      out_ += "\"" + value->get_ref<const std::string&>() + "\"";
    }
  }

  void type(const Json& schema, int indent) {
    if (const Json* any_of = member(schema, "anyOf"); any_of && any_of->is_array()) {
      if (any_of->empty()) {
        out_ += "any";
        return;
      }
      bool first = true;
      for (const Json& alternative : *any_of) {
        if (!first) out_ += " | ";
        first = false;
        type(alternative, indent);  // alternatives share the property's indentation
      }
      return;
    }
    const Json* type_value = member(schema, "type");
    if (type_value && type_value->is_array()) {
      type_names(*type_value);
      return;
    }
    const std::string name = type_value && type_value->is_string() ? type_value->get<std::string>() : "";
    const Json* values = non_empty_array(schema, "enum");
    if (name == "string") {
      if (values) {
        enum_values(*values, quoted_value);
      } else {
        out_ += "string";
      }
    } else if (name == "number" || name == "integer") {
      if (values) {
        enum_values(*values, plain_value);
      } else {
        out_ += "number";
      }
    } else if (name == "boolean" || name == "null") {
      out_ += name;
    } else if (name == "array") {
      const Json* items = member(schema, "items");
      if (items && items->is_object()) {
        type(*items, indent);
        out_ += "[]";
      } else {
        out_ += "any[]";  // no items, or a draft-04 tuple array: element type unknown
      }
    } else if (name == "object") {
      out_ += "{\n";
      properties(schema, indent + 2);
      out_ += "\n}";
    } else {
      out_ += "any";  // research note (pamelafox); hmarr would print "undefined"
    }
  }

  // `"type": ["string", "null"]`: OpenAI's harmony renderer prints the names joined by " | "
  // (integer as number) and ignores enum/items; hmarr has no rule for it.
  void type_names(const Json& names) {
    bool any_written = false;
    for (const Json& n : names) {
      if (!n.is_string()) continue;
      if (any_written) out_ += " | ";
      any_written = true;
      const std::string& name = n.get_ref<const std::string&>();
      out_ += name == "integer" ? "number" : name;
    }
    if (!any_written) out_ += "any";
  }

  template <typename Format>
  void enum_values(const Json& values, Format format) {
    bool first = true;
    for (const Json& v : values) {
      if (!first) out_ += " | ";
      first = false;
      out_ += format(v);
    }
  }

  const NamespaceStyle& style_;
  std::string out_;
};

// Whether the rendered type of `schema` contains an object (a `{ ... }` block, or "object" from a
// type array), following the same precedence as Renderer::type.
bool renders_object(const Json& schema) {
  if (const Json* any_of = member(schema, "anyOf"); any_of && any_of->is_array()) {
    for (const Json& alternative : *any_of)
      if (renders_object(alternative)) return true;
    return false;
  }
  const Json* type_value = member(schema, "type");
  if (!type_value) return false;
  if (type_value->is_array()) {
    for (const Json& n : *type_value)
      if (n.is_string() && n.get_ref<const std::string&>() == "object") return true;
    return false;
  }
  if (*type_value == "object") return true;
  if (*type_value == "array") {
    const Json* items = member(schema, "items");
    return items && items->is_object() && renders_object(*items);
  }
  return false;
}

}  // namespace

std::string render_function_namespace(const std::vector<const nlohmann::ordered_json*>& functions,
                                      const NamespaceStyle& style) {
  Renderer renderer(style);
  for (const Json* f : functions)
    if (f && f->is_object()) renderer.function(*f);
  return renderer.finish();
}

bool has_nested_object_schema(const std::vector<const nlohmann::ordered_json*>& functions) {
  for (const Json* f : functions) {
    if (!f) continue;
    const Json* parameters = member(*f, "parameters");
    const Json* props = parameters ? renderable_properties(*parameters) : nullptr;
    if (!props) continue;
    for (const auto& [key, schema] : props->items())
      if (renders_object(schema)) return true;
  }
  return false;
}

}  // namespace tokenmeter

namespace tokenmeter {

bool has_undescribed_property(const std::vector<const nlohmann::ordered_json*>& functions) {
  for (const Json* f : functions) {
    if (!f) continue;
    const Json* parameters = member(*f, "parameters");
    const Json* props = parameters ? renderable_properties(*parameters) : nullptr;
    if (!props) continue;
    for (const auto& [key, schema] : props->items()) {
      const Json* description = schema.is_object() ? member(schema, "description") : nullptr;
      if (!description || !description->is_string() || description->get_ref<const std::string&>().empty()) return true;
    }
  }
  return false;
}

}  // namespace tokenmeter
