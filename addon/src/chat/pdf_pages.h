// Page count of a PDF, for the per-page estimate of Anthropic document blocks.
#pragma once

#include <cstddef>
#include <optional>
#include <string_view>

namespace tokenmeter {

// Number of pages of the PDF in `bytes`: the largest /Count of a /Type /Pages node, or else the
// number of /Type /Page objects. nullopt when `bytes` does not start with "%PDF-". A heuristic
// (compressed object streams can hide page objects); callers flag the result as an estimate.
std::optional<size_t> count_pdf_pages(std::string_view bytes);

}  // namespace tokenmeter
