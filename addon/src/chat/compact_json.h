// JSON serialized the way JavaScript's JSON.stringify(value) does it (no spaces, JS number
// formatting, JS string escapes). Tool-call arguments are counted in this form because the
// provider re-serializes them compactly before the model sees them.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

namespace tokenmeter {

// Appends the compact form of `value` to `out`. Recursion depth is bounded by the caller's JSON
// depth limit (json_guard.h).
void append_compact_json(const nlohmann::ordered_json& value, std::string& out);

// A double in JavaScript's Number.prototype.toString form: "1", "0.1", "1e+21", "1e-7".
void append_js_number(double value, std::string& out);

}  // namespace tokenmeter
